# -*- coding: utf-8 -*-
"""lab_probe's programs in-process over the loopback (the lab tests run them inside nodes, through
``python3 -c``, where coverage cannot follow)."""

from __future__ import annotations

import json
import socket
import threading

import pytest

from ansible_collections.netdesign.resilience.plugins.module_utils.lab import flows as F
from ansible_collections.netdesign.resilience.plugins.module_utils.lab import probe as P


def free_port(kind=socket.SOCK_STREAM):
    with socket.socket(socket.AF_INET, kind) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def in_thread(function, *args):
    """Run ``function(*args, ready=...)`` in a thread; returns (wait-for-result, ready event)."""
    ready, box = threading.Event(), {}
    thread = threading.Thread(target=lambda: box.update(result=function(*args, ready=ready.set)), daemon=True)
    thread.start()
    assert ready.wait(10)

    def result():
        thread.join(20)
        return box["result"]
    return result


@pytest.mark.parametrize("proto", ["udp", "tcp"])
def test_listen_and_send(proto):
    port = free_port(socket.SOCK_DGRAM if proto == "udp" else socket.SOCK_STREAM)
    got = in_thread(P.listen, proto, "127.0.0.1", port, "", 3, 10.0)
    assert P.send(proto, "127.0.0.1", port, "127.0.0.1", 3, 0.01, 1) == 3
    received = got()
    assert [r["payload"] for r in received] == ["probe 0", "probe 1", "probe 2"]
    assert {r["from"] for r in received} == {"127.0.0.1"}


def test_listen_ends_at_its_timeout_and_a_refused_send_is_said_not_raised(capsys):
    port = free_port()
    assert P.listen("udp", "127.0.0.1", free_port(socket.SOCK_DGRAM), "", 5, 0.2, ready=lambda: None) == []
    assert P.send("tcp", "127.0.0.1", port, "", 2, 0.0, 1) == 0          # nobody listens: refused twice
    assert capsys.readouterr().err.count("error ") == 2


@pytest.mark.parametrize("talker", ["client", "server"])
def test_one_session_either_end_talking(talker):
    port = free_port()
    server = in_thread(P.session_server, "127.0.0.1", port, 10.0, talker == "server", 0.3, 0.02)
    client = P.session_client("127.0.0.1", port, "127.0.0.1", 0.3, 0.02, 5.0, talker == "client")
    served = server()
    talked = client if talker == "client" else served
    assert talked["error"] is None and talked["sent"] == talked["echoed"] >= 3
    assert 0 < talked["max_gap"] < 1
    assert served["from"] == "127.0.0.1"


def test_a_session_nobody_answers():
    out = P.session_client("127.0.0.1", free_port(), "", 0.1, 0.01, 1.0, True)
    assert out["sent"] == 0 and out["error"]


def test_main_prints_json_last(capsys):
    port = free_port(socket.SOCK_DGRAM)
    P.main(["send", "udp", "127.0.0.1", str(port), "", "2", "0", "1"])
    assert json.loads(capsys.readouterr().out.splitlines()[-1]) == 2
    with pytest.raises(ValueError, match="unknown program 'nope'"):
        P.main(["nope"])


def test_the_node_gets_the_source_text():
    argv = F._probe("send", "udp", "10.0.0.1", 5000, "", 3, 0.1, 16)  # pylint: disable=protected-access
    assert argv[:2] == ["python3", "-c"] and "def listen(" in argv[2]
    assert argv[3:] == ["send", "udp", "10.0.0.1", "5000", "", "3", "0.1", "16"]
