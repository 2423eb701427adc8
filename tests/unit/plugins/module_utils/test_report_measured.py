# -*- coding: utf-8 -*-
"""The lab's replay records merged into the predicted report (issue #19): each row judged against its bound and
its invariants, the counts and status recounted, netlab validate's exit codes; synthetic records."""
from __future__ import annotations

import json
import os

import pytest

from ansible_collections.netdesign.resilience.plugins.module_utils.matrix import predict as FM
from ansible_collections.netdesign.resilience.plugins.module_utils.matrix import common as C
from ansible_collections.netdesign.resilience.plugins.module_utils.report import measured as M

from example_inventory import ROOT

VRF = "vrf_static_tracking/lin-router/active-linknet-Port-channel10"     # linux bounds 5 s, back 5.3 s
STANDBY = "vrf_static_tracking/lin-router/standby-linknet-Port-channel11"  # "ios, linux" 0 s
ANYCAST = "anycast_rp/c1/loopback-c2"                                     # linux: no bound (None)


def golden():
    with open(os.path.join(ROOT, "tests", "integration", "site_expected", "report.json")) as handle:
        return json.load(handle)


def record(row_id, status="passed", switch=1.0, back=1.0, invariants=(), **more):
    return dict({"id": row_id, "status": status, "platform": "linux", "switch_seconds": switch,
                 "return_seconds": back, "state": "as predicted",
                 "invariants": [{"id": i, "held": held, "detail": "seen"} for i, held in invariants], "why": ""}, **more)


def rows(report):
    return {r["id"]: r for e in report["plans"] for r in e["rows"]}


def test_a_row_within_its_bounds_with_its_invariants_passes():
    report = golden()
    merged = M.merge_measured(report, [record(VRF, switch=4.9, back=5.3, invariants=[("no-hybrid-path", True)])])
    row = rows(merged)[VRF]
    assert row["status"] == "passed" and "why_failed" not in row
    assert row["measured"] == {"bounds": None, "status": "passed", "platform": "linux", "switch_seconds": 4.9,
                               "return_seconds": 5.3,
                               "state": "as predicted", "why": "",
                               "invariants": [{"id": "no-hybrid-path", "held": True, "detail": "seen"}]}
    assert merged["counts"] == dict(report["counts"], rows_replayed=1, rows_passed=1, rows_failed=0, rows_skipped=0)
    assert merged["status"] == "passed" and merged["replayed"] is True
    assert merged["note"].startswith("1 of 26 rows replayed in the lab (1 passed, 0 failed)")
    assert report["status"] == "predicted" and "measured" not in rows(report)[VRF]     # the input is untouched
    assert M.exit_code(merged) == M.EXIT_WARNINGS                                       # 25 rows not replayed


def test_over_the_bound_or_an_invariant_not_held_fails_the_row():
    merged = M.merge_measured(golden(), [record(VRF, switch=5.01), record(STANDBY, switch=0, back=0.2)])
    assert rows(merged)[VRF]["why_failed"] == ["switch took 5.01 s, over the linux bound of 5 s"]
    assert rows(merged)[STANDBY]["why_failed"] == ["return took 0.2 s, over the linux bound of 0 s"]
    broken = M.merge_measured(golden(), [record(VRF, invariants=[("no-blackhole", False)])])
    assert rows(broken)[VRF]["why_failed"] == ["invariant no-blackhole predicted to hold, not held: seen"]
    # an invariant predicted broken and seen broken is what was predicted; one the row does not know is no verdict
    expected = M.merge_measured(golden(), [record(VRF, invariants=[("no-hybrid-path-during", False), ("x", False)])])
    assert rows(expected)[VRF]["status"] == "passed"
    failed = M.merge_measured(golden(), [record(VRF, status="failed", why="the route never moved")])
    assert rows(failed)[VRF]["why_failed"] == ["the replay failed: the route never moved"]
    assert rows(M.merge_measured(golden(), [record(VRF, status="failed")]))[VRF]["why_failed"] == [
        "the replay failed: no reason given"]
    assert failed["status"] == "failed" and M.exit_code(failed) == M.EXIT_FAILED
    # no linux bound (anycast on FRR): the time is shown, not judged
    assert rows(M.merge_measured(golden(), [record(ANYCAST, switch=500)]))[ANYCAST]["status"] == "passed"
    assert rows(M.merge_measured(golden(), [record(VRF, switch=4.5, platform="ios")]))[VRF]["status"] == "failed"


def test_a_record_that_says_what_it_was_judged_by_keeps_its_verdict_on_time_and_the_report_says_so():
    # the lab ran a longer check interval (bounds 6 s and 6.3 s, margin 3 s): 5.92 s is over the row's 5 s, not
    # over the lab's; the replay judged it (from the earliest moment the state can have come) and passed it
    lab = {"switch": 6, "return": 6.3, "margin": 3.0}
    merged = M.merge_measured(golden(), [record(VRF, switch=5.921, back=5.69, bounds=lab)])
    row = rows(merged)[VRF]
    assert row["status"] == "passed" and "why_failed" not in row and row["measured"]["bounds"] == lab
    assert row["measured"]["state"] == (
        "judged in the lab by switch 6 s, return 6.3 s (+ margin 3 s): the bounds of the lab's own options, where "
        "this row predicts 5 s and 5.3 s; as predicted")
    # the replay's own failure on time is the row's
    late = M.merge_measured(golden(), [record(VRF, status="failed", switch=9.5, bounds=lab, why="failure: too late")])
    assert rows(late)[VRF]["why_failed"] == ["the replay failed: failure: too late"]
    # the row's own bounds: nothing to say, unless the margin let a time over them pass
    same = M.merge_measured(golden(), [record(VRF, bounds={"switch": 5, "return": 5.3, "margin": 1.0})])
    assert rows(same)[VRF]["measured"]["state"] == "as predicted"
    margin = M.merge_measured(golden(), [record(VRF, switch=5.6, bounds={"switch": 5, "return": 5.3, "margin": 1.0})])
    assert rows(margin)[VRF]["status"] == "passed"
    assert rows(margin)[VRF]["measured"]["state"].startswith(
        "switch 5.6 s over this row's 5 s: within the lab's margin of 1 s")
    # its own verdict on time, not on the invariants: one predicted to hold and seen broken fails the row
    broken = M.merge_measured(golden(), [record(VRF, bounds=lab, invariants=[("no-blackhole", False)])])
    assert rows(broken)[VRF]["why_failed"] == ["invariant no-blackhole predicted to hold, not held: seen"]


def test_exit_codes():
    report = golden()
    assert M.exit_code(M.merge_measured(report, [])) == M.EXIT_NOTHING_RAN == 2
    assert M.merge_measured(M.merge_measured(report, [record(VRF)]), []) == report    # back to the predictions
    skipped = M.merge_measured(report, [record(VRF, status="skipped", why="no lab")])
    assert skipped["status"] == "predicted" and skipped["note"] == C.NOTE and M.exit_code(skipped) == 2
    assert rows(skipped)[VRF]["status"] == "skipped" and skipped["counts"]["rows_skipped"] == 1
    every = M.merge_measured(report, [record(r, switch=0, back=0) for r in rows(report)])
    assert every["counts"]["rows_passed"] == 26 and M.exit_code(every) == M.EXIT_PASSED == 0
    assert M.design_lines(every)[0] == "vrf_static_tracking: 8 rows, 8 replayed, 8 passed, 0 failed"
    assert M.design_lines(skipped)[0] == "vrf_static_tracking: 8 rows, 0 replayed, 0 passed, 0 failed, 1 skipped"


def test_merging_again_starts_from_the_predictions():
    once = M.merge_measured(golden(), [record(VRF, switch=9)])
    again = M.merge_measured(once, [record(STANDBY, switch=0, back=0)])
    assert "measured" not in rows(again)[VRF] and rows(again)[VRF]["status"] == "predicted"
    assert again["counts"]["rows_failed"] == 0 and again["status"] == "passed"


@pytest.mark.parametrize("bad, message", [
    (record("vrf_static_tracking/lin-router/nothing"), "no row of report.json has this id"),
    ("text", "not an object with a string id"),
    ({"id": 3}, "not an object with a string id"),
    (record(VRF, status="ok"), "status must be one of passed, failed, skipped, got 'ok'"),
    (record(VRF, switch="4"), "switch_seconds must be a number of seconds >= 0 or null"),
    (record(VRF, back=-1), "return_seconds must be a number"),
    (record(VRF, switch=True), "switch_seconds must be a number"),
    (dict(record(VRF), invariants=[{"id": "x"}]), "invariants must be a list of"),
    (dict(record(VRF), invariants="x"), "invariants must be a list of"),
    (record(VRF, bounds={"switch": 6}), "bounds must be {switch, return, margin}"),
    (record(VRF, bounds=[6, 6.3, 3]), "bounds must be {switch, return, margin}"),
    (record(VRF, bounds={"switch": 6, "return": "6.3", "margin": 3}), "return must be a number of seconds"),
    (record(VRF, bounds={"switch": None, "return": None, "margin": None}), "bounds must give every one of"),
])
def test_bad_records_are_refused_with_a_clear_error(bad, message):
    with pytest.raises(M.ReplayError, match=message):
        M.merge_measured(golden(), [bad])


def test_a_row_has_one_record():
    with pytest.raises(M.ReplayError, match="a second record for the same row"):
        M.merge_measured(golden(), [record(VRF), record(VRF)])
    # two scenarios that both leave a row to another (none replayed it): skipped once, with the first one's why
    skipped = record(VRF, status="skipped", switch=None, back=None, why="another scenario replays it")
    merged = M.merge_measured(golden(), [skipped, dict(skipped, why="the second")])
    row = rows(merged)[VRF]
    assert row["status"] == "skipped" and row["measured"]["why"] == "another scenario replays it"
    assert merged["counts"]["rows_skipped"] == 1


@pytest.mark.parametrize("order", [0, 1])
def test_a_row_one_scenario_skips_and_another_replays_counts_as_replayed(order):
    skipped = record(VRF, status="skipped", switch=None, back=None, why="another scenario replays it")
    records = [skipped, record(VRF, switch=2.5)]
    merged = M.merge_measured(golden(), records if order == 0 else records[::-1])
    row = [r for p in merged["plans"] for r in p["rows"] if r["id"] == VRF][0]
    assert row["status"] == "passed" and row["measured"]["switch_seconds"] == 2.5 and "why_failed" not in row
    assert merged["counts"]["rows_skipped"] == 0 and merged["counts"]["rows_replayed"] == 1


def test_markdown_shows_the_measured_column_only_when_something_was_replayed():
    report = golden()
    with open(os.path.join(ROOT, "tests", "integration", "site_expected", "report.md")) as handle:
        assert FM.report_markdown(report) == handle.read()
    merged = M.merge_measured(report, [record(VRF, switch=7, invariants=[("no-blackhole", False)]),
                                       record(STANDBY, switch=None, back=None, state="")])
    text = FM.report_markdown(merged)
    assert text.startswith("# Failure matrix (predicted and replayed in the lab)\n\n**2 of 26 rows")
    assert "Replayed in the lab: 2 rows, 1 passed, 1 failed, 0 skipped; status **failed**." in text
    assert "| invariants | measured |\n|---|---|---|---|---|---|---|" in text
    assert "| **failed** switch 7 s, return 1.0 s (linux)<br>as predicted<br>switch took 7 s, over the linux bound " \
        "of 5 s<br>invariant no-blackhole predicted to hold, not held: seen<br>**NOT HELD** no-blackhole |" in text
    assert "| **passed** switch - s, return - s (linux) |" in text
    assert text.count("| not replayed |") == 24
