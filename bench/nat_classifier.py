# -*- coding: utf-8 -*-
"""Benchmark 1 of issue #8: the NAT classifier at eduroam scale, three backends side by side.

For client sets of 1k (/22), 64k (/16) and 1M (/12, the write-up's 10.16.0.0/12) mapped onto the
/26 pool by last octet, each backend of netdesign.resilience.snat_pool is measured in a fresh lab
node (a network namespace; nothing leaves it):

* build   - Python time to compute the plan and render what the kernel is given
* load    - time to apply it (snat.converge: nft -f / iptables-restore / ipset restore + switch)
* memory  - kernel memory it takes: Slab + vmalloc growth in /proc/meminfo around the load
            (kB, whole machine, so idle noise of a few hundred kB remains); for ipset also the
            sets' own "Size in memory"
* update  - moving one last-octet range (0-4) to another public address with the backend's own
            primitive: one nft element replaced, one u32 rule replaced, ~20k addresses moved
            between two ipsets (the write-up's "just move some IPs around")

Baseline for the ratios: iptables_u32, the write-up's form. Results: bench/results/nat_classifier.json
(raw samples, median/min/max, unit, ratio to the baseline of the same run), .md and .png.

    .venv/bin/python bench/nat_classifier.py [--repeat N] [--sizes 1k,64k,1M]
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "build", "collections"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from benchlib import arguments, machine, measured, method, need_root, png, reported_again, save_markdown, save_run, set_ratio, summary  # noqa: E402
from ansible_collections.netdesign.resilience.plugins.module_utils.lab import namespace as L
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.linux import snat as S

SIZES = {"1k": "10.16.0.0/22", "64k": "10.16.0.0/16", "1M": "10.16.0.0/12"}
POOL = "192.76.8.0/26"
BASELINE = "iptables_u32"
LAB = "benchnat"


def node_runner(netns):
    def run(argv, data=None):
        proc = subprocess.run(L.node_command(netns, argv), input=data, capture_output=True, text=True, check=False)
        return proc.returncode, proc.stdout, proc.stderr
    return run


def meminfo_kb():
    values = {}
    with open("/proc/meminfo") as handle:
        for line in handle:
            key, value = line.split(":")
            values[key] = int(value.split()[0])
    return values["Slab"] + values["VmallocUsed"]


def ipset_memory_kb(run):
    out = run(["ipset", "list", "-t"])[1]
    return sum(int(line.split(":")[1]) for line in out.splitlines() if line.startswith("Size in memory")) // 1024


def update_one_range(run, backend, state):
    """Move last octets 0-4 (the first row) to the pool's last address with the backend's primitive."""
    low, high, _public = state["rows"][0]
    target = state["rows"][-1][2]
    if backend == "nftables":
        script = ("delete element ip %s pool { 0.0.0.%d-0.0.0.%d }\n"
                  "add element ip %s pool { 0.0.0.%d-0.0.0.%d : %s }\n"
                  % (S.NFT_TABLE, low, high, S.NFT_TABLE, low, high, target))
        argv, data = ["nft", "-f", "-"], script
    elif backend == "iptables_u32":
        argv = ["iptables", "-t", "nat", "-R", S.CHAIN, "1", "-m", "u32", "--u32", "0xc&0xff=0x%x:0x%x" % (low, high),
                "-j", "SNAT", "--to-source", target]
        data = None
    else:
        first, last = S.set_name(state, 0), S.set_name(state, len(state["rows"]) - 1)
        moved = list(S.ipset_members(state, 0))
        data = "".join("del %s %s\nadd %s %s\n" % (first, m, last, m) for m in moved)
        argv = ["ipset", "restore"]
    start = time.perf_counter()
    rc, _out, err = run(argv, data)
    elapsed = time.perf_counter() - start
    if rc != 0:
        raise RuntimeError("%s update failed: %s" % (backend, err))
    return elapsed


def measure(backend, size, repeat):
    clients = SIZES[size]
    samples = {"build": [], "load": [], "memory": [], "update": []}
    extra = {}
    for index in range(repeat):
        L.destroy(LAB)
        L.create({"name": LAB, "nodes": {"nat": {"interfaces": {"eth1": {"addresses": ["198.51.100.1/24"]}}},
                                         "peer": {"interfaces": {"eth1": {"addresses": ["198.51.100.2/24"]}}}},
                  "links": [["nat:eth1", "peer:eth1"]]})
        run = node_runner(L.netns_name(LAB, "nat"))
        start = time.perf_counter()
        state = S.desired(clients, POOL, backend, "eth1")
        if backend == "nftables":
            S.nft_render(state)
        elif backend == "iptables_u32":
            S.ipt_render(state)
        else:
            S.ipset_render(state)
            S.ipt_render(state)
        samples["build"].append(time.perf_counter() - start)
        before = meminfo_kb()
        start = time.perf_counter()
        result = S.converge(run, state)
        samples["load"].append(time.perf_counter() - start)
        time.sleep(0.5)
        samples["memory"].append(max(0, meminfo_kb() - before))
        assert result["changed"] and S.in_sync(state, S.current(run, backend)), (backend, size)
        if backend == "ipset":
            extra.setdefault("ipset_size_in_memory_kb", []).append(ipset_memory_kb(run))
        samples["update"].append(update_one_range(run, backend, state))
        print("  %-12s %-4s run %d/%d: load %.3f s, update %.4f s, memory %+d kB" % (
            backend, size, index + 1, repeat, samples["load"][-1], samples["update"][-1], samples["memory"][-1]),
            flush=True)
    L.destroy(LAB)
    return samples, extra



def main(argv=None):
    args = arguments(__doc__, 5, report_only=True, sizes="1k,64k,1M").parse_args(argv)
    if reported_again(args, "nat_classifier", write_markdown, write_plot):
        return
    need_root("nat_classifier", "lab namespaces")
    sizes = args.sizes
    units = {"build": "s", "load": "s", "memory": "kB", "update": "s"}
    results = {"name": "nat_classifier", "pool": POOL, "sizes": {s: SIZES[s] for s in sizes}, "baseline": BASELINE, "machine": machine(),
               "method": method(__doc__, "\n"),
               "results": {}}
    started = time.time()
    for size in sizes:
        for backend in S.BACKENDS:
            repeat = args.repeat if not (backend == "ipset" and size == "1M") else max(3, args.repeat // 2)
            print("%s, %s clients (%s), %d runs" % (backend, size, SIZES[size], repeat), flush=True)
            samples, extra = measure(backend, size, repeat)
            entry = {metric: summary(values, units[metric]) for metric, values in samples.items()}
            for key, values in extra.items():
                entry[key] = summary(values, "kB")
            results["results"].setdefault(size, {})[backend] = entry
        for backend in S.BACKENDS:
            entry = results["results"][size][backend]
            for metric in units:
                set_ratio(entry[metric], results["results"][size][BASELINE][metric]["median"])
    save_run(results, started, write_markdown, write_plot)


def ordered(results):
    """Sizes smallest first (the JSON keeps them sorted by name)."""
    return [size for size in SIZES if size in results["results"]]


def write_markdown(results):
    lines = ["# NAT classifier: nftables map vs iptables u32 vs ipset", "",
             measured(results), "",
             "Method:", "", results["method"], "",
             "Medians (min-max); ratio = median / median of %s (the write-up's form) in the same run." % BASELINE, ""]
    for metric, label in (("load", "load time (s)"), ("update", "update one octet range (s)"),
                          ("memory", "kernel memory growth (kB)"), ("build", "plan + render in Python (s)")):
        lines += ["## %s" % label, "", "| clients | " + " | ".join(S.BACKENDS) + " |",
                  "|---|" + "---|" * len(S.BACKENDS)]
        for size in ordered(results):
            by_backend = results["results"][size]
            cells = []
            for backend in S.BACKENDS:
                m = by_backend[backend][metric]
                ratio = m.get("ratio_to_baseline")
                suffix = "" if ratio is None else " x%.3g" % ratio
                cells.append("%.4g (%.4g-%.4g)%s" % (m["median"], m["min"], m["max"], suffix))
            lines.append("| %s (%s) | %s |" % (size, results["sizes"][size], " | ".join(cells)))
        lines.append("")
    ipset = [(size, results["results"][size]["ipset"].get("ipset_size_in_memory_kb")) for size in ordered(results)]
    lines += ["ipset's own `Size in memory` (sum over the 62 sets): " + ", ".join(
        "%s: %d kB" % (size, m["median"]) for size, m in ipset if m)]
    save_markdown("nat_classifier", lines)


@png("nat_classifier", dpi=90)
def write_plot(plt, results):
    sizes = ordered(results)
    counts = {"1k": 1022, "64k": 65534, "1M": 1048574}
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.5))
    for axis, (metric, label) in zip(axes, (("load", "load time (s)"), ("update", "update one octet range (s)"),
                                            ("memory", "kernel memory growth (kB; 0 drawn at 1)"))):
        for backend in S.BACKENDS:
            xs = [counts[s] for s in sizes]
            floor = 1.0 if metric == "memory" else 1e-6  # 0 kB (below the noise) is drawn at 1 kB
            ys = [max(results["results"][s][backend][metric]["median"], floor) for s in sizes]
            lows = [max(0, ys[i] - results["results"][s][backend][metric]["min"]) for i, s in enumerate(sizes)]
            highs = [max(0, results["results"][s][backend][metric]["max"] - ys[i]) for i, s in enumerate(sizes)]
            lows = [min(low, y - floor) for low, y in zip(lows, ys)]
            axis.errorbar(xs, ys, yerr=[lows, highs], marker="o", capsize=3, label=backend)
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_xlabel("client addresses")
        axis.set_title(label)
        axis.grid(True, which="both", alpha=0.3)
        axis.legend()
    fig.suptitle("SNAT by last octet onto a /26: median, min-max (bench/nat_classifier.py)")
    return fig


if __name__ == "__main__":
    main()
