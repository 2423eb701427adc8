# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The topology of a plan as the report's picture draws it (issue #19): nodes in columns and the links between them.

``topology(design, plan)`` reads only the plan's names, addresses, paths and priorities (never its management
part, where the secrets' markers are) and returns ``{"nodes": [...], "links": [...], "caption": str}``: a node is
``{id, label, detail, column}`` (the picture stacks the nodes of a column in their order), a link ``{a, b, label,
path}`` from the inner node to the outer one (its label is drawn beside ``b``) with path ``active`` (drawn
solid), ``standby`` (dashed) or ``plain``. Pure Python; report_html.py draws it. docs/failure-matrix.md.
"""

from __future__ import annotations

import ipaddress


def _node(nid, label, detail, column):
    return {"id": nid, "label": label, "detail": detail, "column": column}


def _link(a, b, label, path="plain"):
    return {"a": a, "b": b, "label": label, "path": path}


def _in(address, network):
    try:
        return ipaddress.ip_address(address) in ipaddress.ip_network(network, strict=False)
    except ValueError:
        return False


def _far_end(interface):
    text = str(interface.get("description") or interface.get("network") or interface["name"])
    return text[3:] if text.lower().startswith("to ") else text


def vrf_static_tracking(plan):
    router = (plan.get("hosts") or ["router"])[0]
    vrfs = list(plan.get("vrfs") or [])
    nodes = [_node("router", router, "VRFs %s; parent track %s" % (", ".join(vrfs), plan.get("parent_track")), 1)]
    links = []
    for interface in plan.get("interfaces") or []:
        if interface.get("path") not in ("active", "standby"):
            continue
        side = 0 if vrfs and interface.get("vrf") == vrfs[0] else 2
        nid = "far-" + interface["name"]
        routes = [r["prefix"] for r in plan.get("routes") or []
                  if r.get("vrf") == interface.get("vrf") and _in(r.get("next_hop"), interface.get("network") or "")]
        nodes.append(_node(nid, _far_end(interface), "VRF %s: %s" % (interface.get("vrf"), ", ".join(routes) or "no route"),
                           side))
        links.append(_link("router", nid, "%s %s" % (interface["name"], interface.get("address") or ""),
                           interface["path"]))
    delay = plan.get("failover_delay") or {}
    return {"nodes": nodes, "links": links,
            "caption": "%s: VRF %s on the left, the others on the right; solid = active path (tracked), dashed = "
                       "standby (floating, failover after %s s, back after %s s)" % (
                           router, vrfs[0] if vrfs else "-", delay.get("down"), delay.get("up"))}


def nat_gateway(plan):
    box = (plan.get("hosts") or ["nat"])[0]
    conntrackd = "conntrackd on" if (plan.get("conntrackd") or {}).get("enabled") else "conntrackd off"
    nodes = [_node("box", box, "SNAT %s -> %s (%s)" % (plan.get("clients"), plan.get("pool"), conntrackd), 1)]
    links = []
    routes = (plan.get("routes") or []) + ((plan.get("policy_routing") or {}).get("routes") or [])
    vias = {r.get("dev"): r.get("via") for r in routes if r.get("via")}
    for interface in plan.get("interfaces") or []:
        role = interface.get("role")
        column = 0 if role == "inside" else 2 if role == "outside" else 1
        if column == 1:
            nodes.append(_node("if-" + interface["name"], "%s (%s)" % (role, interface["name"]),
                               interface.get("address") or "", 1))
            links.append(_link("box", "if-" + interface["name"], "no forwarding"))
            continue
        nid = "peer-" + interface["name"]
        nodes.append(_node(nid, "%s neighbour" % role, "via %s" % (vias.get(interface["name"]) or "-"), column))
        for member in interface.get("members") or [interface["name"]]:
            links.append(_link("box", nid, "%s/%s %s" % (interface["name"], member, interface.get("address") or ""),
                               "active"))
    return {"nodes": nodes, "links": links,
            "caption": "%s: inside on the left, outside on the right, one line per bond member" % box}


def sixto4_bgp(plan):
    route = (plan.get("route") or {}).get("prefix")
    nodes = [_node("core", "IPv4-only core", "6to4 %s via %s" % (route, plan.get("tunnel_interface")), 1)]
    links = []
    reflector = plan.get("route_reflector")
    for site in plan.get("sites") or []:
        is_rr = site.get("name") == reflector or site.get("role") == "route_reflector"
        nodes.append(_node("site-" + site["name"], "%s%s" % (site["name"], " (route reflector)" if is_rr else ""),
                           "%s, %d networks%s" % (site.get("tunnel_address"), len(site.get("networks") or []),
                                                  "" if is_rr else ", iBGP client of %s" % reflector),
                           0 if is_rr else 2))
        source = "%s %s" % (site.get("tunnel_source"), site.get("tunnel_source_address"))
        links.append(_link("core", "site-" + site["name"], source, "active"))
    return {"nodes": nodes, "links": links,
            "caption": "route reflector %s on the left, its iBGP clients (AS %s, over 6to4) on the right; each line "
                       "the site's tunnel source on the IPv4 core" % (reflector, plan.get("asn"))}


def anycast_rp(plan):
    igp = plan.get("igp") or {}
    nodes = [_node("igp", "IGP (%s)" % igp.get("protocol"), "RP %s" % plan.get("address"), 1)]
    links = []
    for rp in sorted(plan.get("rp_routers") or [], key=lambda r: r.get("rank") or 0):
        primary = rp.get("rank") == 1
        label = "%s /%s%s" % (rp["router"], rp.get("prefixlen"), " (primary)" if primary else "")
        nodes.append(_node("rp-" + rp["router"], label,
                           "%s %s" % (rp.get("interface"), rp.get("prefix")), 0))
        links.append(_link("igp", "rp-" + rp["router"], "/%s" % rp.get("prefixlen"), "active" if primary else "standby"))
    hosts = []
    for segment in plan.get("segments") or []:
        for router in segment.get("routers") or []:
            if not any(n["id"] == "r-" + router for n in nodes):
                nodes.append(_node("r-" + router, router, "PIM router", 2))
                links.append(_link("igp", "r-" + router, ""))
            for host in segment.get("hosts") or []:
                if host not in hosts:
                    hosts.append(host)
                    nodes.append(_node("h-" + host, host, "host", 3))
                links.append(_link("r-" + router, "h-" + host, segment.get("name") or ""))
    return {"nodes": nodes, "links": links,
            "caption": "the RP routers on the left, longest prefix = primary (solid), the others standby (dashed)"}


def wan_backup_vrrp(plan):
    main, backup = plan.get("main") or {}, plan.get("backup") or {}
    tracks = ", ".join("%s (track %s, -%s)" % (t.get("interface"), t.get("object"), t.get("decrement"))
                       for t in main.get("track") or [])
    nodes = [_node("lan", "LAN %s" % plan.get("interface"), "VRRP %s, virtual %s" % (plan.get("group"), plan.get("virtual_ip")), 0),
             _node("main", "%s (Master)" % main.get("name"), "priority %s, %s when the WAN is down" % (
                 main.get("priority"), main.get("priority_on_wan_failure")), 1),
             _node("backup", "%s (Backup)" % backup.get("name"), "priority %s-%s" % (
                 backup.get("priority_min"), backup.get("priority_max")), 1),
             _node("wan", "WAN", tracks or "no track", 2),
             _node("backup-wan", "backup uplink", "of %s" % backup.get("name"), 2)]
    links = [_link("lan", "main", plan.get("ip") or "", "active"), _link("lan", "backup", "", "standby"),
             _link("main", "wan", ", ".join(t.get("interface") or "" for t in main.get("track") or []), "active"),
             _link("backup", "backup-wan", "", "standby")]
    return {"nodes": nodes, "links": links,
            "caption": "%s is Master while its WAN is up; preempt delay %s s" % (main.get("name"), plan.get("preempt_delay"))}


DRAWN = {"vrf_static_tracking": vrf_static_tracking, "nat_gateway": nat_gateway, "sixto4_bgp": sixto4_bgp,
         "anycast_rp": anycast_rp, "wan_backup_vrrp": wan_backup_vrrp}


def topology(design, plan, hosts=None):
    """The picture's data of ``plan`` (None when there is no plan or no drawing for the design)."""
    if not isinstance(plan, dict) or design not in DRAWN:
        return None
    plan = dict(plan, hosts=list(hosts or plan.get("hosts") or []))
    try:
        return DRAWN[design](plan)
    except (KeyError, TypeError, AttributeError) as exc:
        return {"nodes": [], "links": [], "caption": "no picture: the plan is incomplete (%s)" % exc}
