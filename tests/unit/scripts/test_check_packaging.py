"""scripts/check_packaging.py: the packaging stage names what the tarball should not hold or lacks, and
what the execution environment's build context would not give the image."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
_spec = importlib.util.spec_from_file_location("check_packaging", ROOT / "scripts" / "check_packaging.py")
P = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(P)


def _collection(tmp_path):
    """A checkout with one plugin and one role, as check_packaging reads it."""
    (tmp_path / "plugins" / "filter").mkdir(parents=True)
    (tmp_path / "plugins" / "filter" / "f.py").write_text("")
    (tmp_path / "roles" / "r" / "tasks").mkdir(parents=True)
    (tmp_path / "roles" / "r" / "tasks" / "main.yml").write_text("---\n")
    (tmp_path / "roles" / "r" / "README.md").write_text("# r\n")
    (tmp_path / "meta").mkdir()
    (tmp_path / "meta" / "execution-environment.yml").write_text(
        "version: 1\ndependencies: {python: requirements.txt, system: bindep.txt}\n")
    (tmp_path / "requirements.txt").write_text("# runtime\nnetaddr>=1.3.0\nparamiko>=3.0  # SSH\n")
    (tmp_path / "bindep.txt").write_text("# system\niproute2 [platform:dpkg platform:rpm]\n")
    (tmp_path / "galaxy.yml").write_text(
        "namespace: ns\nname: col\nversion: 1.2.0\ndependencies: {cisco.ios: '>=11.0.0'}\n")
    return tmp_path


def _complete():
    return set(P.REQUIRED) | {"bindep.txt", "plugins", "plugins/filter", "plugins/filter/f.py", "roles", "roles/r",
                              "roles/r/tasks", "roles/r/tasks/main.yml", "roles/r/README.md"}


def test_a_complete_tarball_passes(tmp_path):
    assert P.tarball_problems(_complete(), _collection(tmp_path)) == []


def test_tooling_is_named_once_per_directory_and_missing_files_are_named(tmp_path):
    names = (_complete() - {"roles/r/README.md", "CHANGELOG.rst"}) | {
        "scripts", "scripts/bootstrap.sh", "ansible.cfg", "extensions/molecule/smoke_bgp",
        "extensions/molecule/smoke_bgp/molecule.yml", "extensions/molecule/config.yml", "extensions/eda",
        "tests/unit/scripts/test_x.py", "plugins/filter/__pycache__/f.cpython-311.pyc"}
    problems = P.tarball_problems(names, _collection(tmp_path))
    assert [p.split(":")[0] for p in problems] == [
        "ansible.cfg", "extensions/eda", "extensions/molecule/config.yml", "extensions/molecule/smoke_bgp",
        "plugins/filter/__pycache__/f.cpython-311.pyc", "scripts",
        "tests/unit/scripts/test_x.py", "CHANGELOG.rst", "roles/r/README.md"]
    assert "the repository's own extensions/molecule/" in problems[2] and "own extensions/" in problems[1]


def _context(tmp_path, tarball_name="ns-col-1.2.0.tar.gz", requirements=None):
    context = tmp_path / "ctx"
    (context / "_build" / "collections").mkdir(parents=True)
    (context / "Containerfile").write_text("RUN $PYCMD /output/scripts/introspect.py introspect --write-pip=x\n")
    (context / "_build" / "collections" / tarball_name).write_bytes(b"tarball")
    (context / "_build" / "requirements.yml").write_text(requirements or (
        "collections:\n- {name: /build/collections/ns-col-1.2.0.tar.gz, type: file}\n- {name: cisco.ios}\n"))
    tarball = tmp_path / "dist.tar.gz"
    tarball.write_bytes(b"tarball")
    pip, bindep = tmp_path / "pip.txt", tmp_path / "bindep.txt"
    pip.write_text("netaddr>=1.3.0  # from collection ns.col\nparamiko>=3.0  # from collection ns.col\n")
    bindep.write_text("iproute2 [platform:dpkg platform:rpm]  # from collection ns.col\n")
    return context, tarball, pip, bindep


def test_a_context_with_the_collection_and_its_requirements_passes(tmp_path):
    root = _collection(tmp_path)
    assert P.ee_context_problems(*_context(tmp_path), root=root) == []


def test_a_context_without_the_collection_or_its_requirements_fails(tmp_path):
    root = _collection(tmp_path)
    context, tarball, pip, bindep = _context(tmp_path, tarball_name="ns-col-1.1.0.tar.gz",
                                             requirements="collections:\n- {name: ansible.utils}\n")
    pip.write_text("")
    problems = P.ee_context_problems(context, tarball, pip, bindep, root=root)
    assert len(problems) == 4
    assert "ns-col-1.2.0.tar.gz: missing" in problems[0]
    assert "no '{name: /build/collections/ns-col-1.2.0.tar.gz, type: file}'" in problems[1]
    assert "no cisco.ios" in problems[2]
    assert problems[3].startswith("Python requirements the image build would find in the collection: none")
