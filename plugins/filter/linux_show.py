# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: linux_show
short_description: Routes of a Linux/FRR router read back, in the rows of ios_show's ip_route
version_added: 1.0.0
description:
  - Parses the JSON output of one command, as the design roles' verify steps read a Linux twin back. The rows have
    the keys of P(netdesign.resilience.ios_show#filter)'s V(ip_route) rows, so
    P(netdesign.resilience.ios_tracked_path#filter) reads both platforms the same way.
  - V(ip_route) - C(ip -j -4 route show [vrf X]) - C([{prefix, code, distance, metric, next_hop, device}]), one row per
    next hop; C(code) is the route's protocol (C(keepalived), C(static), C(kernel)); C(distance) is null (the kernel
    has none); C(default) is C(0.0.0.0/0).
  - V(frr_route) - C(vtysh -c 'show ip route [vrf X] json') - C([{prefix, code, distance, metric, next_hop, device,
    selected, installed}]), one row per next hop of every route FRR holds (other processes' kernel routes, such as
    keepalived's, as C(kernel)).
positional: _input, kind
options:
  kind:
    choices: [ip_route, frr_route]
extends_documentation_fragment:
  - netdesign.resilience.show
author: netdesign.resilience maintainers (@netdesign)
"""

EXAMPLES = r"""
- name: Read FRR's routes of the VRF inside
  ansible.builtin.command: vtysh -c "show ip route vrf inside json"
  register: shown
  changed_when: false

- name: Every floating route of the plan is in FRR at distance 254
  ansible.builtin.assert:
    that: (plan | netdesign.resilience.ios_tracked_path(routes, 254)).path == 'standby'
  vars:
    routes:
      inside: "{{ shown.stdout | netdesign.resilience.linux_show('frr_route') }}"
"""

RETURN = r"""
_value:
  description: One dict per next hop of each route.
  type: list
  elements: dict
"""

from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.linux.show import parse
from ansible_collections.netdesign.resilience.plugins.plugin_utils.filters import filter_module

FilterModule = filter_module("linux_show", parse)
