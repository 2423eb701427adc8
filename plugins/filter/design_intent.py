# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: design_intent
short_description: Collect a design's intent from variables named <design>_<key>
version_added: 1.0.0
description:
  - Inventory variables C(<design>_<key>) (the roles' public variables) become the intent key C(<key>),
    for example C(sixto4_bgp_asn) becomes C(asn). Internal C(__<design>_*) variables and other
    designs' variables are left out.
positional: _input, design
options:
  _input:
    description: A host's variables, usually C(hostvars[inventory_hostname]).
    type: dict
    required: true
extends_documentation_fragment:
  - netdesign.resilience.design
author: netdesign.resilience maintainers (@netdesign)
"""

EXAMPLES = r"""
- name: The sixto4_bgp intent of this host
  ansible.builtin.debug:
    msg: "{{ hostvars[inventory_hostname] | netdesign.resilience.design_intent('sixto4_bgp') }}"
"""

RETURN = r"""
_value:
  description: The intent, keys without the design prefix.
  type: dict
"""

from ansible_collections.netdesign.resilience.plugins.module_utils.core.design import intent_from_vars
from ansible_collections.netdesign.resilience.plugins.plugin_utils.filters import filter_module

FilterModule = filter_module("design_intent", lambda variables, design: intent_from_vars(dict(variables), design))
