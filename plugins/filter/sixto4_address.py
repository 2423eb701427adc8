# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: sixto4_address
short_description: The 6to4 address (2002::/16) of a site's IPv4 tunnel source
version_added: 1.0.0
description:
  - Returns the RFC 3056 6to4 address C(2002:AABB:CCDD::) that embeds an IPv4 address,
    compressed and lowercase, without prefix length. This is the address of a site's
    C(tunnel mode ipv6ip 6to4) interface and its iBGP peering address in the C(sixto4_bgp) design.
  - Fails with a message naming the value for anything that is not a usable IPv4 unicast address
    (not IPv4, 0.0.0.0/8, 127.0.0.0/8, multicast, 255.255.255.255).
positional: _input
options:
  _input:
    description: IPv4 address of the tunnel source, without prefix length.
    type: str
    required: true
author: netdesign.resilience maintainers (@netdesign)
"""

EXAMPLES = r"""
- name: ACE1's tunnel address
  ansible.builtin.debug:
    msg: "{{ '10.1.1.2' | netdesign.resilience.sixto4_address }}"  # 2002:a01:102::
"""

RETURN = r"""
_value:
  description: The 6to4 address, compressed, lowercase, no prefix length.
  type: str
  sample: "2002:a01:102::"
"""

from ansible_collections.netdesign.resilience.plugins.module_utils.designs.sixto4_bgp.plan import sixto4_address as _sixto4_address
from ansible_collections.netdesign.resilience.plugins.plugin_utils.filters import filter_module

FilterModule = filter_module("sixto4_address", lambda ipv4: _sixto4_address(ipv4, "ipv4"))
