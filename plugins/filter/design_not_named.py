# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: design_not_named
short_description: The finding host-not-in-plan when a plan does not name a host
version_added: 1.0.0
description:
  - A plan that names its devices (wan_backup_vrrp's main router and backup device, sixto4_bgp's sites) renders
    and applies nothing for a host it does not name. Returns the error finding C(host-not-in-plan), its message
    naming the inventory variable to set, or an empty list when the plan names the host (or names no devices).
positional: _input, design, hosts
options:
  _input:
    description: The plan, from P(netdesign.resilience.design_plan#filter).
    type: dict
    required: true
  hosts:
    description: The inventory hosts that have the plan's intent.
    type: list
    elements: str
    required: true
extends_documentation_fragment:
  - netdesign.resilience.design
author: netdesign.resilience maintainers (@netdesign)
"""

EXAMPLES = r"""
- name: This host is one of the devices the plan names
  ansible.builtin.assert:
    that: (plan | netdesign.resilience.design_not_named('wan_backup_vrrp', [inventory_hostname])) | length == 0
"""

RETURN = r"""
_value:
  description: The finding, or nothing.
  type: list
  elements: dict
"""

from ansible_collections.netdesign.resilience.plugins.module_utils.core.site import not_named
from ansible_collections.netdesign.resilience.plugins.plugin_utils.filters import filter_module

FilterModule = filter_module("design_not_named", lambda plan, design, hosts: not_named(design, dict(plan), [str(h) for h in hosts]))
