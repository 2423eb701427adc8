# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Design ``sixto4_bgp``: IPv6 sites over an IPv4-only MPLS VPN.

One 6to4 tunnel per site (its address derived from the site's IPv4 tunnel
source, RFC 3056), ``2002::/16`` routed into the tunnel, iBGP between the 6to4
addresses with one site as route reflector, each site's LANs as ``network``
statements; a network that is not a connected LAN (an aggregate) is anchored with a
route to Null0, since IOS advertises a ``network`` only when its exact prefix is in the RIB.
"""

from __future__ import annotations

from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I

SIXTO4_PREFIX = "2002::/16"
PROTO_6IN4 = 41
# An IPv6 LAN is a /64 (SLAAC needs it): without an explicit `lans` list, a site's networks of this length or
# longer are taken as connected LANs, and shorter ones (a /56 over the site's /64s) as aggregates.
LAN_MIN_PREFIXLEN = 64
SUMMARY_SITES = 4  # sites named in a plan's summary line


def sixto4_address(ipv4, field="ipv4"):
    """The 6to4 address ``2002:AABB:CCDD::`` of an IPv4 address, compressed, lowercase.

    >>> sixto4_address('10.1.1.2')
    '2002:a01:102::'
    """
    addr = I.ip_address(ipv4, field, version=4)
    value = int(addr)
    first = (value >> 24) & 0xFF
    if first == 0:
        raise I.IntentError(field, "%s is in 0.0.0.0/8 ('this network'), which 6to4 cannot use" % addr)
    if first == 127:
        raise I.IntentError(field, "%s is a loopback address (127.0.0.0/8), which 6to4 cannot use" % addr)
    if 224 <= first <= 239:
        raise I.IntentError(field, "%s is a multicast address, which 6to4 cannot use" % addr)
    if first >= 240 and value != 0xFFFFFFFF:
        raise I.IntentError(field, "%s is in 240.0.0.0/4 (reserved, RFC 1112), which no router forwards" % addr)
    if value >> 16 == 0xA9FE:
        raise I.IntentError(field, "%s is link-local (169.254.0.0/16): never routed between sites" % addr)
    if value == 0xFFFFFFFF:
        raise I.IntentError(field, "255.255.255.255 is the limited broadcast address, which 6to4 cannot use")
    six = I.netaddr.IPAddress((0x2002 << 112) | (value << 80), 6)
    return str(six).lower()


def ipv4_from_sixto4(address, field="address"):
    """Inverse of :func:`sixto4_address`: the IPv4 address embedded in a 6to4 address."""
    addr = I.ip_address(address, field, version=6)
    if int(addr) >> 112 != 0x2002:
        raise I.IntentError(field, "%s is not a 6to4 address (2002::/16)" % addr)
    return str(I.netaddr.IPAddress((int(addr) >> 80) & 0xFFFFFFFF, 4))


def _tunnel_source(value, field):
    """``tunnel source``: an interface name or an IPv4 address (IOS takes either)."""
    I.text(value, field)
    if I.IOS_INTERFACE.match(value):
        return value
    try:
        return str(I.ip_address(value, field, 4))
    except I.IntentError:
        raise I.IntentError(field, "is neither an interface name nor an IPv4 address: %s" % I.show(value)) from None


def _site(raw, field):
    I.mapping(raw, field)
    name = I.text(I.required(raw, "name", field), field + ".name")
    src_addr = I.required(raw, "tunnel_source_address", field)
    tunnel_address = sixto4_address(src_addr, field + ".tunnel_source_address")
    networks = []
    for index, net in enumerate(I.sequence(raw.get("networks", []), field + ".networks")):
        networks.append(I.ip_prefix(net, "%s.networks[%d]" % (field, index), version=6))
        if networks[-1].ip.is_link_local() or networks[-1].ip.is_multicast():
            raise I.IntentError("%s.networks[%d]" % (field, index), "%s is %s: BGP does not carry it between sites"
                                % (networks[-1], "link-local" if networks[-1].ip.is_link_local() else "multicast"))
    if raw.get("lans") is None:
        lans = [net for net in networks if net.prefixlen >= LAN_MIN_PREFIXLEN]
    else:
        lans = [I.ip_prefix(net, "%s.lans[%d]" % (field, index), version=6)
                for index, net in enumerate(I.sequence(raw["lans"], field + ".lans"))]
    # IOS advertises a `network` only when the RIB has that exact prefix: a connected LAN has it, anything else
    # (an aggregate) needs an anchor, `ipv6 route PREFIX Null0`
    anchor = I.boolean(raw.get("anchor_aggregates", True), field + ".anchor_aggregates")
    unrouted = [net for net in networks if net not in lans]
    return {
        "name": name,
        "tunnel_source": _tunnel_source(raw.get("tunnel_source", src_addr), field + ".tunnel_source"),
        "tunnel_source_address": str(I.ip_address(src_addr, field + ".tunnel_source_address")),
        "tunnel_address": tunnel_address,
        "networks": networks,
        "lans": lans,
        "anchor_aggregates": anchor,
        "anchors": unrouted if anchor else [],
        "unrouted": [] if anchor else unrouted,
    }


# RFC 4271 4.2: a hold time is zero or at least three seconds; IOS and FRR default keepalive 60 s, hold time 180 s,
# ConnectRetry 120 s (the failure matrix's TIMERS table holds the defaults it predicts with)
MIN_HOLDTIME = 3


def _timers(raw):
    """``{keepalive, holdtime, connect_retry}`` of ``timers`` (connect_retry None: FRR's default), or None."""
    if raw is None:
        return None
    I.mapping(raw, "timers")
    unknown = sorted(set(raw) - {"keepalive", "holdtime", "connect_retry"})
    if unknown:
        raise I.IntentError("timers", "unknown key(s) %s (known: keepalive, holdtime, connect_retry)" % ", ".join(
            I.show(k) for k in unknown))
    keepalive = I.integer(I.required(raw, "keepalive", "timers"), "timers.keepalive", 0, 65535)
    holdtime = I.integer(I.required(raw, "holdtime", "timers"), "timers.holdtime", 0, 65535)
    if 0 < holdtime < MIN_HOLDTIME:
        raise I.IntentError("timers.holdtime", "%d: a BGP hold time is 0 or at least %d seconds (RFC 4271 4.2)" % (
            holdtime, MIN_HOLDTIME))
    if holdtime and not keepalive:
        raise I.IntentError("timers.keepalive", "0 (no keepalives) with hold time %d: every session would end %d s "
                            "after it comes up" % (holdtime, holdtime))
    # FRR (bgpd.c, bgp_timers_set) lowers a keepalive above a third of the hold time to that third and shows the
    # lowered value, so the rendered line would differ from the running one on every run (IOS negotiates the same
    # min(keepalive, hold / 3)): refused, with the value that works
    if keepalive > holdtime // 3:
        raise I.IntentError("timers.keepalive", "%d is more than a third of the hold time %d: FRR would run %d (and "
                            "show it), IOS would send keepalives every %d s; set keepalive to at most %d" % (
                                keepalive, holdtime, holdtime // 3, holdtime // 3, holdtime // 3)
                            if holdtime else "%d with hold time 0: with no hold time no keepalive is sent (FRR "
                            "shows 0); set keepalive to 0" % keepalive)
    retry = raw.get("connect_retry")
    return {"keepalive": keepalive, "holdtime": holdtime,
            "connect_retry": None if retry is None else I.integer(retry, "timers.connect_retry", 1, 65535)}


_INDEX = [None, {}]  # the sites list last looked up in, and its {name: site}


def site_of(plan, host):
    """The plan's site named ``host`` (renderers look up every site of a plan: one index per plan, not a scan
    per site, so rendering N sites stays linear)."""
    if _INDEX[0] is not plan["sites"]:
        _INDEX[0], _INDEX[1] = plan["sites"], {s["name"]: s for s in plan["sites"]}
    site = _INDEX[1].get(host)
    if site is None:
        raise I.IntentError("sites", "%s is not one of the sites (%s)" % (
            I.show(host), ", ".join(s["name"] for s in plan["sites"])))
    return site


def host_part(plan, host):
    """What ``host`` needs of a plan: everything but the other sites (its own site lists its iBGP neighbors:
    every client for the route reflector, the route reflector for a client), so N hosts' parts grow as N,
    not N squared. ``hosts`` lists the whole network's sites only in the full plan."""
    part = {key: value for key, value in plan.items() if key not in ("sites", "hosts")}
    part.update(sites=[site_of(plan, host)], hosts=[host])
    return part


def plan(intent):
    """Complete, deterministic plan for every site of a sixto4_bgp intent.

    Returns ``{'asn', 'tunnel_interface', 'route', 'route_reflector', 'sites': [...]}``;
    each site has its tunnel address, its iBGP neighbors (the route reflector
    peers with every client and marks it ``route_reflector_client``; a client
    peers with the route reflector only) and its networks.
    """
    I.mapping(intent, "intent")
    asn = I.integer(I.required(intent, "asn", ""), "asn", 1, 4294967295)
    if asn in RESERVED_ASNS:
        raise I.IntentError("asn", "%d is %s: a BGP speaker cannot use it" % (asn, RESERVED_ASNS[asn]))
    tunnel_interface = I.interface_name(intent.get("tunnel_interface", "Tunnel2002"), "tunnel_interface")
    _core_filters(intent)   # their syntax: what design_check refuses, design_plan refuses too
    timers = _timers(intent.get("timers"))
    sites = [_site(s, "sites[%d]" % i) for i, s in enumerate(I.sequence(I.required(intent, "sites", ""), "sites", 2))]
    names = [s["name"] for s in sites]
    first = {}
    for index, name in enumerate(names):
        if first.setdefault(name, index) != index:
            raise I.IntentError("sites[%d].name" % index, "duplicate site name %s" % I.show(name))
    seen = {}
    for index, site in enumerate(sites):
        other = seen.setdefault(site["tunnel_address"], index)
        if other != index:
            raise I.IntentError(
                "sites[%d].tunnel_source_address" % index,
                "%s gives the same 6to4 address as sites[%d]" % (site["tunnel_source_address"], other),
            )
    rr = I.text(intent.get("route_reflector", names[0]), "route_reflector")
    if rr not in names:
        raise I.IntentError("route_reflector", "%s is not one of the sites (%s)" % (I.show(rr), ", ".join(names)))
    rr_site = sites[first[rr]]
    out_sites = []
    for site in sites:
        if site["name"] == rr:
            neighbors = [
                {"address": s["tunnel_address"], "remote_as": asn, "site": s["name"], "route_reflector_client": True}
                for s in sites if s["name"] != rr
            ]
        else:
            neighbors = [
                {"address": rr_site["tunnel_address"], "remote_as": asn, "site": rr, "route_reflector_client": False}
            ]
        out_sites.append({
            "name": site["name"],
            "role": "route_reflector" if site["name"] == rr else "client",
            "tunnel_interface": tunnel_interface,
            "tunnel_source": site["tunnel_source"],
            "tunnel_source_address": site["tunnel_source_address"],
            "tunnel_address": site["tunnel_address"],
            "tunnel_prefix": site["tunnel_address"] + "/128",
            "neighbors": neighbors,
            "networks": [str(n) for n in site["networks"]],
            "lans": [str(n) for n in site["lans"]],
            "anchor_aggregates": site["anchor_aggregates"],
            # routed to Null0 so that their `network` statements are advertised
            "anchors": [str(n) for n in site["anchors"]],
        })
    # the first four sites by name: the summary is shown per host, so listing all would grow as N squared
    listed = ", ".join("%s=%s" % (s["name"], s["tunnel_address"]) for s in out_sites[:SUMMARY_SITES])
    if len(out_sites) > SUMMARY_SITES:
        listed += ", and %d more" % (len(out_sites) - SUMMARY_SITES)
    summary = "%d sites over 6to4 (%s), iBGP AS %d with route reflector %s, %d networks" % (
        len(out_sites), listed, asn, rr, sum(len(s["networks"]) for s in out_sites))
    return {
        "design": "sixto4_bgp",
        "summary": summary,
        "hosts": [s["name"] for s in out_sites],
        "asn": asn,
        "tunnel_interface": tunnel_interface,
        "route": {"prefix": SIXTO4_PREFIX, "interface": tunnel_interface},
        "route_reflector": rr,
        # None: every router's defaults (keepalive 60 s, hold time 180 s, ConnectRetry 120 s)
        "timers": timers,
        "sites": out_sites,
    }


def _acl_entry_blocks_41(entry, field):
    """Parse one simplified ACL entry; True/False when it decides protocol 41, None when not."""
    words = I.text(entry, field).lower().split()
    if len(words) < 2 or words[0] not in ("permit", "deny"):
        raise I.IntentError(field, "expected 'permit|deny <protocol> ...', got %s" % I.show(entry))
    protocol = words[1]
    if protocol not in ("ip", "41", "ipv6", "ipinip"):
        return None
    if protocol == "ipinip":  # IP-in-IP is protocol 4, not 41
        return None
    return words[0] == "deny"


# AS numbers no BGP speaker may use as its own
RESERVED_ASNS = {23456: "AS_TRANS, the stand-in 4-byte-AS speakers send to 2-byte ones (RFC 6793)",
                 65535: "reserved (RFC 7300)", 4294967295: "reserved (RFC 7300)"}


def _core_filters(intent):
    """``[(field, name, [(field, entry, drops protocol 41: True/False/None)]])`` of the core filters."""
    result = []
    for a_index, acl in enumerate(I.sequence(intent.get("core_filters", []), "core_filters")):
        field = "core_filters[%d]" % a_index
        I.mapping(acl, field)
        name = I.text(I.required(acl, "name", field), field + ".name")
        entries = []
        for e_index, entry in enumerate(I.sequence(I.required(acl, "entries", field), field + ".entries")):
            where = "%s.entries[%d]" % (field, e_index)
            entries.append((where, entry, _acl_entry_blocks_41(entry, where)))
        result.append((field, name, entries))
    return result


def check(intent):
    """Findings for a sixto4_bgp intent (see design_check)."""
    findings = []
    result = plan(intent)
    for s_index, raw in enumerate(intent["sites"]):
        site = _site(raw, "sites[%d]" % s_index)
        for net in site["unrouted"]:
            field = "sites[%d].networks[%d]" % (s_index, site["networks"].index(net))
            findings.append(I.finding(
                "bgp-network-no-route", "warning",
                "network %s of site %s is not one of its LANs (%s) and anchor_aggregates is false: IOS advertises a "
                "BGP network only when the RIB has that exact prefix, so unless something else routes it, it is "
                "silently not advertised. Set anchor_aggregates: true (ipv6 route %s Null0) or list it in lans" % (
                    net, site["name"], ", ".join(str(n) for n in site["lans"]) or "none", net), field))
    for _field, name, entries in _core_filters(intent):
        for where, entry, decision in entries:
            if decision is None:
                continue
            if decision:
                findings.append(I.finding(
                    "proto41-filtered", "error",
                    "filter %s drops IP protocol 41 (%s) on the path between 6to4 sites: every "
                    "tunnel and iBGP session over it fails" % (name, entry), where))
            break
    if result["timers"] is not None and result["timers"]["holdtime"] == 0:
        findings.append(I.finding(
            "bgp-hold-zero", "warning",
            "hold time 0: no iBGP session ever ends, so when a site's tunnel source or the route reflector fails "
            "every other site keeps its routes into the dead tunnel (the failure matrix shows it). Set a hold time "
            "of 3 s or more", "timers.holdtime"))
    nets = []
    for site in result["sites"]:
        for net in site["networks"]:
            nets.append((I.netaddr.IPNetwork(net), site["name"]))
    for first, second in overlapping_pairs([net for net, _owner in nets]):
        (net, owner), (other, other_owner) = nets[first], nets[second]
        findings.append(I.finding(
            "network-overlap", "error", "%s (site %s) overlaps %s (site %s)" % (net, owner, other, other_owner),
            "sites"))
    return findings


def overlapping_pairs(nets):
    """``(i, j)``, ``i < j``, in that order, for every two of ``nets`` (netaddr IPNetworks) that overlap.

    Two CIDR prefixes overlap only when one holds the other, so sorted by start (the wider first at the same
    start) the ranges nest like brackets: a stack of the ranges still open holds exactly the networks the
    next one is inside. O(N log N) plus one step per pair, where comparing every pair was O(N^2) (93 s for
    5,000 sites of 4 networks)."""
    order = sorted(range(len(nets)), key=lambda i: (nets[i].version, nets[i].first, -nets[i].last))
    pairs, stack = [], []
    for index in order:
        net = nets[index]
        while stack and (nets[stack[-1]].version != net.version or nets[stack[-1]].last < net.first):
            stack.pop()
        pairs += [(min(index, other), max(index, other)) for other in stack]
        stack.append(index)
    return sorted(pairs)
