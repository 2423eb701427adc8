#!/usr/bin/env python3
"""Checks of the packaging stage (scripts/test.sh packaging) on what Galaxy and AWX/AAP users get.

``tarball TARBALL``: the collection tarball holds what a user needs and none of the repository's own
tooling. Its top-level entries must be in ``SHIPPED`` (anything else is tooling that ``build_ignore`` in
galaxy.yml should leave out, or content to add here on purpose), ``extensions/molecule/`` only the shared
lab playbooks (``utils/``), ``tests/`` only unit and integration tests and ansible-test's config.yml; every file of plugins/
and roles/ in the checkout is in it, and so are the files named in ``REQUIRED``, each role's README.md and the dependency files that
meta/execution-environment.yml names.

``ee CONTEXT TARBALL PIP BINDEP``: the build context that ``ansible-builder create`` made from
execution-environment.yml holds the collection (the very tarball, under the name its galaxy requirements
install), every collection galaxy.yml depends on, and a Containerfile that runs the introspection; PIP
and BINDEP are what the context's own introspect.py found in the collection installed from the
context's tarball, and must be the lines of requirements.txt and bindep.txt, each from the collection.

Each problem is printed on its own line; exit 0 when there is none, 1 otherwise, 2 on bad usage.
"""

from __future__ import annotations

import argparse
import re
import sys
import tarfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = {
    "MANIFEST.json", "FILES.json", "README.md", "CHANGELOG.rst", "requirements.txt", "requirements.yml",
    "bindep.txt", "changelogs", "docs", "extensions", "inventories", "meta", "playbooks", "plugins", "roles",
    "tests",
}
# what a shipped directory may hold (at any depth: a folder of the tarball and the entries allowed in it);
# tests/config.yml: ansible-test's configuration of the collection (Python 3 only modules), read by its sanity
# tests on the installed tarball; extensions/molecule/utils/: the lab's create/destroy for your own scenarios
SUBDIRS = {"extensions": {"molecule"}, "extensions/molecule": {"utils"}, "tests": {"unit", "integration", "config.yml"}}
REQUIRED = (
    "README.md", "CHANGELOG.rst", "changelogs/changelog.yaml", "meta/runtime.yml",
    "meta/execution-environment.yml", "requirements.txt", "requirements.yml", "playbooks/site.yml",
    "inventories/example/hosts.yml", "extensions/molecule/utils/playbooks/create.yml",
    "extensions/molecule/utils/playbooks/destroy.yml",
)
NEVER = re.compile(r"(^|/)(__pycache__|\.pytest_cache|\.hypothesis|\.git)(/|$)|\.pyc$|^tests/unit/scripts(/|$)")


def outside_subdirs(name: str) -> str | None:
    """The folder of SUBDIRS that does not allow the entry ``name`` is (or is in); None when none."""
    parts = name.split("/")
    for depth in range(1, len(parts)):
        folder = "/".join(parts[:depth])
        if folder in SUBDIRS and parts[depth] not in SUBDIRS[folder]:
            return folder
    return None


def tarball_problems(names: set[str], root: Path = ROOT) -> list[str]:
    """What is wrong with a tarball whose members (files and directories) are ``names``."""
    problems, named = [], ()
    for name in sorted(names):
        if name.startswith(named):
            continue  # inside a directory already named
        top, folder = name.partition("/")[0], outside_subdirs(name)
        if top not in SHIPPED:
            problems.append(f"{name}: not something a user needs (build_ignore in galaxy.yml, or SHIPPED in "
                            f"scripts/check_packaging.py if it is)")
        elif folder:
            problems.append(f"{name}: the repository's own {folder}/ (build_ignore in galaxy.yml)")
        elif NEVER.search(name):
            problems.append(f"{name}: a cache or the repository's own test of its scripts (build_ignore)")
        else:
            continue
        named += (name + "/",)
    wanted = list(REQUIRED)
    for directory in ("plugins", "roles"):
        for path in sorted((root / directory).rglob("*")):
            if path.is_file() and not NEVER.search(path.relative_to(root).as_posix()):
                wanted.append(path.relative_to(root).as_posix())
    wanted += [f"roles/{role.name}/README.md" for role in sorted((root / "roles").iterdir()) if role.is_dir()]
    ee = yaml.safe_load((root / "meta" / "execution-environment.yml").read_text()) or {}
    wanted += [path for path in (ee.get("dependencies") or {}).values() if isinstance(path, str)]
    for name in dict.fromkeys(wanted):
        if name not in names:
            problems.append(f"{name}: missing from the tarball")
    return problems


def requirement_lines(path: Path) -> list[str]:
    """The requirements of a requirements.txt or bindep.txt, without comments (as introspection reads them)."""
    lines = (re.sub(r"(^|\s+)#.*$", "", line).strip() for line in path.read_text().splitlines())
    return [line for line in lines if line]


def introspected(path: Path, collection: str) -> tuple[list[str], list[str]]:
    """Requirements in an introspection output file: those from the collection, and all others."""
    ours, others = [], []
    for line in path.read_text().splitlines():
        requirement, _, source = line.partition("  # from ")
        if requirement.strip():
            (ours if source.strip() == f"collection {collection}" else others).append(requirement.strip())
    return ours, others


def ee_context_problems(context: Path, tarball: Path, pip: Path, bindep: Path, root: Path = ROOT) -> list[str]:
    galaxy = yaml.safe_load((root / "galaxy.yml").read_text())
    collection = f"{galaxy['namespace']}.{galaxy['name']}"
    name = f"{galaxy['namespace']}-{galaxy['name']}-{galaxy['version']}.tar.gz"
    problems = []
    containerfile = context / "Containerfile"
    if not containerfile.is_file():
        problems.append(f"{containerfile}: missing")
    elif "introspect.py introspect" not in containerfile.read_text():
        problems.append(f"{containerfile}: does not run the introspection of the collections' requirements")
    copied = context / "_build" / "collections" / name
    if not copied.is_file():
        problems.append(f"{copied}: missing (additional_build_files in execution-environment.yml must copy "
                        f"build/dist/{name}, the version galaxy.yml says)")
    elif copied.read_bytes() != tarball.read_bytes():
        problems.append(f"{copied}: not the tarball {tarball}")
    requirements = context / "_build" / "requirements.yml"
    entries = (yaml.safe_load(requirements.read_text()) or {}).get("collections", []) \
        if requirements.is_file() else []
    if not requirements.is_file():
        problems.append(f"{requirements}: missing")
    names = {entry["name"] if isinstance(entry, dict) else entry: entry for entry in entries}
    own = names.get(f"/build/collections/{name}")
    if not (isinstance(own, dict) and own.get("type") == "file"):
        problems.append(f"{requirements}: no '{{name: /build/collections/{name}, type: file}}' (the collection "
                        f"itself; the context's _build/ is /build in the image)")
    for dependency in sorted(galaxy.get("dependencies") or {}):
        if dependency not in names:
            problems.append(f"{requirements}: no {dependency} (a dependency in galaxy.yml)")
    found_lines = []
    for kind, found, source in (("Python", pip, "requirements.txt"), ("system", bindep, "bindep.txt")):
        ours, others = introspected(found, collection) if found.is_file() else ([], [])
        want = requirement_lines(root / source)
        if ours != want:
            problems.append(f"{kind} requirements the image build would find in the collection: {ours or 'none'};"
                            f" {source} says {want} (meta/execution-environment.yml names the files)")
        if others:
            problems.append(f"{kind} requirements from elsewhere than the collection: {others}")
        found_lines.append(f"{kind} {'; '.join(ours) or 'none'}")
    if not problems:
        print(f"check_packaging: the context holds {name} (= {tarball}), galaxy requirements {sorted(names)};"
              f" the image build's introspection finds in it: {', '.join(found_lines)}")
    try:
        from bindep.depends import Depends  # ansible-builder's own dependency, as in the image build
        Depends((root / "bindep.txt").read_text())
    except ImportError:
        problems.append("bindep is not installed (it comes with ansible-builder): bindep.txt not parsed")
    except Exception as exc:  # noqa: BLE001 - bindep's parser raises its own parse errors
        problems.append(f"bindep.txt: bindep cannot parse it: {exc}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="check", required=True)
    tar = sub.add_parser("tarball")
    tar.add_argument("tarball", type=Path)
    ee = sub.add_parser("ee")
    for arg in ("context", "tarball", "pip", "bindep"):
        ee.add_argument(arg, type=Path)
    args = parser.parse_args(argv)
    if args.check == "tarball":
        with tarfile.open(args.tarball) as archive:
            names = {member.name.rstrip("/") for member in archive.getmembers()} - {"."}
        problems = tarball_problems(names)
        what = f"{args.tarball.name}: {sum(1 for n in names if '/' not in n)} top-level entries, {len(names)} in all"
    else:
        problems = ee_context_problems(args.context, args.tarball, args.pip, args.bindep)
        what = f"build context {args.context}"
    for problem in problems:
        print(f"check_packaging: {problem}")
    print(f"check_packaging: {what}: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
