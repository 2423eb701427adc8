# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The report's picture of a ``nat_gateway`` plan (issue #19):
the box in the middle, its inside neighbour on the left, its outside neighbour on the right."""

from __future__ import annotations

from ansible_collections.netdesign.resilience.plugins.module_utils.report import drawing as G


def draw(plan):
    box = (plan.get("hosts") or ["nat"])[0]
    conntrackd = "conntrackd on" if (plan.get("conntrackd") or {}).get("enabled") else "conntrackd off"
    nodes = [G.node("box", box, "SNAT %s -> %s (%s)" % (plan.get("clients"), plan.get("pool"), conntrackd), 1)]
    links = []
    routes = (plan.get("routes") or []) + ((plan.get("policy_routing") or {}).get("routes") or [])
    vias = {r.get("dev"): r.get("via") for r in routes if r.get("via")}
    for interface in plan.get("interfaces") or []:
        role = interface.get("role")
        column = 0 if role == "inside" else 2 if role == "outside" else 1
        if column == 1:
            nodes.append(G.node("if-" + interface["name"], "%s (%s)" % (role, interface["name"]),
                                interface.get("address") or "", 1))
            links.append(G.link("box", "if-" + interface["name"], "no forwarding"))
            continue
        nid = "peer-" + interface["name"]
        nodes.append(G.node(nid, "%s neighbour" % role, "via %s" % (vias.get(interface["name"]) or "-"), column))
        for member in interface.get("members") or [interface["name"]]:
            links.append(G.link("box", nid, "%s/%s %s" % (interface["name"], member, interface.get("address") or ""),
                                "active"))
    return {"nodes": nodes, "links": links,
            "caption": "%s: inside on the left, outside on the right, one line per bond member" % box}
