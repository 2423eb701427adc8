#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: ios_aaa_tacacs_group
short_description: IOS/IOS-XE TACACS+ server groups reached through a (management) VRF
version_added: 1.0.0
description:
  - Manages C(aaa group server tacacs+ NAME) with C(server-private ADDRESS key KEY), C(ip vrf forwarding VRF)
    and C(ip tacacs source-interface IF), the form the eduroam management write-up needs for AAA over the
    management VRF, with the conventions of the cisco.ios resource modules.
  - Keys are secrets - masked in every output, diff and command list, also the ones read from the device.
  - With C(service password-encryption) IOS shows a key as C(key 7 HASH); that form is decoded and compared
    with O(config[].servers[].key), so a second run sends nothing. A key IOS shows as C(key 6 HASH) (AES
    password encryption, not reversible) counts as the configured key unless O(rotate_keys) is set.
options:
  rotate_keys:
    description:
      - Send the configured keys again even where the device shows them in a form that cannot be read back
        (C(key 6 HASH)); a C(key 7) key is compared exactly either way.
    type: bool
    default: false
  config:
    description: The server groups.
    type: list
    elements: dict
    suboptions:
      name:
        description: Group name.
        type: str
        required: true
      servers:
        description: Private servers of the group.
        type: list
        elements: dict
        suboptions:
          address:
            description: Server address.
            type: str
            required: true
          key:
            description: Shared key.
            type: str
            required: true
      vrf:
        description: VRF the servers are reached through (C(ip vrf forwarding)).
        type: str
      source_interface:
        description: Source interface of the requests (C(ip tacacs source-interface)).
        type: str
extends_documentation_fragment:
  - netdesign.resilience.ios_resource
author: netdesign.resilience maintainers (@netdesign)
"""

EXAMPLES = r"""
- name: The management write-up's group, keys from the vault
  netdesign.resilience.ios_aaa_tacacs_group:
    config:
      - name: TAC_PLUS
        servers: [{address: 192.0.2.49, key: "{{ vault_tacacs_key }}"}]
        vrf: mgmtVrf
        source_interface: GigabitEthernet1
    state: merged
"""

RETURN = r"""
commands:
  description: The commands sent (or, in check mode, that would be sent).
  sample: [aaa group server tacacs+ TAC_PLUS, " ip tacacs source-interface GigabitEthernet1"]
  returned: merged, replaced, overridden, deleted
  type: list
  elements: str
before:
  description: The device's server groups before.
  sample: [{name: TAC_PLUS, servers: [{address: 192.0.2.49, key: VALUE_SPECIFIED_IN_NO_LOG_PARAMETER}], vrf: mgmtVrf}]
  returned: merged, replaced, overridden, deleted
  type: list
  elements: dict
after:
  description: The device's server groups after (as computed in check mode).
  sample: [{name: TAC_PLUS, servers: [{address: 192.0.2.49, key: VALUE_SPECIFIED_IN_NO_LOG_PARAMETER}], vrf: mgmtVrf,
      source_interface: GigabitEthernet1}]
  returned: merged, replaced, overridden, deleted
  type: list
  elements: dict
rendered:
  description: The configuration lines of O(config).
  sample: [aaa group server tacacs+ TAC_PLUS, " server-private 192.0.2.49 key ********", " ip vrf forwarding mgmtVrf",
      " ip tacacs source-interface GigabitEthernet1"]
  returned: rendered
  type: list
  elements: str
parsed:
  description: The server groups in O(running_config).
  sample: [{name: TAC_PLUS, servers: [{address: 192.0.2.49, key: VALUE_SPECIFIED_IN_NO_LOG_PARAMETER}], vrf: mgmtVrf,
      source_interface: GigabitEthernet1}]
  returned: parsed
  type: list
  elements: dict
gathered:
  description: The device's server groups.
  sample: [{name: TAC_PLUS, servers: [{address: 192.0.2.49, key: VALUE_SPECIFIED_IN_NO_LOG_PARAMETER}], vrf: mgmtVrf}]
  returned: gathered
  type: list
  elements: dict
"""

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.connection import Connection

from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import module as M
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import syntax as S


def to_items(config):
    """Module options to table items: a server is one C(ADDRESS key KEY) value of the table's row."""
    items = []
    for group in M.drop_unset(config or []):
        servers = group.pop("servers", [])
        if servers:
            group["servers"] = ["%s key %s" % (s["address"], s["key"]) for s in servers]
        items.append(group)
    return items


def secrets(items):
    return [s.split(" key ", 1)[1] for item in items for s in item.get("servers", [])]


def main():
    module = M.resource_module(AnsibleModule, DOCUMENTATION, no_log=["config.servers.key"])
    rotate = module.params["rotate_keys"]
    M.run(module, S.AAA_GROUP, to_items=to_items, from_items=lambda items: M.items_to_options(S.AAA_GROUP, items),
          secrets=secrets, connection=Connection, normalise=lambda have, want: M.normalise_keys(have, want, rotate))


if __name__ == "__main__":
    main()
