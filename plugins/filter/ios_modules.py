# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: ios_modules
short_description: A design plan as the options of every module that applies it to an IOS host
version_added: 1.0.0
description:
  - For one host, the parts of a design plan keyed by the module that applies them - the collection's
    (C(ios_track), C(ios_tunnel_6to4), C(ios_rp_loopback), C(ios_vrrp), C(ios_aaa_tacacs_group), C(ios_vty),
    C(ios_globals) split into C(management_globals) and C(globals)) and cisco.ios's (C(ios_interfaces),
    C(ios_vrf_interfaces), C(ios_l3_interfaces), C(ios_static_routes), C(ios_bgp_global), C(ios_bgp_address_family),
    C(ios_acls), C(ios_logging_global), C(ios_ntp_global), C(ios_snmp_server)) - plus C(vrfs) and C(subinterfaces),
    lines no cisco.ios resource module has (C(address-family ipv4) under C(vrf definition NAME), C(encapsulation dot1Q
    VLAN) under a sub-interface), each C({parents, lines}) for M(cisco.ios.ios_config).
  - The same values P(netdesign.resilience.ios_render#filter) and the site playbook render; parts a host does not
    have are left out.
  - With O(ordered=true), a list in the one order the parts go to a device and into the C(.ios) file
    (C(plugins/module_utils/platforms/ios/parts.py) C(ORDER)), each C({part, module, state, config, secret, after_tacacs_test})
    - the module that applies it, its fixed state (V(null) for the caller's), whether it holds a secret (no_log),
    and whether it comes after the apply role's TACACS+ test. The apply role P(netdesign.resilience.ios_apply#role)
    runs them in this order.
positional: _input, design, host, ordered
options:
  ordered:
    description: Return the ordered list of parts instead of the mapping.
    type: bool
    default: false
extends_documentation_fragment:
  - netdesign.resilience.design.ios
author: netdesign.resilience maintainers (@netdesign)
"""

EXAMPLES = r"""
- name: Apply the track objects of the plan
  netdesign.resilience.ios_track:
    config: "{{ (plan | netdesign.resilience.ios_modules('vrf_static_tracking', inventory_hostname)).ios_track }}"
"""

RETURN = r"""
_value:
  description: Module options by part (a list of parts in their order with O(ordered=true)).
  type: raw
  sample: {"ios_track": [{"id": 1, "type": "list", "boolean": "and", "objects": [2, 3, 4, 5]}]}
"""

from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import parts as ios_parts
from ansible_collections.netdesign.resilience.plugins.plugin_utils.filters import filter_module


def _modules(plan, design, host, ordered=False):
    return (ios_parts.apply_list if ordered else ios_parts.modules)(design, plan, host)


FilterModule = filter_module("ios_modules", _modules)
