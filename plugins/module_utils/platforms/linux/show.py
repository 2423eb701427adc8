# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Linux and FRR state as the verify steps read it back, in the row shape of ``ios_show.parse_show_ip_route``.

``{vrf: rows}`` from either parser feeds ``ios_show.tracked_path`` as IOS's ``show ip route`` rows do, so the Linux
twin and the IOS device are verified against one contract (active, standby, hybrid, missing). Both parsers read the
JSON the tools print (``ip -j``, FRR's ``vtysh -c '... json'``), not their text; the test data in
``tests/unit/plugins/module_utils/golden/linux/`` is real output of iproute2 6.1 and FRR 8.4.4 (its README says how
it was made), and a lab test parses live output of FRR 8.4 and FRR 10.3.
"""

from __future__ import annotations

import json

from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I


def _json(text, what, kind):
    try:
        return json.loads(text)
    except ValueError as exc:
        raise I.IntentError(what, "is not the JSON %s prints (%s): %r" % (kind, exc, text[:80])) from None


def _prefix(dst):
    """iproute2 prints the default route as ``default`` and a host route without its length."""
    if dst == "default":
        return "0.0.0.0/0"
    return dst if "/" in dst else dst + "/32"


def parse_ip_route(text):
    """``ip -j -4 route show [vrf X]`` as ``[{prefix, code, distance, metric, next_hop, device}]``, one row per next
    hop (a multipath route's ``nexthops`` each); ``code`` is the route's protocol (``keepalived``, ``static``,
    ``kernel``, ``boot`` when iproute2 prints none); the kernel has no distance (None)."""
    rows = []
    for route in _json(text, "ip_route", "ip -j route"):
        hops = route.get("nexthops") or [route]
        for hop in hops:
            rows.append({"prefix": _prefix(route["dst"]), "code": route.get("protocol", "boot"), "distance": None,
                         "metric": route.get("metric", 0), "next_hop": hop.get("gateway"), "device": hop.get("dev")})
    return rows


def parse_frr_route(text):
    """``vtysh -c 'show ip route [vrf X] json'`` as ``[{prefix, code, distance, metric, next_hop, device, selected,
    installed}]``, one row per next hop of every route FRR holds (routes other processes put in the kernel, such as
    keepalived's, are FRR's ``kernel`` routes; a floating static route is there, not selected, behind them)."""
    rows = []
    for prefix, routes in sorted(_json(text, "frr_route", "FRR's show ip route json").items()):
        for route in routes:
            for hop in route.get("nexthops", []):
                rows.append({"prefix": prefix, "code": route["protocol"], "distance": route.get("distance"),
                             "metric": route.get("metric", 0), "next_hop": hop.get("ip"),
                             "device": hop.get("interfaceName"), "selected": bool(route.get("selected")),
                             "installed": bool(route.get("installed"))})
    return rows


PARSERS = {"ip_route": parse_ip_route, "frr_route": parse_frr_route}


def parse(text, kind):
    """The rows of ``text`` as printed by the command ``kind`` names (one of ``PARSERS``)."""
    if kind not in PARSERS:
        raise I.IntentError("kind", "must be one of %s, got %r" % (", ".join(PARSERS), kind))
    return PARSERS[kind](text)
