#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: ios_track
short_description: IOS/IOS-XE object tracking (route reachability in a VRF, interface, boolean lists)
version_added: 1.0.0
description:
  - Manages C(track N ip route <network> <mask> reachability) with C(ip vrf), C(track N interface <if>
    ip routing|line-protocol), C(track N list boolean and|or) with its C(object) lines, and C(delay down
    D up U), with the conventions of the cisco.ios resource modules (no such module exists there).
  - One declarative table renders and parses the syntax, so O(state=rendered) and O(state=parsed) are
    exact inverses and need no device. The other states read the device's running config over
    C(ansible.netcommon.network_cli), compute the commands, and apply them unless in check mode.
options:
  config:
    description: The track objects.
    type: list
    elements: dict
    suboptions:
      id:
        description: Track object number.
        type: int
        required: true
      type:
        description: What the object tracks.
        type: str
        choices: [route, interface, list]
        default: route
      network:
        description: Network of the tracked route (O(config[].type=route)).
        type: str
      netmask:
        description: Its dotted netmask.
        type: str
      vrf:
        description: The VRF the route is looked up in (C(ip vrf)); required for a route inside a VRF.
        type: str
      interface:
        description: Tracked interface (O(config[].type=interface)).
        type: str
      tracking:
        description: What of the interface is tracked.
        type: str
        choices: [ip routing, line-protocol]
        default: ip routing
      boolean:
        description: List logic (O(config[].type=list)).
        type: str
        choices: [and, or]
      objects:
        description: Tracked objects of a list.
        type: list
        elements: int
      delay:
        description: Delays in seconds before a state change takes effect.
        type: dict
        suboptions:
          down:
            description: Delay of an up-to-down change.
            type: int
          up:
            description: Delay of a down-to-up change.
            type: int
extends_documentation_fragment:
  - netdesign.resilience.ios_resource
author: netdesign.resilience maintainers (@netdesign)
"""

EXAMPLES = r"""
- name: The eduroam parent and one daughter, rendered without a device
  netdesign.resilience.ios_track:
    config:
      - {id: 1, type: list, boolean: and, objects: [2, 3, 4, 5], delay: {down: 2, up: 2}}
      - {id: 2, type: route, network: 192.76.34.92, netmask: 255.255.255.252, vrf: inside, delay: {down: 2, up: 2}}
    state: rendered

- name: Make the device's tracks exactly these (removing others)
  netdesign.resilience.ios_track:
    config: "{{ tracks }}"
    state: overridden
"""

RETURN = r"""
commands:
  description: The commands sent (or, in check mode, that would be sent).
  sample: [track 1 list boolean and, " object 2", " object 3", " object 4", " object 5", " delay down 2 up 2",
      track 2 ip route 192.76.34.92 255.255.255.252 reachability, " delay down 2 up 2"]
  returned: merged, replaced, overridden, deleted
  type: list
  elements: str
before:
  description: The device's track objects before.
  sample: [{type: route, id: 2, network: 192.76.34.92, netmask: 255.255.255.252, vrf: inside}]
  returned: merged, replaced, overridden, deleted
  type: list
  elements: dict
after:
  description: The device's track objects after (as computed in check mode).
  sample: [{id: 1, type: list, boolean: and, objects: [2, 3, 4, 5], delay: {down: 2, up: 2}}, {type: route, id: 2,
      network: 192.76.34.92, netmask: 255.255.255.252, vrf: inside, delay: {down: 2, up: 2}}]
  returned: merged, replaced, overridden, deleted
  type: list
  elements: dict
rendered:
  description: The configuration lines of O(config).
  sample: [track 1 list boolean and, " object 2", " object 3", " object 4", " object 5", " delay down 2 up 2",
      track 2 ip route 192.76.34.92 255.255.255.252 reachability, " ip vrf inside", " delay down 2 up 2"]
  returned: rendered
  type: list
  elements: str
parsed:
  description: The track objects in O(running_config).
  sample: [{type: list, id: 1, boolean: and, objects: [2, 3, 4, 5], delay: {down: 2, up: 2}}, {type: route, id: 2,
      network: 192.76.34.92, netmask: 255.255.255.252, vrf: inside, delay: {down: 2, up: 2}}]
  returned: parsed
  type: list
  elements: dict
gathered:
  description: The device's track objects.
  sample: [{type: route, id: 2, network: 192.76.34.92, netmask: 255.255.255.252, vrf: inside}]
  returned: gathered
  type: list
  elements: dict
"""

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.connection import Connection

from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import module as M
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import syntax as S

FIELDS = {"route": ("network", "netmask", "vrf"), "interface": ("interface", "tracking"), "list": ("boolean", "objects")}


def _clean(items):
    """Module options to table items: drop unset options and fields of other types."""
    out = []
    for item in items or []:
        clean = {"id": item["id"], "type": item["type"]}
        for field in FIELDS[item["type"]]:
            if item.get(field) is not None:
                clean[field] = item[field]
        if item.get("delay") and None not in (item["delay"].get("down"), item["delay"].get("up")):
            clean["delay"] = dict(item["delay"])
        out.append(clean)
    return out


def main():
    module = M.resource_module(AnsibleModule, DOCUMENTATION)
    M.run(module, S.TRACK, to_items=_clean, connection=Connection)


if __name__ == "__main__":
    main()
