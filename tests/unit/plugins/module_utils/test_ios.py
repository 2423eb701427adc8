# -*- coding: utf-8 -*-
"""IOS rendering of the constructs cisco.ios has no module for: write-up golden files and round trips."""
from __future__ import annotations

import os

import pytest

from ansible_collections.netdesign.resilience.plugins.module_utils.core import design as D
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import render as R
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import parts as P
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import show as ios_show
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import syntax as S

GOLDEN = os.path.join(os.path.dirname(__file__), "golden")


# Blocks cisco.ios resource modules render (BGP, ACL, syslog, SNMP, NTP): tests/integration/test_site_golden.py
# checks them end to end; the unit tests here check ours.
CISCO_IOS = ("router ", "ip access-list ", "logging ", "snmp-server ", "ntp ")
# The eduroam router's three write-up blocks: routing and tracking, VTY and AAA group, other management lines
EDUROAM = "eduroam_tracking.cfg+mgmt_vty_aaa.cfg+mgmt_services.cfg"


def golden(name):
    text = []
    for part in name.split("+"):
        with open(os.path.join(GOLDEN, part)) as handle:
            text += [line for line in handle.read().splitlines() if not line.startswith("#")]
    return "\n".join(text)


def blocks(text):
    """Normalise only white space and the order of independent blocks (a parent line and its children)."""
    out, current = [], None
    for line in text if isinstance(text, list) else text.splitlines():
        if not line.strip():
            continue
        if line.startswith(" "):
            current.append(" " + " ".join(line.split()))
        else:
            current = [" ".join(line.split())]
            out.append(current)
    return sorted(out)


@pytest.mark.parametrize("design, host, name", [
    ("vrf_static_tracking", "lin-router", EDUROAM),
    ("sixto4_bgp", "ace1", "sixto4_ace1.cfg"),
    ("sixto4_bgp", "ace2", "sixto4_ace2.cfg"),
    ("sixto4_bgp", "ace3", "sixto4_ace3.cfg"),
    ("wan_backup_vrrp", "main-router", "anira_vrrp.cfg"),
    ("anycast_rp", "c1", "anycast_c1.cfg"),
    ("anycast_rp", "c2", "anycast_c2.cfg"),
])
def test_example_inventory_renders_the_write_ups(intent_of, design, host, name):
    plan = D.plan(design, intent_of(design))
    ours = [b for b in blocks(golden(name)) if not b[0].startswith(CISCO_IOS)]
    assert blocks(P.ios_lines(design, plan, host)) == ours


@pytest.mark.parametrize("design, host, name", [
    ("vrf_static_tracking", "lin-router", EDUROAM),
    ("sixto4_bgp", "ace2", "sixto4_ace2.cfg"),
    ("wan_backup_vrrp", "main-router", "anira_vrrp.cfg"),
    ("anycast_rp", "c2", "anycast_c2.cfg"),
])
def test_parse_of_rendered_gives_the_same_data(intent_of, design, host, name):
    config = R.ios_config(design, D.plan(design, intent_of(design)), host)
    if "aaa_new_model" in config:  # rendered apart (first), parsed with the other global lines
        config["global"] = config.pop("aaa_new_model") + config["global"]
    text = "\n".join(P.ios_lines(design, D.plan(design, intent_of(design)), host))
    for syntax, items in config.items():
        parsed = S.parse_global(text) if syntax == "global" else S.SYNTAXES[syntax].parse(text)
        if syntax == "global":  # the management half first, the rest with the design (ios_parts.ORDER)
            parsed, items = sorted(parsed, key=repr), sorted(items, key=repr)
        assert parsed == items, syntax
    # and the write-up's own text parses to the same data
    for syntax, items in config.items():
        source = golden(name)
        parsed = S.parse_global(source) if syntax == "global" else S.SYNTAXES[syntax].parse(source)
        assert sorted(parsed, key=repr) == sorted(items, key=repr), syntax


def test_management_blocks_round_trip():
    text = golden("mgmt_vty_aaa.cfg")
    vty = S.VTY.parse(text)
    assert vty[0] == {"first": 0, "last": 4, "access_class": "SSH-ACCESS", "exec_timeout": {"minutes": 5, "seconds": 0},
                      "logging_synchronous": True, "login_authentication": "default", "transport_input": "ssh"}
    assert vty[1]["transport_input"] == "none" and "access_class" not in vty[1]
    aaa = S.AAA_GROUP.parse(text)
    assert aaa == [{"name": "TAC_PLUS", "servers": ["192.0.2.49 key example-key"], "vrf": "mgmtVrf",
                    "source_interface": "GigabitEthernet1"}]
    assert blocks(S.VTY.render(vty) + S.AAA_GROUP.render(aaa)) == blocks(text)


def test_render_rejects_incomplete_items():
    with pytest.raises(ValueError, match="track: .* lacks netmask"):
        S.TRACK.render([{"type": "route", "id": 2, "network": "192.76.34.92"}])
    with pytest.raises(ValueError, match="unknown type 'ospf'"):
        S.TRACK.render([{"type": "ospf", "id": 2}])


def test_parse_ignores_other_config():
    text = "hostname x\ninterface Tunnel1\n description not ours\n tunnel mode ipv6ip\n!\ntrack 9 list boolean or\n"
    assert S.TUNNEL.parse(text) == [{"name": "Tunnel1", "mode": "ipv6ip"}]
    assert S.TRACK.parse(text) == [{"type": "list", "id": 9, "boolean": "or"}]


def test_no_rendering_for_linux_designs(intent_of):
    with pytest.raises(ValueError, match="design: 'nat_gateway' has no IOS rendering"):
        R.ios_config("nat_gateway", {}, "nat1")
    with pytest.raises(ValueError, match="host: 'ace9' is not a site"):
        R.ios_config("sixto4_bgp", D.plan("sixto4_bgp", intent_of("sixto4_bgp")), "ace9")


def test_anycast_pim_rp(intent_of):
    # `ipv6 multicast-routing` before the RP line on every router of the plan (IOS runs no IPv6 PIM without it)
    plan = D.plan("anycast_rp", intent_of("anycast_rp"))
    both = ["ipv6 multicast-routing", "ipv6 pim rp-address 2001:DB8:AFE:FE00::1"]
    assert P.ios_lines("anycast_rp", plan, "c1")[-2:] == both
    assert P.ios_lines("anycast_rp", plan, "d1") == both  # not an RP router
    assert S.parse_global("\n".join(both)) == R.ios_config("anycast_rp", plan, "d1")["global"] == [
        {"type": "ipv6_multicast_routing", "ipv6_multicast_routing": True},
        {"type": "ipv6_pim_rp", "address": "2001:DB8:AFE:FE00::1"}]
    assert P.modules("anycast_rp", plan, "d1")["globals"] == [
        {"type": "ipv6_multicast_routing"}, {"type": "ipv6_pim_rp", "address": "2001:DB8:AFE:FE00::1"}]


def test_show_track_from_the_write_up():
    tracks = ios_show.parse_show_track(golden("show_track.txt"))
    assert [t["id"] for t in tracks] == [1, 2, 3, 4, 5]
    assert tracks[0] == {"id": 1, "type": "list", "boolean": "and", "state": "up", "changes": 112,
                         "last_change": "2w5d", "objects": [{"id": i, "state": "up"} for i in (2, 3, 4, 5)],
                         "delay": {"up": 2, "down": 2}}
    assert tracks[1] == {"id": 2, "type": "route", "network": "192.76.34.92", "netmask": "255.255.255.252",
                         "state": "up", "changes": 106, "last_change": "2w5d", "delay": {"up": 2, "down": 2},
                         "vrf": "inside", "first_hop": "Port-channel10"}
    assert {t["vrf"] for t in tracks[3:]} == {"outside"}


def test_show_track_matches_the_plan(intent_of):
    """What a verify step does: the device's tracks are the plan's, in their VRFs, all up."""
    plan = D.plan("vrf_static_tracking", intent_of("vrf_static_tracking"))
    shown = {t["id"]: t for t in ios_show.parse_show_track(golden("show_track.txt"))}
    for track in plan["tracks"]:
        seen = shown[track["id"]]
        assert seen["state"] == "up" and seen["delay"] == track["delay"]
        if track["type"] == "route":
            assert (seen["network"], seen["netmask"], seen["vrf"]) == (track["network"], track["netmask"], track["vrf"])
        else:
            assert [o["id"] for o in seen["objects"]] == track["objects"]


def test_assemble_orders_blocks_and_interface_lines():
    ours = ["vrf definition inside", " address-family ipv4", " exit-address-family", "track 1 list boolean and",
            " object 2"]
    rendered = [["interface Po1", "description x", "no shutdown", "no switchport"],  # ios_interfaces
                ["interface Po1", "ip address 10.0.0.1 255.255.255.252"],            # ios_l3_interfaces
                ["interface Po1", "vrf forwarding inside"],                          # ios_vrf_interfaces
                ["ip route vrf inside 0.0.0.0 0.0.0.0 10.0.0.2 track 1"]]
    assert R.assemble(ours, rendered) == [
        "vrf definition inside", " address-family ipv4", " exit-address-family",
        "track 1 list boolean and", " object 2",
        "interface Po1", " description x", " no switchport", " vrf forwarding inside",
        " ip address 10.0.0.1 255.255.255.252", " no shutdown",
        "ip route vrf inside 0.0.0.0 0.0.0.0 10.0.0.2 track 1"]


def test_cisco_ios_config_from_the_plan(intent_of):
    plan = D.plan("vrf_static_tracking", intent_of("vrf_static_tracking"))
    config = R.cisco_ios_config("vrf_static_tracking", plan, "lin-router")
    assert config["ios_interfaces"][1] == {"name": "Port-channel50", "enabled": True, "mode": "layer3",
                                           "description": "to COUCS1"}
    assert config["ios_vrf_interfaces"][1] == {"name": "Port-channel50", "vrf_name": "inside"}
    assert config["ios_l3_interfaces"][1] == {"name": "Port-channel50", "ipv4": [{"address": "192.76.34.30/30"}]}
    inside = config["ios_static_routes"][0]
    assert inside["vrf"] == "inside" and inside["address_families"][0]["routes"][0] == {
        "dest": "0.0.0.0/0", "next_hops": [{"forward_router_address": "192.76.34.93", "track": 1},
                                           {"forward_router_address": "192.76.34.97", "distance_metric": 254}]}
    assert R.cisco_ios_config("anycast_rp", {}, "c1") == {}


def test_cisco_bgp_from_the_plan_in_ios_case(intent_of):
    plan = D.plan("sixto4_bgp", intent_of("sixto4_bgp"))
    config = R.cisco_ios_config("sixto4_bgp", plan, "ace1")
    assert config["ios_bgp_global"]["neighbors"] == [{"neighbor_address": "2002:A01:106::", "remote_as": "65100"},
                                                     {"neighbor_address": "2002:A01:10A::", "remote_as": "65100"}]
    family = config["ios_bgp_address_family"]["address_family"][0]
    assert family["neighbors"][0] == {"neighbor_address": "2002:A01:106::", "activate": True,
                                      "route_reflector_client": True}
    assert family["networks"][0] == {"address": "2001:DB8:A64:6400::/64"}
    client = R.cisco_ios_config("sixto4_bgp", plan, "ace3")["ios_bgp_address_family"]["address_family"][0]
    assert client["neighbors"] == [{"neighbor_address": "2002:A01:102::", "activate": True}]
    assert R.cisco_ios_config("sixto4_bgp", plan, "pe1") == {}
    # the intent's timers as `timers bgp 5 15`; ConnectRetry is FRR's only
    assert config["ios_bgp_global"]["timers"] == {"keepalive": 5, "holdtime": 15}
    plan["timers"] = {"keepalive": 0, "holdtime": 0, "connect_retry": None}
    zero = R.cisco_ios_config("sixto4_bgp", plan, "ace1")["ios_bgp_global"]["timers"]
    assert zero == {"keepalive": 0, "holdtime": 0}
    del plan["timers"]
    assert "timers" not in R.cisco_ios_config("sixto4_bgp", plan, "ace1")["ios_bgp_global"]


def test_assemble_nests_address_families():
    rendered = [["router bgp 65100", "neighbor 2002:A01:102:: remote-as 65100"],
                ["router bgp 65100", "address-family ipv6 unicast", "neighbor 2002:A01:102:: activate",
                 "exit-address-family"]]
    assert R.assemble([], rendered) == [
        "router bgp 65100", " neighbor 2002:A01:102:: remote-as 65100", " address-family ipv6 unicast",
        "  neighbor 2002:A01:102:: activate", " exit-address-family"]


def test_show_ip_route_and_tracked_path(intent_of):
    inside = ios_show.parse_show_ip_route(golden("show_ip_route_vrf_inside.txt"))
    assert inside == [
        {"prefix": "0.0.0.0/0", "code": "S", "candidate_default": True, "distance": 1, "metric": 0,
         "next_hop": "192.76.34.93"},
        {"prefix": "10.16.0.0/12", "code": "S", "candidate_default": False, "distance": 1, "metric": 0,
         "next_hop": "192.76.34.29"}]
    outside = ios_show.parse_show_ip_route(golden("show_ip_route_vrf_outside_standby.txt"))
    assert [(r["prefix"], r["distance"], r["next_hop"]) for r in outside] == [
        ("0.0.0.0/0", 254, "192.76.34.209"), ("192.76.8.0/24", 254, "163.1.120.5")]
    plan = D.plan("vrf_static_tracking", intent_of("vrf_static_tracking"))
    assert ios_show.tracked_path(plan, {"inside": inside, "outside": []})["path"] == "missing"
    # inside on its active path, outside on its floating one: the hybrid the design forbids
    assert ios_show.tracked_path(plan, {"inside": inside, "outside": outside})["path"] == "hybrid"
    standby = [dict(r, next_hop={"192.76.34.93": "192.76.34.97", "192.76.34.29": "192.76.34.57"}[r["next_hop"]])
               for r in inside]
    assert ios_show.tracked_path(plan, {"inside": standby, "outside": outside})["path"] == "standby"


def test_show_vrrp_brief():
    rows = ios_show.parse_show_vrrp_brief(golden("show_vrrp_brief.txt"))
    assert rows == [
        {"interface": "Fa0/0", "group": 1, "version": 2, "family": "ipv4", "priority": 110, "owner": False,
         "preempt": True, "state": "master", "master": "10.0.10.2", "local": None, "address": "10.0.10.1"},
        {"interface": "Fa0/1", "group": 2, "version": 2, "family": "ipv4", "priority": 255, "owner": True,
         "preempt": True, "state": "master", "master": "10.0.20.1", "local": None, "address": "10.0.20.1"}]


def ntc(name):
    """Real device output from ntc-templates and genieparser (golden/ntc/README.md names each file's source)."""
    return golden("ntc/" + name)


def test_ntc_show_vrrp_brief_classic():
    rows = ios_show.parse_show_vrrp_brief(ntc("show_vrrp_brief.raw"))
    assert [(r["interface"], r["group"], r["priority"], r["state"], r["master"], r["address"]) for r in rows] == [
        ("Fa0/1", 1, 110, "master", "192.168.88.2", "192.168.88.1"),
        ("Fa0/1.2", 2, 110, "master", "10.0.2.2", "10.0.2.1"),
        ("Fa0/1.3", 3, 110, "backup", "10.0.3.3", "10.0.3.1"),
        ("Fa0/1.4", 4, 100, "init", "10.0.4.3", "10.0.4.1"),
        ("Fa0/1.5", 5, 90, "backup", "10.0.5.3", "10.0.5.1")]
    assert {(r["version"], r["owner"], r["preempt"]) for r in rows} == {(2, False, True)}


def test_ntc_show_vrrpv3_brief():
    rows = ios_show.parse_show_vrrp_brief(ntc("show_vrrpv3_brief.raw"))
    assert rows[0] == {"interface": "Gi0/0", "group": 1, "version": 3, "family": "ipv4", "priority": 110,
                       "owner": False, "preempt": True, "state": "master", "master": "10.0.1.2", "local": True,
                       "address": "10.0.1.1"}
    assert [(r["interface"], r["group"], r["family"], r["priority"], r["state"], r["master"], r["local"],
             r["address"]) for r in rows[1:]] == [
        ("Gi0/0", 6, "ipv6", 110, "master", "FE80::1:A", True, "FE80::1:1"),
        ("Gi0/0.4010", 1, "ipv4", 110, "backup", "10.254.1.3", False, "10.254.1.1"),
        ("Gi0/0.4010", 6, "ipv6", 110, "backup", "FE80::4010:3", False, "FE80::4010:1"),
        ("Gi0/0.2600", 1, "ipv4", 90, "backup", "172.26.0.3", False, "172.26.0.1")]


def test_ntc_show_bgp_summary_asdot():
    assert ios_show.parse_show_bgp_summary(ntc("show_ip_bgp_summary_with_dot.raw")) == [
        {"neighbor": "10.20.30.40", "remote_as": 1234, "up_down": "4w0d", "state": "established", "prefixes": 6063}]
    rows = ios_show.parse_show_bgp_summary(ntc("show_ip_bgp_summary_with_dot_peer_as.raw"))
    assert [(r["neighbor"], r["remote_as"], r["prefixes"]) for r in rows] == [
        ("100.127.255.1", 65000 * 65536 + 1000, 6), ("100.127.255.7", 65000 * 65536 + 1001, 4),
        ("100.127.255.9", 65000 * 65536 + 1002, 4), ("192.88.99.1", 662 * 65536 + 47492, 435)]
    assert ios_show.asplain("65000.100") == 4259840100 and ios_show.asplain(65100) == 65100


def test_show_bgp_ipv6_summary_asdot():
    """Our IPv6 fixture with the AS in asdot, in the table and on a wrapped neighbour's line."""
    text = golden("show_bgp_ipv6_summary.txt").replace("65100", "65000.100")
    assert [(r["neighbor"], r["remote_as"], r["state"]) for r in ios_show.parse_show_bgp_summary(text)] == [
        ("2002:A01:106::", 4259840100, "established"), ("2002:A01:10A::", 4259840100, "active")]


def test_ntc_show_track_with_a_running_delay():
    track, = ios_show.parse_show_track(ntc("show_track_delayed.txt"))
    assert track == {"id": 2, "type": "route", "network": "10.21.12.0", "netmask": "255.255.255.0",
                     "state": "down", "pending": {"to": "up", "remaining": 1.0}, "changes": 1,
                     "last_change": "00:00:24", "delay": {"up": 20, "down": 10}, "first_hop": "unknown"}
    interface, = ios_show.parse_show_track(ntc("show_track_interface.txt"))
    assert interface == {"id": 1, "type": "interface", "interface": "GigabitEthernet3.420",
                         "tracking": "line-protocol", "state": "up", "changes": 1, "last_change": "00:00:27"}
    metric, = ios_show.parse_show_track(ntc("show_track_metric.txt"))
    assert (metric["state"], metric["delay"], "pending" in metric) == ("down", {"up": 2, "down": 1}, False)


def test_show_track_pending_on_the_delay_line():
    """The form some releases print after the delay: seconds remaining, or only "pending"."""
    head = "Track 3\n  IP route 10.0.0.0 255.255.255.252 reachability\n  Reachability is Down (no ip route)\n"
    track, = ios_show.parse_show_track(head + "  Delay up 2 secs (2.1 secs remaining), down 2 secs\n")
    assert (track["delay"], track["pending"]) == ({"up": 2, "down": 2}, {"to": "up", "remaining": 2.1})
    track, = ios_show.parse_show_track(head + "  Delay up 2 secs (pending)\n")
    assert (track["delay"], track["pending"]) == ({"up": 2}, {"to": "up", "remaining": None})
    track, = ios_show.parse_show_track(head + "  Delay down 5 secs\n")
    assert (track["delay"], "pending" in track) == ({"down": 5}, False)


def test_show_bgp_summary_joins_wrapped_neighbours():
    rows = ios_show.parse_show_bgp_summary(golden("show_bgp_ipv6_summary.txt"))
    assert rows == [
        {"neighbor": "2002:A01:106::", "remote_as": 65100, "up_down": "00:14:31", "state": "established",
         "prefixes": 4},
        {"neighbor": "2002:A01:10A::", "remote_as": 65100, "up_down": "never", "state": "active", "prefixes": None}]


def test_ios_modules_gives_every_part_as_module_options(intent_of):
    plan = D.plan("vrf_static_tracking", intent_of("vrf_static_tracking"))
    parts = P.modules("vrf_static_tracking", plan, "lin-router")
    assert sorted(parts) == sorted([
        "vrfs", "ios_interfaces", "ios_vrf_interfaces", "ios_l3_interfaces", "ios_static_routes", "ios_track",
        "aaa_new_model", "globals", "management_globals", "ios_aaa_tacacs_group", "ios_vty", "ios_acls", "ios_logging_global",
        "ios_ntp_global", "ios_snmp_server"])
    assert parts["vrfs"] == [{"parents": "vrf definition inside", "lines": ["address-family ipv4"]},
                             {"parents": "vrf definition outside", "lines": ["address-family ipv4"]}]
    assert parts["globals"] == [{"type": "no_static_inter_vrf"}]
    assert parts["ios_aaa_tacacs_group"][0]["servers"] == [{"address": "192.0.2.49", "key": "example-key"}]
    assert parts["aaa_new_model"] == [{"type": "aaa_new_model"}]
    assert parts["management_globals"][0]["type"] == "aaa_method"
    # the same data the rendering uses: render the module options back with the tables
    assert S.AAA_GROUP.render(R.ios_config("vrf_static_tracking", plan, "lin-router")["aaa_group"])[1] == \
        " server-private 192.0.2.49 key example-key"
    anycast = P.modules("anycast_rp", D.plan("anycast_rp", intent_of("anycast_rp")), "c2")
    assert anycast["ios_rp_loopback"][0]["ipv6_address"] == "2001:DB8:AFE:FE00::1/119"
    assert "ios_rp_loopback" not in P.modules("anycast_rp", D.plan("anycast_rp", intent_of("anycast_rp")), "d1")


def test_wan_backup_vrrp_ios_is_the_main_router_only(intent_of):
    plan = D.plan("wan_backup_vrrp", intent_of("wan_backup_vrrp"))
    assert "ios_vrrp" in P.modules("wan_backup_vrrp", plan, "main-router")
    with pytest.raises(ValueError, match="host: 'netgate' is not the main router"):
        P.modules("wan_backup_vrrp", plan, "netgate")


def test_management_globals_round_trip(intent_of):
    """The write-up's management lines parse to the plan's, and the plan's render to the write-up's."""
    plan = D.plan("vrf_static_tracking", intent_of("vrf_static_tracking"))
    config = R.ios_config("vrf_static_tracking", plan, "lin-router")
    ours = config["aaa_new_model"] + [i for i in config["global"] if i["type"] != "no_static_inter_vrf"]
    text = golden("mgmt_services.cfg")
    assert sorted(S.parse_global(text), key=repr) == sorted(ours, key=repr)
    assert sorted(S.GLOBAL.render(ours)) == sorted(l for l in text.splitlines() if S.parse_global(l))


def _two_wan_plan(intent_of):
    """The ANIRA main router with a second WAN link (Multilink2, object 2) tracked, 50 each."""
    intent = intent_of("wan_backup_vrrp")
    intent["main"]["track"] = [{"object": 1, "interface": "Multilink1", "decrement": 50},
                               {"object": 2, "interface": "Multilink2", "decrement": 50}]
    return D.plan("wan_backup_vrrp", intent)


def test_wan_backup_vrrp_renders_every_track(intent_of):
    plan = _two_wan_plan(intent_of)
    lines = P.ios_lines("wan_backup_vrrp", plan, "main-router")
    assert [line for line in lines if line.startswith("track ")] == [
        "track 1 interface Multilink1 ip routing", "track 2 interface Multilink2 ip routing"]
    # one decrement line per track, in plan order, after the priority they take from
    assert lines[lines.index(" vrrp 1 priority 110") + 1:lines.index(" arp timeout 60")] == [
        " vrrp 1 track 1 decrement 50", " vrrp 1 track 2 decrement 50"]
    # and they parse back to the same data
    config = R.ios_config("wan_backup_vrrp", plan, "main-router")
    assert config["vrrp"][0]["vrrp"]["track"] == [{"object": 1, "decrement": 50}, {"object": 2, "decrement": 50}]
    text = "\n".join(lines)
    for syntax, items in config.items():
        assert S.SYNTAXES[syntax].parse(text) == items, syntax
    assert P.modules("wan_backup_vrrp", plan, "main-router")["ios_vrrp"] == config["vrrp"]


def test_vrrp_track_lines_round_trip():
    item = {"name": "FastEthernet0/0", "group": 1,
            "vrrp": {"ip": "10.0.10.1", "track": [{"object": 3, "decrement": 20}, {"object": 1, "decrement": 100}]}}
    lines = S.VRRP_INTERFACE.render([item])
    assert lines == ["interface FastEthernet0/0", " vrrp 1 ip 10.0.10.1", " vrrp 1 track 3 decrement 20",
                     " vrrp 1 track 1 decrement 100"]
    assert S.VRRP_INTERFACE.parse("\n".join(lines)) == [item]
    # each rendered line alone parses back to its own track
    for line, track in zip(lines[2:], item["vrrp"]["track"]):
        assert S.VRRP_INTERFACE.parse("interface FastEthernet0/0\n" + line) == [
            {"name": "FastEthernet0/0", "group": 1, "vrrp": {"track": [track]}}]
    # no tracks, no lines
    assert S.VRRP_INTERFACE.render([dict(item, vrrp={"ip": "10.0.10.1", "track": []})]) == lines[:2]


def test_vrrp_track_is_one_line_per_object():
    # IOS keeps one line per tracked object: a later line replaces the earlier one, in its place
    text = ("interface FastEthernet0/0\n vrrp 1 track 1 decrement 100\n vrrp 1 track 2 decrement 50\n"
            " vrrp 1 track 1 decrement 60\n")
    assert S.VRRP_INTERFACE.parse(text)[0]["vrrp"]["track"] == [
        {"object": 1, "decrement": 60}, {"object": 2, "decrement": 50}]
    # so a list naming an object twice would not come back as it went: not rendered
    twice = {"name": "FastEthernet0/0", "group": 1,
             "vrrp": {"track": [{"object": 1, "decrement": 100}, {"object": 1, "decrement": 50}]}}
    with pytest.raises(ValueError, match="vrrp_track: object 1 twice"):
        S.VRRP_INTERFACE.render([twice])
    with pytest.raises(ValueError, match="vrrp_track: .* lacks vrrp.track.decrement"):
        S.VRRP_INTERFACE.render([{"name": "FastEthernet0/0", "group": 1, "vrrp": {"track": [{"object": 1}]}}])


def test_subinterface_encapsulation_vrf_static_tracking(intent_of):
    """A sub-interface gets `encapsulation dot1Q VLAN` (our table: no cisco.ios module has the line), before
    its VRF and address, and no `no switchport` (that belongs to its parent port)."""
    intent = intent_of("vrf_static_tracking")
    intent["interfaces"][0].update(name="GigabitEthernet0/0/1.100", vlan=100)
    plan = D.plan("vrf_static_tracking", intent)
    lines = P.ios_lines("vrf_static_tracking", plan, "lin-router")
    assert lines[lines.index("interface GigabitEthernet0/0/1.100") + 1] == " encapsulation dot1Q 100"
    config = R.ios_config("vrf_static_tracking", plan, "lin-router")
    assert config["subinterface"] == [{"name": "GigabitEthernet0/0/1.100", "vlan": 100}]
    assert S.SUBINTERFACE.parse("\n".join(lines)) == config["subinterface"]
    # the role sends the same line with ios_config, under the same parent
    assert P.modules("vrf_static_tracking", plan, "lin-router")["subinterfaces"] == [
        {"parents": "interface GigabitEthernet0/0/1.100", "lines": ["encapsulation dot1Q 100"]}]
    cisco = R.cisco_ios_config("vrf_static_tracking", plan, "lin-router")["ios_interfaces"]
    assert cisco[0] == {"name": "GigabitEthernet0/0/1.100", "enabled": True, "description": "to NAT1 inside"}
    assert cisco[1]["mode"] == "layer3"
    # put together with what cisco.ios renders: the encapsulation before the VRF and the address
    block = R.assemble(lines, [["interface GigabitEthernet0/0/1.100", " description to NAT1 inside", " no shutdown"],
                               ["interface GigabitEthernet0/0/1.100", " vrf forwarding inside"],
                               ["interface GigabitEthernet0/0/1.100", " ip address 192.76.34.94 255.255.255.252"]])
    start = block.index("interface GigabitEthernet0/0/1.100")
    assert block[start:start + 6] == [
        "interface GigabitEthernet0/0/1.100", " description to NAT1 inside", " encapsulation dot1Q 100",
        " vrf forwarding inside", " ip address 192.76.34.94 255.255.255.252", " no shutdown"]
    # the example inventory has no sub-interface: no such part
    example = D.plan("vrf_static_tracking", intent_of("vrf_static_tracking"))
    assert "subinterface" not in R.ios_config("vrf_static_tracking", example, "lin-router")
    # and a plan whose sub-interface lacks its VLAN does not render without it
    plan["interfaces"][0]["vlan"] = None
    with pytest.raises(ValueError, match="GigabitEthernet0/0/1.100' is a sub-interface without a vlan"):
        P.ios_lines("vrf_static_tracking", plan, "lin-router")


def test_subinterface_encapsulation_wan_backup_vrrp(intent_of):
    intent = intent_of("wan_backup_vrrp")
    intent.update(interface="GigabitEthernet0/0/1.10", vlan=10)
    plan = D.plan("wan_backup_vrrp", intent)
    lines = P.ios_lines("wan_backup_vrrp", plan, "main-router")
    start = lines.index("interface GigabitEthernet0/0/1.10")
    assert lines[start + 1:start + 4] == [" description Internal Network", " encapsulation dot1Q 10",
                                          " ip address 10.0.10.2 255.255.255.0"]
    config = R.ios_config("wan_backup_vrrp", plan, "main-router")
    assert config["vrrp"][0]["vlan"] == 10 and S.VRRP_INTERFACE.parse("\n".join(lines)) == config["vrrp"]
    assert P.modules("wan_backup_vrrp", plan, "main-router")["ios_vrrp"][0]["vlan"] == 10
    # FastEthernet0/0 of the example: no vlan key, no line
    example = R.ios_config("wan_backup_vrrp", D.plan("wan_backup_vrrp", intent_of("wan_backup_vrrp")), "main-router")
    assert "vlan" not in example["vrrp"][0]


@pytest.mark.parametrize("text, answer", [
    ("Attempting authentication test to server-group TAC_PLUS using tacacs+\nUser was successfully authenticated.\n",
     "accepted"),
    ("Sending password\nUser successfully authenticated\n\nUSER ATTRIBUTES\n\nusername  0  \"probe\"\n", "accepted"),
    ("Attempting authentication test to server-group TAC_PLUS using tacacs+\n"
     "User authentication request was rejected by server.\n", "rejected"),
    # a console message can run into the verdict on the same line (IOS prints both to the terminal)
    ("Attempting authentication test to server-group TAC_PLUS using tacacs+\n*Aug  8 22:14:51.720: %SYS-5-CONFIG_I: "
     "Configured from console by admin on vty0 (10.1.10.6)No authoritative response from any server.\n", "no-answer"),
    ("test aaa group TAC_PLUS probe x legacy\n              ^\n% Invalid input detected at '^' marker.\n", "unknown"),
    ("", "unknown"),
])
def test_test_aaa_verdicts(text, answer):
    """The three verdicts of `test aaa group` (legacy and new-code wording), and a device without the command."""
    result = ios_show.parse_test_aaa(text)
    assert result["answer"] == answer
    if answer == "unknown" and text:
        assert result["text"] == "% Invalid input detected at '^' marker."


def test_the_global_read_back_finds_every_global_row():
    """ios_globals reads the global lines back with `show running-config | include PATTERN`: every row of the
    table has a line the pattern finds (fields filled with a plausible value), so no line is sent twice."""
    import re
    pattern = re.compile(S.GLOBAL.include_pattern())
    samples = {"aaa_method": {"line": "aaa authentication login default local"}}
    for row in S.GLOBAL.parents:
        values = samples.get(row.name, {field: "Tunnel1" if field == "interface" else "1" for field in row.fields})
        line = row.template.format(**values)
        assert row.regex.match(line) and pattern.search(line), (row.name, line)
    assert not pattern.search(" server-private 192.0.2.1 key 7 0822455D0A16")


def test_one_table_orders_the_role_and_the_file(intent_of):
    """ios_parts.ORDER is the one order: the role's list of parts follows it, and the .ios file's blocks follow the
    same order (management first: the SSH ACL before the VTY lines that use it, aaa new-model before the group, the
    group before the method lists, they before the VTY lines; then VRFs, interfaces, tracks before routes)."""
    plan = D.plan("vrf_static_tracking", intent_of("vrf_static_tracking"))
    entries = P.apply_list("vrf_static_tracking", plan, "lin-router")
    names = [e["part"] for e in entries]
    table = [p.name for p in P.PARTS]
    assert names == sorted(names, key=table.index)
    assert names.index("ios_acls") < names.index("aaa_new_model") < names.index("ios_aaa_tacacs_group") < \
        names.index("management_globals") < names.index("ios_vty") < names.index("vrfs") < \
        names.index("ios_vrf_interfaces") < names.index("ios_l3_interfaces") < names.index("ios_track") < \
        names.index("ios_static_routes")
    # the role tests the TACACS+ servers after the group and before the method lists
    after = {e["part"]: e["after_tacacs_test"] for e in entries}
    assert not after["ios_aaa_tacacs_group"] and after["management_globals"] and not after["ios_acls"]
    assert [e["part"] for e in entries if e["secret"]] == ["ios_snmp_server"]
    # state: fixed where the module must merge, else the role's
    assert {e["part"]: e["state"] for e in entries}["ios_vty"] is None
    assert {e["part"]: e["state"] for e in entries}["management_globals"] == "merged"

    def rendered(module, config):
        return ["! %s" % module]

    lines = R.assemble_chunks(P.chunks("vrf_static_tracking", plan, "lin-router", rendered))
    assert lines.index("! ios_acls") < lines.index("aaa new-model") < \
        next(i for i, line in enumerate(lines) if line.startswith("aaa group server")) < \
        next(i for i, line in enumerate(lines) if line.startswith("aaa authentication")) < \
        lines.index("line vty 0 4") < lines.index("vrf definition inside") < lines.index("! ios_interfaces") < \
        next(i for i, line in enumerate(lines) if line.startswith("track ")) < lines.index("! ios_static_routes")


def test_the_role_sends_what_the_file_holds_for_ios_config_parts(intent_of):
    """vrfs and subinterfaces go to the device with ios_config: its parents and lines are the file's lines."""
    intent = intent_of("vrf_static_tracking")
    intent["interfaces"][0].update(name="GigabitEthernet0/0/1.100", vlan=100)
    plan = D.plan("vrf_static_tracking", intent)
    lines = P.ios_lines("vrf_static_tracking", plan, "lin-router")
    for entry in P.apply_list("vrf_static_tracking", plan, "lin-router"):
        if entry["module"] == "cisco.ios.ios_config":
            for block in entry["config"]:
                at = lines.index(block["parents"])
                assert [line.strip() for line in lines[at + 1:at + 1 + len(block["lines"])]] == block["lines"]


@pytest.mark.parametrize("name", sorted(S.SYNTAXES))
def test_every_table_shows_the_blocks_it_renders(name):
    """A table's ``show`` (the command its module gathers with) finds the first line of every block it renders: IOS's
    ``| section REGEX`` and ``| include REGEX`` keep the lines the regular expression matches."""
    import re
    syntax = S.SYNTAXES[name]
    command, pattern = syntax.show.split(" | ", 1)
    assert command == "show running-config" and pattern.split(" ", 1)[0] in ("section", "include")
    regex = re.compile(pattern.split(" ", 1)[1])
    names = {"tunnel": "Tunnel2002", "rp_loopback": "Loopback0", "subinterface": "GigabitEthernet0/0.10"}
    samples = {"line": "aaa authentication login default local", "interface": "Tunnel1", "name": names.get(name, "X"),
               "tracking": "ip routing", "boolean": "and", "network": "192.0.2.0", "netmask": "255.255.255.0"}
    for row in syntax.parents:
        line = row.template.format(**{field: samples.get(field, "1") for field in row.fields})
        assert row.regex.match(line) and regex.search(line), (name, syntax.show, line)
