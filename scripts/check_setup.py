#!/usr/bin/env python3
"""Prove the set-up complete: every program the roles, scenarios and lab call comes from a package
that the set-up installs.

Lab nodes run on the host's userland, so a program the project calls on a node (``keepalived``,
``vtysh``, ``ifquery``, ``nft`` ...) must be installed on the host by ``scripts/bootstrap.sh``. A
machine where somebody installed it by hand hides the gap until a fresh machine fails in a scenario's
converge (issue #15: ``/etc/keepalived does not exist``). This check finds the programs the project
calls, statically, and asks dpkg which package provides each:

* YAML (roles/, extensions/molecule/, playbooks/, site.yml): the ``command``/``shell`` tasks (each simple command
  of a shell script, ``sh -c`` and ``setsid`` followed into, heredoc bodies skipped) and ``validate:`` lines;
* Python (plugins/, scripts/, extensions/molecule/, tests/integration/): a list literal whose first item is a string,
  passed to a call that runs a program (``run``, ``subprocess.run``, ``Popen``, ``module.run_command`` ...).

A program passes when it resolves to a file of a package listed in scripts/apt-packages.txt (or one
such a package hard-depends on, so apt installs it along), of a package Debian always installs (Essential, or Priority required: present even in a minbase root), or
to the project's virtualenv (pinned by requirements-dev.txt). A command whose program is a template
(``{{ ... }}``) cannot be known statically and is counted, not checked.

Why this check and not a from-nothing run in a clean Debian root inside ``make test``: it takes about a
second, names the program, the file that calls it and the package to add, and it runs on every
``make test``; a clean-root run would cost many minutes per run and say only that a scenario failed.

Exit 0 when every program is covered, 1 otherwise (one line per program, naming it), 2 on bad usage.
"""

from __future__ import annotations

import argparse
import ast
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
# what a lab node's commands see (plugins/connection/netns.py NODE_ENV)
NODE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
YAML_DIRS = ("roles", "extensions/molecule", "playbooks")
YAML_FILES = ("site.yml",)
PY_DIRS = ("plugins", "scripts", "extensions/molecule", "tests/integration")   # the browser test calls chromium
# FQCN only (ansible-lint's production profile refuses the short names); a bare ``command:`` is an option
# of another module (ansible.netcommon.cli_command sends it to a device, not to a shell)
COMMAND_KEYS = ("ansible.builtin.command", "ansible.builtin.shell")
# callables whose first list argument is an argv
RUNNERS = {"run", "_must", "_checked", "node_exec", "Popen", "run_command", "check_output", "check_call",
           "_ip_json", "_run"}
SHELL_BUILTINS = {"exit", "echo", "set", "cd", "test", "[", "[[", "true", "false", "kill", "read", "printf",
                  "export", "return", "local", ":", ".", "source", "wait", "trap", "eval", "unset", "exec",
                  "shift", "break", "continue", "umask", "ulimit", "command", "type", "times"}
SHELL_KEYWORDS = {"if", "then", "else", "elif", "fi", "do", "done", "while", "until", "!", "{", "}", "time"}
SKIP_STATEMENTS = {"for", "case", "esac", "function", "select"}
# programs that run their argument as a command: the program after them is checked too
WRAPPERS = {"setsid", "nohup", "timeout", "env", "nice", "ionice", "stdbuf"}
TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
SEPARATORS = re.compile(r"&&|\|\||[;|&`]|\$\(|\)|\(")
REDIRECTS = re.compile(r"\d*(>>|>&|<&|&>|>|<)\s*(&?-|&?\d+\b|[^\s;&|)]+)")
PROGRAM_NAME = re.compile(r"^[\w./+-]+$")
# called by the tools the project calls, where no file of ours names them
INDIRECT = {
    "qemu-system-x86_64": "virtme-ng's vng (the lab's VM fallback, scripts/lab_molecule.py)",
    "busybox": "virtme-ng's init in the fallback VM",
    "/usr/lib/frr/frr-reload.py": "frrinit.sh reload (extensions/molecule/smoke_bgp)",
}
# called only on production targets, never on lab nodes nor by the tests: not the set-up's to install
TARGET_ONLY = {
    "systemctl": "frr_config with service=systemd (the default on real hosts; labs use frrinit)",
}


class Use:
    """One place that calls a program."""

    def __init__(self, program, where):
        self.program = program
        self.where = where


# ---------------------------------------------------------------------------------------------
# finding the programs

def shell_programs(script):
    """Programs a shell script runs (first word of every simple command); ``None`` for a template."""
    found = []
    heredoc_end = None
    text = TEMPLATE.sub("TEMPLATE", script).replace("\\\n", " ")
    for line in text.splitlines():
        if heredoc_end is not None:
            if line.strip() == heredoc_end:
                heredoc_end = None
            continue
        here = re.search(r"<<-?\s*['\"]?(\w+)", line)
        if here:
            heredoc_end = here.group(1)
        line = REDIRECTS.sub(" ", re.sub(r"(^|\s)#.*$", "", line))
        for part in SEPARATORS.split(line):
            found.extend(_simple_command(part))
    return found


def _simple_command(part):
    try:
        words = shlex.split(part, comments=False)
    except ValueError:
        words = part.split()
    while words and (words[0] in SHELL_KEYWORDS or re.match(r"^\w+=", words[0])):
        words = words[1:]
    if not words or words[0] in SKIP_STATEMENTS or words[0] in SHELL_BUILTINS:
        return []
    program = words[0]
    if not PROGRAM_NAME.match(program):
        return []
    if program == "TEMPLATE" or program.startswith("TEMPLATE") or program.startswith("$"):
        return [None]
    if program in ("sh", "bash") and "-c" in words[1:-1]:
        return [program] + shell_programs(words[words.index("-c") + 1])
    if program in WRAPPERS:
        rest = words[1:]
        while rest and (rest[0].startswith("-") or re.match(r"^\w+=", rest[0])
                        or (program == "timeout" and re.match(r"^[\d.]+[smhd]?$", rest[0]))):
            rest = rest[1:]
        return [program] + (_simple_command(shlex.join(rest)) if rest else [])
    return [program]


def _tasks(node, name="?"):
    """Every mapping in a YAML document (tasks, blocks, handlers, module arguments at any depth), each with
    the name of the task it belongs to."""
    if isinstance(node, dict):
        name = node["name"] if isinstance(node.get("name"), str) and len(node) > 1 else name
        yield node, name
        for value in node.values():
            yield from _tasks(value, name)
    elif isinstance(node, list):
        for value in node:
            yield from _tasks(value, name)


def yaml_uses(path, rel):
    try:
        docs = list(yaml.safe_load_all(path.read_text()))
    except yaml.YAMLError:
        return []
    uses = []
    for doc in docs:
        for task, name in _tasks(doc):
            where = "%s: task %r" % (rel, name)
            for key in COMMAND_KEYS:
                value = task.get(key)
                if isinstance(value, dict):
                    value = value.get("cmd") or (" ".join(map(str, value["argv"])) if value.get("argv") else None)
                if isinstance(value, str):
                    script = value if "shell" in key else shlex.join(_split_command(value))
                    uses += [Use(p, where) for p in shell_programs(script)]
            if isinstance(task.get("validate"), str):
                uses += [Use(p, where) for p in shell_programs(task["validate"].replace("%s", "FILE"))]
    return uses


def _split_command(value):
    # the command module runs no shell: only its first word is a program (a template stays a template)
    text = TEMPLATE.sub("TEMPLATE", value)
    try:
        return shlex.split(text)[:1]
    except ValueError:
        return text.split()[:1]


def python_uses(path, rel):
    try:
        tree = ast.parse(path.read_text(), filename=str(path))
    except SyntaxError:
        return []
    constants = {t.id: n.value.value for n in tree.body if isinstance(n, ast.Assign)
                 and isinstance(n.value, ast.Constant) and isinstance(n.value.value, str)
                 for t in n.targets if isinstance(t, ast.Name)}
    uses = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name not in RUNNERS:
            continue
        for arg in list(node.args) + [k.value for k in node.keywords if k.arg in ("args", "argv", "cmd")]:
            if isinstance(arg, ast.BinOp):  # ["ip", ...] + more
                arg = arg.left
            if isinstance(arg, (ast.List, ast.Tuple)) and arg.elts:
                first = arg.elts[0]
                value = constants.get(first.id) if isinstance(first, ast.Name) else getattr(first, "value", None)
                if isinstance(value, str) and value:
                    uses.append(Use(value, "%s:%d" % (rel, node.lineno)))
                break
    return uses


def collect(root=ROOT):
    uses = []
    files = [root / f for f in YAML_FILES if (root / f).exists()]
    for folder in YAML_DIRS:
        files += sorted((root / folder).rglob("*.yml")) if (root / folder).is_dir() else []
    for path in files:
        uses += yaml_uses(path, path.relative_to(root).as_posix())
    for folder in PY_DIRS:
        for path in sorted((root / folder).rglob("*.py")) if (root / folder).is_dir() else []:
            uses += python_uses(path, path.relative_to(root).as_posix())
    return uses + [Use(program, caller) for program, caller in INDIRECT.items()]


# ---------------------------------------------------------------------------------------------
# resolving them to packages

def listed_packages(path):
    names = set()
    for line in Path(path).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            names.add(line)
    return names


class Dpkg:
    """Which Debian package provides a file, and whether Debian always installs it."""

    def __init__(self):
        self._owner = {}
        self._always = {}

    def owner(self, path):
        candidates = [path]
        real = os.path.realpath(path)
        for p in (path, real):
            candidates += [p, p[4:] if p.startswith("/usr/") else "/usr" + p]  # merged /usr
        for candidate in dict.fromkeys(candidates):
            if candidate not in self._owner:
                proc = subprocess.run(["dpkg-query", "-S", candidate], capture_output=True, text=True, check=False)
                pkgs = []
                if proc.returncode == 0:
                    for line in proc.stdout.splitlines():
                        if line.startswith("diversion ") or ": " not in line:
                            continue
                        pkgs += [p.strip().split(":")[0] for p in line.split(": ", 1)[0].split(",")]
                self._owner[candidate] = pkgs
            if self._owner[candidate]:
                return self._owner[candidate]
        return []

    def depends(self, package):
        """The packages a package hard-depends on (first of each alternative): installed with it."""
        proc = subprocess.run(["dpkg-query", "-W", "-f", "${Pre-Depends}, ${Depends}", package],
                              capture_output=True, text=True, check=False)
        names = []
        for item in proc.stdout.split(","):
            name = item.split("|")[0].strip().split(" ")[0].split(":")[0]
            if name:
                names.append(name)
        return names

    def always_installed(self, package):
        if package not in self._always:
            proc = subprocess.run(["dpkg-query", "-W", "-f", "${Essential} ${Priority}", package],
                                  capture_output=True, text=True, check=False)
            essential, _sep, priority = proc.stdout.partition(" ")
            self._always[package] = proc.returncode == 0 and (essential == "yes" or priority == "required")
        return self._always[package]


def check(uses, listed, dpkg, venv_bin, which=shutil.which):
    """(problems, summary): one problem line per program that the set-up does not provide."""
    programs = {}
    unknown = 0
    for use in uses:
        if use.program is None:
            unknown += 1
            continue
        programs.setdefault(use.program, []).append(use.where)
    problems = []
    installed_with = set(listed)
    for package in listed:
        installed_with.update(dpkg.depends(package))
    for program in sorted(programs):
        if program in TARGET_ONLY:
            continue
        where = programs[program][0] + (" and %d more" % (len(programs[program]) - 1) if len(programs[program]) > 1 else "")
        if program.startswith("/"):
            path = program if os.path.exists(program) else None
        else:
            path = which(program, path=NODE_PATH) or which(program, path=str(venv_bin))
        if path is None:
            problems.append("program %s (called in %s) is not installed here, and no package of "
                            "scripts/apt-packages.txt provides it: add the Debian package that does"
                            % (program, where))
            continue
        if str(venv_bin) and Path(path).parent == Path(venv_bin):
            continue  # pip-installed into the project's venv, pinned by requirements-dev.txt
        owners = dpkg.owner(path)
        if not owners:
            problems.append("program %s (called in %s) is %s, a file no Debian package owns: the set-up "
                            "does not install it" % (program, where, path))
            continue
        if any(p in installed_with or dpkg.always_installed(p) for p in owners):
            continue
        problems.append("program %s (called in %s) comes from the Debian package %s, which "
                        "scripts/apt-packages.txt does not list" % (program, where, " or ".join(owners)))
    summary = "%d programs checked (%d calls), %d commands built from templates not checked" % (
        len(programs), len(uses) - unknown, unknown)
    return problems, summary


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--packages", default=str(ROOT / "scripts" / "apt-packages.txt"),
                        help="the package list to check against (default: scripts/apt-packages.txt)")
    parser.add_argument("--list", action="store_true", help="print every program with the first place calling it")
    args = parser.parse_args(argv)
    uses = collect()
    if args.list:
        for program in sorted({u.program for u in uses if u.program}):
            print("%-28s %s" % (program, next(u.where for u in uses if u.program == program)))
    problems, summary = check(uses, listed_packages(args.packages), Dpkg(), ROOT / ".venv" / "bin")
    for line in problems:
        print("setup-check: FAIL %s" % line)
    print("setup-check: %s; %d not provided by the set-up" % (summary, len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
