# -*- coding: utf-8 -*-
from __future__ import annotations

import json
import os

import pytest
from module_args import patch_module_args
from fake_device import FakeDevice

from ansible_collections.netdesign.resilience.plugins.modules import ios_track

GOLDEN = os.path.join(os.path.dirname(__file__), "..", "module_utils", "golden", "eduroam_tracking.cfg")
TRACKS = [
    {"id": 1, "type": "list", "boolean": "and", "objects": [2, 3, 4, 5], "delay": {"down": 2, "up": 2}},
    {"id": 2, "type": "route", "network": "192.76.34.92", "netmask": "255.255.255.252", "vrf": "inside",
     "delay": {"down": 2, "up": 2}},
]


def run(capsys, **args):
    with patch_module_args(args), pytest.raises(SystemExit) as info:
        ios_track.main()
    return info.value.code, json.loads(capsys.readouterr().out)


def test_rendered_and_parsed_round_trip(capsys):
    code, result = run(capsys, config=TRACKS, state="rendered")
    assert code == 0 and result["rendered"][:6] == [
        "track 1 list boolean and", " object 2", " object 3", " object 4", " object 5", " delay down 2 up 2"]
    code, parsed = run(capsys, running_config="\n".join(result["rendered"]), state="parsed")
    assert parsed["parsed"] == TRACKS


def test_parsed_write_up(capsys):
    text = "\n".join(line for line in open(GOLDEN).read().splitlines() if not line.startswith("#"))
    code, result = run(capsys, running_config=text, state="parsed")
    assert [t["id"] for t in result["parsed"]] == [2, 3, 4, 5, 1]
    assert result["parsed"][3] == {"type": "route", "id": 5, "network": "192.76.34.192",
                                   "netmask": "255.255.255.252", "vrf": "outside", "delay": {"down": 2, "up": 2}}


def test_merged_check_mode_and_diff(capsys, monkeypatch):
    device = FakeDevice("track 2 ip route 192.76.34.92 255.255.255.252 reachability\n delay down 2 up 2\n")
    monkeypatch.setattr(ios_track, "Connection", device)
    code, result = run(capsys, config=TRACKS, state="merged", _ansible_socket="/x", _ansible_check_mode=True,
                       _ansible_diff=True)
    assert code == 0 and result["changed"] is True and device.sent == []
    assert result["commands"] == ["track 1 list boolean and", " object 2", " object 3", " object 4", " object 5",
                                  " delay down 2 up 2",
                                  "track 2 ip route 192.76.34.92 255.255.255.252 reachability", " ip vrf inside"]
    assert [t["id"] for t in result["after"]] == [1, 2] and result["after"][1]["vrf"] == "inside"
    assert "track 1" not in result["diff"]["before"] and "track 1 list boolean and" in result["diff"]["after"]


def test_merged_applies_and_is_idempotent(capsys, monkeypatch):
    device = FakeDevice("")
    monkeypatch.setattr(ios_track, "Connection", device)
    code, result = run(capsys, config=TRACKS, state="merged", _ansible_socket="/x")
    assert code == 0 and result["changed"] and len(device.sent) == 1
    assert device.shown[0] == "show running-config | section ^track"
    code, result = run(capsys, config=TRACKS, state="merged", _ansible_socket="/x")
    assert code == 0 and result["changed"] is False and result["commands"] == [] and len(device.sent) == 1


def test_overridden_and_deleted(capsys, monkeypatch):
    device = FakeDevice("track 9 interface Multilink1 ip routing\n")
    monkeypatch.setattr(ios_track, "Connection", device)
    code, result = run(capsys, config=TRACKS[1:], state="overridden", _ansible_socket="/x", _ansible_check_mode=True)
    assert result["commands"][-1] == "no track 9" and [t["id"] for t in result["after"]] == [2]
    code, result = run(capsys, state="deleted", _ansible_socket="/x", _ansible_check_mode=True)
    assert result["commands"] == ["no track 9"] and result["after"] == []
