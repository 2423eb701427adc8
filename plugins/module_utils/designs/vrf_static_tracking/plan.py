# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Design ``vrf_static_tracking``: VRF-lite zones with tracked active/standby static paths.

Every active-path linknet gets a reachability track object in its VRF (the
daughters); one ``list boolean and`` parent tracks them all; every active route
is tied to the parent, so the failure of ANY active linknet removes ALL active
routes after ``daughter delay + parent delay`` seconds and the floating routes
(administrative distance 254) carry the traffic.  No route leaking between VRFs.
"""

from __future__ import annotations

from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I
from ansible_collections.netdesign.resilience.plugins.module_utils.designs.vrf_static_tracking import management as M

PATHS = ("active", "standby")


def _delay(raw, field, default):
    raw = I.mapping(raw if raw is not None else default, field)
    return {"down": I.integer(raw.get("down", 0), field + ".down", 0, 180),
            "up": I.integer(raw.get("up", 0), field + ".up", 0, 180)}


def _entries(values, key, min_items=0):
    """``(field, entry)`` for each entry of the intent's list ``key`` (``values``); each must be a mapping."""
    for index, raw in enumerate(I.sequence(values, key, min_items)):
        field = "%s[%d]" % (key, index)
        yield field, I.mapping(raw, field)


def _vrf(raw, field, vrfs, parse):
    """The entry's required ``vrf``, as ``parse`` (I.ios_name, I.text) takes it, and one of ``vrfs``."""
    vrf = parse(I.required(raw, "vrf", field), field + ".vrf")
    if vrf not in vrfs:
        raise I.IntentError(field + ".vrf", "%s is not one of vrfs (%s)" % (I.show(vrf), ", ".join(vrfs)))
    return vrf


def _parse(intent):
    """Structural validation; pitfalls are left in for check() to report."""
    I.mapping(intent, "intent")
    vrfs = I.name_list(I.required(intent, "vrfs", ""), "vrfs", 1)
    for index, vrf in enumerate(vrfs):
        I.ios_name(vrf, "vrfs[%d]" % index)
    tracking = I.mapping(intent.get("tracking", {}), "tracking")
    parent_id = I.integer(tracking.get("parent", 1), "tracking.parent", 1, 1000)
    boolean = I.choice(tracking.get("boolean", "and"), "tracking.boolean", ("and", "or"))
    delay = _delay(tracking.get("delay"), "tracking.delay", {"down": 2, "up": 2})
    parent_delay = _delay(tracking.get("parent_delay"), "tracking.parent_delay", {"down": 2, "up": 2})
    interfaces = []
    for field, raw in _entries(I.required(intent, "interfaces", ""), "interfaces", 1):
        vrf = _vrf(raw, field, vrfs, I.ios_name)
        track = raw.get("track")
        name = I.interface_name(I.required(raw, "name", field), field + ".name")
        interfaces.append({
            "name": name,
            "vlan": I.vlan(raw, name, field + ".vlan"),
            "vrf": vrf,
            "address": I.ip_interface(I.required(raw, "address", field), field + ".address", 4),
            "path": I.choice(I.required(raw, "path", field), field + ".path", PATHS),
            "description": I.description(raw["description"], field + ".description") if raw.get("description") else None,
            "track": None if track is None else I.integer(track, field + ".track", 1, 1000),
        })
    for index, iface in enumerate(interfaces):
        same = next((o for o in interfaces[:index] if I.same_interface(o["name"], iface["name"])), None)
        if same is not None:
            raise I.IntentError("interfaces[%d].name" % index, "duplicate interface %s (%s)" % (
                I.show(iface["name"]), "listed before" if same["name"] == iface["name"] else
                "the same IOS interface as %s" % same["name"]))
        if iface["track"] is not None and iface["path"] != "active":
            raise I.IntentError("interfaces[%d].track" % index, "%s is a standby linknet: only active linknets have "
                                "track objects" % iface["name"])
    routes = []
    for field, raw in _entries(I.required(intent, "routes", ""), "routes", 1):
        vrf = _vrf(raw, field, vrfs, I.text)
        route = {"vrf": vrf, "prefix": I.ip_prefix(I.required(raw, "prefix", field), field + ".prefix", 4),
                 "interface": None if raw.get("interface") is None else
                 I.interface_name(raw["interface"], field + ".interface"), "track": raw.get("track", parent_id)}
        for path in PATHS:
            hop = raw.get(path)
            route[path] = None if hop is None else I.ip_address(hop, "%s.%s" % (field, path), 4)
        if route["track"] is not False:
            route["track"] = I.integer(route["track"], field + ".track", 1, 1000)
        # the same prefix over other next hops is equal-cost multipath; the same route twice is a slip
        same = ("vrf", "prefix", "active", "standby")
        twin = next((i for i, r in enumerate(routes) if all(r[k] == route[k] for k in same)), None)
        if twin is not None:
            raise I.IntentError(field, "%s in VRF %s via %s / %s is routes[%d] again" % (
                route["prefix"], vrf, route["active"], route["standby"], twin))
        routes.append(route)
    tracks = None
    if intent.get("tracks") is not None:
        tracks = []
        for field, raw in _entries(intent["tracks"], "tracks"):
            tracks.append({"id": I.integer(I.required(raw, "id", field), field + ".id", 1, 1000),
                           "prefix": I.ip_prefix(I.required(raw, "prefix", field), field + ".prefix", 4),
                           "vrf": raw.get("vrf")})
    return {
        "vrfs": vrfs, "parent_id": parent_id, "boolean": boolean, "delay": delay, "parent_delay": parent_delay,
        "interfaces": interfaces, "routes": routes, "tracks": tracks,
        "standby_distance": I.integer(intent.get("standby_distance", 254), "standby_distance", 2, 255),
        "inter_vrf_leaking": I.boolean(intent.get("inter_vrf_leaking", False), "inter_vrf_leaking"),
        "management": M.plan(intent["management"]) if intent.get("management") is not None else None,
    }


def _daughters(parsed):
    """Track objects per active linknet: explicit ``tracks`` or derived in interface order."""
    if parsed["tracks"] is not None:
        return [dict(t) for t in parsed["tracks"]]
    result = []
    next_id = parsed["parent_id"] + 1
    used = {i["track"] for i in parsed["interfaces"] if i["track"] is not None} | {parsed["parent_id"]}
    for index, iface in enumerate(parsed["interfaces"]):
        if iface["path"] != "active":
            continue
        track_id = iface["track"]
        if track_id is None:
            while next_id in used:
                next_id += 1
            if next_id > 1000:
                # IOS numbers track objects 1-1000
                raise I.IntentError("interfaces[%d].track" % index, "the next free track object id after the "
                                    "parent %d is %d, past IOS's 1000: set tracking.parent lower or give the "
                                    "linknets' track ids" % (parsed["parent_id"], next_id))
            track_id = next_id
            used.add(track_id)
        elif track_id == parsed["parent_id"]:
            raise I.IntentError("interfaces[%d].track" % index, "%d is the parent track object" % track_id)
        result.append({"id": track_id, "prefix": iface["address"].cidr, "vrf": iface["vrf"],
                       "interface": iface["name"]})
    return result


def plan(intent):
    """Complete plan: VRFs, interfaces, track objects, active and floating routes, failover delays."""
    parsed = _parse(intent)
    daughters = _daughters(parsed)
    ids = [t["id"] for t in daughters]
    for index, track_id in enumerate(ids):
        if ids.index(track_id) != index:
            raise I.IntentError("interfaces", "track object %d is used by two linknets" % track_id)
    tracks = [{
        "id": t["id"], "type": "route", "prefix": str(t["prefix"]), "network": str(t["prefix"].network),
        "netmask": str(t["prefix"].netmask), "vrf": t["vrf"], "interface": t.get("interface"),
        "delay": parsed["delay"],
    } for t in daughters]
    tracks.append({"id": parsed["parent_id"], "type": "list", "boolean": parsed["boolean"],
                   "objects": ids, "delay": parsed["parent_delay"]})
    routes = []
    for index, route in enumerate(parsed["routes"]):
        for path in PATHS:
            if route[path] is None:
                raise I.IntentError("routes[%d].%s" % (index, path), "is required: a route needs a next hop "
                                    "on the %s linknet" % path)
        base = {"vrf": route["vrf"], "prefix": str(route["prefix"]), "network": str(route["prefix"].network),
                "netmask": str(route["prefix"].netmask)}
        routes.append(dict(base, path="active", next_hop=str(route["active"]),
                           track=route["track"] if route["track"] is not False else None, distance=None))
        routes.append(dict(base, path="standby", next_hop=str(route["standby"]), track=None,
                           distance=parsed["standby_distance"]))
    active = sum(1 for r in routes if r["path"] == "active")
    down = parsed["delay"]["down"] + parsed["parent_delay"]["down"]
    up = parsed["delay"]["up"] + parsed["parent_delay"]["up"]
    summary = ("VRFs %s; tracks %s -> parent %d (list boolean %s); %d active routes (track %d) + %d floating "
               "(distance %d); failover %d s after a linknet goes down, back %d s after it returns" % (
                   ", ".join(parsed["vrfs"]), ",".join(str(i) for i in ids), parsed["parent_id"], parsed["boolean"],
                   active, parsed["parent_id"], len(routes) - active, parsed["standby_distance"], down, up))
    return {
        "design": "vrf_static_tracking",
        "summary": summary,
        "vrfs": parsed["vrfs"],
        "inter_vrf_leaking": parsed["inter_vrf_leaking"],
        "interfaces": [{
            "name": i["name"], "vrf": i["vrf"], "address": str(i["address"]), "ip": str(i["address"].ip),
            "netmask": str(i["address"].netmask), "network": str(i["address"].cidr), "path": i["path"],
            "description": i["description"], "vlan": i["vlan"],
        } for i in parsed["interfaces"]],
        "tracks": sorted(tracks, key=lambda t: t["id"]),
        "parent_track": parsed["parent_id"],
        "routes": routes,
        "failover_delay": {"down": down, "up": up},
        "management": parsed["management"],
    }


def check(intent):
    """Findings for a vrf_static_tracking intent (see design_check): the interfaces', the track objects',
    the routes', leaking's, then management's."""
    parsed = _parse(intent)
    return (_interface_findings(parsed["interfaces"]) + _track_findings(parsed) + _route_findings(parsed)
            + _leaking_findings(parsed) + _management_findings(intent, parsed["management"], parsed["vrfs"]))


def _interface_findings(interfaces):
    """A sub-interface without its VLAN; a linknet that overlaps an earlier one of its VRF."""
    findings = []
    for index, iface in enumerate(interfaces):
        if I.is_subinterface(iface["name"]) and iface["vlan"] is None:
            findings.append(I.finding(
                "subinterface-vlan-missing", "error",
                "interface %s is a sub-interface without a vlan: IOS takes no address on it until "
                "'encapsulation dot1Q VLAN' is set, and nothing renders that line" % iface["name"],
                "interfaces[%d].vlan" % index))
    for index, iface in enumerate(interfaces):
        for other in interfaces[:index]:
            if other["vrf"] == iface["vrf"] and I.overlap(iface["address"], other["address"]):
                findings.append(I.finding(
                    "linknet-overlap", "error",
                    "%s %s overlaps %s %s in VRF %s: IOS refuses the second address (overlapping subnet), and "
                    "a track on one linknet would follow the other" % (
                        iface["name"], iface["address"], other["name"], other["address"], iface["vrf"]),
                    "interfaces[%d].address" % index))
                break
    return findings


def _track_findings(parsed):
    """A track object in the wrong VRF; an active linknet without one; a parent that is not ``and``."""
    findings = []
    interfaces = parsed["interfaces"]
    daughters = _daughters(parsed)
    for index, track in enumerate(daughters):
        where = "tracks[%d]" % index if parsed["tracks"] is not None else "interfaces"
        homes = [i for i in interfaces if track["prefix"] == i["address"].cidr or i["address"].ip in track["prefix"]]
        for iface in homes:
            if track.get("vrf") != iface["vrf"]:
                findings.append(I.finding(
                    "track-vrf-missing", "error",
                    "track %d follows %s, which is in VRF %s, but the track object %s: it looks in the wrong "
                    "table and never comes up" % (
                        track["id"], track["prefix"], iface["vrf"],
                        "has no 'ip vrf'" if not track.get("vrf") else "is in VRF %s" % track["vrf"]),
                    where))
                break
    tracked = {str(t["prefix"]) for t in daughters}
    for iface in interfaces:
        if iface["path"] == "active" and str(iface["address"].cidr) not in tracked:
            findings.append(I.finding(
                "hybrid-path", "error",
                "active linknet %s (%s) has no track object: its failure leaves the other active routes in "
                "place and traffic mixes active and standby links" % (iface["name"], iface["address"].cidr),
                "tracks"))
    if parsed["boolean"] != "and":
        findings.append(I.finding(
            "hybrid-path", "error",
            "the parent track is 'list boolean %s': a partial failure keeps some active routes and traffic "
            "mixes active and standby links" % parsed["boolean"], "tracking.boolean"))
    return findings


def _route_findings(parsed):
    """A route not tied to the parent track; a next hop missing, this router's own, on no linknet of the
    route's VRF, or on a linknet of the other path."""
    findings = []
    interfaces = parsed["interfaces"]
    own = {(i["vrf"], str(i["address"].ip)): i["name"] for i in interfaces}
    for index, route in enumerate(parsed["routes"]):
        field = "routes[%d]" % index
        if route["track"] is False or route["track"] != parsed["parent_id"]:
            findings.append(I.finding(
                "hybrid-path", "error",
                "active route %s in VRF %s is tied to %s instead of the parent track %d: a partial failure "
                "can mix active and standby links" % (
                    route["prefix"], route["vrf"],
                    "no track object" if route["track"] is False else "track %d" % route["track"],
                    parsed["parent_id"]), field + ".track"))
        for path in PATHS:
            finding = _next_hop_finding(route, path, "%s.%s" % (field, path), interfaces, own)
            if finding is not None:
                findings.append(finding)
    return findings


def _next_hop_finding(route, path, where, interfaces, own):
    """What is wrong with the route's ``path`` next hop, or None: it is missing, this router's own address
    (``own``: (VRF, address) to interface), on no linknet of the route's VRF, or on a linknet of the other path."""
    hop = route[path]
    if hop is None:
        return I.finding(
            "nexthop-missing", "error",
            "%s route %s in VRF %s has no next hop%s: out a multi-access linknet the router ARPs for "
            "every destination (proxy-ARP neighbour table blow-up)" % (
                path, route["prefix"], route["vrf"],
                " (only interface %s)" % route["interface"] if route["interface"] else ""),
            where)
    if (route["vrf"], str(hop)) in own:
        return I.finding(
            "nexthop-self", "error",
            "%s next hop %s of %s is this router's own address on %s" % (
                path, hop, route["prefix"], own[(route["vrf"], str(hop))]), where)
    links = [i for i in interfaces if i["vrf"] == route["vrf"] and hop in i["address"].cidr]
    if not links:
        return I.finding(
            "nexthop-unreachable", "error",
            "%s next hop %s of %s is on no linknet of VRF %s" % (path, hop, route["prefix"], route["vrf"]),
            where)
    if links[0]["path"] != path:
        return I.finding(
            "hybrid-path", "error",
            "%s route %s in VRF %s uses next hop %s on %s, a %s-path linknet" % (
                path, route["prefix"], route["vrf"], hop, links[0]["name"], links[0]["path"]),
            where)
    return None


def _leaking_findings(parsed):
    """Routes allowed to leak between the zones."""
    if not parsed["inter_vrf_leaking"]:
        return []
    return [I.finding(
        "inter-vrf-leaking", "warning",
        "inter_vrf_leaking is true: static routes may leak between zones and bypass the NAT firewalls",
        "inter_vrf_leaking")]


def _management_findings(intent, mgmt, vrfs):
    """The management part: controllers missing or locked out by the SSH ACL, switch-only traps, the
    management VRF a traffic zone."""
    if mgmt is None:
        return []
    findings = []
    if not mgmt["controllers"]:
        raw = intent["management"].get("controllers")
        findings.append(I.finding(
            "mgmt-controllers-missing", "warning",
            "management.controllers is %s: the lockout check of SSH ACL %s is skipped. Once 'access-class %s "
            "in vrf-also' is on the VTY lines, an address the ACL does not permit can no longer log in: list "
            "the addresses Ansible connects from" % (
                "not set" if raw is None else "empty (%s)" % I.show(raw), mgmt["ssh_acl"]["name"],
                mgmt["ssh_acl"]["name"]),
            "management.controllers"))
    for address in M.lockout(mgmt):
        findings.append(I.finding(
            "mgmt-ssh-lockout", "error",
            "controller %s is not permitted by SSH ACL %s: once 'access-class %s in vrf-also' is on the VTY "
            "lines, Ansible can no longer reach the router" % (address, mgmt["ssh_acl"]["name"],
                                                               mgmt["ssh_acl"]["name"]),
            "management.controllers"))
    traps = M.switch_traps(mgmt)
    if traps:
        findings.append(I.finding(
            "snmp-switch-traps", "warning",
            "management.snmp_traps has %s (%s): switch-only traps that routers reject ('snmp-server host ... "
            "%s' is invalid input on a router), so the SNMP part fails there. On a router leave them out "
            "(e.g. %s); on a Catalyst switch, like the write-up's 4500-X, set management.switch: true" % (
                ", ".join(traps),
                "the default, the write-up's list" if intent["management"].get("snmp_traps") is None
                else "snmp_traps: %s" % I.show(mgmt["snmp"]["traps"]),
                " ".join(traps), I.show([t for t in mgmt["snmp"]["traps"] if t not in traps])),
            "management.snmp_traps"))
    if mgmt["vrf"] in vrfs:
        findings.append(I.finding(
            "mgmt-vrf-is-a-zone", "error",
            "management VRF %s is also a traffic zone: management must stay out of band" % mgmt["vrf"],
            "management.vrf"))
    return findings
