# -*- coding: utf-8 -*-
"""Issue #21: the main job itself (``ansible-playbook site.yml``) on generated inventories, as a user runs it.

For each size N an inventory of N 6to4 sites (one IOS host per site, four /64 LANs each, the first the
route reflector; the same intent as bench/render_scale.py) is written beside the example inventory's
``ios`` settings, and the repository's ``site.yml`` (the collection's ``netdesign.resilience.site``, as
installed from the tarball) runs on it with its outputs in a scratch folder: plans, design checks, and
every host's ``.ios`` file rendered with cisco.ios's resource modules (state rendered). No lab: the
example's lab is ``make site``'s business, not this playbook's. Measured per run: wall time, the peak
RSS of the whole process tree (``ru_maxrss`` of the children: the largest single process), the console
output's size and what landed under the output folder. Every run must succeed and write one ``.ios`` and
one plan per site, or the benchmark stops.

    .venv/bin/python bench/site_scale.py [--sizes example,10,100] [--repeat 3]

``example`` is the example inventory itself (``inventories/example``); ``vrrp<N>`` is N wan_backup_vrrp
branches, each its own intent (host variables), so N plans. The issue's targets (1,000 sites
within 120 s, growth per decade at most 12x, the example within 15 s) are printed beside the results;
nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402  pylint: disable=wrong-import-position
from render_scale import intent  # noqa: E402  pylint: disable=wrong-import-position  (one generator of sites)

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
PLAYBOOK = os.path.join(ROOT, ".venv", "bin", "ansible-playbook")
EXAMPLE = os.path.join(ROOT, "inventories", "example")
MEASURED = ("import resource, subprocess, sys\n"
            "rc = subprocess.run(sys.argv[1:], check=False).returncode\n"
            "sys.stderr.write('maxrss_kb=%d\\n' % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
            "sys.exit(rc)\n")


def write_inventory(directory, count):
    """An inventory of ``count`` 6to4 sites (IOS hosts) in ``directory``; returns its hosts file."""
    variables = intent(count)
    variables["sixto4_bgp_tunnel_interface"] = "Tunnel2002"
    for site in variables["sixto4_bgp_sites"]:
        site["tunnel_source"] = "Serial1/0"
    os.makedirs(os.path.join(directory, "group_vars"))
    shutil.copy(os.path.join(EXAMPLE, "group_vars", "ios.yml"), os.path.join(directory, "group_vars", "ios.yml"))
    with open(os.path.join(directory, "group_vars", "sixto4_bgp.json"), "w") as handle:
        json.dump(variables, handle)
    hosts = {"all": {"children": {"ios": {"children": {"sixto4_bgp": {
        "hosts": {s["name"]: None for s in variables["sixto4_bgp_sites"]}}}}}}}
    with open(os.path.join(directory, "hosts.yml"), "w") as handle:
        yaml.safe_dump(hosts, handle)
    return os.path.join(directory, "hosts.yml")


def write_branches(directory, count):
    """An inventory of ``count`` wan_backup_vrrp branches: one IOS main router per branch with its own intent
    (host variables: its LAN 10.<n/256>.<n%256>.0/24, virtual address .1, its own address .2, the backup
    device ``netgate-<n>`` outside the inventory), so the main job plans ``count`` distinct intents."""
    os.makedirs(os.path.join(directory, "group_vars"))
    shutil.copy(os.path.join(EXAMPLE, "group_vars", "ios.yml"), os.path.join(directory, "group_vars", "ios.yml"))
    hosts = {}
    for index in range(count):
        name, lan = "branch%04d" % index, "10.%d.%d" % (index // 256, index % 256)
        hosts[name] = {
            "wan_backup_vrrp_group": 1, "wan_backup_vrrp_interface": "FastEthernet0/0",
            "wan_backup_vrrp_description": "LAN", "wan_backup_vrrp_virtual_ip": lan + ".1",
            "wan_backup_vrrp_address": lan + ".2/24",
            "wan_backup_vrrp_main": {"name": name, "priority": 110, "preempt_delay": 60,
                                     "track": [{"object": 1, "interface": "Multilink1", "decrement": 100}]},
            "wan_backup_vrrp_backup": {"name": "netgate%04d" % index, "priority_min": 50, "priority_max": 75}}
    with open(os.path.join(directory, "hosts.yml"), "w") as handle:
        yaml.safe_dump({"all": {"children": {"ios": {"children": {"wan_backup_vrrp": {"hosts": hosts}}}}}}, handle)
    return os.path.join(directory, "hosts.yml")


def folder_size(path):
    total = 0
    for base, _dirs, files in os.walk(path):
        total += sum(os.path.getsize(os.path.join(base, name)) for name in files)
    return total


def run_site(inventory, out):
    """``ansible-playbook site.yml`` with plans in ``out``/plans; returns its measurements."""
    plans = os.path.join(out, "plans")
    os.makedirs(plans)
    env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"))
    argv = [PLAYBOOK, "-i", inventory, os.path.join(ROOT, "site.yml"), "-e", "netdesign_output_dir=%s" % plans]
    started = time.perf_counter()
    # through a fresh Python whose children are only this run: its RUSAGE_CHILDREN peak is this run's
    proc = subprocess.run([sys.executable, "-c", MEASURED] + argv, cwd=ROOT, env=env, capture_output=True, text=True,
                          check=False)
    elapsed = time.perf_counter() - started
    peak = int(proc.stderr.strip().splitlines()[-1].split("=")[1]) if "maxrss_kb=" in proc.stderr else 0
    if proc.returncode != 0:
        raise SystemExit("site_scale: site.yml failed (rc %d) on %s:\n%s" % (
            proc.returncode, inventory, "\n".join(proc.stdout.splitlines()[-30:]) + proc.stderr[-2000:]))
    configs = os.path.join(out, "configs")
    return {"seconds": elapsed, "peak_rss_mb": peak / 1024.0,
            "console_bytes": len(proc.stdout.encode()) + len(proc.stderr.encode()),
            "output_bytes": folder_size(out), "plans": len(os.listdir(plans)),
            "configs": len(os.listdir(configs)) if os.path.isdir(configs) else 0}


def measure(size, repeat):
    work = tempfile.mkdtemp(prefix="netdesign-site-scale-")
    try:
        if size == "example":
            inventory, hosts = EXAMPLE, None
        elif size.startswith("vrrp"):
            inventory, hosts = write_branches(os.path.join(work, "inventory"), int(size[4:])), int(size[4:])
        else:
            inventory, hosts = write_inventory(os.path.join(work, "inventory"), int(size)), int(size)
        runs = []
        for index in range(repeat):
            out = os.path.join(work, "out%d" % index)
            run = run_site(inventory, out)
            if hosts is not None and (run["plans"], run["configs"]) != (hosts, hosts):
                raise SystemExit("site_scale: %s sites gave %d plans and %d .ios files" % (size, run["plans"],
                                                                                          run["configs"]))
            print("site_scale: %s: run %d/%d: %.1f s, peak RSS %.0f MB, console %d KB, output %d KB" % (
                size, index + 1, repeat, run["seconds"], run["peak_rss_mb"], run["console_bytes"] // 1024,
                run["output_bytes"] // 1024), flush=True)
            runs.append(run)
            shutil.rmtree(out)
        return {"size": size, "runs": runs,
                "seconds": benchlib.summary([r["seconds"] for r in runs], "s"),
                "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
                "console_bytes": runs[-1]["console_bytes"], "output_bytes": runs[-1]["output_bytes"]}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="example,10,100,1000,vrrp1000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    sizes = args.sizes.split(",")
    results = {"command": "bench/site_scale.py --sizes %s --repeat %d" % (args.sizes, args.repeat),
               "date": time.strftime("%Y-%m-%d %H:%M", time.gmtime()),
               "load_before": os.getloadavg()[0], "cpus": os.cpu_count(), "sizes": []}
    for size in sizes:
        results["sizes"].append(measure(size, args.repeat))
    # the network-overlap check alone at 5,000 sites x 4 networks (bench/overlap_scale.py has every size)
    import overlap_scale   # pylint: disable=import-outside-toplevel  (it puts build/collections on the path)
    row = overlap_scale.row_for(5000)
    results["overlap_5000"] = {"check_s": row["check"]["median"], "sweep_s": row["sweep"]["median"],
                               "networks": row["networks"], "findings": row["findings"]}
    print("site_scale: overlap check at 5,000 sites: whole design_check %.2f s, the sweep %.3f s" % (
        row["check"]["median"], row["sweep"]["median"]), flush=True)
    benchlib.save_json("site_scale", results)
    write_markdown(results)
    return 0


def write_markdown(results):
    lines = ["# The main job at scale (issue #21)", "",
             "`%s` on %s (UTC), %d CPUs, load average %.1f when it started. Wall time of `ansible-playbook "
             "site.yml` (the real main job: plans, checks, IOS files rendered by cisco.ios), median of the runs; "
             "peak RSS is the largest single process." % (results["command"], results["date"], results["cpus"],
                                                          results["load_before"]), "",
             "| inventory | runs | median s | min s | max s | growth vs previous | peak RSS MB | console KB | output KB |",
             "|---|---|---|---|---|---|---|---|---|"]
    previous = None
    for entry in results["sizes"]:
        seconds = entry["seconds"]
        growth = ""
        if previous is not None and entry["size"].isdigit() and previous["size"].isdigit():
            growth = "%.1fx for %dx the sites" % (seconds["median"] / previous["seconds"]["median"],
                                                   int(entry["size"]) // int(previous["size"]))
        lines.append("| %s | %d | %.1f | %.1f | %.1f | %s | %.0f | %d | %d |" % (
            "example inventory" if entry["size"] == "example" else "%s wan_backup_vrrp branches" % entry["size"][4:]
            if entry["size"].startswith("vrrp") else "%s 6to4 sites" % entry["size"],
            len(entry["runs"]), seconds["median"], seconds["min"], seconds["max"], growth, entry["peak_rss_mb"],
            entry["console_bytes"] // 1024, entry["output_bytes"] // 1024))
        if entry["size"].isdigit():
            previous = entry
    overlap = results.get("overlap_5000")
    if overlap:
        lines += ["", "The network-overlap check at 5,000 sites x 4 networks (%d networks, %d findings), median of 3: "
                  "the whole sixto4_bgp design_check %.2f s, the overlap sweep alone %.3f s "
                  "(bench/overlap_scale.py: every size, and the pairwise comparison it replaced)." % (
                      overlap["networks"], overlap["findings"], overlap["check_s"], overlap["sweep_s"])]
    lines += ["", "Targets of #21 on this 2-core machine: the example within 15 s, 1,000 sites within 120 s, at most "
              "12x per decade of sites."]
    benchlib.save_markdown("site_scale", lines)


if __name__ == "__main__":
    raise SystemExit(main())
