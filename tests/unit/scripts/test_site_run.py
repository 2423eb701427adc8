"""bench/site_run.py (repository tooling, tested beside the scripts'): the parts of the main job's time and the
replayed rows against their bounds (issue #19), from a console and a report as scripts/site.sh leaves them."""

import importlib.util
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "bench"))
_spec = importlib.util.spec_from_file_location("site_run", ROOT / "bench" / "site_run.py")
B = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(B)

VRF = "vrf_static_tracking/lin-router/active-linknet-Port-channel10"   # linux bounds 5 s, back 5.3 s


def test_the_parts_the_longest_silence_and_each_scenarios_split():
    lines = [(0.5, "PLAY [Plan]"), (40.0, "==> site: ansible-playbook site.yml succeeded; 6 plans"),
             (41.0, "==> site: lab: [00:00] VM up (tcg)"), (200.0, "==> site: lab: [02:39] vst: verify"),
             (700.0, "==> site: lab: [10:59] vst took: bring-up (create) 30 s, configure 100 s; all of it 300 s"),
             (701.0, "==> site: lab: ---- vst: passed, 300 s (VM)"), (705.0, "==> site: report: 1 of 26 rows")]
    got = B.phases(lines, 706.0)
    assert (got["site_yml"], got["lab"], got["report"]) == (40.0, 661.0, 5.0)
    assert got["longest_silence"] == 500.0 and got["longest_silence_after"].endswith("vst: verify")
    assert got["split"] == {"vst": "bring-up (create) 30 s, configure 100 s; all of it 300 s"}
    assert got["console_lines"] == 7


def test_each_replayed_row_with_the_reports_bounds_and_the_labs_and_the_rest_per_design():
    with open(os.path.join(ROOT, "tests", "integration", "site_expected", "report.json")) as handle:
        report = json.load(handle)
    row = next(r for e in report["plans"] for r in e["rows"] if r["id"] == VRF)
    row.update(status="passed", measured={"status": "passed", "switch_seconds": 5.92, "return_seconds": 5.69,
                                          "bounds": {"switch": 6, "return": 6.3, "margin": 3.0}})
    replayed, rest = B.rows(report)
    assert replayed == [{"id": VRF, "status": "passed", "bound": [5, 5.3], "lab_bound": [6, 6.3], "margin": 3.0,
                         "switch": 5.92, "return": 5.69, "why_failed": []}]
    assert len(rest["vrf_static_tracking"]) == 7 and sum(len(v) for v in rest.values()) == 25
    text = B.markdown({"machine": {"cpus": 2, "kernel": "k"}, "commit": "c", "status": 3, "seconds": 706.0, "note": "",
                       "verdict": "no replayed row failed, some rows not replayed",
                       "phases": B.phases([(0.0, "x"), (2.5, "y")], 706.0), "rows": replayed, "not_replayed": rest})
    assert "| `%s` | 5 / 5.3 | 6 / 6.3 + 3 | 5.92 | 5.69 | passed |" % VRF in text
    assert "exit status 3 (no replayed row failed, some rows not replayed), 706 s (11.8 min) in all, within issue " \
        "#19's 20 minutes" in text[2]


def test_the_verdict_is_the_reports_the_labs_or_site_ymls():
    report = [(9.0, "==> site: report: 3 replay files; some FAILED: exit 1; build/site/report.html")]
    assert B.verdict(1, report) == "some replayed row failed"
    assert B.verdict(1, [(5.0, "==> site: the lab FAILED (build/site/lab.log; ...)")]).startswith("the lab failed")
    assert B.verdict(2, [(5.0, "fatal: [x]: FAILED!")]) == "the job failed before its report (exit 2)"
