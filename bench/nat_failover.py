# -*- coding: utf-8 -*-
"""Benchmark 3 of issue #8 (NAT part): failover of the NAT gateway pair with and without conntrackd.

Method: a lab on this kernel (veth links instead of bonds: bonding does not change this) with a
client, an inside router preferring nat1 over nat2 (metric 10/20, routes over a dead link ignored),
nat1 and nat2 (SNAT by last octet with the snat module, the collection's own code), an outside
router preferring nat1 the same way, and a server. The client opens one TCP connection and one end
talks (a numbered line every 50 ms, echoed by the other end): the client (upload-like) or the
server (download-like, a server push); 2 s in, nat1 is stopped (every link down, every process
killed). Measured per run: whether the connection survived, the longest gap between two echoes,
and the source address the server saw. Modes: `conntrackd` (the role's conntrackd.conf, rendered
from roles/nat_gateway/templates, FTFW over a sync link, external cache off) and `none`.

    .venv/bin/python bench/nat_failover.py [--repeat N]

Writes bench/results/nat_failover.{json,md}. Baseline for ratios: `none`.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import threading
import time

import jinja2

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "build", "collections"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from benchlib import arguments, machine, measured, need_root, save_markdown, save_run, set_ratio  # noqa: E402
from ansible_collections.netdesign.resilience.plugins.module_utils.lab import namespace as L
from ansible_collections.netdesign.resilience.plugins.module_utils.lab import flows as F
from ansible_collections.netdesign.resilience.plugins.module_utils.designs.nat_gateway import plan as N
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.linux import snat as S

LAB = "benchfo"
TEMPLATE = os.path.join(ROOT, "roles", "nat_gateway", "templates", "conntrackd.conf.j2")
SESSION_S, STOP_AT_S, INTERVAL_S = 6.0, 2.0, 0.05

BOX = {
    "nat1": {"mgmt": "10.2.2.1/24", "inside": "192.76.34.93/30", "outside": "163.1.120.1/30",
             "in_hop": "192.76.34.94", "out_hop": "163.1.120.2", "peer": "10.2.2.2"},
    "nat2": {"mgmt": "10.2.2.2/24", "inside": "192.76.34.97/30", "outside": "163.1.120.5/30",
             "in_hop": "192.76.34.98", "out_hop": "163.1.120.6", "peer": "10.2.2.1"},
}


def topology():
    nodes = {
        "c1": {"interfaces": {"eth0": {"addresses": ["10.16.1.1/12"]}}, "routes": [{"to": "default", "via": "10.16.0.1"}]},
        "rin": {"interfaces": {"eth0": {"addresses": ["10.16.0.1/12"]}, "eth1": {"addresses": ["192.76.34.94/30"]},
                               "eth2": {"addresses": ["192.76.34.98/30"]}},
                "sysctls": {"net.ipv4.ip_forward": 1, "net.ipv4.conf.all.ignore_routes_with_linkdown": 1},
                "routes": [{"to": "default", "via": "192.76.34.93", "metric": 10},
                           {"to": "default", "via": "192.76.34.97", "metric": 20}]},
        "rout": {"interfaces": {"eth0": {"addresses": ["203.0.113.1/24"]}, "eth1": {"addresses": ["163.1.120.2/30"]},
                                "eth2": {"addresses": ["163.1.120.6/30"]}},
                 "sysctls": {"net.ipv4.ip_forward": 1, "net.ipv4.conf.all.ignore_routes_with_linkdown": 1},
                 "routes": [{"to": "192.76.8.0/26", "via": "163.1.120.1", "metric": 10},
                            {"to": "192.76.8.0/26", "via": "163.1.120.5", "metric": 20}]},
        "srv": {"interfaces": {"eth0": {"addresses": ["203.0.113.10/24"]}},
                "routes": [{"to": "default", "via": "203.0.113.1"}]},
    }
    for name, box in BOX.items():
        nodes[name] = {"interfaces": {"eth0": {"addresses": [box["mgmt"]]}, "eth5": {"addresses": [box["inside"]]},
                                      "eth4": {"addresses": [box["outside"]]}},
                       "sysctls": {"net.ipv4.conf.eth5.forwarding": 1, "net.ipv4.conf.eth4.forwarding": 1},
                       "routes": [{"to": "10.16.0.0/12", "via": box["in_hop"]},
                                  {"to": "default", "via": box["out_hop"]}]}
    links = [["c1:eth0", "rin:eth0"], ["rin:eth1", "nat1:eth5"], ["rin:eth2", "nat2:eth5"],
             ["nat1:eth4", "rout:eth1"], ["nat2:eth4", "rout:eth2"], ["rout:eth0", "srv:eth0"],
             ["nat1:eth0", "nat2:eth0"]]
    return {"name": LAB, "nodes": nodes, "links": links}


def node_run(node, argv, data=None):
    proc = subprocess.run(L.node_command(L.netns_name(LAB, node), argv), input=data, capture_output=True, text=True,
                          check=False)
    if proc.returncode != 0:
        raise RuntimeError("%s on %s: %s" % (" ".join(argv), node, proc.stderr.strip()))
    return proc.stdout


def conntrackd_conf(name):
    """The role's template, rendered from the planner's plan for this box."""
    box = BOX[name]
    intent = {"clients": "10.16.0.0/12", "pool": "192.76.8.0/26",
              "management": {"interface": "eth0", "address": box["mgmt"]},
              "bonds": [{"name": "eth5", "role": "inside", "members": ["x5"], "address": box["inside"]},
                        {"name": "eth4", "role": "outside", "members": ["x4"], "address": box["outside"]}],
              "inside_next_hop": box["in_hop"], "outside_next_hop": box["out_hop"],
              "conntrackd": {"enabled": True, "peer": box["peer"]}}
    with open(TEMPLATE) as handle:
        template = jinja2.Environment(keep_trailing_newline=True).from_string(handle.read())
    return template.render(__nat_gateway_plan=N.plan(intent), inventory_hostname=name, ansible_managed="bench")


def flow_on(node, port):
    """Whether node's conntrack table holds the client's connection to the server port."""
    out = subprocess.run(L.node_command(L.netns_name(LAB, node), ["conntrack", "-L", "-p", "tcp", "--orig-port-dst",
                                                                  str(port)]), capture_output=True, text=True,
                         check=False).stdout
    return "10.16.1.1" in out


def one_run(mode, talker):
    L.destroy(LAB)
    L.create(topology())
    state = S.desired("10.16.0.0/12", "192.76.8.0/26", "nftables", "eth4")
    for name in BOX:
        S.converge(lambda argv, data=None, n=name: _ok(n, argv, data), state)
        if mode == "conntrackd":
            node_run(name, ["sh", "-c", "mkdir -p /etc/conntrackd && cat > /etc/conntrackd/conntrackd.conf"],
                     conntrackd_conf(name))
            node_run(name, ["conntrackd", "-C", "/etc/conntrackd/conntrackd.conf", "-d"])
    time.sleep(1.0 if mode == "conntrackd" else 0.2)
    seen = {}

    def stop_nat1():
        seen["via_nat1"] = flow_on("nat1", 50100)
        seen["standby_had_it"] = flow_on("nat2", 50100)
        seen["stopped_at"] = L.node_stop(LAB, "nat1")

    stop = threading.Timer(STOP_AT_S, stop_nat1)
    stop.start()
    held = F.session(LAB, "c1", "srv", "203.0.113.10", port=50100, seconds=SESSION_S, interval=INTERVAL_S, wait=8.0,
                     talker=talker)
    stop.join()
    held.update(seen, via_nat2_after=flow_on("nat2", 50100))
    L.destroy(LAB)
    return held


def _ok(node, argv, data):
    proc = subprocess.run(L.node_command(L.netns_name(LAB, node), argv), input=data, capture_output=True, text=True,
                          check=False)
    return proc.returncode, proc.stdout, proc.stderr


def main(argv=None):
    args = arguments(__doc__, 5).parse_args(argv)
    need_root("nat_failover", "lab namespaces")
    started = time.time()
    results = {"name": "nat_failover", "baseline": "none", "machine": machine(),
               "method": __doc__.split("\n\n")[1].strip(), "results": {}}
    for talker in ("client", "server"):
        for mode in ("conntrackd", "none"):
            runs = []
            for index in range(args.repeat):
                held = one_run(mode, talker)
                runs.append(held)
                print("  %s talks, %-10s run %d/%d: %s, %d/%d echoed, longest gap %.3f s, server saw %s; flow on "
                      "nat1 before: %s, on nat2 before/after: %s/%s" % (
                          talker, mode, index + 1, args.repeat,
                          "survived" if held["error"] is None else "BROKE (%s)" % held["error"], held["echoed"],
                          held["sent"], held["max_gap"], held["from"], held.get("via_nat1"),
                          held.get("standby_had_it"), held.get("via_nat2_after")), flush=True)
            gaps = [r["max_gap"] for r in runs if r["error"] is None] or [0.0]  # 0.0: no survivor (see survived)
            results["results"]["%s/%s" % (talker, mode)] = {
                "talker": talker, "mode": mode, "runs": runs,
                "survived": {"samples": [r["error"] is None for r in runs], "unit": "share",
                             "median": sum(r["error"] is None for r in runs) / len(runs)},
                "max_gap": {"samples": gaps, "median": statistics.median(gaps), "min": min(gaps), "max": max(gaps),
                            "unit": "s"},
            }
    for key, entry in results["results"].items():
        base = results["results"]["%s/none" % entry["talker"]]
        for metric in ("survived", "max_gap"):
            set_ratio(entry[metric], base[metric]["median"])
    save_run(results, started, write_markdown, kinds="json,md")


def write_markdown(results):
    lines = ["# NAT gateway failover, with and without conntrackd", "",
             measured(results), "",
             " ".join(results["method"].split()), "",
             "| who talks | mode | connections that survived | flow in the standby's table before the stop | "
             "longest gap of survivors, median (min-max) |",
             "|---|---|---|---|---|"]
    for entry in results["results"].values():
        gap = entry["max_gap"]
        survivors = sum(entry["survived"]["samples"])
        lines.append("| %s | %s | %d of %d | %d of %d | %s |" % (
            {"client": "client (upload-like)", "server": "server (download-like)"}[entry["talker"]], entry["mode"],
            survivors, len(entry["runs"]),
            sum(bool(r.get("standby_had_it")) for r in entry["runs"]), len(entry["runs"]),
            "%.3f s (%.3f-%.3f)" % (gap["median"], gap["min"], gap["max"]) if survivors else "none survived"))
    save_markdown("nat_failover", lines)


if __name__ == "__main__":
    main()
