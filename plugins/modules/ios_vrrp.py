#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: ios_vrrp
short_description: IOS/IOS-XE VRRP groups on an interface (virtual IP, priority, preempt delay, tracking)
version_added: 1.0.0
description:
  - Manages an interface block with its VRRP group as the ANIRA write-up configures it - C(description),
    C(encapsulation dot1Q) (a sub-interface), C(ip address), C(vrrp N description), C(vrrp N ip), C(vrrp N preempt delay minimum), C(vrrp N priority),
    C(vrrp N track OBJECT decrement D) and C(arp timeout) - with the conventions of the cisco.ios resource
    modules (cisco.ios has no VRRP module).
  - Only interfaces with a VRRP group are gathered; V(deleted) and V(overridden) remove VRRP lines
    (C(no vrrp ...)), never an interface, its description or its address.
  - With O(config[].vrrp.version=3), the group in IOS-XE's VRRPv3 syntax - C(vrrp N address-family ipv4) with
    C(address A primary), C(priority), C(preempt delay minimum), C(track OBJECT decrement D), C(description) and
    C(exit-vrrp) - which needs C(fhrp version vrrp v3) on the device first
    (M(netdesign.resilience.ios_globals), O(netdesign.resilience.ios_globals#module:config[].type=fhrp_vrrp_v3)).
    A changed VRRPv3 group is sent whole, from its C(vrrp N address-family ipv4) line.
options:
  config:
    description: The interfaces and their VRRP group.
    type: list
    elements: dict
    suboptions:
      name:
        description: Interface name.
        type: str
        required: true
      description:
        description: Interface description.
        type: str
      vlan:
        description:
          - The 802.1Q VLAN of a sub-interface (C(GigabitEthernet0/0/1.100)), C(encapsulation dot1Q VLAN), sent before
            the address (IOS refuses an address on a LAN sub-interface without it).
        type: int
      address:
        description: The interface's IPv4 address.
        type: str
      netmask:
        description: Its dotted netmask.
        type: str
      group:
        description: VRRP group number.
        type: int
      vrrp:
        description: The group's settings.
        type: dict
        suboptions:
          version:
            description:
              - VRRP syntax - V(2), C(vrrp N ip ...) lines (the default, and what a device without C(fhrp version
                vrrp v3) takes), or V(3), the IOS-XE VRRPv3 sub-block.
              - Gathered groups have V(3) when the device shows them in VRRPv3 syntax, nothing otherwise.
            type: int
            choices: [2, 3]
          description:
            description: Group description.
            type: str
          ip:
            description: The virtual IP address.
            type: str
          priority:
            description: Priority (higher wins).
            type: int
          preempt_delay:
            description: Seconds to wait before taking the master role back (C(preempt delay minimum)).
            type: int
          track:
            description:
              - The tracked objects, each with the decrement of the priority while it is down - one
                C(vrrp N track OBJECT decrement D) line each, in this order. While several are down, IOS
                takes all their decrements.
              - A list of mappings with the keys below. A single mapping (the form of this module before
                it tracked more than one object) is still accepted and means a list of that one mapping;
                what the module returns always has the list.
              - Each object at most once (IOS keeps one line per tracked object).
            type: raw
            suboptions:
              object:
                description: Track object number (see M(netdesign.resilience.ios_track)).
                type: int
                required: true
              decrement:
                description: Amount taken from the priority.
                type: int
                required: true
      arp_timeout:
        description: ARP timeout of the interface in seconds.
        type: int
extends_documentation_fragment:
  - netdesign.resilience.ios_resource
author: netdesign.resilience maintainers (@netdesign)
"""

EXAMPLES = r"""
- name: The ANIRA main router's LAN, rendered without a device
  netdesign.resilience.ios_vrrp:
    config:
      - name: FastEthernet0/0
        description: LAN
        address: 10.0.10.2
        netmask: 255.255.255.0
        group: 1
        vrrp: {description: LAN gateway, ip: 10.0.10.1, priority: 110, preempt_delay: 60,
               track: [{object: 1, decrement: 100}]}
        arp_timeout: 60
    state: rendered

- name: Two WAN links tracked, each taking 50 from the priority (110 - 50 - 50 = 10 with both down)
  netdesign.resilience.ios_vrrp:
    config:
      - name: FastEthernet0/0
        group: 1
        vrrp:
          ip: 10.0.10.1
          priority: 110
          track:
            - {object: 1, decrement: 50}
            - {object: 2, decrement: 50}
    state: merged
"""

RETURN = r"""
commands:
  description: The commands sent (or, in check mode, that would be sent).
  sample: [interface FastEthernet0/0, " vrrp 1 description LAN gateway", " vrrp 1 preempt delay minimum 60",
      " vrrp 1 track 1 decrement 100", " arp timeout 60"]
  returned: merged, replaced, overridden, deleted
  type: list
  elements: str
before:
  description: The device's interfaces with VRRP before.
  sample: [{name: FastEthernet0/0, description: LAN, address: 10.0.10.2, netmask: 255.255.255.0, group: 1, vrrp: {ip: 10.0.10.1,
      priority: 110}}]
  returned: merged, replaced, overridden, deleted
  type: list
  elements: dict
after:
  description: The device's interfaces with VRRP after (as computed in check mode).
  sample: [{name: FastEthernet0/0, description: LAN, address: 10.0.10.2, netmask: 255.255.255.0, group: 1, vrrp: {ip: 10.0.10.1,
      priority: 110, description: LAN gateway, preempt_delay: 60, track: [{object: 1, decrement: 100}]}, arp_timeout: 60}]
  returned: merged, replaced, overridden, deleted
  type: list
  elements: dict
rendered:
  description: The configuration lines of O(config).
  sample: [interface FastEthernet0/0, " description LAN", " ip address 10.0.10.2 255.255.255.0", " vrrp 1 description LAN gateway",
      " vrrp 1 ip 10.0.10.1", " vrrp 1 preempt delay minimum 60", " vrrp 1 priority 110", " vrrp 1 track 1 decrement 100",
      " arp timeout 60"]
  returned: rendered
  type: list
  elements: str
parsed:
  description: The interfaces with VRRP in O(running_config).
  sample: [{name: FastEthernet0/0, description: LAN, address: 10.0.10.2, netmask: 255.255.255.0, group: 1,
      vrrp: {description: LAN gateway, ip: 10.0.10.1, preempt_delay: 60, priority: 110, track: [{object: 1, decrement: 100}]},
      arp_timeout: 60}]
  returned: parsed
  type: list
  elements: dict
gathered:
  description: The device's interfaces with VRRP.
  sample: [{name: FastEthernet0/0, description: LAN, address: 10.0.10.2, netmask: 255.255.255.0, group: 1, vrrp: {ip: 10.0.10.1,
      priority: 110}}]
  returned: gathered
  type: list
  elements: dict
"""

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.connection import Connection

from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import module as M
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import syntax as S

# vrrp.track is `raw` in the argument spec so that a single mapping (the earlier form) still passes;
# its elements are checked here, with Ansible's own validator
TRACK = ArgumentSpecValidator(dict(track=dict(type="list", elements="dict", options=dict(
    object=dict(type="int", required=True), decrement=dict(type="int", required=True)))))


def tracks(value):
    """``vrrp.track`` as the list of ``{object, decrement}`` the table renders (a mapping: a list of it)."""
    result = TRACK.validate(dict(track=[value] if isinstance(value, dict) else value))
    if result.error_messages:
        raise I.IntentError("vrrp.track", "; ".join(result.error_messages))
    return result.validated_parameters["track"]


def to_items(config):
    items = M.options_to_items(config)
    for item in items:
        if "track" in item.get("vrrp", {}):
            item["vrrp"]["track"] = tracks(item["vrrp"]["track"])
        if item.get("vrrp", {}).get("version") == 2:
            del item["vrrp"]["version"]  # the table's VRRPv2 rows: no version, as gathered
    return items


def main():
    module = M.resource_module(AnsibleModule, DOCUMENTATION)
    M.run(module, S.VRRP_INTERFACE, to_items=to_items, connection=Connection, select=lambda item: "group" in item)


if __name__ == "__main__":
    main()
