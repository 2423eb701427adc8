# -*- coding: utf-8 -*-
"""Run one Molecule scenario on this kernel, or inside a throwaway VM when the kernel lacks a feature.

    python3 scripts/lab_molecule.py SCENARIO [molecule test options...]
    python3 scripts/lab_molecule.py --many SCENARIO...     (what `make test` runs: one VM for all that need it)

Scenarios live where Molecule (25.9 and later) and ansible-creator's collection scaffold put them,
``extensions/molecule/<scenario>/``; what they share is ``extensions/molecule/config.yml`` (Molecule's base
config) and the create/destroy playbooks in ``extensions/molecule/utils/playbooks/``. Molecule runs in the
repository's root with that base config and the scenarios' glob named (``--base-config``, ``MOLECULE_GLOB``),
not left to Molecule's own look-up. A scenario declares the kernel features its lab needs in its molecule.yml:

    provisioner:
      inventory:
        group_vars:
          all:
            netdesign_lab: {name: ..., links: [...], requires: [bond]}

When this kernel provides them all, `molecule test -s SCENARIO` runs here. Otherwise the lab runs
inside a VM booted with virtme-ng on the stock Debian kernel (/boot/vmlinuz-*) and this machine's own
userland (root file system shared read-only, the repository read-write), where only the lab agent
(plugins/module_utils/lab/agent.py) runs; Molecule and Ansible stay here and reach the lab through
it (NETDESIGN_LAB_AGENT), which keeps emulated Python starts to the modules run on lab nodes. KVM is
used when a short probe boot under KVM succeeds (cached per boot in /run/netdesign-lab/kvm), else TCG.
With NETDESIGN_LAB_FORCE_VM=1 the VM is used even when this kernel has every feature.
Exit status: the scenario's.
"""

from __future__ import annotations

import glob
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time

import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "build", "collections"))

from ansible_collections.netdesign.resilience.plugins.module_utils.lab import namespace as L
from ansible_collections.netdesign.resilience.plugins.module_utils.lab import agent as A
from ansible_collections.netdesign.resilience.plugins.module_utils.lab import warm as W

INSTALLED = os.path.join(ROOT, "build", "collections", "ansible_collections", "netdesign", "resilience")
SCENARIOS = os.path.join("extensions", "molecule")  # relative to ROOT, where Molecule runs
AGENT_PORT = 47000  # inside the VM; forwarded from a free port on the host's loopback
VM_BOOT_TIMEOUT = 300
# Modules go to lab nodes over stdin (one command per task instead of mkdir, put, chmod, run, rm): every
# command costs a process start, which in the emulated VM is the slowest part of a scenario.
MOLECULE_ENV = {"ANSIBLE_PIPELINING": "True", "MOLECULE_GLOB": os.path.join(SCENARIOS, "*", "molecule.yml")}

KVM_CACHE = "/run/netdesign-lab/kvm"
FORCE_VM = "NETDESIGN_LAB_FORCE_VM"  # 1: run the lab in the VM even when this kernel could (bench/lab_lifecycle.py)
VM_MEMORY = os.environ.get("NETDESIGN_VM_MEMORY", "3G")
VM_CPUS = os.environ.get("NETDESIGN_VM_CPUS", str(os.cpu_count() or 2))


def say(message):
    print("==> lab_molecule: %s" % message, flush=True)


def scenario_file(scenario):
    """The scenario's molecule.yml (extensions/molecule/<scenario>/molecule.yml)."""
    return os.path.join(ROOT, SCENARIOS, scenario, "molecule.yml")


def lab_of(scenario):
    """The scenario's netdesign_lab settings (name, links, requires)."""
    with open(scenario_file(scenario)) as handle:
        config = yaml.safe_load(handle)
    return (config.get("provisioner", {}).get("inventory", {}).get("group_vars", {}).get("all", {})
            .get("netdesign_lab", {}))


def images_of(scenario):
    """The lab images (lab_image of its platforms) the scenario's nodes run on (none when it has no molecule.yml:
    Molecule itself says so when it runs it)."""
    path = scenario_file(scenario)
    if not os.path.exists(path):
        return set()
    with open(path) as handle:
        config = yaml.safe_load(handle)
    return {p["lab_image"] for p in config.get("platforms", []) if p.get("lab_image")}


def ensure_images(scenarios):
    """Build the images the scenarios need, or reuse those built (scripts/lab_image.py); False when one fails."""
    for name in sorted(set().union(*[images_of(s) for s in scenarios])):
        proc = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "lab_image.py"), name],
                              capture_output=True, text=True, check=False)
        lines = proc.stdout.splitlines()
        if proc.returncode != 0 or len(lines) < 2:
            say("lab image %s: FAILED: %s" % (name, (proc.stderr or proc.stdout)[-2000:].strip()))
            return False
        say(lines[-2].replace("lab_image: ", "lab image "))
    return True


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
    if argv[0] == "--many":
        return run_many(argv[1:])
    return run_scenario(argv)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def missing_for(scenario):
    """What the scenario's lab needs that this kernel lacks (empty: it runs here)."""
    needed = list(lab_of(scenario).get("requires", []))
    missing = L.missing_features(needed) if needed else []
    if os.environ.get(FORCE_VM) == "1" and not missing:
        missing = ["nothing (%s=1: the VM fallback on purpose)" % FORCE_VM]
    return missing


def scenario_env(scenario):
    """Ansible's junit callback per scenario when bench/scenario_profile.py asks for it (NETDESIGN_JUNIT_DIR)."""
    folder = os.environ.get("NETDESIGN_JUNIT_DIR")
    return {"JUNIT_OUTPUT_DIR": os.path.join(folder, scenario)} if folder else {}


def molecule_argv(scenario, extra=()):
    # NETDESIGN_VENV: another virtualenv's Molecule and Ansible (bench/ansible_core_matrix.py), as scripts/test.sh
    venv = os.environ.get("NETDESIGN_VENV") or os.path.join(ROOT, ".venv")
    # the scenarios' shared base config, named: Molecule would take a .config/molecule/config.yml in the repository
    # (or one in $HOME, before 25.9) instead
    return [os.path.join(os.path.abspath(venv), "bin", "molecule"), "--base-config", os.path.join(SCENARIOS, "config.yml"),
            "test", "-s", scenario] + list(extra)


def run_here(scenario, extra=(), log=None):
    """``molecule test`` on this kernel; then nothing of its lab may be left on this machine."""
    say("%s: needs %s, running on this kernel (%s)" % (
        scenario, ", ".join(lab_of(scenario).get("requires", [])) or "nothing special", os.uname().release))
    out = open(log, "wb") if log else None  # pylint: disable=consider-using-with
    try:
        rc = subprocess.run(molecule_argv(scenario, extra), cwd=ROOT, check=False,
                            env=dict(os.environ, **MOLECULE_ENV, **scenario_env(scenario)),
                            stdin=subprocess.DEVNULL if log else None, stdout=out,
                            stderr=subprocess.STDOUT if log else None).returncode
    finally:
        if out:
            out.close()
    return rc or leftovers_here(scenario, lab_of(scenario)["name"])


def scenario_log(scenario):
    log = os.path.join(ROOT, "build", "test", "molecule-%s.log" % scenario)
    os.makedirs(os.path.dirname(log), exist_ok=True)
    return log


_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_BOX = re.compile(r"^\s*│ ?")  # Molecule prints Ansible's output in a box and wraps it, continued indented
_FAILED = re.compile(r"^(fatal|failed): \[[^]]+\]")
_MOLECULE = re.compile(r"^CRITICAL +(.*)")  # Molecule's own verdict (idempotence: the tasks that changed)
_TASK = re.compile(r"^TASK \[(.*)")


def failure_excerpt(text, limit=3, width=400):
    """The failed tasks of a Molecule log, one line each (``TASK [name] fatal: [host]: FAILED! => ...``).

    What a reader of CI's output needs first when a scenario failed: its log stays on the machine that ran
    it, the summary is what is shown. A rescued task's failure is printed like any other, so the last
    ``limit`` are kept: the scenario's own failure is last.
    """
    found, task, current, in_verdict = [], "?", None, False
    for raw in _ANSI.sub("", text).splitlines():
        line = _BOX.sub("", raw, count=1)
        if current is not None and line.startswith("  ") and line.strip():
            current.append(line.strip())  # the wrapped rest of a failure
            continue
        if current is not None:
            found.append(("TASK [%s] %s" % (task, " ".join(current)))[:width])
            current = None
        match, verdict = _TASK.match(line), _MOLECULE.match(raw)
        listing, in_verdict = in_verdict and raw.startswith("*  => "), False
        if match:
            task = match.group(1).split("]")[0].strip()
        elif _FAILED.match(line):
            current = [line.strip()]
        elif verdict and "glob failed" not in raw and "return code was" not in raw:  # (noise: the failed
            # task is shown already; the scenario glob of molecule/default)
            found.append(verdict.group(1).strip()[:width])
            in_verdict = True
        elif listing:  # the tasks a verdict lists, one per line
            found[-1] = ("%s %s" % (found[-1], raw[6:].strip()))[:width]
            in_verdict = True
    if current is not None:
        found.append(("TASK [%s] %s" % (task, " ".join(current)))[:width])
    return found[-limit:]


def run_in_vm(vm, scenario, extra=()):
    """``molecule test`` with the lab in ``vm``; then nothing of its lab may be left in the VM.

    Its output goes here and to build/test/molecule-<scenario>.log (for the failure excerpt)."""
    blocking_stdio()
    with open(scenario_log(scenario), "wb") as log, subprocess.Popen(
            molecule_argv(scenario, extra), cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env=dict(os.environ, **MOLECULE_ENV, **vm.env(), **scenario_env(scenario))) as proc:
        for chunk in iter(lambda: proc.stdout.readline(), b""):
            log.write(chunk)
            log.flush()   # scripts/lab_progress.py follows this file while it grows
            sys.stdout.buffer.write(chunk)
            sys.stdout.flush()
        rc = proc.wait()
    runs = vm.request({"ping": True}).get("module_runs", {})
    say("%s: module runs on lab nodes so far in this VM: %d in the agent's warm interpreter, %d cold (lab_warm)"
        % (scenario, runs.get("warm", 0), runs.get("cold", 0)))
    lab = lab_of(scenario)["name"]
    left = vm.request({"call": "leftovers", "args": [lab]})["result"]
    if left:
        say("%s left behind in the VM: %s (removed before the next scenario)" % (scenario, ", ".join(left)))
        vm.request({"call": "destroy", "args": [lab]})
        rc = rc or 1
    return rc


def run_scenario(argv):
    scenario, extra = argv[0], argv[1:]
    if not ensure_images([scenario]):
        return 1
    missing = missing_for(scenario)
    if not missing:
        return run_here(scenario, extra)
    image = kernel()
    accel = accelerator(image)
    say("%s: this kernel lacks %s; the lab runs in a VM (%s, %s, %s memory), Ansible stays here, "
        "reaching the lab through its agent" % (scenario, ", ".join(missing), os.path.basename(image), accel, VM_MEMORY))
    start = time.time()
    rc = 1
    vm = VM(scenario, image, accel)
    try:
        if not vm.start():
            return 1
        say("%s: VM up, lab agent answering on 127.0.0.1:%d after %.0f s" % (scenario, vm.port, time.time() - start))
        rc = run_in_vm(vm, scenario, extra)
    finally:
        vm.stop()
        say("%s: VM run finished with %d after %.0f s" % (scenario, rc, time.time() - start))
    return rc


def run_many(scenarios):
    """Every scenario: those this kernel can run, one after another in a thread of their own (output in
    build/test/molecule-<scenario>.log); beside them, those that need the VM one after another in ONE VM
    (output here). The run takes as long as the longer of the two lines, not their sum, and boots once."""
    import threading  # pylint: disable=import-outside-toplevel
    if not ensure_images(scenarios):
        return 1
    here = [s for s in scenarios if not missing_for(s)]
    in_vm = [s for s in scenarios if s not in here]
    results, start = {}, time.time()
    for scenario in scenarios:  # a log left by an earlier run must not explain this run's failure
        if os.path.exists(scenario_log(scenario)):
            os.unlink(scenario_log(scenario))
    say("%d scenarios: %s on this kernel (beside the others, logs in build/test/molecule-<scenario>.log); "
        "%s in one VM" % (len(scenarios), ", ".join(here) or "none", ", ".join(in_vm) or "none"))

    def host_line():
        for scenario in here:
            begun = time.time()
            log = scenario_log(scenario)
            try:
                rc = run_here(scenario, log=log)
            except Exception as exc:  # pylint: disable=broad-exception-caught  # one scenario, not the line
                say("%s: %s: %s" % (scenario, type(exc).__name__, exc))
                rc = 1
            results[scenario] = (rc, time.time() - begun, "this kernel")
            say("%s (this kernel): %s in %.0f s (log: %s)" % (scenario, "passed" if rc == 0 else "FAILED",
                                                              time.time() - begun, log))
            if rc and os.path.exists(log):
                with open(log, "rb") as handle:  # the end of a failed scenario's log, where its error is
                    sys.stdout.write(handle.read()[-6000:].decode(errors="replace"))

    worker = threading.Thread(target=host_line)
    worker.start()
    vm, boots = None, 0
    try:
        for index, scenario in enumerate(in_vm):
            begun = time.time()
            if vm is None or vm.proc.poll() is not None:
                image = kernel()
                boots += 1  # a VM that died keeps its console: each boot writes its own
                vm = VM("many-%d" % boots, image, accelerator(image))
                if not vm.start():
                    results[scenario] = (1, time.time() - begun, "VM")
                    vm.stop()  # a VM that never answered is not left running
                    vm = None
                    continue
                say("VM up (%s), lab agent answering on 127.0.0.1:%d after %.0f s" % (vm.accel, vm.port,
                                                                                     time.time() - begun))
            say("[%d/%d in the VM] %s: lacks %s on this kernel" % (index + 1, len(in_vm), scenario,
                                                                  ", ".join(missing_for(scenario))))
            try:
                rc = run_in_vm(vm, scenario)
            except A.AgentError as exc:  # the VM or its agent died under the scenario: a new VM for the next
                say("%s: the lab agent stopped answering (%s); its console: %s" % (scenario, exc, vm.console))
                rc = 1
                vm.stop()
                vm = None
            results[scenario] = (rc, time.time() - begun, "VM")
            say("%s (VM): %s in %.0f s" % (scenario, "passed" if rc == 0 else "FAILED", time.time() - begun))
    finally:
        if vm is not None:
            vm.stop()
        worker.join()
    why = {}
    for scenario in scenarios:
        rc, took, where = results.get(scenario, (1, 0.0, "not run"))
        print("---- %s: %s, %.0f s (%s)" % (scenario, "passed" if rc == 0 else "FAILED", took, where))
        if rc and os.path.exists(scenario_log(scenario)):
            with open(scenario_log(scenario), "rb") as handle:
                why[scenario] = failure_excerpt(handle.read().decode(errors="replace"))
            for line in why[scenario]:
                print("       %s" % line)
    bad = sum(1 for s in scenarios if results.get(s, (1,))[0] != 0)
    print("molecule: %d scenarios passed, %d failed (%.0f s, the VM's line and this kernel's side by side)%s"
          % (len(scenarios) - bad, bad, time.time() - start,
             "".join("; %s: %s" % (s, lines[-1][:300]) for s, lines in why.items() if lines)))
    return 1 if bad else 0


class VM:
    """The throwaway VM that holds a lab: booted with virtme-ng, reached through its lab agent."""

    def __init__(self, label, image, accel):
        self.label, self.image, self.accel = label, image, accel
        self.port = free_port()
        self.where = ("127.0.0.1", self.port)
        # the VM's console gets a file of its own: qemu makes the descriptors it is given non-blocking,
        # which Ansible refuses on its stdout and stderr
        self.console = os.path.join(ROOT, "build", "lab-vm-%s.log" % label)
        self.proc = None

    def start(self):
        """Boot and wait for the agent; False (said why) when it does not answer."""
        agent = os.path.join(INSTALLED, "plugins", "module_utils", "lab", "agent.py")
        # the forwarded port reaches the guest at qemu's user-network address 10.0.2.15 (no DHCP needed)
        command = ('dev=$(ls /sys/class/net | grep -vx lo | head -1) && ip link set "$dev" up && '
                   'ip addr add 10.0.2.15/24 dev "$dev" && cd %s && PYTHONPATH=%s exec python3 %s serve %d') % (
            shlex.quote(ROOT), shlex.quote(os.path.join(ROOT, "build", "collections")), shlex.quote(agent), AGENT_PORT)
        argv = ["vng", "--run", self.image, "--memory", VM_MEMORY, "--cpus", VM_CPUS, "--rwdir", ROOT,
                "--qemu-opts=-device virtio-net-pci,netdev=agent -netdev user,id=agent,restrict=on,"
                "hostfwd=tcp:127.0.0.1:%d-:%d" % (self.port, AGENT_PORT)]
        argv += [] if self.accel == "kvm" else ["--disable-kvm"]
        start = time.time()
        os.makedirs(os.path.dirname(self.console), exist_ok=True)
        # vng and the virtme-run it calls are the venv's (requirements-dev.txt): found beside this interpreter even
        # when the venv's bin is not on PATH (a run as `.venv/bin/python scripts/lab_molecule.py` failed with a traceback)
        env = dict(os.environ, PATH=os.pathsep.join([os.path.dirname(sys.executable), os.environ.get("PATH", "")]))
        if shutil.which("vng", path=env["PATH"]) is None:
            say("%s: vng (virtme-ng) is not installed beside %s or on PATH: run make setup" % (self.label, sys.executable))
            return False
        with open(self.console, "wb") as log:
            self.proc = subprocess.Popen(argv + ["--exec", command], stdin=subprocess.DEVNULL, env=env,  # pylint: disable=consider-using-with
                                         stdout=log, stderr=subprocess.STDOUT)
        while True:
            if self.proc.poll() is not None:
                say("%s: the VM exited (%d) before its lab agent answered; its console: %s"
                    % (self.label, self.proc.returncode, self.console))
                return False
            try:
                A.request({"ping": True}, timeout=5, where=self.where)
                break
            except A.AgentError:
                if time.time() - start > VM_BOOT_TIMEOUT:
                    say("%s: no lab agent after %d s" % (self.label, VM_BOOT_TIMEOUT))
                    return False
                time.sleep(1)
        # the node modules' warm interpreter (lab_warm) imports for seconds: let it start now
        self.request({"prewarm": {"python": "/usr/bin/python3", "site": W.controller_site()}})
        return True

    def env(self):
        """What Ansible here needs to reach the lab in the VM."""
        return {A.ENV: "127.0.0.1:%d" % self.port, "ANSIBLE_REMOTE_TMP": "/tmp/.ansible-tmp"}

    def request(self, message, **kwargs):
        return A.request(message, where=self.where, **kwargs)

    def stop(self):
        if self.proc is None:
            return
        try:
            A.request({"stop": True}, timeout=5, where=self.where)
        except A.AgentError:
            pass
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def leftovers_here(scenario, lab):
    """Whatever happened, the scenario must leave nothing of its lab on this machine."""
    left = L.leftovers(lab)
    if left:
        say("%s left behind: %s" % (scenario, ", ".join(left)))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
