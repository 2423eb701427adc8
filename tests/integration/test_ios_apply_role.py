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

from fake_ios import CliError, Device, serve  # noqa: E402
from test_site_golden import EXPECTED, GOLDEN, blocks, without_beyond  # noqa: E402

START = """username admin privilege 15 secret 9 $9$stand-in-hash
interface GigabitEthernet1
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
    variables = {"ansible_host": "127.0.0.1", "ansible_port": dev.port, "ansible_user": "admin", "ansible_password": "x",
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

    logins = device.logins
    proc = play(tmp_path, device)
    assert proc.returncode == 0, proc.stdout[-3000:] + "\n".join(device.log[-15:])
    # the rollback timer is on by default, after the archive it needs was configured; confirmed only
    # after the verify step and a second, new login (aaa new-model first, then the group)
    assert device.revert_timer == 5 and device.confirmed and not device.rolled_back
    assert device.log.index("show archive") < device.log.index("path flash:netdesign-rollback") < \
        device.log.index("configure terminal revert timer 5")
    assert device.log.index("aaa new-model") < device.log.index("aaa group server tacacs+ TAC_PLUS")
    # the TACACS+ servers asked through the group (its VRF and key) before any method list names it; none
    # answers in the stand-in by default: a warning, and the run goes on (the local user still logs in)
    probe = "test aaa group TAC_PLUS netdesign-reachability-probe not-a-password legacy"
    assert device.log.index("aaa group server tacacs+ TAC_PLUS") < device.log.index(probe) < \
        min(i for i, c in enumerate(device.log) if c.startswith("aaa authentication login "))
    assert "WARNING: no TACACS+ server of group TAC_PLUS answered lin-router through its VRF (No authoritative" \
        in " ".join(proc.stdout.split()), proc.stdout[-3000:]
    assert "not-a-password" not in proc.stdout
    assert device.log.index("configure confirm") > device.log.index("show privilege") > device.log.index("show track")
    assert device.logins >= logins + 2
    ours = blocks(device.running())
    for part in ("eduroam_routing.cfg", "mgmt_vty_aaa.cfg", "mgmt_services.cfg"):
        for head, children in blocks(open(os.path.join(GOLDEN, part)).read()).items():
            # as IOS-XE shows the write-up's lines (`ip domain name`, IPv6 in upper case)
            head, children = device.as_shown(head), [device.as_shown(c) for c in children]
            if head == "ip access-list standard SSH-ACCESS":
                children = ["permit 127.0.0.1"] + children
            # the write-up types `no shutdown`; IOS shows an enabled interface without it
            children = [c for c in children if c != "no shutdown"]
            assert ours.get(head) == children, (head, ours.get(head))
    # one table (ios_parts.ORDER) orders both: the role sent the blocks in the order of the .ios file the main job
    # wrote for this host. Compared by kind of top-level line (`interface`, `ip route`, `aaa group`, ...: a cisco.ios
    # module may send its own blocks in another order than it renders them), where the device first got one of that
    # kind; every top-level line of the file was sent (secret-bearing ones left out)
    with open(os.path.join(EXPECTED, "configs", "lin-router.vrf_static_tracking.ios")) as handle:
        heads = [line for line in handle.read().splitlines()[1:] if not line.startswith(" ") and "<secret:" not in line]
    kinds = {}
    for head in heads:
        words = head.split()
        kinds.setdefault(" ".join(words[:2] if words[0] in ("ip", "aaa") else words[:1]), []).append(device.log.index(head))
    sent_first = [min(at) for at in kinds.values()]
    assert len(kinds) > 15 and sent_first == sorted(sent_first), sorted(zip(sent_first, kinds))
    # the management interface kept its VRF and address
    assert ours["interface GigabitEthernet1"] == ["vrf forwarding mgmtVrf", "ip address 192.168.3.10 255.255.255.0"]
    backup = tmp_path / "backups" / "lin-router.vrf_static_tracking.before.cfg"
    assert backup.exists() and backup.stat().st_mode & 0o777 == 0o600

    sent = len(device.log)
    proc = play(tmp_path, device)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert recap(proc)["changed"] == 0, proc.stdout[-4000:]
    assert "configure terminal" not in device.log[sent:]


def test_a_change_that_breaks_new_logins_is_rolled_back_by_the_timer(tmp_path, device):
    """The user's own AAA lines with no local fallback: TACACS+ does not answer (none does, in the stand-in),
    so every new login fails. The session that made the change stays open and verify passes; the new login
    before confirm fails, nothing is confirmed and IOS's timer puts the old configuration back."""
    before = device.running()
    proc = play(tmp_path, device, "-e", "ios_apply_confirm_minutes=4",
                management={"aaa_methods": ["aaa authentication login default group TAC_PLUS"]})
    assert proc.returncode != 0
    # whitespace joined: ansible-core before 2.19 prints the message only in the YAML result, folded at 80
    # columns (2.16.19); 2.19 and later also print it on one `[ERROR]: Task failed: Action failed:` line
    out = " ".join(proc.stdout.split())
    assert "A new SSH login to lin-router after the change failed" in out, proc.stdout[-3000:]
    assert "IOS rolls the configuration back to the one from before the change within 4 minute(s)" in out
    assert "configure confirm" not in device.log and "aaa new-model" in device.log
    assert not device.rolled_back  # the timer is still running: 4 minutes
    device.run_out()
    assert device.rolled_back
    # back to the configuration from before the change: the start, plus the archive the timer needed
    assert device.running() == before + "archive\n path flash:netdesign-rollback\n!\n", device.running()


@pytest.mark.parametrize("device", [("lin-router", "service password-encryption\n" + START)], indirect=True)
def test_twice_against_ios_xe_as_it_shows_keys_and_domain_names(tmp_path, device):
    """With service password-encryption the device shows `key 7 <hash>`, and IOS-XE shows `ip domain name`:
    the second run still changes nothing (the key is decoded and compared, the domain name parsed in both
    forms)."""
    device.tacacs_users = {"admin"}   # the servers answer: the probe user is rejected, which is an answer
    proc = play(tmp_path, device)
    assert proc.returncode == 0, proc.stdout[-3000:] + "\n".join(device.log[-15:])
    assert any(c.startswith("test aaa group TAC_PLUS ") for c in device.log) and "WARNING:" not in proc.stdout
    running = device.running()
    assert " server-private 192.0.2.49 key 7 " in running and "example-key" not in running
    assert "ip domain name lom.oucs.ox.ac.uk" in running and "ip domain-name" not in running
    sent = len(device.log)
    proc = play(tmp_path, device)
    assert proc.returncode == 0 and recap(proc)["changed"] == 0, proc.stdout[-3000:]
    assert "configure terminal" not in device.log[sent:]
    # verify says what the design promises: told a failover is expected, the active path is a failure
    proc = play(tmp_path, device, "-e", "ios_apply_expect_failover=true")
    assert proc.returncode != 0
    assert "lin-router routes are active, the plan wants them standby (ios_apply_expect_failover)" in \
        " ".join(proc.stdout.split()), proc.stdout[-3000:]


def test_no_local_user_no_aaa(tmp_path, device):
    device.blocks = [b for b in device.blocks if not b[0].startswith("username ")]
    proc = play(tmp_path, device)
    assert proc.returncode != 0
    assert "has no local user with privilege 15" in proc.stdout, proc.stdout[-3000:]
    assert "aaa new-model" not in device.log


def test_no_tacacs_answer_stops_before_the_method_lists_when_told_to(tmp_path, device):
    """ios_apply_tacacs_test=fail: no server answers the probe, so no method list is sent, nothing is
    confirmed, and the timer takes back the lines sent so far."""
    proc = play(tmp_path, device, "-e", "ios_apply_tacacs_test=fail")
    assert proc.returncode != 0
    assert "No TACACS+ server of group TAC_PLUS answered lin-router" in " ".join(proc.stdout.split()), proc.stdout[-3000:]
    assert "aaa group server tacacs+ TAC_PLUS" in device.log and "configure confirm" not in device.log
    assert not any(c.startswith("aaa authentication login ") for c in device.log)
    device.run_out()
    assert device.find("aaa new-model") is None


def test_a_tacacs_rejection_ends_the_login_list():
    """IOS tries the next method only when one returns an error: servers that answer and reject a user
    keep them out even with `local` after the group (Cisco IOS Security Configuration Guide, \"Configuring
    Authentication\": a FAIL response stops the list)."""
    dev = Device("r1", "username admin privilege 15 secret 9 x\naaa new-model\n"
                       "aaa group server tacacs+ T\n server-private 192.0.2.1 key k\n"
                       "aaa authentication login default group T local\n")
    assert dev.login_allowed("admin")            # no answer: the local user
    dev.tacacs_users = {"ops"}
    assert not dev.login_allowed("admin") and dev.login_allowed("ops")
    assert "rejected by server" in dev.show("test aaa group T admin x legacy")
    assert dev.show("test aaa group T admin x") is None


def test_aaa_group_before_new_model_is_refused_by_the_stand_in():
    dev = Device("r1", "")
    with pytest.raises(CliError):
        dev.configure(None, "aaa group server tacacs+ TAC_PLUS")
    dev.configure(None, "aaa new-model")
    assert dev.configure(None, "aaa group server tacacs+ TAC_PLUS") is not None


def test_lockout_refused_before_anything_is_sent(tmp_path, device):
    proc = play(tmp_path, device, management={"controllers": ["127.0.0.1", "198.51.100.7"]})
    assert proc.returncode != 0
    assert "mgmt-ssh-lockout" in proc.stdout and "198.51.100.7" in proc.stdout
    assert "configure terminal" not in device.log


# greenfield devices (no AAA, no archive) with `service password-encryption`, as production routers have it
ENCRYPTED = "service password-encryption\n"
# the write-up's group (anira_vrrp.cfg) in VRRPv3's block (`blocks` strips the sub-block's indentation)
VRRP3_BLOCK = ["description Internal Network", "ip address 10.0.10.2 255.255.255.0", "vrrp 1 address-family ipv4",
               "address 10.0.10.1 primary", "priority 110", "preempt delay minimum 60", "track 1 decrement 100",
               "description LAN", "exit-vrrp", "arp timeout 60"]


@pytest.mark.parametrize("device, design, goldens, extra", [
    (("ace1", ENCRYPTED + "interface Serial1/0\n ip address 10.1.1.2 255.255.255.252\n"), "sixto4_bgp",
     ["sixto4_ace1.cfg"], []),
    (("c1", ENCRYPTED), "anycast_rp", ["anycast_c1.cfg"], []),
    (("main-router", ENCRYPTED + "interface Multilink1\n ip address 192.0.2.2 255.255.255.252\n"), "wan_backup_vrrp",
     ["anira_vrrp.cfg"], []),
    # VRRPv3 (IOS-XE): `fhrp version vrrp v3` first (the stand-in refuses the group block without it and the
    # VRRPv2 lines with it), the group as a sub-block, `show vrrp brief` in the VRRPv3 format for verify
    (("main-router", ENCRYPTED + "interface Multilink1\n ip address 192.0.2.2 255.255.255.252\n"), "wan_backup_vrrp",
     [], ["-e", "wan_backup_vrrp_version=3"]),
], indirect=["device"], ids=["sixto4_bgp", "anycast_rp", "wan_backup_vrrp", "wan_backup_vrrp_v3"])
def test_the_other_designs_apply_verify_and_stay_put(tmp_path, device, design, goldens, extra):
    """Greenfield, then twice: the first run succeeds on a device with no archive, the second changes nothing."""
    proc = play(tmp_path, device, *extra, design=design)
    assert proc.returncode == 0, proc.stdout[-3000:] + "\n".join(device.log[-15:])
    ours = without_beyond(blocks(device.running()), design)   # the example's lines beyond the write-up, as IOS shows
    for part in goldens:
        for head, children in blocks(open(os.path.join(GOLDEN, part)).read()).items():
            # the write-up's lines as IOS-XE shows them (IPv6 in upper case)
            head, children = device.as_shown(head), [device.as_shown(c) for c in children]
            assert ours.get(head) == children, (head, ours.get(head))
    if extra:
        assert "fhrp version vrrp v3" in ours and ours["interface FastEthernet0/0"] == VRRP3_BLOCK, ours
        assert "VRRP group 1 on FastEthernet0/0: master, priority 110" in proc.stdout
    sent = len(device.log)
    proc = play(tmp_path, device, *extra, design=design)
    assert proc.returncode == 0 and recap(proc, device.hostname)["changed"] == 0, proc.stdout[-3000:]
    assert "configure terminal" not in device.log[sent:]


def test_vrrp3_and_vrrp2_lines_as_ios_xe_takes_them():
    dev = Device("r1", "interface Gi1\n ip address 10.0.0.2 255.255.255.0\n")
    block = dev.find("interface Gi1")
    with pytest.raises(CliError):
        dev.configure([block, False], "vrrp 1 address-family ipv4")
    dev.configure(None, "fhrp version vrrp v3")
    with pytest.raises(CliError):
        dev.configure([block, False], "vrrp 1 ip 10.0.0.1")
    ctx = dev.configure([block, False], "vrrp 1 address-family ipv4")
    for line in ("address 10.0.0.1 primary", "priority 110", "priority 120", "track 1 decrement 20"):
        ctx = dev.configure(ctx, line)
    assert dev.configure(ctx, "exit-vrrp") == [block, False]
    assert block[1][1:] == ["vrrp 1 address-family ipv4", " address 10.0.0.1 primary", " priority 120",
                            " track 1 decrement 20", " exit-vrrp"]
    assert "Gi1                   1 IPv4 120     0  N   Y  MASTER  10.0.0.2(local) 10.0.0.1" in dev.show("show vrrp brief")
    dev.configure([block, False], "no vrrp 1 address-family ipv4")
    assert block[1] == ["ip address 10.0.0.2 255.255.255.0"]
