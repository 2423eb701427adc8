# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The lab's measurements merged into the predicted report, and the main job's exit code (issue #19).

A replay writes ``build/lab-results/<scenario>.replay.json``: a list of records ``{id, status, platform,
switch_seconds, return_seconds, state, invariants: [{id, held, detail}], why, bounds}``, ``id`` a row of report.json;
``bounds`` ``{switch, return, margin}`` (seconds) is what the replay judged the times by, from the rows of the lab's
own intent and options (the emulated VM's longer check interval, for one), with the margin of a probe's round.
``merge_measured(report, records)`` attaches each record to its row (``row["measured"]``), judges the row and
recounts; ``exit_code`` gives netlab validate's codes; ``design_lines`` one line per design. Pure Python;
scripts/site_report.py is the command, docs/failure-matrix.md the reference.
"""

from __future__ import annotations

import copy

from ansible_collections.netdesign.resilience.plugins.module_utils.matrix import common as C

STATUSES = ("passed", "failed", "skipped")
# netlab validate's exit codes
EXIT_PASSED, EXIT_FAILED, EXIT_NOTHING_RAN, EXIT_WARNINGS = 0, 1, 2, 3


class ReplayError(ValueError):
    """A record the merge refuses (says which record and why)."""


def _number(record, key):
    value = record.get(key)
    if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0):
        raise ReplayError("replay record %s: %s must be a number of seconds >= 0 or null, got %r" % (
            record.get("id"), key, value))
    return value


def check_record(record):
    """The record as merged, or ReplayError naming what is wrong."""
    if not isinstance(record, dict) or not isinstance(record.get("id"), str):
        raise ReplayError("replay record %r: not an object with a string id" % (record,))
    if record.get("status") not in STATUSES:
        raise ReplayError("replay record %s: status must be one of %s, got %r" % (
            record["id"], ", ".join(STATUSES), record.get("status")))
    invariants = record.get("invariants") or []
    if not isinstance(invariants, list) or not all(
            isinstance(i, dict) and isinstance(i.get("id"), str) and isinstance(i.get("held"), bool) for i in invariants):
        raise ReplayError("replay record %s: invariants must be a list of {id: str, held: bool, detail: str}"
                          % record["id"])
    bounds = record.get("bounds")
    if bounds is not None:
        if not isinstance(bounds, dict) or set(bounds) != {"switch", "return", "margin"}:
            raise ReplayError("replay record %s: bounds must be {switch, return, margin}, got %r" % (record["id"], bounds))
        bounds = {key: _number(bounds, key) for key in ("switch", "return", "margin")}
        if None in bounds.values():
            raise ReplayError("replay record %s: bounds must give every one of switch, return, margin in seconds, "
                              "got %r" % (record["id"], record["bounds"]))
    return {"bounds": bounds, "status": record["status"], "platform": str(record.get("platform") or "linux"),
            "switch_seconds": _number(record, "switch_seconds"), "return_seconds": _number(record, "return_seconds"),
            "state": str(record.get("state") or ""), "why": str(record.get("why") or ""),
            "invariants": [{"id": i["id"], "held": i["held"], "detail": str(i.get("detail") or "")} for i in invariants]}


def bound_for(bounds, platform):
    """The largest bound in seconds the row gives ``platform`` (a bound of "ios, linux" counts for both); None
    when it gives none."""
    numbers = [b["seconds"] for b in bounds if isinstance(b.get("seconds"), (int, float)) and
               platform in [p.strip() for p in str(b.get("platform") or "").split(",")]]
    return max(numbers) if numbers else None


def lab_bounds_note(row, measured):
    """What the lab judged the times by, when that is not simply the row's own bound: the lab's bounds where they
    differ from the row's, and each measured time over the row's bound that the lab's margin let pass ("" when
    neither, or when the record does not say)."""
    lab = measured.get("bounds")
    if not lab:
        return ""
    own = (bound_for(row["bounds"], measured["platform"]), bound_for(row["repair"]["bounds"], measured["platform"]))
    parts = []
    if own != (lab["switch"], lab["return"]):
        parts.append("judged in the lab by switch %s s, return %s s (+ margin %s s): the bounds of the lab's own "
                     "options, where this row predicts %s s and %s s" % (
                         C.num(lab["switch"]), C.num(lab["return"]), C.num(lab["margin"]),
                         *("-" if b is None else C.num(b) for b in own)))
    over = ["%s %s s over this row's %s s" % (what, C.num(measured[key]), C.num(bound))
            for what, key, bound in (("switch", "switch_seconds", own[0]), ("return", "return_seconds", own[1]))
            if measured[key] is not None and bound is not None and measured[key] > bound]
    if over and not parts:
        parts.append("%s: within the lab's margin of %s s (a probe's round; the replay judges the earliest moment the "
                     "state can have come)" % (", ".join(over), C.num(lab["margin"])))
    return "; ".join(parts)


def judge(row, measured):
    """``(status, reasons)`` of a row with its record: failed when the replay says so, when a measured time is over
    the row's bound for the record's platform, or when an invariant predicted to hold was seen broken. A record
    that says what it judged its times by (``bounds``: the lab's options, the margin of a probe's round, the
    earliest moment the state can have come) keeps its own verdict on time: the replay is the one judge of it."""
    if measured["status"] == "skipped":
        return "skipped", []
    reasons = ["the replay failed: %s" % (measured["why"] or "no reason given")] if measured["status"] == "failed" else []
    for key, bounds, what in (("switch_seconds", row["bounds"], "switch"),
                              ("return_seconds", row["repair"]["bounds"], "return")):
        bound = bound_for(bounds, measured["platform"])
        if measured.get("bounds") is None and measured[key] is not None and bound is not None and measured[key] > bound:
            reasons.append("%s took %s s, over the %s bound of %s s" % (what, measured[key], measured["platform"], bound))
    predicted = {i["id"]: i["predicted_to_hold"] for i in row["invariants"]}
    for seen in measured["invariants"]:
        if not seen["held"] and predicted.get(seen["id"]):
            reasons.append("invariant %s predicted to hold, not held%s" % (
                seen["id"], ": " + seen["detail"] if seen["detail"] else ""))
    return ("failed" if reasons else "passed"), reasons


def merge_measured(report, records):
    """A copy of ``report`` with each record on its row, each measured row's status passed, failed or skipped, and
    ``counts``, ``status``, ``replayed`` and ``note`` recounted (with no record: the predictions alone, as
    failure_matrix.site_report gave them). ReplayError for a record whose id is no row of the
    report, or a row replayed twice (a skipped record beside a replayed one is dropped, and of two skips the first is
    kept: a scenario that cannot replay a row may leave it to another's)."""
    merged = copy.deepcopy(report)
    rows = {each["id"]: each for entry in merged["plans"] for each in entry["rows"]}
    for each in rows.values():   # a report merged before starts again from its predictions
        each.pop("measured", None)
        each.pop("why_failed", None)
        each["status"] = "predicted"
    seen = {}
    for record in records:
        measured = check_record(record)
        if record["id"] not in rows:
            raise ReplayError("replay record %s: no row of report.json has this id (a replay of another inventory, "
                              "or of an older report.json?)" % record["id"])
        # one scenario may skip a row its lab cannot replay and leave it to another's: the replay counts, a skip
        # beside it is dropped (of two skips the first is kept); two replays of one row are one record too many
        was = seen.get(record["id"])
        if was is not None and was != "skipped" and measured["status"] != "skipped":
            raise ReplayError("replay record %s: a second record for the same row" % record["id"])
        if was is not None and measured["status"] == "skipped":
            continue
        seen[record["id"]] = measured["status"]
        row = rows[record["id"]]
        row["status"], reasons = judge(row, measured)
        note = lab_bounds_note(row, measured)
        if note:
            measured["state"] = "%s; %s" % (note, measured["state"]) if measured["state"] else note
        row["measured"] = measured
        if reasons:
            row["why_failed"] = reasons
    every = list(rows.values())
    counts = merged["counts"]
    for key in ("rows_replayed", "rows_passed", "rows_failed", "rows_skipped"):
        counts.pop(key, None)
    if not seen:   # no record: the predictions as site.yml wrote them
        merged.update(status=C.STATUS, replayed=False, note=C.NOTE)
        return merged
    counts.update(rows_replayed=sum(1 for r in every if r["status"] in ("passed", "failed")),
                  rows_passed=sum(1 for r in every if r["status"] == "passed"),
                  rows_failed=sum(1 for r in every if r["status"] == "failed"),
                  rows_skipped=sum(1 for r in every if r["status"] == "skipped"))
    merged["replayed"] = counts["rows_replayed"] > 0
    merged["status"] = "failed" if counts["rows_failed"] else "passed" if counts["rows_replayed"] else "predicted"
    if merged["replayed"]:
        merged["note"] = "%d of %d rows replayed in the lab (%d passed, %d failed); the other rows are predictions " \
            "from the plans alone" % (counts["rows_replayed"], counts["rows"], counts["rows_passed"], counts["rows_failed"])
    else:
        merged["note"] = C.NOTE
    return merged


def exit_code(report):
    """netlab validate's codes: 1 some row failed; 2 no row replayed; 3 warnings only: no row failed but some were
    not replayed (skipped, or no record); 0 every row replayed and passed."""
    counts = report["counts"]
    if counts.get("rows_failed"):
        return EXIT_FAILED
    if not counts.get("rows_replayed"):
        return EXIT_NOTHING_RAN
    return EXIT_WARNINGS if counts["rows_replayed"] < counts["rows"] else EXIT_PASSED


def design_lines(report):
    """One line per design: rows, replayed, passed, failed."""
    designs = {}
    for entry in report["plans"]:
        numbers = designs.setdefault(entry["design"], [0, 0, 0, 0, 0])
        for each in entry["rows"]:
            status = each.get("status")
            numbers[0] += 1
            numbers[1] += status in ("passed", "failed")
            numbers[2] += status == "passed"
            numbers[3] += status == "failed"
            numbers[4] += status == "skipped"
    return ["%s: %d rows, %d replayed, %d passed, %d failed%s" % (
        design, n[0], n[1], n[2], n[3], ", %d skipped" % n[4] if n[4] else "") for design, n in designs.items()]
