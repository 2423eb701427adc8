# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""From a design plan to the IOS constructs cisco.ios has no resource module for.

``ios_config(design, plan, host)`` returns ``{syntax name: [items]}`` for :mod:`ios_syntax`; the parts
cisco.ios covers (VRFs, interfaces, static routes, BGP) are rendered by its resource modules from the
same plan. Nothing here computes: every value comes from the plan.
"""

from __future__ import annotations

from ansible_collections.netdesign.resilience.plugins.module_utils import ios_syntax as S


def _vrf_static_tracking(plan, host):
    tracks = []
    for track in plan["tracks"]:
        if track["type"] == "route":
            tracks.append({"type": "route", "id": track["id"], "network": track["network"],
                           "netmask": track["netmask"], "vrf": track["vrf"], "delay": dict(track["delay"])})
        else:
            tracks.append({"type": "list", "id": track["id"], "boolean": track["boolean"],
                           "objects": list(track["objects"]), "delay": dict(track["delay"])})
    config = {"track": tracks}
    if not plan["inter_vrf_leaking"]:
        config["global"] = [{"type": "no_static_inter_vrf", "no_static_inter_vrf": True}]
    return config


def _sixto4_bgp(plan, host):
    site = next((s for s in plan["sites"] if s["name"] == host), None)
    if site is None:
        raise ValueError("host: %r is not a site of the sixto4_bgp plan (%s)"
                         % (host, ", ".join(s["name"] for s in plan["sites"])))
    return {
        "tunnel": [{"name": site["tunnel_interface"], "ipv6_address": site["tunnel_prefix"],
                    "source": site["tunnel_source"], "mode": "ipv6ip 6to4"}],
        "global": [{"type": "ipv6_unicast_routing", "ipv6_unicast_routing": True},
                   {"type": "ipv6_route_interface", "prefix": plan["route"]["prefix"],
                    "interface": plan["route"]["interface"]}],
    }


def _anycast_rp(plan, host):
    return {"global": [{"type": "ipv6_pim_rp", "address": plan["address"]}]} if ":" in plan["address"] else {}


def _wan_backup_vrrp(plan, host):
    main = plan["main"]
    tracks = [{"type": "interface", "id": t["object"], "interface": t["interface"], "tracking": "ip routing"}
              for t in main["track"]]
    first = main["track"][0]
    interface = {
        "name": plan["interface"],
        "description": plan["interface_description"],
        "address": plan["ip"],
        "netmask": plan["netmask"],
        "group": plan["group"],
        "vrrp": {"description": plan["description"], "ip": plan["virtual_ip"], "preempt_delay": plan["preempt_delay"],
                 "priority": main["priority"], "track": {"object": first["object"], "decrement": first["decrement"]}},
        "arp_timeout": plan["arp_timeout"],
    }
    return {"track": tracks, "vrrp": [interface]}


RENDERERS = {
    "vrf_static_tracking": _vrf_static_tracking,
    "sixto4_bgp": _sixto4_bgp,
    "anycast_rp": _anycast_rp,
    "wan_backup_vrrp": _wan_backup_vrrp,
}
ORDER = ("global", "track", "tunnel", "aaa_group", "vty", "vrrp")


def ios_config(design, plan, host):
    """``{syntax: items}`` of the constructs without a cisco.ios resource module, for one host."""
    if design not in RENDERERS:
        raise ValueError("design: %r has no IOS rendering (%s)" % (design, ", ".join(sorted(RENDERERS))))
    return RENDERERS[design](plan, host)


def ios_lines(design, plan, host):
    """The rendered lines, in a stable order (global, track, tunnel, aaa_group, vty, vrrp)."""
    config = ios_config(design, plan, host)
    lines = []
    for name in ORDER:
        if name in config:
            lines += S.SYNTAXES[name].render(config[name])
    return lines
