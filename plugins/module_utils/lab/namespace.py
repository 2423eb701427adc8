# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Namespace labs: a container without an image, on the host's userland.

A *node* is a named network namespace plus a private mount and UTS namespace
held open by one process (the holder).  The holder mounts an overlay on /etc
and /var (writable, private, starting as the host's) and a tmpfs on /run and
/tmp, so daemons (FRR, keepalived, conntrackd) run per node with their default
paths.  *Links* are veth pairs; a segment with more than two endpoints is a
bridge in the lab's switch namespace ``<lab>-sw``.  Nothing is created in the
host's network namespace.

State lives in ``/run/netdesign-lab/<lab>/``: every namespace is recorded there
*before* it is created, so :func:`destroy` cleans up after a failed run too.
Commands run in a node with ``nsenter -t <holder> -m -n -u``.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time

# the topology's grammar and the lab's error live in lab_topology; callers keep using lab.LabError
from ansible_collections.netdesign.resilience.plugins.module_utils.lab import image as lab_image
from ansible_collections.netdesign.resilience.plugins.module_utils.lab.topology import (  # noqa: F401  pylint: disable=unused-import
    NAME_RE, LabError, parse_topology)

STATE_ROOT = "/run/netdesign-lab"
INDEX = os.path.join(STATE_ROOT, "by-netns")

HOLDER_SCRIPT = r"""
set -e
mount --make-rprivate /
mount -t sysfs sysfs /sys
mount -t overlay overlay -o lowerdir=/etc,upperdir="$1/etc.upper",workdir="$1/etc.work" /etc
mount -t overlay overlay -o lowerdir=/var,upperdir="$1/var.upper",workdir="$1/var.work" /var
mount -t tmpfs -o mode=0755 tmpfs /run
mount -t tmpfs -o mode=1777 tmpfs /tmp
mkdir -p /run/lock /run/netns /run/network
/bin/sh -c "$3"
hostname "$2"
echo "$2" > /etc/hostname
ip link set lo up
echo ready
exec sleep infinity
"""


def run(cmd, check=True, input_data=None, timeout=60):
    """Run a command; a failure raises LabError with the command and its stderr."""
    # no AnsibleModule here to run_command with: the lab runs from the controller, its tests and the lab agent
    proc = subprocess.run(cmd, input=input_data, capture_output=True, timeout=timeout, check=False)  # pylint: disable=ansible-bad-function
    if check and proc.returncode != 0:
        err = proc.stderr.decode(errors="replace").strip()
        raise LabError("%s failed (rc=%d): %s" % (" ".join(cmd), proc.returncode, err))
    return proc


def netns_name(lab, node):
    return "%s-%s" % (lab, node)


# ---------------------------------------------------------------------------------------------
# State

def _lab_dir(lab):
    return os.path.join(STATE_ROOT, lab)


def load_state(lab):
    try:
        with open(os.path.join(_lab_dir(lab), "state.json")) as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return None


def _save_state(lab, state):
    path = os.path.join(_lab_dir(lab), "state.json")
    with open(path + ".tmp", "w") as handle:
        json.dump(state, handle, indent=1, sort_keys=True)
    os.replace(path + ".tmp", path)


def _record(lab, netns):
    """Remember a namespace before creating it, so destroy() finds it after any failure."""
    os.makedirs(_lab_dir(lab), exist_ok=True)
    with open(os.path.join(_lab_dir(lab), "netns.list"), "a") as handle:
        handle.write(netns + "\n")


def _recorded(lab):
    try:
        with open(os.path.join(_lab_dir(lab), "netns.list")) as handle:
            return sorted({line.strip() for line in handle if line.strip()})
    except OSError:
        return []


def holder_pid(netns):
    """The holder process of a node (for nsenter), or None when the node is not running."""
    try:
        with open(os.path.join(INDEX, netns)) as handle:
            pid = int(handle.read().strip())
    except (OSError, ValueError):
        return None
    return pid if _alive(pid) and _netns_of(pid) == _netns_inode(netns) else None


def _alive(pid):
    """True for a running process; a zombie (killed, not yet reaped) counts as gone and is reaped if ours."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass
    try:
        with open("/proc/%d/stat" % pid) as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def _netns_of(pid):
    try:
        return os.stat("/proc/%d/ns/net" % pid).st_ino
    except OSError:
        return None


def _netns_inode(netns):
    try:
        return os.stat("/run/netns/%s" % netns).st_ino
    except OSError:
        return None


def node_command(netns, argv):
    """argv to run ``argv`` inside a node."""
    pid = holder_pid(netns)
    if pid is None:
        raise LabError("lab node %s is not running (no live holder process)" % netns)
    # -r: the holder's root (a node on an image runs chrooted into it; any other node's root is the host's);
    # --wdns: "/" of that root (--wd would open "/" before entering it: a cwd outside the chroot)
    return ["nsenter", "-t", str(pid), "-m", "-n", "-u", "-r", "--wdns=/", "--"] + list(argv)


def node_exec(netns, argv, check=True, input_data=None, timeout=60):
    return run(node_command(netns, argv), check=check, input_data=input_data, timeout=timeout)


# ---------------------------------------------------------------------------------------------
# Create / destroy

def _start_node(lab, node, image=None):
    netns = netns_name(lab, node)
    base = os.path.join(_lab_dir(lab), "nodes", node)
    for sub in ("etc.upper", "etc.work", "var.upper", "var.work"):
        os.makedirs(os.path.join(base, sub), exist_ok=True)
    script = lab_image.holder(base, node, image) if image else ["/bin/sh", "-c", HOLDER_SCRIPT, "holder", base, node, lab_image.FRR_NODE_SETUP]
    _record(lab, netns)
    if _netns_inode(netns) is None:
        run(["ip", "netns", "add", netns])
    proc = subprocess.Popen(  # pylint: disable=consider-using-with,ansible-bad-function
        ["nsenter", "--net=/run/netns/%s" % netns, "--", "unshare", "--mount", "--uts", "--propagation",
         "private", "--"] + script,
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    line = proc.stdout.readline().decode().strip()
    if line != "ready":
        proc.kill()
        err = proc.stderr.read().decode(errors="replace").strip()
        raise LabError("node %s did not start: %s" % (node, err or line or "no output"))
    os.makedirs(INDEX, exist_ok=True)
    with open(os.path.join(INDEX, netns), "w") as handle:
        handle.write(str(proc.pid))
    return proc.pid


def _veth(ns_a, if_a, ns_b, if_b):
    run(["ip", "link", "add", "name", if_a, "netns", ns_a, "type", "veth", "peer", "name", if_b, "netns", ns_b])
    run(["ip", "-n", ns_a, "link", "set", "dev", if_a, "up"])
    run(["ip", "-n", ns_b, "link", "set", "dev", if_b, "up"])


def is_running(topo):
    """The lab's state when it runs exactly this parsed topology with every node alive, else None."""
    state = load_state(topo["name"])
    if state and state.get("digest") == topo["digest"] and all(
            holder_pid(n["netns"]) for n in state["nodes"].values()):
        return state
    return None


def create(topology):
    """Create the lab (or leave it when it already runs this topology). Returns (changed, state)."""
    topo = parse_topology(topology)
    lab = topo["name"]
    running = is_running(topo)
    if running:
        return False, running
    state = load_state(lab)
    if state or _recorded(lab):
        destroy(lab)
    os.makedirs(_lab_dir(lab), exist_ok=True)
    state = {"name": lab, "digest": topo["digest"], "nodes": {}, "links": topo["links"],
             "switch": netns_name(lab, "sw"), "created": time.time()}
    try:
        for node in topo["nodes"]:
            pid = _start_node(lab, node, topo["nodes"][node]["image"])
            state["nodes"][node] = {"netns": netns_name(lab, node), "pid": pid}
        if any(link["bridge"] for link in topo["links"]):
            _record(lab, state["switch"])
            run(["ip", "netns", "add", state["switch"]])
            run(["ip", "-n", state["switch"], "link", "set", "lo", "up"])
        for index, link in enumerate(topo["links"]):
            ends = link["endpoints"]
            if not link["bridge"]:
                (na, ia), (nb, ib) = ends
                _veth(netns_name(lab, na), ia, netns_name(lab, nb), ib)
                continue
            bridge = "br%d" % index
            run(["ip", "-n", state["switch"], "link", "add", bridge, "type", "bridge"])
            run(["ip", "-n", state["switch"], "link", "set", bridge, "up"])
            for port, (node, ifname) in enumerate(ends):
                peer = "l%dp%d" % (index, port)
                _veth(netns_name(lab, node), ifname, state["switch"], peer)
                run(["ip", "-n", state["switch"], "link", "set", peer, "master", bridge])
        for node, settings in topo["nodes"].items():
            boot = _boot(settings)
            state["nodes"][node]["boot"] = boot
            for ifname, address in boot["addresses"]:
                run(["ip", "-n", netns_name(lab, node), "address", "add", address, "dev", ifname])
            for key, value in settings["sysctls"].items():
                node_exec(netns_name(lab, node), ["sysctl", "-q", "-w", "%s=%s" % (key, value)])
            for route in boot["routes"]:
                run(["ip", "-n", netns_name(lab, node), "route", "add"] + route)
    except Exception:
        destroy(lab)
        raise
    _save_state(lab, state)
    return True, state


def _kill_netns_processes(netns):
    pids = run(["ip", "netns", "pids", netns], check=False).stdout.decode().split()
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in pids:
            try:
                os.kill(int(pid), sig)
            except (OSError, ValueError):
                pass
        deadline = time.time() + 3
        while pids and time.time() < deadline:
            pids = [p for p in pids if _alive(int(p))]
            if pids:
                time.sleep(0.05)
        if not pids:
            return


def destroy(lab):
    """Remove every namespace, process and state file of the lab. Returns True when anything was there."""
    if not NAME_RE.match(lab or ""):
        raise LabError("lab name %r is not valid" % (lab,))
    state = load_state(lab) or {}
    names = set(_recorded(lab)) | {n["netns"] for n in state.get("nodes", {}).values()}
    if state.get("switch"):
        names.add(state["switch"])
    found = bool(names) or os.path.isdir(_lab_dir(lab))
    for netns in sorted(names):
        if _netns_inode(netns) is not None:
            _kill_netns_processes(netns)
            run(["ip", "netns", "del", netns], check=False)
        try:
            os.unlink(os.path.join(INDEX, netns))
        except OSError:
            pass
    shutil.rmtree(_lab_dir(lab), ignore_errors=True)
    return found


def leftovers(lab):
    """What of the lab still exists (namespaces, index entries, state dir): empty after a clean destroy."""
    out = []
    listed = run(["ip", "netns", "list"], check=False).stdout.decode().split("\n")
    prefix = lab + "-"
    out += ["netns " + line.split()[0] for line in listed if line.startswith(prefix)]
    if os.path.isdir(INDEX):
        out += ["index " + n for n in os.listdir(INDEX) if n.startswith(prefix)]
    if os.path.isdir(_lab_dir(lab)):
        out.append("state " + _lab_dir(lab))
    return out


# ---------------------------------------------------------------------------------------------
# Failure injection

def link_set(lab, node, ifname, up):
    """Set a node's interface up or down; returns the wall-clock time it was done."""
    run(["ip", "-n", netns_name(lab, node), "link", "set", "dev", ifname, "up" if up else "down"])
    return time.time()


def link_flap(lab, node, ifname, down_seconds):
    """Take an interface down for ``down_seconds`` and back up; returns (down_at, up_at)."""
    down_at = link_set(lab, node, ifname, False)
    time.sleep(max(0.0, float(down_seconds)))
    return down_at, link_set(lab, node, ifname, True)


def _boot(settings):
    """A node's own addresses ``[[interface, address]]`` and routes (``ip route`` arguments after ``add``): what
    the lab sets at creation and a power-on (node_start) sets again."""
    return {"addresses": [[i, a] for i, each in settings["interfaces"].items() for a in each["addresses"]],
            "routes": [[r["to"]] + [str(w) for k in ("via", "dev", "metric") if k in r for w in (k, r[k])]
                       for r in settings["routes"]]}


def node_links(lab, node):
    out = run(["ip", "-n", netns_name(lab, node), "-j", "link", "show"]).stdout.decode()
    return [link["ifname"] for link in json.loads(out) if link["ifname"] != "lo"]


def node_stop(lab, node):
    """Stop a node like pulling its plugs: every interface down, every process but the holder killed."""
    netns = netns_name(lab, node)
    pid = holder_pid(netns)
    for ifname in node_links(lab, node):
        link_set(lab, node, ifname, False)
    others = [int(p) for p in run(["ip", "netns", "pids", netns], check=False).stdout.decode().split() if int(p) != pid]
    for other in others:
        try:
            os.kill(other, signal.SIGKILL)
        except OSError:
            pass
    deadline = time.time() + 5
    while time.time() < deadline and any(_alive(p) for p in others):
        time.sleep(0.02)
    # a power-off loses /run (a tmpfs), and its pid files: left here they would name processes gone, or by the power-on
    # another node's (one PID space), and an init script that finds its pid alive starts nothing (frrinit.sh, keepalived)
    node_exec(netns, ["find", "/run", "-xdev", "-name", "*.pid", "-delete"], check=False)
    return time.time()


def node_start(lab, node):
    """Bring a stopped node's interfaces back up with the lab's own addresses and routes of the node, as its boot
    configuration would (daemons are the converge play's or the caller's business). The stop took its links down
    administratively, which on Linux removes every route over them and flushes their IPv6 addresses: ``replace``
    sets again what is gone and leaves what stayed."""
    for ifname in node_links(lab, node):
        link_set(lab, node, ifname, True)
    boot, netns = ((load_state(lab) or {}).get("nodes", {}).get(node) or {}).get("boot") or {}, netns_name(lab, node)
    for ifname, address in boot.get("addresses", []):
        run(["ip", "-n", netns, "address", "replace", address, "dev", ifname])
    for route in boot.get("routes", []):
        run(["ip", "-n", netns, "route", "replace"] + route)
    return time.time()


# ---------------------------------------------------------------------------------------------
# Kernel features a scenario may need

# feature -> (kernel module, `ip link add` arguments after the name)
FEATURES = {
    "bond": ("bonding", ["type", "bond"]),
    "vrf": ("vrf", ["type", "vrf", "table", "10"]),
    "sit": ("sit", ["type", "sit", "mode", "ip6ip"]),
    "dummy": ("dummy", ["type", "dummy"]),
    "bridge": ("bridge", ["type", "bridge"]),
    "veth": ("veth", ["type", "veth", "peer", "name", "ndprobe1"]),
    "vlan": ("8021q", None),
    "macvlan": ("macvlan", None),
}


def missing_features(features):
    """The features (of FEATURES) this kernel cannot provide, probed in a throwaway namespace."""
    unknown = [f for f in features if f not in FEATURES]
    if unknown:
        raise LabError("unknown kernel feature(s) %s (known: %s)" % (", ".join(unknown), ", ".join(sorted(FEATURES))))
    netns = "ndprobe%d" % os.getpid()
    run(["ip", "netns", "add", netns])
    missing = []
    try:
        run(["ip", "-n", netns, "link", "add", "ndparent", "type", "veth", "peer", "name", "ndparent1"], check=False)
        for feature in features:
            module, args = FEATURES[feature]
            run(["modprobe", "-q", module], check=False)
            if args is None:  # needs a parent link
                args = ["link", "ndparent", "type", feature] + (["id", "10"] if feature == "vlan" else [])
            if run(["ip", "-n", netns, "link", "add", "ndprobe0"] + args, check=False).returncode != 0:
                missing.append(feature)
            run(["ip", "-n", netns, "link", "del", "ndprobe0"], check=False)
    finally:
        run(["ip", "netns", "del", netns], check=False)
    return missing
