# -*- coding: utf-8 -*-
"""The failure-matrix replay (issue #19) against a fake lab with a fake clock: the example's VRRP rows from
failure_matrix, a row that passes, one whose state is never reached, one whose invariant breaks mid-transition,
skipped rows, the mapping's validation, the route checks, the probe's parser. No timing asserts: the clock is
the fake's."""
from __future__ import annotations

import copy
import json

import pytest

from ansible_collections.netdesign.resilience.plugins.module_utils.matrix import predict as FM
from ansible_collections.netdesign.resilience.plugins.module_utils.matrix import replay as R
from ansible_collections.netdesign.resilience.plugins.module_utils.matrix import replay_checks as K
from ansible_collections.netdesign.resilience.plugins.module_utils.matrix import replay_lab as RL
from ansible_collections.netdesign.resilience.plugins.module_utils.matrix import replay_lab_nat as NL

from example_inventory import example_intent
from replay_fakes import MAPPING, FakeVrrpLab, vrrp_rows

RECORD_KEYS = {"id", "status", "platform", "switch_seconds", "return_seconds", "state", "invariants", "why",
               "bounds"}


def test_the_rows_are_the_matrix_s_and_a_sound_lab_passes_every_row():
    rows = vrrp_rows()
    lab = FakeVrrpLab()
    records = lab.replayer().replay(rows, MAPPING)
    assert [r["id"] for r in records] == [r["id"] for r in rows] == [
        "wan_backup_vrrp/main-router/wan-Multilink1", "wan_backup_vrrp/main-router/node-main-router"]
    for record in records:
        assert set(record) == RECORD_KEYS
        assert record["status"] == "passed", record
        assert record["platform"] == "linux"
        assert 3.7 <= record["switch_seconds"] <= 3.9
        assert 60.5 <= record["return_seconds"] <= 60.7
        assert {i["id"]: i["held"] for i in record["invariants"]} == {"one-master": True, "gateway-answers": True}
        json.dumps(record)
    # the lab's names, through the mapping; node_up starts the node's daemons
    assert lab.actions == [
        {"action": "link_down", "node": "main", "interface": "wan"},
        {"action": "link_up", "node": "main", "interface": "wan"},
        {"action": "node_stop", "node": "main"},
        {"action": "node_start", "node": "main", "start": [["keepalived", "--use-file", "/etc/keepalived/keepalived.conf"]]}]
    done = [line for line in lab.lines if line.endswith("PASS")]
    assert len(done) == 2 and done[0].startswith("failure 1 of 2: WAN link Multilink1 of main-router down")
    assert "predicted netgate Master within 3.805 s (+ margin 1 s)" in lab.lines[0]


def test_a_state_never_reached_fails_the_row_and_the_lab_is_still_repaired():
    lab = FakeVrrpLab(takeover=None)
    record = lab.replayer().row(vrrp_rows()[0], R.check_mapping(MAPPING, vrrp_rows()))
    assert record["status"] == "failed" and record["switch_seconds"] is None
    assert "predicted netgate Master not reached within 34.805 s" in record["why"]
    assert lab.actions[-1]["action"] == "link_up" and record["return_seconds"] is not None
    assert lab.lines[-1].endswith(")") and " FAIL (" in lab.lines[-1]


def test_two_masters_mid_transition_break_one_master_and_fail_the_row():
    lab = FakeVrrpLab(both=(1.0, 1.3))
    record = lab.replayer().row(vrrp_rows()[0], R.check_mapping(MAPPING, vrrp_rows()))
    assert record["status"] == "failed"
    one = next(i for i in record["invariants"] if i["id"] == "one-master")
    assert one["held"] is False and "2 VRRP Masters (main-router, netgate)" in one["detail"]
    assert "after the failure" in one["detail"] and "invariant one-master broken" in record["why"]
    # the state itself was reached in time: only the invariant failed it
    assert record["switch_seconds"] is not None


def test_too_slow_fails_against_the_bound_plus_the_margin():
    lab = FakeVrrpLab(back=66.0)   # 2.43 s beyond the Linux bound 63.57 s
    record = lab.replayer(margin=1.0).row(vrrp_rows()[0], R.check_mapping(MAPPING, vrrp_rows()))
    assert record["status"] == "failed" and "repair: main-router Master after 66.0" in record["why"]
    assert "beyond the bound 63.57 s + margin 1 s" in record["why"] and 66.0 <= record["return_seconds"] <= 66.2
    lab = FakeVrrpLab(back=66.0)
    record = lab.replayer(margin=3.0).row(vrrp_rows()[0], R.check_mapping(MAPPING, vrrp_rows()))
    assert record["status"] == "passed"
    # what it was judged by travels with the record: report.json's merge takes this verdict on time
    assert record["bounds"] == {"switch": 3.805, "return": 63.57, "margin": 3.0}


def test_a_lab_not_in_its_normal_state_fails_the_row_without_injecting():
    lab = FakeVrrpLab(takeover=0.0)
    lab.failed_at = lab.now - 10   # the backup already holds the gateway
    record = lab.replayer(settle=2.0).row(vrrp_rows()[0], R.check_mapping(MAPPING, vrrp_rows()))
    assert record["status"] == "failed" and "not in the normal state" in record["why"] and lab.actions == []


def test_rows_the_lab_cannot_replay_are_skipped_with_why():
    rows = vrrp_rows()
    ios_only = copy.deepcopy(rows[0])
    ios_only["bounds"] = [dict(b, platform="ios") for b in ios_only["bounds"]]
    lab = FakeVrrpLab()
    mapping = dict(MAPPING, skip={"node-main-router": "the lab keeps this node running"})
    records = lab.replayer().replay([ios_only, rows[1]], mapping)
    assert [r["status"] for r in records] == ["skipped", "skipped"]
    assert "no Linux bound" in records[0]["why"] and records[1]["why"] == "the lab keeps this node running"
    assert lab.actions == [] and all(set(r) == RECORD_KEYS for r in records)
    unknown = dict(copy.deepcopy(rows[0]), design="no_such_design")   # every design has a probe now
    assert "no probe for no_such_design" in lab.replayer().replay([unknown], MAPPING)[0]["why"]


def test_the_mapping_is_validated_against_the_rows():
    rows = vrrp_rows()
    broken = copy.deepcopy(MAPPING)
    del broken["nodes"]["main-router"]["interfaces"]["Multilink1"]
    with pytest.raises(R.ReplayError, match="interface Multilink1 of main-router"):
        R.check_mapping(broken, rows)
    with pytest.raises(R.ReplayError, match="node main-router"):
        R.check_mapping({"nodes": {}}, rows)
    with pytest.raises(R.ReplayError, match="unknown key"):
        R.check_mapping(dict(MAPPING, extra=1), rows)
    with pytest.raises(R.ReplayError, match="not a node or interface name"):
        R.check_mapping({"nodes": {"main-router": {"node": "main; rm -rf /"}}}, [])
    with pytest.raises(R.ReplayError, match="start: must be a list"):
        R.check_mapping({"nodes": {"main-router": {"node": "main", "start": "keepalived"}}}, [])
    # a plan interface may be the far end of its link in another lab node: the failure is a carrier loss there
    far = {"nodes": {"main-router": {"node": "main", "interfaces": {
        "Multilink1": {"node": "isp", "interface": "eth0"}, "FastEthernet0/0": "eth0"}},
        "netgate": {"node": "netgate", "interfaces": {"FastEthernet0/0": "eth0"}}}}
    checked = R.check_mapping(far, rows)
    wan = next(r for r in rows if r["id"].endswith("wan-Multilink1"))
    assert R.lab_action(wan["failure"]["inject"], checked) == {"action": "link_down", "node": "isp", "interface": "eth0"}
    assert R.lab_action({"action": "link_down", "node": "netgate", "target": "FastEthernet0/0"}, checked) == {
        "action": "link_down", "node": "netgate", "interface": "eth0"}
    for bad in ({"node": "isp"}, {"node": "isp", "interface": "eth0", "vlan": 5}, {"node": "isp; reboot", "interface": "e"}):
        far["nodes"]["main-router"]["interfaces"]["Multilink1"] = bad
        with pytest.raises(R.ReplayError, match="Multilink1"):
            R.check_mapping(far, rows)
    # a skipped row needs no names
    assert R.check_mapping({"skip": {"wan-Multilink1": "x", "node-main-router": "y"}}, rows)["nodes"] == {}


def test_linux_bound_reads_the_platform_list():
    assert R.linux_bound([{"platform": "ios", "seconds": 4}, {"platform": "linux", "seconds": 5}])["seconds"] == 5
    assert R.linux_bound([{"platform": "ios, linux", "seconds": 3}])["seconds"] == 3
    assert R.linux_bound([{"platform": "ios", "seconds": 4}]) is None


def _route_row():
    hops = {"active": "192.0.2.1", "standby": "192.0.2.5"}

    def routes(path):
        return [{"vrf": v, "prefix": p, "next_hops": [hops[path]], "path": path, "interfaces": ["x"]}
                for v, p in (("inside", "0.0.0.0/0"), ("outside", "192.76.8.0/24"))]
    return {"id": "vrf_static_tracking/r/active-linknet-po10", "design": "vrf_static_tracking", "plan": "r",
            "failure": {"inject": {"action": "link_down", "node": "r", "target": "po10"}, "text": "po10 down"},
            "predicted": {"routes": routes("standby")}, "bounds": [{"platform": "linux", "seconds": 5}],
            "repair": {"inject": {"action": "link_up", "node": "r", "target": "po10"},
                       "predicted": {"routes": routes("active")}, "bounds": [{"platform": "linux", "seconds": 5.3}]},
            "invariants": [{"id": i, "predicted_to_hold": True, "text": i}
                           for i in ("no-hybrid-path", "no-blackhole", "returns")]}


def test_routes_check_sees_a_hybrid_path_and_a_blackhole():
    check = K.for_row(_route_row())
    active = {"inside 0.0.0.0/0": ["192.0.2.1"], "outside 192.76.8.0/24": ["192.0.2.1"]}
    hybrid = {"inside 0.0.0.0/0": ["192.0.2.5"], "outside 192.76.8.0/24": ["192.0.2.1"]}
    assert check.invariant("no-hybrid-path", {"routes": active}, True, "failure")[0] is True
    held, detail = check.invariant("no-hybrid-path", {"routes": hybrid}, True, "failure")
    assert held is False and "standby (inside 0.0.0.0/0)" in detail
    # no-hybrid-path is the state a phase ends in; the moment after the failure is no-hybrid-path-during's (which the
    # matrix predicts broken where a route's own linknet fails: its route moves at once, the others wait the delays)
    assert check.invariant("no-hybrid-path", {"routes": hybrid}, False, "failure") is None
    assert check.invariant("no-hybrid-path-during", {"routes": hybrid}, False, "failure")[0] is False
    assert check.invariant("no-blackhole", {"routes": {"inside 0.0.0.0/0": []}}, True, "failure")[0] is False
    assert check.invariant("returns", {"routes": active}, True, "repair")[0] is True
    assert check.invariant("returns", {"routes": hybrid}, True, "repair")[0] is False
    assert check.state(_route_row()["predicted"], {"routes": hybrid})[0] is False
    assert check.poll_keys == ("routes",)


def test_a_route_row_replays_on_a_fake_router():
    row, now = _route_row(), [0.0]
    state = {"down": None}

    def inject(action):
        state["down"] = now[0] if action["action"] == "link_down" else None
        return now[0]

    def probe(_keys):
        now[0] += 0.05
        hop = "192.0.2.5" if state["down"] is not None and now[0] - state["down"] >= 4.4 else "192.0.2.1"
        return {"routes": {"inside 0.0.0.0/0": [hop], "outside 192.76.8.0/24": [hop]}}

    mapping = {"nodes": {"r": {"node": "router", "interfaces": {"po10": "bond10"}}}}
    replayer = R.Replayer(probe, inject, lambda: now[0], lambda s: now.__setitem__(0, now[0] + s))
    record = replayer.replay([row], mapping)[0]
    assert record["status"] == "passed", record
    assert 4.4 <= record["switch_seconds"] <= 4.6 and record["return_seconds"] <= 0.2
    assert [i["held"] for i in record["invariants"]] == [True, True, True]


def test_holds_address_counts_an_address_only_on_a_link_that_is_up():
    up = [{"ifname": "eth0", "flags": ["BROADCAST", "UP", "LOWER_UP"],
           "addr_info": [{"local": "10.0.10.2"}, {"local": "10.0.10.1"}]}]
    down = [dict(up[0], flags=["BROADCAST"])]
    assert RL.holds_address(json.dumps(up), "10.0.10.1") is True
    assert RL.holds_address(json.dumps(up), "10.0.10.9") is False
    assert RL.holds_address(json.dumps(down), "10.0.10.1") is False
    assert RL.holds_address("not json", "10.0.10.1") is False


def test_vrrp_targets_need_the_lan_interface_mapped():
    plan = {"main": {"name": "main-router"}, "backup": {"name": "netgate"}, "interface": "FastEthernet0/0"}
    mapping = R.check_mapping(MAPPING, [])
    assert RL.vrrp_targets(plan, mapping) == [("main-router", "main", "eth0"), ("netgate", "netgate", "eth0")]
    with pytest.raises(Exception, match="needs its LAN interface"):
        RL.vrrp_targets(dict(plan, interface="Vlan10"), mapping)


@pytest.mark.parametrize("reads, masters", [
    # a preemption between the two reads of one round: main seen, then netgate, but main no longer holds it
    ([True, True, False, True], ["netgate"]),
    # each holds it again after the other was seen holding it: two Masters at once
    ([True, True, True, True], ["main-router", "netgate"]),
    ([True, False], ["main-router"]),
])
def test_vrrp_probe_counts_two_masters_only_when_the_reads_bracket_each_other(monkeypatch, reads, masters):
    plan = {"main": {"name": "main-router"}, "backup": {"name": "netgate"}, "interface": "FastEthernet0/0",
            "virtual_ip": "10.0.10.1"}
    held = [{"ifname": "eth0", "flags": ["UP", "LOWER_UP"], "addr_info": [{"local": "10.0.10.1"}]}]
    answers = iter(reads)
    monkeypatch.setattr(RL, "node_run", lambda _lab, _node, _argv: (0, json.dumps(held if next(answers) else [])))
    probe = RL.VrrpProbe("lab", plan, R.check_mapping(MAPPING, []), "client")
    assert probe(["vrrp_masters"]) == {"vrrp_masters": masters}
    assert next(answers, "done") == "done"      # every read was used, no more


BONDING = """Ethernet Channel Bonding Driver: v6.1.0

Bonding Mode: IEEE 802.3ad Dynamic link aggregation
MII Status: up
MII Polling Interval (ms): 100

Slave Interface: eth5
MII Status: up
details actor lacp pdu:
    system priority: 65535
    port state: 61
details partner lacp pdu:
    port state: 61

Slave Interface: eth7
MII Status: %s
details actor lacp pdu:
    system priority: 65535
    port state: %d
details partner lacp pdu:
    port state: 61
"""


def test_bond_status_reads_mii_and_the_lacp_actor_bits():
    assert NL.bond_status(BONDING % ("up", 61)) == (True, ["eth5", "eth7"])
    # 13 = Activity, Aggregation, Synchronization: not collecting and distributing (yet)
    assert NL.bond_status(BONDING % ("up", 13)) == (True, ["eth5"])
    assert NL.bond_status(BONDING % ("down", 61)) == (True, ["eth5"])
    assert NL.bond_status("") == (False, [])
    both = RL.split_sections("==> bond0 <==\n%s==> bond1 <==\nMII Status: down\n" % (BONDING % ("up", 61)))
    assert sorted(both) == ["bond0", "bond1"] and NL.bond_status(both["bond1"]) == (False, [])


def nat_rows():
    rows = FM.for_intent("nat_gateway", example_intent("nat_gateway", "nat1"), ["nat1"])["rows"]
    return {r["id"].rsplit("/", 1)[1]: r for r in rows}


def test_a_bond_member_row_is_judged_by_the_member_leaving_and_rejoining():
    row = nat_rows()["member-bond0-eth5"]
    check = K.for_row(row)
    assert check.poll_keys == ("bonds_up", "bond_members")
    assert check.final_keys == ("bonds_up", "bond_members", "public_address")
    both = {"bonds_up": {"nat1 bond0": True}, "bond_members": {"nat1 bond0": ["eth5", "eth7"]}}
    rest = {"bonds_up": {"nat1 bond0": True}, "bond_members": {"nat1 bond0": ["eth7"]}}
    down = {"bonds_up": {"nat1 bond0": False}, "bond_members": {"nat1 bond0": []}}
    assert check.state(row["predicted"], both)[0] is False       # the member still in: not yet
    assert check.state(row["predicted"], rest) == (True, "bond0 up on eth7")
    assert check.state(row["repair"]["predicted"], rest)[0] is False
    assert check.state(row["repair"]["predicted"], both)[0] is True
    assert check.invariant("bond-up", down, False, "failure") == (False, "nat1 bond0 down")
    assert check.describe(row["predicted"]) == "bond0 up without eth5"
    assert check.invariant("public-address-unchanged", {"public_address": "192.76.8.1"}, True, "failure")[0]
    assert check.invariant("public-address-unchanged", {"public_address": "192.76.8.2"}, True, "repair")[0] is False


def test_a_bond_member_row_replays_on_a_fake_bond():
    row, now, down = nat_rows()["member-bond1-eth4"], [0.0], {"at": None, "up": None}

    def inject(action):
        assert action["node"] == "nat1" and action["interface"] == "eth4"
        down["at" if action["action"] == "link_down" else "up"] = now[0]
        return now[0]

    def probe(keys):
        now[0] += 0.05
        out = down["at"] is not None and now[0] - down["at"] >= 0.3 and (
            down["up"] is None or now[0] - down["up"] < 1.2)
        obs = {"bonds_up": {"nat1 bond1": True}, "bond_members": {"nat1 bond1": ["eth6"] if out else ["eth4", "eth6"]}}
        if "public_address" in keys:
            obs["public_address"] = "192.76.8.1"
        return obs

    mapping = {"nodes": {"nat1": {"node": "nat1", "interfaces": {"eth4": "eth4"}}}}
    record = R.Replayer(probe, inject, lambda: now[0], lambda s: now.__setitem__(0, now[0] + s)).replay([row], mapping)[0]
    assert record["status"] == "passed", record
    assert 0.3 <= record["switch_seconds"] <= 0.45 and 1.2 <= record["return_seconds"] <= 1.35
    assert {i["id"]: i["held"] for i in record["invariants"]} == {"bond-up": True, "public-address-unchanged": True}


class SlowProbeLab(FakeVrrpLab):
    """A probe round of ``cost`` seconds (the emulated VM under load)."""

    def __init__(self, cost, **kwargs):
        super().__init__(**kwargs)
        self.cost = cost

    def masters(self):
        self.now += self.cost - 0.02
        return super().masters()


def test_a_slow_probe_is_judged_by_the_earliest_the_state_can_have_come():
    # takeover at 3.7 s; polls run 0-3.0 s (missed) and 3.1-6.1 s (seen): it came after the missed poll began,
    # within the bound 3.805 + 1: the probe's resolution cannot fail the row, the record says how wide
    lab = SlowProbeLab(3.0, back=60.5)
    record = lab.replayer().row(vrrp_rows()[0], R.check_mapping(MAPPING, vrrp_rows()))
    assert record["status"] == "passed", record
    assert record["switch_seconds"] > 6 and "after 6.11 s (between 0.00 and 6.11 s)" in record["state"]
    # a state that surely came late still fails: the return at 70 s, polls every 3 s
    lab = SlowProbeLab(3.0, back=70.0)
    record = lab.replayer().row(vrrp_rows()[0], R.check_mapping(MAPPING, vrrp_rows()))
    assert record["status"] == "failed" and "beyond the bound 63.57 s + margin 1 s" in record["why"]


# `ip -j -4 route show table 10` of iproute2 6.1.0 (Debian 12) on this machine: a route and its floating twin at metric
# 254, a multipath route, a blackhole and a static one; `show vrf X` prints the same shape for the VRF's table
# (this kernel has no VRF driver: the lab's VRFs live in the VM)
ROUTES = (
    '[{"dst":"default","gateway":"192.76.34.93","dev":"d0","metric":20,"flags":[]},'
    '{"dst":"default","gateway":"192.76.34.97","dev":"d1","metric":254,"flags":[]},'
    '{"dst":"10.16.0.0/12","flags":[],"nexthops":[{"gateway":"192.76.34.93","dev":"d0","weight":1,"flags":[]},'
    '{"gateway":"192.76.34.97","dev":"d1","weight":1,"flags":[]}]},'
    '{"type":"blackhole","dst":"10.32.0.0/12","flags":[]},'
    '{"dst":"192.76.8.0/24","gateway":"192.76.34.97","dev":"d1","protocol":"static","flags":[]}]')


def test_route_hops_reads_the_route_the_kernel_uses():
    assert RL.route_hops(ROUTES) == {"0.0.0.0/0": ["192.76.34.93"], "10.16.0.0/12": ["192.76.34.93", "192.76.34.97"],
                                     "10.32.0.0/12": [], "192.76.8.0/24": ["192.76.34.97"]}
    # a next hop whose link lost its carrier stays in the table (flag linkdown) but carries nothing
    down = json.loads(ROUTES)
    down[0]["flags"] = ["linkdown"]
    down[2]["nexthops"][1]["flags"] = ["dead", "linkdown"]
    assert RL.route_hops(json.dumps(down))["0.0.0.0/0"] == []
    assert RL.route_hops(json.dumps(down))["10.16.0.0/12"] == ["192.76.34.93"]
    assert RL.route_hops("not json") == {} and RL.route_hops("") == {}


def test_routes_probe_reads_each_vrf_of_each_router(monkeypatch):
    plan = {"routes": [{"vrf": "inside", "prefix": "0.0.0.0/0"}, {"vrf": "outside", "prefix": "192.76.8.0/24"},
                       {"vrf": "inside", "prefix": "10.16.0.0/12"}]}
    asked = []

    def node_run(_lab, node, argv):
        asked.append((node, argv[-2:]))
        return 0, "".join("==> %s <==\n%s\n" % (vrf, ROUTES) for vrf in argv[-2:])
    monkeypatch.setattr(RL, "node_run", node_run)
    mapping = R.check_mapping({"nodes": {"lin-router": {"node": "r"}}}, [])
    probe = RL.probe("routes", "vst", [("lin-router", plan)], mapping, {})
    routes = probe(["routes"])["routes"]
    assert asked == [("r", ["inside", "outside"])]      # one command in the node per round
    assert routes["inside 0.0.0.0/0"] == ["192.76.34.93"] and routes["outside 192.76.8.0/24"] == ["192.76.34.97"]
    assert probe(["public_address"]) == {}
    with pytest.raises(Exception, match="no lab node for lin-router"):
        RL.probe("routes", "vst", [("lin-router", plan)], R.check_mapping({"nodes": {}}, []), {})


def test_probes_refuse_what_they_cannot_read():
    plan = {"routes": [{"vrf": "inside", "prefix": "0.0.0.0/0"}]}
    mapping = R.check_mapping({"nodes": {"r1": {"node": "r1"}, "r2": {"node": "r2"}}}, [])
    with pytest.raises(R.ReplayError, match="one plan"):     # observations keyed by VRF and prefix, not router
        RL.probe("routes", "vst", [("r1", plan), ("r2", plan)], mapping, {})
    box = {"interfaces": [{"name": "bond0", "kind": "bond"}]}
    far = R.check_mapping({"nodes": {"nat1": {"node": "nat1", "interfaces": {"bond0": {"node": "rin", "interface": "e"}}}}}, [])
    with pytest.raises(Exception, match="bond bond0 must map to its own lab interface"):
        RL.probe("nat", "natgw", [("nat1", box)], far, {"traffic": {"client": "c", "server": "s", "destination": "d"}})
