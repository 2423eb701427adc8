# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Failure matrix rows of ``nat_gateway`` (issue #19), from its plans and the routers' in front of them.

A NAT box is a pair of bonds: a member's row is the bond carrying on without it; a box's row is the routers'
(``vrf_static_tracking`` plans of the same run) routing table without the box's linknets, and which box NATs is
the box whose addresses are the selected next hops.
"""

from __future__ import annotations

from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I
from ansible_collections.netdesign.resilience.plugins.module_utils.matrix import common as C
from ansible_collections.netdesign.resilience.plugins.module_utils.designs.vrf_static_tracking import matrix as V

# The role's own defaults for the options a prediction reads that are not in the plan (the intent may set
# them): a unit test compares them with roles/nat_gateway/meta/argument_specs.yml.
OPTIONS = {"bond_options": {"bond-mode": "802.3ad", "bond-miimon": 100, "bond-updelay": 200, "bond-downdelay": 200,
                            "bond-lacp-rate": 1, "bond-xmit-hash-policy": "layer2+3"}}


def _bond_ms(opts, key):
    return int(opts["bond_options"].get(key, 0)) / 1000.0


def _snat(plan):
    return [(r["octets"][0], r["octets"][1], r["public"]) for r in plan["snat"]]


def _routers(box, peers):
    """``(router plan entry, the router's linknets facing the box)`` of each vrf_static_tracking plan that
    routes to ``box``."""
    addresses = [I.netaddr.IPNetwork(b["address"]).ip for b in box["interfaces"] if b["kind"] == "bond"]
    found = []
    for peer in peers:
        if peer["design"] == "vrf_static_tracking":
            facing = {i["name"] for i in peer["plan"]["interfaces"]
                      if any(a in I.netaddr.IPNetwork(i["network"]) for a in addresses)}
            if facing:
                found.append((peer, facing))
    return found


def _nat_box(routes, boxes):
    """The NAT box whose bond addresses are the selected next hops of ``routes``."""
    hops = {h for r in routes for h in r["next_hops"]}
    names = [p["hosts"][0] for p in boxes if any(b["address"].split("/")[0] in hops for b in p["plan"]["interfaces"])]
    return names[0] if names else None


# a member coming back waits in the 802.3ad mux machine's WAITING state this long before it attaches to the
# aggregator (AD_AGGREGATE_WAIT_TIME in the kernel's drivers/net/bonding/bond_3ad.c); found by the lab replay (#19)
LACP_AGGREGATE_WAIT = 2


def predict(plan, opts, hosts, peers, plan_id):
    box = hosts[0] if hosts else "nat"
    boxes = [{"design": "nat_gateway", "plan": plan, "hosts": [box]}] + [p for p in peers if p["design"] == "nat_gateway"]
    rows = []
    miimon, down, up = _bond_ms(opts, "bond-miimon"), _bond_ms(opts, "bond-downdelay"), _bond_ms(opts, "bond-updelay")
    lacp = 1 if str(opts["bond_options"].get("bond-lacp-rate", 0)) in ("1", "fast") else 30
    for bond in (i for i in plan["interfaces"] if i["kind"] == "bond"):
        for member in bond["members"]:
            rest = [m for m in bond["members"] if m != member]
            state = "%s stays up on %s" % (bond["name"], ", ".join(rest)) if rest else \
                "%s goes down with its only member: the router's linknet to it loses carrier" % bond["name"]
            predicted = {"bond": bond["name"], "bond_up": bool(rest), "nat_box": "unchanged",
                         "public_addresses": "unchanged", "established_flows": "survive" if rest else "see the linknet row",
                         "text": "%s; no path moves, the same box NATs every client from the same address" % state
                         if rest else state}
            failure = {"inject": C.inject("link_down", box, member), "text": "carrier loss on %s, member of %s (%s) on %s"
                       % (member, bond["name"], bond["role"], box)}
            repair = {"inject": C.inject("link_up", box, member), "text": "%s back in %s" % (member, bond["name"]),
                      "predicted": {"text": "%s collecting and distributing on %s again" % (bond["name"], member)},
                      "bounds": [C.bound("member back in the bond", "linux", [
                          C.term("bond-miimon", miimon), C.term("bond-updelay", up),
                          C.term("802.3ad mux WAITING (Linux bonding's aggregate wait)", LACP_AGGREGATE_WAIT),
                          C.term("one LACPDU at lacp-rate %s" % ("fast" if lacp == 1 else "slow"), lacp)])]}
            rows.append(C.row("nat_gateway", plan_id, "member-%s-%s" % (bond["name"], member), failure, predicted,
                              [C.bound("bond carries on without the member", "linux", [
                                  C.term("bond-miimon", miimon), C.term("bond-downdelay", down)])],
                              repair, [C.invariant("bond-up", "the bond stays up (LACP) and no route moves", bool(rest)),
                                       C.invariant("public-address-unchanged", "a client's public address never changes",
                                                   True)], deviates=not rest))
    rows.append(_box_row(plan, opts, box, boxes, peers, plan_id))
    return rows


def _box_row(plan, opts, box, boxes, peers, plan_id):
    failure = {"inject": C.inject("node_down", box), "text": "%s stops (power off: both bonds lose carrier)" % box}
    repair_inject = {"inject": C.inject("node_up", box), "text": "%s back, its bonds up" % box}
    routers = _routers(plan, peers)
    if not routers:
        predicted = {"nat_box": None, "text": "no vrf_static_tracking plan of this run routes to %s: which box NATs "
                     "afterwards depends on routers outside the inventory (not predicted)" % box}
        repair = dict(repair_inject, predicted={"text": "not predicted"}, bounds=[])
        return C.row("nat_gateway", plan_id, "box-%s" % box, failure, predicted, [], repair, [], deviates=False)
    router, facing = routers[0]
    before, after = V.routing(router["plan"], set()), V.routing(router["plan"], facing)
    was, now = _nat_box(before, boxes), _nat_box(after, boxes)
    by_name = {p["hosts"][0]: p["plan"] for p in boxes}
    same = now is None or was is None or _snat(by_name[now]) == _snat(by_name[was])
    conntrackd = [by_name[n]["conntrackd"]["enabled"] for n in (was, now) if n in by_name]
    synced = bool(conntrackd) and all(conntrackd) and was != now
    inner = V.scenario(router["plan"], options_router(opts, router), facing, "box", failure,
                       plan_id, dict(repair_inject))
    if was == now:
        flows = "survive (%s still NATs them)" % now
    elif synced:
        flows = "survive: conntrackd hands %s's connection states to %s" % (was, now)
    else:
        flows = "lost: conntrackd is off, so %s knows none of %s's connections (clients reconnect)" % (now, was)
    predicted = dict(inner["predicted"], nat_box=now, nat_box_before=was, established_flows=flows,
                     public_addresses="unchanged: %s and %s map every last octet to the same address" % (was, now)
                     if same and was != now else "unchanged" if same else
                     "CHANGE: %s and %s map the last octets differently" % (was, now))
    predicted["text"] = "%s NATs every client%s; %s; established flows %s" % (
        now or "no box", " (was %s)" % was if was != now else " still", predicted["text"], flows)
    invariants = inner["invariants"] + [
        C.invariant("public-address-unchanged", "a client's public address never changes", same,
                    "" if same else "predicted: the two boxes' SNAT maps differ")]
    if synced:
        invariants.append(C.invariant("flows-survive", "established flows survive (conntrackd on both boxes)", True))
    repair = dict(inner["repair"])
    repair["predicted"] = dict(repair["predicted"], nat_box=was)
    repair["predicted"]["text"] = "%s NATs every client again; %s" % (was, repair["predicted"]["text"])
    return C.row("nat_gateway", plan_id, "box-%s" % box, failure, predicted, inner["bounds"], repair, invariants,
                 inner["deviates"] or not same)


def options_router(opts, router):
    """The router plan's options (check interval, fast) with this run's protocol timers."""
    merged = dict(opts)
    merged.update(C.options_of(V.OPTIONS, router.get("options")))
    return merged
