#!/usr/bin/env python3
"""design_check of sixto4_bgp at scale: the network-overlap check and the whole check, by site count.

Issue #21: comparing every pair of networks took 93 s at 5,000 sites x 4 networks (the plan: 0.3 s). The
check now sweeps the sorted prefixes (sixto4_bgp.overlapping_pairs). This measures, on generated intents of
N sites with 4 /64s each (bench/render_scale.py's generator) plus one overlapping /48 so there is a
finding to find: the whole D.check (schema, plan, every finding), the overlap sweep alone, and the old
pairwise comparison (up to 2,000 sites, beyond which it takes minutes), 3 runs each, median.

    .venv/bin/python bench/overlap_scale.py [--note TEXT]    # writes bench/results/overlap_scale.{json,md}
"""
from __future__ import annotations

import os
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "build", "collections"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from benchlib import save_json, save_markdown, summary  # noqa: E402
from render_scale import intent  # noqa: E402
from ansible_collections.netdesign.resilience.plugins.module_utils.core import design as D
from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I
from ansible_collections.netdesign.resilience.plugins.module_utils.designs.sixto4_bgp import plan as S

COUNTS = (100, 1000, 2000, 5000)
PAIRWISE_UP_TO = 2000
RUNS = 3


def pairwise(nets):
    """The comparison of every pair the check used before."""
    return [(i, j) for i in range(len(nets)) for j in range(i + 1, len(nets)) if nets[i] in nets[j] or nets[j] in nets[i]]


def timed(func, *args):
    samples, result = [], None
    for _run in range(RUNS):
        start = time.perf_counter()
        result = func(*args)
        samples.append(time.perf_counter() - start)
    return summary(samples, "s"), result


def row_for(count):
    """The measurements at ``count`` sites (bench/site_scale.py reports the 5,000-site row beside the main job)."""
    variables = intent(count)
    variables["sixto4_bgp_sites"][-1]["networks"].append("2001:db8::/48")   # holds site0000's /64s
    data = D.intent_from_vars(variables, "sixto4_bgp")
    check, findings = timed(D.check, "sixto4_bgp", data)
    nets = [I.netaddr.IPNetwork(n) for s in data["sites"] for n in s["networks"]]
    sweep, pairs = timed(S.overlapping_pairs, nets)
    row = {"sites": count, "networks": len(nets), "check": check, "sweep": sweep,
           "findings": len([f for f in findings if f["code"] == "network-overlap"])}
    if count <= PAIRWISE_UP_TO:
        old, old_pairs = timed(pairwise, nets)
        assert old_pairs == pairs, "the sweep and the pairwise comparison disagree"
        row["pairwise"] = old
    return row


def main(argv):
    note = argv[argv.index("--note") + 1] if "--note" in argv else ""
    rows = []
    for count in COUNTS:
        row = row_for(count)
        rows.append(row)
        print("%5d sites: check %.2f s, sweep %.3f s%s, %d overlap findings" % (
            count, row["check"]["median"], row["sweep"]["median"],
            ", pairwise %.1f s" % row["pairwise"]["median"] if "pairwise" in row else "", row["findings"]))
    save_json("overlap_scale", {"rows": rows, "runs": RUNS, "machine": os.uname().nodename,
                                "cpus": os.cpu_count()})
    lines = ["# sixto4_bgp design_check at scale (network-overlap)", "",
             "`.venv/bin/python bench/overlap_scale.py`, %d runs each, median seconds, on a %d-core machine. "
             "N sites of 4 /64s plus one /48 over site0000's (so the check has findings)." % (RUNS, os.cpu_count()),
             "", note, "", "| sites | networks | whole design_check | overlap sweep | every pair compared (before) | findings |",
             "|---|---|---|---|---|---|"]
    for row in rows:
        lines.append("| %d | %d | %.2f | %.3f | %s | %d |" % (
            row["sites"], row["networks"], row["check"]["median"], row["sweep"]["median"],
            "%.1f" % row["pairwise"]["median"] if "pairwise" in row else "not run (minutes)", row["findings"]))
    save_markdown("overlap_scale", lines)


if __name__ == "__main__":
    main(sys.argv[1:])
