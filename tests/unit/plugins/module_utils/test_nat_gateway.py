# -*- coding: utf-8 -*-
from __future__ import annotations

import ipaddress

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I
from ansible_collections.netdesign.resilience.plugins.module_utils.designs.nat_gateway import plan as N


def test_eduroam_plan():
    rows = N.snat_pool_plan("10.16.0.0/12", "192.76.8.0/26")
    assert len(rows) == 62
    assert rows[0] == {"public": "192.76.8.1", "octets": [0, 4], "u32": "0xc&0xff=0x00:0x04"}
    assert rows[7] == {"public": "192.76.8.8", "octets": [35, 39], "u32": "0xc&0xff=0x23:0x27"}
    assert rows[8] == {"public": "192.76.8.9", "octets": [40, 43], "u32": "0xc&0xff=0x28:0x2b"}
    assert rows[-1] == {"public": "192.76.8.62", "octets": [252, 255], "u32": "0xc&0xff=0xfc:0xff"}


@pytest.mark.parametrize("pool, count, first", [
    ("192.76.8.0/24", 254, {"public": "192.76.8.1", "octets": [0, 1], "u32": "0xc&0xff=0x00:0x01"}),
    ("192.76.8.0/30", 2, {"public": "192.76.8.1", "octets": [0, 127], "u32": "0xc&0xff=0x00:0x7f"}),
    ("192.76.8.0/31", 2, {"public": "192.76.8.0", "octets": [0, 127], "u32": "0xc&0xff=0x00:0x7f"}),
    ("192.76.8.7/32", 1, {"public": "192.76.8.7", "octets": [0, 255], "u32": "0xc&0xff=0x00:0xff"}),
])
def test_pool_sizes(pool, count, first):
    rows = N.snat_pool_plan("10.16.0.0/12", pool)
    assert len(rows) == count and rows[0] == first


@pytest.mark.parametrize("clients, pool, field, message", [
    ("10.16.0.0/12", "192.76.8.0/23", "pool", "510 usable addresses"),
    ("10.16.0.0/12", "10.17.0.0/26", "pool", "overlaps the client range"),
    ("192.76.8.0/24", "192.76.8.0/26", "pool", "overlaps the client range"),
    ("10.16.0.0/12", "192.76.8.1/26", "pool", "host bits set"),
    ("10.16.0.0/12", "192.76.8.0", "pool", "must be a prefix with a length"),
    ("10.16.0.0/12", "2001:db8::/120", "pool", "must be an IPv4 prefix"),
    ("10.16.0.0/33", "192.76.8.0/26", "clients", "is not an IP prefix"),
    (None, "192.76.8.0/26", "clients", "must be a string"),
])
def test_plan_rejects(clients, pool, field, message):
    with pytest.raises((ValueError, TypeError), match="^%s: .*%s" % (field, message)):
        N.snat_pool_plan(clients, pool)


@given(st.integers(min_value=24, max_value=32), st.integers(min_value=0, max_value=255))
def test_plan_properties(prefixlen, third_octet):
    pool = "%s/%d" % (ipaddress.IPv4Network("198.51.%d.0/%d" % (third_octet, prefixlen), strict=False)
                      .network_address, prefixlen)
    rows = N.snat_pool_plan("10.16.0.0/12", pool)
    net = ipaddress.IPv4Network(pool)
    usable = list(net) if prefixlen >= 31 else list(net.hosts())
    assert [r["public"] for r in rows] == [str(a) for a in usable]          # sorted, every usable address
    covered = [o for r in rows for o in range(r["octets"][0], r["octets"][1] + 1)]
    assert covered == list(range(256))                                       # contiguous, exactly once
    sizes = [r["octets"][1] - r["octets"][0] + 1 for r in rows]
    assert max(sizes) - min(sizes) <= 1                                      # balanced
    for r in rows:
        assert r["u32"] == "0xc&0xff=0x%02x:0x%02x" % tuple(r["octets"])
    assert rows == N.snat_pool_plan("10.16.0.0/12", pool)                    # deterministic


def test_public_for_client():
    rows = N.snat_pool_plan("10.16.0.0/12", "192.76.8.0/26")
    assert N.public_for_client(rows, "10.16.1.1") == "192.76.8.1"
    assert N.public_for_client(rows, "10.31.7.235") == "192.76.8.57"
    assert N.public_for_client(rows, "10.16.3.255") == "192.76.8.62"


def test_sizing():
    assert N.sizing(30000, 100) == {"conntrack_max": 8388608, "conntrack_buckets": 2097152,
                                    "gc_thresh1": 8192, "gc_thresh2": 32768, "gc_thresh3": 65536}
    assert N.sizing(10, 10)["gc_thresh3"] == 1024
    with pytest.raises(ValueError, match=r"^intent\.peak_clients: must be >= 1"):
        N.sizing(0, 10)


def test_plan_example(intent_of):
    plan = N.plan(intent_of("nat_gateway", "nat2"))
    assert plan["forwarding"] == {"mechanism": "ifupdown", "enabled": ["bond0", "bond1"],
                                  "disabled": ["eth0"], "default": False}
    assert plan["routes"] == [
        {"prefix": "10.16.0.0/12", "via": "192.76.34.98", "dev": "bond0", "table": "main"},
        {"prefix": "0.0.0.0/0", "via": "163.1.120.6", "dev": "bond1", "table": "Eduroam-egress"},
        {"prefix": "0.0.0.0/0", "via": "10.2.2.254", "dev": "eth0", "table": "main"},
    ]
    assert plan["policy_routing"] == {"tables": [{"id": 200, "name": "Eduroam-egress"}],
                                      "rules": [{"iif": "bond0", "table": "Eduroam-egress", "priority": 1000}],
                                      "routes": [{"table": "Eduroam-egress", "to": "default", "via": "163.1.120.6",
                                                  "dev": "bond1"}]}
    assert plan["interfaces"][1]["members"] == ["eth5", "eth7"]
    assert len(plan["snat"]) == 62 and plan["snat_backend"] == "nftables"
    for host in ("nat1", "nat2"):
        assert N.check(intent_of("nat_gateway", host)) == []


def test_plan_conntrackd(intent_of):
    intent = intent_of("nat_gateway", "nat1")
    assert N.plan(intent)["conntrackd"] == {"enabled": False}
    intent["conntrackd"] = {"enabled": True, "peer": "10.2.2.2"}
    assert N.plan(intent)["conntrackd"] == {"enabled": True, "local": "10.2.2.1", "peer": "10.2.2.2",
                                            "interface": "eth0", "port": 3780}


def test_networkd_forwarding_is_global(intent_of):
    intent = intent_of("nat_gateway", "nat1")
    intent["forwarding_mechanism"] = "networkd"
    assert [(f["code"], f["severity"]) for f in N.check(intent)] == [("forwarding-global", "warning")]


def _codes(intent):
    return [(f["code"], f["where"]) for f in N.check(intent)]


def test_nexthop_self(intent_of):
    intent = intent_of("nat_gateway", "nat2")
    intent["outside_next_hop"] = "163.1.120.5"
    assert _codes(intent) == [("nexthop-self", "outside_next_hop")]


def test_nexthop_missing(intent_of):
    intent = intent_of("nat_gateway", "nat2")
    del intent["inside_next_hop"]
    intent["routes"] = [{"prefix": "10.16.0.0/12", "dev": "bond0"}]
    assert sorted(_codes(intent)) == [("nexthop-missing", "inside_next_hop"), ("nexthop-missing", "routes[0]")]


def test_sysctl_before_bond(intent_of):
    intent = intent_of("nat_gateway", "nat1")
    intent["forwarding_mechanism"] = "sysctl"
    findings = N.check(intent)
    assert [f["code"] for f in findings] == ["sysctl-before-bond"]
    assert "bond0, bond1" in findings[0]["message"]


def test_snat_port_exhaustion(intent_of):
    intent = intent_of("nat_gateway", "nat1")
    intent["flows_per_client"] = 200          # 586 clients x 200 flows > 64512 ports
    assert _codes(intent) == [("snat-port-exhaustion", "pool")]
    intent["flows_per_client"] = 100          # 586 x 100 = 58600 fits
    assert _codes(intent) == []
    intent["port_range"] = [32768, 60999]     # 28232 ports
    assert _codes(intent) == [("snat-port-exhaustion", "pool")]


def test_clients_not_private(intent_of):
    intent = intent_of("nat_gateway", "nat1")
    intent["clients"] = "198.18.0.0/15"
    assert [(f["code"], f["severity"]) for f in N.check(intent)] == [("clients-not-private", "warning")]


@pytest.mark.parametrize("mutate, field", [
    (lambda i: i["bonds"][0].update(members=[]), r"bonds\[0\]\.members"),
    (lambda i: i["bonds"][1].update(members=["eth9", "eth5"]), r"bonds\[1\]\.members\[1\]"),
    (lambda i: i.update(egress_table={"id": 300, "name": "x"}), r"egress_table\.id"),
    (lambda i: i.update(egress_table={"id": 0, "name": "x"}), r"egress_table\.id"),
    (lambda i: i.update(pool="10.16.0.0/26"), "pool"),
    (lambda i: i["bonds"][1].update(role="inside"), "bonds"),
    (lambda i: i["bonds"][0].update(address="192.76.34.92/30"), r"bonds\[0\]\.address"),
    (lambda i: i.update(forwarding_mechanism="rc.local"), "forwarding_mechanism"),
    (lambda i: i.update(snat_backend="pf"), "snat_backend"),
    (lambda i: i.update(conntrackd={"enabled": True}), r"conntrackd\.peer"),
    (lambda i: i.update(conntrackd={"enabled": True, "peer": "10.2.2.1"}), r"conntrackd\.peer"),
    (lambda i: i.update(conntrackd={"enabled": True, "peer": "10.2.2.2", "port": 0}), r"conntrackd\.port"),
    (lambda i: i["bonds"][0].update(members=[]), r"bonds\[0\]\.members"),
    (lambda i: i.update(routes=[{"prefix": "10.0.0.0/8", "via": "172.30.0.1"}]), r"routes\[0\]"),
])
def test_plan_rejects_bad_intent(intent_of, mutate, field):
    intent = intent_of("nat_gateway", "nat1")
    mutate(intent)
    with pytest.raises(ValueError, match="^" + field + ": "):
        N.plan(intent)


def test_public_for_client_outside_plan():
    rows = N.snat_pool_plan("10.16.0.0/12", "192.76.8.0/26")[:3]
    with pytest.raises(ValueError, match="^client: last octet 200 is not covered"):
        N.public_for_client(rows, "10.16.0.200")


@pytest.mark.parametrize("mutate, field, message", [
    (lambda i: i["bonds"][0].update(name="eth0"), "bonds", "interface name 'eth0' is used twice"),
    (lambda i: i.update(routes=[{"prefix": "10.0.0.0/8", "via": "10.2.2.254", "dev": "bond9"}]),
     r"routes\[0\]\.dev", "'bond9' is not an interface of this box"),
])
def test_plan_rejects_interfaces(intent_of, mutate, field, message):
    intent = intent_of("nat_gateway", "nat1")
    mutate(intent)
    with pytest.raises(ValueError, match="^%s: %s" % (field, message)):
        N.plan(intent)


# ---------------------------------------------------------------------------------------------
# the write-up's own split, and its rules imported (#20)

def write_up_rules(prefix="iptables -t nat -A POSTROUTING -s 10.16.0.0/12 -o bond1"):
    """The write-up's two u32 rules and the rest of its five-per-address series from .1 (.52 takes 255)."""
    return "\n".join('%s -m u32 --u32 "0xc&0xff=0x%02x:0x%02x" -j SNAT --to-source 192.76.8.%d'
                     % (prefix, low, min(low + 4, 255), low // 5 + 1) for low in range(0, 256, 5))


def test_fixed_split_is_the_write_ups():
    rows = N.snat_pool_plan("10.16.0.0/12", "192.76.8.0/26", 5)
    assert len(rows) == 52 and rows[0]["octets"] == [0, 4] and rows[-1] == {
        "public": "192.76.8.52", "octets": [255, 255], "u32": "0xc&0xff=0xff:0xff"}
    assert rows[47] == {"public": "192.76.8.48", "octets": [235, 239], "u32": "0xc&0xff=0xeb:0xef"}   # its text
    assert rows[48]["u32"] == "0xc&0xff=0xf0:0xf4" and rows[48]["public"] == "192.76.8.49"
    assert N.snat_pool_plan("10.16.0.0/12", "192.76.8.0/26", "5") == rows
    with pytest.raises(I.IntentError, match="split: 5 last octets per address need 52 addresses; .* has 14"):
        N.snat_pool_plan("10.16.0.0/12", "192.76.8.0/28", 5)
    for bad in (0, 257, "even", True, 2.5):
        with pytest.raises(ValueError, match="split"):
            N.snat_pool_plan("10.16.0.0/12", "192.76.8.0/26", bad)


def test_write_up_rules_imported():
    assert N.snat_rows_from_iptables_save(write_up_rules(), "10.16.0.0/12", "192.76.8.0/26") == \
        N.snat_pool_plan("10.16.0.0/12", "192.76.8.0/26", 5)
    # iptables-save's own spelling (-A without the command, unpadded hex, other chains and tables around)
    saved = "*nat\n:POSTROUTING ACCEPT [0:0]\n-A POSTROUTING -o eth0 -j MASQUERADE\n" + write_up_rules(
        "-A POSTROUTING -s 10.16.0.0/12 -o bond1").replace("0x00:0x04", "0x0:0x4") + "\nCOMMIT\n"
    rows = N.snat_rows_from_iptables_save(saved, "10.16.0.0/12", "192.76.8.0/26")
    assert N.public_for_client(rows, "10.16.1.235") == "192.76.8.48"
    assert N.public_for_client(rows, "10.16.1.240") == "192.76.8.49"


@pytest.mark.parametrize("change, message", [
    (lambda t: "\n".join(t.splitlines()[:-1]), r"snat_import: no rule maps last octet 255: those clients would "
                                               r"leave un-NATed"),
    (lambda t: t.replace("0xff:0xff", "0xfe:0xff"), r"snat_import line 52: last octet 254 is mapped already, by line 51"),
    (lambda t: t.replace("0x05:0x09", "0x09:0x05"), r"snat_import line 2: last octets 9-5 are not a range"),
    (lambda t: t.replace("192.76.8.52", "192.76.9.52"), r"snat_import line 52: SNAT to '192.76.9.52', which is no "
                                                        r"usable address of the pool"),
    (lambda t: t.replace("-s 10.16.0.0/12", "-s 10.99.0.0/16", 1), r"snat_import line 1: matches source "
                                                                   r"10.99.0.0/16, outside the client range"),
    (lambda t: t + "\niptables -A POSTROUTING -s 10.16.0.0/16 -o bond1 -j SNAT --to-source 192.76.8.1",
     r"snat_import line 53: a SNAT rule without the last-octet match"),
    (lambda t: t.replace("192.76.8.1\n", "192.76.8.1\x1b[2J\n"), r"snat_import line 1: "),
    (lambda t: 42, r"snat_import: must be the text of iptables-save"),
])
def test_bad_imports_name_the_line(change, message):
    with pytest.raises(I.DesignError, match=message):
        N.snat_mapping("10.16.0.0/12", "192.76.8.0/26", iptables_save=change(write_up_rules()))


def test_import_or_split_not_both():
    with pytest.raises(I.IntentError, match="snat_split: give either snat_split or snat_import, not both"):
        N.snat_mapping("10.16.0.0/12", "192.76.8.0/26", 5, write_up_rules())


def test_plan_keeps_imported_mapping(intent_of):
    intent = dict(intent_of("nat_gateway", "nat1"), snat_import=write_up_rules())
    plan = N.plan(intent)
    assert plan["snat"] == N.snat_pool_plan("10.16.0.0/12", "192.76.8.0/26", 5)
    assert plan["snat_split"] == "balanced" and plan["snat_import"] == intent["snat_import"]
    assert not [f for f in N.check(intent) if f["severity"] == "error"]
