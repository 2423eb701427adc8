# -*- coding: utf-8 -*-
"""The main job's site_render task as users run it: a second run changes nothing, check mode writes nothing,
--limit keeps the other hosts' files, a host no longer in the inventory loses its files."""
from __future__ import annotations

import os
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def site(out, *args):
    env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"), ANSIBLE_NOCOLOR="1",
               PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    proc = subprocess.run(["ansible-playbook", "site.yml", "-e", "netdesign_output_dir=%s" % (out / "plans")]
                          + list(args), cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return " ".join((proc.stdout + proc.stderr).split())   # the yaml callback folds long lines


def snapshot(top):
    return {str(p.relative_to(top)): (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(top.rglob("*")) if p.is_file()}


def test_check_mode_writes_nothing_then_a_run_writes_then_a_second_changes_nothing(tmp_path):
    output = site(tmp_path, "--check")
    # 9 plans, 7 .ios files, the failure matrix's report.json, report.md and report.html
    assert "19 files would change under %s" % tmp_path in output and not (tmp_path / "plans").exists()
    site(tmp_path)
    first = snapshot(tmp_path)
    assert len(first) == 19 and "report.md" in first and "report.json" in first and "report.html" in first
    output = site(tmp_path)
    assert "0 files written under %s, 19 unchanged" % tmp_path in output and "changed=0" in output
    assert snapshot(tmp_path) == first


def test_limit_keeps_other_hosts_files_and_removes_those_of_hosts_gone(tmp_path):
    site(tmp_path)
    (tmp_path / "configs" / "gone.sixto4_bgp.ios").write_text("old")
    before = snapshot(tmp_path)
    output = site(tmp_path, "--limit", "ace2")
    after = snapshot(tmp_path)
    assert "gone.sixto4_bgp.ios" not in " ".join(after) and "1 stale files" in output
    before.pop("configs/gone.sixto4_bgp.ios")
    assert after == before                     # ace2's files unchanged, every other host's still there
    assert "sixto4_bgp (ace2): 3 sites over 6to4" in output and "anycast_rp" not in output
    # the report covers the whole inventory: a --limit run leaves it as it was (in the snapshot above) and says so
    assert "failure matrix: not rewritten (a --limit run" in output
