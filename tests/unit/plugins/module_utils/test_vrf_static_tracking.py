# -*- coding: utf-8 -*-
from __future__ import annotations

import pytest

from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I
from ansible_collections.netdesign.resilience.plugins.module_utils.designs.vrf_static_tracking import plan as V


def test_plan_reproduces_write_up(intent_of):
    plan = V.plan(intent_of("vrf_static_tracking"))
    tracks = {t["id"]: t for t in plan["tracks"]}
    assert tracks[1] == {"id": 1, "type": "list", "boolean": "and", "objects": [2, 3, 4, 5],
                         "delay": {"down": 2, "up": 2}}
    assert [(tracks[i]["network"], tracks[i]["netmask"], tracks[i]["vrf"]) for i in (2, 3, 4, 5)] == [
        ("192.76.34.92", "255.255.255.252", "inside"),
        ("192.76.34.28", "255.255.255.252", "inside"),
        ("163.1.120.0", "255.255.255.252", "outside"),
        ("192.76.34.192", "255.255.255.252", "outside"),
    ]
    active = [(r["vrf"], r["network"], r["netmask"], r["next_hop"], r["track"])
              for r in plan["routes"] if r["path"] == "active"]
    assert active == [
        ("inside", "0.0.0.0", "0.0.0.0", "192.76.34.93", 1),
        ("inside", "10.16.0.0", "255.240.0.0", "192.76.34.29", 1),
        ("outside", "0.0.0.0", "0.0.0.0", "192.76.34.193", 1),
        ("outside", "192.76.8.0", "255.255.255.0", "163.1.120.1", 1),
    ]
    standby = [(r["vrf"], r["network"], r["next_hop"], r["distance"])
               for r in plan["routes"] if r["path"] == "standby"]
    assert standby == [
        ("inside", "0.0.0.0", "192.76.34.97", 254),
        ("inside", "10.16.0.0", "192.76.34.57", 254),
        ("outside", "0.0.0.0", "192.76.34.209", 254),
        ("outside", "192.76.8.0", "163.1.120.5", 254),
    ]
    assert plan["failover_delay"] == {"down": 4, "up": 4}
    assert plan["inter_vrf_leaking"] is False
    assert V.check(intent_of("vrf_static_tracking")) == []


def test_explicit_track_ids(intent_of):
    intent = intent_of("vrf_static_tracking")
    intent["interfaces"][0]["track"] = 10
    plan = V.plan(intent)
    assert [t["id"] for t in plan["tracks"]] == [1, 2, 3, 4, 10]
    assert plan["tracks"][0]["objects"] == [10, 2, 3, 4]


def test_track_reusing_parent_id_rejected(intent_of):
    intent = intent_of("vrf_static_tracking")
    intent["interfaces"][0]["track"] = 1
    with pytest.raises(ValueError, match=r"^interfaces\[0\]\.track: 1 is the parent"):
        V.plan(intent)


def _codes(intent):
    return sorted((f["code"], f["where"]) for f in V.check(intent))


def test_track_vrf_missing(intent_of):
    intent = intent_of("vrf_static_tracking")
    intent["tracks"] = [
        {"id": 2, "prefix": "192.76.34.92/30", "vrf": "inside"},
        {"id": 3, "prefix": "192.76.34.28/30"},                  # the write-up's gotcha: no 'ip vrf'
        {"id": 4, "prefix": "163.1.120.0/30", "vrf": "inside"},  # wrong VRF
        {"id": 5, "prefix": "192.76.34.192/30", "vrf": "outside"},
    ]
    assert _codes(intent) == [("track-vrf-missing", "tracks[1]"), ("track-vrf-missing", "tracks[2]")]


def test_hybrid_path_untracked_linknet(intent_of):
    intent = intent_of("vrf_static_tracking")
    intent["tracks"] = [{"id": 2, "prefix": "192.76.34.92/30", "vrf": "inside"}]
    assert _codes(intent) == [("hybrid-path", "tracks")] * 3


@pytest.mark.parametrize("change, where", [
    ({"track": 2}, "routes[1].track"),
    ({"track": False}, "routes[1].track"),
    ({"active": "192.76.34.57"}, "routes[1].active"),      # active route over a standby linknet
])
def test_hybrid_path_routes(intent_of, change, where):
    intent = intent_of("vrf_static_tracking")
    intent["routes"][1].update(change)
    assert _codes(intent) == [("hybrid-path", where)]


def test_hybrid_path_boolean_or(intent_of):
    intent = intent_of("vrf_static_tracking")
    intent["tracking"]["boolean"] = "or"
    assert _codes(intent) == [("hybrid-path", "tracking.boolean")]


def test_nexthop_self(intent_of):
    intent = intent_of("vrf_static_tracking")
    intent["routes"][0]["active"] = "192.76.34.94"
    assert _codes(intent) == [("nexthop-self", "routes[0].active")]


def test_nexthop_missing(intent_of):
    intent = intent_of("vrf_static_tracking")
    del intent["routes"][2]["standby"]
    intent["routes"][2]["interface"] = "Port-channel61"
    findings = V.check(intent)
    assert [(f["code"], f["where"]) for f in findings] == [("nexthop-missing", "routes[2].standby")]
    assert "only interface Port-channel61" in findings[0]["message"]
    with pytest.raises(ValueError, match=r"^routes\[2\]\.standby: is required"):
        V.plan(intent)


def test_nexthop_unreachable(intent_of):
    intent = intent_of("vrf_static_tracking")
    intent["routes"][3]["standby"] = "192.76.34.57"   # an inside linknet, route is in outside
    assert _codes(intent) == [("nexthop-unreachable", "routes[3].standby")]


def test_management_lockout_and_zone(intent_of):
    intent = intent_of("vrf_static_tracking")
    intent["management"]["controllers"] = ["192.168.3.222", "192.168.102.40", "192.168.102.20"]
    # 192.168.102.0 0.0.0.31 covers .20, not .40
    assert _codes(intent) == [("mgmt-ssh-lockout", "management.controllers")]
    assert "192.168.102.40" in V.check(intent)[0]["message"]
    intent = intent_of("vrf_static_tracking")
    intent["management"]["vrf"] = "inside"
    assert _codes(intent) == [("mgmt-vrf-is-a-zone", "management.vrf")]


@pytest.mark.parametrize("controllers, shown", [(None, "is not set"), ([], "is empty ([])")])
def test_management_controllers_missing_warns(intent_of, controllers, shown):
    # without controllers the lockout check has nothing to check: said, not skipped in silence
    intent = intent_of("vrf_static_tracking")
    if controllers is None:
        del intent["management"]["controllers"]
    else:
        intent["management"]["controllers"] = controllers
    findings = V.check(intent)
    assert [(f["code"], f["severity"], f["where"]) for f in findings] == [
        ("mgmt-controllers-missing", "warning", "management.controllers")]
    assert ("management.controllers " + shown) in findings[0]["message"] and "SSH-ACCESS" in findings[0]["message"]


@pytest.mark.parametrize("change, warned", [
    ({}, True),                                                        # the write-up's default list, on a router
    ({"snmp_traps": ["tty", "vlan-membership", "snmp"]}, True),        # given by the user: the same
    ({"snmp_traps": ["tty", "config", "snmp"]}, False),                # a router's list
    ({"switch": True}, False),                                         # a Catalyst switch takes them
    ({"snmp_hosts": [], "snmp_community": None}, False),               # no SNMP host: no trap line at all
])
def test_snmp_switch_traps_warn_on_a_router(intent_of, change, warned):
    intent = intent_of("vrf_static_tracking")
    assert intent["management"].pop("switch") is True   # the example's 4500-X is a switch
    intent["management"].update(change)
    findings = V.check(intent)
    assert [(f["code"], f["severity"], f["where"]) for f in findings] == (
        [("snmp-switch-traps", "warning", "management.snmp_traps")] if warned else [])
    if warned:
        traps = [t for t in ("vtp", "vlan-membership") if t in V.plan(intent)["management"]["snmp"]["traps"]]
        assert "management.snmp_traps has %s" % ", ".join(traps) in findings[0]["message"]
        assert "routers reject" in findings[0]["message"]
        assert ("the write-up's list" in findings[0]["message"]) == ("snmp_traps" not in change)


def test_management_plan_and_bad_input(intent_of):
    intent = intent_of("vrf_static_tracking")
    mgmt = V.plan(intent)["management"]
    assert mgmt["ssh_acl"]["entries"][2] == {"grant": "permit", "address": "192.168.102.0", "wildcard": "0.0.0.31"}
    assert mgmt["aaa_methods"][0] == "aaa authentication login default group TAC_PLUS local"
    intent["management"]["ssh_acl"]["entries"][1] = "allow 192.168.1.67"
    with pytest.raises(I.IntentError, match=r"management.ssh_acl.entries\[1\].*'allow 192.168.1.67'"):
        V.plan(intent)
    intent = intent_of("vrf_static_tracking")
    del intent["management"]["tacacs_key"]
    with pytest.raises(I.IntentError, match="management.tacacs_key"):
        V.plan(intent)


def test_inter_vrf_leaking_warns(intent_of):
    intent = intent_of("vrf_static_tracking")
    intent["inter_vrf_leaking"] = True
    assert [(f["code"], f["severity"]) for f in V.check(intent)] == [("inter-vrf-leaking", "warning")]


@pytest.mark.parametrize("mutate, field", [
    (lambda i: i["interfaces"][0].update(vrf="dmz"), r"interfaces\[0\]\.vrf"),
    (lambda i: i["interfaces"][1].update(name="Port-channel10"), r"interfaces\[1\]\.name"),
    (lambda i: i["interfaces"][0].update(path="primary"), r"interfaces\[0\]\.path"),
    (lambda i: i["routes"][0].update(prefix="0.0.0.0"), r"routes\[0\]\.prefix"),
    (lambda i: i["routes"][0].update(vrf="global"), r"routes\[0\]\.vrf"),
    (lambda i: i["tracking"].update(delay={"down": -1, "up": 2}), r"tracking\.delay\.down"),
    (lambda i: i.update(standby_distance=1), "standby_distance"),
    (lambda i: i.update(vrfs=[]), "vrfs"),
])
def test_rejects(intent_of, mutate, field):
    intent = intent_of("vrf_static_tracking")
    mutate(intent)
    with pytest.raises(ValueError, match="^" + field + ": "):
        V.plan(intent)


def test_track_id_used_twice(intent_of):
    intent = intent_of("vrf_static_tracking")
    intent["interfaces"][0]["track"] = 7
    intent["interfaces"][1]["track"] = 7
    with pytest.raises(ValueError, match="^interfaces: track object 7 is used by two linknets"):
        V.plan(intent)


def _subinterface(intent_of, **extra):
    """The first active linknet as a sub-interface of a routed port."""
    intent = intent_of("vrf_static_tracking")
    intent["interfaces"][0].update(name="GigabitEthernet0/0/1.100", **extra)
    return intent


def test_subinterface_vlan_missing(intent_of):
    intent = _subinterface(intent_of)
    findings = V.check(intent)
    assert [(f["code"], f["severity"], f["where"]) for f in findings] == [
        ("subinterface-vlan-missing", "error", "interfaces[0].vlan")]
    assert "GigabitEthernet0/0/1.100" in findings[0]["message"] and "encapsulation dot1Q" in findings[0]["message"]
    intent = _subinterface(intent_of, vlan=100)
    assert V.check(intent) == []
    assert V.plan(intent)["interfaces"][0]["vlan"] == 100 and V.plan(intent)["interfaces"][1]["vlan"] is None


@pytest.mark.parametrize("name, vlan, message", [
    ("GigabitEthernet0/0/1.100", 0, "must be >= 1"),
    ("GigabitEthernet0/0/1.100", 4095, "must be <= 4094"),
    ("Port-channel10", 100, "VLAN 100 is for a sub-interface .* which 'Port-channel10' is not"),
])
def test_subinterface_vlan_rejects(intent_of, name, vlan, message):
    intent = intent_of("vrf_static_tracking")
    intent["interfaces"][0].update(name=name, vlan=vlan)
    with pytest.raises(ValueError, match=r"^interfaces\[0\]\.vlan: " + message):
        V.plan(intent)
