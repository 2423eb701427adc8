# -*- coding: utf-8 -*-
"""Run one Molecule scenario on this kernel, or inside a throwaway VM when the kernel lacks a feature.

    python3 scripts/lab_molecule.py SCENARIO [molecule test options...]

A scenario declares the kernel features its lab needs in molecule.yml:

    provisioner:
      inventory:
        group_vars:
          all:
            netdesign_lab: {name: ..., links: [...], requires: [bond]}

When this kernel provides them all, `molecule test -s SCENARIO` runs here. Otherwise the same
command runs inside a VM booted with virtme-ng on the stock Debian kernel (/boot/vmlinuz-*) and this
machine's own userland (root file system shared read-only, the repository read-write). KVM is used
when a short probe boot under KVM succeeds (cached per boot in /run/netdesign-lab/kvm), else TCG.
Exit status: the scenario's.
"""

from __future__ import annotations

import glob
import os
import shlex
import subprocess
import sys
import time

import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "build", "collections"))

from ansible_collections.netdesign.resilience.plugins.module_utils import lab as L  # noqa: E402

KVM_CACHE = "/run/netdesign-lab/kvm"
VM_MEMORY = os.environ.get("NETDESIGN_VM_MEMORY", "3G")
VM_CPUS = os.environ.get("NETDESIGN_VM_CPUS", str(os.cpu_count() or 2))


def say(message):
    print("==> lab_molecule: %s" % message, flush=True)


def lab_of(scenario):
    """The scenario's netdesign_lab settings (name, links, requires)."""
    with open(os.path.join(ROOT, "molecule", scenario, "molecule.yml")) as handle:
        config = yaml.safe_load(handle)
    return (config.get("provisioner", {}).get("inventory", {}).get("group_vars", {}).get("all", {})
            .get("netdesign_lab", {}))


def kernel():
    images = sorted(glob.glob("/boot/vmlinuz-*"))
    if not images:
        raise SystemExit("lab_molecule: no /boot/vmlinuz-* to boot (apt-get install linux-image-amd64)")
    return images[-1]


def vng(image, accel, command, timeout=None):
    argv = ["vng", "--run", image, "--memory", VM_MEMORY, "--cpus", VM_CPUS, "--rwdir", ROOT]
    argv += [] if accel == "kvm" else ["--disable-kvm"]
    return subprocess.run(argv + ["--exec", command], timeout=timeout, check=False)


def accelerator(image):
    """'kvm' when a probe boot under KVM finishes in time, else 'tcg' (KVM guests hang on some hosts)."""
    if not os.path.exists("/dev/kvm") or not os.access("/dev/kvm", os.R_OK | os.W_OK):
        return "tcg"
    try:
        with open(KVM_CACHE) as handle:
            return handle.read().strip()
    except OSError:
        pass
    say("probing KVM with a short boot (falls back to TCG if it hangs)")
    try:
        ok = vng(image, "kvm", "true", timeout=45).returncode == 0
    except subprocess.TimeoutExpired:
        ok = False
        subprocess.run(["pkill", "-f", "qemu-system.*%s" % image], check=False)
    result = "kvm" if ok else "tcg"
    os.makedirs(os.path.dirname(KVM_CACHE), exist_ok=True)
    with open(KVM_CACHE, "w") as handle:
        handle.write(result)
    return result


def main(argv):
    if not argv:
        raise SystemExit(__doc__)
    rc = run_scenario(argv)
    # whatever happened, the scenario must leave nothing of its lab on this machine
    left = L.leftovers(lab_of(argv[0])["name"])
    if left:
        say("%s left behind: %s" % (argv[0], ", ".join(left)))
        rc = rc or 1
    return rc


def run_scenario(argv):
    scenario, extra = argv[0], argv[1:]
    molecule = [os.path.join(ROOT, ".venv", "bin", "molecule"), "test", "-s", scenario] + extra
    needed = list(lab_of(scenario).get("requires", []))
    inside = os.environ.get("NETDESIGN_LAB_IN_VM") == "1"
    missing = L.missing_features(needed) if needed else []
    if not missing:
        where = "inside the VM" if inside else "on this kernel (%s)" % os.uname().release
        say("%s: needs %s, running %s" % (scenario, ", ".join(needed) or "nothing special", where))
        return subprocess.run(molecule, cwd=ROOT, check=False).returncode
    if inside:
        say("%s: the VM's kernel lacks %s too" % (scenario, ", ".join(missing)))
        return 1
    image = kernel()
    accel = accelerator(image)
    say("%s: this kernel lacks %s; running the scenario in a VM (%s, %s, %s memory)"
        % (scenario, ", ".join(missing), os.path.basename(image), accel, VM_MEMORY))
    env = {
        "NETDESIGN_LAB_IN_VM": "1",
        "HOME": "/tmp/vmhome",
        # the shared root file system is read-only in the VM; /tmp is writable there and in every node
        "ANSIBLE_REMOTE_TMP": "/tmp/.ansible-tmp",
        "ANSIBLE_LOCAL_TEMP": "/tmp/vmhome/.ansible/tmp",
        "PATH": "%s/.venv/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" % ROOT,
        "ANSIBLE_CONFIG": os.path.join(ROOT, "ansible.cfg"),
        "LANG": "C.UTF-8",
        "PY_COLORS": "0",
        "ANSIBLE_NOCOLOR": "1",
    }
    command = "mkdir -p /tmp/vmhome && cd %s && env %s %s %s" % (
        shlex.quote(ROOT), " ".join("%s=%s" % (k, shlex.quote(v)) for k, v in env.items()),
        shlex.quote(os.path.join(ROOT, ".venv", "bin", "python")),
        " ".join(shlex.quote(a) for a in [os.path.abspath(__file__)] + argv))
    start = time.time()
    rc = vng(image, accel, command).returncode
    say("%s: VM run finished with %d after %.0f s" % (scenario, rc, time.time() - start))
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
