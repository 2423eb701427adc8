# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: design_plan
short_description: The complete, deterministic plan of a design that every renderer consumes
version_added: 1.0.0
description:
  - Turns the intent of one of the five designs into its plan, for example for C(vrf_static_tracking)
    the track objects (one per active linknet in its VRF, the C(list boolean and) parent, delays),
    the active routes tied to the parent and the floating routes at distance 254, and the total
    failover delay; for C(sixto4_bgp) each site's tunnel address, iBGP neighbors and networks.
  - The IOS, FRR and Linux renderers of the collection all read this plan, so they cannot disagree.
  - A malformed intent fails with a message naming the field. Pitfalls that still give a plan are
    reported by P(netdesign.resilience.design_check#filter), not here.
positional: _input, intent
extends_documentation_fragment:
  - netdesign.resilience.design.filter
  - netdesign.resilience.design.intent
author: netdesign.resilience maintainers (@netdesign)
"""

EXAMPLES = r"""
- name: Show the failover delay of the tracked static design
  ansible.builtin.debug:
    msg: "{{ ('vrf_static_tracking' | netdesign.resilience.design_plan(intent)).failover_delay }}"
  vars:
    intent: "{{ hostvars[inventory_hostname] | netdesign.resilience.design_intent('vrf_static_tracking') }}"
"""

RETURN = r"""
_value:
  description: The plan; its keys depend on the design (see the collection's docs/intent.md).
  type: dict
  contains:
    design:
      description: The design name.
      type: str
    summary:
      description: One line a person can read.
      type: str
"""

from ansible_collections.netdesign.resilience.plugins.module_utils.core.design import plan
from ansible_collections.netdesign.resilience.plugins.plugin_utils.filters import filter_module

FilterModule = filter_module("design_plan", plan)
