# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: ios_tracked_path
short_description: Which path a vrf_static_tracking router's routes are on - active, standby, or the forbidden hybrid
version_added: 1.0.0
description:
  - From the routes of each VRF (P(netdesign.resilience.ios_show#filter) with V(ip_route)), tells whether every
    route of the plan goes via its active next hop (V(active)), every one via its floating one (V(standby)),
    some of each (V(hybrid), what the design exists to prevent), or some are absent (V(missing)).
  - The Linux twin is read the same way - P(netdesign.resilience.linux_show#filter) gives its kernel's and FRR's
    routes in the same row shape - so both platforms are verified against one contract.
positional: _input, routes, distance
options:
  _input:
    description: The vrf_static_tracking plan.
    type: dict
    required: true
  routes:
    description: "C({vrf: [routes]}), each list parsed from C(show ip route vrf VRF static) (or by
      P(netdesign.resilience.linux_show#filter))."
    type: dict
    required: true
  distance:
    description: Count only the routes at this administrative distance (for example FRR's floating routes at 254).
    type: int
author: netdesign.resilience maintainers (@netdesign)
"""

EXAMPLES = r"""
- name: Never a hybrid path
  ansible.builtin.assert:
    that: (plan | netdesign.resilience.ios_tracked_path(routes)).path in ['active', 'standby']
"""

RETURN = r"""
_value:
  description: C({path, routes}) with C(routes) one C({vrf, prefix, path}) per planned route.
  type: dict
"""

from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios.show import tracked_path
from ansible_collections.netdesign.resilience.plugins.plugin_utils.filters import filter_module

FilterModule = filter_module("ios_tracked_path", tracked_path)
