# -*- coding: utf-8 -*-
from __future__ import annotations

import json

import pytest
from module_args import patch_module_args

from ansible_collections.netdesign.resilience.plugins.modules import design_plan

from example_inventory import example_intent


def run(capsys, **args):
    with patch_module_args(args), pytest.raises(SystemExit) as info:
        design_plan.main()
    return info.value.code, json.loads(capsys.readouterr().out)


def test_plans_sound_intent(capsys):
    code, result = run(capsys, design="anycast_rp", intent=example_intent("anycast_rp"))
    assert code == 0 and result["changed"] is False and result["findings"] == []
    assert [r["prefixlen"] for r in result["plan"]["rp_routers"]] == [120, 119]


def test_fails_on_error_findings(capsys):
    intent = example_intent("wan_backup_vrrp")
    intent["main"]["priority"] = 60
    code, result = run(capsys, design="wan_backup_vrrp", intent=intent)
    assert code == 1 and "vrrp-priority" in result["msg"]
    assert [f["code"] for f in result["findings"]] == ["vrrp-priority"]


def test_warning_threshold(capsys):
    intent = example_intent("wan_backup_vrrp")
    intent["main"]["preempt_delay"] = 0
    code, result = run(capsys, design="wan_backup_vrrp", intent=intent)
    assert code == 0 and result["findings"][0]["code"] == "vrrp-preempt-delay"
    code, result = run(capsys, design="wan_backup_vrrp", intent=intent, fail_on="warning")
    assert code == 1 and result["msg"].startswith("wan_backup_vrrp has 1 blocking finding(s): warning vrrp-preempt-delay")


def test_bad_intent_names_field(capsys):
    intent = example_intent("sixto4_bgp")
    intent["sites"][1]["tunnel_source_address"] = "127.0.0.1"
    code, result = run(capsys, design="sixto4_bgp", intent=intent)
    assert code == 1
    assert result["msg"].startswith("intent: sixto4_bgp_sites[1].tunnel_source_address: 127.0.0.1 is a loopback address")


def test_malformed_intent_fails_cleanly(capsys):
    code, result = run(capsys, design="nat_gateway", intent={"clients": "10.16.0.0/12"})
    assert code == 1 and result["msg"].startswith("intent: nat_gateway_management: is required")


def test_unplannable_intent_with_fail_on_never(capsys):
    intent = example_intent("vrf_static_tracking")
    del intent["routes"][0]["standby"]
    code, result = run(capsys, design="vrf_static_tracking", intent=intent, fail_on="never")
    assert code == 1 and result["msg"].startswith("intent: vrf_static_tracking_routes[0].standby: is required")
    assert [f["code"] for f in result["findings"]] == ["nexthop-missing"]


def test_netaddr_missing(capsys, monkeypatch):
    monkeypatch.setattr(design_plan.I, "netaddr", None)
    code, result = run(capsys, design="anycast_rp", intent={})
    assert code == 1 and "netaddr" in result["msg"]


def test_the_plan_returned_holds_markers_and_no_secret_anywhere(capsys):
    intent = example_intent("vrf_static_tracking")
    code, result = run(capsys, design="vrf_static_tracking", intent=intent)
    assert code == 0
    assert result["plan"]["management"]["tacacs_key"] == "<secret:management.tacacs_key>"
    assert result["plan"]["management"]["snmp"]["community"] == "<secret:management.snmp.community>"
    out = json.dumps(result)   # module_args of the intent included
    assert "example-key" not in out and "example-community" not in out
    intent["routes"][0]["prefix"] = "not-a-prefix"
    code, result = run(capsys, design="vrf_static_tracking", intent=intent)
    assert code == 1 and "example-key" not in json.dumps(result)


def test_the_logged_invocation_masks_the_secrets(capsys, monkeypatch):
    logged = []
    monkeypatch.setattr(design_plan._Module, "log", lambda self, msg, log_args=None: logged.append(msg))
    code, _result = run(capsys, design="vrf_static_tracking", intent=example_intent("vrf_static_tracking"))
    assert code == 0 and logged and "tacacs_key" in logged[0]
    assert "example-key" not in logged[0] and "example-community" not in logged[0]
