# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The report's picture of a ``vrf_static_tracking`` plan (issue #19):
the router in the middle, the far ends of its linknets: the first VRF's on the left, the others on the right."""

from __future__ import annotations

from ansible_collections.netdesign.resilience.plugins.module_utils.report import drawing as G


def draw(plan):
    router = (plan.get("hosts") or ["router"])[0]
    vrfs = list(plan.get("vrfs") or [])
    nodes = [G.node("router", router, "VRFs %s; parent track %s" % (", ".join(vrfs), plan.get("parent_track")), 1)]
    links = []
    for interface in plan.get("interfaces") or []:
        if interface.get("path") not in ("active", "standby"):
            continue
        side = 0 if vrfs and interface.get("vrf") == vrfs[0] else 2
        nid = "far-" + interface["name"]
        routes = [r["prefix"] for r in plan.get("routes") or []
                  if r.get("vrf") == interface.get("vrf") and G.in_network(r.get("next_hop"), interface.get("network") or "")]
        nodes.append(G.node(nid, G.far_end(interface), "VRF %s: %s" % (interface.get("vrf"), ", ".join(routes) or "no route"),
                            side))
        links.append(G.link("router", nid, "%s %s" % (interface["name"], interface.get("address") or ""),
                            interface["path"]))
    delay = plan.get("failover_delay") or {}
    return {"nodes": nodes, "links": links,
            "caption": "%s: VRF %s on the left, the others on the right; solid = active path (tracked), dashed = "
                       "standby (floating, failover after %s s, back after %s s)" % (
                           router, vrfs[0] if vrfs else "-", delay.get("down"), delay.get("up"))}
