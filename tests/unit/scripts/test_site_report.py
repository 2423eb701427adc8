"""scripts/site_report.py: the replay files merged into build/site/report.{json,md,html}, one line per design,
netlab validate's exit codes; --no-lab keeps the predictions; stale and bad replay files."""

import importlib.util
import json
import os
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
_spec = importlib.util.spec_from_file_location("site_report", ROOT / "scripts" / "site_report.py")
R = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(R)
EXPECTED = ROOT / "tests" / "integration" / "site_expected"
VRF = "vrf_static_tracking/lin-router/active-linknet-Port-channel10"


def site(tmp_path):
    (tmp_path / "site").mkdir()
    for name in ("report.json", "report.md", "report.html"):
        shutil.copy(EXPECTED / name, tmp_path / "site" / name)
    (tmp_path / "results").mkdir()
    return ["--site", str(tmp_path / "site"), "--results", str(tmp_path / "results")]


def replay(tmp_path, name, records):
    path = tmp_path / "results" / (name + ".replay.json")
    path.write_text(json.dumps(records))
    return path


def rows(tmp_path):
    report = json.loads((tmp_path / "site" / "report.json").read_text())
    return {r["id"]: r for e in report["plans"] for r in e["rows"]}


def unchanged(tmp_path):
    return all((tmp_path / "site" / n).read_bytes() == (EXPECTED / n).read_bytes()
               for n in ("report.json", "report.md", "report.html"))


def test_nothing_ran(tmp_path, capsys):
    args = site(tmp_path)
    assert R.main(args) == 2
    out = capsys.readouterr().out
    assert "site_report: vrf_static_tracking: 8 rows, 0 replayed, 0 passed, 0 failed\n" in out
    assert "0 replay files; nothing ran (no row replayed): exit 2" in out
    assert unchanged(tmp_path)                      # the predictions as site.yml wrote them


def test_records_merged_and_the_report_rewritten(tmp_path, capsys):
    args = site(tmp_path)
    replay(tmp_path, "a", [{"id": VRF, "status": "passed", "switch_seconds": 4.5, "return_seconds": 5}])
    assert R.main(args) == 3                        # no failure, 25 rows not replayed
    assert rows(tmp_path)[VRF]["status"] == "passed"
    assert "switch 4.5 s" in (tmp_path / "site" / "report.md").read_text()
    assert "measured switch: 4.5 s (linux)" in (tmp_path / "site" / "report.html").read_text()
    replay(tmp_path, "b", [{"id": "wan_backup_vrrp/main-router/wan-Multilink1", "status": "failed", "why": "x"}])
    assert R.main(args) == 1
    assert "wan_backup_vrrp: 2 rows, 1 replayed, 0 passed, 1 failed" in capsys.readouterr().out
    report = json.loads((EXPECTED / "report.json").read_text())
    replay(tmp_path, "b", [{"id": r["id"], "status": "passed", "switch_seconds": 0, "return_seconds": 0}
                           for e in report["plans"] for r in e["rows"] if r["id"] != VRF])
    assert R.main(args) == 0 and "all passed: exit 0" in capsys.readouterr().out
    for name in ("a", "b"):
        (tmp_path / "results" / (name + ".replay.json")).unlink()
    assert R.main(args) == 2          # a merged report with no record now: back to the predictions
    assert (tmp_path / "site" / "report.html").read_bytes() == (EXPECTED / "report.html").read_bytes()
    assert "measured" not in rows(tmp_path)[VRF]


def test_no_lab_reads_no_replay_and_exits_0(tmp_path, capsys):
    args = site(tmp_path)
    replay(tmp_path, "a", [{"id": VRF, "status": "failed"}])
    assert R.main(args + ["--no-lab"]) == 0
    assert "lab skipped: the report holds the predictions alone: exit 0" in capsys.readouterr().out
    assert unchanged(tmp_path)


def test_stale_replay_files_are_ignored(tmp_path, capsys):
    args = site(tmp_path)
    old = replay(tmp_path, "a", [{"id": VRF, "status": "failed"}])
    marker = tmp_path / "site.log"
    marker.write_text("")
    os.utime(old, (1000, 1000))
    assert R.main(args + ["--newer-than", str(marker)]) == 2
    assert "a.replay.json is older than this run" in capsys.readouterr().out and unchanged(tmp_path)
    assert R.main(args + ["--newer-than", str(tmp_path / "nothing")]) == 4
    assert "nothing does not exist (--newer-than)" in capsys.readouterr().err


def test_bad_input_rewrites_nothing(tmp_path, capsys):
    args = site(tmp_path)
    replay(tmp_path, "a", [{"id": "no/such/row", "status": "passed"}])
    assert R.main(args) == 4
    assert "replay record no/such/row: no row of report.json has this id" in capsys.readouterr().err
    (tmp_path / "results" / "a.replay.json").write_text("{")
    assert R.main(args) == 4 and "not JSON" in capsys.readouterr().err
    (tmp_path / "results" / "a.replay.json").write_text("{}")
    assert R.main(args) == 4 and "must be a list of replay records, got dict" in capsys.readouterr().err
    assert unchanged(tmp_path)
    assert R.main(["--site", str(tmp_path / "nowhere")]) == 4
    assert "run ansible-playbook site.yml first" in capsys.readouterr().err
