# -*- coding: utf-8 -*-
"""The netns connection plugin, as Ansible uses it: ad-hoc runs against a real lab node (root only).

Run in a subprocess: loading plugins needs Ansible's collection finder, which must not be installed
into the test process (it would import the collection a second time).
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import threading
import time

import pytest

from ansible_collections.netdesign.resilience.plugins.module_utils.lab import namespace as L
from ansible_collections.netdesign.resilience.plugins.module_utils.lab import agent as A

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="namespaces need root")
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
LAB = "uc%d" % (os.getpid() % 100000)  # this run's own: another run may be going on
TOPO = {"name": LAB, "nodes": {"a": {"interfaces": {"eth1": {"addresses": ["10.98.0.1/30"]}}},
                               "b": {"interfaces": {"eth1": {"addresses": ["10.98.0.2/30"]}}}},
        "links": [["a:eth1", "b:eth1"]]}


@pytest.fixture(scope="module")
def inventory(tmp_path_factory):
    L.create(TOPO)
    path = tmp_path_factory.mktemp("inv") / "hosts.json"
    hosts = {n: {"ansible_host": LAB + "-" + n, "ansible_connection": "netdesign.resilience.netns"} for n in "ab"}
    path.write_text(json.dumps({"all": {"hosts": hosts}}))
    yield str(path)
    L.destroy(LAB)


def ansible(inventory, host, module, args):
    env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"), ANSIBLE_STDOUT_CALLBACK="json",
               ANSIBLE_LOAD_CALLBACK_PLUGINS="1")
    proc = subprocess.run(["ansible", "-i", inventory, host, "-m", module, "-a", args], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=False)
    return json.loads(proc.stdout)["plays"][0]["tasks"][0]["hosts"][host]


def test_module_runs_inside_the_node(inventory):
    result = ansible(inventory, "a", "ansible.builtin.command", "ip -br addr show eth1")
    assert result["rc"] == 0 and "10.98.0.1/30" in result["stdout"]
    assert result["ansible_facts"]["discovered_interpreter_python"].startswith("/usr/bin/python3")


def test_put_and_fetch_files(inventory, tmp_path):
    result = ansible(inventory, "a", "ansible.builtin.copy", "content=payload dest=/etc/utc-payload")
    assert result["changed"] is True
    assert ansible(inventory, "a", "ansible.builtin.copy", "content=payload dest=/etc/utc-payload")["changed"] is False
    result = ansible(inventory, "a", "ansible.builtin.fetch", "src=/etc/utc-payload dest=%s/ flat=yes" % tmp_path)
    assert (tmp_path / "utc-payload").read_text() == "payload"
    result = ansible(inventory, "b", "ansible.builtin.command", "cat /etc/utc-payload")
    assert result["rc"] != 0                                  # the other node has its own /etc
    assert not os.path.exists("/etc/utc-payload")


def test_unknown_node_is_unreachable(tmp_path):
    path = tmp_path / "hosts.json"
    path.write_text(json.dumps({"all": {"hosts": {"x": {"ansible_host": "nowhere-x",
                                                        "ansible_connection": "netdesign.resilience.netns"}}}}))
    result = ansible(str(path), "x", "ansible.builtin.ping", "")
    assert result["unreachable"] is True and "lab node nowhere-x is not running" in result["msg"]


def test_through_the_lab_agent(inventory, tmp_path, monkeypatch):
    """As when the lab is in the VM: the plugin sends every command to the agent."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    thread = threading.Thread(target=A.serve, args=(port,), daemon=True)
    thread.start()
    for _attempt in range(100):
        try:
            A.request({"ping": True}, timeout=1, where=("127.0.0.1", port))
            break
        except A.AgentError:
            time.sleep(0.05)
    monkeypatch.setenv(A.ENV, "127.0.0.1:%d" % port)
    try:
        result = ansible(inventory, "b", "ansible.builtin.copy", "content=via-agent dest=/etc/utc-agent")
        assert result["changed"] is True
        result = ansible(inventory, "b", "ansible.builtin.fetch", "src=/etc/utc-agent dest=%s/ flat=yes" % tmp_path)
        assert (tmp_path / "utc-agent").read_text() == "via-agent"
        result = ansible(inventory, "b", "ansible.builtin.command", "ip -br addr show eth1")
        assert "10.98.0.2/30" in result["stdout"]
    finally:
        A.request({"stop": True}, where=("127.0.0.1", port))
        thread.join(5)
