# -*- coding: utf-8 -*-
"""The failure matrix predicted offline (issue #19): the example inventory's rows per design, predictions that
follow the intent (timers, next hops, pool), broken intents shown with the finding that names them."""
from __future__ import annotations

import copy
import json
import os

import pytest
import yaml

from ansible_collections.netdesign.resilience.plugins.module_utils.core import design as D
from ansible_collections.netdesign.resilience.plugins.module_utils.matrix import predict as FM
from ansible_collections.netdesign.resilience.plugins.module_utils.matrix import common as C
from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I
from ansible_collections.netdesign.resilience.plugins.module_utils.designs.vrf_static_tracking import linux as tracking
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.linux import render as linux_render
from ansible_collections.netdesign.resilience.plugins.module_utils.core import site as S

from example_inventory import ROOT, example_intent

HOSTS = {"vrf_static_tracking": ["lin-router"], "sixto4_bgp": ["ace1", "ace2", "ace3"], "anycast_rp": ["c1", "c2"],
         "wan_backup_vrrp": ["main-router"]}


def rows_of(design, intent=None, host=None, peers=None, options=None):
    intent = intent if intent is not None else example_intent(design, host)
    plan = D.plan(design, intent)
    return FM.matrix(design, plan, options, [host] if host else HOSTS[design], peers)


def by_key(rows):
    return {r["id"].rsplit("/", 1)[1]: r for r in rows}


def bound(each, platform, repair=False):
    bounds = each["repair"]["bounds"] if repair else each["bounds"]
    return next(b for b in bounds if platform in b["platform"].split(", "))


def nat_peers(nat1=None, nat2=None, router=None):
    """The peers of nat1: nat2 and the router, as the main job passes them."""
    return [{"design": "nat_gateway", "plan": D.plan("nat_gateway", nat2 or example_intent("nat_gateway", "nat2")),
             "hosts": ["nat2"]},
            {"design": "vrf_static_tracking", "hosts": ["lin-router"],
             "plan": D.plan("vrf_static_tracking", router or example_intent("vrf_static_tracking"))}]


# ---------------------------------------------------------------------------------------------------------
# the example inventory, design by design

def test_vrf_static_tracking_example_rows():
    plan = D.plan("vrf_static_tracking", example_intent("vrf_static_tracking"))
    rows = by_key(rows_of("vrf_static_tracking"))
    assert sorted(rows) == sorted("%s-linknet-%s" % (i["path"], i["name"]) for i in plan["interfaces"])
    failed = rows["active-linknet-Port-channel10"]
    assert failed["failure"]["inject"] == {"action": "link_down", "node": "lin-router", "target": "Port-channel10"}
    standby = {(r["vrf"], r["prefix"]): r["next_hop"] for r in plan["routes"] if r["path"] == "standby"}
    active = {(r["vrf"], r["prefix"]): r["next_hop"] for r in plan["routes"] if r["path"] == "active"}
    assert {(r["vrf"], r["prefix"]): r["next_hops"] for r in failed["predicted"]["routes"]} == \
        {k: [v] for k, v in standby.items()}
    assert {r["path"] for r in failed["predicted"]["routes"]} == {"standby"}
    assert {(r["vrf"], r["prefix"]): r["next_hops"] for r in failed["repair"]["predicted"]["routes"]} == \
        {k: [v] for k, v in active.items()}
    assert bound(failed, "ios") == {"what": "active routes removed", "platform": "ios", "seconds": 4, "arithmetic":
                                    "track 2 delay down 2 s + parent track 1 delay down 2 s = 4 s"}
    assert bound(failed, "linux")["seconds"] == 5 and bound(failed, "linux")["arithmetic"] == \
        "fall (5 checks x check interval 1 s; 5 = 1 + ceil((2 + 2) s / 1 s)) = 5 s"
    assert bound(failed, "ios", repair=True)["seconds"] == 4
    assert bound(failed, "linux", repair=True)["seconds"] == 5.3   # rise 5 x 1 s + master-down 0.3 s + skew
    assert not failed["deviates"] and failed["findings"] == [] and failed["status"] == "predicted"
    # the moment after the carrier loss: IOS drops the route whose next hop is gone at once, the others wait for the
    # tracks (a hybrid for up to 4 s); the Linux twin keeps it, linkdown, and loses its traffic instead (up to 5 s)
    during = next(i for i in failed["invariants"] if i["id"] == "no-hybrid-path-during")
    assert not during["predicted_to_hold"] and during["why"] == (
        "IOS: inside 0.0.0.0/0 moves to the standby path at once (the next hop's linknet is down) while the other "
        "active routes wait for the tracks: a hybrid path for up to 4 s; Linux twin: no hybrid, but inside 0.0.0.0/0 "
        "stays on the dead linknet (linkdown, still used) and loses its traffic for up to 5 s")
    quiet = rows["standby-linknet-Port-channel11"]
    assert {r["path"] for r in quiet["predicted"]["routes"]} == {"active"}
    assert quiet["bounds"] == [C.bound("nothing moves", "ios, linux", [])] and quiet["bounds"][0]["seconds"] == 0
    assert all(i["predicted_to_hold"] for i in quiet["invariants"])
    assert "far end nat1 bond0" not in failed["failure"]["text"]   # no NAT plans given: no far end named


def test_vrf_static_tracking_far_end_named_from_the_nat_plans():
    peers = nat_peers()
    rows = by_key(rows_of("vrf_static_tracking", peers=peers[:1] + [dict(peers[0], hosts=["nat1"], plan=D.plan(
        "nat_gateway", example_intent("nat_gateway", "nat1")))]))
    assert "far end nat1 bond0 192.76.34.93" in rows["active-linknet-Port-channel10"]["failure"]["text"]
    assert "far end nat2 bond1 163.1.120.5" in rows["standby-linknet-Port-channel21"]["failure"]["text"]


def test_vrf_static_tracking_timers_follow_the_intent():
    intent = example_intent("vrf_static_tracking")
    intent["tracking"] = dict(intent["tracking"], delay={"down": 5, "up": 1}, parent_delay={"down": 2, "up": 7})
    failed = by_key(rows_of("vrf_static_tracking", intent, options={"check_interval": 2}))[
        "active-linknet-Port-channel20"]
    assert bound(failed, "ios")["arithmetic"] == "track 4 delay down 5 s + parent track 1 delay down 2 s = 7 s"
    assert bound(failed, "ios", repair=True)["seconds"] == 8
    # the rendering's own counts: fall 1 + ceil(7/2) = 5 checks of 2 s; rise 1 + ceil(8/2) = 5
    assert tracking.checks(7, 2) == 5
    assert bound(failed, "linux")["seconds"] == 10
    assert bound(failed, "linux", repair=True)["seconds"] == 10.3
    fast = by_key(rows_of("vrf_static_tracking", intent, options={"fast": True}))["active-linknet-Port-channel20"]
    assert bound(fast, "linux")["seconds"] == 0 and bound(fast, "ios")["seconds"] == 7
    assert bound(fast, "linux", repair=True)["seconds"] == 0.3


def test_vrf_static_tracking_next_hops_follow_the_intent():
    intent = example_intent("vrf_static_tracking")
    for iface in intent["interfaces"]:
        if iface["name"] == "Port-channel11":
            iface["address"] = "192.76.34.102/30"
    intent["routes"][0]["standby"] = "192.76.34.101"
    failed = by_key(rows_of("vrf_static_tracking", intent))["active-linknet-Port-channel10"]
    route = next(r for r in failed["predicted"]["routes"] if (r["vrf"], r["prefix"]) == ("inside", "0.0.0.0/0"))
    assert route == {"vrf": "inside", "prefix": "0.0.0.0/0", "path": "standby", "next_hops": ["192.76.34.101"],
                     "interfaces": ["Port-channel11"]}


def test_nat_gateway_example_rows():
    rows = by_key(rows_of("nat_gateway", host="nat1", peers=nat_peers()))
    assert sorted(rows) == ["box-nat1", "member-bond0-eth5", "member-bond0-eth7", "member-bond1-eth4",
                            "member-bond1-eth6"]
    member = rows["member-bond0-eth5"]
    assert member["predicted"]["bond_up"] and "bond0 stays up on eth7" in member["predicted"]["text"]
    assert member["bounds"][0]["arithmetic"] == "bond-miimon 0.1 s + bond-downdelay 0.2 s = 0.3 s"
    # the member waits 2 s in the 802.3ad mux machine before it attaches (the lab replay found it)
    assert member["repair"]["bounds"][0]["seconds"] == 3.3
    box = rows["box-nat1"]
    assert box["failure"]["inject"] == {"action": "node_down", "node": "nat1"}
    assert box["predicted"]["nat_box"] == "nat2" and box["predicted"]["nat_box_before"] == "nat1"
    assert box["predicted"]["public_addresses"].startswith("unchanged")
    assert box["predicted"]["established_flows"].startswith("lost: conntrackd is off")
    assert bound(box, "ios")["seconds"] == 4 and bound(box, "linux")["seconds"] == 5
    assert box["repair"]["predicted"]["nat_box"] == "nat1"
    assert [i["id"] for i in box["invariants"]] == ["no-hybrid-path", "no-hybrid-path-during", "no-blackhole",
                                                    "returns", "public-address-unchanged"]
    assert [i["id"] for i in box["invariants"] if not i["predicted_to_hold"]] == ["no-hybrid-path-during"]
    # nat1's two linknets carry inside 0.0.0.0/0 and outside 192.76.8.0/24: on IOS they move at once
    assert box["invariants"][1]["why"].startswith("IOS: inside 0.0.0.0/0, outside 192.76.8.0/24 move to the standby "
                                                  "path at once")
    # the standby box: nothing moves when it stops
    other = by_key(FM.matrix("nat_gateway", D.plan("nat_gateway", example_intent("nat_gateway", "nat2")), None,
                             ["nat2"], [dict(nat_peers()[0], hosts=["nat1"], plan=D.plan(
                                 "nat_gateway", example_intent("nat_gateway", "nat1")))] + nat_peers()[1:]))
    assert other["box-nat2"]["predicted"]["nat_box"] == "nat1" and other["box-nat2"]["bounds"][0]["seconds"] == 0


def test_nat_gateway_conntrackd_pool_and_bond_options_change_the_prediction():
    on = {"enabled": True, "peer": "10.2.2.2"}
    nat1 = dict(example_intent("nat_gateway", "nat1"), conntrackd=on)
    nat2 = dict(example_intent("nat_gateway", "nat2"), conntrackd={"enabled": True, "peer": "10.2.2.1"})
    box = by_key(rows_of("nat_gateway", nat1, "nat1", nat_peers(nat2=nat2)))["box-nat1"]
    assert box["predicted"]["established_flows"].startswith("survive: conntrackd")
    assert box["invariants"][-1] == C.invariant("flows-survive", "established flows survive (conntrackd on both "
                                                "boxes)", True)
    moved = dict(example_intent("nat_gateway", "nat2"), pool="192.76.9.0/26")
    box = by_key(rows_of("nat_gateway", host="nat1", peers=nat_peers(nat2=moved)))["box-nat1"]
    assert box["predicted"]["public_addresses"].startswith("CHANGE") and box["deviates"]
    assert not next(i for i in box["invariants"] if i["id"] == "public-address-unchanged")["predicted_to_hold"]
    slow = by_key(rows_of("nat_gateway", host="nat1", peers=nat_peers(), options={"bond_options": {
        "bond-miimon": 50, "bond-downdelay": 400, "bond-lacp-rate": 0}}))["member-bond1-eth4"]
    assert slow["bounds"][0]["seconds"] == 0.45 and slow["repair"]["bounds"][0]["seconds"] == 32.25


def test_nat_gateway_alone_and_a_one_member_bond():
    intent = example_intent("nat_gateway", "nat1")
    intent["bonds"][0]["members"] = ["eth5"]
    rows = by_key(rows_of("nat_gateway", intent, "nat1"))
    assert rows["member-bond0-eth5"]["deviates"] and not rows["member-bond0-eth5"]["predicted"]["bond_up"]
    assert rows["box-nat1"]["predicted"]["nat_box"] is None and rows["box-nat1"]["bounds"] == []


def test_sixto4_bgp_example_rows():
    rows = by_key(rows_of("sixto4_bgp"))
    assert sorted(rows) == ["route-reflector-ace1", "route-reflector-node-ace1", "site-ace2", "site-ace3"]
    node = rows["route-reflector-node-ace1"]
    assert node["failure"]["inject"] == {"action": "node_down", "node": "ace1"}
    assert node["repair"]["inject"] == {"action": "node_up", "node": "ace1"}
    rr = rows["route-reflector-ace1"]
    assert node["predicted"] == rr["predicted"] and node["bounds"] == rr["bounds"]
    assert rr["failure"]["inject"] == {"action": "link_down", "node": "ace1", "target": "Serial1/0",
                                       "address": "10.1.1.2"}
    assert rr["predicted"]["sessions_down"] == ["ace1-ace2", "ace1-ace3"] and rr["predicted"]["sessions_up"] == 0
    assert rr["predicted"]["other_pairs_cut"] == 1 and rr["predicted"]["sites_isolated"] == ["ace2", "ace3"]
    assert rr["predicted"]["single_point_of_failure"]
    site = rows["site-ace2"]
    assert site["predicted"]["sessions_down"] == ["ace1-ace2"] and site["predicted"]["sessions_up"] == 1
    assert site["predicted"]["other_pairs_cut"] == 0 and not site["predicted"]["single_point_of_failure"]
    # the example's timers (keepalive 5, hold 15, FRR ConnectRetry 5): IOS keeps its own ConnectRetry
    assert bound(site, "ios")["arithmetic"] == "BGP hold time = 15 s" and bound(site, "linux")["seconds"] == 15
    assert bound(site, "linux", repair=True)["seconds"] == 5
    assert bound(site, "ios", repair=True)["seconds"] == 120 and "ConnectRetry" in bound(site, "ios", True)["note"]
    assert not any(r["deviates"] for r in rows.values())


def test_sixto4_bgp_without_timers_reads_the_defaults():
    intent = example_intent("sixto4_bgp")
    del intent["timers"]
    site = by_key(rows_of("sixto4_bgp", intent))["site-ace2"]
    assert bound(site, "ios")["arithmetic"] == "BGP hold time = 180 s"
    assert [b["platform"] for b in site["repair"]["bounds"]] == ["ios, linux"]
    assert bound(site, "linux", repair=True)["seconds"] == 120
    assert bound(by_key(rows_of("sixto4_bgp", intent, options={"bgp_hold": 9}))["site-ace3"], "ios")["seconds"] == 9
    # the plan's timers win over an option: they are what the routers run
    assert bound(by_key(rows_of("sixto4_bgp", options={"bgp_hold": 9}))["site-ace3"], "ios")["seconds"] == 15


def test_sixto4_bgp_hold_zero_is_the_blackhole_it_causes():
    intent = example_intent("sixto4_bgp")
    intent["timers"] = {"keepalive": 0, "holdtime": 0}
    rows = by_key(rows_of("sixto4_bgp", intent))
    site = rows["site-ace3"]
    assert site["deviates"] and site["predicted"]["sessions_down"] == [] and site["predicted"]["sessions_up"] == 2
    assert site["predicted"]["blackholed_networks_of"] == ["ace3"] and "bgp-hold-zero" in site["predicted"]["text"]
    assert bound(site, "ios")["seconds"] is None and "bgp-hold-zero" in bound(site, "ios")["note"]
    assert not rows["route-reflector-ace1"]["predicted"]["single_point_of_failure"]
    # the reflector powered on again: the clients' stale sessions stay Established and close its new ones
    node = rows["route-reflector-node-ace1"]
    assert node["repair"]["predicted"]["sessions_down"] == ["ace1-ace2", "ace1-ace3"]
    assert node["repair"]["bounds"][0]["seconds"] is None and "RFC 4271 6.8" in node["repair"]["predicted"]["text"]
    held = [(i["id"], i["predicted_to_hold"]) for i in node["invariants"]]
    assert held == [("others-keep-routes", True), ("returns", False)]
    assert site["repair"]["bounds"][0]["seconds"] == 0   # a site's link back: its sessions never ended
    assert [f["code"] for f in D.check("sixto4_bgp", intent)] == ["bgp-hold-zero"]


def test_sixto4_bgp_another_route_reflector():
    intent = example_intent("sixto4_bgp")
    intent["route_reflector"] = "ace3"
    rows = by_key(FM.matrix("sixto4_bgp", D.plan("sixto4_bgp", intent), None, ["ace1"]))
    assert sorted(rows) == ["route-reflector-ace3", "route-reflector-node-ace3", "site-ace1", "site-ace2"]
    assert rows["route-reflector-ace3"]["predicted"]["sites_isolated"] == ["ace1", "ace2"]


def test_anycast_rp_example_rows():
    rows = by_key(rows_of("anycast_rp"))
    assert sorted(rows) == ["loopback-c1", "loopback-c2"]
    primary = rows["loopback-c1"]
    assert primary["failure"]["inject"] == {"action": "link_down", "node": "c1", "target": "Loopback0"}
    assert primary["predicted"]["rp_holder"] == "c2"
    assert primary["predicted"]["rp_prefix"] == "2001:db8:afe:fe00::1/119"
    assert primary["repair"]["predicted"]["rp_holder"] == "c1"
    assert bound(primary, "ios")["seconds"] == 0 and "EIGRP" in bound(primary, "ios")["arithmetic"]
    assert bound(primary, "linux")["seconds"] is None   # no FRR rendering of EIGRP
    pim = primary["bounds"][-1]
    assert pim["what"] == "multicast through the RP holder" and pim["seconds"] == 90
    secondary = rows["loopback-c2"]
    assert secondary["predicted"]["rp_holder"] == "c1" and len(secondary["bounds"]) == 2


def test_anycast_rp_prefix_and_igp_follow_the_intent():
    intent = dict(example_intent("anycast_rp"), primary_prefixlen=112,
                  igp={"protocol": "ospfv3", "loopback_network_type": "point-to-point"},
                  ipv4_address="10.255.0.1", ipv4_primary_prefixlen=30)
    primary = by_key(rows_of("anycast_rp", intent))["loopback-c1"]
    assert primary["predicted"]["rp_prefix"] == "2001:db8:afe:fe00::1/111"
    assert "IPv4 twin 10.255.0.1 on c2" in primary["predicted"]["text"]
    assert bound(primary, "linux")["arithmetic"] == "OSPF MinLSInterval 5 s + SPF hold 0.05 s = 5.05 s"
    assert bound(primary, "ios")["seconds"] == 5
    intent["igp"] = {"protocol": "isis"}
    assert bound(by_key(rows_of("anycast_rp", intent))["loopback-c1"], "ios")["seconds"] is None


def test_wan_backup_vrrp_example_rows():
    rows = by_key(rows_of("wan_backup_vrrp"))
    assert sorted(rows) == ["node-main-router", "wan-Multilink1"]
    wan = rows["wan-Multilink1"]
    assert wan["predicted"]["vrrp_master"] == "netgate" and wan["predicted"]["main_priority"] == 10
    assert wan["predicted"]["masters_by_backup_priority"] == {"50": "netgate", "75": "netgate"}
    assert wan["bounds"][0]["arithmetic"] == ("Master_Down_Interval (3 x advertisement interval 1 s) 3 s + skew "
                                              "((256 - 50)/256 x 1 s) 0.805 s = 3.805 s")
    assert wan["repair"]["predicted"]["vrrp_master"] == "main-router"
    assert bound(wan, "ios", repair=True)["seconds"] == 61
    # keepalived takes over when its master-down timer runs out after the delay (the lab replay measured it)
    assert bound(wan, "linux", repair=True)["arithmetic"] == (
        "preempt delay 60 s + Master_Down_Interval (3 x advertisement interval 1 s) 3 s + skew ((256 - 110)/256 x 1 s) "
        "0.57 s = 63.57 s")
    assert rows["node-main-router"]["failure"]["inject"] == {"action": "node_down", "node": "main-router"}
    assert [i["id"] for i in wan["invariants"]] == ["one-master", "gateway-answers"]


def test_wan_backup_vrrp_timers_follow_the_intent():
    intent = example_intent("wan_backup_vrrp")
    intent["main"] = dict(intent["main"], preempt_delay=30)
    intent["backup"] = dict(intent["backup"], priority_min=70)
    wan = by_key(rows_of("wan_backup_vrrp", intent, options={"vrrp_advertisement": 2}))["wan-Multilink1"]
    assert wan["bounds"][0]["seconds"] == pytest.approx(6 + 186 / 256.0 * 2, abs=0.001)
    assert bound(wan, "ios", repair=True)["arithmetic"] == "preempt delay 30 s + one advertisement interval 2 s = 32 s"
    assert bound(wan, "linux", repair=True)["seconds"] == pytest.approx(30 + 6 + 146 / 256.0 * 2, abs=0.001)


# ---------------------------------------------------------------------------------------------------------
# broken intents: the failure they would cause, with the design check that names it

def codes(each):
    return sorted({f["code"] for f in each["findings"]})


def test_track_without_its_vrf_never_comes_up():
    intent = example_intent("vrf_static_tracking")
    intent["tracks"] = [{"id": 2, "prefix": "192.76.34.92/30", "vrf": "inside"}, {"id": 3, "prefix": "192.76.34.28/30"},
                        {"id": 4, "prefix": "163.1.120.0/30", "vrf": "outside"},
                        {"id": 5, "prefix": "192.76.34.192/30", "vrf": "outside"}]
    result = FM.for_intent("vrf_static_tracking", intent, ["lin-router"])
    assert [f["code"] for f in result["findings"]] == ["track-vrf-missing"] and result["unshown"] == []
    rows = by_key(result["rows"])
    assert all(codes(r) == ["track-vrf-missing"] and r["deviates"] for r in rows.values())
    # the parent never comes up: the traffic is on the standby path before any failure ...
    assert {r["path"] for r in rows["active-linknet-Port-channel10"]["repair"]["predicted"]["routes"]} == {"standby"}
    # ... and a standby linknet's failure blackholes its routes
    standby = rows["standby-linknet-Port-channel11"]
    assert next(r for r in standby["predicted"]["routes"] if r["prefix"] == "0.0.0.0/0" and r["vrf"] == "inside")[
        "path"] == "none"
    assert not next(i for i in standby["invariants"] if i["id"] == "no-blackhole")["predicted_to_hold"]


def test_boolean_or_parent_is_a_hybrid_path():
    intent = example_intent("vrf_static_tracking")
    intent["tracking"] = dict(intent["tracking"], boolean="or")
    rows = by_key(FM.for_intent("vrf_static_tracking", intent, ["lin-router"])["rows"])
    failed = rows["active-linknet-Port-channel10"]
    assert codes(failed) == ["hybrid-path"]
    assert {r["path"] for r in failed["predicted"]["routes"]} == {"active", "standby"}
    assert not failed["invariants"][0]["predicted_to_hold"]
    assert bound(failed, "ios")["seconds"] == 0   # only the route over the dead linknet leaves, at once
    assert "moves together" in failed["predicted"]["linux_twin"]
    assert codes(rows["standby-linknet-Port-channel11"]) == []


def test_route_on_another_track_switches_apart():
    intent = example_intent("vrf_static_tracking")
    intent["routes"][1]["track"] = 4   # the daughter of Port-channel20, not the parent
    rows = by_key(FM.for_intent("vrf_static_tracking", intent, ["lin-router"])["rows"])
    failed = rows["active-linknet-Port-channel20"]
    # every route ends on the standby path, but 10.16.0.0/12 leaves 2 s before the others: a hybrid meanwhile
    assert {r["path"] for r in failed["predicted"]["routes"]} == {"standby"}
    assert codes(failed) == ["hybrid-path"] and "switch at different times" in failed["invariants"][0]["why"]
    # a failure the route's own track does not see: that route stays on the active path
    assert "routes on both paths" in rows["active-linknet-Port-channel10"]["invariants"][0]["why"]


def test_vrrp_priorities_that_cannot_fail_over():
    intent = example_intent("wan_backup_vrrp")
    intent["main"] = dict(intent["main"], track=[{"object": 1, "interface": "Multilink1", "decrement": 20}])
    rows = by_key(FM.for_intent("wan_backup_vrrp", intent, ["main-router"])["rows"])
    wan = rows["wan-Multilink1"]
    assert wan["predicted"]["vrrp_master"] == "main-router" and wan["deviates"] and codes(wan) == ["vrrp-priority"]
    assert "not below the backup's minimum" in wan["findings"][0]["message"]
    assert codes(rows["node-main-router"]) == []   # a dead main router still hands over
    low = example_intent("wan_backup_vrrp")
    low["main"] = dict(low["main"], priority=70)   # not above the backup's 75: the backup can stay Master
    rows = by_key(FM.for_intent("wan_backup_vrrp", low, ["main-router"])["rows"])
    assert rows["wan-Multilink1"]["repair"]["predicted"]["vrrp_master"] == "netgate"
    assert codes(rows["node-main-router"]) == ["vrrp-priority"]
    tie = example_intent("wan_backup_vrrp")
    tie["main"] = dict(tie["main"], priority=75)
    text = by_key(FM.for_intent("wan_backup_vrrp", tie, ["main-router"])["rows"])["wan-Multilink1"][
        "repair"]["predicted"]["vrrp_master"]
    assert "equal priority 75" in text


def test_vrrp_address_owner_never_hands_over():
    intent = dict(example_intent("wan_backup_vrrp"), virtual_ip="10.0.10.2")
    wan = by_key(FM.for_intent("wan_backup_vrrp", intent, ["main-router"])["rows"])["wan-Multilink1"]
    assert wan["predicted"]["main_priority"] == 255 and codes(wan) == ["vrrp-address-owner"]


def test_anycast_host_routes_and_connected_hosts():
    intent = dict(example_intent("anycast_rp"), igp={"protocol": "ospfv3"})
    rows = FM.for_intent("anycast_rp", intent, ["c1"])["rows"]
    assert all(codes(r) == ["rp-host-route"] for r in rows)
    assert not any(i["predicted_to_hold"] for i in rows[0]["invariants"])
    segment = {"name": "c2-lan", "routers": ["c2"], "hosts": ["source"]}
    connected = dict(example_intent("anycast_rp"), segments=[segment])
    rows = by_key(FM.for_intent("anycast_rp", connected, ["c1"])["rows"])
    assert codes(rows["loopback-c2"]) == ["rp-connected-host"]
    assert "c2 is RP for its own attached hosts" in rows["loopback-c2"]["predicted"]["text"]


def test_findings_no_row_shows_and_intents_no_plan_can_be_made_from():
    intent = example_intent("vrf_static_tracking")
    intent["management"] = dict(intent["management"], controllers=["10.9.9.9"])
    result = FM.for_intent("vrf_static_tracking", intent, ["lin-router"])
    assert [f["code"] for f in result["unshown"]] == ["mgmt-ssh-lockout"]
    assert all(r["findings"] == [] for r in result["rows"])
    bad = FM.for_intent("wan_backup_vrrp", {"interface": "Fa0/0"}, ["main-router"])
    assert bad["rows"] == [] and bad["plan_summary"] is None and bad["unshown"][0]["code"] == "intent-invalid"


# ---------------------------------------------------------------------------------------------------------
# every row, the errors, the site report

@pytest.mark.parametrize("design, host", [("vrf_static_tracking", None), ("nat_gateway", "nat1"), ("sixto4_bgp", None),
                                          ("anycast_rp", None), ("wan_backup_vrrp", None)])
def test_every_row_is_complete(design, host):
    rows = rows_of(design, host=host, peers=nat_peers() if host else None)
    assert len({r["id"] for r in rows}) == len(rows) > 0
    for each in rows:
        assert each["status"] == "predicted" and each["failure"]["inject"]["action"] in ("link_down", "node_down")
        assert each["repair"]["inject"]["action"] in ("link_up", "node_up") and each["repair"]["predicted"]["text"]
        assert each["invariants"] and each["predicted"]["text"]
        for item in each["bounds"] + each["repair"]["bounds"]:
            assert set(item) >= {"what", "platform", "seconds", "arithmetic"}


def test_matrix_refuses_what_is_not_a_plan():
    plan = D.plan("wan_backup_vrrp", example_intent("wan_backup_vrrp"))
    with pytest.raises(I.IntentError, match="^design: must be one of"):
        FM.matrix("ospf", plan)
    with pytest.raises(I.IntentError, match="is a plan of 'wan_backup_vrrp', not of anycast_rp"):
        FM.matrix("anycast_rp", plan)
    with pytest.raises(I.IntentError, match="not a complete wan_backup_vrrp plan"):
        FM.matrix("wan_backup_vrrp", {"design": "wan_backup_vrrp"})
    with pytest.raises(I.DesignError, match="peers"):
        FM.matrix("wan_backup_vrrp", plan, peers=[{"plan": plan}])
    assert FM.matrix("wan_backup_vrrp", plan)[0]["id"] == "wan_backup_vrrp/wan_backup_vrrp/wan-Multilink1"


def example_groups(**changes):
    members = []
    for design in D.DESIGNS:
        for host in HOSTS.get(design, ["nat1", "nat2"]):
            intent = changes.get(design) or example_intent(design, host if design == "nat_gateway" else None)
            members.append((design, host, host if design == "nat_gateway" else design, intent, "error"))
    groups = S.group(members)
    for each in groups:
        S.plan_group(each)
    return groups


def test_site_report_one_entry_per_plan_and_says_it_is_a_prediction():
    report = FM.site_report(example_groups())
    assert [(e["design"], e["hosts"]) for e in report["plans"]] == [
        ("vrf_static_tracking", ["lin-router"]), ("nat_gateway", ["nat1"]), ("nat_gateway", ["nat2"]),
        ("sixto4_bgp", ["ace1", "ace2", "ace3"]), ("anycast_rp", ["c1", "c2"]), ("wan_backup_vrrp", ["main-router"])]
    # the five rows with an invariant predicted broken, each no-hybrid-path-during: the four active linknets of
    # vrf_static_tracking and nat1 stopping (its linknets' carrier gone): a route over a failed linknet moves at
    # once on IOS while the others wait for the tracks
    assert report["counts"] == {"plans": 6, "rows": 26, "rows_deviating": 0, "rows_invariant_broken": 5}
    assert report["replayed"] is False
    nat1 = by_key(report["plans"][1]["rows"])["box-nat1"]
    assert nat1["predicted"]["nat_box"] == "nat2"   # the router's plan and the other box came in as peers
    text = FM.report_markdown(report)
    assert text.startswith("# Failure matrix (predicted, not replayed)") and "no row of this report has been replayed in a lab" in text
    assert "| vrf_static_tracking/lin-router/active-linknet-Port-channel10 |" in text
    assert FM.report_json(report) == FM.report_json(FM.site_report(example_groups()))   # deterministic
    assert json.loads(FM.report_json(report)) == report


def test_site_report_shows_a_refused_design_on_the_rows_it_breaks():
    broken = example_intent("wan_backup_vrrp")
    broken["main"] = dict(broken["main"], track=[{"object": 1, "interface": "Multilink1", "decrement": 20}])
    report = FM.site_report(example_groups(wan_backup_vrrp=broken))
    entry = report["plans"][-1]
    assert not entry["planned"] and [f["code"] for f in entry["blocking"]] == ["vrrp-priority"]
    assert codes(by_key(entry["rows"])["wan-Multilink1"]) == ["vrrp-priority"] and entry["unshown"] == []
    text = FM.report_markdown(report)
    assert "**Refused by the design check**" in text and "**(broken: vrrp-priority)**" in text
    hopeless = FM.site_report(example_groups(wan_backup_vrrp={"interface": "Fa0/0"}))
    assert hopeless["plans"][-1]["rows"] == [] and "No plan can be made" in FM.report_markdown(hopeless)


def test_a_thousand_sites_stay_fast():
    sites = [{"name": "s%04d" % n, "tunnel_source_address": "10.%d.%d.2" % (n // 250, n % 250),
              "networks": ["2001:db8:%x::/64" % n]} for n in range(1000)]
    plan = D.plan("sixto4_bgp", {"asn": 65100, "sites": sites})
    rows = FM.matrix("sixto4_bgp", plan, None, ["s0000"])
    counts = {"plans": 1, "rows": len(rows), "rows_deviating": 0, "rows_invariant_broken": 0}
    report = {"plans": [{"design": "sixto4_bgp", "hosts": ["s0000"], "plan_summary": "x", "blocking": [],
                         "unshown": [], "rows": rows}], "counts": counts}
    FM.report_markdown(report)
    assert len(rows) == 1001   # how fast: bench/site_scale.py (a test is no benchmark)
    assert rows[0]["predicted"]["other_pairs_cut"] == 999 * 998 // 2
    assert "and 976 more rows" in FM.report_markdown(report)


def test_defaults_are_the_roles_and_timers_are_the_renderings():
    for design, each in D.DESIGNS.items():
        defaults = each.matrix.options
        with open(os.path.join(ROOT, "roles", design, "meta", "argument_specs.yml")) as handle:
            spec = yaml.safe_load(handle)["argument_specs"]["main"]["options"]
        for key, value in defaults.items():
            assert spec["%s_%s" % (design, key)]["default"] == value, (design, key)
    plan = D.plan("vrf_static_tracking", example_intent("vrf_static_tracking"))
    text = linux_render.keepalived(plan, "lin-router")
    assert "advert_int %s" % C.TIMERS["track_advertisement"][0] in text
    assert "priority %d" % C.TIMERS["track_priority"][0] in text
    vrrp = linux_render.keepalived(D.plan("wan_backup_vrrp", example_intent("wan_backup_vrrp")), "main-router")
    assert "advert_int %d" % C.TIMERS["vrrp_advertisement"][0] in vrrp


def test_options_and_bound_helpers():
    assert C.options_of(D.DESIGNS["nat_gateway"].matrix.options, {"bond_options": {"bond-miimon": 50}, "bgp_hold": None})["bond_options"][
        "bond-updelay"] == 200
    assert C.bound("x", "ios", [], "why")["seconds"] is None
    assert C.listed(range(12), 10).endswith("and 2 more")
    assert all(copy.deepcopy(each.matrix.options) == each.matrix.options for each in D.DESIGNS.values())


def test_sixto4_bgp_second_reflector_keeps_only_the_pairs_it_reflects():
    intent = example_intent("sixto4_bgp")
    intent["sites"].append({"name": "ace4", "tunnel_source_address": "10.1.1.14",
                            "networks": ["2001:db8:a64:7000::/64"]})
    plan = D.plan("sixto4_bgp", intent)
    sites = {s["name"]: s for s in plan["sites"]}
    # ace4 reflects for ace2 too (a session ace4-ace2, ace2 its client)
    sites["ace4"]["neighbors"].append({"address": sites["ace2"]["tunnel_address"], "remote_as": 65100,
                                       "route_reflector_client": True, "site": "ace2"})
    rr = by_key(FM.matrix("sixto4_bgp", plan, None, ["ace1"]))["route-reflector-ace1"]
    # pairs of ace1's clients: ace2-ace3 and ace3-ace4 are lost, ace2-ace4 keep their own session
    assert rr["predicted"]["other_pairs_cut"] == 2 and rr["predicted"]["sites_isolated"] == ["ace3"]
    assert "ace1-ace4" in rr["predicted"]["sessions_down"]


def test_anycast_third_router_with_hosts_is_its_own_rp():
    intent = dict(example_intent("anycast_rp"), rp_routers=["c1", "c2", "c3"],
                  segments=[{"name": "c3-lan", "routers": ["c3"], "hosts": ["listener"]}])
    primary = by_key(FM.for_intent("anycast_rp", intent, ["c1"])["rows"])["loopback-c1"]
    assert primary["predicted"]["rp_holder"] == "c2" and codes(primary) == ["rp-connected-host"]
    assert "c3 is RP for its own attached sources/listeners" in primary["predicted"]["text"]


def test_router_peers_are_not_taken_for_nat_boxes():
    router = {"design": "vrf_static_tracking", "hosts": ["other"],
              "plan": D.plan("vrf_static_tracking", example_intent("vrf_static_tracking"))}
    rows = by_key(rows_of("vrf_static_tracking", peers=[router]))
    assert "far end" not in rows["active-linknet-Port-channel10"]["failure"]["text"]


def test_report_files_only_for_the_whole_inventory(tmp_path):
    groups = example_groups()
    every = [h for each in groups for h in each.hosts]
    files, line = FM.report_files(groups, every, every, str(tmp_path / "plans"))
    assert sorted(files) == [str(tmp_path / "report.html"), str(tmp_path / "report.json"), str(tmp_path / "report.md")]
    assert line == "failure matrix: 26 rows for 6 plans, predicted from the plans and not replayed in a lab (0 not " \
        "what the design promises, 5 with an invariant predicted broken): %s" % (tmp_path / "report.md")
    assert FM.report_files(groups, every[:1], every, str(tmp_path / "plans")) == (
        {}, "failure matrix: not rewritten (a --limit run: the report covers the whole inventory)")
    assert FM.report_files(groups, every, every, "")[1] == "failure matrix: not rewritten (no output_dir)"


def test_a_thousand_vrrp_branches_are_a_thousand_plans_listed_twenty_in_the_markdown():
    members = []
    for number in range(1000):
        intent = example_intent("wan_backup_vrrp")
        intent["main"]["name"], intent["backup"]["name"] = "r%d" % number, "b%d" % number
        members.append(("wan_backup_vrrp", "r%d" % number, number, intent, "error"))
    groups = S.group(members)
    for each in groups:
        S.plan_group(each)
    report = FM.site_report(groups)
    text = FM.report_markdown(report)
    assert report["counts"]["rows"] == 2000   # how fast: bench/site_scale.py (a test is no benchmark)
    assert text.count("\n## wan_backup_vrrp (") == FM.PLANS_LISTED
    assert "## wan_backup_vrrp: and 980 more plans (all in report.json)" in text
