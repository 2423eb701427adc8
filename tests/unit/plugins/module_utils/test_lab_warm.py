# -*- coding: utf-8 -*-
"""Warm Python for module runs on lab nodes (lab_warm): what counts as a pipelined module run, and a
warm run behaving as a cold ``python3`` in the node would (namespaces, environment, exit codes, the
node's own import path, timeouts), then real Ansible modules through the lab agent."""

from __future__ import annotations

import json
import re
import os
import shutil
import socket
import subprocess
import sys
import time

import pytest

from ansible_collections.netdesign.resilience.plugins.module_utils.lab import namespace as L
from ansible_collections.netdesign.resilience.plugins.module_utils.lab import agent as A
from ansible_collections.netdesign.resilience.plugins.module_utils.lab import warm as W

needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="namespaces need root")
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
LAB = "uw%d" % (os.getpid() % 100000)  # this run's own: another test run may be going on
PAYLOAD = b"# _ansiballz_main stands in for the wrapper\n"


@pytest.mark.parametrize("cmd, found", [
    ("/bin/sh -c '/usr/bin/python3 && sleep 0'", ("/usr/bin/python3", {})),
    ("/bin/sh -c '/usr/bin/python3'", ("/usr/bin/python3", {})),
    ("/bin/sh -c 'LANG=C.UTF-8 LC_ALL='\"'\"'a b'\"'\"' /usr/bin/python3.11 && sleep 0'",
     ("/usr/bin/python3.11", {"LANG": "C.UTF-8", "LC_ALL": "a b"})),
    ("/bin/sh -c 'echo ~ && sleep 0'", None),                          # not Python
    ("/bin/sh -c '/usr/bin/python3 /tmp/x.py && sleep 0'", None),      # a script file, not stdin
    ("/bin/sh -c 'python3 && sleep 0'", None),                         # not an absolute path
    ("/bin/sh -c '/usr/bin/python3; reboot'", None),
    ("/bin/sh -c 'unbalanced", None),
    ("/usr/bin/python3", None),                                        # not through the shell
])
def test_pipelined_python(cmd, found):
    assert W.pipelined_python(cmd, PAYLOAD) == found


def test_only_ansiballz_payloads():
    assert W.pipelined_python("/bin/sh -c '/usr/bin/python3 && sleep 0'", b"print(1)\n") is None
    assert W.pipelined_python("/bin/sh -c '/usr/bin/python3 && sleep 0'", None) is None


@pytest.fixture(scope="module")
def node():
    name = LAB
    L.destroy(name)
    L.create({"name": name, "nodes": {"a": {"interfaces": {"eth1": {"addresses": ["10.96.0.1/30"]}}},
                                      "b": {"interfaces": {"eth1": {"addresses": ["10.96.0.2/30"]}}}},
              "links": [["a:eth1", "b:eth1"]]})
    yield L.holder_pid(L.netns_name(name, "a"))
    L.destroy(name)
    assert L.leftovers(name) == []


SYSTEM_PYTHON = "/usr/bin/python3"  # what lab nodes discover (test_netns) and the VM's agent runs


def warm(holder, script, env=None, timeout=60):
    return W.run(SYSTEM_PYTHON, W.controller_site(), holder, env or {"PATH": "/usr/bin:/bin"},
                 PAYLOAD + script, timeout)


@needs_root
def test_a_warm_run_is_inside_the_node(node):
    rc, out, err = warm(node, b"import os, socket, subprocess\n"
                              b"print(socket.gethostname(), os.getcwd(), os.environ['ND'], sorted(os.environ))\n"
                              b"print(subprocess.run(['ip', '-br', 'addr', 'show', 'eth1'], capture_output=True,"
                              b" text=True).stdout)\n"
                              b"open('/etc/uwm-warm', 'w').write('x')\n",
                        env={"PATH": "/usr/bin:/bin", "ND": "value"})
    assert rc == 0, err
    first, second = out.decode().splitlines()[:2]
    assert first == "a / value ['ND', 'PATH']"
    assert "10.96.0.1/30" in second
    assert not os.path.exists("/etc/uwm-warm")                 # the node's private /etc, not the host's
    assert L.node_exec(LAB + "-a", ["cat", "/etc/uwm-warm"]).stdout == b"x"   # ... there, also when run chrooted


@needs_root
def test_exit_codes_output_and_atexit(node):
    assert warm(node, b"import sys; sys.exit(3)\n")[0] == 3
    assert warm(node, b"import sys; sys.exit('bad thing')\n")[:3:2] == (1, b"bad thing\n")
    rc, _out, err = warm(node, b"raise ValueError('boom')\n")
    assert rc == 1 and b"ValueError: boom" in err
    rc, out, _err = warm(node, b"import atexit, sys\natexit.register(lambda: print('cleanup'))\n"
                               b"sys.stdout.write('x' * 300000)\n")
    assert rc == 0 and out == b"x" * 300000 + b"cleanup\n"     # more than a pipe holds, then atexit
    rc, out, _err = warm(node, b"import sys; print(repr(sys.stdin.read()), sys.argv)\n")
    assert out == b"'' ['-']\n"


@needs_root
def test_the_answer_does_not_wait_for_what_the_module_left_running(node):
    """A process the module forked (a daemon it started) keeps a copy of every descriptor: the run
    still ends when the module does."""
    assert warm(node, b"pass\n")[0] == 0                      # the zygote is up before the clock starts
    started = time.time()
    rc, out, _err = warm(node, b"import os, time\nif os.fork() == 0:\n    time.sleep(30)\n    os._exit(0)\n"
                               b"print('parent done')\n")
    assert (rc, out) == (0, b"parent done\n") and time.time() - started < 20


@needs_root
def test_runs_do_not_see_each_other(node):
    assert warm(node, b"import ansible.module_utils.basic as b; b.LEAK = 1\n")[0] == 0
    rc, out, _err = warm(node, b"import ansible.module_utils.basic as b; print(hasattr(b, 'LEAK'))\n")
    assert (rc, out) == (0, b"False\n")


@needs_root
def test_the_nodes_own_import_path(node):
    """The controller's site-packages lends only `ansible`: a package that is there but not on the node's
    path fails to import, as in a cold python3 (pytest is in the venv, not in the system's Python)."""
    probe = subprocess.run([SYSTEM_PYTHON, "-I", "-c", "import pytest"], capture_output=True, check=False)
    assert probe.returncode != 0                     # this interpreter without the venv has no pytest
    rc, _out, err = warm(node, b"import pytest\n")
    assert rc == 1 and b"No module named 'pytest'" in err
    rc, out, _err = warm(node, b"import ansible, sys; print(ansible.__file__); print(sys.path)\n")
    assert out.decode().splitlines()[0].startswith(W.controller_site())
    assert W.controller_site() not in out.decode().splitlines()[1]


@needs_root
def test_a_run_past_its_timeout_is_killed(node):
    assert warm(node, b"pass\n")[0] == 0                      # the zygote is up before the clock starts
    started = time.time()
    rc, _out, err = warm(node, b"import time; time.sleep(60)\n", timeout=1)
    assert rc == 124 and b"killed after 1 s" in err and time.time() - started < 30


@needs_root
def test_a_node_on_a_root_of_its_own_means_the_cold_path(node, tmp_path):
    """A node on a lab image (chrooted into its own root) runs modules on its own python3; a node on this
    userland has this root, also when the tests run chrooted themselves (make test-debian13)."""
    assert W.same_root(node) and W.same_root(os.getpid())
    pid = os.fork()
    if pid == 0:  # pragma: no cover (the child)
        try:
            os.chroot(str(tmp_path))
            time.sleep(60)
        finally:
            os._exit(0)
    try:
        for _attempt in range(100):
            if not W.same_root(pid):
                break
            time.sleep(0.05)
        assert not W.same_root(pid)
        with pytest.raises(W.Unavailable, match="node on a lab image"):
            warm(pid, b"pass\n")
    finally:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
    assert not W.same_root(pid)      # a process gone: the cold path, which reports what is wrong


def test_a_zygote_that_cannot_start_means_the_cold_path(tmp_path):
    with pytest.raises(W.Unavailable, match="No such file"):
        W.zygote_socket("/nonexistent/python3", W.controller_site())
    with pytest.raises(W.Unavailable, match="no ansible package in"):
        W.zygote_socket(SYSTEM_PYTHON, str(tmp_path))


@needs_root
def test_ansible_modules_through_the_agent(node, tmp_path):
    """Real modules, pipelined through the lab agent as in the VM: the agent runs in the system's
    python3 (the interpreter the node discovers), so its module runs take the warm path."""
    program = os.path.join(os.path.dirname(sys.executable), "ansible")       # the venv's, beside this Python
    program = program if os.access(program, os.X_OK) else shutil.which("ansible")
    if not os.access(SYSTEM_PYTHON, os.X_OK) or not program:
        pytest.skip("needs /usr/bin/python3 and ansible")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    agent = subprocess.Popen(["/usr/bin/python3", os.path.join(os.path.dirname(A.__file__), "agent.py"), "serve",
                              str(port)], env=dict(os.environ, PYTHONPATH=A.__file__.split(os.sep + "ansible_collections" + os.sep, maxsplit=1)[0]))
    where = ("127.0.0.1", port)
    try:
        for _attempt in range(100):
            try:
                A.request({"ping": True}, timeout=1, where=where)
                break
            except A.AgentError:
                time.sleep(0.1)
        inventory = tmp_path / "hosts.json"
        inventory.write_text(json.dumps({"all": {"hosts": {"a": {
            "ansible_host": LAB + "-a", "ansible_connection": "netdesign.resilience.netns"}}}}))
        env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"), ANSIBLE_STDOUT_CALLBACK="json",
                   ANSIBLE_LOAD_CALLBACK_PLUGINS="1", ANSIBLE_PIPELINING="True", **{A.ENV: "%s:%d" % where})

        def ansible(module, args):
            proc = subprocess.run([program, "-i", str(inventory), "a", "-m", module, "-a", args], cwd=ROOT,
                                  env=env, capture_output=True, text=True, check=False)
            return json.loads(proc.stdout)["plays"][0]["tasks"][0]["hosts"]["a"]

        result = ansible("ansible.builtin.copy", "content=warm dest=/etc/uwm-copy")
        assert result["changed"] is True, result
        result = ansible("ansible.builtin.copy", "content=warm dest=/etc/uwm-copy")
        assert result["changed"] is False, result
        result = ansible("ansible.builtin.command", "cat /etc/uwm-copy")
        assert (result["rc"], result["stdout"]) == (0, "warm")
        result = ansible("ansible.builtin.command", "false")
        assert result["rc"] == 1 and result["failed"] is True
        result = ansible("ansible.builtin.setup", "gather_subset=min")
        assert result["ansible_facts"]["ansible_hostname"] == "a"
        runs = A.request({"ping": True}, where=where)["module_runs"]
        if W.hidden_in_node(W.controller_site()):
            # a checkout below /tmp: the node's fresh /tmp hides the ansible package, every run went cold
            assert runs["warm"] == 0 and runs["cold"] >= 5, runs
            return
        assert runs["cold"] == 0 and runs["warm"] >= 5, runs
        # and the switch back to the cold path
        env[W.OFF] = "1"
        assert ansible("ansible.builtin.command", "hostname")["stdout"] == "a"
        assert A.request({"ping": True}, where=where)["module_runs"] == runs
    finally:
        A.request({"stop": True}, where=where)
        agent.wait(10)


def test_a_zygote_stopped_with_sigterm_removes_its_socket_and_folder(tmp_path):
    """The agent's process group ending (SIGTERM) leaves nothing in /tmp, as the agent's going away does."""
    folder = tmp_path / "netdesign-zygote-x"
    folder.mkdir()
    path = str(folder / "sock")
    proc = subprocess.Popen([SYSTEM_PYTHON, "-I", W.__file__, "zygote", path, W.controller_site()],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert proc.stdout.readline().strip() == b"ready"
        assert os.path.exists(path)
        proc.terminate()
        assert proc.wait(timeout=30) == 0
    finally:
        proc.kill()
    assert not folder.exists()


def test_the_folders_a_node_mounts_afresh_are_the_ones_the_warm_path_avoids():
    """A checkout below /tmp (or /run) is not there inside a node: its modules take the cold path."""
    assert tuple(sorted(re.findall(r"^mount -t tmpfs .* (/\w+)$", L.HOLDER_SCRIPT, re.M))) == W.NODE_TMPFS
    assert W.hidden_in_node("/tmp/ci/.venv/lib/python3.11/site-packages") == "/tmp"
    assert W.hidden_in_node("/run/x") == "/run" and W.hidden_in_node("/tmp") == "/tmp"
    assert W.hidden_in_node("/work/main/.venv/lib/python3.11/site-packages") is None
    assert W.hidden_in_node("/tmpfoo/site-packages") is None
    with pytest.raises(W.Unavailable, match="below /tmp, which every node mounts afresh"):
        W.run("/usr/bin/python3", "/tmp/ci/site-packages", os.getpid(), {}, b"", 5)
