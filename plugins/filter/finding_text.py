# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: finding_text
short_description: One readable line for a design_check finding
version_added: 1.0.0
description:
  - "Formats a finding of P(netdesign.resilience.design_check#filter) as
    C(<severity> <code> at <where>: <message>)."
positional: _input
options:
  _input:
    description: A finding (keys C(code), C(severity), C(message), C(where)).
    type: dict
    required: true
author: netdesign.resilience maintainers (@netdesign)
"""

EXAMPLES = r"""
- name: Print findings one per line
  ansible.builtin.debug:
    msg: "{{ findings | map('netdesign.resilience.finding_text') | list }}"
  vars:
    findings: "{{ 'anycast_rp' | netdesign.resilience.design_check(intent) }}"
    intent: {address: "2001:db8::1", rp_routers: [c1, c2], primary_prefixlen: 120, igp: {protocol: ospfv3}}
"""

RETURN = r"""
_value:
  description: The line.
  type: str
  sample: "error rp-host-route at igp: ospfv3 advertises a loopback as a host route ..."
"""

from ansible_collections.netdesign.resilience.plugins.module_utils.core.design import finding_text as _text
from ansible_collections.netdesign.resilience.plugins.plugin_utils.filters import filter_module

FilterModule = filter_module("finding_text", _text)
