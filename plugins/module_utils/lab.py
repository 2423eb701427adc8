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

import hashlib
import ipaddress
import json
import os
import re
import shutil
import signal
import subprocess
import time

STATE_ROOT = "/run/netdesign-lab"
INDEX = os.path.join(STATE_ROOT, "by-netns")
NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,14}$")
IFNAME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9_.]{0,14}$")

HOLDER_SCRIPT = r"""
set -e
mount --make-rprivate /
mount -t sysfs sysfs /sys
mount -t overlay overlay -o lowerdir=/etc,upperdir="$1/etc.upper",workdir="$1/etc.work" /etc
mount -t overlay overlay -o lowerdir=/var,upperdir="$1/var.upper",workdir="$1/var.work" /var
mount -t tmpfs -o mode=0755 tmpfs /run
mount -t tmpfs -o mode=1777 tmpfs /tmp
mkdir -p /run/lock /run/netns /run/network
if getent passwd frr >/dev/null; then mkdir -p /run/frr && chown frr:frr /run/frr; fi
hostname "$2"
echo "$2" > /etc/hostname
ip link set lo up
echo ready
exec sleep infinity
"""


class LabError(Exception):
    """Something about the lab (its topology or the host) is wrong; the message says what."""


def run(cmd, check=True, input_data=None, timeout=60):
    """Run a command; a failure raises LabError with the command and its stderr."""
    # no AnsibleModule here to run_command with: the lab runs from the controller, its tests and the lab agent
    proc = subprocess.run(cmd, input=input_data, capture_output=True, timeout=timeout, check=False)  # pylint: disable=ansible-bad-function
    if check and proc.returncode != 0:
        err = proc.stderr.decode(errors="replace").strip()
        raise LabError("%s failed (rc=%d): %s" % (" ".join(cmd), proc.returncode, err))
    return proc


# ---------------------------------------------------------------------------------------------
# Topology

def _endpoint(value, field, nodes):
    if not isinstance(value, str) or value.count(":") != 1:
        raise LabError("%s: expected 'node:interface', got %r" % (field, value))
    node, ifname = value.split(":")
    if node not in nodes:
        raise LabError("%s: %r is not a node of the lab" % (field, node))
    if not IFNAME_RE.match(ifname) or ifname == "lo":
        raise LabError("%s: %r is not a usable interface name (1-15 characters, not lo)" % (field, ifname))
    return node, ifname


def _routes(raw, field):
    """Static routes of a node that no role configures: ``[{'to': prefix, 'via': addr, 'metric': n}]``."""
    routes = []
    if not isinstance(raw if raw is not None else [], list):
        raise LabError("%s: must be a list of {to, via|dev, metric}" % field)
    for index, route in enumerate(raw or []):
        where = "%s[%d]" % (field, index)
        if not isinstance(route, dict) or not route.get("to") or not (route.get("via") or route.get("dev")):
            raise LabError("%s: needs 'to' and 'via' or 'dev', got %r" % (where, route))
        try:
            ipaddress.ip_network(str(route["to"]) if route["to"] != "default" else "0.0.0.0/0")
            if route.get("via"):
                ipaddress.ip_address(str(route["via"]))
        except ValueError as exc:
            raise LabError("%s: %s" % (where, exc)) from None
        routes.append({key: str(route[key]) for key in ("to", "via", "dev", "metric") if route.get(key) is not None})
    return routes


def _sysctls(raw, field):
    if not isinstance(raw if raw is not None else {}, dict):
        raise LabError("%s: must be a mapping of sysctl key to value" % field)
    for key in raw or {}:
        if not re.match(r"^net\.[a-z0-9_.]+$", str(key)):
            raise LabError("%s: %r is not a net.* sysctl key" % (field, key))
    return {str(k): str(v) for k, v in (raw or {}).items()}


def parse_topology(topology):
    """Validate and normalise a topology description.

    ``{'name': 'smoke', 'nodes': {'r1': {'interfaces': {'eth1': {'addresses': ['10.0.0.1/30']}}}},
    'links': [['r1:eth1', 'r2:eth1'], {'name': 'lan', 'endpoints': ['r1:eth2', 'h1:eth0', 'h2:eth0']}]}``
    """
    if not isinstance(topology, dict):
        raise LabError("topology: must be a mapping, got %r" % (topology,))
    name = topology.get("name")
    if not isinstance(name, str) or not NAME_RE.match(name):
        raise LabError("topology.name: must be 1-15 lowercase letters, digits or _, starting with a letter, "
                       "got %r" % (name,))
    raw_nodes = topology.get("nodes")
    if not isinstance(raw_nodes, dict) or not raw_nodes:
        raise LabError("topology.nodes: must be a non-empty mapping of node name to settings")
    nodes = {}
    for node, settings in sorted(raw_nodes.items()):
        if not isinstance(node, str) or not NAME_RE.match(node) or node == "sw":
            raise LabError("topology.nodes: %r is not a valid node name (lowercase, 1-15 characters, not 'sw')"
                           % (node,))
        settings = settings or {}
        if not isinstance(settings, dict):
            raise LabError("topology.nodes.%s: must be a mapping" % node)
        interfaces = {}
        for ifname, ifset in sorted((settings.get("interfaces") or {}).items()):
            if not IFNAME_RE.match(str(ifname)):
                raise LabError("topology.nodes.%s.interfaces: %r is not a valid interface name" % (node, ifname))
            addresses = (ifset or {}).get("addresses", [])
            if not isinstance(addresses, list) or not all(isinstance(a, str) and "/" in a for a in addresses):
                raise LabError("topology.nodes.%s.interfaces.%s.addresses: must be a list of address/len"
                               % (node, ifname))
            interfaces[str(ifname)] = {"addresses": list(addresses)}
        nodes[node] = {"interfaces": interfaces,
                       "routes": _routes(settings.get("routes"), "topology.nodes.%s.routes" % node),
                       "sysctls": _sysctls(settings.get("sysctls"), "topology.nodes.%s.sysctls" % node)}
    links = []
    used = {}
    for index, raw in enumerate(topology.get("links") or []):
        field = "topology.links[%d]" % index
        if isinstance(raw, dict):
            endpoints = raw.get("endpoints")
            link_name = raw.get("name") or "seg%d" % index
        else:
            endpoints, link_name = raw, "seg%d" % index
        if not isinstance(endpoints, list) or len(endpoints) < 2:
            raise LabError("%s: needs a list of at least two 'node:interface' endpoints" % field)
        parsed = []
        for e_index, value in enumerate(endpoints):
            node, ifname = _endpoint(value, "%s.endpoints[%d]" % (field, e_index), nodes)
            key = "%s:%s" % (node, ifname)
            if key in used:
                raise LabError("%s: %s is already used by %s" % (field, key, used[key]))
            used[key] = field
            parsed.append([node, ifname])
        links.append({"name": str(link_name), "endpoints": parsed, "bridge": len(parsed) > 2})
    for node, settings in nodes.items():
        for ifname in settings["interfaces"]:
            if ifname != "lo" and "%s:%s" % (node, ifname) not in used:
                raise LabError("topology.nodes.%s.interfaces.%s: is on no link" % (node, ifname))
    result = {"name": name, "nodes": nodes, "links": links}
    result["digest"] = hashlib.sha256(json.dumps(result, sort_keys=True).encode()).hexdigest()[:16]
    return result


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
    return ["nsenter", "-t", str(pid), "-m", "-n", "-u", "--wd=/", "--"] + list(argv)


def node_exec(netns, argv, check=True, input_data=None, timeout=60):
    return run(node_command(netns, argv), check=check, input_data=input_data, timeout=timeout)


# ---------------------------------------------------------------------------------------------
# Create / destroy

def _start_node(lab, node):
    netns = netns_name(lab, node)
    base = os.path.join(_lab_dir(lab), "nodes", node)
    for sub in ("etc.upper", "etc.work", "var.upper", "var.work"):
        os.makedirs(os.path.join(base, sub), exist_ok=True)
    _record(lab, netns)
    if _netns_inode(netns) is None:
        run(["ip", "netns", "add", netns])
    proc = subprocess.Popen(  # pylint: disable=consider-using-with,ansible-bad-function
        ["nsenter", "--net=/run/netns/%s" % netns, "--", "unshare", "--mount", "--uts", "--propagation",
         "private", "--", "/bin/sh", "-c", HOLDER_SCRIPT, "holder", base, node],
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
            pid = _start_node(lab, node)
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
            for ifname, ifset in settings["interfaces"].items():
                for address in ifset["addresses"]:
                    run(["ip", "-n", netns_name(lab, node), "address", "add", address, "dev", ifname])
            for key, value in settings["sysctls"].items():
                node_exec(netns_name(lab, node), ["sysctl", "-q", "-w", "%s=%s" % (key, value)])
            for route in settings["routes"]:
                argv = ["ip", "-n", netns_name(lab, node), "route", "add", route["to"]]
                for key in ("via", "dev", "metric"):
                    if key in route:
                        argv += [key, route[key]]
                run(argv)
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


def watch(lab, node, argv, text, present=True, timeout=30.0, interval=0.05):
    """Poll ``argv`` in a node until ``text`` is (``present``) or is not in its output, or ``timeout``.

    Returns ``{'met', 'at', 'polls', 'output'}``: whether it happened, the wall-clock time of the first
    poll that saw it (or of the last poll), how many polls ran and the last output. The resolution is
    one poll (``interval`` plus the command's own run time).
    """
    netns = netns_name(lab, node)
    deadline = time.time() + float(timeout)
    polls = 0
    while True:
        proc = node_exec(netns, argv, check=False)
        at = time.time()
        polls += 1
        output = proc.stdout.decode(errors="replace")
        if (text in output) == bool(present):
            return {"met": True, "at": at, "polls": polls, "output": output}
        if at >= deadline:
            return {"met": False, "at": at, "polls": polls, "output": output}
        time.sleep(max(0.0, float(interval)))


def node_links(lab, node):
    out = run(["ip", "-n", netns_name(lab, node), "-j", "link", "show"]).stdout.decode()
    return [link["ifname"] for link in json.loads(out) if link["ifname"] != "lo"]


def node_stop(lab, node):
    """Stop a node like pulling its plugs: every interface down, every process but the holder killed."""
    netns = netns_name(lab, node)
    pid = holder_pid(netns)
    for ifname in node_links(lab, node):
        link_set(lab, node, ifname, False)
    others = [int(p) for p in run(["ip", "netns", "pids", netns], check=False).stdout.decode().split()
              if int(p) != pid]
    for other in others:
        try:
            os.kill(other, signal.SIGKILL)
        except OSError:
            pass
    deadline = time.time() + 5
    while time.time() < deadline and any(_alive(p) for p in others):
        time.sleep(0.02)
    return time.time()


def node_start(lab, node):
    """Bring a stopped node's interfaces back up (daemons are the converge play's business)."""
    for ifname in node_links(lab, node):
        link_set(lab, node, ifname, True)
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


# ---------------------------------------------------------------------------------------------
# Real traffic between nodes (TCP, UDP, multicast), with what the receiver saw

LISTENER = r"""
import json, socket, struct, sys, time
proto, bind, port, group = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
count, timeout = int(sys.argv[5]), float(sys.argv[6])
family = socket.AF_INET6 if ":" in (group or bind) else socket.AF_INET
got = []
deadline = time.time() + timeout
if proto == "tcp":
    srv = socket.socket(family, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((bind, port)); srv.listen(16)
    print("listening", flush=True)
    while len(got) < count and time.time() < deadline:
        srv.settimeout(max(0.01, deadline - time.time()))
        try:
            conn, peer = srv.accept()
        except OSError:
            break
        conn.settimeout(2)
        data = b""
        try:
            while True:
                chunk = conn.recv(65536)
                if not chunk:
                    break
                data += chunk
            conn.sendall(b"ack:" + data)
        except OSError:
            pass
        conn.close()
        got.append({"from": peer[0], "port": peer[1], "payload": data.decode(errors="replace")})
else:
    srv = socket.socket(family, socket.SOCK_DGRAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("" if group else bind, port))
    if group:
        if family == socket.AF_INET:
            srv.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP,
                           socket.inet_aton(group) + socket.inet_aton(bind if bind != "0.0.0.0" else "0.0.0.0"))
        else:
            srv.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP, socket.inet_pton(family, group) + struct.pack("@I", 0))
    print("listening", flush=True)
    while len(got) < count and time.time() < deadline:
        srv.settimeout(max(0.01, deadline - time.time()))
        try:
            data, peer = srv.recvfrom(65536)
        except OSError:
            break
        got.append({"from": peer[0], "port": peer[1], "payload": data.decode(errors="replace")})
print(json.dumps(got), flush=True)
"""

SENDER = r"""
import socket, sys, time
proto, dest, port, source = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
count, interval, ttl = int(sys.argv[5]), float(sys.argv[6]), int(sys.argv[7])
family = socket.AF_INET6 if ":" in dest else socket.AF_INET
sent = 0
for index in range(count):
    payload = ("probe %d" % index).encode()
    try:
        sock = socket.socket(family, socket.SOCK_STREAM if proto == "tcp" else socket.SOCK_DGRAM)
        if source:
            sock.bind((source, 0))
        if proto == "tcp":
            sock.settimeout(3)
            sock.connect((dest, port)); sock.sendall(payload); sock.shutdown(socket.SHUT_WR)
            sock.recv(65536)
        else:
            if family == socket.AF_INET:
                sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, ttl)
                if source:  # leave by the interface of the source address (a node may have no default route)
                    sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton(source))
            else:
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, ttl)
            sock.sendto(payload, (dest, port))
        sent += 1
    except OSError as exc:
        print("error %s" % exc, file=sys.stderr)
    finally:
        sock.close()
    time.sleep(interval)
print(sent)
"""


_SESSION_TALK = r"""
import json, socket, sys, time


def talk(sock, seconds, interval):
    # send a numbered line every interval, wait for its echo; measure the longest gap between echoes
    out = {"sent": 0, "echoed": 0, "max_gap": 0.0, "error": None}
    try:
        start = last = time.time()
        buf = b""
        while time.time() - start < seconds:
            line = b"%d\n" % out["sent"]
            sock.sendall(line); out["sent"] += 1
            while line not in buf:
                chunk = sock.recv(65536)
                if not chunk:
                    raise OSError("connection closed by the peer")
                buf += chunk
            buf = buf.split(line, 1)[1]
            now = time.time()
            out["echoed"] += 1
            out["max_gap"] = max(out["max_gap"], round(now - last, 3))
            last = now
            time.sleep(interval)
        sock.shutdown(socket.SHUT_WR)
    except OSError as exc:
        out["error"] = str(exc) or exc.__class__.__name__
    return out


def echo(sock):
    got = 0
    try:
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            got += len(chunk)
            sock.sendall(chunk)
    except OSError as exc:
        return {"bytes": got, "error": str(exc)}
    return {"bytes": got}
"""

SESSION_SERVER = _SESSION_TALK + r"""
bind, port, timeout, talker = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4] == "server"
seconds, interval = float(sys.argv[5]), float(sys.argv[6])
srv = socket.socket(socket.AF_INET6 if ":" in bind else socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind((bind, port)); srv.listen(1)
print("listening", flush=True)
srv.settimeout(timeout)
result = {"from": None, "port": None}
try:
    conn, peer = srv.accept()
    result.update({"from": peer[0], "port": peer[1]})
    conn.settimeout(timeout)
    result.update(talk(conn, seconds, interval) if talker else echo(conn))
except OSError as exc:
    result["error"] = str(exc)
print(json.dumps(result), flush=True)
"""

SESSION_CLIENT = _SESSION_TALK + r"""
dest, port, source = sys.argv[1], int(sys.argv[2]), sys.argv[3]
seconds, interval, wait, talker = float(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6]), sys.argv[7] == "client"
sock = socket.socket(socket.AF_INET6 if ":" in dest else socket.AF_INET, socket.SOCK_STREAM)
try:
    if source:
        sock.bind((source, 0))
    sock.settimeout(wait)
    sock.connect((dest, port))
    out = talk(sock, seconds, interval) if talker else echo(sock)
except OSError as exc:
    out = {"sent": 0, "echoed": 0, "max_gap": 0.0, "error": str(exc) or exc.__class__.__name__}
finally:
    sock.close()
print(json.dumps(out), flush=True)
"""


def session(lab, sender, receiver, destination, port=50000, seconds=10.0, interval=0.1, source=None,
            wait=15.0, talker="client"):
    """Hold ONE TCP connection from ``sender`` to ``receiver`` for ``seconds``.

    The *talker* (``client``, the sender, or ``server``, the receiver: a server push) sends a
    numbered line every ``interval`` and waits for its echo from the other end. Returns the
    talker's ``{'sent', 'echoed', 'max_gap', 'error'}`` plus ``from``/``port``, the source the
    receiver saw: ``max_gap`` is the longest time between two echoes (an outage the connection
    survived), ``error`` why it broke (``None`` if it did not). Meant to run while a fault is injected.
    """
    if talker not in ("client", "server"):
        raise LabError("talker must be client or server, got %r" % (talker,))
    listener = subprocess.Popen(  # pylint: disable=consider-using-with,ansible-bad-function
        node_command(netns_name(lab, receiver), ["python3", "-c", SESSION_SERVER, "0.0.0.0" if ":" not in destination
                                                 else "::", str(port), str(seconds + wait + 10), talker, str(seconds),
                                                 str(interval)]),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        if listener.stdout.readline().decode().strip() != "listening":
            raise LabError("listener on %s did not start: %s" % (receiver, listener.stderr.read().decode()))
        out = node_exec(netns_name(lab, sender), ["python3", "-c", SESSION_CLIENT, destination, str(port),
                                                  source or "", str(seconds), str(interval), str(wait), talker],
                        check=False, timeout=seconds + wait * 2 + 30)
        said = listener.communicate(timeout=wait + 15)[0].decode().strip().splitlines()
        server = json.loads(said[-1]) if said else {}  # the receiver's node may have been stopped
    finally:
        if listener.poll() is None:
            listener.kill()
            listener.wait()
    lines = out.stdout.decode().strip().splitlines()
    client = json.loads(lines[-1]) if lines else {"error": out.stderr.decode().strip() or "no output"}
    result = dict(client if talker == "client" else server)
    for key, value in (("sent", 0), ("echoed", 0), ("max_gap", 0.0), ("error", None)):
        result.setdefault(key, value)
    if talker == "server" and result["error"] is None and client.get("error"):
        result["error"] = client["error"]
    result.pop("bytes", None)
    result.update({"from": server.get("from"), "port": server.get("port")})
    return result


def traffic(lab, sender, receiver, destination, proto="udp", port=50000, count=3, source=None,
            listen="0.0.0.0", interval=0.1, timeout=10.0, ttl=16):
    """Send ``count`` TCP connections or UDP datagrams (unicast or to a multicast group) from one node
    to another and return what the receiver saw: ``{'sent': n, 'received': [{'from', 'port', 'payload'}]}``.

    For multicast, ``destination`` is the group; the receiver joins it on ``listen`` (its address).
    """
    if proto not in ("tcp", "udp"):
        raise LabError("proto must be tcp or udp, got %r" % (proto,))
    try:
        is_group = ipaddress.ip_address(destination).is_multicast
    except ValueError:
        raise LabError("destination %r is not an IP address" % (destination,)) from None
    if is_group and proto == "tcp":
        raise LabError("multicast needs proto udp")
    listener = subprocess.Popen(  # pylint: disable=consider-using-with,ansible-bad-function
        node_command(netns_name(lab, receiver),
                     ["python3", "-c", LISTENER, proto, "::" if ":" in destination and listen == "0.0.0.0" else listen,
                      str(port), destination if is_group else "", str(count), str(timeout)]),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        if listener.stdout.readline().decode().strip() != "listening":
            raise LabError("listener on %s did not start: %s" % (receiver, listener.stderr.read().decode()))
        out = node_exec(netns_name(lab, sender),
                        ["python3", "-c", SENDER, proto, destination, str(port), source or "", str(count),
                         str(interval), str(ttl)], check=False, timeout=timeout + 30)
        stdout = listener.communicate(timeout=timeout + 5)[0]
    finally:
        if listener.poll() is None:
            listener.kill()
            listener.wait()
    sent = out.stdout.decode().strip()
    return {"sent": int(sent) if sent.isdigit() else 0,
            "received": json.loads(stdout.decode().strip().splitlines()[-1] or "[]")}
