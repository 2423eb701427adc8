# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: redact_secrets
short_description: A plan with its secrets replaced by fixed markers
version_added: 1.0.0
description:
  - Replaces the secrets a plan carries (the TACACS+ key C(management.tacacs_key) and the SNMP community
    C(management.snmp.community) of vrf_static_tracking's management intent) by the markers
    C(<secret:management.tacacs_key>) and C(<secret:management.snmp.community>), one word each so that a
    rendered IOS line keeps its shape.
  - For everything that is written, shown or diffed without needing the secret (plan files, IOS files for
    review); P(netdesign.resilience.reveal_secrets#filter) puts the values back into text rendered from
    the redacted plan.
  - A plan without secrets comes back unchanged; the input is never modified.
positional: _input
options:
  _input:
    description: A plan, from P(netdesign.resilience.design_plan#filter) or the design_check role.
    type: dict
    required: true
author: netdesign.resilience maintainers (@netdesign)
"""

EXAMPLES = r"""
- name: Write the plan without its secrets
  ansible.builtin.copy:
    content: "{{ design_check_plan | netdesign.resilience.redact_secrets | to_nice_json }}"
    dest: build/plans/lin-router.plan.json
    mode: "0644"
  delegate_to: localhost
"""

RETURN = r"""
_value:
  description: The plan with a marker in place of each secret that is set.
  type: dict
"""

from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I
from ansible_collections.netdesign.resilience.plugins.module_utils.core.redact import redact
from ansible_collections.netdesign.resilience.plugins.plugin_utils.filters import filter_module


def _redact(plan):
    if not isinstance(plan, dict):
        raise I.IntentTypeError("plan", "must be a mapping (the value is not shown: it may hold secrets)")
    return redact(plan)


FilterModule = filter_module("redact_secrets", _redact)
