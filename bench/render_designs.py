# -*- coding: utf-8 -*-
"""Benchmark 2b of issue #8: plan + render cost of the other routing designs at realistic sizes.

render_scale.py times the whole Ansible run for sixto4_bgp, the design whose size grows with the
network (one site per CE). The others are per router or per branch; this times, in-process, what the
collection computes for them - the plan (design_plan) and every file of it (render_all: the .ios files, cisco.ios's parts by cisco.ios's modules in-process, and the
Linux FRR/keepalived/ifupdown2 texts) - from the example inventory's intent (the write-up's size) scaled up:

* vrf_static_tracking - one router with k pairs of zones, each pair the write-up's 8 linknets and 4
                        routes (k = 1 is the write-up: 8 linknets, tracks 1-5)
* anycast_rp          - n RP routers ranked /120, /119, ..., the write-up's segments, OSPFv3 as the IGP
                        (FRR has no EIGRP) (n = 2 is the write-up)
* wan_backup_vrrp     - b branches, each its own plan (main router + backup device), as an inventory
                        of branches renders them (b = 1 is the write-up)

Each size is timed --repeat times (median, min, max); baseline for the ratios: the write-up's size of
the same design, so the ratio shows the growth. No Ansible start is included (render_scale.py shows that
it dominates small runs).

    .venv/bin/python bench/render_designs.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import copy
import ipaddress
import os
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "build", "collections"))
sys.path.insert(0, os.path.join(ROOT, "tests", "unit"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from benchlib import save_json, save_markdown, summary  # noqa: E402
from example_inventory import example_intent  # noqa: E402
from ansible_collections.netdesign.resilience.plugins.module_utils.core import design as D
from ansible_collections.netdesign.resilience.plugins.module_utils.core import render
from ansible_collections.netdesign.resilience.plugins.plugin_utils.cisco_ios import Renderer  # noqa: E402

SIZES = {"vrf_static_tracking": (1, 8, 32), "anycast_rp": (2, 4, 8), "wan_backup_vrrp": (1, 100, 1000)}
UNITS = {"vrf_static_tracking": "zone pairs (8 linknets, 4 routes each)", "anycast_rp": "RP routers",
         "wan_backup_vrrp": "branches"}


def _shift(address, offset):
    """An IPv4 address (or interface) moved by whole /12s, so each zone pair gets its own space."""
    if "/" in address:
        iface = ipaddress.ip_interface(address)
        return "%s/%d" % (iface.ip + (offset << 20), iface.network.prefixlen)
    return str(ipaddress.ip_address(address) + (offset << 20))


def vrf_intent(pairs):
    base = example_intent("vrf_static_tracking")
    intent = copy.deepcopy(base)
    intent.pop("tracks", None)
    intent["vrfs"], intent["interfaces"], intent["routes"] = [], [], []
    for pair in range(pairs):
        names = {vrf: "%s%d" % (vrf, pair) if pair else vrf for vrf in base["vrfs"]}
        intent["vrfs"] += list(names.values())
        for iface in base["interfaces"]:
            copied = dict(iface, vrf=names[iface["vrf"]], address=_shift(iface["address"], pair))
            if pair:   # a sub-interface per pair, its 802.1Q VLAN the pair's number
                copied.update(name="%s.%d" % (iface["name"], pair), vlan=pair)
            intent["interfaces"].append(copied)
        for route in base["routes"]:
            prefix = route["prefix"] if route["prefix"] == "0.0.0.0/0" else str(
                ipaddress.ip_network(route["prefix"]).network_address + (pair << 20)) + "/" + route["prefix"].split("/")[1]
            intent["routes"].append(dict(route, vrf=names[route["vrf"]], prefix=prefix,
                                         active=_shift(route["active"], pair), standby=_shift(route["standby"], pair)))
    return intent


def anycast_intent(routers):
    intent = copy.deepcopy(example_intent("anycast_rp"))
    intent["rp_routers"] = ["c%d" % (i + 1) for i in range(routers)]
    intent["igp"] = {"protocol": "ospfv3", "loopback_network_type": "point-to-point"}  # FRR has no EIGRP
    return intent


def measure(design, size, repeat):
    samples = []
    files = 0
    for _run in range(repeat):
        started = time.perf_counter()
        with Renderer() as rendered:   # the .ios files with cisco.ios's parts, as render_configs writes them
            out = render_design(design, size, rendered)
        samples.append(time.perf_counter() - started)
        files = len(out)
    return samples, files


def render_design(design, size, rendered):
    if design == "vrf_static_tracking":
        return render.render_all(D.plan(design, vrf_intent(size)), hosts=["lin-router"], rendered=rendered)
    if design == "anycast_rp":
        plan = D.plan(design, anycast_intent(size))
        return render.render_all(plan, hosts=plan["failover_order"], rendered=rendered,
                                 options={h: {"router_id": "10.255.0.%d" % (i + 1)}
                                          for i, h in enumerate(plan["failover_order"])})
    out = {}
    intent = example_intent(design)
    for branch in range(size):
        branch_intent = dict(intent, main=dict(intent["main"], name="main%04d" % branch),
                             backup=dict(intent["backup"], name="backup%04d" % branch))
        out.update(render.render_all(D.plan(design, branch_intent), rendered=rendered))
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    started = time.time()
    results = {"name": "render_designs", "baseline": "the write-up's size", "machine": {"cpus": os.cpu_count()},
               "method": " ".join(__doc__.split("\n\n")[1:3]).replace("\n", " "), "results": {}}
    lines = []
    for design, sizes in SIZES.items():
        for size in sizes:
            samples, files = measure(design, size, args.repeat)
            entry = dict(summary(samples, "s"), files=files)
            results["results"].setdefault(design, {})[str(size)] = entry
        base = results["results"][design][str(sizes[0])]["median"]
        for size in sizes:
            entry = results["results"][design][str(size)]
            entry["ratio_to_baseline"] = entry["median"] / base
            lines.append("| %s | %d %s | %d | %.4f s (%.4f-%.4f) | x%.1f |" % (
                design, size, UNITS[design], entry["files"], entry["median"], entry["min"], entry["max"],
                entry["ratio_to_baseline"]))
            print(lines[-1], flush=True)
    results["duration_s"] = round(time.time() - started, 1)
    save_json("render_designs", results)
    save_markdown("render_designs", [
        "# Plan + render of the other designs at realistic sizes", "",
        "Measured by `bench/render_designs.py` on %d CPUs in %.0f s, %d runs per size." % (
            os.cpu_count(), results["duration_s"], args.repeat), "",
        "Method: " + results["method"], "",
        "| design | size | files | plan + render, median (min-max) | ratio to the write-up's size |",
        "|---|---|---|---|---|"] + lines)
    print("wrote bench/results/render_designs.{json,md}")


if __name__ == "__main__":
    main()
