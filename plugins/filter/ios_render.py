# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: ios_render
short_description: IOS lines of a design plan for the constructs cisco.ios has no resource module for
version_added: 1.0.0
description:
  - Renders, for one host, the IOS/IOS-XE configuration of a design plan that no cisco.ios resource
    module covers - object tracking (C(track N ip route ... reachability) with C(ip vrf), C(track N list
    boolean and), C(track N interface ... ip routing), delays), 6to4 tunnel interfaces, C(ipv6 route
    2002::/16 Tunnel2002), VRRP interface blocks, C(ipv6 multicast-routing), C(ipv6 pim rp-address) and C(no ip route static
    inter-vrf) - from one declarative table per syntax that also parses running configs back.
  - With the example inventory the lines are the write-ups' own (kept as golden files in the tests).
positional: _input, design, host
extends_documentation_fragment:
  - netdesign.resilience.design.ios
author: netdesign.resilience maintainers (@netdesign)
"""

EXAMPLES = r"""
- name: The track objects of the eduroam router
  ansible.builtin.debug:
    msg: "{{ plan | netdesign.resilience.ios_render('vrf_static_tracking', inventory_hostname) }}"
  vars:
    plan: "{{ 'vrf_static_tracking' | netdesign.resilience.design_plan(intent) }}"
    intent: "{{ hostvars[inventory_hostname] | netdesign.resilience.design_intent('vrf_static_tracking') }}"
"""

RETURN = r"""
_value:
  description: Configuration lines, children indented by one space.
  type: list
  elements: str
  sample: ["track 1 list boolean and", " object 2", " delay down 2 up 2"]
"""

from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios.parts import ios_lines
from ansible_collections.netdesign.resilience.plugins.plugin_utils.filters import filter_module

FilterModule = filter_module("ios_render", lambda plan, design, host: ios_lines(design, plan, host))
