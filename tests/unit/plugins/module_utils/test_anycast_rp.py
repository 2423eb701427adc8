# -*- coding: utf-8 -*-
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansible_collections.netdesign.resilience.plugins.module_utils.designs.anycast_rp import plan as A
from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I


def test_seed():
    assert A.anycast_rp_plan("2001:DB8:AFE:FE00::1", ["c1", "c2"], 120) == [
        {"router": "c1", "prefix": "2001:db8:afe:fe00::1/120", "prefixlen": 120, "rank": 1},
        {"router": "c2", "prefix": "2001:db8:afe:fe00::1/119", "prefixlen": 119, "rank": 2},
    ]


def test_ipv4_three_routers():
    rows = A.anycast_rp_plan("10.255.0.1", ["r1", "r2", "r3"], 30)
    assert [r["prefix"] for r in rows] == ["10.255.0.1/30", "10.255.0.1/29", "10.255.0.1/28"]


@pytest.mark.parametrize("args, field, message", [
    (("2001:db8::1", ["c1"], 120), "routers", "needs at least 2"),
    (("2001:db8::1", ["c1", "c1"], 120), r"routers\[1\]", "duplicate name"),
    (("2001:db8::1", "c1,c2", 120), "routers", "must be a list"),
    (("2001:db8::1", ["c1", "c2"], 64), "primary_prefixlen", "shorter than /64"),
    (("10.0.0.1", ["a", "b", "c"], 25), "primary_prefixlen", "shorter than /24"),
    (("10.0.0.1", ["a", "b"], 33), "primary_prefixlen", "must be <= 32"),
    (("2001:db8::1", ["c1", "c2"], "x"), "primary_prefixlen", "must be an integer"),
    (("2001:db8::1", ["c1", "c2"], True), "primary_prefixlen", "must be an integer"),
    (("not-an-ip", ["c1", "c2"], 120), "address", "is not an IP address"),
    (("2001:db8::/64", ["c1", "c2"], 120), "address", "without prefix length"),
])
def test_rejects(args, field, message):
    with pytest.raises((ValueError, TypeError), match="^%s: .*%s" % (field, message)):
        A.anycast_rp_plan(*args)


@given(st.integers(min_value=2, max_value=20), st.integers(min_value=84, max_value=128))
def test_ranks_strictly_ordered(count, length):
    routers = ["r%d" % i for i in range(count)]
    rows = A.anycast_rp_plan("2001:db8:afe:fe00::1", routers, length)
    assert [r["rank"] for r in rows] == list(range(1, count + 1))
    assert [r["router"] for r in rows] == routers
    lengths = [r["prefixlen"] for r in rows]
    assert all(a == b + 1 for a, b in zip(lengths, lengths[1:]))
    assert lengths[0] == length and min(lengths) >= 64


def test_plan_and_clean_check(intent_of):
    intent = intent_of("anycast_rp")
    plan = A.plan(intent)
    assert plan["primary"] == "c1" and plan["failover_order"] == ["c1", "c2"]
    assert plan["rp_routers"][0]["description"] == "Anycast RP (Primary)"
    assert plan["rp_routers"][1]["description"] == "Anycast RP (Secondary)"
    assert plan["rp_routers"][1]["interface"] == "Loopback0"
    assert A.check(intent) == []


def test_rp_connected_host(intent_of):
    intent = intent_of("anycast_rp")
    intent["segments"].append({"name": "c2-servers", "routers": ["c2"], "hosts": ["listener"]})
    findings = A.check(intent)
    assert [(f["code"], f["where"]) for f in findings] == [("rp-connected-host", "segments[2]")]
    assert "c2" in findings[0]["message"]


def test_segment_without_hosts_is_fine(intent_of):
    intent = intent_of("anycast_rp")
    intent["segments"].append({"name": "core", "routers": ["c1", "c2"], "hosts": []})
    assert A.check(intent) == []


@pytest.mark.parametrize("igp, host_route", [
    ({"protocol": "ospfv3"}, True),
    ({"protocol": "ospf"}, True),
    ({"protocol": "ospfv3", "loopback_network_type": "loopback"}, True),
    ({"protocol": "ospfv3", "loopback_network_type": "point-to-point"}, False),
    ({"protocol": "eigrp"}, False),
    ({"protocol": "isis"}, False),
])
def test_rp_host_route(intent_of, igp, host_route):
    intent = intent_of("anycast_rp")
    intent["igp"] = igp
    assert [f["code"] for f in A.check(intent)] == (["rp-host-route"] if host_route else [])


def test_bad_segment_host(intent_of):
    intent = intent_of("anycast_rp")
    intent["segments"][0]["hosts"] = ["printer"]
    with pytest.raises(ValueError, match=r"^segments\[0\]\.hosts\[0\]: must be one of listener, source"):
        A.check(intent)


def test_ipv4_twin_uses_the_same_arbitration(intent_of):
    intent = dict(intent_of("anycast_rp"), ipv4_address="10.255.0.1", ipv4_primary_prefixlen=25)
    twin = A.plan(intent)["ipv4"]
    assert twin["address"] == "10.255.0.1"
    assert [(r["router"], r["prefix"], r["rank"]) for r in twin["rp_routers"]] == [
        ("c1", "10.255.0.1/25", 1), ("c2", "10.255.0.1/24", 2)]
    assert A.plan(intent_of("anycast_rp"))["ipv4"] is None


@pytest.mark.parametrize("change, message", [
    ({"ipv4_address": "2001:db8::1", "ipv4_primary_prefixlen": 25}, "ipv4_address: '2001:db8::1' is not an IPv4"),
    ({"ipv4_address": "10.255.0.1", "ipv4_primary_prefixlen": 24},
     "ipv4_primary_prefixlen: /24 with 2 routers gives the last one /23"),
    ({"ipv4_address": "10.255.0.1"}, "ipv4_primary_prefixlen: is required"),
    ({"ipv4_address": "0.0.0.0", "ipv4_primary_prefixlen": 25}, "ipv4_address: the unspecified address"),
])
def test_ipv4_twin_errors_name_the_field(intent_of, change, message):
    with pytest.raises(I.IntentError, match=message):
        A.plan(dict(intent_of("anycast_rp"), **change))
