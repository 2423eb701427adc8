# -*- coding: utf-8 -*-
"""The IOS resource modules of ours built on module_utils/platforms/ios/module.py, against a stand-in device."""
from __future__ import annotations

import json
import os

import pytest
from module_args import patch_module_args
from fake_device import FakeDevice

from ansible_collections.netdesign.resilience.plugins.modules import (
    ios_aaa_tacacs_group, ios_globals, ios_tunnel_6to4, ios_vrrp, ios_vty)

GOLDEN = os.path.join(os.path.dirname(__file__), "..", "module_utils", "golden")

VRRP = [{"name": "FastEthernet0/0", "description": "Internal Network", "address": "10.0.10.2",
         "netmask": "255.255.255.0", "group": 1,
         "vrrp": {"description": "LAN", "ip": "10.0.10.1", "preempt_delay": 60, "priority": 110,
                  "track": [{"object": 1, "decrement": 100}]}, "arp_timeout": 60}]
TUNNEL = [{"name": "Tunnel2002", "ipv6_address": "2002:a01:106::/128", "source": "Serial1/0", "mode": "ipv6ip 6to4"}]
AAA = [{"name": "TAC_PLUS", "servers": [{"address": "192.0.2.49", "key": "example-key"}], "vrf": "mgmtVrf",
        "source_interface": "GigabitEthernet1"}]
VTY = [{"first": 0, "last": 4, "access_class": "SSH-ACCESS", "exec_timeout": {"minutes": 5, "seconds": 0},
        "logging_synchronous": True, "login_authentication": "default", "transport_input": "ssh"},
       {"first": 5, "last": 16, "exec_timeout": {"minutes": 0, "seconds": 0}, "logging_synchronous": True,
        "transport_input": "none"}]
GLOBALS = [{"type": "ipv6_unicast_routing"},
           {"type": "ipv6_route_interface", "prefix": "2002::/16", "interface": "Tunnel2002"}]

# module, its config from the example inventory's write-ups, the golden file holding those lines
CASES = [(ios_vrrp, VRRP, "anira_vrrp.cfg"), (ios_tunnel_6to4, TUNNEL, "sixto4_ace2.cfg"),
         (ios_aaa_tacacs_group, AAA, "mgmt_vty_aaa.cfg"), (ios_vty, VTY, "mgmt_vty_aaa.cfg"),
         (ios_globals, GLOBALS, "sixto4_ace2.cfg")]


def shown(config):
    """What a module returns of config: TACACS+ keys are masked in every output."""
    return json.loads(json.dumps(config).replace("example-key", "********"))


def in_order(items):
    return sorted(items, key=json.dumps)


def golden(name):
    with open(os.path.join(GOLDEN, name)) as handle:
        return [line for line in handle.read().splitlines() if not line.startswith("#")]


def run(capsys, module, **args):
    with patch_module_args(args), pytest.raises(SystemExit) as info:
        module.main()
    # Ansible masks a secret as a whole value one way and inside a string another: one spelling here
    out = capsys.readouterr().out.replace("VALUE_SPECIFIED_IN_NO_LOG_PARAMETER", "********")
    return info.value.code, json.loads(out)


@pytest.mark.parametrize("module, config, name", CASES, ids=lambda v: getattr(v, "__name__", None))
def test_rendered_lines_are_the_write_ups_and_parse_back(capsys, module, config, name):
    code, result = run(capsys, module, config=config, state="rendered")
    assert code == 0
    lines = golden(name)
    for line in result["rendered"]:
        assert line in shown(lines), line
    code, result = run(capsys, module, running_config="\n".join(lines), state="parsed")
    assert code == 0 and result["parsed"] == shown(config)  # the write-up's own text gives the same data


@pytest.mark.parametrize("module, config, name", CASES, ids=lambda v: getattr(v, "__name__", None))
def test_merged_applies_once_then_changes_nothing(capsys, monkeypatch, module, config, name):
    device = FakeDevice("hostname r1\n")
    monkeypatch.setattr(module, "Connection", device)
    code, check = run(capsys, module, config=config, state="merged", _ansible_socket="/x", _ansible_check_mode=True,
                      _ansible_diff=True)
    assert code == 0 and check["changed"] and device.sent == [] and in_order(check["after"]) == in_order(shown(config))
    assert check["diff"]["before"] == "\n"
    code, result = run(capsys, module, config=config, state="merged", _ansible_socket="/x")
    assert code == 0 and result["changed"] and len(device.sent) == 1
    assert in_order(result["after"]) == in_order(shown(config))
    code, result = run(capsys, module, config=config, state="merged", _ansible_socket="/x")
    assert result["changed"] is False and result["commands"] == [] and len(device.sent) == 1


def test_tacacs_keys_never_shown(capsys, monkeypatch):
    device = FakeDevice("aaa group server tacacs+ TAC_PLUS\n server-private 192.0.2.50 key device-secret\n")
    monkeypatch.setattr(ios_aaa_tacacs_group, "Connection", device)
    code, result = run(capsys, ios_aaa_tacacs_group, config=AAA, state="replaced", _ansible_socket="/x",
                       _ansible_check_mode=True, _ansible_diff=True)
    text = json.dumps(result)
    assert code == 0 and result["changed"]
    assert "example-key" not in text and "device-secret" not in text
    assert " no server-private 192.0.2.50 key ********" in result["commands"]


def test_vrrp_deleted_leaves_the_interface_address(capsys, monkeypatch):
    running = "\n".join(golden("anira_vrrp.cfg")) + "\ninterface GigabitEthernet0/1\n ip address 192.0.2.1 255.255.255.0\n"
    device = FakeDevice(running)
    monkeypatch.setattr(ios_vrrp, "Connection", device)
    code, result = run(capsys, ios_vrrp, state="deleted", _ansible_socket="/x", _ansible_check_mode=True)
    assert code == 0 and result["commands"][0] == "interface FastEthernet0/0"
    assert all(c.startswith(" no vrrp 1 ") for c in result["commands"][1:]) and len(result["commands"]) == 6
    # only interfaces with a VRRP group are the module's: overridden leaves GigabitEthernet0/1 alone
    code, result = run(capsys, ios_vrrp, config=VRRP, state="overridden", _ansible_socket="/x",
                       _ansible_check_mode=True)
    assert result["commands"] == [] and result["before"] == VRRP


def test_globals_overridden_removes_other_lines(capsys, monkeypatch):
    device = FakeDevice("ipv6 unicast-routing\nipv6 route 2002::/16 Tunnel9\nipv6 pim rp-address 2001:db8::1\n")
    monkeypatch.setattr(ios_globals, "Connection", device)
    code, result = run(capsys, ios_globals, config=GLOBALS, state="overridden", _ansible_socket="/x",
                       _ansible_check_mode=True)
    assert code == 0
    assert result["commands"] == ["ipv6 route 2002::/16 Tunnel2002", "no ipv6 route 2002::/16 Tunnel9",
                                  "no ipv6 pim rp-address 2001:db8::1"]


def test_bad_input_names_the_field(capsys):
    code, result = run(capsys, ios_globals, config=[{"type": "ipv6_route_interface", "prefix": "2002::/16"}],
                       state="rendered")
    assert code == 1 and "config: " in result["msg"] and "interface" in result["msg"]
    assert "Traceback" not in result["msg"]


def test_rp_loopback_round_trip(capsys):
    from ansible_collections.netdesign.resilience.plugins.modules import ios_rp_loopback
    config = [{"name": "Loopback0", "description": "Anycast RP (Secondary)", "no_ip_address": True,
               "ipv6_address": "2001:DB8:AFE:FE00::1/119", "ipv6_enable": True, "eigrp": 1}]
    code, result = run(capsys, ios_rp_loopback, config=config, state="rendered")
    assert code == 0 and result["rendered"] == golden("anycast_c2.cfg")[:6]
    device = FakeDevice("interface Loopback0\n ipv6 address 2001:db8:afe:fe00::1/119\n")
    ios_rp_loopback.Connection = device
    code, result = run(capsys, ios_rp_loopback, config=config, state="merged", _ansible_socket="/x",
                       _ansible_check_mode=True)
    # the address in lower case on the device is the same address: not sent again
    assert code == 0 and result["commands"] == ["interface Loopback0", " description Anycast RP (Secondary)",
                                                " no ip address", " ipv6 enable", " ipv6 eigrp 1"]


# The ANIRA group with a second WAN link tracked: both decrements go in, each on its own line
TWO_TRACKS = [dict(VRRP[0], vrrp=dict(VRRP[0]["vrrp"], track=[
    {"object": 1, "decrement": 100}, {"object": 2, "decrement": 50}]))]


def test_vrrp_renders_and_parses_every_track(capsys):
    code, result = run(capsys, ios_vrrp, config=TWO_TRACKS, state="rendered")
    assert code == 0
    assert [line for line in result["rendered"] if " track " in line] == [
        " vrrp 1 track 1 decrement 100", " vrrp 1 track 2 decrement 50"]
    code, parsed = run(capsys, ios_vrrp, running_config="\n".join(result["rendered"]), state="parsed")
    assert code == 0 and parsed["parsed"] == TWO_TRACKS


def test_vrrp_single_track_mapping_still_accepted(capsys, monkeypatch):
    """The form before several tracks: one mapping, the same as a list of it."""
    old = [dict(VRRP[0], vrrp=dict(VRRP[0]["vrrp"], track={"object": 1, "decrement": 100}))]
    code, result = run(capsys, ios_vrrp, config=old, state="rendered")
    assert code == 0 and result["rendered"] == golden("anira_vrrp.cfg")[1:]
    device = FakeDevice("\n".join(golden("anira_vrrp.cfg")))
    monkeypatch.setattr(ios_vrrp, "Connection", device)
    code, result = run(capsys, ios_vrrp, config=old, state="replaced", _ansible_socket="/x")
    assert code == 0 and result["changed"] is False and result["after"] == VRRP


@pytest.mark.parametrize("track, message", [
    ([{"object": 1}], "decrement"),
    ([{"object": 1, "decrement": 100, "interface": "Multilink1"}], "interface"),
    ([{"object": 1, "decrement": 100}, {"object": 1, "decrement": 50}], "object 1 twice"),
    ("1", "track"),
])
def test_vrrp_bad_tracks_name_the_field(capsys, track, message):
    config = [dict(VRRP[0], vrrp=dict(VRRP[0]["vrrp"], track=track))]
    code, result = run(capsys, ios_vrrp, config=config, state="rendered")
    assert code == 1 and result["msg"].startswith("config: ") and message in result["msg"]
    assert "Traceback" not in result["msg"]


def test_vrrp_second_track_added_then_removed(capsys, monkeypatch):
    device = FakeDevice("\n".join(golden("anira_vrrp.cfg")))
    monkeypatch.setattr(ios_vrrp, "Connection", device)
    # merged adds the second track and leaves the first
    code, check = run(capsys, ios_vrrp, config=TWO_TRACKS, state="merged", _ansible_socket="/x",
                      _ansible_check_mode=True, _ansible_diff=True)
    assert code == 0 and check["changed"] and device.sent == []
    assert check["commands"] == ["interface FastEthernet0/0", " vrrp 1 track 2 decrement 50"]
    assert check["after"] == TWO_TRACKS
    assert " vrrp 1 track 1 decrement 100\n vrrp 1 track 2 decrement 50\n" in check["diff"]["after"]
    assert "track 2" not in check["diff"]["before"]
    code, result = run(capsys, ios_vrrp, config=TWO_TRACKS, state="merged", _ansible_socket="/x")
    assert code == 0 and result["changed"] and device.sent == [check["commands"]]
    # a device with both tracks: nothing to do for the two; merged with one removes nothing
    device = FakeDevice("\n".join(golden("anira_vrrp.cfg")).replace(
        " vrrp 1 track 1 decrement 100", " vrrp 1 track 1 decrement 100\n vrrp 1 track 2 decrement 50"))
    monkeypatch.setattr(ios_vrrp, "Connection", device)
    for state in ("merged", "replaced", "overridden"):
        code, result = run(capsys, ios_vrrp, config=TWO_TRACKS, state=state, _ansible_socket="/x")
        assert code == 0 and result["changed"] is False and result["before"] == TWO_TRACKS, state
    code, result = run(capsys, ios_vrrp, config=VRRP, state="merged", _ansible_socket="/x", _ansible_check_mode=True)
    assert code == 0 and result["changed"] is False and result["after"] == TWO_TRACKS
    # replaced and overridden remove the second
    for state in ("replaced", "overridden"):
        code, result = run(capsys, ios_vrrp, config=VRRP, state=state, _ansible_socket="/x", _ansible_check_mode=True,
                           _ansible_diff=True)
        assert code == 0 and result["commands"] == ["interface FastEthernet0/0", " no vrrp 1 track 2 decrement 50"]
        assert result["after"] == VRRP and "track 2" in result["diff"]["before"] and "track 2" not in result["diff"]["after"]
    # deleted takes every VRRP line, both tracks with them
    code, result = run(capsys, ios_vrrp, state="deleted", _ansible_socket="/x", _ansible_check_mode=True)
    assert code == 0 and result["commands"][-2:] == [" no vrrp 1 track 1 decrement 100",
                                                     " no vrrp 1 track 2 decrement 50"]
    assert len(result["commands"]) == 7 and result["after"] == []
    assert device.sent == []


def test_vrrp_changed_decrement_replaces_the_object_line(capsys, monkeypatch):
    """IOS keeps one line per tracked object: a new decrement for object 1 replaces the old one."""
    device = FakeDevice("\n".join(golden("anira_vrrp.cfg")))
    monkeypatch.setattr(ios_vrrp, "Connection", device)
    lower = [dict(VRRP[0], vrrp=dict(VRRP[0]["vrrp"], track=[{"object": 1, "decrement": 60}]))]
    code, result = run(capsys, ios_vrrp, config=lower, state="merged", _ansible_socket="/x", _ansible_check_mode=True)
    assert code == 0 and result["commands"] == ["interface FastEthernet0/0", " vrrp 1 track 1 decrement 60"]
    assert result["after"] == lower
    code, result = run(capsys, ios_vrrp, config=lower, state="replaced", _ansible_socket="/x", _ansible_check_mode=True)
    assert result["commands"] == ["interface FastEthernet0/0", " no vrrp 1 track 1 decrement 100",
                                  " vrrp 1 track 1 decrement 60"]
    assert result["after"] == lower


def test_ios_globals_documents_every_row_of_its_table():
    """ios_globals' argument spec is read from its DOCUMENTATION (platforms/ios/module.py): the documented choices of
    ``type`` are the table's rows, so a row added to the table is also accepted by the module."""
    import yaml
    from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import syntax as S
    documented = yaml.safe_load(ios_globals.DOCUMENTATION)["options"]["config"]["suboptions"]["type"]["choices"]
    assert documented == [row.name for row in S.GLOBAL.parents]


def test_a_tacacs_key_is_no_log_in_the_argument_spec():
    """DOCUMENTATION cannot mark an option no_log: the module names the path, and the spec it builds carries it."""
    from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import module as M
    spec = M.argument_spec(ios_aaa_tacacs_group.DOCUMENTATION, no_log=["config.servers.key"])
    assert spec["config"]["options"]["servers"]["options"]["key"] == dict(type="str", required=True, no_log=True)
    assert spec["rotate_keys"] == dict(type="bool", default=False) and set(M.FRAGMENT_OPTIONS) <= set(spec)


def test_without_pyyaml_a_module_says_so_and_never_echoes_a_key(capsys, monkeypatch):
    """Where PyYAML is missing the module cannot read its options: it fails saying so, before AnsibleModule would
    refuse (and echo) the arguments."""
    from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import module as M
    monkeypatch.setattr(M.Y, "HAS_YAML", False)
    with patch_module_args({"config": AAA, "state": "rendered"}), pytest.raises(SystemExit) as info:
        ios_aaa_tacacs_group.main()
    out = capsys.readouterr().out
    assert info.value.code == 1 and "PyYAML" in json.loads(out)["msg"] and "example-key" not in out
