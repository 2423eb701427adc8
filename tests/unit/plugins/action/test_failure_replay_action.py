# -*- coding: utf-8 -*-
"""The failure_replay action in the test's own process (so coverage sees it), with the lab's probe and injector
replaced by the fake VRRP lab of replay_fakes on a fake clock: the replay's records and file, the soak after it
(from the option or the environment), and the refusals that come before anything is injected."""
from __future__ import annotations

import json
import types

import pytest
from ansible.parsing.dataloader import DataLoader
from ansible.playbook.play_context import PlayContext
from ansible.playbook.task import Task

from ansible_collections.netdesign.resilience.plugins.action import failure_replay as A

from example_inventory import example_intent
from replay_fakes import MAPPING, FakeVrrpLab


def run(monkeypatch, tmp_path, lab, check=False, probe=None, **args):
    monkeypatch.setattr(A.RL, "probe", probe or (lambda name, _lab, _planned, _mapping, _args, _peers=(): lab.probe))
    monkeypatch.setattr(A.RL, "inject", lambda _lab, action: lab.inject(action))
    monkeypatch.setattr(A, "time", types.SimpleNamespace(time=lab.clock, sleep=lab.sleep))
    monkeypatch.setattr(A.display, "display", lab.lines.append)
    task = Task()
    task.args = dict({"lab": "vrrp", "design": "wan_backup_vrrp", "intent": example_intent("wan_backup_vrrp"),
                      "hosts": ["main-router"], "mapping": MAPPING, "margin": 1.0,
                      "output": str(tmp_path / "wan.replay.json"), "progress": str(tmp_path / "wan.replay.log")},
                     **args)
    task.check_mode = check
    loader = DataLoader()
    connection = types.SimpleNamespace(_shell=types.SimpleNamespace(tmpdir=str(tmp_path)))   # no connection is used
    action = A.ActionModule(task, connection, PlayContext(), loader, None, None)
    return action.run(task_vars={})


def test_the_replay_writes_its_records_and_says_each_row(monkeypatch, tmp_path):
    monkeypatch.delenv("NETDESIGN_SOAK_MINUTES", raising=False)
    lab = FakeVrrpLab()
    result = run(monkeypatch, tmp_path, lab)
    assert not result.get("failed"), result
    assert result["summary"] == {"passed": 2, "failed": 0, "skipped": 0} and "soak" not in result
    assert json.loads((tmp_path / "wan.replay.json").read_text()) == result["records"]
    assert (tmp_path / "wan.replay.log").read_text().splitlines() == lab.lines
    assert result["msg"].startswith("wan_backup_vrrp: 2 rows, 2 passed, 0 failed, 0 skipped")


def test_the_soak_follows_the_replay_when_the_environment_asks(monkeypatch, tmp_path):
    monkeypatch.setenv("NETDESIGN_SOAK_MINUTES", "5")
    monkeypatch.setenv("NETDESIGN_SOAK_SEED", "4")
    lab = FakeVrrpLab()
    result = run(monkeypatch, tmp_path, lab, soak={"sequences": 2, "flaps": 2})   # the option wins
    soaked = json.loads((tmp_path / "wan.soak.json").read_text())
    assert result["soak"]["sequences"] == soaked["sequences"] == 2 and result["soak"]["seed"] == 0
    assert result["soak"]["summary"]["flaps"] == {"passed": 2, "failed": 0, "skipped": 0}
    assert "; soak: 2 sequences in " in result["msg"] and "0 invariant violations" in result["msg"]
    assert not result.get("failed") and any(line.startswith("soak 2: ") for line in lab.lines)
    lab = FakeVrrpLab()
    result = run(monkeypatch, tmp_path, lab, soak=None, rows=["wan-Multilink1"])
    assert result["soak"]["seed"] == 4 and result["soak"]["sequences"] >= 1


@pytest.mark.parametrize("args, message", [
    ({"soak": {"minutes": "nan"}}, "failure_replay: soak.minutes: 'nan' is not a number from 0.01 to 10080.0"),
    ({"soak": {"sequences": 1}, "mapping": dict(MAPPING, skip={"wan-Multilink1": "x", "node-main-router": "y"})},
     "failure_replay: soak: none of the 2 rows can be replayed in this lab"),
    ({"design": "no_such_design"}, "failure_replay: no lab probe for no_such_design"),   # every design has one
    ({"plans": [{"intent": "x"}]}, "failure_replay: plans: each needs intent, hosts, and nothing else (intent a "
     "dictionary, hosts a list of names); got intent"),
    ({"peers": [{"design": "vrf_static_tracking", "intent": {}, "hosts": ["r"], "extra": 1}]},
     "failure_replay: peers: each needs design, intent, hosts, and nothing else"),
    ({"peers": [{"design": "no_such", "intent": {}, "hosts": ["r"]}]}, "failure_replay: peers: each needs design, "),
])
def test_what_cannot_be_replayed_is_refused_before_anything_is_injected(monkeypatch, tmp_path, args, message):
    lab = FakeVrrpLab()
    result = run(monkeypatch, tmp_path, lab, **args)
    assert result["failed"] and result["msg"].startswith(message), result["msg"]
    assert lab.actions == [] and not (tmp_path / "wan.replay.json").exists()


def test_check_mode_changes_no_lab(monkeypatch, tmp_path):
    lab = FakeVrrpLab()
    result = run(monkeypatch, tmp_path, lab, check=True)
    assert result["skipped"] and not result["changed"] and lab.actions == []


def test_the_plans_are_each_other_s_peers_and_the_router_reaches_the_probe(monkeypatch, tmp_path):
    # the NAT pair with the router in front of it: box-nat1 is predicted with the router's routes (nat2 NATs
    # afterwards), and the probe is given the router's plan to read; nothing is injected when the probe refuses
    seen = {}
    check_mapping = A.R.check_mapping

    def mapping_of(mapping, rows):
        seen["rows"] = rows
        return check_mapping(mapping, rows)

    def probe(name, _lab, planned, _mapping, _args, peers=()):
        seen.update(name=name, planned=[host for host, _plan in planned], peers=[(d, h) for d, h, _p in peers])
        raise A.L.LabError("no lab here")
    monkeypatch.setattr(A.R, "check_mapping", mapping_of)
    lab = FakeVrrpLab()
    result = run(monkeypatch, tmp_path, lab, probe=probe, design="nat_gateway", intent=None, hosts=None, rows=["box-nat1"],
                 plans=[{"intent": example_intent("nat_gateway", box), "hosts": [box]} for box in ("nat1", "nat2")],
                 peers=[{"design": "vrf_static_tracking", "intent": example_intent("vrf_static_tracking"),
                         "hosts": ["lin-router"]}],
                 mapping={"nodes": {"lin-router": {"node": "r"}, "nat1": {"node": "nat1"}, "nat2": {"node": "nat2"}}})
    assert result["failed"] and result["msg"] == "failure_replay: no lab here" and lab.actions == []
    assert seen["name"] == "nat" and seen["planned"] == ["nat1", "nat2"]
    assert seen["peers"] == [("vrf_static_tracking", "lin-router")]
    [row] = seen["rows"]
    assert row["id"] == "nat_gateway/nat1/box-nat1" and row["predicted"]["nat_box"] == "nat2"
    assert row["predicted"]["nat_box_before"] == "nat1" and row["predicted"]["routes"]
