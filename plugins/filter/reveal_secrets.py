# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: reveal_secrets
short_description: Put a plan's secrets back into text rendered from the redacted plan
version_added: 1.0.0
description:
  - Replaces each marker of P(netdesign.resilience.redact_secrets#filter) (C(<secret:management.tacacs_key>),
    C(<secret:management.snmp.community>)) in the text or lines by the secret of O(plan).
  - Only for what must be deployable; run the task with C(no_log) and write the file with mode C(0600).
positional: _input, plan
extends_documentation_fragment:
  - netdesign.resilience.secrets
author: netdesign.resilience maintainers (@netdesign)
"""

EXAMPLES = r"""
- name: A deployable configuration (the key and community in it)
  ansible.builtin.copy:
    content: "{{ config_text | netdesign.resilience.reveal_secrets(design_check_plan) }}"
    dest: build/configs/lin-router.ios
    mode: "0600"
  no_log: true
"""

RETURN = r"""
_value:
  description: The text (or lines) with the secrets in place of the markers.
  type: raw
"""

from ansible_collections.netdesign.resilience.plugins.module_utils.core.redact import reveal_text
from ansible_collections.netdesign.resilience.plugins.plugin_utils.filters import filter_module

FilterModule = filter_module("reveal_secrets", reveal_text)
