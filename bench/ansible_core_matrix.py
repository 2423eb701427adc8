# -*- coding: utf-8 -*-
"""Issue #20: the ansible-core versions the collection supports, tested (``make matrix``, not part of make test).

Per ansible-core minor (2.16, the oldest AAP 2.5 ships, to 2.21, the newest) it builds a virtualenv of its own,
``build/matrix/<minor>/venv``, with the newest patch release of that minor (what ``pip index versions
ansible-core`` lists) on the first of this machine's Pythons that the release accepts as controller (pip only
lists a release whose Requires-Python the interpreter meets), plus the test tools pinned as in
requirements-dev.txt / constraints.txt. The collections the project depends on (galaxy.yml's dependencies) are
the ones of the main .venv (the ``ansible`` package's), copied once into ``build/matrix/collections`` and put on
ANSIBLE_COLLECTIONS_PATH beside build/collections: the same versions for every minor, recorded.

Then, with that venv (``NETDESIGN_VENV``: scripts/test.sh and scripts/lab_molecule.py run its python, ansible,
ansible-test and molecule):

- ``unit``: ``scripts/test.sh unit`` (tests/unit and tests/integration as make test runs them, without
  coverage and so without its floor), passed/failed counts and time;
- ``sanity``: ``scripts/test.sh sanity``: that ansible-core's own ``ansible-test sanity`` on the collection
  installed from its tarball, on the venv's Python, no ignore file;
- ``molecule``: ``scripts/lab_molecule.py smoke_bgp`` with that venv's Molecule (by default on the oldest and the
  newest minor); the newest Molecule that installs beside the ansible-core is taken. It waits while another
  ``lab_molecule.py --many`` runs on this machine (the lab names would clash).

Unit runs never overlap (fixed lab names): minors run one after another. Results are merged into
bench/results/ansible_core_matrix.{json,md} after each stage (a later run of some minors or stages replaces
only those entries, each with when and how it was measured); logs in build/matrix/<minor>/.

    .venv/bin/python bench/ansible_core_matrix.py [--minors 2.16,2.21,2.19,2.20,2.17,2.18]
        [--stages setup,unit,sanity,molecule] [--molecule-minors 2.16,2.21]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import fcntl
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile

import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from benchlib import RESULTS, save_json, save_markdown  # noqa: E402

NAME = "ansible_core_matrix"
MINORS = ("2.16", "2.21", "2.19", "2.20", "2.17", "2.18")  # oldest and newest first
MOLECULE_MINORS = ("2.16", "2.21")
PYTHONS = ("/root/.pyenv/versions/3.11.7/bin/python", "/root/.pyenv/versions/3.12.1/bin/python")
MATRIX = os.path.join(ROOT, "build", "matrix")
COLLECTIONS = os.path.join(MATRIX, "collections")
# Minors the main .venv's collections do not work on: {minor: (the ``ansible`` package release that ships that
# ansible-core, collections taken from it)}, put before build/matrix/collections for that minor only.
# ansible-core 2.21 dropped its paramiko connection plugin, which ansible.netcommon's network_cli loaded before
# 8.5.0 (8.2.0: "'NoneType' object has no attribute 'set_options'" on every IOS host); 8.5.0 brings its own
# paramiko layer, 8.5.2 fixes direct module execution on 2.21 (ansible.netcommon's CHANGELOG.rst).
NEWER_COLLECTIONS = {"2.21": ("14.5.0", ("ansible.netcommon",))}
MAIN_SITE = os.path.join(ROOT, ".venv", "lib", "python3.11", "site-packages")
# the test tools of requirements-dev.txt that the unit and sanity stages need, at the project's pins, and bindep
# (constraints.txt; ansible-builder's, which tests/unit/scripts/test_check_packaging.py has parse bindep.txt)
TOOLS = ("pytest", "pytest-xdist", "pytest-cov", "hypothesis", "netaddr", "paramiko", "bindep")
# constraints.txt pins that belong to the main .venv's ansible-core 2.19 (ansible-core 2.16-2.18 need
# resolvelib < 1.1): each minor's ansible-core brings its own
NOT_CONSTRAINED = ("ansible", "ansible-core", "ansible-lint", "resolvelib", "molecule", "ansible-compat")
SCENARIO = "smoke_bgp"


def say(message):
    print("==> matrix: %s" % message, flush=True)


def minor_key(minor):
    return tuple(int(p) for p in minor.split("."))


def pins(path):
    """{name (lower case): version} of the name==version lines of a requirements/constraints file."""
    found = {}
    with open(os.path.join(ROOT, path)) as handle:
        for line in handle:
            match = re.match(r"^([A-Za-z0-9_.-]+)==([^\s#;]+)", line)
            if match:
                found[match.group(1).lower().replace("_", "-")] = match.group(2)
    return found


_INDEX = {}


def index_versions(python, package):
    """The releases ``pip index versions`` lists for ``python`` (only those whose Requires-Python it meets)."""
    if (python, package) not in _INDEX:
        proc = subprocess.run([python, "-m", "pip", "index", "versions", package], capture_output=True, text=True,
                              check=False)
        match = re.search(r"Available versions: (.*)", proc.stdout)
        _INDEX[python, package] = [v.strip() for v in match.group(1).split(",")] if match else []
    return _INDEX[python, package]


def choose(minor, pythons):
    """(python, newest ansible-core patch of ``minor``) for the first interpreter pip offers it to."""
    for python in pythons:
        if not os.access(python, os.X_OK):
            continue
        releases = [v for v in index_versions(python, "ansible-core")
                    if re.fullmatch(r"%s\.\d+" % re.escape(minor), v)]
        if releases:
            return python, max(releases, key=lambda v: int(v.rsplit(".", 1)[1]))
    raise SystemExit("matrix: no Python of %s is offered ansible-core %s" % (", ".join(pythons), minor))


def venv_python(minor):
    return os.path.join(MATRIX, minor, "venv", "bin", "python")


def installed(minor):
    """{name: version} of what the minor's venv holds."""
    out = subprocess.run([venv_python(minor), "-m", "pip", "list", "--format", "json"], capture_output=True,
                         text=True, check=True).stdout
    return {p["name"].lower(): p["version"] for p in json.loads(out)}


def constraints_file(minor):
    path = os.path.join(MATRIX, minor, "constraints.txt")
    with open(os.path.join(ROOT, "constraints.txt")) as handle:
        kept = [line for line in handle
                if re.split(r"[=<>~!;\s]", line.strip(), maxsplit=1)[0].lower() not in NOT_CONSTRAINED]
    with open(path, "w") as handle:
        handle.write("# constraints.txt without %s (bench/ansible_core_matrix.py)\n" % ", ".join(NOT_CONSTRAINED))
        handle.writelines(kept)
    return path


def pip_install(python, requirements, constraints, dry_run=False):
    argv = [python, "-m", "pip", "install", "-q", "-c", constraints] + (["--dry-run"] if dry_run else [])
    proc = subprocess.run(argv + requirements, capture_output=True, text=True, check=False)
    return proc.returncode, "\n".join(l for l in (proc.stdout + proc.stderr).splitlines()
                                      if not l.startswith("WARNING: Location"))


def molecule_for(python, core, constraints):
    """The project's Molecule pin when it installs beside ``core``, else the newest release that does."""
    wanted = pins("requirements-dev.txt")["molecule"]
    candidates = [wanted] + [v for v in index_versions(python, "molecule") if v != wanted]
    for version in candidates:
        if re.search(r"[a-z]", version):  # pre-releases
            continue
        rc, _ = pip_install(python, ["ansible-core==%s" % core, "molecule==%s" % version], constraints, dry_run=True)
        if rc == 0:
            if version != wanted:
                say("molecule %s does not install beside ansible-core %s: molecule %s does" % (wanted, core, version))
            return version
    raise RuntimeError("no molecule release installs beside ansible-core %s" % core)


def setup(minor, pythons, with_molecule):
    """The minor's venv (rebuilt when its requirements changed); returns what it holds."""
    python, core = choose(minor, pythons)
    folder = os.path.join(MATRIX, minor)
    os.makedirs(folder, exist_ok=True)
    constraints = constraints_file(minor)
    dev = dict(pins("constraints.txt"), **pins("requirements-dev.txt"))
    requirements = ["ansible-core==%s" % core] + ["%s==%s" % (t, dev[t]) for t in TOOLS]
    requirements += ["-r", os.path.join(ROOT, "requirements.txt")]
    if with_molecule:
        requirements.append("molecule==%s" % molecule_for(python, core, constraints))
    with open(constraints) as handle:
        want = hashlib.sha256((python + "\n" + "\n".join(requirements) + handle.read()).encode()).hexdigest()
    stamp = os.path.join(folder, "venv", ".requirements.sha256")
    started = time.monotonic()
    if not (os.path.exists(stamp) and open(stamp).read() == want):
        say("%s: venv with ansible-core %s on %s (%s)" % (minor, core, python, " ".join(requirements[1:])))
        base = ""  # no venv yet on a fresh machine
        if os.path.exists(venv_python(minor)):
            base = subprocess.run([venv_python(minor), "-c", "import sys; print(sys._base_executable)"],
                                  capture_output=True, text=True, check=False).stdout.strip()
        if os.path.realpath(base or "/nonexistent") != os.path.realpath(python):  # else: pip brings it up to date
            shutil.rmtree(os.path.join(folder, "venv"), ignore_errors=True)
            subprocess.run([python, "-m", "venv", os.path.join(folder, "venv")], check=True)
        rc, out = pip_install(venv_python(minor), requirements, constraints)
        if rc:
            raise RuntimeError("%s: pip install failed:\n%s" % (minor, out))
        with open(stamp, "w") as handle:
            handle.write(want)
    else:
        say("%s: venv with ansible-core %s present" % (minor, core))
    have = installed(minor)
    pyver = subprocess.run([venv_python(minor), "-c", "import platform; print(platform.python_version())"],
                           capture_output=True, text=True, check=True).stdout.strip()
    requires = subprocess.run([venv_python(minor), "-c", "from importlib.metadata import metadata; "
                               "print(metadata('ansible-core')['Requires-Python'])"],
                              capture_output=True, text=True, check=True).stdout.strip()
    return {"ansible_core": have["ansible-core"], "python": pyver, "interpreter": python,
            "requires_python": requires, "molecule": have.get("molecule"),
            "tools": {t: have.get(t) for t in TOOLS}, "setup_seconds": round(time.monotonic() - started, 1)}


def dependency_collections():
    """Copy galaxy.yml's dependencies from the main .venv (the ``ansible`` package) to build/matrix/collections
    once; {name: version}."""
    with open(os.path.join(ROOT, "galaxy.yml")) as handle:
        names = sorted(yaml.safe_load(handle)["dependencies"])
    versions = {}
    for name in names:
        rel = os.path.join("ansible_collections", *name.split("."))
        source, target = os.path.join(MAIN_SITE, rel), os.path.join(COLLECTIONS, rel)
        if not os.path.isdir(source):
            raise SystemExit("matrix: %s is not in %s: run make setup first" % (name, MAIN_SITE))
        with open(os.path.join(source, "MANIFEST.json")) as handle:
            version = json.load(handle)["collection_info"]["version"]
        copied = None
        if os.path.exists(os.path.join(target, "MANIFEST.json")):
            with open(os.path.join(target, "MANIFEST.json")) as handle:
                copied = json.load(handle)["collection_info"]["version"]
        if copied != version:
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(source, target, symlinks=True)
        versions[name] = version
    return versions


def newer_collections(minor):
    """NEWER_COLLECTIONS[minor]'s collections, extracted once from that ``ansible`` release's wheel (pip download,
    no dependencies) into build/matrix/collections-<minor>; ({name: version}, the path), or ({}, None)."""
    if minor not in NEWER_COLLECTIONS:
        return {}, None
    release, names = NEWER_COLLECTIONS[minor]
    target = os.path.join(MATRIX, "collections-%s" % minor)
    wheels = os.path.join(MATRIX, "wheels")
    wheel = os.path.join(wheels, "ansible-%s-py3-none-any.whl" % release)
    if not os.path.exists(wheel):
        subprocess.run([venv_python(minor), "-m", "pip", "download", "-q", "--no-deps", "-d", wheels,
                        "ansible==%s" % release], check=True)
    versions = {}
    with zipfile.ZipFile(wheel) as archive:
        for name in names:
            prefix = "ansible_collections/%s/" % name.replace(".", "/")
            manifest = os.path.join(target, prefix, "MANIFEST.json")
            if not os.path.exists(manifest):
                shutil.rmtree(os.path.join(target, prefix), ignore_errors=True)
                archive.extractall(target, [n for n in archive.namelist() if n.startswith(prefix)])
            with open(manifest) as handle:
                versions[name] = json.load(handle)["collection_info"]["version"]
    return versions, target


def collections_path(minor):
    newer = newer_collections(minor)[1]
    return [os.path.join(ROOT, "build", "collections")] + ([newer] if newer else []) + [COLLECTIONS]


def stage_env(minor):
    venv = os.path.join(MATRIX, minor, "venv")
    return dict(os.environ, NETDESIGN_VENV=venv, NETDESIGN_TEST_LOGS=os.path.join(MATRIX, minor),
                NETDESIGN_UNIT_COVERAGE="0", PATH=os.path.join(venv, "bin") + os.pathsep + os.environ["PATH"],
                ANSIBLE_COLLECTIONS_PATH=os.pathsep.join(collections_path(minor)), PY_COLORS="0")


def run(minor, argv, log):
    """Run ``argv`` from the repository with the minor's venv; (exit status, seconds, output)."""
    started = time.monotonic()
    with open(log, "w") as out:
        rc = subprocess.run(argv, cwd=ROOT, env=stage_env(minor), stdin=subprocess.DEVNULL, stdout=out,
                            stderr=subprocess.STDOUT, check=False).returncode
    with open(log, errors="replace") as handle:
        return rc, round(time.monotonic() - started, 1), handle.read()


def command(minor, argv):
    venv = "build/matrix/%s/venv" % minor
    return ("NETDESIGN_VENV=%s NETDESIGN_UNIT_COVERAGE=0 ANSIBLE_COLLECTIONS_PATH=%s PATH=%s/bin:$PATH %s" % (
        venv, ":".join(os.path.relpath(p, ROOT) for p in collections_path(minor)), venv, " ".join(argv)))


def unit_counts(out):
    """{passed, failed, errors, ...} from pytest's closing line."""
    counts = {}
    closing = [l for l in out.splitlines() if re.search(r"\d+ (passed|failed|errors?)\b.* in [\d.]+s", l)]
    for number, what in re.findall(r"(\d+) (passed|failed|errors?|skipped|xfailed|xpassed)", closing[-1] if closing else ""):
        counts["errors" if what.startswith("error") else what] = int(number)
    return counts


def stage_unit(minor):
    argv = ["scripts/test.sh", "unit"]
    rc, seconds, out = run(minor, argv, os.path.join(MATRIX, minor, "test-unit.out"))
    counts = unit_counts(out)
    failures = [l for l in out.splitlines() if l.startswith(("FAILED ", "ERROR "))]
    return {"result": "pass" if rc == 0 else "fail", "seconds": seconds, "passed": counts.get("passed", 0),
            "failed": counts.get("failed", 0), "errors": counts.get("errors", 0), "skipped": counts.get("skipped", 0),
            "failures": failures[:20], "command": command(minor, argv), "log": "build/matrix/%s/unit.log" % minor}


def sanity_tests(out):
    return re.findall(r"^Running sanity test ['\"]([^'\"]+)['\"]", out, re.M)


def reparse(results):
    """Counts read again from the logs of entries whose log is still the one they wrote (same run: not
    older than the entry's time, written before the next run of that stage began); for entries an earlier
    version of this script mis-read."""
    for minor, entry in results["minors"].items():
        for key, parse in (("unit", unit_counts), ("sanity", sanity_tests)):
            stage = entry.get(key)
            log = os.path.join(ROOT, stage["log"]) if stage else None
            if not stage or not os.path.exists(log):
                continue
            written = datetime.datetime.fromtimestamp(os.path.getmtime(log), datetime.timezone.utc)
            measured = datetime.datetime.strptime(stage["measured"], "%Y-%m-%d %H:%M UTC").replace(
                tzinfo=datetime.timezone.utc)
            if not -datetime.timedelta(minutes=1) <= measured - written <= datetime.timedelta(minutes=2):  # (minutes)
                continue
            with open(log, errors="replace") as handle:
                found = parse(handle.read())
            if key == "unit" and found:
                stage.update({k: found.get(k, 0) for k in ("passed", "failed", "errors", "skipped")})
            elif key == "sanity" and found:
                stage.update(tests_run=len(found), tests=found)


def stage_sanity(minor):
    argv = ["scripts/test.sh", "sanity"]
    rc, seconds, out = run(minor, argv, os.path.join(MATRIX, minor, "test-sanity.out"))
    tests = sanity_tests(out)
    problems = [l for l in out.splitlines() if l.startswith("ERROR: ") or re.match(r"^FATAL", l)]
    return {"result": "pass" if rc == 0 else "fail", "seconds": seconds, "tests_run": len(tests), "tests": tests,
            "problems": problems[:30], "command": command(minor, argv), "log": "build/matrix/%s/sanity.log" % minor}


def lab_busy():
    """Another Molecule run of the labs on this machine (make test's --many, or a scenario of its own)."""
    return subprocess.run(["pgrep", "-f", "lab_molecule.py (--many|%s)" % SCENARIO], capture_output=True,
                          check=False).returncode == 0


def stage_molecule(minor):
    waited = time.monotonic()
    while lab_busy():
        say("%s: another lab_molecule.py runs on this machine: waiting for it (lab names)" % minor)
        time.sleep(30)
    argv = ["build/matrix/%s/venv/bin/python" % minor, "scripts/lab_molecule.py", SCENARIO]
    rc, seconds, out = run(minor, argv, os.path.join(MATRIX, minor, "molecule-%s.log" % SCENARIO))
    actions = re.findall(r"(?:➜ |> )(\w+)\]?:? Executed: Successful", out)
    return {"result": "pass" if rc == 0 else "fail", "seconds": seconds, "scenario": SCENARIO,
            "waited_seconds": round(seconds and time.monotonic() - waited - seconds, 1),
            "actions_successful": actions, "tail": out.splitlines()[-15:] if rc else [],
            "command": command(minor, argv), "log": "build/matrix/%s/molecule-%s.log" % (minor, SCENARIO)}


@contextlib.contextmanager
def results_locked():
    """The results so far (another run of this script may write them too: merged under a lock)."""
    os.makedirs(RESULTS, exist_ok=True)
    with open(os.path.join(MATRIX, ".results.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        path = os.path.join(RESULTS, NAME + ".json")
        results = {"minors": {}}
        if os.path.exists(path):
            with open(path) as handle:
                results = json.load(handle)
        yield results
        save_json(NAME, results)
        save_markdown(NAME, markdown(results))


def commit():
    """The commit the stage ran on (with +changes when the work tree differed from it)."""
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                          check=False).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True,
                           text=True, check=False).stdout.strip()
    return head + ("+changes" if dirty else "")


def record(minor, key, value, measured_on=None):
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    with results_locked() as results:
        entry = results["minors"].setdefault(minor, {})
        if isinstance(value, dict) and key != "setup":
            value = dict(value, measured=stamp, commit=measured_on)
        entry[key] = value


def cell(stage):
    if not stage:
        return "not run"
    return "%s (%.0f s)" % (stage["result"].upper(), stage["seconds"])


def markdown(results):
    minors = sorted(results["minors"], key=minor_key)
    lines = ["# ansible-core matrix (issue #20)", "",
             "`make matrix` (`.venv/bin/python bench/ansible_core_matrix.py`): per ansible-core minor a virtualenv of "
             "its own (`build/matrix/<minor>/venv`) with the newest patch release on the first of this machine's "
             "Pythons pip offers it to, the collections of the main .venv (`ansible` %s) on "
             "ANSIBLE_COLLECTIONS_PATH, then `scripts/test.sh unit` (tests/unit and tests/integration, no coverage), "
             "`scripts/test.sh sanity` (that ansible-core's `ansible-test sanity`, no ignore file) and "
             "`scripts/lab_molecule.py %s` with that venv (`NETDESIGN_VENV`). Times are wall clock on the "
             "project's 2-core machine, each stage's own run." % (results.get("ansible_package", "?"), SCENARIO), "",
             "Dependency collections (the main .venv's; a minor whose entry names newer ones has those first on "
             "ANSIBLE_COLLECTIONS_PATH): %s." % ", ".join(
                 "%s %s" % kv for kv in sorted(results.get("collections", {}).items())), "",
             "| ansible-core | Python | unit: passed / failed | unit | sanity (tests run) | molecule %s "
             "(Molecule) |" % SCENARIO, "|---|---|---|---|---|---|"]
    for minor in minors:
        entry = results["minors"][minor]
        setup_ = entry.get("setup", {})
        unit, sanity, mol = entry.get("unit"), entry.get("sanity"), entry.get("molecule")
        lines.append("| %s | %s | %s | %s | %s | %s |" % (
            setup_.get("ansible_core", minor), setup_.get("python", "?"),
            "%d / %d%s" % (unit["passed"], unit["failed"], ", %d errors" % unit["errors"] if unit["errors"] else "")
            if unit else "-", cell(unit),
            "%s, %d tests" % (cell(sanity), sanity["tests_run"]) if sanity else "not run",
            "%s, molecule %s" % (cell(mol), setup_.get("molecule")) if mol else "not run"))
    lines += ["", "## Per minor", ""]
    for minor in minors:
        entry = results["minors"][minor]
        setup_ = entry.get("setup", {})
        lines += ["### %s" % minor, "",
                  "- ansible-core %s (Requires-Python %s) on Python %s (%s); tools: %s%s" % (
                      setup_.get("ansible_core"), setup_.get("requires_python"), setup_.get("python"),
                      setup_.get("interpreter"), ", ".join("%s %s" % kv for kv in sorted(setup_.get("tools", {}).items())),
                      "; molecule %s" % setup_["molecule"] if setup_.get("molecule") else "")]
        if setup_.get("newer_collections"):
            lines.append("- collections before the main .venv's: %s (from the `ansible` %s package)" % (
                ", ".join("%s %s" % kv for kv in sorted(setup_["newer_collections"].items())),
                NEWER_COLLECTIONS.get(minor, ("?",))[0]))
        for key in ("unit", "sanity", "molecule"):
            stage = entry.get(key)
            if not stage:
                lines.append("- %s: not run" % key)
                continue
            lines.append("- %s: %s, measured %s on commit %s: `%s` (log: %s)" % (
                key, cell(stage), stage["measured"], stage.get("commit") or "not recorded (before the script recorded it)",
                stage["command"], stage["log"]))
            for problem in stage.get("failures", []) + stage.get("problems", []):
                lines.append("  - `%s`" % problem)
        lines.append("")
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minors", default=",".join(MINORS))
    parser.add_argument("--stages", default="setup,unit,sanity,molecule")
    parser.add_argument("--molecule-minors", default=",".join(MOLECULE_MINORS))
    parser.add_argument("--reparse", action="store_true", help="only read the counts of the results again from "
                        "their logs (where still theirs), and write the results")
    parser.add_argument("--pythons", default=",".join(PYTHONS), help="controller Pythons to choose from, in order")
    args = parser.parse_args(argv)
    minors, stages = args.minors.split(","), args.stages.split(",")
    molecule_minors, pythons = args.molecule_minors.split(","), args.pythons.split(",")
    os.makedirs(MATRIX, exist_ok=True)
    if args.reparse:
        with results_locked() as results:
            reparse(results)
        return 0
    started = time.monotonic()
    collections = dependency_collections()
    with results_locked() as results:
        results["collections"] = collections
        results["ansible_package"] = next(
            (d.split("-")[1] for d in os.listdir(MAIN_SITE) if re.fullmatch(r"ansible-[\d.]+\.dist-info", d)), "?")
    say("dependency collections (from the main .venv): %s" % ", ".join("%s %s" % kv for kv in collections.items()))
    summary = []
    for minor in minors:
        with_molecule = minor in molecule_minors
        if "setup" in stages or not os.path.exists(os.path.join(MATRIX, minor, "venv", ".requirements.sha256")):
            info = setup(minor, pythons, with_molecule)
            info["newer_collections"] = newer_collections(minor)[0]
            record(minor, "setup", info)
            say("%s: ansible-core %s, Python %s%s (%.0f s)" % (
                minor, info["ansible_core"], info["python"],
                ", molecule %s" % info["molecule"] if info["molecule"] else "", info["setup_seconds"]))
        line = [minor]
        for key, stage in (("unit", stage_unit), ("sanity", stage_sanity), ("molecule", stage_molecule)):
            if key not in stages or (key == "molecule" and minor not in molecule_minors):
                continue
            say("%s: %s ..." % (minor, key))
            measured_on = commit()  # the collection under test is the tarball make setup built from it
            result = stage(minor)
            record(minor, key, result, measured_on)
            detail = ("%d passed, %d failed, %d errors" % (result["passed"], result["failed"], result["errors"])
                      if key == "unit" else "%d tests run" % result["tests_run"] if key == "sanity" else SCENARIO)
            say("%s: %s %s in %.0f s (%s; log %s)" % (minor, key, result["result"].upper(), result["seconds"], detail,
                                                     result["log"]))
            line.append("%s %s" % (key, result["result"]))
        summary.append(" ".join(line))
    say("done in %.0f s: %s" % (time.monotonic() - started, "; ".join(summary)))
    say("wrote bench/results/%s.{json,md}" % NAME)
    with results_locked() as results:
        failed = [m for m in minors for k in ("unit", "sanity", "molecule")
                  if k in stages and results["minors"].get(m, {}).get(k, {}).get("result") == "fail"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
