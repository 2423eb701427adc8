# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Design ``sixto4_bgp`` on IOS: a site's 6to4 tunnel and IPv6 routes (``config``), its iBGP (``cisco``: cisco.ios's
resource modules render it), from the plan."""

from __future__ import annotations

from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I
from ansible_collections.netdesign.resilience.plugins.module_utils.designs.sixto4_bgp.plan import site_of
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import common as C


def _site(plan, host):
    """The sixto4_bgp site named ``host``, or None."""
    try:
        return site_of(plan, host)
    except I.IntentError:
        return None


def render(plan, host):
    site = _site(plan, host)
    if site is None:
        raise I.IntentError("host", "%r is not a site of the sixto4_bgp plan (%s)"
                            % (host, ", ".join(s["name"] for s in plan["sites"])))
    # a `network` with no exact route in the RIB (an aggregate) is not advertised: the plan's anchors go to Null0
    anchors = [{"type": "ipv6_route_interface", "prefix": C.ipv6(prefix), "interface": "Null0"}
               for prefix in site.get("anchors", [])]
    return {
        "tunnel": [{"name": site["tunnel_interface"], "ipv6_address": site["tunnel_prefix"],
                    "source": site["tunnel_source"], "mode": "ipv6ip 6to4"}],
        "global": [{"type": "ipv6_unicast_routing", "ipv6_unicast_routing": True},
                   {"type": "ipv6_route_interface", "prefix": plan["route"]["prefix"],
                    "interface": plan["route"]["interface"]}] + anchors,
    }


def cisco(plan, host):
    """iBGP between 6to4 addresses (ios_bgp_global) and the IPv6 address family with the route reflector's
    clients and each site's networks (ios_bgp_address_family). Addresses in IOS's upper case, so that
    cisco.ios compares them with what the device shows; IOS's defaults (ipv4-unicast, route-target
    filter) stated, or cisco.ios renders their ``no`` forms."""
    site = _site(plan, host)
    if site is None:
        return {}
    asn = str(plan["asn"])
    neighbors = [{"neighbor_address": C.ipv6(n["address"]), "remote_as": str(n["remote_as"])}
                 for n in site["neighbors"]]
    af_neighbors = [dict({"neighbor_address": C.ipv6(n["address"]), "activate": True},
                         **({"route_reflector_client": True} if n.get("route_reflector_client") else {}))
                    for n in site["neighbors"]]
    bgp_global = {"as_number": asn, "bgp": {"default": {"ipv4_unicast": True, "route_target": {"filter": True}}},
                  "neighbors": neighbors}
    timers = plan.get("timers")
    if timers is not None:   # `timers bgp K H`; IOS has no ConnectRetry setting (the plan's is FRR's)
        bgp_global["timers"] = {"keepalive": timers["keepalive"], "holdtime": timers["holdtime"]}
    return {
        "ios_bgp_global": bgp_global,
        "ios_bgp_address_family": {"as_number": asn, "address_family": [
            {"afi": "ipv6", "neighbors": af_neighbors, "networks": [{"address": C.ipv6(n)} for n in site["networks"]]}]},
    }


# Within one interface block, the order IOS needs: a sub-interface's `encapsulation dot1Q` before its address
