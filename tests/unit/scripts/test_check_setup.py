"""scripts/check_setup.py: the set-up guard finds the programs the project calls and names the one whose
package the set-up does not install."""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
_spec = importlib.util.spec_from_file_location("check_setup", ROOT / "scripts" / "check_setup.py")
C = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(C)


@pytest.mark.parametrize("script, programs", [
    ("nft list table x >/dev/null 2>&1 && exit 0", ["nft"]),
    ("set -e\nif [ -s /run/k.pid ] && kill -0 \"$(cat /run/k.pid)\" 2>/dev/null; then exit 0; fi\nkeepalived -f x",
     ["cat", "keepalived"]),
    ("nft -f - <<EOF\ntable ip t {\n  chain c { oifname x }\n}\nEOF\necho loaded", ["nft"]),
    ("setsid sh -c 'ping -c 3 x > /tmp/p 2>&1' < /dev/null > /dev/null 2>&1 &", ["setsid", "sh", "ping"]),
    ("X=1 ip link add b type bond \\\n  mode 802.3ad", ["ip"]),
    ("for m in {{ members | join(' ') }}; do\n  ip link set \"$m\" down\ndone", ["ip"]),
    ("{{ item.1 | join(' ') }}", [None]),
    ("conntrackd -C f -s >/dev/null 2>&1 || { conntrackd -d && echo started; }", ["conntrackd", "conntrackd"]),
])
def test_shell_programs(script, programs):
    assert C.shell_programs(script) == programs


def test_yaml_command_is_one_program_and_validate_is_read(tmp_path):
    playbook = tmp_path / "tasks.yml"
    playbook.write_text("""
- name: Write it
  ansible.builtin.copy:
    dest: /etc/x
    validate: keepalived --config-test --use-file %s
- name: Look
  ansible.builtin.command: ip -j link show; not-a-program
- name: On the device, not a shell
  ansible.netcommon.cli_command:
    command: configure terminal
""")
    uses = C.yaml_uses(playbook, "tasks.yml")
    assert [(u.program, u.where) for u in uses] == [("keepalived", "tasks.yml: task 'Write it'"),
                                                    ("ip", "tasks.yml: task 'Look'")]


def test_python_argv_literals_and_constants(tmp_path):
    source = tmp_path / "m.py"
    source.write_text("RELOAD = '/usr/lib/frr/frr-reload.py'\n"
                      "def f(run, module):\n"
                      "    run(['nft', '-f', '-'])\n"
                      "    run([RELOAD, '--test'] + more)\n"
                      "    module.run_command(['ipset', 'list'])\n"
                      "    print(['not', 'a', 'call'])\n")
    assert [u.program for u in C.python_uses(source, "m.py")] == ["nft", "/usr/lib/frr/frr-reload.py", "ipset"]


class FakeDpkg:
    OWNERS = {"/usr/sbin/keepalived": ["keepalived"], "/usr/bin/python3": ["python3-minimal"],
              "/usr/bin/cat": ["coreutils"]}

    def owner(self, path):
        return self.OWNERS.get(path, [])

    def depends(self, package):
        return {"python3": ["python3-minimal"]}.get(package, [])

    def always_installed(self, package):
        return package == "coreutils"


def _which(program, path=None):
    return {"keepalived": "/usr/sbin/keepalived", "python3": "/usr/bin/python3", "cat": "/usr/bin/cat",
            "stray": "/usr/local/bin/stray"}.get(program) if path == C.NODE_PATH else None


def test_check_names_the_program_the_place_and_the_package():
    uses = [C.Use("keepalived", "roles/keepalived/tasks/main.yml: task 'Write'"), C.Use("python3", "lab.py:1"),
            C.Use("cat", "x"), C.Use(None, "y")]
    problems, summary = C.check(uses, {"keepalived", "python3"}, FakeDpkg(), "/nonexistent", which=_which)
    assert problems == []
    assert summary == "3 programs checked (3 calls), 1 commands built from templates not checked"
    problems, _ = C.check(uses, {"python3"}, FakeDpkg(), "/nonexistent", which=_which)
    assert problems == ["program keepalived (called in roles/keepalived/tasks/main.yml: task 'Write') comes from the "
                        "Debian package keepalived, which scripts/apt-packages.txt does not list"]
    problems, _ = C.check([C.Use("nowhere", "a"), C.Use("stray", "b")], set(), FakeDpkg(), "/nonexistent",
                          which=_which)
    assert problems[0].startswith("program nowhere (called in a) is not installed here")
    assert problems[1].startswith("program stray (called in b) is /usr/local/bin/stray, a file no Debian package owns")


def test_the_project_calls_keepalived_and_the_list_has_it():
    """The real tree: the finder sees the program that issue #15 was about, and the list covers it."""
    programs = {u.program for u in C.collect()}
    assert {"keepalived", "vtysh", "nft", "ifquery", "conntrackd", "ip"} <= programs
    assert "keepalived" in C.listed_packages(ROOT / "scripts" / "apt-packages.txt")
    # report.html's browser test (tests/integration) opens the page in Debian's headless Chromium
    assert "chromium" in programs and "chromium" in C.listed_packages(ROOT / "scripts" / "apt-packages.txt")
