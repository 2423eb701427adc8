#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: ios_rp_loopback
short_description: IOS/IOS-XE anycast RP loopbacks (the prefix length that arbitrates, IGP membership)
version_added: 1.0.0
description:
  - "Manages the loopback of an anycast RP router as the 'Multicast IPv6 Anycast RP Design' write-up shows it -
    C(description), C(no ip address), C(ipv6 address ADDRESS/LENGTH) (the length decides which RP wins,
    the longest prefix is the primary), C(ipv6 enable), and the IGP that carries it (C(ipv6 eigrp N) or
    C(ospfv3 N ipv6 area A), with C(ospfv3 network point-to-point) so OSPFv3 keeps the real length) - with
    the conventions of the cisco.ios resource modules."
  - cisco.ios's ios_l3_interfaces renders interface names and IPv6 addresses in lower case and has no IGP
    membership for EIGRP, so the write-up's block could not be reproduced with it.
  - V(deleted) removes the loopback (C(no interface LoopbackN)).
options:
  config:
    description: The loopbacks.
    type: list
    elements: dict
    suboptions:
      name:
        description: Interface name, C(Loopback) and a number.
        type: str
        required: true
      description:
        description: Interface description.
        type: str
      no_ip_address:
        description: C(no ip address) (an IPv6-only loopback).
        type: bool
      ipv6_address:
        description: The anycast address with this router's prefix length.
        type: str
      ipv6_enable:
        description: C(ipv6 enable).
        type: bool
      eigrp:
        description: EIGRP autonomous system the loopback joins (C(ipv6 eigrp N)).
        type: int
      ospfv3:
        description: OSPFv3 process and area the loopback joins.
        type: dict
        suboptions:
          process:
            description: Process number.
            type: int
            required: true
          area:
            description: Area.
            type: int
            required: true
          network:
            description: Network type; V(point-to-point) keeps the prefix length (a loopback is otherwise a host route).
            type: str
            choices: [point-to-point]
extends_documentation_fragment:
  - netdesign.resilience.ios_resource
author: netdesign.resilience maintainers (@netdesign)
"""

EXAMPLES = r"""
- name: C1, the primary anycast RP (/120)
  netdesign.resilience.ios_rp_loopback:
    config:
      - {name: Loopback0, description: Anycast RP (Primary), no_ip_address: true,
         ipv6_address: "2001:DB8:AFE:FE00::1/120", ipv6_enable: true, eigrp: 1}
    state: merged
"""

RETURN = r"""
commands:
  description: The commands sent (or, in check mode, that would be sent).
  sample: [interface Loopback0, " description Anycast RP (Primary)", " ipv6 eigrp 1"]
  returned: merged, replaced, overridden, deleted
  type: list
  elements: str
before:
  description: The device's anycast RP loopbacks before.
  sample: [{name: Loopback0, description: Anycast RP, no_ip_address: true, ipv6_address: "2001:DB8:AFE:FE00::1/120",
      ipv6_enable: true}]
  returned: merged, replaced, overridden, deleted
  type: list
  elements: dict
after:
  description: The device's anycast RP loopbacks after (as computed in check mode).
  sample: [{name: Loopback0, description: Anycast RP (Primary), no_ip_address: true, ipv6_address: "2001:DB8:AFE:FE00::1/120",
      ipv6_enable: true, eigrp: 1}]
  returned: merged, replaced, overridden, deleted
  type: list
  elements: dict
rendered:
  description: The configuration lines of O(config).
  sample: [interface Loopback0, " description Anycast RP (Primary)", " no ip address", " ipv6 address 2001:DB8:AFE:FE00::1/120",
      " ipv6 enable", " ipv6 eigrp 1"]
  returned: rendered
  type: list
  elements: str
parsed:
  description: The anycast RP loopbacks in O(running_config).
  sample: [{name: Loopback0, description: Anycast RP (Primary), no_ip_address: true, ipv6_address: "2001:DB8:AFE:FE00::1/120",
      ipv6_enable: true, eigrp: 1}]
  returned: parsed
  type: list
  elements: dict
gathered:
  description: The device's anycast RP loopbacks.
  sample: [{name: Loopback0, description: Anycast RP, no_ip_address: true, ipv6_address: "2001:DB8:AFE:FE00::1/120",
      ipv6_enable: true}]
  returned: gathered
  type: list
  elements: dict
"""

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.connection import Connection

from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import module as M
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import syntax as S


def main():
    module = M.resource_module(AnsibleModule, DOCUMENTATION)
    M.run(module, S.RP_LOOPBACK, to_items=lambda config: M.options_to_items(config, ("no_ip_address", "ipv6_enable")),
          connection=Connection)


if __name__ == "__main__":
    main()
