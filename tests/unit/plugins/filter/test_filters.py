# -*- coding: utf-8 -*-
"""The filters as Ansible loads them: registered names, and the contracts of issue #4."""
from __future__ import annotations

import pytest
from ansible.errors import AnsibleFilterError

from collection_filters import collection_filter as _filter
from example_inventory import example_intent, example_vars

FILTERS = ["anycast_rp_plan", "design_check", "design_intent", "design_plan", "finding_text", "ios_assemble",
           "ios_cisco_config", "ios_render",
           "sixto4_address", "snat_pool_plan"]


@pytest.mark.parametrize("name", FILTERS)
def test_each_file_registers_its_filter(name):
    assert callable(_filter(name))


def test_contract_examples():
    assert _filter("sixto4_address")("10.1.1.2") == "2002:a01:102::"
    assert _filter("sixto4_address")("192.0.2.1") == "2002:c000:201::"
    rows = _filter("snat_pool_plan")("10.16.0.0/12", "192.76.8.0/26")
    assert rows[0] == {"public": "192.76.8.1", "octets": [0, 4], "u32": "0xc&0xff=0x00:0x04"}
    assert [r["prefixlen"] for r in _filter("anycast_rp_plan")("2001:db8:afe:fe00::1", ["C1", "C2"], 120)] == [120, 119]


def test_design_intent_from_inventory_vars():
    intent = _filter("design_intent")(example_vars("sixto4_bgp"), "sixto4_bgp")
    assert intent["asn"] == 65100 and "sixto4_bgp_asn" not in intent
    with pytest.raises(AnsibleFilterError, match="^netdesign.resilience.design_intent: design: must be one of"):
        _filter("design_intent")({}, "ospf")


@pytest.mark.parametrize("design, host", [
    ("vrf_static_tracking", None), ("nat_gateway", "nat1"), ("nat_gateway", "nat2"), ("sixto4_bgp", None),
    ("anycast_rp", None), ("wan_backup_vrrp", None),
])
def test_example_inventory_is_sound_and_plans(design, host):
    intent = example_intent(design, host)
    assert _filter("design_check")(design, intent) == []
    plan = _filter("design_plan")(design, intent)
    assert plan["design"] == design and plan["summary"]
    assert _filter("design_plan")(design, intent) == plan


def test_finding_text():
    text = _filter("finding_text")({"code": "vrrp-priority", "severity": "error", "message": "m", "where": "main"})
    assert text == "error vrrp-priority at main: m"
    with pytest.raises(AnsibleFilterError, match=r"finding_text: finding\.where: is required"):
        _filter("finding_text")({"code": "c", "severity": "error", "message": "m"})


def test_ios_render_filter():
    plan = _filter("design_plan")("anycast_rp", example_intent("anycast_rp"))
    assert _filter("ios_render")(plan, "anycast_rp", "d1") == [
        "ipv6 multicast-routing", "ipv6 pim rp-address 2001:DB8:AFE:FE00::1"]
    assert _filter("ios_render")(plan, "anycast_rp", "c1")[:2] == ["interface Loopback0", " description Anycast RP (Primary)"]
    with pytest.raises(AnsibleFilterError, match="^netdesign.resilience.ios_render: design: 'nat_gateway' has no IOS"):
        _filter("ios_render")(plan, "nat_gateway", "nat1")


def test_linux_show_filter_and_tracked_path_at_a_distance():
    rows = _filter("linux_show")('[{"dst": "default", "gateway": "192.0.2.2", "dev": "e1", "flags": []}]', "ip_route")
    assert rows == [{"prefix": "0.0.0.0/0", "code": "boot", "distance": None, "metric": 0, "next_hop": "192.0.2.2",
                     "device": "e1"}]
    plan = {"routes": [{"vrf": "v", "prefix": "0.0.0.0/0", "next_hop": "192.0.2.1", "path": "active"},
                       {"vrf": "v", "prefix": "0.0.0.0/0", "next_hop": "192.0.2.2", "path": "standby"}]}
    assert _filter("ios_tracked_path")(plan, {"v": rows})["path"] == "standby"
    assert _filter("ios_tracked_path")(plan, {"v": rows}, 254)["path"] == "missing"   # the kernel has no distance
    with pytest.raises(AnsibleFilterError, match="linux_show: ip_route: is not the JSON"):
        _filter("linux_show")("Error: ipv4: FIB table does not exist.", "ip_route")
