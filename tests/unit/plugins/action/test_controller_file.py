# -*- coding: utf-8 -*-
"""The controller_file action, through ansible-playbook (check mode, diff, modes, secrets, bad input)."""

from __future__ import annotations

import json
import stat

import action_play

PLAN = {"management": {"tacacs_key": "S3cr3tKey", "snmp": {"community": "c0mmun1ty"}}}


def play(tmp_path, args, *flags):
    """One controller_file task on localhost; returns its result."""
    return action_play.play(tmp_path, "controller_file", args, *flags)[0]


def test_writes_creates_the_folder_then_is_idempotent_and_sets_the_mode(tmp_path):
    path = tmp_path / "new" / "a.txt"
    first = play(tmp_path, {"path": str(path), "content": "one\n"})
    assert first["changed"] is True and first["mode"] == "0644" and path.read_text() == "one\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert play(tmp_path, {"path": str(path), "content": "one\n"})["changed"] is False
    narrowed = play(tmp_path, {"path": str(path), "content": "one\n", "mode": "0600"})
    assert narrowed["changed"] is True and stat.S_IMODE(path.stat().st_mode) == 0o600
    relative = play(tmp_path, {"path": "rel/b.txt", "content": "x"})           # relative to where Ansible runs
    assert relative["path"] == str(tmp_path / "rel" / "b.txt") and (tmp_path / "rel" / "b.txt").exists()


def test_check_mode_writes_nothing(tmp_path):
    path = tmp_path / "a.txt"
    result = play(tmp_path, {"path": str(path), "content": "one\n"}, "--check")
    assert result["changed"] is True and not path.exists()


def test_the_diff_shows_secrets_as_markers_also_of_the_file_it_replaces(tmp_path):
    path = tmp_path / "r.ios"
    path.write_text("tacacs key S3cr3tKey\n")                     # written with the secrets, earlier
    result = play(tmp_path, {"path": str(path), "content": "tacacs key c0mmun1ty\nnew\n", "secrets_of": PLAN},
                  "--diff")
    diff = json.dumps(result["diff"])
    assert "S3cr3tKey" not in diff and "c0mmun1ty" not in diff
    assert result["diff"]["before"] == "tacacs key <secret:management.tacacs_key>\n"
    assert result["diff"]["after"] == "tacacs key <secret:management.snmp.community>\nnew\n"
    assert "S3cr3tKey" not in json.dumps(result) and "c0mmun1ty" not in json.dumps(result)


def test_bad_mode_and_unknown_argument_are_refused_by_name(tmp_path):
    bad = play(tmp_path, {"path": str(tmp_path / "a"), "content": "x", "mode": "rw-r--r--"})
    assert bad["failed"] and "mode must be three octal digits such as 0644, got 'rw-r--r--'" in bad["msg"]
    unknown = play(tmp_path, {"path": str(tmp_path / "a"), "content": "x", "owner": "root"})
    assert unknown["failed"] and "owner" in unknown["msg"]
    assert not (tmp_path / "a").exists()
