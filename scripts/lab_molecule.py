# -*- coding: utf-8 -*-
"""Run one Molecule scenario on this kernel, or inside a throwaway VM when the kernel lacks a feature.

    python3 scripts/lab_molecule.py SCENARIO [molecule test options...]

A scenario declares the kernel features its lab needs in molecule.yml:

    provisioner:
      inventory:
        group_vars:
          all:
            netdesign_lab: {name: ..., links: [...], requires: [bond]}

When this kernel provides them all, `molecule test -s SCENARIO` runs here. Otherwise the lab runs
inside a VM booted with virtme-ng on the stock Debian kernel (/boot/vmlinuz-*) and this machine's own
userland (root file system shared read-only, the repository read-write), where only the lab agent
(plugins/module_utils/lab_agent.py) runs; Molecule and Ansible stay here and reach the lab through
it (NETDESIGN_LAB_AGENT), which keeps emulated Python starts to the modules run on lab nodes. KVM is
used when a short probe boot under KVM succeeds (cached per boot in /run/netdesign-lab/kvm), else TCG.
With NETDESIGN_LAB_FORCE_VM=1 the VM is used even when this kernel has every feature.
Exit status: the scenario's.
"""

from __future__ import annotations

import glob
import os
import shlex
import socket
import subprocess
import sys
import time

import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "build", "collections"))

from ansible_collections.netdesign.resilience.plugins.module_utils import lab as L  # noqa: E402
from ansible_collections.netdesign.resilience.plugins.module_utils import lab_agent as A  # noqa: E402

INSTALLED = os.path.join(ROOT, "build", "collections", "ansible_collections", "netdesign", "resilience")
AGENT_PORT = 47000  # inside the VM; forwarded from a free port on the host's loopback
VM_BOOT_TIMEOUT = 300
# Modules go to lab nodes over stdin (one command per task instead of mkdir, put, chmod, run, rm): every
# command costs a process start, which in the emulated VM is the slowest part of a scenario.
MOLECULE_ENV = {"ANSIBLE_PIPELINING": "True"}

KVM_CACHE = "/run/netdesign-lab/kvm"
FORCE_VM = "NETDESIGN_LAB_FORCE_VM"  # 1: run the lab in the VM even when this kernel could (bench/lab_lifecycle.py)
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


def vng(image, accel, command, timeout=None, log=None):
    argv = ["vng", "--run", image, "--memory", VM_MEMORY, "--cpus", VM_CPUS, "--rwdir", ROOT]
    argv += [] if accel == "kvm" else ["--disable-kvm"]
    # never on our own stdin/stdout/stderr: qemu makes the descriptors it is given non-blocking, and a
    # non-blocking stdin or stderr makes every later Ansible run in this terminal or CI job refuse to start
    # ("Ansible requires blocking IO"): on a fresh machine the KVM probe broke every scenario after it
    with open(log or os.devnull, "ab") as out:
        return subprocess.run(argv + ["--exec", command], timeout=timeout, check=False, stdin=subprocess.DEVNULL,
                              stdout=out, stderr=subprocess.STDOUT)


def blocking_stdio():
    """Put stdin, stdout and stderr back in blocking mode (a qemu elsewhere may have shared them)."""
    for fd in (0, 1, 2):
        try:
            os.set_blocking(fd, True)
        except OSError:
            pass


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
    probe_log = os.path.join(ROOT, "build", "lab-vm-kvm-probe.log")
    os.makedirs(os.path.dirname(probe_log), exist_ok=True)
    try:
        ok = vng(image, "kvm", "true", timeout=45, log=probe_log).returncode == 0
    except subprocess.TimeoutExpired:
        ok = False
        subprocess.run(["pkill", "-f", "qemu-system.*%s" % image], check=False)
    result = "kvm" if ok else "tcg"
    say("KVM probe: %s (its console: %s)" % ("booted, using KVM" if ok else "failed or hung, using TCG", probe_log))
    os.makedirs(os.path.dirname(KVM_CACHE), exist_ok=True)
    with open(KVM_CACHE, "w") as handle:
        handle.write(result)
    return result


def main(argv):
    if not argv:
        raise SystemExit(__doc__)
    blocking_stdio()
    return run_scenario(argv)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_scenario(argv):
    scenario, extra = argv[0], argv[1:]
    molecule = [os.path.join(ROOT, ".venv", "bin", "molecule"), "test", "-s", scenario] + extra
    lab = lab_of(scenario)["name"]
    needed = list(lab_of(scenario).get("requires", []))
    missing = L.missing_features(needed) if needed else []
    if os.environ.get(FORCE_VM) == "1" and not missing:
        missing = ["nothing (%s=1: the VM fallback on purpose)" % FORCE_VM]
    if not missing:
        say("%s: needs %s, running on this kernel (%s)" % (scenario, ", ".join(needed) or "nothing special",
                                                            os.uname().release))
        rc = subprocess.run(molecule, cwd=ROOT, check=False, env=dict(os.environ, **MOLECULE_ENV)).returncode
        return rc or leftovers_here(scenario, lab)
    image = kernel()
    accel = accelerator(image)
    port = free_port()
    say("%s: this kernel lacks %s; the lab runs in a VM (%s, %s, %s memory), Ansible stays here, "
        "reaching the lab through the agent on 127.0.0.1:%d" % (scenario, ", ".join(missing), os.path.basename(image),
                                                              accel, VM_MEMORY, port))
    agent = os.path.join(INSTALLED, "plugins", "module_utils", "lab_agent.py")
    # the forwarded port reaches the guest at qemu's user-network address 10.0.2.15 (no DHCP needed)
    command = ('dev=$(ls /sys/class/net | grep -vx lo | head -1) && ip link set "$dev" up && '
               'ip addr add 10.0.2.15/24 dev "$dev" && cd %s && PYTHONPATH=%s exec python3 %s serve %d') % (
        shlex.quote(ROOT), shlex.quote(os.path.join(ROOT, "build", "collections")), shlex.quote(agent), AGENT_PORT)
    argv_vm = ["vng", "--run", image, "--memory", VM_MEMORY, "--cpus", VM_CPUS, "--rwdir", ROOT,
               "--qemu-opts=-device virtio-net-pci,netdev=agent -netdev user,id=agent,restrict=on,"
               "hostfwd=tcp:127.0.0.1:%d-:%d" % (port, AGENT_PORT)]
    argv_vm += [] if accel == "kvm" else ["--disable-kvm"]
    start = time.time()
    # the VM's console gets a file of its own: qemu makes the descriptors it is given non-blocking,
    # which Ansible refuses on its stdout and stderr
    console = os.path.join(ROOT, "build", "lab-vm-%s.log" % scenario)
    os.makedirs(os.path.dirname(console), exist_ok=True)
    with open(console, "wb") as log:
        vm = subprocess.Popen(argv_vm + ["--exec", command], stdin=subprocess.DEVNULL,  # pylint: disable=consider-using-with
                              stdout=log, stderr=subprocess.STDOUT)
    where = ("127.0.0.1", port)
    rc = 1
    try:
        while True:
            if vm.poll() is not None:
                say("%s: the VM exited (%d) before its lab agent answered; its console: %s"
                    % (scenario, vm.returncode, console))
                return 1
            try:
                A.request({"ping": True}, timeout=5, where=where)
                break
            except A.AgentError:
                if time.time() - start > VM_BOOT_TIMEOUT:
                    say("%s: no lab agent after %d s" % (scenario, VM_BOOT_TIMEOUT))
                    return 1
                time.sleep(1)
        say("%s: VM up, lab agent answering after %.0f s" % (scenario, time.time() - start))
        env = dict(os.environ, **MOLECULE_ENV, **{A.ENV: "127.0.0.1:%d" % port, "ANSIBLE_REMOTE_TMP": "/tmp/.ansible-tmp"})
        blocking_stdio()
        rc = subprocess.run(molecule, cwd=ROOT, check=False, env=env).returncode
        left = A.request({"call": "leftovers", "args": [lab]}, where=where)["result"]
        if left:
            say("%s left behind in the VM: %s" % (scenario, ", ".join(left)))
            rc = rc or 1
    finally:
        try:
            A.request({"stop": True}, timeout=5, where=where)
        except A.AgentError:
            pass
        try:
            vm.wait(timeout=60)
        except subprocess.TimeoutExpired:
            vm.kill()
            vm.wait()
        say("%s: VM run finished with %d after %.0f s" % (scenario, rc, time.time() - start))
    return rc


def leftovers_here(scenario, lab):
    """Whatever happened, the scenario must leave nothing of its lab on this machine."""
    left = L.leftovers(lab)
    if left:
        say("%s left behind: %s" % (scenario, ", ".join(left)))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
