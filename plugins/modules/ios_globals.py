#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: ios_globals
short_description: IOS/IOS-XE global one-liners of the designs (no ip route static inter-vrf, ipv6 multicast-routing, ipv6 pim rp-address, AAA, SSH, DNS)
version_added: 1.0.0
description:
  - Manages global configuration lines no cisco.ios resource module covers, with its conventions -
    C(no ip route static inter-vrf) (no leaking between VRFs), C(ipv6 unicast-routing),
    C(ipv6 route PREFIX INTERFACE) (e.g. C(2002::/16 Tunnel2002)), C(ipv6 multicast-routing),
    C(ipv6 pim rp-address ADDRESS), and the
    management write-up's C(aaa new-model), AAA method lists (C(aaa authentication|authorization|accounting ...)),
    C(ip domain-name [vrf VRF] DOMAIN), C(ip name-server vrf VRF ADDRESS) and C(ip ssh version|time-out|source-interface).
  - Each line is its own block; V(overridden) removes the lines of these kinds O(config) does not list.
options:
  config:
    description: The lines.
    type: list
    elements: dict
    suboptions:
      type:
        description: Which line.
        type: str
        required: true
        choices: [no_static_inter_vrf, ipv6_unicast_routing, ipv6_route_interface, ipv6_multicast_routing, ipv6_pim_rp,
                  fhrp_vrrp_v3, aaa_new_model, aaa_method, ip_domain_name, ip_domain_name_vrf, ip_name_server_vrf, ip_ssh_version,
                  ip_ssh_timeout, ip_ssh_source]
      prefix:
        description: Destination prefix of an O(config[].type=ipv6_route_interface).
        type: str
      interface:
        description: Outgoing interface of an O(config[].type=ipv6_route_interface), source interface of an
          O(config[].type=ip_ssh_source).
        type: str
      address:
        description: RP address of an O(config[].type=ipv6_pim_rp), server of an O(config[].type=ip_name_server_vrf).
        type: str
      line:
        description: The whole line of an O(config[].type=aaa_method), e.g. C(aaa authorization console).
        type: str
      domain:
        description: Domain of an O(config[].type=ip_domain_name) or O(config[].type=ip_domain_name_vrf).
        type: str
      vrf:
        description: VRF of an O(config[].type=ip_domain_name_vrf) or O(config[].type=ip_name_server_vrf).
        type: str
      version:
        description: SSH version of an O(config[].type=ip_ssh_version).
        type: int
      seconds:
        description: SSH time-out of an O(config[].type=ip_ssh_timeout).
        type: int
extends_documentation_fragment:
  - netdesign.resilience.ios_resource
author: netdesign.resilience maintainers (@netdesign)
"""

EXAMPLES = r"""
- name: 6to4 routing on a site router
  netdesign.resilience.ios_globals:
    config:
      - {type: ipv6_unicast_routing}
      - {type: ipv6_route_interface, prefix: "2002::/16", interface: Tunnel2002}
    state: merged
"""

RETURN = r"""
commands:
  description: The commands sent (or, in check mode, that would be sent).
  sample: ["ipv6 route 2002::/16 Tunnel2002"]
  returned: merged, replaced, overridden, deleted
  type: list
  elements: str
before:
  description: The device's global lines before.
  sample: [{type: ipv6_unicast_routing}]
  returned: merged, replaced, overridden, deleted
  type: list
  elements: dict
after:
  description: The device's global lines after (as computed in check mode).
  sample: [{type: ipv6_route_interface, prefix: "2002::/16", interface: Tunnel2002}, {type: ipv6_unicast_routing}]
  returned: merged, replaced, overridden, deleted
  type: list
  elements: dict
rendered:
  description: The configuration lines of O(config).
  sample: [ipv6 unicast-routing, "ipv6 route 2002::/16 Tunnel2002"]
  returned: rendered
  type: list
  elements: str
parsed:
  description: The global lines in O(running_config).
  sample: [{type: ipv6_unicast_routing}, {type: ipv6_route_interface, prefix: "2002::/16", interface: Tunnel2002}]
  returned: parsed
  type: list
  elements: dict
gathered:
  description: The device's global lines.
  sample: [{type: ipv6_unicast_routing}]
  returned: gathered
  type: list
  elements: dict
"""

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.connection import Connection

from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import module as M
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import syntax as S

FLAGS = {row.name: row.flag for row in S.GLOBAL.parents if row.flag}


def to_items(config):
    items = M.drop_unset(config or [])
    for item in items:
        if item["type"] in FLAGS:
            item[FLAGS[item["type"]]] = True
    return items


def main():
    module = M.resource_module(AnsibleModule, DOCUMENTATION)
    M.run(module, S.GLOBAL, to_items=to_items, from_items=lambda items: M.items_to_options(S.GLOBAL, items), connection=Connection)


if __name__ == "__main__":
    main()
