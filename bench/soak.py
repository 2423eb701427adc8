# -*- coding: utf-8 -*-
"""Soak of the replayed designs (issue #19): the failure matrix's failures and repairs in random sequences, with
flaps shorter than the track delays, for at least the given minutes per scenario, invariants checked throughout.

Method: the Molecule scenarios that replay a matrix (their verify step's failure_replay task) run as make test runs
them (scripts/lab_molecule.py --many: the VM's line and this kernel's side by side), with NETDESIGN_SOAK_MINUTES and
NETDESIGN_SOAK_SEED set: after its replay each failure_replay task soaks (module_utils/matrix/soak.py) and writes
build/lab-results/<scenario>.soak.json. This collects them: per scenario the sequences, the rows and flaps replayed,
passed and failed, the invariant violations, and the measured times against each row's bound.

    .venv/bin/python bench/soak.py [--minutes 30] [--seed N] [--report-only] [scenario ...]

Writes bench/results/soak.{json,md}. Default scenarios: vrf_static_tracking (VM where the kernel lacks vrf) and
wan_backup_vrrp (this kernel), side by side. nat_gateway's failure_replay soaks too (its bond members; its box rows
are skipped in its lab, as in its replay: docs/failure-matrix.md).
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "build", "collections"))

from benchlib import load_json, machine, save_json, save_markdown  # noqa: E402
from ansible_collections.netdesign.resilience.plugins.module_utils.matrix import soak as S  # noqa: E402

SCENARIOS = ("vrf_static_tracking", "wan_backup_vrrp")
RESULTS = os.path.join(ROOT, "build", "lab-results")


def run(scenarios, minutes, seed):
    """scripts/lab_molecule.py --many with the soak turned on; returns (exit status, wall seconds)."""
    env = dict(os.environ, NETDESIGN_SOAK_MINUTES=str(minutes), NETDESIGN_SOAK_SEED=str(seed),
               PATH=os.path.join(ROOT, ".venv", "bin") + os.pathsep + os.environ.get("PATH", ""),
               ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"))
    for name in scenarios:
        for _key, path in soak_files(name):
            os.unlink(path)
    log = os.path.join(ROOT, "build", "soak.log")
    print("soak: %s, %s minutes each (seed %d); progress: build/lab-results/<scenario>.replay.log, log %s" % (
        ", ".join(scenarios), minutes, seed, os.path.relpath(log, ROOT)), flush=True)
    started = time.time()
    with open(log, "w") as handle:
        status = subprocess.call([sys.executable, os.path.join(ROOT, "scripts", "lab_molecule.py"), "--many"]
                                 + list(scenarios), cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT)
    return status, round(time.time() - started, 1)


def soak_files(name):
    """``[(key, path)]`` of a scenario's soak files: ``<scenario>.soak.json``, and ``<scenario>.<part>.soak.json`` of a
    second replay in it (vrf_static_tracking's of the NAT boxes' own rows), keyed ``<scenario>.<part>``."""
    found = glob.glob(os.path.join(RESULTS, name + ".soak.json")) + glob.glob(os.path.join(RESULTS, name + ".*.soak.json"))
    return [(os.path.basename(p)[:-len(".soak.json")], p) for p in sorted(found)]


def collect(scenarios):
    """Per scenario (and per second replay in it): its soak.json boiled down (None where the scenario wrote none)."""
    out = {}
    for name in scenarios:
        files = soak_files(name)
        if not files:
            out[name] = None
        for key, path in files:
            out[key] = soaked_of(path)
    return out


def soaked_of(path):
    """A soak file boiled down: sequences, summary, per row and per flap the counts and times, the failures."""
    with open(path) as handle:
        soaked = json.load(handle)
    rows, flaps = {}, {}
    for event in soaked["events"]:
        record = event["record"]
        if event["kind"] == "row":
            entry = rows.setdefault(record["id"].rsplit("/", 1)[-1], {"count": 0, "switch": [], "return": [],
                                                                      "failed": 0})
            entry["count"] += 1
            entry["failed"] += record["status"] == "failed"
            for key, value in (("switch", record["switch_seconds"]), ("return", record["return_seconds"])):
                if value is not None:
                    entry[key].append(value)
        else:
            entry = flaps.setdefault(record["id"].rsplit("/", 1)[-1], {
                "count": 0, "return": [], "failed": 0, "switched": 0, "seconds": record["flap_seconds"],
                "guarded": record["guarded_seconds"], "lasted": []})
            entry["count"] += 1
            if record.get("flapped_seconds") is not None:   # measured since the soak's first version
                entry["lasted"].append(record["flapped_seconds"])
            entry["failed"] += record["status"] == "failed"
            entry["switched"] += record["switched_seconds"] is not None
            if record["return_seconds"] is not None:
                entry["return"].append(record["return_seconds"])
    return {"seed": soaked["seed"], "sequences": soaked["sequences"], "seconds": soaked["seconds"],
            "summary": soaked["summary"], "rows": rows, "flaps": flaps,
            "failures": [e["record"]["why"] for e in soaked["events"] if e["record"]["status"] == "failed"]}


def spread(values):
    if not values:
        return "-"
    return "%.2f / %.2f / %.2f" % (min(values), statistics.median(values), max(values))


def markdown(result):
    lines = ["# Soak: the failure matrix replayed in random sequences, with flaps", "",
             "Measured by `bench/soak.py` (`make soak`) on %d CPUs (kernel %s) at commit %s: `%s`, exit status %s, "
             "%.0f s in all.%s" % (
                 result["machine"]["cpus"], result["machine"]["kernel"], result.get("commit") or "?", result["command"],
                 result["status"], result["seconds"], " " + result["note"] if result.get("note") else ""), "",
             "Each scenario replays its matrix once (as in `make test`), then soaks for at least %s minutes: every "
             "replayable row in a random order per sequence (seed %d), each judged as the replay judges it (the "
             "normal state first, the failure within its Linux bound + margin, the repair within its bound, the "
             "row's invariants at every poll), and 10 flaps at random places: a row's failure repaired a moment "
             "later (half the time its track delays guard, else 1 s), which must not switch where a delay "
             "guards it and must come back within what is left of the failure's bound plus the return bound. Times are min / median / max seconds." % (
                 result["minutes"], result["seed"]), ""]
    for name, soaked in result["scenarios"].items():
        lines += ["## %s" % name, ""]
        if soaked is None:
            lines += ["No soak results: the scenario failed before its replay (see build/soak.log).", ""]
            continue
        counts = soaked["summary"]
        lines += ["%d sequences in %.0f s (%.1f min): rows %d passed, %d failed, %d skipped; flaps %d passed, %d "
                  "failed; **%d invariant violations**." % (
                      soaked["sequences"], soaked["seconds"], soaked["seconds"] / 60.0, counts["rows"]["passed"],
                      counts["rows"]["failed"], counts["rows"]["skipped"], counts["flaps"]["passed"],
                      counts["flaps"]["failed"], counts["invariant_violations"]), "",
                  "| row | replays | failed | failure: measured | repair: measured |", "|---|---|---|---|---|"]
        for key, entry in sorted(soaked["rows"].items()):
            lines.append("| %s | %d | %d | %s | %s |" % (
                key, entry["count"], entry["failed"], spread(entry["switch"]), spread(entry["return"])))
        if soaked["flaps"]:
            lines += ["", "| flapped row | flaps | asked (s) | lasted (s) | guarded (s) | switched | failed | back after "
                      "the repair |", "|---|---|---|---|---|---|---|---|"]
            for key, entry in sorted(soaked["flaps"].items()):
                lines.append("| %s | %d | %s | %s | %s | %s | %d | %s |" % (
                    key, entry["count"], entry["seconds"], spread(entry["lasted"]),
                    entry["guarded"] if entry["guarded"] is not None else "-",
                    entry["switched"] if entry["guarded"] is not None else "-", entry["failed"],
                    spread(entry["return"])))
        if soaked["failures"]:
            lines += ["", "Failed events:", ""] + ["- %s" % why for why in soaked["failures"]]
        lines.append("")
    lines += ["`switched` counts the guarded flaps whose row's failover state a poll saw (an unguarded flap may "
              "switch: `-`)."]
    if "nat_gateway" not in result["scenarios"]:
        lines += ["", "Not in this run: nat_gateway (its bond members). The NAT boxes' own rows are replayed in "
                  "vrf_static_tracking (`vrf_static_tracking.nat_boxes` above, where it ran), judged by lin-router's "
                  "routes. No count of lost established flows is made: the example's pair runs without conntrackd "
                  "(its matrix predicts a box's flows lost), and the nat_gateway scenario checks a held flow through "
                  "the failover of its pair with conntrackd on."]
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scenarios", nargs="*", default=list(SCENARIOS))
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--seed", type=int, default=int(time.strftime("%Y%m%d")))
    parser.add_argument("--report-only", action="store_true", help="collect the last run's results, run nothing")
    parser.add_argument("--note", default="", help="a sentence for the report (what the run was)")
    args = parser.parse_args()
    command = "bench/soak.py --minutes %s --seed %d %s" % (args.minutes, args.seed, " ".join(args.scenarios))
    status, seconds = (None, 0.0) if args.report_only else run(args.scenarios, args.minutes, args.seed)
    scenarios = collect(args.scenarios)
    commit = None
    if not args.report_only:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                                check=False).stdout.strip()
    result = {"machine": machine(), "command": command, "status": status, "seconds": seconds, "commit": commit,
              "minutes": args.minutes, "seed": args.seed, "scenarios": scenarios, "note": args.note}
    if args.report_only:   # the run's own command, exit status, time and seed, as its results keep them
        previous = load_json("soak") if os.path.exists(os.path.join(ROOT, "bench", "results", "soak.json")) else {}
        result.update((k, previous[k]) for k in ("command", "status", "seconds", "minutes", "seed", "commit")
                      if k in previous)
        result["seed"] = next((s["seed"] for s in scenarios.values() if s), result["seed"])
    save_json("soak", result)
    save_markdown("soak", markdown(result))
    bad = [n for n, s in result["scenarios"].items() if s is None or S.failed(s["summary"])]
    verdict = "every scenario passed" if not bad and not result["status"] else "FAILED: %s" % ", ".join(
        bad or ["lab_molecule exit %s" % result["status"]])
    print("soak: %s; bench/results/soak.md" % verdict)
    return 1 if bad or result["status"] else 0


if __name__ == "__main__":
    sys.exit(main())
