# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: mask_secrets
short_description: Replace a plan's secrets by their markers wherever they appear in text
version_added: 1.0.0
description:
  - Replaces the TACACS+ key and the SNMP community of O(plan) (vrf_static_tracking's management intent)
    by the markers C(<secret:management.tacacs_key>) and C(<secret:management.snmp.community>) wherever they
    appear in the text or lines, the longer first.
  - The inverse of P(netdesign.resilience.reveal_secrets#filter); for example to tell whether a file holds
    a secret (the text changes) without showing it.
positional: _input, plan
extends_documentation_fragment:
  - netdesign.resilience.secrets
author: netdesign.resilience maintainers (@netdesign)
"""

EXAMPLES = r"""
- name: Remove a configuration file that holds the secrets
  ansible.builtin.file:
    path: build/configs/lin-router.ios
    state: absent
  when: __text != (__text | netdesign.resilience.mask_secrets(design_check_plan))
  vars:
    __text: "{{ lookup('ansible.builtin.file', 'build/configs/lin-router.ios') }}"
"""

RETURN = r"""
_value:
  description: The text (or lines) with markers in place of the secrets.
  type: raw
"""

from ansible_collections.netdesign.resilience.plugins.module_utils.core.redact import mask_text
from ansible_collections.netdesign.resilience.plugins.plugin_utils.filters import filter_module

FilterModule = filter_module("mask_secrets", mask_text)
