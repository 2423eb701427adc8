# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The report's picture of a ``anycast_rp`` plan (issue #19):
the IGP in the middle, the RP routers on the left, the PIM routers and their hosts on the right."""

from __future__ import annotations

from ansible_collections.netdesign.resilience.plugins.module_utils.report import drawing as G


def draw(plan):
    igp = plan.get("igp") or {}
    nodes = [G.node("igp", "IGP (%s)" % igp.get("protocol"), "RP %s" % plan.get("address"), 1)]
    links = []
    for rp in sorted(plan.get("rp_routers") or [], key=lambda r: r.get("rank") or 0):
        primary = rp.get("rank") == 1
        label = "%s /%s%s" % (rp["router"], rp.get("prefixlen"), " (primary)" if primary else "")
        nodes.append(G.node("rp-" + rp["router"], label,
                            "%s %s" % (rp.get("interface"), rp.get("prefix")), 0))
        links.append(G.link("igp", "rp-" + rp["router"], "/%s" % rp.get("prefixlen"), "active" if primary else "standby"))
    hosts = []
    for segment in plan.get("segments") or []:
        for router in segment.get("routers") or []:
            if not any(n["id"] == "r-" + router for n in nodes):
                nodes.append(G.node("r-" + router, router, "PIM router", 2))
                links.append(G.link("igp", "r-" + router, ""))
            for host in segment.get("hosts") or []:
                if host not in hosts:
                    hosts.append(host)
                    nodes.append(G.node("h-" + host, host, "host", 3))
                links.append(G.link("r-" + router, "h-" + host, segment.get("name") or ""))
    return {"nodes": nodes, "links": links,
            "caption": "the RP routers on the left, longest prefix = primary (solid), the others standby (dashed)"}
