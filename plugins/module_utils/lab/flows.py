# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a scenario watches in a running lab: a command's output until it changes (``watch``), real traffic
between nodes (UDP, TCP, multicast) and one long TCP session, with what each end saw.

The programs that run in the nodes for traffic are lab_probe's, sent as source text to each node's own
``python3``. The lab itself (create, destroy, faults) is ``lab``'s.
"""

from __future__ import annotations

import ipaddress
import json
import subprocess
import time

from ansible_collections.netdesign.resilience.plugins.module_utils.lab import probe as P
from ansible_collections.netdesign.resilience.plugins.module_utils.lab.namespace import (
    LabError, netns_name, node_command, node_exec)


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


# the programs' source, sent to the node as text (inside an Ansible module this file is in a zip)
PROBE_SOURCE = P.__loader__.get_source(P.__name__)


def _probe(program, *args):
    """``python3 -c`` with lab_probe's source: one of its programs, run by a node's own interpreter."""
    return ["python3", "-c", PROBE_SOURCE, program] + [str(a) for a in args]


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
        node_command(netns_name(lab, receiver), _probe(
            "session-server", "0.0.0.0" if ":" not in destination else "::", port, seconds + wait + 10, talker,
            seconds, interval)),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        if listener.stdout.readline().decode().strip() != "listening":
            raise LabError("listener on %s did not start: %s" % (receiver, listener.stderr.read().decode()))
        out = node_exec(netns_name(lab, sender),
                        _probe("session-client", destination, port, source or "", seconds, interval, wait, talker),
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
                     _probe("listen", proto, "::" if ":" in destination and listen == "0.0.0.0" else listen, port,
                            destination if is_group else "", count, timeout)),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        if listener.stdout.readline().decode().strip() != "listening":
            raise LabError("listener on %s did not start: %s" % (receiver, listener.stderr.read().decode()))
        out = node_exec(netns_name(lab, sender), _probe("send", proto, destination, port, source or "", count,
                                                        interval, ttl), check=False, timeout=timeout + 30)
        stdout = listener.communicate(timeout=timeout + 5)[0]
    finally:
        if listener.poll() is None:
            listener.kill()
            listener.wait()
    sent = out.stdout.decode().strip()
    return {"sent": int(sent) if sent.isdigit() else 0,
            "received": json.loads(stdout.decode().strip().splitlines()[-1] or "[]")}
