# -*- coding: utf-8 -*-
"""Every IOS resource module's RETURN samples are what the module returns for its first EXAMPLES task.

The samples are the module's own output, not prose: ``rendered`` and ``parsed`` from the task's ``config``,
``commands``, ``before`` and ``after`` from a check-mode run of it against a device that holds ``DEVICE``'s lines
(``merged`` unless the task says ``replaced`` or ``overridden``), ``gathered`` from that device. When a module's
output changes, this test says which sample to update.
"""
from __future__ import annotations

import json

import pytest
import yaml
from module_args import patch_module_args
from fake_device import FakeDevice

from ansible_collections.netdesign.resilience.plugins.modules import (
    ios_aaa_tacacs_group, ios_globals, ios_rp_loopback, ios_track, ios_tunnel_6to4, ios_vrrp, ios_vty)

# the device before each module's example task: an older revision of the same design's lines
DEVICE = {
    ios_aaa_tacacs_group: "aaa group server tacacs+ TAC_PLUS\n server-private 192.0.2.49 key example-key\n"
                          " ip vrf forwarding mgmtVrf\n",
    ios_globals: "ipv6 unicast-routing\n",
    ios_rp_loopback: "interface Loopback0\n description Anycast RP\n no ip address\n"
                     " ipv6 address 2001:DB8:AFE:FE00::1/120\n ipv6 enable\n",
    ios_track: "track 2 ip route 192.76.34.92 255.255.255.252 reachability\n ip vrf inside\n",
    ios_tunnel_6to4: "interface Tunnel2002\n ipv6 address 2002:A01:102::/128\n tunnel source Serial0/0\n"
                     " tunnel mode ipv6ip 6to4\n",
    ios_vrrp: "interface FastEthernet0/0\n description LAN\n ip address 10.0.10.2 255.255.255.0\n"
              " vrrp 1 ip 10.0.10.1\n vrrp 1 priority 110\n",
    ios_vty: "line vty 0 4\n exec-timeout 10 0\n transport input telnet\nline vty 5 16\n transport input none\n",
}
EXAMPLE_KEY = "example-key"  # the EXAMPLES' vaulted key, as the device above holds it


def run(capsys, module, **args):
    with patch_module_args(args), pytest.raises(SystemExit) as info:
        module.main()
    result = json.loads(capsys.readouterr().out)
    assert info.value.code == 0, result
    return result


def example(module):
    """The first EXAMPLES task's arguments (its Jinja2 key replaced by the device's)."""
    task = yaml.safe_load(module.EXAMPLES)[0]
    args = task["netdesign.resilience." + module.__name__.rsplit(".", 1)[-1]]
    return json.loads(json.dumps(args).replace("{{ vault_tacacs_key }}", EXAMPLE_KEY))


def outputs(capsys, monkeypatch, module):
    """What the module returns for its example: one sample per RETURN key."""
    args = example(module)
    state = args["state"] if args["state"] in ("replaced", "overridden") else "merged"
    rendered = run(capsys, module, config=args["config"], state="rendered")["rendered"]
    parsed = run(capsys, module, running_config="\n".join(rendered), state="parsed")["parsed"]
    monkeypatch.setattr(module, "Connection", FakeDevice(DEVICE[module]))
    check = run(capsys, module, config=args["config"], state=state, _ansible_socket="/x", _ansible_check_mode=True)
    gathered = run(capsys, module, state="gathered", _ansible_socket="/x")["gathered"]
    return dict(commands=check["commands"], before=check["before"], after=check["after"], rendered=rendered,
                parsed=parsed, gathered=gathered)


@pytest.mark.parametrize("module", list(DEVICE), ids=lambda module: module.__name__.rsplit(".", 1)[-1])
def test_the_return_samples_are_what_the_module_returns_for_its_example(capsys, monkeypatch, module):
    documented = yaml.safe_load(module.RETURN)
    measured = outputs(capsys, monkeypatch, module)
    assert sorted(documented) == sorted(measured)
    for key, value in measured.items():
        assert documented[key].get("sample") == value, "%s: sample: %s" % (key, json.dumps(value))
    assert measured["commands"] and measured["before"] != measured["after"]  # the example changes the device
    assert EXAMPLE_KEY not in json.dumps(measured)  # a key is masked in every output, so in the samples
