# -*- coding: utf-8 -*-
"""Benchmark 2 of issue #8: rendering sixto4_bgp for 10, 100 and 1,000 CE sites, ours against the naive way.

For each size an intent of N sites (each with its IPv4 tunnel source and four /64 LANs, the first
site route reflector) is written as inventory variables, and three ways are timed, wall clock of the
whole ``ansible-playbook`` run (Ansible's own start included, as a user waits for it):

* ours (linux)  - one task on the controller: the plan computed once by the design_plan filter,
                  every site's frr.conf and ifupdown2 stanza written by ``render_configs``
* ours (all)    - the same with the IOS lines too (tunnel, ``ipv6 route 2002::/16``)
* naive         - the usual way: an inventory of N hosts and one ``template`` task per host
                  (frr.conf from a Jinja template that finds its own site and, on the route
                  reflector, every other site's 6to4 address), Ansible's default 5 forks

and, in-process, the Python cost alone (plan + render_all) so the growth of our code is visible
without Ansible's start. Baseline for the ratios: naive. Every output of ours is checked against
the naive output of the same site (same BGP neighbours and networks) before timing counts.

    .venv/bin/python bench/render_scale.py [--sizes 10,100,1000] [--repeat 3]
"""

from __future__ import annotations

import ipaddress
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "build", "collections"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from benchlib import arguments, machine, method, png, reported_again, save_markdown, save_run, set_ratio, summary  # noqa: E402
from ansible_collections.netdesign.resilience.plugins.module_utils.core import design as D
from ansible_collections.netdesign.resilience.plugins.module_utils.core import render
from ansible_collections.netdesign.resilience.plugins.plugin_utils.cisco_ios import Renderer  # noqa: E402

PLAYBOOK = os.path.join(ROOT, ".venv", "bin", "ansible-playbook")
WAYS = ("ours_linux", "ours_all", "naive")
BASELINE = "naive"

NAIVE_TEMPLATE = """frr defaults traditional
{% set me = sixto4_bgp_sites | selectattr('name', 'eq', inventory_hostname) | first %}
{% set rr = sixto4_bgp_sites | selectattr('name', 'eq', sixto4_bgp_route_reflector) | first %}
ipv6 route 2002::/16 Tunnel2002
router bgp {{ sixto4_bgp_asn }}
 bgp router-id {{ me.tunnel_source_address }}
 no bgp default ipv4-unicast
{% if me.name == rr.name %}
{% for s in sixto4_bgp_sites if s.name != me.name %}
 neighbor {{ s.tunnel_source_address | netdesign.resilience.sixto4_address }} remote-as {{ sixto4_bgp_asn }}
{% endfor %}
{% else %}
 neighbor {{ rr.tunnel_source_address | netdesign.resilience.sixto4_address }} remote-as {{ sixto4_bgp_asn }}
{% endif %}
 address-family ipv6 unicast
{% for net in me.networks %}
  network {{ net }}
{% endfor %}
 exit-address-family
"""

OURS = """- name: Render every site from one plan
  hosts: localhost
  gather_facts: false
  tasks:
    - name: All sites in one task
      netdesign.resilience.render_configs:
        plan: "{{ 'sixto4_bgp' | netdesign.resilience.design_plan(__intent) }}"
        dest: "{{ out }}"
        platforms: "{{ platforms }}"
      vars:
        __intent: {asn: "{{ sixto4_bgp_asn }}", sites: "{{ sixto4_bgp_sites }}", route_reflector: "{{ sixto4_bgp_route_reflector }}"}
"""

NAIVE = """- name: One template task per host
  hosts: sites
  gather_facts: false
  tasks:
    - name: Render this site's frr.conf
      ansible.builtin.template:
        src: frr.j2
        dest: "{{ out }}/{{ inventory_hostname }}.frr.conf"
        mode: "0644"
      delegate_to: localhost
"""


def intent(count):
    sites = []
    for index in range(count):
        value = (10 << 24) + 4 * index + 2
        address = ".".join(str((value >> shift) & 0xFF) for shift in (24, 16, 8, 0))
        sites.append({"name": "site%04d" % index, "tunnel_source_address": address,
                      "networks": [str(ipaddress.IPv6Network("2001:db8:%x:%x00::/64" % (index, k))) for k in range(4)]})
    return {"sixto4_bgp_asn": 65100, "sixto4_bgp_route_reflector": "site0000", "sixto4_bgp_sites": sites}


def write_project(directory, count):
    variables = intent(count)
    os.makedirs(os.path.join(directory, "group_vars"))
    with open(os.path.join(directory, "group_vars", "all.json"), "w") as handle:
        json.dump(variables, handle)
    with open(os.path.join(directory, "hosts.ini"), "w") as handle:
        handle.write("localhost ansible_connection=local\n[sites]\n")
        handle.write("".join("%s ansible_connection=local\n" % s["name"] for s in variables["sixto4_bgp_sites"]))
    for name, text in (("ours.yml", OURS), ("naive.yml", NAIVE), ("frr.j2", NAIVE_TEMPLATE)):
        with open(os.path.join(directory, name), "w") as handle:
            handle.write(text)
    return variables


def run_playbook(directory, playbook, out, extra=None):
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=os.path.join(ROOT, "build", "collections"),
               ANSIBLE_STDOUT_CALLBACK="ansible.builtin.minimal", ANSIBLE_HOST_KEY_CHECKING="False",
               ANSIBLE_LOCALHOST_WARNING="False", ANSIBLE_INVENTORY_UNPARSED_WARNING="False",
               ANSIBLE_PYTHON_INTERPRETER=sys.executable)
    argv = [PLAYBOOK, "-i", os.path.join(directory, "hosts.ini"), os.path.join(directory, playbook),
            "-e", json.dumps(dict({"out": out}, **(extra or {})))]
    started = time.perf_counter()
    proc = subprocess.run(argv, cwd=directory, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        failed = [line for line in (proc.stdout + proc.stderr).splitlines() if "FAILED" in line or "UNREACHABLE" in line
                  or "ERROR" in line]
        raise SystemExit("render_scale: %s failed (rc %d):\n%s\n%s" % (playbook, proc.returncode, "\n".join(failed[:20]),
                                                                     proc.stderr[-2000:]))
    return elapsed


def same_bgp(ours, naive):
    """The neighbours and networks of both renderings of one site agree."""
    def facts(text):
        lines = [line.strip() for line in text.splitlines()]
        return sorted(line for line in lines if line.startswith("network") or
                      (line.startswith("neighbor") and "remote-as" in line))
    return facts(ours) == facts(naive)



def measure(count, repeat, naive_repeat):
    directory = tempfile.mkdtemp(prefix="netdesign-bench-render-")
    try:
        variables = write_project(directory, count)
        samples = {way: [] for way in WAYS}
        for _run in range(repeat):
            samples["ours_linux"].append(run_playbook(directory, "ours.yml", os.path.join(directory, "ours"),
                                                      {"platforms": ["linux"]}))
            samples["ours_all"].append(run_playbook(directory, "ours.yml", os.path.join(directory, "all"),
                                                    {"platforms": ["ios", "linux"]}))
        for _run in range(naive_repeat):
            samples["naive"].append(run_playbook(directory, "naive.yml", os.path.join(directory, "naive")))
        for site in (variables["sixto4_bgp_sites"][0], variables["sixto4_bgp_sites"][-1]):
            with open(os.path.join(directory, "ours", "%s.sixto4_bgp.frr.conf" % site["name"])) as handle:
                ours = handle.read()
            with open(os.path.join(directory, "naive", "%s.frr.conf" % site["name"])) as handle:
                naive = handle.read()
            if not same_bgp(ours, naive):
                raise SystemExit("render_scale: ours and naive disagree for %s:\n%s\n---\n%s" % (
                    site["name"], ours, naive))
        files = len(os.listdir(os.path.join(directory, "all")))
        python = []
        intent_ = {"asn": 65100, "sites": variables["sixto4_bgp_sites"], "route_reflector": "site0000"}
        for _run in range(repeat):
            started = time.perf_counter()
            with Renderer() as rendered:   # the .ios files with cisco.ios's parts, as render_configs writes them
                render.render_all(D.plan("sixto4_bgp", intent_), rendered=rendered)
            python.append(time.perf_counter() - started)
        return samples, python, files
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def main(argv=None):
    args = arguments(__doc__, 3, report_only=True, sizes="10,100,1000").parse_args(argv)
    if reported_again(args, "render_scale", write_markdown, write_plot):
        return
    results = {"name": "render_scale", "design": "sixto4_bgp", "baseline": BASELINE,
               "machine": machine(),
               "method": method(__doc__, "\n\n"),
               "results": {}}
    started = time.time()
    for count in [int(s) for s in args.sizes]:
        naive_repeat = args.repeat if count < 1000 else 1
        print("%d sites: ours x%d, naive x%d" % (count, args.repeat, naive_repeat), flush=True)
        samples, python, files = measure(count, args.repeat, naive_repeat)
        entry = {way: summary(values, "s") for way, values in samples.items()}
        entry["python_plan_render"] = summary(python, "s")
        entry["files_ours_all"] = files
        for way in WAYS:
            set_ratio(entry[way], entry[BASELINE]["median"])
        results["results"][str(count)] = entry
        print("  ours (linux) %.2f s, ours (all) %.2f s, naive %.2f s, python %.3f s" % (
            entry["ours_linux"]["median"], entry["ours_all"]["median"], entry["naive"]["median"],
            entry["python_plan_render"]["median"]), flush=True)
    save_run(results, started, write_markdown, write_plot)


def _sizes(results):
    return sorted(results["results"], key=int)


def write_markdown(results):
    lines = ["# Render scale: sixto4_bgp for 10 / 100 / 1,000 sites", "",
             "Measured by `bench/render_scale.py` on %d CPUs in %.0f s." % (results["machine"]["cpus"],
                                                                             results["duration_s"]), "",
             "Method:", "", results["method"], "",
             "Wall clock of the whole `ansible-playbook` run, median (min-max); ratio = median / naive median "
             "of the same run.", "",
             "| sites | ours (linux) | ours (ios + linux) | naive (template per host) | naive / ours (linux) | "
             "Python plan + render |", "|---|---|---|---|---|---|"]
    for size in _sizes(results):
        entry = results["results"][size]
        cells = ["%.2f s (%.2f-%.2f)" % (entry[w]["median"], entry[w]["min"], entry[w]["max"]) for w in WAYS]
        lines.append("| %s | %s | %.1fx | %.3f s |" % (size, " | ".join(cells),
                                                       entry["naive"]["median"] / entry["ours_linux"]["median"],
                                                       entry["python_plan_render"]["median"]))
    save_markdown("render_scale", lines)


@png("render_scale", dpi=110)
def write_plot(plt, results):
    sizes = _sizes(results)
    xs = [int(s) for s in sizes]
    fig, axis = plt.subplots(figsize=(7, 4.5))
    labels = {"ours_linux": "ours (linux)", "ours_all": "ours (ios + linux)", "naive": "naive (template per host)"}
    for way in WAYS:
        axis.plot(xs, [results["results"][s][way]["median"] for s in sizes], marker="o", label=labels[way])
    axis.plot(xs, [results["results"][s]["python_plan_render"]["median"] for s in sizes], marker="o", linestyle="--",
              label="ours, Python plan + render only")
    axis.set_xscale("log")
    axis.set_yscale("log")
    axis.set_xlabel("CE sites")
    axis.set_ylabel("seconds (median)")
    axis.set_title("sixto4_bgp: render every site")
    axis.grid(True, which="both", alpha=0.3)
    axis.legend()
    return fig


if __name__ == "__main__":
    main()
