# -*- coding: utf-8 -*-
"""The lab agent: lab functions and node commands through a socket (as from the host into the VM)."""

from __future__ import annotations

import io
import json
import multiprocessing
import os
import socket
import threading
import time

import pytest

from ansible_collections.netdesign.resilience.plugins.module_utils.lab import namespace as L
from ansible_collections.netdesign.resilience.plugins.module_utils.lab import agent as A

needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="namespaces need root")


@pytest.fixture
def agent(monkeypatch):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    thread = threading.Thread(target=A.serve, args=(port,), daemon=True)
    thread.start()
    deadline = time.time() + 10
    while True:
        try:
            A.request({"ping": True}, timeout=1, where=("127.0.0.1", port))
            break
        except A.AgentError:
            assert time.time() < deadline
            time.sleep(0.05)
    monkeypatch.setenv(A.ENV, "127.0.0.1:%d" % port)
    yield port
    A.request({"stop": True}, where=("127.0.0.1", port))
    thread.join(5)
    assert not thread.is_alive()


def test_no_agent_means_local(monkeypatch):
    monkeypatch.delenv(A.ENV, raising=False)
    assert A.address() is None
    assert A.lab("load_state", "nolabhere") is None
    with pytest.raises(KeyError):    # the same functions here as through the agent: CALLS
        A.lab("netns_name", "lab", "r1")
    monkeypatch.setenv(A.ENV, "10.0.2.2:47000")
    assert A.address() == ("10.0.2.2", 47000)


def test_unreachable_agent_is_a_clear_error(monkeypatch):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv(A.ENV, ":%d" % port)
    with pytest.raises(A.AgentError, match="lab agent at 127.0.0.1:%d" % port):
        A.lab("leftovers", "x")


class _Module:
    """What failing() uses of an AnsibleModule: fail_json, which exits."""
    def __init__(self):
        self.failed = None

    def fail_json(self, msg):
        self.failed = msg
        raise SystemExit(1)


@pytest.mark.parametrize("error", [L.LabError("node r1 did not start"), A.AgentError("node r1 did not start")])
def test_failing_turns_a_lab_error_into_the_modules_failure(error):
    module = _Module()
    with pytest.raises(SystemExit):
        with A.failing(module):
            raise error
    assert module.failed == "node r1 did not start"
    module = _Module()
    with A.failing(module):      # no error: nothing fails
        pass
    assert module.failed is None
    with pytest.raises(KeyError):    # any other error is not the lab's: it goes through
        with A.failing(_Module()):
            raise KeyError("x")


@needs_root
def test_lab_through_the_agent(agent):
    name = "ag%d" % (os.getpid() % 100000)
    topo = {"name": name, "nodes": {"a": {"interfaces": {"eth0": {"addresses": ["10.98.0.1/30"]}}},
                                    "b": {"interfaces": {"eth0": {"addresses": ["10.98.0.2/30"]}}}},
            "links": [["a:eth0", "b:eth0"]]}
    try:
        changed, state = A.lab("create", topo)
        assert changed and sorted(state["nodes"]) == ["a", "b"]
        rc, out, err = A.run(["ip", "-br", "addr", "show", "eth0"], node=L.netns_name(name, "a"))
        assert rc == 0 and b"10.98.0.1/30" in out, err
        rc, out, _err = A.run(["cat"], node=L.netns_name(name, "b"), stdin=b"through stdin")
        assert out == b"through stdin"
        assert A.run(["false"])[0] == 1
        assert A.run(["/nonexistent/program"])[0] == 127
        got = A.lab("traffic", name, "a", "b", "10.98.0.2", proto="tcp", port=5201, count=2)
        assert [r["from"] for r in got["received"]] == ["10.98.0.1"] * 2
        with pytest.raises(A.AgentError, match="not running"):
            A.run(["true"], node=L.netns_name(name, "nosuchnode"))
        with pytest.raises(A.AgentError, match="'run' is not a lab function"):
            A.call("run", ["true"])
        with pytest.raises(A.AgentError, match="topology.name"):
            A.lab("create", {"name": "Bad Name"})
    finally:
        A.lab("destroy", name)
    assert A.lab("leftovers", name) == []


def test_an_answer_lost_on_the_way_is_fetched_again_and_the_command_runs_once(agent, monkeypatch, tmp_path):
    """As when qemu's user network closes the host side before the guest answered: the client sends the
    same id again, the server answers from the run it already did."""
    seen = set()
    handle = A._Handler.handle

    def drop_first_answer(self):
        data = self.rfile.read()
        message = json.loads(data)
        if message.get("id") and message["id"] not in seen:
            seen.add(message["id"])
            self.server.once.answer(message, A._safe_serve_one)  # the work runs, the answer is lost
            return
        self.rfile = io.BytesIO(data)
        handle(self)

    monkeypatch.setattr(A._Handler, "handle", drop_first_answer)
    monkeypatch.setattr(A, "RETRY_WAITS", (0.05, 0.05))
    marks = tmp_path / "runs"
    rc, out, _err = A.run(["sh", "-c", 'echo run >> "$0"; echo done', str(marks)])
    assert (rc, out) == (0, b"done\n")
    assert marks.read_text() == "run\n"
    assert len(seen) == 1


def test_no_answer_at_all_says_how_often_it_tried(agent, monkeypatch):
    handle = A._Handler.handle

    def never_answer_an_exec(self):
        data = self.rfile.read()
        if b'"exec"' not in data:
            self.rfile = io.BytesIO(data)
            handle(self)

    monkeypatch.setattr(A._Handler, "handle", never_answer_an_exec)
    with pytest.raises(A.AgentError, match=r"closed without answering \(3 tries, request [0-9a-f]{32}\)"):
        A.request({"exec": ["true"]}, where=("127.0.0.1", agent), waits=(0.01, 0.01))


def test_an_unexpected_error_is_answered_not_a_silent_close(agent):
    with pytest.raises(A.AgentError, match="lab agent: TypeError: "):
        A.call("parse_topology")
    with pytest.raises(A.AgentError, match="not a request"):
        A.request({"what": 1}, where=("127.0.0.1", agent))


def test_the_same_id_twice_at_once_runs_once(agent, tmp_path):
    marks = tmp_path / "runs"
    message = {"exec": ["sh", "-c", 'echo run >> "$0"; sleep 0.5; echo ok', str(marks)], "id": "same-id", "stdin": ""}
    answers = []
    threads = [threading.Thread(target=lambda: answers.append(A.request(message))) for _twin in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert [a["rc"] for a in answers] == [0, 0]
    assert marks.read_text() == "run\n"


def _burn(seconds):
    end = time.time() + seconds
    while time.time() < end:
        pass


def test_many_parallel_requests_while_both_cores_are_busy(agent):
    """A stress test of the transport: 4 x 40 requests at once from several threads, both cores busy."""
    burners = [multiprocessing.Process(target=_burn, args=(20,)) for _core in range(2)]
    for b in burners:
        b.start()
    try:
        results, errors = {}, []

        def one(i):
            try:
                results[i] = A.run(["sh", "-c", "echo $0", str(i)])
            except A.AgentError as exc:  # pragma: no cover - the failure this test exists for
                errors.append(str(exc))

        for round_ in range(4):
            threads = [threading.Thread(target=one, args=(round_ * 40 + i,)) for i in range(40)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(60)
        assert errors == []
        assert {i: r[:2] for i, r in results.items()} == {i: (0, b"%d\n" % i) for i in range(160)}
    finally:
        for b in burners:
            b.terminate()
            b.join()
