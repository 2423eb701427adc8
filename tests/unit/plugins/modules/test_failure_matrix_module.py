# -*- coding: utf-8 -*-
"""The failure_matrix module: rows from a plan or an intent, a broken intent's findings, secrets never shown."""
from __future__ import annotations

import json

import pytest
from module_args import patch_module_args

from ansible_collections.netdesign.resilience.plugins.module_utils.core import design as D
from ansible_collections.netdesign.resilience.plugins.modules import failure_matrix

from example_inventory import example_intent


def run(capsys, **args):
    with patch_module_args(args), pytest.raises(SystemExit) as info:
        failure_matrix.main()
    return info.value.code, json.loads(capsys.readouterr().out)


def test_rows_from_a_plan(capsys):
    plan = D.plan("anycast_rp", example_intent("anycast_rp"))
    code, result = run(capsys, design="anycast_rp", plan=plan, hosts=["c1"], options={"pim_register_suppression": 30})
    assert code == 0 and result["changed"] is False and result["findings"] == []
    assert [r["id"] for r in result["rows"]] == ["anycast_rp/c1/loopback-c1", "anycast_rp/c1/loopback-c2"]
    assert result["rows"][0]["bounds"][-1]["seconds"] == 45   # 1.5 x 30 - 5 + 5


def test_a_refused_intent_shows_its_failure(capsys):
    intent = example_intent("wan_backup_vrrp")
    intent["main"]["priority"] = 60
    code, result = run(capsys, design="wan_backup_vrrp", intent=intent, hosts=["main-router"])
    assert code == 0 and [f["code"] for f in result["findings"]] == ["vrrp-priority"]
    assert result["unshown"] == [] and any(r["findings"] for r in result["rows"])


def test_secrets_are_masked_and_errors_name_the_field(capsys):
    intent = example_intent("vrf_static_tracking")
    plan = D.plan("vrf_static_tracking", intent)
    code, result = run(capsys, design="vrf_static_tracking", intent=intent, hosts=["lin-router"],
                       peers=[{"design": "vrf_static_tracking", "plan": plan, "hosts": ["x"]}, "not a peer"])
    assert code == 1 and "example-key" not in json.dumps(result) and "example-community" not in json.dumps(result)
    code, result = run(capsys, design="vrf_static_tracking", intent=intent, hosts=["lin-router"], peers=[[]])
    assert code == 1 and result["msg"].startswith("Elements value for option 'peers'") and "example-key" not in json.dumps(result)
    code, result = run(capsys, design="anycast_rp", plan={"design": "anycast_rp"})
    assert code == 1 and result["msg"].startswith("plan: is not a complete anycast_rp plan")
    code, result = run(capsys, design="anycast_rp")
    assert code == 1 and "one of the following is required: plan, intent" in result["msg"]


def test_needs_netaddr(capsys, monkeypatch):
    monkeypatch.setattr(failure_matrix.I, "netaddr", None)
    code, result = run(capsys, design="anycast_rp", plan={"design": "anycast_rp"})
    assert code == 1 and "netaddr" in result["msg"]
