# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: ios_assemble
short_description: One IOS configuration from the collection's lines and cisco.ios rendered lists
version_added: 1.0.0
description:
  - Merges the lines of P(netdesign.resilience.ios_render#filter) with the C(rendered) lists of
    cisco.ios resource modules into one configuration, one block per interface, in the order a device
    needs (VRF definitions and track objects first; inside an interface C(vrf forwarding) before
    C(ip address), which it would clear, and the shutdown state last).
positional: _input, rendered
options:
  _input:
    description: The collection's lines (children indented by one space).
    type: list
    elements: str
    required: true
  rendered:
    description: The C(rendered) results of cisco.ios resource modules, in order.
    type: list
    elements: list
    required: true
author: netdesign.resilience maintainers (@netdesign)
"""

EXAMPLES = r"""
- name: Put together the router's configuration
  ansible.builtin.set_fact:
    config: "{{ ours | netdesign.resilience.ios_assemble([interfaces.rendered, routes.rendered]) }}"
"""

RETURN = r"""
_value:
  description: Configuration lines, children indented by one space.
  type: list
  elements: str
"""

from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios.render import assemble
from ansible_collections.netdesign.resilience.plugins.plugin_utils.filters import filter_module

FilterModule = filter_module("ios_assemble", lambda ours, rendered: assemble(list(ours), [list(r) for r in rendered]))
