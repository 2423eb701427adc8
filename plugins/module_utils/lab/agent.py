# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reach a lab that lives inside the fallback VM, from Ansible running on the host.

Under emulation (TCG) every Python start in the VM costs seconds, so running Ansible itself in the VM
makes a scenario crawl. Instead the VM runs only this agent (``python3 agent.py serve PORT``)
and the lab; the controller stays on the host and, when ``NETDESIGN_LAB_AGENT=host:port`` is set,
the lab modules and the ``netns`` connection plugin send their work to the agent:

* ``{"call": "create", "args": [...]}`` runs one function of ``lab.py`` in the VM and returns its
  result (lab state lives in the VM, next to its namespaces);
* ``{"exec": argv, "node": netns|null, "stdin": b64, "env": {...}}`` runs a command in a lab node (or
  in the VM itself) and returns rc, stdout and stderr.

One JSON request per TCP connection, answered with one JSON line. The port is forwarded from the
host's loopback only (qemu user networking); nothing else listens.

Under load, a connection can end with no answer: qemu's user network accepts the connection on the
host at once and only then connects to the guest, so a guest that is slow to accept (emulated CPU, a
short listen backlog) leaves the client with a closed socket and no idea whether the work ran (issue
#20: ``closed without answering`` during four hosts' ``frr_config`` on a busy machine). So:

* the server accepts with a long backlog and always answers, an unexpected error included;
* every call and exec carries an id; the server runs an id once and keeps its answer for a while, so
  the client can safely send the same request again after a connection that gave no answer (a retry
  joins the run in progress or gets the stored answer: a command never runs twice);
* the client retries such connections a few times with backoff, then says how often it tried.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import socket
import socketserver
import errno
import subprocess
import sys
import threading
import time
import traceback
import uuid

ENV = "NETDESIGN_LAB_AGENT"
# the lab functions a caller may run where the lab is: lab's, and lab_flows' (FLOWS)
FLOWS = ("watch", "traffic", "session")
CALLS = ("create", "destroy", "leftovers", "load_state", "is_running", "link_set", "link_flap", "node_stop",
         "node_start", "node_links", "missing_features", "parse_topology") + FLOWS


def argument_spec(**options):
    """The argument spec of a module that acts in a running lab: ``lab`` (documented by the doc fragment
    netdesign.resilience.lab) and the module's own options."""
    return dict(lab=dict(type="str", required=True), **options)


def function(name):
    """The lab function called ``name`` (one of CALLS); a name that is none of them raises KeyError."""
    if name not in CALLS:
        raise KeyError(name)
    if name in FLOWS:
        from ansible_collections.netdesign.resilience.plugins.module_utils.lab import flows as F
        return getattr(F, name)
    from ansible_collections.netdesign.resilience.plugins.module_utils.lab import namespace as L
    return getattr(L, name)


class AgentError(RuntimeError):
    """The agent could not be reached or answered with an error."""


def address():
    """``(host, port)`` of the agent when the lab runs in the VM, else ``None``."""
    value = os.environ.get(ENV, "")
    if not value:
        return None
    host, _sep, port = value.rpartition(":")
    return host or "127.0.0.1", int(port)


# waits between tries of a request whose connection ended without an answer (about 15 s in all)
RETRY_WAITS = (0.2, 0.5, 1.0, 2.0, 4.0, 8.0)
# connection ends that leave the request's fate unknown; a refused connection means no agent at all
_RETRIED_ERRNOS = (errno.ECONNRESET, errno.EPIPE, errno.ECONNABORTED)


def _exchange(message, timeout, where):
    """One connection: the answer's bytes (empty when the peer closed without answering)."""
    with socket.create_connection(where, timeout=timeout) as sock:
        sock.sendall(json.dumps(message).encode() + b"\n")
        sock.shutdown(socket.SHUT_WR)
        data = b""
        while True:
            chunk = sock.recv(1 << 20)
            if not chunk:
                return data
            data += chunk


def request(message, timeout=1800.0, where=None, waits=None):
    """Send one request and return its answer. Calls and execs get an id and are retried (same id, so
    never run twice) when a connection ends without an answer; pings and stops are sent once."""
    where = where or address()
    retried = "call" in message or "exec" in message
    if retried:
        message = dict(message, id=message.get("id") or uuid.uuid4().hex)
    waits = list(RETRY_WAITS if waits is None else waits) if retried else []
    tries = 0
    while True:
        tries += 1
        try:
            data = _exchange(message, timeout, where)
            problem = None if data else "closed without answering"
        except socket.timeout:
            raise AgentError("lab agent at %s:%s: no answer within %.0f s" % (where[0], where[1], timeout)) from None
        except OSError as exc:
            if exc.errno not in _RETRIED_ERRNOS:
                raise AgentError("lab agent at %s:%s: %s" % (where[0], where[1], exc)) from None
            problem = str(exc)
        if problem is None:
            break
        if not waits:
            raise AgentError("lab agent at %s:%s %s%s" % (
                where[0], where[1], problem, " (%d tries, request %s)" % (tries, message["id"]) if retried else ""))
        time.sleep(waits.pop(0))
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
        return function(name)(*args, **kwargs)
    return call(name, *args, **kwargs)


@contextlib.contextmanager
def failing(module):
    """Around a lab module's calls: a lab's error (LabError here, AgentError from the VM) fails ``module``
    with its text."""
    from ansible_collections.netdesign.resilience.plugins.module_utils.lab.topology import LabError
    try:
        yield
    except (LabError, AgentError) as exc:
        module.fail_json(msg=str(exc))


def run(argv, node=None, stdin=None, env=None, timeout=1800.0, warm=None):
    """Run ``argv`` in lab node ``node`` (a netns name) or in the VM; returns (rc, stdout, stderr) bytes.
    ``warm``: ``{"python": interpreter, "site": controller's site-packages, "env": {...}}`` when argv is a
    pipelined AnsiballZ run (lab_warm.pipelined_python): the agent may run it in a warm interpreter."""
    message = {"exec": list(argv), "node": node, "env": env, "timeout": timeout,
               "stdin": base64.b64encode(stdin or b"").decode()}
    if warm:
        message["warm"] = warm
    answer = request(message, timeout=timeout + 30)
    return answer["rc"], base64.b64decode(answer["stdout"]), base64.b64decode(answer["stderr"])


# ---------------------------------------------------------------------------------------------
# the server side (in the VM)

def _serve_one(message):
    from ansible_collections.netdesign.resilience.plugins.module_utils.lab import namespace as L
    if "call" in message:
        try:
            run_it = function(message["call"])
        except (KeyError, TypeError):
            return {"error": "lab agent: %r is not a lab function" % (message["call"],)}
        try:
            return {"result": run_it(*message.get("args", []), **message.get("kwargs", {}))}
        except L.LabError as exc:
            return {"error": str(exc)}
    argv = message["exec"]
    if message.get("node"):
        try:
            argv = L.node_command(message["node"], argv)
        except L.LabError as exc:
            return {"error": str(exc)}
        if message.get("warm"):
            answer = _warm(message, holder=L.holder_pid(message["node"]))
            if answer:
                return answer
    try:
        # the agent is a process of its own in the VM (no AnsibleModule to run_command with)
        proc = subprocess.run(argv, input=base64.b64decode(message.get("stdin") or ""), capture_output=True,  # pylint: disable=ansible-bad-function
                              check=False, env=message.get("env") or None, timeout=message.get("timeout", 1800))
    except (OSError, subprocess.TimeoutExpired) as exc:
        return {"rc": 127, "stdout": "", "stderr": base64.b64encode(str(exc).encode()).decode()}
    return {"rc": proc.returncode, "stdout": base64.b64encode(proc.stdout).decode(),
            "stderr": base64.b64encode(proc.stderr).decode()}


def _warm(message, holder):
    """The module run in a warm interpreter (lab_warm), or None for the cold path."""
    from ansible_collections.netdesign.resilience.plugins.module_utils.lab import warm as W
    warm = message["warm"]
    try:
        rc, out, err = W.run(warm["python"], warm["site"], holder, dict(message.get("env") or {}, **warm["env"]),
                             base64.b64decode(message.get("stdin") or ""), message.get("timeout", 1800))
    except W.Unavailable as exc:
        STATS["cold"] += 1
        if not _COLD_SAID.get(str(exc)):
            _COLD_SAID[str(exc)] = True
            sys.stderr.write("lab agent: module runs take the cold path: %s\n" % exc)
        return None
    STATS["warm"] += 1
    return {"rc": rc, "stdout": base64.b64encode(out).decode(), "stderr": base64.b64encode(err).decode()}


_COLD_SAID = {}


def _prewarm(warm):
    from ansible_collections.netdesign.resilience.plugins.module_utils.lab import warm as W
    try:
        W.zygote_socket(warm["python"], warm["site"])
    except W.Unavailable as exc:
        sys.stderr.write("lab agent: no warm interpreter: %s\n" % exc)


STATS = {"warm": 0, "cold": 0}  # module runs offered a warm interpreter: how they ran (answered to a ping)


class _Once:
    """Run each request id once; a repeated id joins the run in progress or gets its stored answer."""

    KEEP = 900.0  # seconds an answer is kept for a retry

    def __init__(self):
        self._lock = threading.Lock()
        self._runs = {}  # id -> [done event, answer, finished at]

    def answer(self, message, work):
        rid = message.get("id")
        if not rid:
            return work(message)
        with self._lock:
            now = time.monotonic()
            for old in [k for k, v in self._runs.items() if v[2] and now - v[2] > self.KEEP]:
                del self._runs[old]
            run = self._runs.get(rid)
            owner = run is None
            if owner:
                run = self._runs[rid] = [threading.Event(), None, None]
        if owner:
            try:
                run[1] = work(message)
            finally:
                run[2] = time.monotonic()
                run[0].set()
        else:
            run[0].wait()
        return run[1]


def _safe_serve_one(message):
    try:
        return _serve_one(message)
    except Exception as exc:  # pylint: disable=broad-exception-caught
        # whatever went wrong is answered: the client must never be left with a silent close
        traceback.print_exc()
        return {"error": "lab agent: %s: %s" % (type(exc).__name__, exc)}


class _Handler(socketserver.StreamRequestHandler):
    def handle(self):
        try:
            message = json.loads(self.rfile.read() or b"{}")
        except ValueError as exc:
            message = {"bad": str(exc)}
        if message.get("stop"):
            self.wfile.write(b'{"result": "stopping"}\n')
            threading.Thread(target=self.server.shutdown).start()
            return
        if message.get("ping"):
            answer = {"result": "pong", "module_runs": dict(STATS)}
        elif message.get("prewarm"):
            # start the warm interpreter while Molecule is still busy elsewhere (its imports take seconds)
            threading.Thread(target=_prewarm, args=(message["prewarm"],), daemon=True).start()
            answer = {"result": "warming"}
        elif "bad" in message or not ("call" in message or "exec" in message):
            answer = {"error": "lab agent: not a request: %s" % message.get("bad", sorted(message))}
        else:
            answer = self.server.once.answer(message, _safe_serve_one)
        try:
            self.wfile.write(json.dumps(answer).encode() + b"\n")
        except OSError:
            pass  # the client hung up; a retry with the same id gets the stored answer


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256  # socketserver's default of 5 overflows when several hosts' tasks arrive at once

    def __init__(self, *args, **kwargs):
        self.once = _Once()
        super().__init__(*args, **kwargs)


def serve(port):
    with _Server(("0.0.0.0", port), _Handler) as server:
        sys.stdout.write("lab agent listening on %d\n" % port)
        sys.stdout.flush()
        server.serve_forever(poll_interval=0.2)


if __name__ == "__main__":  # pragma: no cover - started in the VM by scripts/lab_molecule.py
    if len(sys.argv) == 3 and sys.argv[1] == "serve":
        serve(int(sys.argv[2]))
    else:
        raise SystemExit("usage: agent.py serve PORT")
