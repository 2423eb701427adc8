# -*- coding: utf-8 -*-
"""Where a lab scenario's time goes in the fallback VM: the profile behind the warm interpreter (#20).

Boots the VM as ``scripts/lab_molecule.py`` does (virtme-ng, this machine's kernel image, TCG where KVM
is not usable) and measures through its lab agent, each several times: the VM's boot until the agent
answers; a command's round trip through the agent (``true``), in a node (``nsenter``); Python starts
(``python3 -S``, ``python3``, the standard modules AnsiballZ needs); importing
``ansible.module_utils.basic`` from the controller's install (bytecode cached) and from a zip as an
AnsiballZ payload does (no bytecode cache); and whole Ansible module runs on a lab node in the VM
(``ansible -m command``, wall time of the ad-hoc run on this machine), with a cold ``python3`` per run
(``NETDESIGN_LAB_COLD=1``) and with the agent's warm interpreter (``lab_warm``).

    .venv/bin/python bench/vm_profile.py [--repeat 5]
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))

from benchlib import arguments, machine, need_root, save_json, save_markdown, summary  # noqa: E402
import lab_molecule as M  # noqa: E402

LAB = "vmprof"


def timed(vm, argv, repeat, node=None):
    samples = []
    for _index in range(repeat):
        started = time.monotonic()
        answer = vm.request({"exec": argv, "node": node, "stdin": ""})
        samples.append(round(time.monotonic() - started, 3))
        if answer.get("rc"):
            raise RuntimeError("%s: rc %s: %s" % (argv, answer["rc"], base64.b64decode(answer["stderr"])[-300:]))
    return summary(samples, "s")


def ansible_runs(vm, repeat, cold, inventory):
    env = dict(os.environ, **vm.env(), ANSIBLE_PIPELINING="True", ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"),
               NETDESIGN_LAB_COLD="1" if cold else "0", ANSIBLE_PYTHON_INTERPRETER="/usr/bin/python3")
    samples = []
    for _index in range(repeat):
        started = time.monotonic()
        subprocess.run([os.path.join(ROOT, ".venv", "bin", "ansible"), "-i", inventory, "a", "-m",
                        "ansible.builtin.command", "-a", "true"], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL)
        samples.append(round(time.monotonic() - started, 3))
    return summary(samples, "s")


def main(argv=None):
    args = arguments(__doc__, 5).parse_args(argv)
    need_root("vm_profile", "the VM and its lab")
    os.environ["PATH"] = os.path.join(ROOT, ".venv", "bin") + os.pathsep + os.environ.get("PATH", "")
    image = M.kernel()
    accel = M.accelerator(image)
    site = M.W.controller_site()
    scratch = tempfile.mkdtemp(prefix="vm-profile-", dir=os.path.join(ROOT, "build"))  # shared with the VM
    payload = os.path.join(scratch, "basic.zip")
    with zipfile.ZipFile(payload, "w") as archive:
        for folder, _dirs, files in os.walk(os.path.join(site, "ansible", "module_utils")):
            for name in files:
                if name.endswith(".py"):
                    path = os.path.join(folder, name)
                    archive.write(path, os.path.relpath(path, site))
        archive.writestr("ansible/__init__.py", "")
    inventory = os.path.join(scratch, "hosts.json")
    with open(inventory, "w") as handle:
        json.dump({"all": {"hosts": {"a": {"ansible_host": "%s-a" % LAB,
                                            "ansible_connection": "netdesign.resilience.netns"}}}}, handle)
    started = time.monotonic()
    vm = M.VM("vm-profile", image, accel)
    rows = {}
    try:
        if not vm.start():
            raise SystemExit("vm_profile: the VM did not come up (console: %s)" % vm.console)
        rows["VM boot until the lab agent answers"] = summary([round(time.monotonic() - started, 1)], "s")
        vm.request({"call": "create", "args": [{"name": LAB, "nodes": {"a": {}}, "links": []}]})
        node = "%s-a" % LAB
        print("VM up (%s); measuring" % accel, flush=True)
        probes = [
            ("`true` through the agent", ["true"], None),
            ("`true` in a lab node (nsenter)", ["true"], node),
            ("`python3 -S -c pass`", ["python3", "-S", "-c", "pass"], None),
            ("`python3 -c pass`", ["python3", "-c", "pass"], None),
            ("python3 importing json, subprocess, tempfile, zipfile, base64",
             ["python3", "-c", "import json, subprocess, tempfile, zipfile, base64"], None),
            ("python3 importing ansible.module_utils.basic (controller's install, bytecode cached)",
             ["python3", "-c", "import sys; sys.path.insert(0, %r); import ansible.module_utils.basic" % site], None),
            ("python3 importing ansible.module_utils.basic from a zip, as AnsiballZ does",
             ["python3", "-c", "import sys; sys.path.insert(0, %r); import ansible.module_utils.basic" % payload], None),
        ]
        for label, argv_probe, where in probes:
            rows[label] = timed(vm, argv_probe, args.repeat, where)
            print("%-90s %.2f s" % (label, rows[label]["median"]), flush=True)
        for label, cold in (("`ansible -m command -a true` on a lab node: cold python3 per run", True),
                            ("`ansible -m command -a true` on a lab node: the agent's warm interpreter", False)):
            rows[label] = ansible_runs(vm, args.repeat, cold, inventory)
            print("%-90s %.2f s" % (label, rows[label]["median"]), flush=True)
        rows["module runs the agent counted (warm, cold)"] = vm.request({"ping": True})["module_runs"]
        vm.request({"call": "destroy", "args": [LAB]})
    finally:
        vm.stop()
        shutil.rmtree(scratch, ignore_errors=True)
    results = {"name": "vm_profile", "accelerator": accel, "kernel_image": os.path.basename(image),
               "machine": machine(), "repeat": args.repeat,
               "method": " ".join(__doc__.split("\n\n")[1:2]).replace("\n", " "), "results": rows,
               "duration_s": round(time.monotonic() - started, 1)}
    save_json("vm_profile", results)
    lines = ["# Where a scenario's time goes in the fallback VM", "",
             "Measured by `bench/vm_profile.py` on %d CPUs (host kernel %s), VM on %s with %s, in %.0f s." % (
                 os.cpu_count(), os.uname().release, os.path.basename(image), accel, results["duration_s"]), "",
             "Method: " + results["method"], "",
             "| what | runs | median | min | max |", "|---|---|---|---|---|"]
    for label, value in rows.items():
        if "median" in value:
            lines.append("| %s | %d | %.2f s | %.2f s | %.2f s |" % (label, len(value["samples"]), value["median"],
                                                                 value["min"], value["max"]))
        else:
            lines.append("| %s | - | %s | | |" % (label, json.dumps(value)))
    save_markdown("vm_profile", lines)
    print("wrote bench/results/vm_profile.{json,md}")


if __name__ == "__main__":
    main()
