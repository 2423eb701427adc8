# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: ios_references
short_description: Undefined references in a rendered IOS configuration, as design_check findings
version_added: 1.0.0
description:
  - Reports every login method list, ACL, AAA server group, track object and VRF that a line of the
    configuration names but no line defines (codes C(ios-undefined-login-list), C(ios-undefined-acl),
    C(ios-undefined-aaa-group), C(ios-undefined-track), C(ios-undefined-vrf)), each once, as errors in
    the shape of P(netdesign.resilience.design_check#filter). A VTY line naming a missing login list
    refuses every login on IOS; a missing ACL, group, track or VRF breaks the feature that names it.
  - Interfaces are not checked (a rendering holds only the interfaces a design changes).
  - Keys and communities in the quoted lines are masked.
positional: _input, where, existing
options:
  _input:
    description: The configuration lines (for example the output of P(netdesign.resilience.ios_assemble#filter)).
    type: list
    elements: str
    required: true
  where:
    description: What the findings are about (the inventory host).
    type: str
    required: true
  existing:
    description:
      - Names the device already has, by kind (C(vrf), C(acl), C(aaa-group), C(login-list), C(track)); for
        a design plan, C(plan.management.vrf) is the management VRF the device's management interface is in.
    type: dict
    default: {}
author: netdesign.resilience maintainers (@netdesign)
"""

EXAMPLES = r"""
- name: Fail on a dangling reference before anything is written or sent
  ansible.builtin.assert:
    that: __refs | length == 0
    fail_msg: "{{ __refs | map('netdesign.resilience.finding_text') | join('; ') }}"
  vars:
    __refs: "{{ lines | netdesign.resilience.ios_references(inventory_hostname, {'vrf': ['mgmtVrf']}) }}"
"""

RETURN = r"""
_value:
  description: Findings, C({code, severity, message, where}); empty when every name is defined.
  type: list
  elements: dict
"""

from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios.references import findings
from ansible_collections.netdesign.resilience.plugins.plugin_utils.filters import filter_module


def _findings(lines, where, existing=None):
    return findings([str(line) for line in lines], where, dict(existing or {}))


FilterModule = filter_module("ios_references", _findings)
