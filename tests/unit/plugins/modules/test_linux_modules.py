# -*- coding: utf-8 -*-
"""snat_pool and policy_routing modules in-process, their commands run in a lab node (real kernel)."""

from __future__ import annotations

import json
import os
import subprocess
import zlib

import pytest
from module_args import patch_module_args

from ansible_collections.netdesign.resilience.plugins.module_utils.lab import namespace as L
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.linux import policy_routing as P
from ansible_collections.netdesign.resilience.plugins.modules import policy_routing, snat_pool

needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="namespaces need root")

TOPOLOGY = {
    "nodes": {
        "box": {"interfaces": {"eth0": {"addresses": ["10.2.2.1/24"]}, "bond0": {"addresses": ["192.76.34.93/30"]},
                               "bond1": {"addresses": ["163.1.120.1/30"]}},
                "sysctls": {"net.ipv4.conf.bond0.forwarding": 1}},
        "mgw": {"interfaces": {"eth0": {"addresses": ["10.2.2.254/24"]}}},
        "rin": {"interfaces": {"eth0": {"addresses": ["192.76.34.94/30"]}}},
        "rout": {"interfaces": {"eth0": {"addresses": ["163.1.120.2/30"]}}},
    },
    "links": [["box:eth0", "mgw:eth0"], ["box:bond0", "rin:eth0"], ["box:bond1", "rout:eth0"]],
}


@pytest.fixture
def node(request, monkeypatch, tmp_path):
    """Lab node 'box'; modules' commands run inside it, their files go to tmp_path."""
    name = "m%d%s" % (os.getpid() % 100000, zlib.crc32(request.node.name.encode()) % 100000)
    L.create(dict(TOPOLOGY, name=name))
    netns = L.netns_name(name, "box")

    def runner(_module):
        def run(argv, data=None):
            proc = subprocess.run(L.node_command(netns, argv), input=data, capture_output=True, text=True,
                                  check=False)
            return proc.returncode, proc.stdout, proc.stderr
        return run
    monkeypatch.setattr(snat_pool.host, "runner", runner)
    monkeypatch.setattr(P, "TABLES_DIR", str(tmp_path / "rt_tables.d"))
    monkeypatch.setattr(P, "HOOK_DIR", str(tmp_path / "if-up.d"))
    yield runner(None)
    L.destroy(name)


def call(module, capsys, **args):
    with patch_module_args(args), pytest.raises(SystemExit) as info:
        module.main()
    return info.value.code, json.loads(capsys.readouterr().out)


EGRESS = dict(tables=[{"id": 200, "name": "Eduroam-egress"}],
              rules=[{"priority": 1000, "iif": "bond0", "table": "Eduroam-egress"}],
              routes=[{"table": "Eduroam-egress", "to": "default", "via": "163.1.120.2", "dev": "bond1"}])


@needs_root
def test_policy_routing_live_persistent_idempotent(node, capsys, tmp_path):
    code, check = call(policy_routing, capsys, _ansible_check_mode=True, _ansible_diff=True, **EGRESS)
    assert code == 0 and check["changed"] and check["commands"] == [
        "ip rule add priority 1000 iif bond0 table 200",
        "ip route replace default via 163.1.120.2 dev bond1 table 200"]
    assert node(["ip", "-N", "rule", "show"])[1].count("lookup 200") == 0           # check mode: nothing
    code, first = call(policy_routing, capsys, _ansible_diff=True, **EGRESS)
    assert code == 0 and first["changed"] and "rule priority 1000 iif bond0 table 200" in first["diff"]["after"]
    # the write-up's promise: forwarded client traffic leaves bond1, the box's own traffic the main table
    assert "dev bond1" in node(["ip", "route", "get", "198.51.100.7", "from", "10.16.1.1", "iif", "bond0"])[1]
    assert "dev bond1" not in node(["ip", "route", "get", "198.51.100.7"])[1]
    assert "1000:\tfrom all iif bond0 lookup 200" in node(["ip", "-N", "rule", "show"])[1]
    assert (tmp_path / "rt_tables.d" / "netdesign.conf").read_text() == "200 Eduroam-egress\n"
    hook_path = tmp_path / "if-up.d" / "netdesign-policy-routing-netdesign"
    hook = hook_path.read_text()
    assert hook_path.stat().st_mode & 0o777 == 0o755                  # ifupdown runs it: executable
    assert "ip route replace default via 163.1.120.2 dev bond1 table 200" in hook
    code, again = call(policy_routing, capsys, **EGRESS)
    assert code == 0 and not again["changed"] and again["commands"] == []
    # the hook really restores the state (what ifupdown runs when bond1 comes up after a reboot)
    node(["ip", "route", "flush", "table", "200"])
    node(["ip", "rule", "del", "priority", "1000"])
    for iface in ("lo", "bond1"):
        rc, _out, err = node(["env", "IFACE=%s" % iface, "sh", "-s"], hook)   # the node has its own /tmp
        assert rc == 0, err
    assert not call(policy_routing, capsys, **EGRESS)[1]["changed"]
    hook_path.chmod(0o644)                                             # a lost mode is drift too
    assert call(policy_routing, capsys, **EGRESS)[1]["changed"] and hook_path.stat().st_mode & 0o777 == 0o755
    # a rule and a route of someone else's, and a stray one in our table
    node(["ip", "rule", "add", "priority", "900", "from", "10.9.0.0/16", "table", "main"])
    node(["ip", "route", "add", "10.99.0.0/16", "via", "163.1.120.2", "table", "200"])
    code, fixed = call(policy_routing, capsys, **EGRESS)
    assert fixed["commands"] == ["ip route del 10.99.0.0/16 via 163.1.120.2 dev bond1 table 200"]
    code, gone = call(policy_routing, capsys, state="absent", **EGRESS)
    assert gone["changed"] and not (tmp_path / "rt_tables.d" / "netdesign.conf").exists()
    rules = node(["ip", "-N", "rule", "show"])[1]
    assert "lookup 200" not in rules and "900:\tfrom 10.9.0.0/16 lookup 254" in rules
    assert not call(policy_routing, capsys, state="absent", **EGRESS)[1]["changed"]


@pytest.mark.parametrize("change, message", [
    ({"tables": [{"id": 300, "name": "x"}]}, r"tables\[0\].id: .*300"),
    ({"tables": [{"id": 254, "name": "main"}]}, r"tables\[0\].id: .*254"),
    ({"rules": [{"priority": 10, "table": "other", "iif": "bond0"}]}, r"rules\[0\].table: 'other' is not one"),
    ({"rules": [{"priority": 10, "table": "200"}]}, r"rules\[0\]: needs at least one selector"),
    ({"routes": [{"table": 200, "to": "default"}]}, r"routes\[0\]: needs 'via' or 'dev'"),
    ({"routes": [{"table": 200, "to": "10.0.0.0/33", "dev": "x"}]}, r"routes\[0\].to: .*10.0.0.0/33"),
])
def test_policy_routing_bad_input_names_the_field(capsys, change, message):
    code, result = call(policy_routing, capsys, **dict(EGRESS, **change))
    assert code == 1
    assert pytest.importorskip("re").search(message, result["msg"]), result["msg"]


@needs_root
def test_snat_pool_module(node, capsys, tmp_path):
    args = dict(clients="10.16.0.0/12", pool="192.76.8.0/26", out_interface="bond1",
                path=str(tmp_path / "nftables.d" / "netdesign-snat.nft"))
    code, check = call(snat_pool, capsys, _ansible_check_mode=True, _ansible_diff=True, **args)
    assert code == 0 and check["changed"] and "map @pool" in check["diff"]["after"]
    assert not (tmp_path / "nftables.d").exists()
    code, first = call(snat_pool, capsys, **args)
    assert first["changed"] and first["plan"][0] == {"public": "192.76.8.1", "octets": [0, 4], "u32": "0xc&0xff=0x00:0x04"}
    assert "netdesign_snat" in node(["nft", "list", "tables"])[1]
    assert "map @pool" in (tmp_path / "nftables.d" / "netdesign-snat.nft").read_text()
    assert not call(snat_pool, capsys, **args)[1]["changed"]
    code, u32 = call(snat_pool, capsys, **dict(args, backend="iptables_u32"))
    assert u32["changed"] and "netdesign_snat" not in node(["nft", "list", "tables"])[1]
    assert not call(snat_pool, capsys, **dict(args, backend="iptables_u32"))[1]["changed"]
    overlapping = dict(args)
    overlapping["pool"] = "10.16.0.0/26"
    code, bad = call(snat_pool, capsys, **overlapping)
    assert code == 1 and bad["msg"].startswith("pool: 10.16.0.0/26 overlaps")
    code, gone = call(snat_pool, capsys, state="absent", path=args["path"])
    assert gone["changed"] and not (tmp_path / "nftables.d" / "netdesign-snat.nft").exists()
    assert "NETDESIGN" not in node(["iptables-save", "-t", "nat"])[1]
