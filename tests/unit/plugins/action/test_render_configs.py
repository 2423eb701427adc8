# -*- coding: utf-8 -*-
"""The render_configs action through ansible-playbook: files written once, unchanged on a second run, nothing in
check mode, the .ios files the main job's (cisco.ios's parts included), secrets never shown."""

from __future__ import annotations

import os
import stat

import action_play

from ansible_collections.netdesign.resilience.plugins.module_utils.core import design as D

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
EXPECTED = os.path.join(ROOT, "tests", "integration", "site_expected", "configs")


def play(tmp_path, args, *flags):
    """One render_configs task on localhost; returns its result and the whole output."""
    return action_play.play(tmp_path, "render_configs", args, *flags)


def test_writes_every_site_then_nothing_and_the_ios_files_are_the_main_jobs(intent_of, tmp_path):
    plan = D.plan("sixto4_bgp", intent_of("sixto4_bgp"))
    dest = tmp_path / "configs"
    result, _out = play(tmp_path, {"plan": plan, "dest": str(dest)}, "--check")
    assert len(result["changed_files"]) == 9 and not dest.exists()
    result, _out = play(tmp_path, {"plan": plan, "dest": str(dest)})
    assert result["changed"] and len(result["changed_files"]) == 9
    assert (dest / "ace1.sixto4_bgp.frr.conf").read_text().startswith("frr defaults traditional\n")
    for site in ("ace1", "ace2", "ace3"):     # one IOS pipeline: byte for byte what site.yml writes
        with open(os.path.join(EXPECTED, "%s.sixto4_bgp.ios" % site)) as handle:
            assert (dest / ("%s.sixto4_bgp.ios" % site)).read_text() == handle.read()
    result, _out = play(tmp_path, {"plan": plan, "dest": str(dest)})
    assert not result["changed"] and result["changed_files"] == []


def test_a_plan_without_hosts_fails_naming_the_field(intent_of, tmp_path):
    plan = D.plan("vrf_static_tracking", intent_of("vrf_static_tracking"))
    result, _out = play(tmp_path, {"plan": plan, "dest": str(tmp_path)})
    assert result["failed"] and "hosts: a vrf_static_tracking plan names no host" in result["msg"]


def test_secrets_are_markers_unless_asked_for_then_private(intent_of, tmp_path):
    plan = D.plan("vrf_static_tracking", intent_of("vrf_static_tracking"))
    dest = tmp_path / "configs"
    ios = dest / "lin-router.vrf_static_tracking.ios"
    args = {"plan": plan, "dest": str(dest), "hosts": ["lin-router"], "platforms": ["ios"]}
    result, out = play(tmp_path, args, "--diff", "-vvv")
    assert "example-key" not in out and "example-community" not in out
    assert ios.read_text() == open(os.path.join(EXPECTED, "lin-router.vrf_static_tracking.ios")).read()
    assert stat.S_IMODE(os.stat(ios).st_mode) == 0o644
    assert "<secret:management.tacacs_key>" in result["diff"][0]["after"]
    # with_secrets: the secrets in the file, 0600; the diff shows markers, the old file's and the new
    result, out = play(tmp_path, dict(args, with_secrets=True), "--diff", "-vvv")
    assert result["changed"] and "example-key" not in out and "example-community" not in out
    assert "server-private 192.0.2.49 key example-key" in ios.read_text() and "<secret:" not in ios.read_text()
    assert stat.S_IMODE(os.stat(ios).st_mode) == 0o600
    result, _out = play(tmp_path, dict(args, with_secrets=True))
    assert not result["changed"]
    # back to markers: the diff against the old file (which holds them) shows markers
    result, out = play(tmp_path, args, "--diff")
    assert result["changed"] and "example-key" not in out and "example-community" not in out
    assert stat.S_IMODE(os.stat(ios).st_mode) == 0o644 and "example-key" not in ios.read_text()
