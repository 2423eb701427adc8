# -*- coding: utf-8 -*-
"""The IOS apply path end to end against a stand-in device (tests/integration/fake_ios.py).

The role vrf_static_tracking runs on the example inventory's lin-router over the real network_cli
connection, cisco.ios terminal/cliconf plugins and resource modules, against an SSH server that keeps a
configuration text the way IOS shows it. Check mode sends nothing; the apply starts IOS's rollback timer,
pushes the management block and the design, verifies and confirms; the device's configuration then holds
the write-ups' blocks; a second run changes nothing. design_check refuses an SSH ACL that would lock the
controller out before anything is sent. No IOS image runs here: this proves our side of the conversation,
not IOS's answers.
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys

import pytest
import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from fake_ios import Device, serve  # noqa: E402
from test_site_golden import GOLDEN, blocks  # noqa: E402

START = """interface GigabitEthernet1
 vrf forwarding mgmtVrf
 ip address 192.168.3.10 255.255.255.0
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def device(request):
    hostname, start = getattr(request, "param", ("lin-router", START))
    dev = Device(hostname, start)
    port = free_port()
    listener = serve(dev, port)
    dev.port = port
    yield dev
    listener.close()


def play(tmp_path, dev, *extra, management=None, design="vrf_static_tracking"):
    with open(os.path.join(ROOT, "inventories", "example", "group_vars", "vrf_static_tracking.yml")) as handle:
        mgmt = yaml.safe_load(handle)["vrf_static_tracking_management"]
    # the controller (here 127.0.0.1) must stay permitted by the SSH ACL
    mgmt["ssh_acl"]["entries"].insert(0, "permit 127.0.0.1")
    mgmt["controllers"] = ["127.0.0.1"]
    mgmt.update(management or {})
    variables = {"ansible_host": "127.0.0.1", "ansible_port": dev.port, "ansible_password": "x",
                 "ansible_network_cli_ssh_type": "paramiko", "ios_apply_backup_dir": str(tmp_path / "backups")}
    if design == "vrf_static_tracking":
        variables["vrf_static_tracking_management"] = mgmt
    (tmp_path / "vars.json").write_text(json.dumps(variables))
    (tmp_path / "play.yml").write_text(yaml.safe_dump([{
        "name": design, "hosts": dev.hostname, "gather_facts": False,
        "roles": [{"role": "netdesign.resilience.%s" % design}]}]))
    env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"), ANSIBLE_HOST_KEY_CHECKING="False",
               ANSIBLE_PERSISTENT_CONNECT_TIMEOUT="30", ANSIBLE_NOCOLOR="1")
    proc = subprocess.run(["ansible-playbook", "-i", os.path.join(ROOT, "inventories", "example"),
                           str(tmp_path / "play.yml"), "-e", "@%s" % (tmp_path / "vars.json")] + list(extra),
                          cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=600)
    return proc


def recap(proc, host="lin-router"):
    line = next(l for l in proc.stdout.splitlines() if l.startswith(host) and "ok=" in l)
    return {k: int(v) for k, v in (w.split("=") for w in line.split(":", 1)[1].split())}


def test_check_apply_confirm_then_nothing_to_do(tmp_path, device):
    before = device.running()
    proc = play(tmp_path, device, "--check", "--diff")
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert device.running() == before and "configure terminal" not in device.log
    assert "track 1 list boolean and" in proc.stdout and "example-key" not in proc.stdout

    proc = play(tmp_path, device, "-e", "ios_apply_confirm_minutes=5")
    assert proc.returncode == 0, proc.stdout[-3000:] + "\n".join(device.log[-15:])
    assert device.revert_timer == 5 and device.confirmed
    assert device.log.index("configure confirm") > device.log.index("show track")
    ours = blocks(device.running())
    for part in ("eduroam_routing.cfg", "mgmt_vty_aaa.cfg", "mgmt_services.cfg"):
        for head, children in blocks(open(os.path.join(GOLDEN, part)).read()).items():
            if head.startswith("ip access-list"):
                children = ["permit 127.0.0.1"] + children
            # the write-up types `no shutdown`; IOS shows an enabled interface without it
            children = [c for c in children if c != "no shutdown"]
            assert ours.get(head) == children, (head, ours.get(head))
    # the management interface kept its VRF and address
    assert ours["interface GigabitEthernet1"] == ["vrf forwarding mgmtVrf", "ip address 192.168.3.10 255.255.255.0"]
    assert (tmp_path / "backups" / "lin-router.vrf_static_tracking.before.cfg").exists()

    sent = len(device.log)
    proc = play(tmp_path, device)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert recap(proc)["changed"] == 0, proc.stdout[-4000:]
    assert "configure terminal" not in device.log[sent:]


def test_lockout_refused_before_anything_is_sent(tmp_path, device):
    proc = play(tmp_path, device, management={"controllers": ["127.0.0.1", "198.51.100.7"]})
    assert proc.returncode != 0
    assert "mgmt-ssh-lockout" in proc.stdout and "198.51.100.7" in proc.stdout
    assert "configure terminal" not in device.log


@pytest.mark.parametrize("device, design, goldens", [
    (("ace1", "interface Serial1/0\n ip address 10.1.1.2 255.255.255.252\n"), "sixto4_bgp", ["sixto4_ace1.cfg"]),
    (("c1", ""), "anycast_rp", ["anycast_c1.cfg"]),
    (("main-router", "interface Multilink1\n ip address 192.0.2.2 255.255.255.252\n"), "wan_backup_vrrp",
     ["anira_vrrp.cfg"]),
], indirect=["device"], ids=["sixto4_bgp", "anycast_rp", "wan_backup_vrrp"])
def test_the_other_designs_apply_verify_and_stay_put(tmp_path, device, design, goldens):
    proc = play(tmp_path, device, design=design)
    assert proc.returncode == 0, proc.stdout[-3000:] + "\n".join(device.log[-15:])
    ours = blocks(device.running())
    for part in goldens:
        for head, children in blocks(open(os.path.join(GOLDEN, part)).read()).items():
            assert ours.get(head) == children, (head, ours.get(head))
    sent = len(device.log)
    proc = play(tmp_path, device, design=design)
    assert proc.returncode == 0 and recap(proc, device.hostname)["changed"] == 0, proc.stdout[-3000:]
    assert "configure terminal" not in device.log[sent:]
