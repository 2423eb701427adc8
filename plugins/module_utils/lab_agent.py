# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reach a lab that lives inside the fallback VM, from Ansible running on the host.

Under emulation (TCG) every Python start in the VM costs seconds, so running Ansible itself in the VM
makes a scenario crawl. Instead the VM runs only this agent (``python3 lab_agent.py serve PORT``)
and the lab; the controller stays on the host and, when ``NETDESIGN_LAB_AGENT=host:port`` is set,
the lab modules and the ``netns`` connection plugin send their work to the agent:

* ``{"call": "create", "args": [...]}`` runs one function of ``lab.py`` in the VM and returns its
  result (lab state lives in the VM, next to its namespaces);
* ``{"exec": argv, "node": netns|null, "stdin": b64, "env": {...}}`` runs a command in a lab node (or
  in the VM itself) and returns rc, stdout and stderr.

One JSON request per TCP connection, answered with one JSON line. The port is forwarded from the
host's loopback only (qemu user networking); nothing else listens.
"""

from __future__ import annotations

import base64
import json
import os
import socket
import socketserver
import subprocess
import sys
import threading

ENV = "NETDESIGN_LAB_AGENT"
CALLS = ("create", "destroy", "leftovers", "load_state", "is_running", "link_set", "link_flap", "node_stop",
         "node_start", "node_links", "watch", "traffic", "session", "missing_features", "parse_topology")


class AgentError(RuntimeError):
    """The agent could not be reached or answered with an error."""


def address():
    """``(host, port)`` of the agent when the lab runs in the VM, else ``None``."""
    value = os.environ.get(ENV, "")
    if not value:
        return None
    host, _sep, port = value.rpartition(":")
    return host or "127.0.0.1", int(port)


def request(message, timeout=1800.0, where=None):
    where = where or address()
    try:
        with socket.create_connection(where, timeout=timeout) as sock:
            sock.sendall(json.dumps(message).encode() + b"\n")
            sock.shutdown(socket.SHUT_WR)
            data = b""
            while True:
                chunk = sock.recv(1 << 20)
                if not chunk:
                    break
                data += chunk
    except OSError as exc:
        raise AgentError("lab agent at %s:%s: %s" % (where[0], where[1], exc)) from None
    if not data:
        raise AgentError("lab agent at %s:%s closed without answering" % where)
    answer = json.loads(data)
    if "error" in answer:
        raise AgentError(answer["error"])
    return answer


def call(name, *args, **kwargs):
    """Run ``lab.<name>(*args, **kwargs)`` in the VM; its LabError comes back as AgentError text."""
    return request({"call": name, "args": list(args), "kwargs": kwargs})["result"]


def lab(name, *args, **kwargs):
    """``lab.<name>(...)`` where the lab is: in the VM through the agent when one is set, else here.
    The lab modules call every lab function through this."""
    if address() is None:
        from ansible_collections.netdesign.resilience.plugins.module_utils import lab as L  # pylint: disable=import-outside-toplevel
        return getattr(L, name)(*args, **kwargs)
    return call(name, *args, **kwargs)


def run(argv, node=None, stdin=None, env=None, timeout=1800.0):
    """Run ``argv`` in lab node ``node`` (a netns name) or in the VM; returns (rc, stdout, stderr) bytes."""
    answer = request({"exec": list(argv), "node": node, "env": env, "timeout": timeout,
                      "stdin": base64.b64encode(stdin or b"").decode()}, timeout=timeout + 30)
    return answer["rc"], base64.b64decode(answer["stdout"]), base64.b64decode(answer["stderr"])


# ---------------------------------------------------------------------------------------------
# the server side (in the VM)

def _serve_one(message):
    from ansible_collections.netdesign.resilience.plugins.module_utils import lab as L  # pylint: disable=import-outside-toplevel
    if "call" in message:
        if message["call"] not in CALLS:
            return {"error": "lab agent: %r is not a lab function" % message["call"]}
        try:
            return {"result": getattr(L, message["call"])(*message.get("args", []), **message.get("kwargs", {}))}
        except L.LabError as exc:
            return {"error": str(exc)}
    argv = message["exec"]
    if message.get("node"):
        try:
            argv = L.node_command(message["node"], argv)
        except L.LabError as exc:
            return {"error": str(exc)}
    try:
        proc = subprocess.run(argv, input=base64.b64decode(message.get("stdin") or ""), capture_output=True,
                              check=False, env=message.get("env") or None, timeout=message.get("timeout", 1800))
    except (OSError, subprocess.TimeoutExpired) as exc:
        return {"rc": 127, "stdout": "", "stderr": base64.b64encode(str(exc).encode()).decode()}
    return {"rc": proc.returncode, "stdout": base64.b64encode(proc.stdout).decode(),
            "stderr": base64.b64encode(proc.stderr).decode()}


class _Handler(socketserver.StreamRequestHandler):
    def handle(self):
        message = json.loads(self.rfile.read() or b"{}")
        if message.get("stop"):
            self.wfile.write(b'{"result": "stopping"}\n')
            threading.Thread(target=self.server.shutdown).start()
            return
        if message.get("ping"):
            answer = {"result": "pong"}
        else:
            answer = _serve_one(message)
        self.wfile.write(json.dumps(answer).encode() + b"\n")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def serve(port):
    with _Server(("0.0.0.0", port), _Handler) as server:
        sys.stdout.write("lab agent listening on %d\n" % port)
        sys.stdout.flush()
        server.serve_forever(poll_interval=0.2)


if __name__ == "__main__":  # pragma: no cover - started in the VM by scripts/lab_molecule.py
    if len(sys.argv) == 3 and sys.argv[1] == "serve":
        serve(int(sys.argv[2]))
    else:
        raise SystemExit("usage: lab_agent.py serve PORT")
