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
  invalid:
    description:
      - What a malformed intent (a plan cannot be made from it) gives. V(raise) fails the template with the
        message; V(finding) returns it as the one error finding C(intent-invalid), whose C(where) names the
        inventory variable, so a role reports it like any other finding, once.
    type: str
    default: raise
    choices: [raise, finding]
extends_documentation_fragment:
  - netdesign.resilience.design.filter
  - netdesign.resilience.design.intent
author: netdesign.resilience maintainers (@netdesign)
"""

EXAMPLES = r"""
- name: Refuse to push a design with pitfalls
  ansible.builtin.assert:
    that: findings | selectattr('severity', 'equalto', 'error') | list | length == 0
    fail_msg: "{{ findings | map(attribute='message') | list }}"
  vars:
    findings: "{{ 'wan_backup_vrrp' | netdesign.resilience.design_check(intent) }}"
    # fails: 110 - 30 = 80 stays above the backup's 50, so a WAN failure would not move the gateway
    # (code vrrp-priority, where wan_backup_vrrp_main.track)
    intent:
      interface: FastEthernet0/0
      virtual_ip: 10.0.10.1
      address: 10.0.10.2/24
      main:
        priority: 110
        track: [{object: 1, interface: Multilink1, decrement: 30}]
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
      description: The inventory variable (and the key in it) the finding is about.
      type: str
      sample: wan_backup_vrrp_main.track
"""

from ansible_collections.netdesign.resilience.plugins.module_utils.core import design as D
from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I
from ansible_collections.netdesign.resilience.plugins.plugin_utils.filters import filter_module


def _check(design, intent, invalid="raise"):
    if I.choice(invalid, "invalid", ("raise", "finding")) == "finding":
        return D.check_or_invalid(design, intent)
    return D.check(design, intent)


FilterModule = filter_module("design_check", _check)
