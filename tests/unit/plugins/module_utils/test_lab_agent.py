# -*- coding: utf-8 -*-
"""The lab agent: lab functions and node commands through a socket (as from the host into the VM)."""

from __future__ import annotations

import os
import socket
import threading
import time

import pytest

from ansible_collections.netdesign.resilience.plugins.module_utils import lab as L
from ansible_collections.netdesign.resilience.plugins.module_utils import lab_agent as A

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
    assert A.lab("netns_name", "lab", "r1") == "lab-r1"
    monkeypatch.setenv(A.ENV, "10.0.2.2:47000")
    assert A.address() == ("10.0.2.2", 47000)


def test_unreachable_agent_is_a_clear_error(monkeypatch):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv(A.ENV, ":%d" % port)
    with pytest.raises(A.AgentError, match="lab agent at 127.0.0.1:%d" % port):
        A.lab("leftovers", "x")


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
