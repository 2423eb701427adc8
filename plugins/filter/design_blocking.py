# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: design_blocking
short_description: The design_check findings that stop a design at a severity level
version_added: 1.0.0
description:
  - From findings of P(netdesign.resilience.design_check#filter), those at or above O(fail_on) (C(error)
    blocks errors, C(warning) blocks errors and warnings, C(never) blocks none), plus C(intent-invalid),
    which blocks at every level (no plan can be made). The role design_check and the main job
    (M(netdesign.resilience.site_render)) decide with this one rule.
positional: _input, fail_on
options:
  _input:
    description: The findings.
    type: list
    elements: dict
    required: true
  fail_on:
    description: The level, usually C(design_check_fail_on).
    type: str
    required: true
    choices: [error, warning, never]
author: netdesign.resilience maintainers (@netdesign)
"""

EXAMPLES = r"""
- name: Refuse the design when a finding blocks
  ansible.builtin.assert:
    that: (findings | netdesign.resilience.design_blocking('warning')) | length == 0
"""

RETURN = r"""
_value:
  description: The blocking findings, in their order.
  type: list
  elements: dict
"""

from ansible_collections.netdesign.resilience.plugins.module_utils.core.site import blocking
from ansible_collections.netdesign.resilience.plugins.plugin_utils.filters import filter_module

FilterModule = filter_module("design_blocking", lambda findings, fail_on: blocking(list(findings), fail_on))
