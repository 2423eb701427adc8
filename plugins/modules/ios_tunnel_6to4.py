#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: ios_tunnel_6to4
short_description: IOS/IOS-XE 6to4 tunnel interfaces (tunnel source, tunnel mode ipv6ip 6to4, IPv6 address)
version_added: 1.0.0
description:
  - Manages C(interface TunnelN) blocks with C(ipv6 address), C(tunnel source) and C(tunnel mode ipv6ip 6to4)
    (or C(ipv6ip), C(gre ip)), with the conventions of the cisco.ios resource modules; cisco.ios has no module
    for tunnel interfaces.
  - V(deleted) removes the whole tunnel interface (C(no interface TunnelN)).
options:
  config:
    description: The tunnel interfaces.
    type: list
    elements: dict
    suboptions:
      name:
        description: Interface name, C(Tunnel) and a number.
        type: str
        required: true
      ipv6_address:
        description: The tunnel's IPv6 address with prefix length (the site's 6to4 address, e.g. C(2002:A01:102::/128)).
        type: str
      source:
        description: The interface whose IPv4 address is the tunnel source.
        type: str
      mode:
        description: Tunnel mode.
        type: str
        choices: [ipv6ip 6to4, ipv6ip, gre ip]
        default: ipv6ip 6to4
extends_documentation_fragment:
  - netdesign.resilience.ios_resource
author: netdesign.resilience maintainers (@netdesign)
"""

EXAMPLES = r"""
- name: ACE2's tunnel from the 6to4 write-up, rendered without a device
  netdesign.resilience.ios_tunnel_6to4:
    config:
      - {name: Tunnel2002, ipv6_address: "2002:A01:102::/128", source: Serial1/0}
    state: rendered
"""

RETURN = r"""
commands:
  description: The commands sent (or, in check mode, that would be sent).
  sample: [interface Tunnel2002, " tunnel source Serial1/0"]
  returned: merged, replaced, overridden, deleted
  type: list
  elements: str
before:
  description: The device's tunnel interfaces before.
  sample: [{name: Tunnel2002, ipv6_address: "2002:A01:102::/128", source: Serial0/0, mode: ipv6ip 6to4}]
  returned: merged, replaced, overridden, deleted
  type: list
  elements: dict
after:
  description: The device's tunnel interfaces after (as computed in check mode).
  sample: [{name: Tunnel2002, ipv6_address: "2002:A01:102::/128", source: Serial1/0, mode: ipv6ip 6to4}]
  returned: merged, replaced, overridden, deleted
  type: list
  elements: dict
rendered:
  description: The configuration lines of O(config).
  sample: [interface Tunnel2002, " ipv6 address 2002:A01:102::/128", " tunnel source Serial1/0", " tunnel mode ipv6ip 6to4"]
  returned: rendered
  type: list
  elements: str
parsed:
  description: The tunnel interfaces in O(running_config).
  sample: [{name: Tunnel2002, ipv6_address: "2002:A01:102::/128", source: Serial1/0, mode: ipv6ip 6to4}]
  returned: parsed
  type: list
  elements: dict
gathered:
  description: The device's tunnel interfaces.
  sample: [{name: Tunnel2002, ipv6_address: "2002:A01:102::/128", source: Serial0/0, mode: ipv6ip 6to4}]
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
    M.run(module, S.TUNNEL, connection=Connection)


if __name__ == "__main__":
    main()
