# -*- coding: utf-8 -*-
from __future__ import annotations

import copy
import ipaddress

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansible_collections.netdesign.resilience.plugins.module_utils.designs.sixto4_bgp import plan as S
from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I


@pytest.mark.parametrize("ipv4, expected", [
    ("10.1.1.2", "2002:a01:102::"),
    ("10.1.1.6", "2002:a01:106::"),
    ("10.1.1.10", "2002:a01:10a::"),
    ("192.0.2.1", "2002:c000:201::"),
    ("1.0.0.0", "2002:100::"),
    ("223.255.255.254", "2002:dfff:fffe::"),
])
def test_sixto4_address(ipv4, expected):
    assert S.sixto4_address(ipv4) == expected


@pytest.mark.parametrize("bad, message", [
    ("0.1.2.3", "0.0.0.0/8"),
    ("127.0.0.1", "loopback"),
    ("224.0.0.5", "multicast"),
    ("239.255.255.255", "multicast"),
    ("255.255.255.255", "limited broadcast"),
    ("2001:db8::1", "must be an IPv4 address"),
    ("10.1.1.2/30", "without prefix length"),
    ("ten", "is not an IP address"),
])
def test_sixto4_address_rejects(bad, message):
    with pytest.raises(ValueError, match="^ipv4: .*" + message):
        S.sixto4_address(bad)


def test_sixto4_address_rejects_non_string():
    with pytest.raises(TypeError, match="^ipv4: must be a string"):
        S.sixto4_address(167837954)


USABLE = st.integers(min_value=0x01000000, max_value=0xDFFFFFFF).filter(lambda v: v >> 24 != 127)


@given(USABLE)
def test_sixto4_round_trip(value):
    ipv4 = str(ipaddress.IPv4Address(value))
    six = S.sixto4_address(ipv4)
    assert ipaddress.IPv6Address(six) in ipaddress.IPv6Network("2002::/16")
    assert six == six.lower() and str(ipaddress.IPv6Address(six)) == six
    assert S.ipv4_from_sixto4(six) == ipv4


def test_ipv4_from_sixto4_rejects_other_prefix():
    with pytest.raises(ValueError, match="is not a 6to4 address"):
        S.ipv4_from_sixto4("2001:db8::1")


def test_plan_example(intent_of):
    plan = S.plan(intent_of("sixto4_bgp"))
    assert plan["route"] == {"prefix": "2002::/16", "interface": "Tunnel2002"}
    assert plan["route_reflector"] == "ace1"
    ace1, ace2, ace3 = plan["sites"]
    assert (ace1["tunnel_address"], ace2["tunnel_address"], ace3["tunnel_address"]) == (
        "2002:a01:102::", "2002:a01:106::", "2002:a01:10a::")
    assert ace1["tunnel_prefix"] == "2002:a01:102::/128"
    assert ace1["role"] == "route_reflector"
    assert [(n["address"], n["route_reflector_client"]) for n in ace1["neighbors"]] == [
        ("2002:a01:106::", True), ("2002:a01:10a::", True)]
    assert ace2["neighbors"] == [{"address": "2002:a01:102::", "remote_as": 65100, "site": "ace1",
                                  "route_reflector_client": False}]
    assert ace3["networks"][0] == "2001:db8:a64:6c00::/64" and len(ace3["networks"]) == 4
    assert S.check(intent_of("sixto4_bgp")) == []


def test_summary_names_four_sites_at_most(intent_of):
    intent = copy.deepcopy(intent_of("sixto4_bgp"))
    assert S.plan(intent)["summary"] == (
        "3 sites over 6to4 (ace1=2002:a01:102::, ace2=2002:a01:106::, ace3=2002:a01:10a::), iBGP AS 65100 with "
        "route reflector ace1, 12 networks")
    template = intent["sites"][2]
    for index in range(4, 11):
        site = copy.deepcopy(template)
        site["name"] = "ace%d" % index
        site["tunnel_source_address"] = "10.1.2.%d" % (4 * index + 2)
        site["networks"] = ["2001:db8:b%02x:%x00::/64" % (index, k) for k in range(4)]
        intent["sites"].append(site)
    summary = S.plan(intent)["summary"]
    assert summary.startswith("10 sites over 6to4 (ace1=2002:a01:102::, ace2=") and ", and 6 more), iBGP" in summary
    assert "ace5=" not in summary


def test_plan_default_rr_is_first_site(intent_of):
    intent = intent_of("sixto4_bgp")
    del intent["route_reflector"]
    assert S.plan(intent)["route_reflector"] == "ace1"


@pytest.mark.parametrize("mutate, field", [
    (lambda i: i.update(route_reflector="ace9"), "route_reflector"),
    (lambda i: i["sites"][1].update(name="ace1"), r"sites\[1\]\.name"),
    (lambda i: i["sites"][2].update(tunnel_source_address="10.1.1.6"), r"sites\[2\]\.tunnel_source_address"),
    (lambda i: i["sites"][0].update(tunnel_source_address="127.0.0.1"), r"sites\[0\]\.tunnel_source_address"),
    (lambda i: i["sites"][0]["networks"].append("10.0.0.0/8"), r"sites\[0\]\.networks\[4\]"),
    (lambda i: i.update(sites=i["sites"][:1]), "sites"),
    (lambda i: i.pop("asn"), "asn"),
    (lambda i: i.update(asn=0), "asn"),
    (lambda i: i.update(timers={"keepalive": 1, "holdtime": 2}), r"timers\.holdtime"),
    (lambda i: i.update(timers={"keepalive": 20, "holdtime": 15}), r"timers\.keepalive"),
    (lambda i: i.update(timers={"keepalive": 6, "holdtime": 15}), r"timers\.keepalive"),   # FRR would run 5
    (lambda i: i.update(timers={"keepalive": 5, "holdtime": 0}), r"timers\.keepalive"),    # FRR shows 0 0
    (lambda i: i.update(timers={"keepalive": 0, "holdtime": 15}), r"timers\.keepalive"),
    (lambda i: i.update(timers={"keepalive": 5}), r"timers\.holdtime"),
    (lambda i: i.update(timers={"keepalive": 5, "holdtime": 15, "connect_retry": 0}), r"timers\.connect_retry"),
    (lambda i: i.update(timers={"keepalive": 5, "holdtime": 15, "hold": 15}), "timers"),
])
def test_plan_rejects(intent_of, mutate, field):
    intent = copy.deepcopy(intent_of("sixto4_bgp"))
    mutate(intent)
    with pytest.raises(ValueError, match="^" + field + ": "):
        S.plan(intent)


@pytest.mark.parametrize("entries, blocked", [
    (["deny 41 any any", "permit ip any any"], True),
    (["deny ipv6 any any"], True),
    (["permit tcp any any eq 179", "deny ip any any"], True),
    (["permit 41 any any", "deny ip any any"], False),
    (["deny ipinip any any", "permit ip any any"], False),
    (["deny tcp any any", "permit ip any any"], False),
])
def test_check_proto41_filtered(intent_of, entries, blocked):
    intent = intent_of("sixto4_bgp")
    intent["core_filters"] = [{"name": "PE-EDGE", "entries": entries}]
    codes = [f["code"] for f in S.check(intent)]
    assert codes == (["proto41-filtered"] if blocked else [])


def test_check_bad_acl_entry(intent_of):
    intent = intent_of("sixto4_bgp")
    intent["core_filters"] = [{"name": "X", "entries": ["allow everything"]}]
    with pytest.raises(ValueError, match=r"^core_filters\[0\]\.entries\[0\]: expected 'permit\|deny"):
        S.check(intent)


def test_check_network_overlap(intent_of):
    intent = intent_of("sixto4_bgp")
    intent["sites"][2]["networks"].append("2001:db8:a64:6400::/56")
    findings = S.check(intent)
    assert {f["code"] for f in findings} == {"network-overlap"}
    assert "ace1" in findings[0]["message"] and "ace3" in findings[0]["message"]


def _aggregate_intent(intent_of, **site):
    """ACE1 advertising one /56 over its /64 LANs instead of the /64s."""
    intent = intent_of("sixto4_bgp")
    intent["sites"][0].update(networks=["2001:db8:a64:6400::/56"], **site)
    return intent


def test_example_sites_have_only_lans(intent_of):
    plan = S.plan(intent_of("sixto4_bgp"))
    for site in plan["sites"]:
        assert site["lans"] == site["networks"] and site["anchors"] == [] and site["anchor_aggregates"] is True


def test_aggregate_network_is_anchored_to_null0(intent_of):
    from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import render as R
    from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import parts as P
    from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import syntax as Y

    intent = _aggregate_intent(intent_of)
    plan = S.plan(intent)
    assert plan["sites"][0]["anchors"] == ["2001:db8:a64:6400::/56"]
    lines = P.ios_lines("sixto4_bgp", plan, "ace1")
    assert lines[-1] == "ipv6 route 2001:DB8:A64:6400::/56 Null0"
    # the line parses back to the item it came from, and the roles apply it with ios_globals
    config = R.ios_config("sixto4_bgp", plan, "ace1")
    assert Y.parse_global("\n".join(lines)) == config["global"]
    assert {"type": "ipv6_route_interface", "prefix": "2001:DB8:A64:6400::/56", "interface": "Null0"} in \
        P.modules("sixto4_bgp", plan, "ace1")["globals"]
    assert "Null0" not in "\n".join(P.ios_lines("sixto4_bgp", plan, "ace2"))   # the other sites' /64s are LANs
    assert [f for f in S.check(intent) if f["code"] == "bgp-network-no-route"] == []


def test_aggregate_without_anchor_warns(intent_of):
    from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import parts as P

    intent = _aggregate_intent(intent_of, anchor_aggregates=False)
    plan = S.plan(intent)
    assert plan["sites"][0]["anchors"] == [] and "Null0" not in "\n".join(P.ios_lines("sixto4_bgp", plan, "ace1"))
    findings = S.check(intent)
    assert [(f["code"], f["severity"], f["where"]) for f in findings] == [
        ("bgp-network-no-route", "warning", "sites[0].networks[0]")]
    assert "2001:db8:a64:6400::/56" in findings[0]["message"] and "anchor_aggregates" in findings[0]["message"]


def test_lans_decide_what_is_connected(intent_of):
    # an explicit lans list: a /64 that is not one of them is no connected LAN either
    intent = intent_of("sixto4_bgp")
    intent["sites"][1]["lans"] = ["2001:db8:a64:6800::/64", "2001:db8:a64:6900::/64", "2001:db8:a64:6a00::/64"]
    assert S.plan(intent)["sites"][1]["anchors"] == ["2001:db8:a64:6b00::/64"]
    intent["sites"][1]["anchor_aggregates"] = False
    assert [f["where"] for f in S.check(intent)] == ["sites[1].networks[3]"]
    intent["sites"][1]["lans"] = ["2001:db8:a64:6800::"]
    with pytest.raises(ValueError, match=r"^sites\[1\]\.lans\[0\]: must be a prefix"):
        S.plan(intent)
    intent["sites"][1]["lans"] = []
    intent["sites"][1]["anchor_aggregates"] = "no"
    with pytest.raises(TypeError, match=r"^sites\[1\]\.anchor_aggregates: must be true or false"):
        S.plan(intent)


@given(st.lists(st.tuples(st.integers(0, 255), st.integers(0, 8), st.sampled_from([4, 6])), max_size=40))
def test_overlapping_pairs_are_every_pair_that_overlaps(raw):
    """The sorted sweep finds exactly the pairs the comparison of every pair finds, in the same order."""
    nets = []
    for value, length, version in raw:
        if version == 4:
            nets.append(I.netaddr.IPNetwork("10.%d.0.0/%d" % (value, 8 + length)).cidr)
        else:
            nets.append(I.netaddr.IPNetwork("2001:db8:%x::/%d" % (value, 40 + length)).cidr)
    brute = [(i, j) for i in range(len(nets)) for j in range(i + 1, len(nets))
             if nets[i].version == nets[j].version and (nets[i] in nets[j] or nets[j] in nets[i])]
    assert S.overlapping_pairs(nets) == brute


def test_timers_in_the_plan(intent_of):
    intent = copy.deepcopy(intent_of("sixto4_bgp"))
    assert S.plan(intent)["timers"] == {"keepalive": 5, "holdtime": 15, "connect_retry": 5}
    intent["timers"] = {"keepalive": 10, "holdtime": 30}
    assert S.plan(intent)["timers"] == {"keepalive": 10, "holdtime": 30, "connect_retry": None}
    intent["timers"] = {"keepalive": 3, "holdtime": 10}       # a third, rounded down as FRR does
    assert S.plan(intent)["timers"]["keepalive"] == 3
    del intent["timers"]
    assert S.plan(intent)["timers"] is None and S.check(intent) == []
    intent["timers"] = {"keepalive": 0, "holdtime": 0}
    assert [(f["code"], f["severity"], f["where"]) for f in S.check(intent)] == [
        ("bgp-hold-zero", "warning", "timers.holdtime")]
    # a value meant for a device line is an integer or refused, never passed through
    intent["timers"] = {"keepalive": "5\nrouter bgp 1", "holdtime": 15}
    with pytest.raises(I.IntentTypeError, match=r"^timers\.keepalive: must be an integer"):
        S.plan(intent)
