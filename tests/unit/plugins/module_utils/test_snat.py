# -*- coding: utf-8 -*-
"""snat backends: rendering, and the real kernel in lab namespaces (nft, iptables u32, ipset)."""

from __future__ import annotations

import os
import subprocess
import zlib

import pytest

from ansible_collections.netdesign.resilience.plugins.module_utils.lab import namespace as L
from ansible_collections.netdesign.resilience.plugins.module_utils.lab import flows as F
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.linux import snat as S
from ansible_collections.netdesign.resilience.plugins.module_utils.designs.nat_gateway.plan import public_for_client, snat_pool_plan

needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="namespaces need root")


def test_desired_is_deterministic_and_names_bad_fields():
    a = S.desired("10.16.0.0/12", "192.76.8.0/26", "nftables", "bond1")
    assert a == S.desired("10.16.0.0/12", "192.76.8.0/26", "nftables", "bond1")
    assert a["digest"] != S.desired("10.16.0.0/12", "192.76.8.0/26", "iptables_u32", "bond1")["digest"]
    assert len(a["rows"]) == 62 and a["rows"][0] == [0, 4, "192.76.8.1"]
    with pytest.raises(ValueError, match="backend: .*'pf'"):
        S.desired("10.16.0.0/12", "192.76.8.0/26", "pf")
    with pytest.raises(ValueError, match="out_interface: 'bond 1'"):
        S.desired("10.16.0.0/12", "192.76.8.0/26", "nftables", "bond 1")
    with pytest.raises(ValueError, match="pool: .*overlaps"):
        S.desired("10.16.0.0/12", "10.16.0.0/26")


def test_nft_render_is_the_documented_map():
    text = S.nft_render(S.desired("10.16.0.0/12", "192.76.8.0/26", out_interface="bond1"))
    assert "delete table ip netdesign_snat" in text
    assert "0.0.0.0-0.0.0.4 : 192.76.8.1, " in text and "0.0.0.252-0.0.0.255 : 192.76.8.62 }" in text
    assert 'ip saddr 10.16.0.0/12 oifname "bond1" snat to ip saddr & 0.0.0.255 map @pool' in text


def test_u32_rules_are_the_write_ups():
    state = S.desired("10.16.0.0/12", "192.76.8.0/26", "iptables_u32", "bond1")
    text = S.ipt_render(state)
    row = next(r for r in snat_pool_plan("10.16.0.0/12", "192.76.8.0/26") if r["octets"][0] <= 0xeb <= r["octets"][1])
    assert '-A NETDESIGN-SNAT -m u32 --u32 "%s" -j SNAT --to-source %s' % (row["u32"], row["public"]) in text
    assert text.count("-j SNAT") == 62 and text.startswith("*nat\n:NETDESIGN-SNAT - [0:0]\n")


def test_ipset_members_cover_the_range_once():
    state = S.desired("10.16.4.0/22", "192.76.8.0/29", "ipset")
    members = [m for i in range(len(state["rows"])) for m in S.ipset_members(state, i)]
    assert len(members) == len(set(members)) == 1022          # /22 without network and broadcast
    for i, row in enumerate(state["rows"]):
        assert all(row[0] <= int(m.rsplit(".", 1)[1]) <= row[1] for m in S.ipset_members(state, i))
    assert S.ipset_count(S.desired("10.16.0.0/12", "192.76.8.0/26", "ipset"), 0) == 5 * 4096 - 1  # less 10.16.0.0


# ---------------------------------------------------------------------------------------------
# the real kernel: clients -- nat -- server

def topology(name):
    return {
        "name": name,
        "nodes": {
            "cl": {"interfaces": {"eth0": {"addresses": ["10.16.1.1/24", "10.16.1.235/24", "10.16.1.7/24",
                                                         "10.16.1.240/24"]}},
                   "routes": [{"to": "default", "via": "10.16.1.254"}]},
            "nat": {"interfaces": {"eth0": {"addresses": ["10.16.1.254/24"]},
                                   "eth1": {"addresses": ["198.51.100.1/24"]}},
                    "sysctls": {"net.ipv4.ip_forward": 1}},
            "srv": {"interfaces": {"eth0": {"addresses": ["198.51.100.2/24"]}},
                    "routes": [{"to": "192.76.8.0/26", "via": "198.51.100.1"}]},
        },
        "links": [["cl:eth0", "nat:eth0"], ["nat:eth1", "srv:eth0"]],
    }


@pytest.fixture
def natlab(request):
    name = "s%d%s" % (os.getpid() % 100000, zlib.crc32(request.node.name.encode()) % 100000)
    L.create(topology(name))
    yield name
    L.destroy(name)


def runner(lab, node="nat"):
    def run(argv, data=None):
        proc = subprocess.run(L.node_command(L.netns_name(lab, node), argv), input=data, capture_output=True,
                              text=True, check=False)
        return proc.returncode, proc.stdout, proc.stderr
    return run


def seen_from(lab, source):
    got = F.traffic(lab, "cl", "srv", "198.51.100.2", proto="udp", port=50001, count=2, source=source)
    return {r["from"] for r in got["received"]}


@needs_root
@pytest.mark.parametrize("backend", S.BACKENDS)
def test_backend_on_the_kernel(natlab, backend):
    run = runner(natlab)
    state = S.desired("10.16.0.0/16", "192.76.8.0/26", backend, "eth1")
    first = S.converge(run, state, check_mode=True)
    assert first["changed"] and S.current(run, backend) is None          # check mode changed nothing
    assert S.converge(run, state)["changed"]
    again = S.converge(run, state)
    assert not again["changed"]
    plan = snat_pool_plan("10.16.0.0/16", "192.76.8.0/26")
    for client in ("10.16.1.1", "10.16.1.235", "10.16.1.7"):
        assert seen_from(natlab, client) == {public_for_client(plan, client)}
    # a rule we do not own survives, and absent removes only ours
    run(["nft", "add", "table", "ip", "theirs"])
    assert S.converge(run, {"absent": True})["changed"]
    assert S.current(run, "nftables") is None and S.current(run, "ipset") is None
    assert run(["nft", "list", "table", "ip", "theirs"])[0] == 0
    assert not S.converge(run, {"absent": True})["changed"]


@needs_root
@pytest.mark.parametrize("backend", ("nftables", "iptables_u32"))
def test_the_write_ups_rules_imported_keep_every_public_address(natlab, backend):
    """#20: the write-up's own u32 rules (five last octets per address from .1), read from an
    iptables-save dump and applied by another backend: real packets leave with the same addresses."""
    dump = "*nat\n" + "\n".join(
        '-A POSTROUTING -s 10.16.0.0/12 -o bond1 -m u32 --u32 "0xc&0xff=0x%x:0x%x" -j SNAT --to-source 192.76.8.%d'
        % (low, min(low + 4, 255), low // 5 + 1) for low in range(0, 256, 5)) + "\nCOMMIT\n"
    run = runner(natlab)
    state = S.desired("10.16.0.0/16", "192.76.8.0/26", backend, "eth1", iptables_save=dump)
    assert S.converge(run, state)["changed"] and not S.converge(run, state)["changed"]
    assert seen_from(natlab, "10.16.1.235") == {"192.76.8.48"}     # 0xeb:0xef -> .48, the write-up's example
    assert seen_from(natlab, "10.16.1.240") == {"192.76.8.49"}     # 0xf0:0xf4 -> .49
    assert seen_from(natlab, "10.16.1.7") == {"192.76.8.2"}
    with pytest.raises(ValueError, match="iptables_save: no rule maps last octets 250-255"):
        S.desired("10.16.0.0/16", "192.76.8.0/26", backend, "eth1", iptables_save="\n".join(dump.splitlines()[:-3]))


@needs_root
def test_switching_backend_and_pool_leaves_one_mapping(natlab):
    run = runner(natlab)
    S.converge(run, S.desired("10.16.0.0/16", "192.76.8.0/26", "ipset", "eth1"))
    S.converge(run, S.desired("10.16.0.0/16", "192.76.8.0/29", "ipset", "eth1"))   # new sets, old destroyed
    sets = S.current(run, "ipset")["sets"]
    assert len(sets) == 6 and all(count == 256 * len(range(lo, hi + 1)) - (lo == 0) - (hi == 255)
                                  for (lo, hi, _p), count in zip(S.desired("10.16.0.0/16", "192.76.8.0/29",
                                                                           "ipset")["rows"], sets.values()))
    result = S.converge(run, S.desired("10.16.0.0/16", "192.76.8.0/29", "iptables_u32", "eth1"))
    assert result["changed"] and S.current(run, "ipset").get("sets") == {}
    S.converge(run, S.desired("10.16.0.0/16", "192.76.8.0/29", "nftables", "eth1"))
    assert S.current(run, "ipset") is None
    assert seen_from(natlab, "10.16.1.235") == {"192.76.8.6"}


@needs_root
def test_failed_apply_leaves_the_old_mapping(natlab):
    run = runner(natlab)
    good = S.desired("10.16.0.0/16", "192.76.8.0/26", "nftables", "eth1")
    S.converge(run, good)

    def broken(argv, data=None):
        if argv[:2] == ["nft", "-f"]:
            data = data.replace("type nat hook", "type nat hook nosuchhook")
        return run(argv, data)
    with pytest.raises(S.ApplyError, match="nft -f -"):
        S.converge(broken, S.desired("10.16.0.0/16", "192.76.8.0/29", "nftables", "eth1"))
    assert S.in_sync(good, S.current(run, "nftables"))
