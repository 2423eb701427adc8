# -*- coding: utf-8 -*-
"""Which tasks a Molecule scenario spends its time on, as `make test` runs it (#20: profile before cutting).

Runs ``scripts/lab_molecule.py --many SCENARIO...`` (what the molecule stage of ``make test`` runs: one
VM for the scenarios this kernel cannot run, the others beside it) with Ansible's own ``junit``
callback, which records every task's time per host in an XML file per playbook run (a folder per
scenario: ``NETDESIGN_JUNIT_DIR``, which lab_molecule.py hands to each scenario's Molecule). Per scenario and
playbook (create, converge, idempotence, verify, ...) it reports the wall time of each task (the
longest host: tasks run on all hosts at once) and lists the costliest tasks.

    .venv/bin/python bench/scenario_profile.py [SCENARIO ...]     (default: every scenario of make test)
"""

from __future__ import annotations

import collections
import glob
import os
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from benchlib import load_json, machine, need_root, save_json, save_markdown  # noqa: E402

TOP = 8


def scenarios_of_make_test():
    found = []
    for path in sorted(glob.glob(os.path.join(ROOT, "extensions", "molecule", "*", "molecule.yml"))):
        with open(path) as handle:
            if "make_test: false" not in handle.read():
                found.append(os.path.basename(os.path.dirname(path)))
    return found


def read_reports(folder):
    """{scenario: {playbook: {task: seconds}}} from the junit files, one folder per scenario (a task's time:
    its slowest host). Molecule runs converge.yml twice: the second run is the idempotence check."""
    result = {}
    for scenario in sorted(os.listdir(folder)):
        books, seen = {}, collections.Counter()
        # converge.yml runs as Molecule's check (--check), converge and idempotence, in its test_sequence order
        with open(os.path.join(ROOT, "extensions", "molecule", scenario, "molecule.yml")) as handle:
            sequence = (yaml.safe_load(handle).get("scenario") or {}).get("test_sequence") or []
        converges = [a for a in sequence if a in ("check", "converge", "idempotence")] or ["converge", "idempotence"]
        files = glob.glob(os.path.join(folder, scenario, "*.xml"))
        for path in sorted(files, key=lambda p: float(os.path.basename(p).rsplit("-", 1)[1][:-4])):
            playbook = os.path.basename(path).rsplit("-", 1)[0]
            seen[playbook] += 1
            if playbook == "converge" and seen[playbook] <= len(converges):
                name = converges[seen[playbook] - 1]
            else:
                name = playbook if seen[playbook] == 1 else "%s (%d)" % (playbook, seen[playbook])
            book = books.setdefault(name, {})
            for case in ET.parse(path).getroot().iter("testcase"):
                task = case.get("name", "").split("] ", 1)[-1]
                book[task] = max(book.get(task, 0.0), float(case.get("time") or 0))
        result[scenario] = books
    return result


def main(argv=None):
    argv = list(argv if argv is not None else sys.argv[1:])
    if argv[:1] == ["--report-only"]:  # the report again from the run kept in bench/results/scenario_profile.json
        results = load_json("scenario_profile")
        results["scenarios"] = {s: {p: dict(sorted(t.items(), key=lambda kv: -kv[1])) for p, t in books.items()}
                                for s, books in read_reports(argv[1]).items()}
        return report(results)
    scenarios = argv or scenarios_of_make_test()
    need_root("scenario_profile", "lab namespaces and the VM")
    folder = tempfile.mkdtemp(prefix="scenario-profile-", dir=os.path.join(ROOT, "build"))
    env = dict(os.environ, ANSIBLE_CALLBACKS_ENABLED="ansible.builtin.junit", NETDESIGN_JUNIT_DIR=folder,
               JUNIT_TASK_CLASS="False", JUNIT_HIDE_TASK_ARGUMENTS="True",
               PATH=os.path.join(ROOT, ".venv", "bin") + os.pathsep + os.environ.get("PATH", ""))
    started = time.monotonic()
    proc = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "lab_molecule.py"), "--many"] + scenarios,
                          cwd=ROOT, env=env, check=False, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          errors="replace")
    took = time.monotonic() - started
    summary = [line for line in proc.stdout.splitlines() if line.startswith(("---- ", "molecule: "))]
    print("\n".join(summary))
    reports = read_reports(folder)
    results = {"name": "scenario_profile", "machine": machine(),
               "exit_status": proc.returncode, "duration_s": round(took, 1), "summary": summary,
               "scenarios": {s: {p: dict(sorted(t.items(), key=lambda kv: -kv[1])) for p, t in books.items()}
                             for s, books in reports.items()}}
    report(results)
    print("wrote bench/results/scenario_profile.{json,md}; junit files in %s" % folder)
    return proc.returncode


def report(results):
    save_json("scenario_profile", results)
    lines = ["# Where each Molecule scenario spends its time", "",
             "Measured by `bench/scenario_profile.py` on %d CPUs (kernel %s) in %.0f s, exit status %d: "
             "`scripts/lab_molecule.py --many` as `make test` runs it, with Ansible's `junit` callback; a task's "
             "time is its slowest host's; `check` is Molecule's check mode run of converge.yml." % (
                 results["machine"]["cpus"], results["machine"]["kernel"], results["duration_s"],
                 results["exit_status"]), "",
             "```", *results["summary"], "```", ""]
    for scenario, books in sorted(results["scenarios"].items()):
        lines += ["## %s" % scenario, "", "| playbook | tasks | sum of task times | costliest tasks |",
                  "|---|---|---|---|"]
        for playbook, tasks in sorted(books.items(), key=lambda kv: -sum(kv[1].values())):
            top = "; ".join("%s %.1f s" % (name.replace("|", "/"), seconds)
                            for name, seconds in list(tasks.items())[:TOP] if seconds >= 0.5)
            lines.append("| %s | %d | %.1f s | %s |" % (playbook, len(tasks), sum(tasks.values()), top))
        lines.append("")
    save_markdown("scenario_profile", lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
