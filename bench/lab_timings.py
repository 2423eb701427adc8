# -*- coding: utf-8 -*-
"""Benchmark 3 of issue #8: failover timings, collected from the lab scenarios' own measurements.

Each Molecule scenario measures its design's failover in its verify step, right after injecting the
fault with ``lab_fault`` (which polls the watched state every 0.02-0.1 s from the moment of the fault),
and keeps the numbers in ``build/lab-results/<scenario>.json``. This collects every run found there
(``--runs N`` first runs the host-kernel scenarios N more times: wan_backup_vrrp) into
``bench/results/lab_timings.json`` (samples, median, min, max, unit; the ratio is to the design's own
configured delay where it has one) and a markdown table.

* vrf_static_tracking - outside active linknet down -> inside AND outside routes on the standby path;
                        back; the same with the fast option (carrier tracking, no delays)
* wan_backup_vrrp     - WAN down -> backup device holds the gateway; WAN back -> main router again
                        (after the preempt delay)
* anycast_rp          - primary RP loopback down -> distribution router routes the RP to the secondary;
                        back (FRR 8.4, multicast over the IPv4 twin)
* anycast_rp_ipv6     - the same with IPv6 multicast through pim6d (routers on FRR 10, the debian13 image)
* nat_gateway         - (bench/nat_failover.py measures it with and without conntrackd)

Scenarios in the emulated VM (vrf_static_tracking, anycast_rp) run their checks slower than hardware;
each row says where it ran.

    .venv/bin/python bench/lab_timings.py [--runs N]
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import statistics
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from benchlib import save_json, save_markdown  # noqa: E402

LAB_RESULTS = os.path.join(ROOT, "build", "lab-results")
HISTORY = os.path.join(LAB_RESULTS, "history")

# scenario -> [(metric key in its json, label, configured delay in s or None)]
METRICS = {
    "vrf_static_tracking": [("switch_seconds", "active linknet down -> all routes on the standby path", 4),
                            ("recovery_seconds", "linknet back -> active path", 4),
                            ("fast_switch_seconds", "fast option: linknet down -> standby path", None),
                            ("fast_recovery_seconds", "fast option: linknet back -> active path", None)],
    "wan_backup_vrrp": [("takeover_seconds", "WAN down -> backup device holds the gateway", None),
                        ("return_seconds", "WAN back -> main router holds it again", 60)],
    "anycast_rp": [("failover_seconds", "primary RP loopback down -> RP routed to the secondary", None),
                   ("restore_seconds", "primary back -> RP routed to the primary", None),
                   ("multicast_after_failover_seconds", "primary RP loopback down -> multicast flows again (via c2)",
                    None),
                   ("multicast_after_restore_seconds", "primary back -> multicast flows again (via c1)", None)],
    # the same design over IPv6 itself: pim6d on FRR 10 (routers on the debian13 lab image), beside the IPv4 twin
    "anycast_rp_ipv6": [("failover_seconds", "primary RP loopback down -> RP routed to the secondary (FRR 10)", None),
                        ("restore_seconds", "primary back -> RP routed to the primary (FRR 10)", None),
                        ("multicast_after_failover_seconds",
                         "primary RP loopback down -> IPv6 multicast flows again via c2 (pim6d, FRR 10)", None),
                        ("multicast_after_restore_seconds",
                         "primary back -> IPv6 multicast flows again via c1 (pim6d, FRR 10)", None)],
}
WHERE = {"vrf_static_tracking": "VM (TCG)", "anycast_rp": "VM (TCG)", "anycast_rp_ipv6": "VM (TCG)",
         "wan_backup_vrrp": "host kernel"}


def keep_history():
    """Copy each scenario's latest result into build/lab-results/history/ (one file per run)."""
    os.makedirs(HISTORY, exist_ok=True)
    for path in glob.glob(os.path.join(LAB_RESULTS, "*.json")):
        with open(path) as handle:
            text = handle.read()
        name = os.path.basename(path)[:-5]
        stamp = str(int(os.stat(path).st_mtime))
        target = os.path.join(HISTORY, "%s.%s.json" % (name, stamp))
        if not os.path.exists(target):
            with open(target, "w") as handle:
                handle.write(text)


def collect():
    samples = {}
    for path in sorted(glob.glob(os.path.join(HISTORY, "*.json"))):
        with open(path) as handle:
            data = json.load(handle)
        scenario = data.get("scenario")
        for key, _label, _delay in METRICS.get(scenario, []):
            if data.get(key) is not None:
                samples.setdefault(scenario, {}).setdefault(key, []).append(float(data[key]))
    return samples


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--runs", type=int, default=0, help="run the host-kernel scenarios this many more times")
    parser.add_argument("--note", default="", help="a line saying which runs these are (written under the table)")
    args = parser.parse_args(argv)
    keep_history()
    for _run in range(args.runs):
        subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "lab_molecule.py"), "wan_backup_vrrp"],
                       cwd=ROOT, check=True)
        keep_history()
    samples = collect()
    results = {"name": "lab_timings", "method": __doc__.split("\n\n")[1].strip(), "results": {}}
    lines = ["# Failover timings from the lab scenarios", "", results["method"], "",
             "| scenario | where | what | runs | median | min | max | configured delay |",
             "|---|---|---|---|---|---|---|---|"]
    for scenario, metrics in METRICS.items():
        for key, label, delay in metrics:
            values = samples.get(scenario, {}).get(key)
            if not values:
                continue
            entry = {"label": label, "samples": values, "median": statistics.median(values), "min": min(values),
                     "max": max(values), "unit": "s", "where": WHERE[scenario],
                     "ratio_to_baseline": (statistics.median(values) / delay) if delay else None,
                     "baseline": "configured delay %d s" % delay if delay else None}
            results["results"].setdefault(scenario, {})[key] = entry
            lines.append("| %s | %s | %s | %d | %.2f s | %.2f s | %.2f s | %s |" % (
                scenario, WHERE[scenario], label, len(values), entry["median"], entry["min"], entry["max"],
                "%d s" % delay if delay else "-"))
    if args.note:
        results["note"] = args.note
        lines += ["", args.note]
    save_json("lab_timings", results)
    save_markdown("lab_timings", lines)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
