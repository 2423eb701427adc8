# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: snat_pool_plan
short_description: Deterministic SNAT of a client range onto a public pool by last octet
version_added: 1.0.0
description:
  - Gives every usable address of O(pool) (network and broadcast excluded unless the pool is a /31
    or /32) one contiguous range of client last octets. The ranges cover 0-255 exactly once, their
    sizes differ by at most one (the lowest addresses get the larger ones), and the result is sorted
    by public address. Same input, same plan, so a client always gets the same public address.
  - With O(split) a number N, every address gets N last octets from the first usable one instead, the
    last range cut at 255 (the write-up's 5).
  - Each row carries the iptables C(u32) match of the write-up (C(0xc&0xff=0xeb:0xef)); the
    nftables backend uses the same rows as a map keyed by C(ip saddr & 0.0.0.255).
  - Fails with a message naming the field for a bad prefix, a pool that overlaps O(clients), or a
    pool with more than 256 usable addresses.
positional: _input, pool, split
options:
  _input:
    description: The client prefix (for example C(10.16.0.0/12)); used for validation.
    type: str
    required: true
  pool:
    description: The public pool prefix (for example C(192.76.8.0/26)), network address exact.
    type: str
    required: true
  split:
    description: C(balanced), or a number of last octets per address.
    type: raw
    default: balanced
author: netdesign.resilience maintainers (@netdesign)
"""

EXAMPLES = r"""
- name: The eduroam plan (62 public addresses, 4 or 5 last octets each)
  ansible.builtin.debug:
    msg: "{{ '10.16.0.0/12' | netdesign.resilience.snat_pool_plan('192.76.8.0/26') }}"

- name: The write-up's own split, five last octets per address (.48 gets 235-239)
  ansible.builtin.debug:
    msg: "{{ '10.16.0.0/12' | netdesign.resilience.snat_pool_plan('192.76.8.0/26', 5) }}"
"""

RETURN = r"""
_value:
  description: One row per usable pool address, sorted by address.
  type: list
  elements: dict
  contains:
    public:
      description: The public IPv4 address.
      type: str
      sample: 192.76.8.1
    octets:
      description: First and last client last octet mapped to it (inclusive).
      type: list
      elements: int
      sample: [0, 4]
    u32:
      description: The iptables u32 match for that octet range, two hex digits per octet.
      type: str
      sample: 0xc&0xff=0x00:0x04
"""

from ansible_collections.netdesign.resilience.plugins.module_utils.designs.nat_gateway.snat_plan import snat_pool_plan as _plan
from ansible_collections.netdesign.resilience.plugins.plugin_utils.filters import filter_module

FilterModule = filter_module("snat_pool_plan", lambda clients, pool, split="balanced": _plan(clients, pool, split))
