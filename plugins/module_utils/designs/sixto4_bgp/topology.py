# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The report's picture of a ``sixto4_bgp`` plan (issue #19):
the IPv4 core in the middle, the route reflector on the left, its clients on the right."""

from __future__ import annotations

from ansible_collections.netdesign.resilience.plugins.module_utils.report import drawing as G


def draw(plan):
    route = (plan.get("route") or {}).get("prefix")
    nodes = [G.node("core", "IPv4-only core", "6to4 %s via %s" % (route, plan.get("tunnel_interface")), 1)]
    links = []
    reflector = plan.get("route_reflector")
    for site in plan.get("sites") or []:
        is_rr = site.get("name") == reflector or site.get("role") == "route_reflector"
        nodes.append(G.node("site-" + site["name"], "%s%s" % (site["name"], " (route reflector)" if is_rr else ""),
                            "%s, %d networks%s" % (site.get("tunnel_address"), len(site.get("networks") or []),
                                                   "" if is_rr else ", iBGP client of %s" % reflector),
                            0 if is_rr else 2))
        source = "%s %s" % (site.get("tunnel_source"), site.get("tunnel_source_address"))
        links.append(G.link("core", "site-" + site["name"], source, "active"))
    return {"nodes": nodes, "links": links,
            "caption": "route reflector %s on the left, its iBGP clients (AS %s, over 6to4) on the right; each line "
                       "the site's tunnel source on the IPv4 core" % (reflector, plan.get("asn"))}
