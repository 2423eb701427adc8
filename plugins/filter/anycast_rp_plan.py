# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: anycast_rp_plan
short_description: Prefix lengths for anycast RP by prefix arbitration
version_added: 1.0.0
description:
  - The first router (primary) gets O(primary_prefixlen) on its anycast loopback, each next router one
    bit less, so longest-prefix match selects the primary everywhere and the next one when it fails.
  - Fails with a message naming the field for fewer than 2 routers, duplicate routers, an address that
    is not IPv4/IPv6, or a prefix length that would go below /24 (IPv4) or /64 (IPv6).
positional: _input, routers, primary_prefixlen
options:
  _input:
    description: The anycast RP address, without prefix length.
    type: str
    required: true
  routers:
    description: RP router names, primary first.
    type: list
    elements: str
    required: true
  primary_prefixlen:
    description: Prefix length of the primary's loopback.
    type: int
    required: true
author: netdesign.resilience maintainers (@netdesign)
"""

EXAMPLES = r"""
- name: C1 primary (/120), C2 secondary (/119)
  ansible.builtin.debug:
    msg: "{{ '2001:db8:afe:fe00::1' | netdesign.resilience.anycast_rp_plan(['c1', 'c2'], 120) }}"
"""

RETURN = r"""
_value:
  description: One row per router, in the order given.
  type: list
  elements: dict
  contains:
    router:
      description: Router name.
      type: str
    prefix:
      description: Address with this router's prefix length.
      type: str
      sample: 2001:db8:afe:fe00::1/120
    prefixlen:
      description: This router's prefix length.
      type: int
    rank:
      description: 1 for the primary, 2 for the secondary, and so on.
      type: int
"""

from ansible_collections.netdesign.resilience.plugins.module_utils.designs.anycast_rp.plan import anycast_rp_plan as _plan
from ansible_collections.netdesign.resilience.plugins.plugin_utils.filters import filter_module

FilterModule = filter_module("anycast_rp_plan", _plan)
