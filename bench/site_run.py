# -*- coding: utf-8 -*-
"""The main job, timed (issue #19): scripts/site.sh as `make site` runs it after the set-up, its console followed.

Method: runs scripts/site.sh (ansible-playbook site.yml on the example inventory, then its lab: the Molecule scenarios
nat_gateway, vrf_static_tracking, sixto4_bgp, anycast_rp and wan_backup_vrrp, each replaying its failure matrix, then
scripts/site_report.py), timing each console line as it comes. From the console: the whole run, site.yml's part, the
lab's, the report's; the longest silence between two console lines; and per scenario the split lab_progress.py prints
at the end (bring-up: Molecule's create and prepare; configure: converge, and idempotence where it ran, which make
site does not; verify, and the replay inside it). From build/site/report.json as the run left it: every row the lab replayed, its bounds as the report predicts them (the
example's options) and as the lab judged them (the lab's options), the measured switch and return times, and its
status; and per design how many rows were not replayed.

    .venv/bin/python bench/site_run.py [--note TEXT] [--report-only]

Writes bench/results/site_run.{json,md}. Run `make setup` first (this does not: the set-up is not the main job's
time); nothing else heavy beside it, or say so with --note.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "build", "collections"))

from benchlib import load_json, machine, save_json, save_markdown  # noqa: E402
from ansible_collections.netdesign.resilience.plugins.module_utils.report import measured as M  # noqa: E402

CONSOLE = os.path.join(ROOT, "build", "site", "console.log")
_TOOK = re.compile(r"^\[\d+:\d+\] (\S+) took: (.*)$")


def run():
    """scripts/site.sh, each console line with its time since the start: ``(exit status, [(seconds, line)])``."""
    started = time.time()
    lines = []
    os.makedirs(os.path.dirname(CONSOLE), exist_ok=True)
    env = dict(os.environ, PATH=os.path.join(ROOT, ".venv", "bin") + os.pathsep + os.environ.get("PATH", ""))
    with open(CONSOLE, "w") as keep, subprocess.Popen(
            ["bash", os.path.join(ROOT, "scripts", "site.sh")], cwd=ROOT, env=env, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, errors="replace") as proc:
        for line in proc.stdout:
            at = round(time.time() - started, 1)
            lines.append((at, line.rstrip("\n")))
            keep.write("%7.1f %s" % (at, line))
            keep.flush()
            sys.stdout.write(line)
            sys.stdout.flush()
        status = proc.wait()
    return status, round(time.time() - started, 1), lines


def phases(lines, seconds):
    """site.yml's, the lab's and the report's seconds, the longest silence, and each scenario's split."""
    def first(pattern, default):
        return next((at for at, line in lines if re.search(pattern, line)), default)
    playbook = first(r"^==> site: ansible-playbook site.yml succeeded", seconds)
    lab_end = first(r"^==> site: lab: ---- |^==> site: lab: molecule: |^==> site: the lab FAILED", seconds)
    gaps = [b[0] - a[0] for a, b in zip(lines, lines[1:])]
    longest = max(range(len(gaps)), key=gaps.__getitem__) if gaps else None
    split = {}
    for _at, line in lines:
        match = _TOOK.match(line.replace("==> site: lab: ", "", 1))
        if match:
            split[match.group(1)] = match.group(2)
    return {"site_yml": playbook, "lab": round(lab_end - playbook, 1), "report": round(seconds - lab_end, 1),
            "console_lines": len(lines), "longest_silence": round(gaps[longest], 1) if gaps else None,
            "longest_silence_after": lines[longest][1][:160] if gaps else None, "split": split}


def verdict(status, lines):
    """What the exit status means, from the console: the report's verdict (netlab validate's codes), the lab's
    failure, or site.yml's."""
    said = [line for _at, line in lines if line.startswith("==> site: report: ") and re.search(r"exit \d+;", line)]
    if any(line.startswith("==> site: the lab FAILED") for _at, line in lines):
        return "the lab failed (a scenario failed: no report merged)"
    if not said:
        return "the job failed before its report (exit %s)" % status
    return {0: "every row replayed and passed", 1: "some replayed row failed", 2: "no row replayed",
            3: "no replayed row failed, some rows not replayed"}.get(status, "exit %s" % status)


def rows(report):
    """Every replayed row (its bounds, the lab's, the measured times, its status), and per design the rest."""
    out, rest = [], {}
    for entry in report["plans"]:
        for row in entry["rows"]:
            measured = row.get("measured")
            if not measured or measured["status"] == "skipped":
                why = (measured or {}).get("why") or "no replay of this design in make site"
                rest.setdefault(row["design"], []).append("%s: %s" % (row["id"].split("/", 1)[1], why[:140]))
                continue
            lab = measured.get("bounds") or {}
            out.append({"id": row["id"], "status": row["status"],
                        "bound": [M.bound_for(row["bounds"], "linux"), M.bound_for(row["repair"]["bounds"], "linux")],
                        "lab_bound": [lab.get("switch"), lab.get("return")], "margin": lab.get("margin"),
                        "switch": measured["switch_seconds"], "return": measured["return_seconds"],
                        "why_failed": row.get("why_failed", [])})
    return out, rest


def _n(value):
    return "-" if value is None else ("%g" % value)


def markdown(result):
    p = result["phases"]
    lines = ["# The main job, timed: `scripts/site.sh` (what `make site` runs after its set-up)", "",
             "Measured by `bench/site_run.py` on %d CPUs (kernel %s) at commit %s: exit status %s (%s), %.0f s "
             "(%.1f min) in all, %s issue #19's 20 minutes for the whole `make site` after its set-up.%s" % (
                 result["machine"]["cpus"], result["machine"]["kernel"], result["commit"], result["status"],
                 result["verdict"], result["seconds"], result["seconds"] / 60.0,
                 "within" if result["seconds"] <= 1200 else "over", " " + result["note"] if result["note"] else ""), "",
             "| part | seconds |", "|---|---|",
             "| ansible-playbook site.yml (plans, design checks, IOS files, the predicted report) | %s |" % _n(p["site_yml"]),
             "| the lab (images, the VM's boot, the scenarios; the VM's line and this kernel's side by side) | %s |" % _n(p["lab"]),
             "| the report (merging the replays) | %s |" % _n(p["report"]), "",
             "The console printed %d lines; the longest silence was %s s, after `%s`." % (
                 p["console_lines"], _n(p["longest_silence"]), p["longest_silence_after"]), "",
             "Per scenario (from the progress follower's last lines; the VM's scenarios run one after the other, "
             "this kernel's beside them):", ""]
    lines += ["- %s: %s" % (name, text) for name, text in sorted(p["split"].items())]
    lines += ["", "## Every replayed row: predicted against measured", "",
              "Bounds in seconds, switch / return: the report's are the example's own options (Linux twin); the "
              "lab's are those of the scenario's intent, which the replay judged by, plus the margin.", "",
              "| row | report's bound | lab's bound + margin | measured switch | measured return | status |",
              "|---|---|---|---|---|---|"]
    for row in result["rows"]:
        lines.append("| `%s` | %s / %s | %s / %s + %s | %s | %s | %s%s |" % (
            row["id"], _n(row["bound"][0]), _n(row["bound"][1]), _n(row["lab_bound"][0]), _n(row["lab_bound"][1]),
            _n(row["margin"]), _n(row["switch"]), _n(row["return"]), row["status"],
            ": " + "; ".join(row["why_failed"]) if row["why_failed"] else ""))
    if not result["rows"]:
        lines.append("(none: this run wrote no report.json)")
    lines += ["", "## Rows not replayed by make site", ""]
    for design, items in sorted(result["not_replayed"].items()):
        lines.append("- %s (%d): %s" % (design, len(items), "; ".join(items)))
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--report-only", action="store_true", help="write the report again from the last run's results, "
                        "console (build/site/console.log) and report.json")
    parser.add_argument("--note", default="", help="a sentence for the report (what else ran)")
    args = parser.parse_args()
    if args.report_only:   # the last run's results, what the console and report.json of that run say read again
        result = load_json("site_run")
        with open(CONSOLE) as handle:
            lines = [(float(line[:7]), line[8:].rstrip("\n")) for line in handle if line[:7].strip()]
        result.update(verdict=verdict(result["status"], lines), phases=phases(lines, result["seconds"]))
        with open(os.path.join(ROOT, "build", "site", "report.json")) as handle:
            result["rows"], result["not_replayed"] = rows(json.load(handle))
        result["note"] = args.note or result["note"]
        save_json("site_run", result)
    else:
        commit = subprocess.run(["git", "describe", "--always", "--dirty=+changes"], cwd=ROOT, capture_output=True,
                                text=True, check=False).stdout.strip()
        started = time.time()
        status, seconds, lines = run()
        path = os.path.join(ROOT, "build", "site", "report.json")
        replayed, rest = [], {}
        if os.path.exists(path) and os.stat(path).st_mtime >= started:   # this run's report, not an earlier one
            with open(path) as handle:
                replayed, rest = rows(json.load(handle))
        result = {"machine": machine(), "commit": commit, "status": status, "seconds": seconds, "note": args.note,
                  "verdict": verdict(status, lines), "phases": phases(lines, seconds), "rows": replayed,
                  "not_replayed": rest}
        save_json("site_run", result)
    save_markdown("site_run", markdown(result))
    print("site_run: exit %s in %.0f s; bench/results/site_run.md" % (result["status"], result["seconds"]))
    return 0 if result["status"] in (0, 3) else 1


if __name__ == "__main__":
    sys.exit(main())
