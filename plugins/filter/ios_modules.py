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
    C(ios_acls), C(ios_logging_global), C(ios_ntp_global), C(ios_snmp_server)) - plus C(vrfs), the VRF names, and
    C(subinterfaces), C({name, vlan}) of each sub-interface for C(encapsulation dot1Q VLAN) (no cisco.ios module has it).
  - The same values P(netdesign.resilience.ios_render#filter) and the site playbook render; parts a host does not
    have are left out.
positional: _input, design, host
options:
  _input:
    description: The plan, from P(netdesign.resilience.design_plan#filter).
    type: dict
    required: true
  design:
    description: The design.
    type: str
    required: true
    choices: [vrf_static_tracking, sixto4_bgp, anycast_rp, wan_backup_vrrp]
  host:
    description: The host.
    type: str
    required: true
author: netdesign.resilience maintainers (@netdesign)
"""

EXAMPLES = r"""
- name: Apply the track objects of the plan
  netdesign.resilience.ios_track:
    config: "{{ (plan | netdesign.resilience.ios_modules('vrf_static_tracking', inventory_hostname)).ios_track }}"
"""

RETURN = r"""
_value:
  description: Module options by part.
  type: dict
  sample: {"ios_track": [{"id": 1, "type": "list", "boolean": "and", "objects": [2, 3, 4, 5]}]}
"""

from ansible_collections.netdesign.resilience.plugins.module_utils.ios_render import ios_modules as _ios_modules
from ansible_collections.netdesign.resilience.plugins.plugin_utils.filters import call


def ios_modules(plan, design, host):
    return call("ios_modules", _ios_modules, design, plan, host)


class FilterModule:
    def filters(self):
        return {"ios_modules": ios_modules}
