# -*- coding: utf-8 -*-
"""render_configs in-process: files written once, unchanged on a second run, nothing in check mode."""

from __future__ import annotations

import json

import pytest
from module_args import patch_module_args

from ansible_collections.netdesign.resilience.plugins.module_utils import design as D
from ansible_collections.netdesign.resilience.plugins.modules import render_configs


def call(capsys, **args):
    with patch_module_args(args), pytest.raises(SystemExit) as info:
        render_configs.main()
    return info.value.code, json.loads(capsys.readouterr().out)


def test_writes_every_site_then_nothing(intent_of, tmp_path, capsys):
    plan = D.plan("sixto4_bgp", intent_of("sixto4_bgp"))
    dest = str(tmp_path / "configs")
    code, result = call(capsys, plan=plan, dest=dest, _ansible_check_mode=True)
    assert code == 0 and len(result["changed_files"]) == 9 and not (tmp_path / "configs").exists()
    code, result = call(capsys, plan=plan, dest=dest, platforms=["linux"])
    assert code == 0 and result["changed"] and len(result["changed_files"]) == 6
    assert (tmp_path / "configs" / "ace1.sixto4_bgp.frr.conf").read_text().startswith("frr defaults traditional\n")
    code, result = call(capsys, plan=plan, dest=dest, platforms=["linux"])
    assert code == 0 and not result["changed"] and result["changed_files"] == []


def test_a_plan_without_hosts_fails_naming_the_field(intent_of, tmp_path, capsys):
    plan = D.plan("vrf_static_tracking", intent_of("vrf_static_tracking"))
    code, result = call(capsys, plan=plan, dest=str(tmp_path))
    assert code == 1 and "hosts: a vrf_static_tracking plan names no host" in result["msg"]


def test_secrets_are_markers_unless_asked_for_then_private(intent_of, tmp_path, capsys):
    import os
    plan = D.plan("vrf_static_tracking", intent_of("vrf_static_tracking"))
    dest = tmp_path / "configs"
    ios = dest / "lin-router.vrf_static_tracking.ios"
    args = dict(plan=plan, dest=str(dest), hosts=["lin-router"], platforms=["ios"], _ansible_diff=True)
    # by default: markers, 0644, and the result (diff, module_args) without the secrets
    code, result = call(capsys, **args)
    out = json.dumps(result)
    assert code == 0 and "example-key" not in out and "example-community" not in out
    assert "key <secret:management.tacacs_key>" in ios.read_text() and "example-key" not in ios.read_text()
    assert (os.stat(ios).st_mode & 0o777) == 0o644
    assert "<secret:management.tacacs_key>" in result["diff"][0]["after"]
    # with_secrets: the secrets in the file, 0600; the diff shows markers, the old file's and the new
    code, result = call(capsys, with_secrets=True, **args)
    out = json.dumps(result)
    assert code == 0 and result["changed"] and "example-key" not in out and "example-community" not in out
    assert "server-private 192.0.2.49 key example-key" in ios.read_text() and "<secret:" not in ios.read_text()
    assert (os.stat(ios).st_mode & 0o777) == 0o600
    code, result = call(capsys, with_secrets=True, **args)
    assert code == 0 and not result["changed"]
    # back to markers: the diff against the old file (which holds them) shows markers
    code, result = call(capsys, **args)
    out = json.dumps(result)
    assert code == 0 and result["changed"] and "example-key" not in out and "example-community" not in out
    assert (os.stat(ios).st_mode & 0o777) == 0o644 and "example-key" not in ios.read_text()


def test_the_logged_invocation_masks_the_secrets(intent_of, tmp_path, capsys, monkeypatch):
    logged = []
    monkeypatch.setattr(render_configs._Module, "log", lambda self, msg, log_args=None: logged.append(msg))
    plan = D.plan("vrf_static_tracking", intent_of("vrf_static_tracking"))
    code, _result = call(capsys, plan=plan, dest=str(tmp_path), hosts=["lin-router"], platforms=["ios"])
    assert code == 0 and logged and "tacacs_key" in logged[0]
    assert "example-key" not in logged[0] and "example-community" not in logged[0]
