# -*- coding: utf-8 -*-
"""ios_vrrp with two tracked objects against the stand-in device's configuration mode (fake_ios.Device, no SSH).

What the module predicts in check mode is what the device holds after the commands: a second track line is
added next to the first, removed again by replaced, and a new decrement for an object replaces that object's
line (IOS keeps one ``vrrp N track OBJECT`` line per object).
"""
from __future__ import annotations

import json
import os
import sys

import pytest
from module_args import patch_module_args

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
# the collection as installed from its tarball (scripts/bootstrap.sh), as the unit tests import it
if os.path.join(ROOT, "build", "collections") not in sys.path:
    sys.path.insert(0, os.path.join(ROOT, "build", "collections"))

from fake_ios import Device  # noqa: E402

from ansible_collections.netdesign.resilience.plugins.modules import ios_vrrp  # noqa: E402

GOLDEN = os.path.join(ROOT, "tests", "unit", "plugins", "module_utils", "golden", "anira_vrrp.cfg")
ONE = [{"object": 1, "decrement": 100}]
TWO = [{"object": 1, "decrement": 100}, {"object": 2, "decrement": 50}]


class Cli:
    """The module's Connection over a fake_ios.Device: shows, and each candidate typed in configuration mode."""

    def __init__(self, device):
        self.device = device

    def __call__(self, socket_path):
        return self

    def get(self, command):
        return self.device.show(command)

    def edit_config(self, candidate):
        context = None
        for line in candidate:
            context = self.device.configure(context, line)


def config(track):
    return [{"name": "FastEthernet0/0", "description": "Internal Network", "address": "10.0.10.2",
             "netmask": "255.255.255.0", "group": 1,
             "vrrp": {"description": "LAN", "ip": "10.0.10.1", "preempt_delay": 60, "priority": 110, "track": track},
             "arp_timeout": 60}]


def run(capsys, **args):
    with patch_module_args(dict(args, _ansible_socket="/x")), pytest.raises(SystemExit) as info:
        ios_vrrp.main()
    result = json.loads(capsys.readouterr().out)
    assert info.value.code == 0, result
    return result


def tracks(device):
    """The device's track lines, by object (the stand-in appends a changed line at the end of its block; IOS
    shows them in its own order, and the module compares them as a set)."""
    return sorted((c for c in device.find("interface FastEthernet0/0")[1] if " track " in c),
                  key=lambda line: int(line.split()[3]))


def by_object(items):
    return [dict(i, vrrp=dict(i["vrrp"], track=sorted(i["vrrp"]["track"], key=lambda t: t["object"])))
            for i in items]


def _merged(start, want):
    objects = {t["object"]: t for t in start}
    objects.update({t["object"]: t for t in want})
    return list(objects.values())


@pytest.fixture
def cli(monkeypatch):
    with open(GOLDEN) as handle:
        device = Device("main-router", "".join(line for line in handle if not line.startswith("#")))
    monkeypatch.setattr(ios_vrrp, "Connection", Cli(device))
    return device


@pytest.mark.parametrize("state, start, want, lines", [
    ("merged", ONE, TWO, ["vrrp 1 track 1 decrement 100", "vrrp 1 track 2 decrement 50"]),
    ("replaced", TWO, ONE, ["vrrp 1 track 1 decrement 100"]),
    ("overridden", TWO, ONE, ["vrrp 1 track 1 decrement 100"]),
    ("merged", TWO, [{"object": 1, "decrement": 60}], ["vrrp 1 track 1 decrement 60", "vrrp 1 track 2 decrement 50"]),
    ("replaced", TWO, [{"object": 2, "decrement": 50}, {"object": 1, "decrement": 60}],
     ["vrrp 1 track 1 decrement 60", "vrrp 1 track 2 decrement 50"]),
])
def test_check_mode_predicts_the_device(capsys, cli, state, start, want, lines):
    if start != ONE:
        run(capsys, config=config(start), state="replaced")
    assert ios_vrrp.S.VRRP_INTERFACE.parse(cli.show(ios_vrrp.S.VRRP_INTERFACE.show))[0]["vrrp"]["track"] == start
    check = run(capsys, config=config(want), state=state, _ansible_check_mode=True)
    result = run(capsys, config=config(want), state=state)
    assert result["changed"] and result["commands"] == check["commands"]
    assert tracks(cli) == lines
    expected = config(_merged(start, want) if state == "merged" else want)
    assert by_object(result["after"]) == by_object(check["after"]) == by_object(expected)
    assert run(capsys, config=config(want), state=state)["changed"] is False


def test_deleted_takes_both_tracks(capsys, cli):
    run(capsys, config=config(TWO), state="merged")
    result = run(capsys, state="deleted")
    assert result["after"] == [] and tracks(cli) == []
    assert cli.find("interface FastEthernet0/0")[1] == ["description Internal Network",
                                                        "ip address 10.0.10.2 255.255.255.0", "arp timeout 60"]
