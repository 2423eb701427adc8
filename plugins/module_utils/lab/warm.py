# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Warm Python for Ansible modules run on lab nodes inside the fallback VM.

Measured in the TCG VM (``bench/vm_profile.py``, results in ``bench/results/vm_profile.md``): a bare
``python3`` starts in about 0.5 s, but importing ``ansible.module_utils.basic`` takes about 8 s more,
and an AnsiballZ payload imports it from its zip, where nothing is cached as bytecode. So every module
task on a lab node cost about ten seconds of emulated CPU, most of a VM scenario's time.

Here the lab agent keeps one *zygote* per (interpreter, controller ansible install): a Python process
that has imported the AnsiballZ loader and ``ansible.module_utils.basic`` once, from the very files
the controller builds its payloads from, and then only forks. For each pipelined module run the
agent asks the zygote for a child, which enters the node's namespaces (``setns``, as ``nsenter -m -n
-u --wd=/`` does), takes the node's environment, runs the payload as ``__main__`` with stdin on
``/dev/null`` and stdout and stderr captured, runs ``atexit`` handlers and exits with the module's
code. Each child is a fresh fork of the same pristine zygote, so no module's state reaches another.
The payload still brings and runs its own module and collection code from its zip; only the ansible
core modules that were already imported are taken from the zygote (same version and files).

The zygote takes only the ``ansible`` package from the controller's install (never puts that folder
on ``sys.path``), so third-party imports resolve on the node's own path as in a cold ``python3``, and
a module that needs a package the node lacks still fails as it would there.

The zygote is started with the interpreter the command names, so it is the node's own Python.
Anything unusual (a zygote that will not start, a payload that is not AnsiballZ) takes the cold
path: the command as sent.
"""

from __future__ import annotations

import atexit
import base64
import json
import os
import re
import select
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import threading

OFF = "NETDESIGN_LAB_COLD"  # 1: every module run takes the cold path (bench/vm_profile.py compares)
# What marks Ansible's AnsiballZ payload (ansible/_internal/_ansiballz/_wrapper.py)
MARK = b"_ansiballz_main"
# imported once in the zygote: what AnsiballZ's wrapper and loader import, and basic's own imports (the
# loader is a module of its own from ansible-core 2.19 on: before, the wrapper holds it and it is skipped)
LOADER = "ansible.module_utils._internal._ansiballz._loader"
PRELOAD = (LOADER, "ansible.module_utils.basic",
           "ansible.module_utils.common.json", "ansible.module_utils.common.text.converters",
           "runpy", "zipfile", "tempfile", "shutil", "base64", "json", "subprocess")
ZYGOTE_START_TIMEOUT = 300
_ENV_WORD = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)=(.*)$", re.S)
_PYTHON = re.compile(r"^/\S*/python3(\.[0-9]+)?$")


class Unavailable(Exception):
    """No warm interpreter for this run: use the cold path."""


def pipelined_python(cmd, in_data):
    """``(interpreter, env)`` when ``cmd`` is Ansible's pipelined run of an AnsiballZ payload
    (``/bin/sh -c '[VAR=value ...] /usr/bin/python3 && sleep 0'`` with the payload on stdin), else None."""
    if not in_data or MARK not in in_data:
        return None
    try:
        outer = shlex.split(cmd)
        if len(outer) != 3 or outer[1] != "-c" or os.path.basename(outer[0]) not in ("sh", "bash"):
            return None
        words = shlex.split(outer[2])
    except ValueError:
        return None
    if words[-3:] == ["&&", "sleep", "0"]:
        words = words[:-3]
    env = {}
    while words and _ENV_WORD.match(words[0]):
        name, value = _ENV_WORD.match(words.pop(0)).groups()
        env[name] = value
    if len(words) != 1 or not _PYTHON.match(words[0]):
        return None
    return words[0], env


def controller_site():
    """The folder the controller's ``ansible`` package is imported from (its payloads are built from it)."""
    from ansible.module_utils import basic  # pylint: disable=import-outside-toplevel
    return os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(basic.__file__))))


# ---------------------------------------------------------------------------------------------
# the agent's side (in the VM)

_ZYGOTES = {}
_LOCK = threading.Lock()


def zygote_socket(python, site):
    """The socket of the zygote for this interpreter and ansible install, started on first use."""
    key = (os.path.realpath(python), site)
    with _LOCK:
        known = _ZYGOTES.get(key)
        if known and known[0].poll() is None:
            return known[1]
        if known:
            raise Unavailable("its zygote exited (%s)" % known[0].returncode)
        # the zygote is the node's own interpreter (the one a cold run starts), in isolated mode
        folder = tempfile.mkdtemp(prefix="netdesign-zygote-")
        # the zygote removes it when it ends; when it is killed instead, the agent does, at its own exit
        atexit.register(shutil.rmtree, folder, True)
        path = os.path.join(folder, "sock")
        try:
            proc = subprocess.Popen(  # pylint: disable=consider-using-with,ansible-bad-function
                [python, "-I", os.path.abspath(__file__), "zygote", path, site],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        except OSError as exc:
            raise Unavailable("%s: %s" % (python, exc)) from None
        # its imports take about 10 s under TCG; a zygote that says nothing in 300 s is given up
        line = ""
        if select.select([proc.stdout], [], [], ZYGOTE_START_TIMEOUT)[0]:
            line = proc.stdout.readline().decode(errors="replace").strip()
        _ZYGOTES[key] = (proc, path)
        if line != "ready":
            proc.kill()
            raise Unavailable("the zygote did not start: %s" % (line or "no output"))
        return path


def same_root(holder):
    """Whether process ``holder`` has this process's root directory (a node on this userland), not a root of its
    own (a node on a lab image, chrooted into an overlay of it). Compared by device and inode: the path the kernel
    shows for the root of a process in another mount namespace is "/" only when this process's root is the
    machine's own; run chrooted itself (``make test-debian13``), it is the chroot's path on the machine."""
    try:
        mine, theirs = os.stat("/"), os.stat("/proc/%d/root" % holder)
    except OSError:
        return False
    return (mine.st_dev, mine.st_ino) == (theirs.st_dev, theirs.st_ino)


# the folders a node mounts afresh (tmpfs, namespace.HOLDER_SCRIPT; a test holds the two equal): what lies
# below them on this machine is not there once a child has entered the node's mount namespace
NODE_TMPFS = ("/run", "/tmp")


def hidden_in_node(site):
    """The node folder that hides ``site`` from a child in a node (a checkout under /tmp: the ansible
    package's modules, imported lazily, would not be found), or None."""
    real = os.path.realpath(site)
    return next((top for top in NODE_TMPFS if real == top or real.startswith(top + os.sep)), None)


def run(python, site, holder, env, script, timeout):
    """Run ``script`` (an AnsiballZ payload) in the namespaces of process ``holder`` with environment
    ``env``; returns ``(rc, stdout, stderr)`` bytes. Raises Unavailable for the cold path."""
    if holder and not same_root(holder):
        # a node on a lab image (lab_image.py): its modules run on the image's own python3, which no zygote of
        # this userland is
        raise Unavailable("node on a lab image (its own python3)")
    hidden = hidden_in_node(site) if holder else None
    if hidden:
        # the cold path's payload carries all it imports
        raise Unavailable("the controller's ansible (%s) is below %s, which every node mounts afresh" % (site, hidden))
    path = zygote_socket(python, site)
    request = json.dumps({"holder": holder, "env": env, "script": base64.b64encode(script).decode()})
    with socket.socket(socket.AF_UNIX) as sock:
        try:
            sock.connect(path)
            sock.sendall(request.encode() + b"\n")
            sock.shutdown(socket.SHUT_WR)
        except OSError as exc:
            raise Unavailable("zygote: %s" % exc) from None
        sock.settimeout(timeout)
        # two lines: the child's pid, then its answer (a daemon the module started may hold the socket
        # open after the child is gone, so the answer ends at its newline, not at the connection's end)
        data, lines = b"", []
        try:
            while len(lines) < 2:
                chunk = sock.recv(1 << 20)
                if not chunk:
                    break
                data += chunk
                while b"\n" in data and len(lines) < 2:
                    line, data = data.split(b"\n", 1)
                    lines.append(line)
        except socket.timeout:
            if lines:
                try:
                    os.kill(int(lines[0]), 9)
                except ProcessLookupError:
                    pass
            return 124, b"", b"module run killed after %.0f s" % timeout
    data = lines[1] if len(lines) == 2 else b""
    try:
        answer = json.loads(data)
    except ValueError:
        # the child died before answering (killed, or crashed in C): as a cold python3 that died
        return 255, b"", b"warm module run ended without an answer"
    return answer["rc"], base64.b64decode(answer["stdout"]), base64.b64decode(answer["stderr"])


# ---------------------------------------------------------------------------------------------
# the zygote (a process of its own: single-threaded, so it can fork and its children can setns)

def _setns(pid):
    import ctypes  # pylint: disable=import-outside-toplevel
    libc = ctypes.CDLL(None, use_errno=True)
    # opened first: entering the mount namespace changes what /proc/<pid> paths resolve to
    fds = [os.open("/proc/%d/ns/%s" % (pid, kind), os.O_RDONLY) for kind in ("uts", "net", "mnt")]
    root = os.open("/proc/%d/root" % pid, os.O_RDONLY | os.O_DIRECTORY)
    for fd in fds:
        if libc.setns(fd, 0) != 0:
            raise OSError(ctypes.get_errno(), "setns into the namespaces of process %d" % pid)
        os.close(fd)
    # then the node's root, as ``nsenter -r`` (lab.py): setns into a mount namespace puts a process at that
    # namespace's root, which is the machine's own "/" also when the node's holder (and this zygote) run chrooted
    # (make test-debian13: the module would run on the machine's files, not the node's)
    os.fchdir(root)
    os.chroot(".")
    os.close(root)
    os.chdir("/")


def _child(conn):  # pragma: no cover - runs in a forked process; covered by the lab agent tests' answers
    import atexit  # pylint: disable=import-outside-toplevel
    import signal  # pylint: disable=import-outside-toplevel
    import traceback  # pylint: disable=import-outside-toplevel
    import types  # pylint: disable=import-outside-toplevel
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the zygote's own handler is not the module's
    conn.sendall(b"%d\n" % os.getpid())
    data = b""
    while True:
        chunk = conn.recv(1 << 20)
        if not chunk:
            break
        data += chunk
    request = json.loads(data)
    out, err = os.memfd_create("stdout"), os.memfd_create("stderr")
    null = os.open(os.devnull, os.O_RDONLY)
    rc = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os.dup2(null, 0)
    os.dup2(out, 1)
    os.dup2(err, 2)
    try:
        _setns(request["holder"])
        os.environ.clear()
        os.environ.update(request["env"])
        sys.argv = ["-"]
        main = types.ModuleType("__main__")
        sys.modules["__main__"] = main
        exec(compile(base64.b64decode(request["script"]), "<stdin>", "exec"), main.__dict__)  # pylint: disable=exec-used
        rc = 0
    except SystemExit as exc:
        if exc.code is None:
            rc = 0
        elif isinstance(exc.code, int):
            rc = exc.code
        else:
            sys.stderr.write("%s\n" % exc.code)
            rc = 1
    except BaseException:  # pylint: disable=broad-exception-caught
        traceback.print_exc()
        rc = 1
    try:
        threading._shutdown()  # pylint: disable=protected-access  # as the interpreter does at exit
        atexit._run_exitfuncs()  # pylint: disable=protected-access
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        answer = {"rc": rc}
        for name, fd in (("stdout", out), ("stderr", err)):
            os.lseek(fd, 0, os.SEEK_SET)
            with os.fdopen(os.dup(fd), "rb") as handle:
                answer[name] = base64.b64encode(handle.read()).decode()
        conn.sendall(json.dumps(answer).encode() + b"\n")
        conn.close()
        os._exit(0)  # pylint: disable=protected-access


def _say(line):
    """One line to the agent, which reads the zygote's stdout."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _stop(_signum, _frame):  # pragma: no cover - the zygote's SIGTERM handler
    raise SystemExit(0)


def zygote(path, site):  # pragma: no cover - started by _zygote_socket in its own process
    """Import once, then fork a child per connection; exit when the agent's end of stdin closes."""
    import importlib  # pylint: disable=import-outside-toplevel
    import importlib.machinery  # pylint: disable=import-outside-toplevel
    import importlib.util  # pylint: disable=import-outside-toplevel
    # only the ansible package comes from the controller's install, not its neighbours: a third-party
    # import (distro, typing_extensions) resolves on the node's own sys.path, as in a cold python3
    spec = importlib.machinery.PathFinder.find_spec("ansible", [site])
    if spec is None:
        _say("no ansible package in %s" % site)
        return 1
    package = importlib.util.module_from_spec(spec)
    sys.modules["ansible"] = package
    spec.loader.exec_module(package)
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError:
            if name != LOADER:
                raise
    own = site in sys.path  # the controller's install is this interpreter's own (a venv): nothing is lent
    foreign = sorted(n for n, m in list(sys.modules.items()) if not own and n.split(".")[0] != "ansible"
                     and (getattr(m, "__file__", None) or "").startswith(site + os.sep))
    if foreign:
        _say("imported from %s beside ansible: %s" % (site, ", ".join(foreign[:5])))
        return 1
    import signal  # pylint: disable=import-outside-toplevel
    # a zygote stopped with SIGTERM (the agent's process group ending) cleans up as one whose stdin closed
    signal.signal(signal.SIGTERM, _stop)
    server = socket.socket(socket.AF_UNIX)
    server.bind(path)
    try:  # from the bind on: a SIGTERM right after "ready" (still in its flush) cleans up too
        os.chmod(path, 0o600)
        server.listen(64)
        _say("ready")
        while True:
            readable = select.select([server, sys.stdin], [], [], 1.0)[0]
            try:
                while os.waitpid(-1, os.WNOHANG)[0]:
                    pass
            except ChildProcessError:
                pass
            if sys.stdin in readable and not os.read(sys.stdin.fileno(), 1):
                return 0  # the agent is gone
            if server in readable:
                conn, _addr = server.accept()
                if os.fork() == 0:
                    try:
                        server.close()
                        _child(conn)
                    finally:
                        os._exit(1)  # pylint: disable=protected-access  # never back into this loop
                conn.close()
    finally:
        # the agent's own exit removes the folder too (atexit, for a zygote that is killed): whichever is first
        shutil.rmtree(os.path.dirname(path), ignore_errors=True)


if __name__ == "__main__":  # pragma: no cover
    if len(sys.argv) == 4 and sys.argv[1] == "zygote":
        raise SystemExit(zygote(sys.argv[2], sys.argv[3]))
    raise SystemExit("usage: warm.py zygote SOCKET SITE")
