# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The lab probe of ``anycast_rp``'s replay (issue #19): which RP router's loopback prefix every router of the plan
routes the RP address to (designs/anycast_rp/replay.py says what it means). Registered by replay_lab.py, which gives
it the lab's reader: this module imports none of it. The parser is pure and unit-tested."""

from __future__ import annotations

import concurrent.futures
import json

from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I
from ansible_collections.netdesign.resilience.plugins.module_utils.lab import namespace as L

# one command per router and poll: the main table's routes that contain the RP address, IPv6, then the IPv4 twin's
RP_READ = ('echo "==> ipv6 <=="; ip -j -6 route show match "$1"; '
           'if [ -n "$2" ]; then echo "==> ipv4 <=="; ip -j -4 route show match "$2"; fi')


def rp_prefixes(route_json):
    """The prefixes (``network/length``, longest first) of ``ip -j route show match ADDRESS``'s routes that carry
    traffic: unicast, with a next hop or on a link (a connected route), not ``linkdown`` or ``dead``; no default route (every
    address matches it: it says nothing of the arbitration)."""
    try:
        routes = json.loads(route_json or "[]")
    except ValueError:
        return []
    if not isinstance(routes, list):
        return []
    found = set()
    for route in routes:
        if not isinstance(route, dict) or route.get("type", "unicast") != "unicast" or route.get("dst") in (None, "default"):
            continue
        hops = route.get("nexthops") or [route]
        if not any((h.get("gateway") or h.get("dev")) and not {"linkdown", "dead"} & set(h.get("flags") or [])
                   for h in hops):
            continue
        try:
            found.add(I.netaddr.IPNetwork(route["dst"]).cidr)
        except (I.netaddr.AddrFormatError, ValueError, TypeError):
            continue
    return [str(p) for p in sorted(found, key=lambda p: (-p.prefixlen, p))]


class RpProbe:
    """anycast_rp's live state: per router of the plan and family, the RP routers whose prefixes it routes the RP
    address by, longest first. ``run(lab, node, argv)`` and ``split(text)`` are replay_lab's node_run and
    split_sections."""

    def __init__(self, lab, plan, mapping, run, split):
        self.lab, self.run, self.split = lab, run, split
        self.addresses = [plan["address"], (plan.get("ipv4") or {}).get("address") or ""]
        self.owner = {"ipv6": {str(I.netaddr.IPNetwork(r["prefix"]).cidr): r["router"] for r in plan["rp_routers"]}}
        if plan.get("ipv4"):
            self.owner["ipv4"] = {str(I.netaddr.IPNetwork(r["prefix"]).cidr): r["router"]
                                  for r in plan["ipv4"]["rp_routers"]}
        self.rp_routers = [r["router"] for r in plan["rp_routers"]]
        names = sorted(set(self.rp_routers) | {r for s in plan.get("segments") or [] for r in s["routers"]})
        missing = [n for n in names if n not in mapping["nodes"]]
        if missing:
            raise L.LabError("mapping: no lab node for %s (the probe reads every router of the plan)" % ", ".join(missing))
        self.routers = [(n, mapping["nodes"][n]["node"]) for n in names]

    def _read(self, node):
        """The node's sections; a read that fails twice raises (a failed read is no "no route": it would fail a row
        that held, or pass one that did not)."""
        for _try in range(2):
            rc, out = self.run(self.lab, node, ["sh", "-c", RP_READ, "rp"] + self.addresses)
            texts = self.split(out)
            if rc == 0 and all(family in texts for family in self.owner):
                return texts
        raise L.LabError("reading the routes to the RP address in %s failed (rc=%d): %s" % (node, rc, out[-300:]))

    def _named(self, family, prefixes):
        """The prefixes as RP routers, a prefix of none of them kept as the prefix when it is at least as long as the
        family's shortest loopback prefix (a shorter one, a summary or a default, cannot take the RP address from a
        live loopback: it says nothing of the arbitration)."""
        owner = self.owner[family]
        shortest = min(int(p.split("/")[1]) for p in owner)
        return [owner.get(p, p) for p in prefixes if p in owner or int(p.split("/")[1]) >= shortest]

    def __call__(self, keys):
        obs = {"rp_routers": list(self.rp_routers)}
        if "rp_routes" in keys:
            # the routers side by side, one thread each (a read through the emulated VM's agent takes a second)
            names, nodes = zip(*self.routers)
            with concurrent.futures.ThreadPoolExecutor(max_workers=min(len(nodes), 8)) as pool:
                read = dict(zip(names, pool.map(self._read, nodes)))
            obs["rp_routes"] = {name: {family: self._named(family, rp_prefixes(texts[family])) for family in self.owner}
                                for name, texts in read.items()}
        return obs
