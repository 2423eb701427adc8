# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Design ``wan_backup_vrrp`` on IOS: the main router's tracks and VRRP group, from the plan (cisco.ios's resource
modules render nothing of it; the backup device is the write-up's ANIRA box, rendered by the Linux side)."""

from __future__ import annotations

from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import common as C


def render(plan, host):
    main = plan["main"]
    if host != main["name"]:
        raise I.IntentError("host", "%r is not the main router of the wan_backup_vrrp plan (%s): the backup device of "
                            "the write-up is an ANIRA box, configured by the Linux/keepalived side" % (host, main["name"]))
    tracks = [{"type": "interface", "id": t["object"], "interface": t["interface"], "tracking": "ip routing"}
              for t in main["track"]]
    interface = {
        "name": plan["interface"],
        "description": plan["interface_description"],
        "address": plan["ip"],
        "netmask": plan["netmask"],
        "group": plan["group"],
        # every tracked WAN link takes its decrement (the plan's priority on WAN failure is their sum)
        "vrrp": {"description": plan["description"], "ip": plan["virtual_ip"], "preempt_delay": plan["preempt_delay"],
                 "priority": main["priority"],
                 "track": [{"object": t["object"], "decrement": t["decrement"]} for t in main["track"]]},
        "arp_timeout": plan["arp_timeout"],
    }
    if I.is_subinterface(plan["interface"]):
        interface["vlan"] = C.subinterface_vlan(plan["interface"], plan.get("vlan"))
    config = {"track": tracks, "vrrp": [interface]}
    if plan.get("version", 2) == 3:
        # IOS-XE's VRRPv3 syntax, switched on globally before the group
        interface["vrrp"]["version"] = 3
        config["global"] = [{"type": "fhrp_vrrp_v3", "fhrp_vrrp_v3": True}]
    return config


def is_host(plan, host):
    """The main router only: its backup device is the write-up's ANIRA box."""
    return host == plan["main"]["name"]
