# -*- coding: utf-8 -*-
"""Linux/FRR renderings of the example inventory's plans: exact text, and what each line means."""

from __future__ import annotations

import pytest

from ansible_collections.netdesign.resilience.plugins.module_utils.core import design as D
from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I
from ansible_collections.netdesign.resilience.plugins.module_utils.designs.sixto4_bgp import linux as sixto4_linux
from ansible_collections.netdesign.resilience.plugins.module_utils.designs.vrf_static_tracking import linux as tracking
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.linux import common as LC
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.linux import render as R


def plan_of(intent_of, design):
    return D.plan(design, intent_of(design))


def test_vrf_static_tracking_frr_has_only_the_floating_routes(intent_of):
    result = R.frr(plan_of(intent_of, "vrf_static_tracking"), "lin-router")
    assert result["daemons"] == ["staticd"]
    lines = result["config"].splitlines()
    assert lines[0] == "frr defaults traditional"
    assert lines[2:] == [
        "vrf inside",
        " ip route 0.0.0.0/0 192.76.34.97 254",
        " ip route 10.16.0.0/12 192.76.34.57 254",
        "exit-vrf",
        "vrf outside",
        " ip route 0.0.0.0/0 192.76.34.209 254",
        " ip route 192.76.8.0/24 163.1.120.5 254",
        "exit-vrf",
    ]


def test_vrf_static_tracking_keepalived_tracks_every_active_linknet_with_both_delays(intent_of):
    text = R.keepalived(plan_of(intent_of, "vrf_static_tracking"), "lin-router")
    assert 'script "%s inside 192.76.34.92/30"' % tracking.TRACK_SCRIPT in text
    for track, vrf, prefix in ((2, "inside", "192.76.34.92/30"), (3, "inside", "192.76.34.28/30"),
                               (4, "outside", "163.1.120.0/30"), (5, "outside", "192.76.34.192/30")):
        block = text.split("vrrp_script track_%d {" % track)[1].split("}")[0]
        assert 'script "%s %s %s"' % (tracking.TRACK_SCRIPT, vrf, prefix) in block
        # delay 2 + parent delay 2 = 4 s: 5 checks a second apart span 4 s
        assert "fall 5" in block and "rise 5" in block and "interval 1" in block
        assert "timeout 3" in block
    instance = text.split("vrrp_instance track_1 {")[1]
    assert "track_2\n" in instance and "track_5\n" in instance
    assert "0.0.0.0/0 via 192.76.34.93 dev Port-channel10 table 1001 metric 10 no_track" in instance
    assert "10.16.0.0/12 via 192.76.34.29 dev Port-channel50 table 1001 metric 10 no_track" in instance
    assert "0.0.0.0/0 via 192.76.34.193 dev Port-channel60 table 1002 metric 10 no_track" in instance
    assert "192.76.8.0/24 via 163.1.120.1 dev Port-channel20 table 1002 metric 10 no_track" in instance
    assert "192.76.34.97" not in instance  # the floating routes are FRR's
    assert "interface ndtrack\n" in instance  # a dummy: its VRRP adverts never reach a linknet
    assert "virtual_ipaddress {\n    169.254.253.2/32 dev ndtrack\n  }" in instance
    assert "unicast_src_ip 169.254.253.1\n  unicast_peer {\n    169.254.253.3\n  }" in instance


def test_vrf_static_tracking_check_interval_rounds_the_delays_up(intent_of):
    text = R.keepalived(plan_of(intent_of, "vrf_static_tracking"), "lin-router", {"check_interval": 3})
    block = text.split("vrrp_script track_2 {")[1].split("}")[0]
    # 4 s in checks 3 s apart: 3 checks span 6 s, the least that covers the 4 s
    assert "interval 3\n" in block and "timeout 9\n" in block and "fall 3\n" in block and "rise 3\n" in block
    with pytest.raises(I.IntentError, match="check_interval: "):
        R.keepalived(plan_of(intent_of, "vrf_static_tracking"), "lin-router", {"check_interval": 0})


def test_vrf_static_tracking_fast_tracks_the_interfaces_without_scripts(intent_of):
    text = R.keepalived(plan_of(intent_of, "vrf_static_tracking"), "lin-router", {"fast": True})
    assert "vrrp_script" not in text
    tracked = text.split("track_interface {")[1].split("}")[0].split()
    assert tracked == ["Port-channel10", "Port-channel50", "Port-channel20", "Port-channel60"]


def test_vrf_static_tracking_interfaces_are_vrf_members(intent_of):
    text = R.interfaces(plan_of(intent_of, "vrf_static_tracking"), "lin-router")
    assert "auto inside\niface inside\n    vrf-table 1001\n" in text
    assert "auto outside\niface outside\n    vrf-table 1002\n" in text
    assert "auto ndtrack\niface ndtrack\n    link-type dummy\n    address 169.254.253.1/30\n    address-purge no\n" in text
    assert ("auto Port-channel21\niface Port-channel21\n    vrf outside\n    address 163.1.120.6/30\n"
            '    alias "to NAT2 outside"\n') in text


def test_sixto4_bgp_frr_route_reflector_and_client(intent_of):
    plan = plan_of(intent_of, "sixto4_bgp")
    rr = R.frr(plan, "ace1")
    assert rr["daemons"] == ["bgpd", "staticd"]
    lines = rr["config"].splitlines()
    assert "ipv6 route 2002::/16 Tunnel2002" in lines and "ipv6 route ::/96 Tunnel2002" in lines
    assert " set ipv6 next-hop global ::a01:102" in lines  # ::10.1.1.2 as FRR shows it
    bgp = lines[lines.index("router bgp 65100"):]
    assert bgp == [
        "router bgp 65100", " bgp router-id 10.1.1.2", " no bgp default ipv4-unicast", " timers bgp 5 15",
        " neighbor 2002:a01:106:: remote-as 65100", " neighbor 2002:a01:106:: timers connect 5",
        " neighbor 2002:a01:10a:: remote-as 65100", " neighbor 2002:a01:10a:: timers connect 5", " !",
        " address-family ipv6 unicast",
        "  network 2001:db8:a64:6400::/64", "  network 2001:db8:a64:6500::/64",
        "  network 2001:db8:a64:6600::/64", "  network 2001:db8:a64:6700::/64",
        "  neighbor 2002:a01:106:: activate", "  neighbor 2002:a01:106:: route-reflector-client",
        "  neighbor 2002:a01:106:: route-map NETDESIGN-6TO4-NH out",
        "  neighbor 2002:a01:10a:: activate", "  neighbor 2002:a01:10a:: route-reflector-client",
        "  neighbor 2002:a01:10a:: route-map NETDESIGN-6TO4-NH out",
        " exit-address-family", "exit"]
    client = R.frr(plan, "ace3")["config"]
    assert " neighbor 2002:a01:102:: remote-as 65100\n" in client
    assert "route-reflector-client" not in client
    assert "ipv6 prefix-list NETDESIGN-6TO4-OWN seq 20 permit 2001:db8:a64:6f00::/64" in client
    # without timers in the intent: the routers' defaults, no timers line
    del plan["timers"]
    assert "timers" not in R.frr(plan, "ace3")["config"]
    plan["timers"] = {"keepalive": 10, "holdtime": 30, "connect_retry": None}
    config = R.frr(plan, "ace3")["config"]
    assert " timers bgp 10 30\n" in config and "timers connect" not in config
    plan["timers"] = {"keepalive": 0, "holdtime": 0, "connect_retry": None}
    assert " timers bgp 0 0\n" in R.frr(plan, "ace3")["config"]


def test_sixto4_bgp_tunnel_stanza(intent_of):
    text = R.interfaces(plan_of(intent_of, "sixto4_bgp"), "ace2")
    assert ("auto Tunnel2002\niface Tunnel2002\n    tunnel-mode sit\n    tunnel-local 10.1.1.6\n"
            "    tunnel-ttl 64\n    mtu 1480\n    address 2002:a01:106::/128\n    address ::a01:106/96\n") in text


def test_sixto4_bgp_unknown_site_names_the_field(intent_of):
    with pytest.raises(I.IntentError, match=r"sites: 'ace9' is not one of the sites \(ace1, ace2, ace3\)"):
        R.frr(plan_of(intent_of, "sixto4_bgp"), "ace9")


def test_wan_backup_vrrp_main_and_backup(intent_of):
    plan = plan_of(intent_of, "wan_backup_vrrp")
    main = R.keepalived(plan, "main-router")
    assert "priority 110" in main and "preempt_delay 60" in main
    assert "track_interface {\n    Multilink1 weight -100\n  }" in main
    assert "virtual_ipaddress {\n    10.0.10.1/24 dev FastEthernet0/0\n  }" in main
    assert "virtual_router_id 1" in main and "state BACKUP" in main
    backup = R.keepalived(plan, "netgate", {"vpn_interface": "wg0"})
    assert "priority 50" in backup and "preempt_delay" not in backup
    assert "wg0 weight 25" in backup
    assert "track_interface" not in R.keepalived(plan, "netgate")
    with pytest.raises(I.IntentError, match="'other' is neither main.name"):
        R.keepalived(plan, "other")
    assert "version" not in main          # VRRPv2, keepalived's default, as IOS's `vrrp N ip`
    plan3 = D.plan("wan_backup_vrrp", dict(intent_of("wan_backup_vrrp"), version=3))
    for host in ("main-router", "netgate"):
        assert "\n  version 3\n" in R.keepalived(plan3, host)


@pytest.mark.parametrize("design,part", [("nat_gateway", "frr"), ("nat_gateway", "keepalived")])
def test_designs_without_that_rendering_are_named(intent_of, design, part):
    plan = D.plan(design, intent_of(design, "nat1" if design == "nat_gateway" else None))
    with pytest.raises(I.IntentError, match="design: '%s' has no" % design):
        (R.frr if part == "frr" else R.keepalived)(plan, "x")


@pytest.mark.parametrize("ipv4,expected", [("10.1.1.2", "::a01:102"), ("192.0.2.1", "::c000:201"),
                                           ("1.0.0.0", "::100:0")])
def test_ipv4_compatible_is_frrs_spelling(ipv4, expected):
    assert sixto4_linux.ipv4_compatible(ipv4) == expected
    assert I.netaddr.IPAddress(expected) == I.netaddr.IPAddress("::" + ipv4)


def anycast_plan(intent_of, **change):
    intent = dict(intent_of("anycast_rp"), igp={"protocol": "ospfv3", "loopback_network_type": "point-to-point"},
                  loopback_interface="rp0", **change)
    return D.plan("anycast_rp", intent)


def test_anycast_rp_rp_router_gets_its_loopback_at_its_length(intent_of):
    plan = anycast_plan(intent_of, ipv4_address="10.255.0.1", ipv4_primary_prefixlen=25)
    assert R.interfaces(plan, "c2").splitlines()[2:] == [
        "# Anycast RP (Secondary) 2001:db8:afe:fe00::1/119; Anycast RP (Secondary) 10.255.0.1/24",
        "auto rp0", "iface rp0", "    link-type dummy", "    address 2001:db8:afe:fe00::1/119",
        "    address 10.255.0.1/24", "    post-up sysctl -qw net.ipv6.conf.rp0.keep_addr_on_down=1"]
    assert "rp0" not in R.interfaces(plan, "d1")  # only RP routers carry the anycast address
    result = R.frr(plan, "c1", {"router_id": "10.0.0.1", "igp_interfaces": ["eth1", "eth2"],
                                "host_interfaces": []})
    assert result["daemons"] == ["ospf6d", "ospfd", "pimd"]
    text = result["config"]
    assert ("interface rp0\n ipv6 ospf6 area 0.0.0.0\n ip ospf area 0.0.0.0\n ip pim\n ipv6 ospf6 passive\n"
            " ip ospf passive\nexit\n") in text
    assert ("interface eth1\n ipv6 ospf6 area 0.0.0.0\n ipv6 ospf6 network point-to-point\n ip ospf area 0.0.0.0\n"
            " ip ospf network point-to-point\n ip pim\nexit\n") in text
    assert text.endswith("router ospf6\n ospf6 router-id 10.0.0.1\nexit\nrouter ospf\n ospf router-id 10.0.0.1\n"
                         "exit\nip pim rp 10.255.0.1 224.0.0.0/4\n")


def test_anycast_rp_other_routers_get_the_igp_the_rp_and_igmp_on_host_segments(intent_of):
    plan = anycast_plan(intent_of, ipv4_address="10.255.0.1", ipv4_primary_prefixlen=25)
    text = R.frr(plan, "d1", {"router_id": "10.0.0.3", "igp_interfaces": ["eth1"], "host_interfaces": ["lan0"]})["config"]
    assert "interface rp0" not in text
    assert "interface lan0\n ipv6 ospf6 area 0.0.0.0\n ip ospf area 0.0.0.0\n ip pim\n ip igmp\n" in text
    assert "ip pim rp 10.255.0.1 224.0.0.0/4\n" in text


def test_anycast_rp_without_ipv4_twin_is_ospfv3_only(intent_of):
    result = R.frr(anycast_plan(intent_of), "c1", {"router_id": "10.0.0.1", "igp_interfaces": ["eth1"]})
    assert result["daemons"] == ["ospf6d"]
    assert "pim" not in result["config"] and "router ospf\n" not in result["config"]


@pytest.mark.parametrize("version, major", [
    (None, 8), ("", 8), ("8.4.4-1.1~deb12u1", 8), ("10.3-3+deb13u1", 10), ("10.3", 10), (10, 10), ("1:10.4.1-1", 10)])
def test_frr_major_from_the_package_version(version, major):
    assert LC.frr_major({"frr_version": version}) == major


@pytest.mark.parametrize("version", ["ten", "v10", "10\nrouter bgp 1"])
def test_frr_version_that_is_not_one_is_named(version):
    with pytest.raises(I.IntentError, match="frr_version: must be FRR's version"):
        LC.frr_major({"frr_version": version})


def test_anycast_rp_on_frr_10_adds_ipv6_pim_and_mld_and_the_rp_as_frr_10_shows_it(intent_of):
    plan = anycast_plan(intent_of, ipv4_address="10.255.0.1", ipv4_primary_prefixlen=25)
    options = {"router_id": "10.0.0.3", "igp_interfaces": ["eth1"], "host_interfaces": ["lan0"],
               "frr_version": "10.3-3+deb13u1"}
    result = R.frr(plan, "d1", options)
    assert result["daemons"] == ["ospf6d", "ospfd", "pimd", "pim6d"]
    text = result["config"]
    assert "interface lan0\n ipv6 ospf6 area 0.0.0.0\n ip ospf area 0.0.0.0\n ip pim\n ip igmp\n ipv6 pim\n ipv6 mld\n" in text
    assert "interface eth1\n ipv6 ospf6 area 0.0.0.0\n ipv6 ospf6 network point-to-point\n ip ospf area 0.0.0.0\n" \
           " ip ospf network point-to-point\n ip pim\n ipv6 pim\nexit\n" in text
    assert "ip pim rp" not in text
    assert text.endswith("router pim\n rp 10.255.0.1 224.0.0.0/4\nexit\nrouter pim6\n rp 2001:db8:afe:fe00::1 ff00::/8\n"
                         "exit\n")
    alone = R.frr(anycast_plan(intent_of), "c1", dict(options, igp_interfaces=["eth1"], host_interfaces=[]))
    assert alone["daemons"] == ["ospf6d", "pim6d"] and "router pim6\n" in alone["config"]
    assert "interface rp0\n ipv6 ospf6 area 0.0.0.0\n ipv6 pim\n ipv6 ospf6 passive\nexit\n" in alone["config"]


@pytest.mark.parametrize("options, message", [
    ({}, "router_id: is required"),
    ({"router_id": "c1"}, "router_id: "),
    ({"router_id": "10.0.0.1", "igp_interfaces": "eth1"}, "igp_interfaces: must be a list of interface names"),
])
def test_anycast_rp_options_errors_name_the_field(intent_of, options, message):
    with pytest.raises(I.IntentError, match=message):
        R.frr(anycast_plan(intent_of), "c1", options)


def test_anycast_rp_eigrp_has_no_frr_rendering(intent_of):
    with pytest.raises(I.IntentError, match="igp.protocol: 'eigrp' has no FRR rendering"):
        R.frr(D.plan("anycast_rp", intent_of("anycast_rp")), "c1", {"router_id": "10.0.0.1"})
