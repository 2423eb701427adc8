# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: ios_cisco_config
short_description: The config of each cisco.ios resource module for a design plan
version_added: 1.0.0
description:
  - Maps a design plan to the O(_input) of the cisco.ios resource modules that cover parts of it
    (C(ios_interfaces), C(ios_vrf_interfaces), C(ios_l3_interfaces), C(ios_static_routes)), so those
    modules render or apply them; the rest comes from P(netdesign.resilience.ios_render#filter).
  - Returns an empty mapping for designs without such parts yet.
positional: _input, design, host
extends_documentation_fragment:
  - netdesign.resilience.design.ios
author: netdesign.resilience maintainers (@netdesign)
"""

EXAMPLES = r"""
- name: Render the eduroam static routes with cisco.ios
  cisco.ios.ios_static_routes:
    config: "{{ (plan | netdesign.resilience.ios_cisco_config('vrf_static_tracking', inventory_hostname)).ios_static_routes }}"
    state: rendered
"""

RETURN = r"""
_value:
  description: Module name (without collection) to its C(config).
  type: dict
"""

from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios.render import cisco_ios_config
from ansible_collections.netdesign.resilience.plugins.plugin_utils.filters import filter_module

FilterModule = filter_module("ios_cisco_config", lambda plan, design, host: cisco_ios_config(design, plan, host))
