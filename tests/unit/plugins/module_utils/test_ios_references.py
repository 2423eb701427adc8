# -*- coding: utf-8 -*-
"""The undefined-reference check of rendered IOS configurations (issue #16)."""

from __future__ import annotations

import os

import pytest

from collection_filters import collection_filter
from example_inventory import example_intent

from ansible_collections.netdesign.resilience.plugins.module_utils.core import design as D
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import references as X
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import parts as P

GOLDEN = os.path.join(os.path.dirname(__file__), "golden")

# The write-up's management block as it gives it: the VTY line names the server group as a login list,
# the SNMP community names an ACL nobody defines.
WRITE_UP = """aaa new-model
ip access-list standard SSH-ACCESS
 permit 192.168.3.222
aaa authentication login default group TAC_PLUS local
line vty 0 4
 access-class SSH-ACCESS in vrf-also
 login authentication TAC_PLUS
aaa group server tacacs+ TAC_PLUS
 server-private 192.0.2.49 key example-key
 ip vrf forwarding mgmtVrf
snmp-server community example-community RO SNMP-ACCESS
logging host 192.0.2.14 vrf mgmtVrf
""".splitlines()


def test_the_write_ups_mistakes_are_found_and_secrets_masked():
    found = X.findings(WRITE_UP, "lin-router", {"vrf": ["mgmtVrf"]})
    assert [f["code"] for f in found] == ["ios-undefined-login-list", "ios-undefined-acl"]
    assert "'login authentication TAC_PLUS' names the login list TAC_PLUS" in found[0]["message"]
    assert "'snmp-server community <secret> RO SNMP-ACCESS' names the acl SNMP-ACCESS" in found[1]["message"]
    assert all("example-community" not in f["message"] for f in found)


@pytest.mark.parametrize("lines, kind, name", [
    (["vrf definition inside", "ip route vrf inside 0.0.0.0 0.0.0.0 192.0.2.1 track 1"], "track", "1"),
    (["vrf definition inside", "ip route vrf inside 0.0.0.0 0.0.0.0 192.0.2.1 track 1", "track 1 list boolean and",
      " object 2"], "track", "2"),
    (["interface Gi1", " vrrp 1 track 7 decrement 100"], "track", "7"),
    (["interface Gi1", " vrf forwarding inside"], "vrf", "inside"),
    (["ntp server vrf mgmt 192.0.2.1"], "vrf", "mgmt"),
    (["aaa accounting commands 15 default stop-only group TAC"], "aaa-group", "TAC"),
    (["line vty 0 4", " access-class 99 in"], "acl", "99"),
])
def test_each_kind(lines, kind, name):
    assert [(k, n) for k, n, _number, _line in X.undefined(lines)] == [(kind, name)]


def test_defined_and_builtin_names_are_not_reported():
    lines = ["vrf definition inside", "track 2 ip route 192.0.2.0 255.255.255.252 reachability", " vrf inside",
             "track 1 list boolean and", " object 2", "ip route vrf inside 0.0.0.0 0.0.0.0 192.0.2.1 track 1",
             "aaa authentication login default group tacacs+ local", "line vty 0 4", " login authentication default",
             "access-list 99 permit 192.0.2.1", " access-class 99 in vrf-also"]
    assert X.undefined(lines) == []


@pytest.mark.parametrize("design, host", [("vrf_static_tracking", "lin-router"), ("sixto4_bgp", "ace1"),
                                          ("anycast_rp", "c1"), ("wan_backup_vrrp", "main-router")])
def test_the_example_inventory_renders_with_no_undefined_reference(design, host):
    plan = D.plan(design, example_intent(design))
    ours = P.ios_lines(design, plan, host)
    goldens = {"vrf_static_tracking": ["eduroam_routing.cfg", "mgmt_services.cfg"]}.get(design, [])
    cisco = []
    for name in goldens:  # the parts cisco.ios renders, as the golden files hold them
        with open(os.path.join(GOLDEN, name)) as handle:
            cisco += [line for line in handle.read().splitlines() if not line.startswith("#")]
    assert X.undefined(ours + cisco, X.existing_of(plan)) == []


def test_filter():
    assert [f["code"] for f in collection_filter("ios_references")(WRITE_UP, "r1", {"vrf": ["mgmtVrf"]})] == [
        "ios-undefined-login-list", "ios-undefined-acl"]


def test_codes_are_design_codes():
    assert X.CODES == ("ios-undefined-login-list", "ios-undefined-acl", "ios-undefined-aaa-group",
                       "ios-undefined-track", "ios-undefined-vrf")
    assert all(code in D.CODES for code in X.CODES)
