# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Design ``anycast_rp`` on IOS: IPv6 multicast routing, the RP address and an RP router's anycast loopback in its
IGP, from the plan (cisco.ios's resource modules render nothing of it)."""

from __future__ import annotations

from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import common as C


def render(plan, host):
    if ":" not in plan["address"]:
        return {}
    # `ipv6 multicast-routing` first, on every router of the plan: the write-up shows neither it nor the RP line,
    # and without it IOS forwards no IPv6 multicast and runs no PIM, whatever the RP address
    config = {"global": [{"type": "ipv6_multicast_routing", "ipv6_multicast_routing": True},
                         {"type": "ipv6_pim_rp", "address": C.ipv6(plan["address"])}]}
    row = next((r for r in plan["rp_routers"] if r["router"] == host), None)
    if row is not None:
        igp = plan["igp"]
        loopback = {"name": row["interface"], "description": row["description"], "no_ip_address": True,
                    "ipv6_address": C.ipv6(row["prefix"]), "ipv6_enable": True}
        if igp["protocol"] == "eigrp":
            loopback["eigrp"] = igp["process"]
        elif igp["protocol"] in ("ospf", "ospfv3"):
            loopback["ospfv3"] = {"process": igp["process"], "area": igp["area"]}
            if igp["loopback_network_type"] == "point-to-point":
                loopback["ospfv3"]["network"] = "point-to-point"
        config["rp_loopback"] = [loopback]
    return config
