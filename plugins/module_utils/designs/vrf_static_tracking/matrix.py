# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Failure matrix rows of ``vrf_static_tracking`` (issue #19), from its plan.

The router's routing table is computed from the plan for a set of failed linknets: a daughter track is up
while a linknet of its VRF with its prefix is up (a track without its VRF looks in another table and never
comes up), the parent follows its ``list boolean``, an active route is installed while its track is up and
its next hop's linknet is up, a floating route while its linknet is up; the lowest distance wins.
"""

from __future__ import annotations

from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I
from ansible_collections.netdesign.resilience.plugins.module_utils.matrix import common as C
from ansible_collections.netdesign.resilience.plugins.module_utils.designs.vrf_static_tracking import linux as L

# The role's own defaults for the options a prediction reads that are not in the plan (the intent may set
# them): a unit test compares them with roles/vrf_static_tracking/meta/argument_specs.yml.
OPTIONS = {"check_interval": 1, "fast": False}


def _homes(plan, track):
    """The plan's linknets a daughter track follows: same VRF (None is the global table) and prefix."""
    return [i for i in plan["interfaces"] if i["vrf"] == track.get("vrf") and i["network"] == track["prefix"]]


def tracks_up(plan, failed):
    """``{track id: up}`` with the linknets named in ``failed`` down."""
    state = {}
    for track in plan["tracks"]:
        if track["type"] == "route":
            homes = _homes(plan, track)
            state[track["id"]] = bool(homes) and all(h["name"] not in failed for h in homes)
    for track in plan["tracks"]:
        if track["type"] == "list":
            objects = [state.get(o, False) for o in track["objects"]]
            state[track["id"]] = all(objects) if track["boolean"] == "and" else any(objects)
    return state


def routing(plan, failed, seen=None, linkdown_kept=False):
    """Per route of the plan (vrf, prefix): the path that carries it, its next hops and interfaces, with the
    linknets ``failed`` down and the tracks having seen the failures ``seen`` (default all: the steady state; an
    empty set: the moment after the carrier loss, before a track delay ran out). ``linkdown_kept``: the Linux twin,
    whose kernel keeps keepalived's active routes over a linknet that lost carrier (flagged linkdown, still used:
    their traffic is lost) until the instance removes them; such routes get ``blackholed``."""
    state = tracks_up(plan, failed if seen is None else seen)
    table = {}
    for route in plan["routes"]:
        link = L.linknet(plan, route["vrf"], route["next_hop"])
        kept = linkdown_kept and route["track"] is not None
        usable = link is not None and (link["name"] not in failed or kept) and (
            route["track"] is None or state.get(route["track"], False))
        entry = table.setdefault((route["vrf"], route["prefix"]), [])
        if usable:
            entry.append((route["distance"] or 1, route["path"], route["next_hop"], link["name"]))
    result = []
    for (vrf, prefix), candidates in table.items():
        best = min((c[0] for c in candidates), default=None)
        chosen = [c for c in candidates if c[0] == best]
        paths = sorted({c[1] for c in chosen})
        entry = {"vrf": vrf, "prefix": prefix, "path": "+".join(paths) if paths else "none",
                 "next_hops": [c[2] for c in chosen], "interfaces": [c[3] for c in chosen]}
        if any(c[3] in failed for c in chosen):
            entry["blackholed"] = True
        result.append(entry)
    return result


def _mixed(routes):
    paths = _paths(routes) - {"none"}
    return len(paths) > 1 or any("+" in p for p in paths)


def _routes_verb(routes, one, many):
    return "%s %s" % (C.listed("%s %s" % (r["vrf"], r["prefix"]) for r in routes), one if len(routes) == 1 else many)


def _during(plan, failed, after, bounds):
    """The invariant ``no-hybrid-path-during``: the moment after the carrier loss, before the tracks act. On IOS
    the routes over the failed linknet leave the RIB at once (their next hop is gone) and their floating twins
    carry them while the other active routes wait for the delays; on the Linux twin they stay, linkdown, and lose
    their traffic instead."""
    ios, linux = routing(plan, failed, set()), routing(plan, failed, set(), linkdown_kept=True)
    if [r["path"] for r in ios] == [r["path"] for r in after] and not any(r.get("blackholed") for r in linux):
        return C.invariant("no-hybrid-path-during", "never a hybrid path while the switch runs", True)
    window = {platform: b["seconds"] for b in bounds for platform in b["platform"].split(", ")}
    moved = [r for r in ios if r["path"] == "standby" and (r["vrf"], r["prefix"]) in
             {(a["vrf"], a["prefix"]) for a in after}]
    why = []
    if _mixed(ios):
        why.append("IOS: %s to the standby path at once (the next hop's linknet is down) while the other active "
                   "routes wait for the tracks: a hybrid path for up to %s s" % (
                       _routes_verb(moved, "moves", "move"), window.get("ios", "?")))
    dropped = [r for r in linux if r.get("blackholed")]
    if dropped:
        why.append("Linux twin: no hybrid, but %s on the dead linknet (linkdown, still used) and %s for up to %s s"
                   % (_routes_verb(dropped, "stays", "stay"), "loses its traffic" if len(dropped) == 1 else
                      "lose their traffic", window.get("linux", "?")))
    return C.invariant("no-hybrid-path-during", "never a hybrid path while the switch runs (the moment after the "
                       "carrier loss, before the tracks act)", not _mixed(ios) and not _mixed(linux), "; ".join(why))


def _summary(routes):
    return "; ".join("%s %s via %s (%s)" % (r["vrf"], r["prefix"], "/".join(r["next_hops"]) or "nothing: blackhole",
                                            r["path"]) for r in routes)


def _paths(routes):
    return {r["path"] for r in routes}


def _tracking_bounds(plan, opts, daughters, edge):
    """IOS and Linux bounds for the parent track to change after ``daughters`` change (``edge`` down or up)."""
    parent = next(t for t in plan["tracks"] if t["type"] == "list")
    daughter = max(daughters, key=lambda t: t["delay"][edge])
    ios = C.bound("active routes %s" % ("removed" if edge == "down" else "back"), "ios", [
        C.term("track %d delay %s" % (daughter["id"], edge), daughter["delay"][edge]),
        C.term("parent track %d delay %s" % (parent["id"], edge), parent["delay"][edge])])
    interval = opts["check_interval"]
    adv, prio = opts["track_advertisement"], opts["track_priority"]
    master_down = [C.term("tracking instance's master-down (3 x advert_int %s s)" % C.num(adv), 3 * adv),
                   C.term("skew ((256 - %d)/256 x %s s)" % (prio, C.num(adv)), (256 - prio) / 256.0 * adv)]
    if opts["fast"]:
        terms = [C.term("track_interface: carrier loss seen at once, no delay", 0)] if edge == "down" else master_down
        note = "the fast option tracks the linknet interfaces themselves: no delays, no flap damping"
    else:
        delay = daughter["delay"][edge] + parent["delay"][edge]
        # the rendering's own count of checks, so the bound cannot drift from what keepalived is told
        checks = L.checks(delay, interval)
        terms = [C.term("%s (%d checks x check interval %d s; %d = 1 + ceil((%d + %d) s / %d s))" % (
            "fall" if edge == "down" else "rise", checks, interval, checks, daughter["delay"][edge],
            parent["delay"][edge], interval), checks * interval)]
        if edge == "up":
            terms += master_down
        note = "plus one check's run time (about 10 ms on a real machine, ~1.5 s in the lab's emulated VM)"
    linux = C.bound(ios["what"], "linux", terms, note)
    return [ios, linux]


def _flap(plan, opts, failed):
    """``{seconds, text}``: how long a flap of ``failed`` the track delays absorb (no path switch), or None where no
    delay guards it. IOS: a route track stays Up through a loss shorter than its ``delay down``; the Linux twin counts
    the daughter's and the parent's delays together (linux.checks), longer still. The routes over the flapped linknet
    itself still go with its carrier on IOS (no-hybrid-path-during) and stay, linkdown, on Linux."""
    if opts["fast"]:
        return None
    state_a, state_b = tracks_up(plan, set()), tracks_up(plan, failed)
    changed = [t for t in plan["tracks"] if t["type"] == "route" and state_a[t["id"]] != state_b[t["id"]]]
    parent = plan.get("parent_track")
    if not changed or state_a.get(parent) == state_b.get(parent):
        return None
    track = min(changed, key=lambda t: t["delay"]["down"])
    if not track["delay"]["down"]:
        return None
    return {"seconds": track["delay"]["down"], "text": "through a flap shorter than %s s (track %d's delay down) the "
            "tracks hold: no tracked route moves (the route over the flapped linknet itself still goes with its carrier "
            "on IOS)" % (C.num(track["delay"]["down"]), track["id"])}


def _immediate(what):
    return [C.bound(what, "ios, linux", [C.term("carrier loss: the linknet's connected route and the static routes "
                                                "over it leave the RIB at once", 0)])]


def _bounds(plan, opts, failed, before, after, edge):
    if [r["path"] for r in before] == [r["path"] for r in after]:
        return [C.bound("nothing moves", "ios, linux", [])]
    state_a, state_b = tracks_up(plan, set()), tracks_up(plan, failed)
    changed = [t for t in plan["tracks"] if t["type"] == "route" and state_a[t["id"]] != state_b[t["id"]]]
    parent = plan.get("parent_track")
    if changed and state_a.get(parent) != state_b.get(parent):
        return _tracking_bounds(plan, opts, changed, edge)
    return _immediate("routes over the linknet %s" % ("removed" if edge == "down" else "back"))


def _invariants(plan, after):
    hybrid = _mixed(after)
    tied = {r["track"] for r in plan["routes"] if r["path"] == "active"}
    together = tied == {plan.get("parent_track")}
    return [
        C.invariant("no-hybrid-path", "never a hybrid path once the tracks have acted: all routes on the active path "
                    "or all on the standby path, every active route tied to the one parent so they switch together "
                    "(the moment before is no-hybrid-path-during)", not hybrid and together,
                    "" if not hybrid and together else "predicted: %s" % (
                        "routes on both paths at once" if hybrid else
                        "the active routes follow different tracks (%s), so they switch at different times" %
                        C.listed(sorted(str(t) for t in tied)))),
        C.invariant("no-blackhole", "every route has a next hop after the switch", "none" not in _paths(after),
                    "" if "none" not in _paths(after) else "predicted: %s has no route" % C.listed(
                        "%s %s" % (r["vrf"], r["prefix"]) for r in after if r["path"] == "none")),
        C.invariant("returns", "after the repair every route is back on its path before the failure", True),
    ]


def _intended(plan, failed):
    actives = {i["name"] for i in plan["interfaces"] if i["path"] == "active"}
    return "standby" if failed & actives else "active"


def _peer_of(iface, peers):
    """The NAT box bond at the other end of a router linknet, from the nat_gateway plans of the run."""
    network = I.netaddr.IPNetwork(iface["network"])
    for peer in peers:
        if peer["design"] != "nat_gateway":
            continue
        for bond in peer["plan"]["interfaces"]:
            if bond["kind"] == "bond" and I.netaddr.IPNetwork(bond["address"]).ip in network:
                return "%s %s %s" % (peer["hosts"][0], bond["name"], bond["address"].split("/")[0])
    return None


def scenario(plan, opts, failed, key, failure, plan_id, repair_action):
    """A row for ``failed`` linknets of the router (a linknet, or a NAT box's two)."""
    base, after = routing(plan, set()), routing(plan, failed)
    intended = _intended(plan, failed)
    deviates = _paths(after) != {intended} or _paths(base) != {"active"}
    predicted = {"routes": after, "text": _summary(after)}
    parent = next(t for t in plan["tracks"] if t["type"] == "list")
    if parent["boolean"] != "and":
        # linux.py tracks every daughter in one keepalived instance: the twin behaves as 'and' whatever the plan
        predicted["linux_twin"] = ("the Linux twin's one keepalived instance is up only while all daughters are: "
                                   "there every active route moves together (its rendering has no 'list boolean %s')"
                                   % parent["boolean"])
    bounds = _bounds(plan, opts, failed, base, after, "down")
    flap = _flap(plan, opts, failed)
    if flap:
        failure = dict(failure, flap=flap)
    invariants = _invariants(plan, after)
    invariants.insert(1, _during(plan, failed, after, bounds))
    repair = dict(repair_action, predicted={"routes": base, "text": _summary(base)},
                  bounds=_bounds(plan, opts, failed, after, base, "up"))
    return C.row("vrf_static_tracking", plan_id, key, failure, predicted, bounds, repair, invariants, deviates)


def predict(plan, opts, hosts, peers, plan_id):
    router = hosts[0] if hosts else "router"
    rows = []
    for iface in plan["interfaces"]:
        peer = _peer_of(iface, peers)
        text = "carrier loss on %s's %s linknet %s (%s, VRF %s%s)" % (
            router, iface["path"], iface["name"], iface["network"], iface["vrf"], ", far end %s" % peer if peer else "")
        failure = {"inject": C.inject("link_down", router, iface["name"]), "text": text}
        repair = {"inject": C.inject("link_up", router, iface["name"]), "text": "%s up again" % iface["name"]}
        rows.append(scenario(plan, opts, {iface["name"]}, "%s-linknet-%s" % (iface["path"], iface["name"]),
                             failure, plan_id, repair))
    return rows
