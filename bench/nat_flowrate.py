# -*- coding: utf-8 -*-
"""Benchmark 1b of issue #8: the rate of new flows a NAT node sustains, per classifier backend.

The NAT lookup (nftables map, the write-up's iptables u32 rules, or ipset match-set rules) runs once
per new conntrack entry, so the cost shows in the rate of new flows, not of packets. Method:

A lab on this kernel: a client node, the NAT node and a server node (veth links, nothing leaves the
lab namespaces). The NAT node forwards with the collection's SNAT of the client range onto the /26
pool by last octet (snat.converge, the code the snat_pool module runs). A generator in the client
node sends UDP datagrams through a raw socket, every one from another (client address, source port)
pair of the client set, so every datagram is a new flow (a new conntrack entry and one NAT lookup);
one generator process per CPU; the server counts and drops them (no ICMP back). Measured per run: datagrams the server received from a pool address
(an nft counter on the server) divided by the sending window, and conntrack entries on the NAT
node (every flow must have one). Mode `conntrack` is the same path with conntrack but no SNAT rule:
the cost of forwarding and conntrack alone, as a floor. The conntrack table is flushed between runs.
Generator, forwarding and NAT share this machine's CPUs (veth delivers in the sender's context),
so the rates are this lab's, comparable between modes of one run, not a line-rate figure.

    .venv/bin/python bench/nat_flowrate.py [--repeat N] [--sizes 1k,64k,1M] [--flows N]
"""

from __future__ import annotations

import ipaddress
import json
import os
import socket
import struct
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "build", "collections"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from benchlib import arguments, machine, measured, need_root, png, reported_again, save_markdown, save_run, set_ratio, summary  # noqa: E402
from nat_classifier import BASELINE, POOL, SIZES, ordered  # noqa: E402  (the sizes and pool of benchmark 1a)
from ansible_collections.netdesign.resilience.plugins.module_utils.lab import namespace as L
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.linux import snat as S

MODES = ("conntrack",) + tuple(S.BACKENDS)
LAB = "benchrate"
SERVER = "198.51.100.2"
PORT = 9
# a few seconds of sending per run on these machines; well under nf_conntrack_max (262,144 here)
DEFAULT_FLOWS = 120000


def topology():
    return {"name": LAB, "nodes": {
        "client": {"interfaces": {"eth0": {"addresses": ["10.16.0.2/12"]}},
                   "routes": [{"to": "default", "via": "10.16.0.1"}]},
        "nat": {"interfaces": {"eth0": {"addresses": ["10.16.0.1/12"]}, "eth1": {"addresses": ["198.51.100.1/24"]}},
                "sysctls": {"net.ipv4.conf.eth0.forwarding": 1, "net.ipv4.conf.eth1.forwarding": 1,
                            "net.ipv4.conf.all.rp_filter": 0, "net.ipv4.conf.eth0.rp_filter": 0}},
        "server": {"interfaces": {"eth0": {"addresses": [SERVER + "/24"]}},
                   "routes": [{"to": "default", "via": "198.51.100.1"}]},
    }, "links": [["client:eth0", "nat:eth0"], ["nat:eth1", "server:eth0"]]}


def node_run(node, argv, data=None, check=True):
    proc = subprocess.run(L.node_command(L.netns_name(LAB, node), argv), input=data, capture_output=True, text=True,
                          check=False)
    if check and proc.returncode != 0:
        raise RuntimeError("%s: %s failed: %s" % (node, " ".join(argv), proc.stderr.strip()))
    return proc.returncode, proc.stdout, proc.stderr


COUNTER = """table inet benchrate {
  chain input {
    type filter hook input priority 0;
    ip saddr %s udp dport %d counter
    udp dport %d counter drop
  }
}
""" % (POOL, PORT, PORT)


def server_counts():
    """(datagrams from a pool address, all datagrams) the server received."""
    out = node_run("server", ["nft", "list", "table", "inet", "benchrate"])[1]
    counts = [int(line.split("packets")[1].split()[0]) for line in out.splitlines() if "counter packets" in line]
    return counts[0], counts[1]


# ---------------------------------------------------------------------------------------------
# The generator, run inside the client node: python3 bench/nat_flowrate.py --generate ...

def datagrams(clients, flows, part, parts):
    """Raw IPv4+UDP datagrams, each from another (address, port) of the client set. Addresses are
    taken with a stride that is odd and coprime with the set's size, so every last octet occurs."""
    net = ipaddress.ip_network(clients)
    size = net.num_addresses
    first = int(net.network_address)
    dst = socket.inet_aton(SERVER)
    stride = 40503  # odd: visits every address of a power-of-two set before repeating
    out = []
    for index in range(part, flows, parts):
        host = (index * stride) % size
        if host in (0, size - 1, 1, 2):  # network, broadcast, the NAT node's and the client's own address
            host = 3 + index % 200
        sport = 1024 + (index // size) % 60000
        src = struct.pack("!I", first + host)
        header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 0, 0, 0, 64, 17, 0, src, dst)  # length, checksum: kernel
        out.append(header + struct.pack("!HHHH", sport, PORT, 8 + 4, 0) + b"flow")
    return out


def generate(clients, flows, part, parts, start_at):
    packets = datagrams(clients, flows, part, parts)
    sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    target = (SERVER, 0)
    while time.time() < start_at:
        time.sleep(0.001)
    started = time.time()
    for packet in packets:
        while True:
            try:
                sock.sendto(packet, target)
                break
            except (BlockingIOError, OSError):
                time.sleep(0.0001)
    print(json.dumps({"sent": len(packets), "start": started, "end": time.time()}))


# ---------------------------------------------------------------------------------------------

def setup_mode(mode, size):
    node_run("nat", ["conntrack", "-F"], check=False)
    node_run("nat", ["nft", "flush", "ruleset"])
    node_run("nat", ["iptables", "-t", "nat", "-F"], check=False)
    node_run("nat", ["iptables", "-t", "nat", "-X"], check=False)
    node_run("nat", ["ipset", "destroy"], check=False)
    if mode == "conntrack":
        # conntrack without NAT: one rule that makes the kernel track every forwarded flow
        node_run("nat", ["nft", "-f", "-"], "table inet benchct { chain forward_new { type filter hook forward priority 0;"
                                            " ct state new counter; }; }\n")
        return
    state = S.desired(SIZES[size], POOL, mode, "eth1")
    result = S.converge(lambda argv, data=None: node_run("nat", argv, data, check=False), state)
    assert result["changed"] and S.in_sync(state, S.current(lambda argv, data=None: node_run(
        "nat", argv, data, check=False), mode)), (mode, size)


def one_run(size, flows):
    node_run("server", ["nft", "-f", "-"], "flush ruleset\n" + COUNTER)
    node_run("nat", ["conntrack", "-F"], check=False)
    parts = os.cpu_count() or 1
    start_at = time.time() + 1.0
    procs = [subprocess.Popen(  # pylint: disable=consider-using-with
        L.node_command(L.netns_name(LAB, "client"),
                       [sys.executable, os.path.abspath(__file__), "--generate", SIZES[size], str(flows), str(part),
                        str(parts), repr(start_at)]), stdout=subprocess.PIPE, text=True) for part in range(parts)]
    reports = []
    for proc in procs:
        out, _ = proc.communicate(timeout=600)
        if proc.returncode != 0:
            raise RuntimeError("generator failed (%d)" % proc.returncode)
        reports.append(json.loads(out))
    time.sleep(0.3)  # the last datagrams through the veth backlog
    window = max(r["end"] for r in reports) - min(r["start"] for r in reports)
    natted, received = server_counts()
    entries = int(node_run("nat", ["conntrack", "-C"])[1].strip() or 0)
    return {"sent": sum(r["sent"] for r in reports), "received": received, "natted": natted,
            "conntrack_entries": entries, "window": window}


def measure(mode, size, repeat, flows):
    samples = {"rate": [], "delivered": []}
    L.destroy(LAB)
    L.create(topology())
    try:
        setup_mode(mode, size)
        for index in range(repeat):
            run = one_run(size, flows)
            counted = run["received"] if mode == "conntrack" else run["natted"]
            samples["rate"].append(counted / run["window"])
            samples["delivered"].append(counted / run["sent"])
            print("  %-12s %-4s run %d/%d: %d of %d datagrams %s in %.2f s = %.0f new flows/s, %d conntrack entries"
                  % (mode, size, index + 1, repeat, counted, run["sent"],
                     "forwarded" if mode == "conntrack" else "arrived from the pool", run["window"],
                     samples["rate"][-1], run["conntrack_entries"]), flush=True)
            if run["conntrack_entries"] < 0.99 * counted:
                raise RuntimeError("%s: only %d conntrack entries for %d flows: not every datagram was a new flow"
                                   % (mode, run["conntrack_entries"], counted))
    finally:
        L.destroy(LAB)
    return samples


def main(argv=None):
    if argv is None and len(sys.argv) > 1 and sys.argv[1] == "--generate":
        clients, flows, part, parts, start_at = sys.argv[2:7]
        generate(clients, int(flows), int(part), int(parts), float(start_at))
        return
    parser = arguments(__doc__, 5, report_only=True, sizes="1k,64k,1M")
    parser.add_argument("--flows", type=int, default=DEFAULT_FLOWS, help="new flows per run")
    args = parser.parse_args(argv)
    if reported_again(args, "nat_flowrate", write_markdown, write_plot):
        return
    need_root("nat_flowrate", "lab namespaces")
    sizes = args.sizes
    results = {"name": "nat_flowrate", "pool": POOL, "sizes": {s: SIZES[s] for s in sizes}, "baseline": BASELINE,
               "flows_per_run": args.flows, "machine": machine(),
               "method": " ".join(__doc__.split("\n\n")[1:3]).replace("\n", " ").replace(". Method: A lab", ". A lab"),
               "results": {}}
    started = time.time()
    for size in sizes:
        for mode in MODES:
            print("%s, %s clients (%s), %d runs of %d new flows" % (mode, size, SIZES[size], args.repeat, args.flows),
                  flush=True)
            samples = measure(mode, size, args.repeat, args.flows)
            results["results"].setdefault(size, {})[mode] = {
                "rate": summary(samples["rate"], "new flows/s"),
                "delivered": summary(samples["delivered"], "share of datagrams")}
        for mode in MODES:
            set_ratio(results["results"][size][mode]["rate"], results["results"][size][BASELINE]["rate"]["median"])
    save_run(results, started, write_markdown, write_plot)


def write_markdown(results):
    lines = ["# New NAT flows per second: nftables map vs iptables u32 vs ipset", "",
             measured(results, ", %d new flows per run" % results["flows_per_run"]), "",
             "Method: " + results["method"], "",
             "New flows per second, median (min-max); ratio = median / median of %s (the write-up's form) in "
             "the same run. `conntrack` is forwarding and conntrack without any SNAT rule." % BASELINE, "",
             "| clients | " + " | ".join(MODES) + " |", "|---|" + "---|" * len(MODES)]
    for size in ordered(results):
        cells = []
        for mode in MODES:
            m = results["results"][size][mode]["rate"]
            ratio = m.get("ratio_to_baseline")
            cells.append("%.0f (%.0f-%.0f)%s" % (m["median"], m["min"], m["max"],
                                                  "" if ratio is None else " x%.2f" % ratio))
        lines.append("| %s (%s) | %s |" % (size, results["sizes"][size], " | ".join(cells)))
    lines += ["", "Share of sent datagrams that arrived (from a pool address; `conntrack`: at all), median:", "",
              "| clients | " + " | ".join(MODES) + " |", "|---|" + "---|" * len(MODES)]
    for size in ordered(results):
        lines.append("| %s | %s |" % (size, " | ".join("%.3f" % results["results"][size][m]["delivered"]["median"]
                                                       for m in MODES)))
    save_markdown("nat_flowrate", lines)


@png("nat_flowrate", dpi=100)
def write_plot(plt, results):
    sizes = ordered(results)
    fig, axis = plt.subplots(figsize=(7, 4))
    width = 0.8 / len(MODES)
    for offset, mode in enumerate(MODES):
        medians = [results["results"][s][mode]["rate"]["median"] for s in sizes]
        lows = [m - results["results"][s][mode]["rate"]["min"] for s, m in zip(sizes, medians)]
        highs = [results["results"][s][mode]["rate"]["max"] - m for s, m in zip(sizes, medians)]
        axis.bar([i + offset * width for i in range(len(sizes))], medians, width, yerr=[lows, highs], label=mode)
    axis.set_xticks([i + width * (len(MODES) - 1) / 2 for i in range(len(sizes))])
    axis.set_xticklabels(["%s clients" % s for s in sizes])
    axis.set_ylabel("new flows per second (median, min-max)")
    axis.set_title("New NAT flows per second by classifier backend")
    axis.legend()
    return fig


if __name__ == "__main__":
    main()
