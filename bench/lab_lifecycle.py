# -*- coding: utf-8 -*-
"""Benchmark 4 of issue #8: how long a scenario's lab takes to come up and converge, on this kernel and in the VM.

Each run is a whole ``scripts/lab_molecule.py SCENARIO`` (``molecule test``: destroy, syntax, create,
prepare, check, converge, idempotence, verify, destroy), its output read line by line as it comes and
timestamped: Molecule announces each action (``➜ create: Executing`` ... ``Executed: Successful``), so
every action's wall-clock time is measured without changing the scenario. In the VM mode
(``NETDESIGN_LAB_FORCE_VM=1``: the throwaway virtme-ng VM the labs fall back to when this kernel lacks a
feature, on this machine without KVM, i.e. TCG emulation) the VM's boot until its lab agent answers is
measured too; ``vm-cold`` is the VM mode with every module run on a lab node in a python3 of its own
(``NETDESIGN_LAB_COLD=1``), as before the lab agent's warm interpreter (``lab_warm``). ``up`` is what the issue asks for: lab created and the design converged on it
(create + prepare + converge, plus the VM boot in the VM mode).

Baseline for the ratios: the same scenario on this kernel, or for a scenario this kernel cannot run, in the VM with cold module runs. Scenarios: smoke_bgp by default (two FRR
routers, the smallest lab with a real routing daemon); ``--scenarios`` takes others (a design's own
scenario in the VM takes 10-30 min a run). Runs only lab namespaces (and the VM).

    .venv/bin/python bench/lab_lifecycle.py [--scenarios smoke_bgp] [--repeat 3] [--modes host,vm]
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from benchlib import arguments, machine, measured, need_root, png, reported_again, save_markdown, save_run, set_ratio, summary  # noqa: E402

ANSI = re.compile(r"\x1b\[[0-9;]*m")
# "INFO [smoke_bgp > create] Executing" without colours, "smoke_bgp ➜ create: Executing" with them
ACTION = re.compile(r"(?:➜ |> )(?P<action>\w+)\]?:? (?P<what>Executing|Executed: Successful)")
VM_UP = re.compile(r"VM up, lab agent answering (?:on \S+ )?after (?P<seconds>\d+) s")
WHERE = {"host": "this kernel", "vm": "VM (virtme-ng, TCG)", "vm-cold": "VM (TCG), cold python3 per module"}
PHASES = ("vm_boot", "create", "prepare", "converge", "idempotence", "verify", "destroy")


def one_run(scenario, mode):
    # vm-cold: every module run on a lab node starts its own python3, as before the warm interpreter (lab_warm)
    env = dict(os.environ, NETDESIGN_LAB_FORCE_VM="0" if mode == "host" else "1", PY_COLORS="0",
               NETDESIGN_LAB_COLD="1" if mode == "vm-cold" else "0",
               PATH=os.path.join(ROOT, ".venv", "bin") + os.pathsep + os.environ.get("PATH", ""))
    start = time.monotonic()
    proc = subprocess.Popen([sys.executable, os.path.join(ROOT, "scripts", "lab_molecule.py"), scenario],  # pylint: disable=consider-using-with
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            encoding="utf-8", errors="replace")
    begun, phases, seen, tail = {}, {}, 0, []
    for raw in proc.stdout:
        now = time.monotonic()
        tail = (tail + [raw.rstrip()])[-20:]
        line = ANSI.sub("", raw)
        match = ACTION.search(line)
        if match and match.group("what") == "Executing":
            seen += 1
            begun[match.group("action")] = now
        elif match and match.group("action") in begun:
            # the first destroy only clears leftovers: keep the last destroy, the lab's teardown
            phases[match.group("action")] = round(now - begun.pop(match.group("action")), 2)
        boot = VM_UP.search(line)
        if boot:
            phases["vm_boot"] = float(boot.group("seconds"))
    rc = proc.wait()
    if rc != 0:
        raise RuntimeError("%s (%s): lab_molecule.py exited %d:\n%s" % (scenario, mode, rc, "\n".join(tail)))
    phases["total"] = round(time.monotonic() - start, 2)
    phases["up"] = round(sum(phases.get(p, 0) for p in ("vm_boot", "create", "prepare", "converge")), 2)
    return phases


def lacks(scenario):
    """The kernel features the scenario needs that this kernel lacks (then it runs in the VM anyway)."""
    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    import lab_molecule  # pylint: disable=import-outside-toplevel
    needed = lab_molecule.lab_of(scenario).get("requires", [])
    return lab_molecule.L.missing_features(needed) if needed else []


def main(argv=None):
    parser = arguments(__doc__, 3, report_only=True)
    parser.add_argument("--scenarios", default="smoke_bgp")
    parser.add_argument("--modes", default="host,vm-cold,vm")
    args = parser.parse_args(argv)
    if reported_again(args, "lab_lifecycle", write_report):
        return
    need_root("lab_lifecycle", "lab namespaces")
    started = time.time()
    results = {"name": "lab_lifecycle", "baseline": "host", "machine": machine(),
               "method": " ".join(__doc__.split("\n\n")[1:3]).replace("\n", " "), "results": {}}
    for scenario in args.scenarios.split(","):
        for mode in args.modes.split(","):
            if mode == "host" and lacks(scenario):
                print("%s: this kernel lacks %s: no run on this kernel" % (scenario, ", ".join(lacks(scenario))))
                continue
            samples = {}
            for index in range(args.repeat):
                phases = one_run(scenario, mode)
                print("%s %s run %d/%d: up %.1f s, total %.1f s (%s)" % (
                    scenario, mode, index + 1, args.repeat, phases["up"], phases["total"],
                    ", ".join("%s %.1f" % (p, phases[p]) for p in PHASES if p in phases)), flush=True)
                for key, value in phases.items():
                    samples.setdefault(key, []).append(value)
            results["results"].setdefault(scenario, {})[mode] = {k: summary(v, "s") for k, v in samples.items()}
        host = results["results"][scenario].get("host") or results["results"][scenario].get("vm-cold")
        for mode, entry in results["results"][scenario].items():
            for key, value in entry.items():
                set_ratio(value, host.get(key, {}).get("median") if host else None)
    save_run(results, started, write_report)


def write_report(results):
    lines = ["# Lab lifecycle: time to create and converge a scenario's lab", "",
             measured(results), "",
             "Method: " + results["method"], "",
             "Seconds, median (min-max) of the runs; ratio = median / median on this kernel (or, for a scenario "
             "that needs the VM, in the VM with a cold python3 per module).", "",
             "| scenario | where | runs | up (boot+create+prepare+converge) | " + " | ".join(PHASES) + " | whole test |",
             "|---|---|---|---|" + "---|" * len(PHASES) + "---|"]
    for scenario, modes in results["results"].items():
        for mode, entry in modes.items():
            def cell(key):
                if key not in entry:
                    return "-"
                m = entry[key]
                ratio = m.get("ratio_to_baseline")
                return "%.1f (%.1f-%.1f)%s" % (m["median"], m["min"], m["max"],
                                               " x%.1f" % ratio if ratio and mode != "host" else "")
            where = WHERE[mode]
            lines.append("| %s | %s | %d | %s | %s | %s |" % (scenario, where, len(entry["total"]["samples"]),
                                                          cell("up"), " | ".join(cell(p) for p in PHASES),
                                                          cell("total")))
    save_markdown("lab_lifecycle", lines)
    write_plot(results)


@png("lab_lifecycle", dpi=100)
def write_plot(plt, results):
    fig, axis = plt.subplots(figsize=(7, 3.5))
    labels, bottoms = [], []
    rows = [(s, m, e) for s, modes in results["results"].items() for m, e in modes.items()]
    for index, (scenario, mode, entry) in enumerate(rows):
        labels.append("%s\n%s" % (scenario, WHERE[mode]))
        left = 0.0
        for phase in PHASES:
            if phase in entry:
                width = entry[phase]["median"]
                axis.barh(index, width, left=left, label=phase if index == 0 or phase == "vm_boot" else None)
                left += width
        bottoms.append(left)
    axis.set_yticks(range(len(rows)))
    axis.set_yticklabels(labels)
    axis.set_xlabel("seconds (median of each phase)")
    axis.set_title("Lab lifecycle by phase")
    handles, names = axis.get_legend_handles_labels()
    unique = dict(zip(names, handles))
    axis.legend(unique.values(), unique.keys(), fontsize=7, loc="lower right")
    return fig


if __name__ == "__main__":
    main()
