# -*- coding: utf-8 -*-
"""render_configs in-process: files written once, unchanged on a second run, nothing in check mode."""

from __future__ import annotations

import json

import pytest
from ansible.module_utils.testing import patch_module_args

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
