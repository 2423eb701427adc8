# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: design_check
short_description: Find a design's known pitfalls before anything is pushed
version_added: 1.0.0
description:
  - Checks the intent of one of the five designs for the pitfalls their write-ups describe and returns
    one finding per problem; an empty list means the intent is sound.
  - Every finding code, with the design that reports it and what it catches, is in the collection's
    C(docs/design-checks.md) (one table, tested against the code's list).
  - A malformed intent (missing field, wrong type, bad address, a key the design does not have) fails with a
    message naming the field, as P(netdesign.resilience.design_plan#module) does.
  - The intent keys of each design are documented in the collection's C(docs/intent.md).
positional: _input, intent
options:
  _input:
    description: The design.
    type: str
    required: true
    choices: [vrf_static_tracking, nat_gateway, sixto4_bgp, anycast_rp, wan_backup_vrrp]
  intent:
    description: The design's intent, for example from P(netdesign.resilience.design_intent#filter).
    type: dict
    required: true
author: netdesign.resilience maintainers (@netdesign)
"""

EXAMPLES = r"""
- name: Refuse to push a design with pitfalls
  ansible.builtin.assert:
    that: findings | selectattr('severity', 'equalto', 'error') | list | length == 0
    fail_msg: "{{ findings | map(attribute='message') | list }}"
  vars:
    findings: "{{ 'wan_backup_vrrp' | netdesign.resilience.design_check(intent) }}"
    intent:
      interface: FastEthernet0/0
      virtual_ip: 10.0.10.1
      address: 10.0.10.2/24
      main: {priority: 110, preempt_delay: 60, track: [{object: 1, interface: Multilink1, decrement: 100}]}
      backup: {priority_min: 50, priority_max: 75}
"""

RETURN = r"""
_value:
  description: Findings, errors first, then by code and place; empty when the intent is sound.
  type: list
  elements: dict
  contains:
    code:
      description: Stable identifier of the pitfall.
      type: str
      sample: vrrp-priority
    severity:
      description: C(error) (the design will not do what it promises) or C(warning).
      type: str
    message:
      description: What is wrong and what it does, naming the values.
      type: str
    where:
      description: The intent field the finding is about.
      type: str
      sample: main.track
"""

from ansible_collections.netdesign.resilience.plugins.module_utils.design import check
from ansible_collections.netdesign.resilience.plugins.plugin_utils.filters import call


def design_check(design, intent):
    return call("design_check", check, design, intent)


class FilterModule:
    def filters(self):
        return {"design_check": design_check}
