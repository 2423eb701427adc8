# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Design ``anycast_rp``: anycast RP by prefix arbitration.

The same RP address sits on a loopback of several routers with different
prefix lengths; the longest prefix wins everywhere (primary), the next longest
takes over when it disappears.  Two pitfalls break the arbitration: a host
segment (source or listener) directly connected to an RP router (the connected
/128 beats every learned prefix there) and an IGP that advertises the loopback
as a host route (every instance becomes /128 or /32 and the lengths no longer
differ).
"""

from __future__ import annotations

import re

from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I

# Shortest prefix length an anycast RP loopback may get: shorter ones would
# swallow ordinary subnets of the address plan.
MIN_PREFIXLEN = {4: 24, 6: 64}
WIDTH = {4: 32, 6: 128}
IGP_HOST_ROUTE = {"ospf": True, "ospfv3": True, "eigrp": False, "isis": False, "bgp": False, "static": False}


def anycast_rp_plan(address, routers, primary_prefixlen, routers_field="routers"):
    """Rank the RP routers: the first gets ``primary_prefixlen``, each next one bit less.

    ``routers_field`` names the routers in error messages (``rp_routers`` in an intent).
    """
    addr = I.ip_address(address, "address")
    if addr.value == 0:
        raise I.IntentError("address", "the unspecified address %s cannot be an RP address" % addr)
    if addr.is_multicast() or addr.is_loopback() or addr.is_link_local():
        # PIM needs a unicast address the IGP routes to every router (RFC 7761: the RP address is unicast)
        raise I.IntentError("address", "%s is a %s address: an RP address must be a unicast address the IGP "
                            "routes" % (addr, "multicast" if addr.is_multicast() else "loopback"
                                        if addr.is_loopback() else "link-local"))
    names = I.name_list(routers, routers_field, min_items=2)
    folded = [name.lower() for name in names]
    for index, name in enumerate(folded):
        if folded.index(name) != index:
            raise I.IntentError("%s[%d]" % (routers_field, index), "%s and %s name the same router (host names "
                                "are not case-sensitive)" % (I.show(names[folded.index(name)]), I.show(names[index])))
    length = I.integer(primary_prefixlen, "primary_prefixlen", 1, WIDTH[addr.version])
    shortest = length - (len(names) - 1)
    if shortest < MIN_PREFIXLEN[addr.version]:
        raise I.IntentError(
            "primary_prefixlen",
            "/%d with %d routers gives the last one /%d, shorter than /%d, the shortest sensible "
            "anycast prefix for IPv%d" % (length, len(names), shortest, MIN_PREFIXLEN[addr.version], addr.version))
    text_addr = str(addr).lower()
    return [
        {"router": name, "prefix": "%s/%d" % (text_addr, length - rank), "prefixlen": length - rank, "rank": rank + 1}
        for rank, name in enumerate(names)
    ]


def _igp(intent):
    igp = I.mapping(intent.get("igp", {"protocol": "eigrp"}), "igp")
    protocol = I.choice(I.required(igp, "protocol", "igp"), "igp.protocol", tuple(IGP_HOST_ROUTE))
    network_type = igp.get("loopback_network_type")
    if network_type is not None:
        I.choice(network_type, "igp.loopback_network_type", ("loopback", "point-to-point"))
    host_route = IGP_HOST_ROUTE[protocol] and network_type != "point-to-point"
    # the IOS process (EIGRP AS, OSPFv3 process) the loopback joins; OSPF area for OSPF/OSPFv3
    process = I.integer(igp.get("process", 1), "igp.process", minimum=1, maximum=65535)
    # an OSPF area is a 32-bit number; engineers also write it dotted (0.0.0.1), as IOS and FRR accept it
    area = igp.get("area", 0)
    if isinstance(area, str) and re.match(r"^\d+\.\d+\.\d+\.\d+$", area):
        area = int(I.ip_address(area, "igp.area", 4))
    area = I.integer(area, "igp.area", minimum=0, maximum=4294967295)
    return {"protocol": protocol, "loopback_network_type": network_type, "advertises_host_route": host_route,
            "process": process, "area": area}


def _label(rows, loopback):
    """Each row's loopback interface and IOS description (``Anycast RP (Primary)``, ...)."""
    labels = ("Primary", "Secondary", "Tertiary")
    for row in rows:
        row["interface"] = loopback
        row["description"] = "Anycast RP (%s)" % (labels[row["rank"] - 1] if row["rank"] <= 3 else "rank %d" % row["rank"])
    return rows


def plan(intent):
    """Loopbacks per RP router plus the IGP settings that keep their real lengths."""
    I.mapping(intent, "intent")
    rows = anycast_rp_plan(I.required(intent, "address", ""), I.required(intent, "rp_routers", ""),
                           I.required(intent, "primary_prefixlen", ""), routers_field="rp_routers")
    igp = _igp(intent)
    segments = _segments(intent, [r["router"] for r in rows])
    loopback = I.interface_name(intent.get("loopback_interface", "Loopback0"), "loopback_interface")
    _label(rows, loopback)
    ipv4 = None
    if intent.get("ipv4_address") is not None:
        if I.ip_address(intent["address"], "address").version == 4:
            raise I.IntentError("ipv4_address", "address is IPv4 already; ipv4_address is the IPv4 twin of an "
                                "IPv6 anycast RP")
        if I.ip_address(intent["ipv4_address"], "ipv4_address").version != 4:
            raise I.IntentError("ipv4_address", "%s is not an IPv4 address" % I.show(intent["ipv4_address"]))
        try:
            twin = anycast_rp_plan(intent["ipv4_address"], intent["rp_routers"],
                                   I.required(intent, "ipv4_primary_prefixlen", ""), routers_field="rp_routers")
        except I.IntentError as exc:
            field = {"address": "ipv4_address", "primary_prefixlen": "ipv4_primary_prefixlen"}.get(exc.field, exc.field)
            raise I.IntentError(field, exc.message) from None
        ipv4 = {"address": twin[0]["prefix"].split("/")[0], "rp_routers": _label(twin, loopback)}
    return {
        "design": "anycast_rp",
        "summary": "anycast RP %s: %s; %s keeps real prefix lengths: %s" % (
            rows[0]["prefix"].split("/")[0], ", ".join("%s /%d" % (r["router"], r["prefixlen"]) for r in rows),
            igp["protocol"], "no" if igp["advertises_host_route"] else "yes"),
        "address": str(I.ip_address(intent["address"], "address")).lower(),
        "rp_routers": rows,
        "primary": rows[0]["router"],
        "failover_order": [r["router"] for r in rows],
        "igp": igp,
        "segments": segments,
        "ipv4": ipv4,
    }


def _segments(intent, rp_names):
    """The multicast segments ``[{name, routers, hosts}]``; a router written like an RP router in another
    case is refused (it would escape the rp-connected-host check)."""
    folded = {name.lower(): name for name in rp_names}
    result = []
    for index, raw in enumerate(I.sequence(intent.get("segments", []), "segments")):
        field = "segments[%d]" % index
        I.mapping(raw, field)
        name = I.text(I.required(raw, "name", field), field + ".name")
        routers = I.name_list(I.required(raw, "routers", field), field + ".routers", 1)
        for r_index, router in enumerate(routers):
            if router not in rp_names and router.lower() in folded:
                raise I.IntentError("%s.routers[%d]" % (field, r_index), "%s is not an RP router: did you mean %s?"
                                    % (I.show(router), folded[router.lower()]))
        hosts = [I.choice(host, "%s.hosts[%d]" % (field, h_index), ("source", "listener"))
                 for h_index, host in enumerate(I.sequence(raw.get("hosts", []), field + ".hosts"))]
        result.append({"name": name, "routers": routers, "hosts": hosts})
    return result


def check(intent):
    """Findings for an anycast_rp intent (see design_check)."""
    result = plan(intent)
    findings = []
    rp_names = set(result["failover_order"])
    for index, segment in enumerate(result["segments"]):
        field, name, hosts = "segments[%d]" % index, segment["name"], segment["hosts"]
        if not hosts:
            continue
        for router in segment["routers"]:
            if router in rp_names:
                findings.append(I.finding(
                    "rp-connected-host", "error",
                    "segment %s with multicast %s is directly connected to anycast RP router %s: there the "
                    "connected RP address beats the primary's longer prefix, so sources and listeners can "
                    "meet different RPs" % (name, "/".join(sorted(set(hosts))), router), field))
    igp = result["igp"]
    if igp["advertises_host_route"]:
        findings.append(I.finding(
            "rp-host-route", "error",
            "%s advertises a loopback as a host route (/%d) unless its network type is point-to-point: every "
            "anycast instance would have the same length and the prefix arbitration is lost"
            % (igp["protocol"], WIDTH[I.ip_address(result["address"], "address").version]), "igp"))
    return findings
