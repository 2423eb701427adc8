# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: failure_matrix
short_description: The failure matrix of a design predicted offline, from its plan alone
version_added: 1.0.0
description:
  - One row per single failure the design cares about, predicted from the plan with no lab. For
    C(vrf_static_tracking) each active and standby linknet; for C(nat_gateway) each bond member and the box
    itself; for C(sixto4_bgp) each site's tunnel source and the route reflector itself; for C(anycast_rp)
    each RP router's loopback; for C(wan_backup_vrrp) each tracked WAN link and the main router.
  - Each row holds what to inject (node, link or device, as a lab would replay it), the predicted steady
    state (path and next hop per route, which box NATs and whether the public addresses stay, which iBGP
    sessions stay up, which router holds the RP, who is VRRP Master), the time bound the design's timers
    give with its arithmetic (per platform, IOS or the Linux twin, where they differ), the state after the
    repair with its bound, and the invariants to check during the transition.
  - The rows are predictions, not measurements; the collection's docs/failure-matrix.md says where every
    bound comes from.
  - With O(intent) instead of O(plan), the intent is planned even when the design check refuses it, and
    each error finding that changes a failover (for example C(track-vrf-missing) or C(vrrp-priority)) is
    shown on the rows whose prediction it breaks.
positional: _input, plan
options:
  plan:
    description: The design's plan (P(netdesign.resilience.design_plan#filter)); give this or O(intent).
    type: dict
  intent:
    description: The design's intent, planned here even when the design check refuses it; give this or O(plan).
    type: dict
  hosts:
    description: The plan's hosts (the router, the NAT box), used in the rows' names and injections.
    type: list
    elements: str
  peers:
    description:
      - The other plans of the network as dicts with the keys C(design), C(plan), C(hosts) and C(options),
        for example the other NAT box and the C(vrf_static_tracking) router in front of both, so that a NAT
        box's failure predicts which box NATs afterwards.
    type: list
    elements: dict
  options:
    description:
      - Values the plan does not keep, by default the roles' defaults, such as C(check_interval), C(fast)
        or C(bond_options), and protocol timers the renderings leave at their defaults, such as C(bgp_hold)
        or C(vrrp_advertisement) (seconds).
    type: dict
extends_documentation_fragment:
  - netdesign.resilience.design.filter
author: netdesign.resilience maintainers (@netdesign)
"""

EXAMPLES = r"""
- name: The predicted failures of the tracked static design and their bounds
  ansible.builtin.debug:
    msg: "{{ ('vrf_static_tracking' | netdesign.resilience.failure_matrix(plan)) | map(attribute='bounds') }}"
  vars:
    intent: "{{ hostvars[inventory_hostname] | netdesign.resilience.design_intent('vrf_static_tracking') }}"
    plan: "{{ 'vrf_static_tracking' | netdesign.resilience.design_plan(intent) }}"

- name: What a broken intent would do, with the finding that names it
  ansible.builtin.debug:
    msg: "{{ 'wan_backup_vrrp' | netdesign.resilience.failure_matrix(intent=intent) | selectattr('findings') }}"
  vars:
    intent: "{{ hostvars[inventory_hostname] | netdesign.resilience.design_intent('wan_backup_vrrp') }}"
"""

RETURN = r"""
_value:
  description: The rows, one per single failure.
  type: list
  elements: dict
  contains:
    id:
      description: A stable name, design/plan/failure.
      type: str
    failure:
      description: What to inject (C(inject) with C(action), C(node), C(target)) and a sentence.
      type: dict
    predicted:
      description: The predicted steady state after the failure; its keys depend on the design, C(text) says it.
      type: dict
    bounds:
      description: The time bounds, each with C(what), C(platform), C(seconds) and C(arithmetic).
      type: list
    repair:
      description: What to inject to repair, the predicted state after the repair and its bounds.
      type: dict
    invariants:
      description: What must hold during the transition, each with whether the plan predicts it to hold.
      type: list
    deviates:
      description: Whether the prediction is not what the design promises (a broken intent).
      type: bool
    findings:
      description: The design check's error findings that break this row.
      type: list
    status:
      description: Always C(predicted) - no row has been replayed in a lab.
      type: str
"""

from ansible_collections.netdesign.resilience.plugins.module_utils.matrix import predict as FM
from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I
from ansible_collections.netdesign.resilience.plugins.plugin_utils.filters import filter_module


def _rows(design, plan=None, intent=None, hosts=None, peers=None, options=None):
    if (plan is None) == (intent is None):
        raise I.IntentError("plan", "give the plan or the intent (intent=...), not both and not neither")
    if intent is not None:
        return FM.for_intent(design, intent, hosts, peers)["rows"]
    return FM.matrix(design, plan, options, hosts, peers)


FilterModule = filter_module("failure_matrix", _rows)
