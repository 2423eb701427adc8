# -*- coding: utf-8 -*-
"""Bad intents a new user typed that used to be accepted without a word (issue #17's list, re-probed): each
is refused by design_plan and design_check alike, or reported by design_check with a finding."""
from __future__ import annotations

import copy
import re

import pytest

from example_inventory import example_intent
from ansible_collections.netdesign.resilience.plugins.module_utils.core import design as D
from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I

HOST = {"nat_gateway": "nat1"}


def _intent(design, change):
    intent = copy.deepcopy(example_intent(design, HOST.get(design)))
    change(intent)
    return intent


def _add_interface(**iface):
    return lambda i: i["interfaces"].append(dict({"vrf": "inside", "path": "standby"}, **iface))


REFUSED = [
    # nat_gateway: a bond on the management network, the management port as a bond member, a route into a
    # table the box does not have, a port range of three
    ("nat_gateway", lambda i: i["bonds"][0].update(address="10.2.2.5/24"), r"^bonds\[0\]\.address: .* overlaps eth0"),
    ("nat_gateway", lambda i: i["bonds"][0]["members"].append(i["management"]["interface"]),
     r"^bonds\[0\]\.members\[\d\]: eth0 is the management port"),
    ("nat_gateway", lambda i: i.update(routes=[{"prefix": "10.9.0.0/16", "via": "192.76.34.94", "table": "NoSuch"}]),
     r"^routes\[0\]\.table: 'NoSuch' is neither main nor the egress table"),
    ("nat_gateway", lambda i: i.update(port_range=[1024, 2048, 4096]), r"^port_range: takes at most 2"),
    # vrf_static_tracking: derived track ids past IOS's 1000
    ("vrf_static_tracking", lambda i: i["tracking"].update(parent=1000), r"past IOS's 1000"),
    # sixto4_bgp: reserved AS numbers; a core filter entry in no ACL grammar (the check refused it, the plan not)
    ("sixto4_bgp", lambda i: i.update(asn=23456), r"^asn: 23456 is AS_TRANS"),
    ("sixto4_bgp", lambda i: i.update(asn=4294967295), r"^asn: 4294967295 is reserved"),
    ("sixto4_bgp", lambda i: i.update(core_filters=[{"name": "CORE", "entries": ["drop 41 any any"]}]),
     r"^core_filters\[0\]\.entries\[0\]"),
    # anycast_rp: an RP address no router can be, a 33-bit area, a router named in another case
    ("anycast_rp", lambda i: i.update(address="ff05::1"), r"^address: ff05::1 is a multicast address"),
    ("anycast_rp", lambda i: i.update(address="fe80::1"), r"^address: fe80::1 is a link-local address"),
    ("anycast_rp", lambda i: i.update(igp={"protocol": "ospfv3", "loopback_network_type": "point-to-point",
                                           "area": 4294967296}), r"^igp\.area: must be <= 4294967295"),
    ("anycast_rp", lambda i: i.update(segments=[{"name": "lan", "routers": ["C1"], "hosts": ["listener"]}]),
     r"^segments\[0\]\.routers\[0\]: 'C1' is not an RP router: did you mean c1\?"),
    ("anycast_rp", lambda i: i.update(rp_routers=["c1", "C1"]), r"^rp_routers\[1\]: 'c1' and 'C1' name the same"),
    ("anycast_rp", lambda i: i.update(segments=[{"name": "lan", "routers": ["c1"], "hosts": ["sources"]}]),
     r"^segments\[0\]\.hosts\[0\]: must be one of"),
    # vrf_static_tracking: one interface in two spellings, a route twice, a track on a standby linknet, a
    # route's interface with a newline (it reached a finding's text)
    ("vrf_static_tracking", _add_interface(name="port-channel10", address="192.76.10.1/30"),
     r"^interfaces\[\d+\]\.name: duplicate interface 'port-channel10' \(the same IOS interface as Port-channel10\)"),
    ("vrf_static_tracking", lambda i: i["routes"].append(dict(i["routes"][0])), r"^routes\[\d+\]: .* is routes\[0\] again"),
    # an AS number or OSPF area typed as a string of digits reads as the number elsewhere: a route table too

    ("vrf_static_tracking", lambda i: next(x for x in i["interfaces"] if x["path"] == "standby").update(track=7),
     r"^interfaces\[\d+\]\.track: .* is a standby linknet"),
    ("vrf_static_tracking", lambda i: i["routes"][0].update(interface="Gi0/0\nshutdown"), r"^routes\[0\]\.interface: "),
    # wan_backup_vrrp: one device as both, the group tracking its own LAN interface
    ("wan_backup_vrrp", lambda i: i["backup"].update(name=i["main"]["name"]), r"^backup\.name: .* is also main\.name"),
    ("wan_backup_vrrp", lambda i: i["main"]["track"][0].update(interface="Fa0/0"),
     r"^main\.track\[0\]\.interface: 'Fa0/0' is the VRRP interface itself"),
    # nat_gateway: a pool over the box's own links, a sync peer off the management network
    ("nat_gateway", lambda i: i.update(pool="192.76.34.0/24"), r"^pool: 192.76.34.0/24 overlaps bond0"),
    ("nat_gateway", lambda i: i.update(conntrackd={"enabled": True, "peer": "10.9.9.9"}),
     r"^conntrackd\.peer: 10.9.9.9 is not on the management network"),
    # sixto4_bgp: a tunnel source no router forwards, a link-local network
    ("sixto4_bgp", lambda i: i["sites"][0].update(tunnel_source_address="240.0.0.1"), r"240.0.0.0/4"),
    ("sixto4_bgp", lambda i: i["sites"][0].update(tunnel_source_address="169.254.1.1"), r"is link-local"),
    ("sixto4_bgp", lambda i: i["sites"][0].update(networks=["fe80::/64"]), r"^sites\[0\]\.networks\[0\]: fe80::/64 is link-local"),
]

FLAGGED = [
    ("vrf_static_tracking", _add_interface(name="Po99", address="192.76.34.90/29"), "linknet-overlap"),
    ("vrf_static_tracking", _add_interface(name="Po99", address="192.76.34.94/30"), "linknet-overlap"),
    ("wan_backup_vrrp", lambda i: i.update(virtual_ip="10.0.10.0"), "vrrp-address-outside"),
    ("wan_backup_vrrp", lambda i: i.update(virtual_ip="10.0.10.255"), "vrrp-address-outside"),
    ("nat_gateway", lambda i: i.update(inside_next_hop="10.9.9.9"), "nexthop-unreachable"),
    ("nat_gateway", lambda i: i.update(outside_next_hop=i["inside_next_hop"]), "nexthop-unreachable"),
    ("nat_gateway", lambda i: i["management"].update(gateway="10.9.9.9"), "nexthop-unreachable"),
    ("nat_gateway", lambda i: i["management"].update(gateway=i["management"]["address"].split("/")[0]),
     "nexthop-self"),
]


@pytest.mark.parametrize("design, change, message", REFUSED, ids=[m for _d, _c, m in REFUSED])
def test_refused_by_plan_and_check(design, change, message):
    intent = _intent(design, change)
    for call in (D.plan, D.check):
        with pytest.raises((I.IntentError, I.IntentTypeError)) as info:
            call(design, intent)
        # named by the inventory variable to edit: <design>_<field>
        expected = "^%s_%s" % (design, message[1:]) if message.startswith("^") else message
        assert re.search(expected, str(info.value)), str(info.value)


@pytest.mark.parametrize("design, change, code", FLAGGED, ids=["%s-%d" % (c, n) for n, (_d, _x, c) in enumerate(FLAGGED)])
def test_flagged_by_check(design, change, code):
    findings = D.check(design, _intent(design, change))
    assert any(f["code"] == code and f["severity"] == "error" for f in findings), findings


def test_a_dotted_ospf_area_is_its_number():
    intent = _intent("anycast_rp", lambda i: i.update(igp={"protocol": "ospfv3", "area": "0.0.0.1",
                                                           "loopback_network_type": "point-to-point"}))
    assert D.plan("anycast_rp", intent)["igp"]["area"] == 1


def test_a_route_may_name_the_egress_table_by_id():
    intent = _intent("nat_gateway", lambda i: i.update(routes=[{"prefix": "10.9.0.0/16", "via": "163.1.120.2",
                                                                "table": 200}]))
    assert D.plan("nat_gateway", intent)["routes"][-1]["table"] == "Eduroam-egress"


@pytest.mark.parametrize("design, change", [
    # equal-cost multipath: one prefix over two active and two standby linknets (not a route listed twice)
    ("vrf_static_tracking", lambda i: (
        i["interfaces"].extend([{"name": "Port-channel12", "vrf": "inside", "address": "192.76.34.102/30",
                                 "path": "active"},
                                {"name": "Port-channel13", "vrf": "inside", "address": "192.76.34.106/30",
                                 "path": "standby"}]),
        i["routes"].append({"vrf": "inside", "prefix": i["routes"][0]["prefix"], "active": "192.76.34.101",
                            "standby": "192.76.34.105"}))),
    # SNAT onto the box's own outside address, as masquerade does
    ("nat_gateway", lambda i: i.update(pool="163.1.120.1/32", peak_clients=500)),
    # a table id typed as a string, as an egress_table.id may be
    ("nat_gateway", lambda i: i.update(routes=[{"prefix": "10.9.0.0/16", "via": "163.1.120.2", "table": "200"}])),
    # a dotted OSPF area (the role's argument spec takes it too: type raw)
    ("anycast_rp", lambda i: i.update(igp={"protocol": "ospfv3", "loopback_network_type": "point-to-point",
                                           "area": "0.0.0.1"})),
], ids=["ecmp", "pool-own-address", "table-id-string", "dotted-area"])
def test_valid_intents_near_the_refused_ones_are_taken(design, change):
    intent = _intent(design, change)
    D.plan(design, intent)
    assert not [f for f in D.check(design, intent) if f["severity"] == "error"]
