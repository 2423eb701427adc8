"""scripts/lab_molecule.py --many: scenarios this kernel can run go beside one VM for all the others,
a VM whose agent dies is replaced for the next scenario, and the summary names every scenario once."""

import glob
import importlib.util
import os
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[3]
_spec = importlib.util.spec_from_file_location("lab_molecule", ROOT / "scripts" / "lab_molecule.py")
M = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(M)
sys.modules.setdefault("lab_molecule", M)


class FakeVM:
    booted = []
    first_fails = False

    def __init__(self, label, image, accel):
        self.label, self.image, self.accel, self.port = label, image, accel, 1
        self.console = "build/lab-vm-%s.log" % label
        self.proc = type("Proc", (), {"poll": lambda self: None})()
        self.stopped = False
        FakeVM.booted.append(self)

    def start(self):
        return self.label != "many-1" or not FakeVM.first_fails


    def stop(self):
        self.stopped = True


def test_many(monkeypatch, capsys):
    FakeVM.booted = []
    needs = {"h1": [], "h2": [], "v1": ["bond"], "v2": ["sit"], "v3": ["vrf"]}
    ran_here, ran_vm = [], []

    def in_vm(vm, scenario):
        ran_vm.append((vm.label, scenario))
        if scenario == "v2":
            raise M.A.AgentError("lab agent at 127.0.0.1:1 closed without answering")
        return 0

    monkeypatch.setattr(M, "missing_for", lambda s: needs[s])
    monkeypatch.setattr(M, "run_here", lambda s, log=None: ran_here.append(s) or (1 if s == "h2" else 0))
    monkeypatch.setattr(M, "run_in_vm", in_vm)
    monkeypatch.setattr(M, "VM", FakeVM)
    monkeypatch.setattr(M, "kernel", lambda: "/boot/vmlinuz-test")
    monkeypatch.setattr(M, "accelerator", lambda image: "tcg")
    assert M.run_many(["h1", "h2", "v1", "v2", "v3"]) == 1
    out = capsys.readouterr().out
    assert ran_here == ["h1", "h2"]
    assert ran_vm == [("many-1", "v1"), ("many-1", "v2"), ("many-2", "v3")]   # a new VM after the agent died
    assert [vm.stopped for vm in FakeVM.booted] == [True, True]
    for line in ("---- h1: passed", "---- h2: FAILED", "---- v1: passed", "---- v2: FAILED", "---- v3: passed"):
        assert line in out
    assert "molecule: 3 scenarios passed, 2 failed" in out
    assert "v2: the lab agent stopped answering" in out


def test_a_vm_that_does_not_come_up_fails_its_scenario_and_is_stopped(monkeypatch, capsys):
    FakeVM.booted, FakeVM.first_fails = [], True
    try:
        monkeypatch.setattr(M, "missing_for", lambda s: ["bond"])
        monkeypatch.setattr(M, "run_in_vm", lambda vm, scenario: 0)
        monkeypatch.setattr(M, "VM", FakeVM)
        monkeypatch.setattr(M, "kernel", lambda: "/boot/vmlinuz-test")
        monkeypatch.setattr(M, "accelerator", lambda image: "tcg")
        assert M.run_many(["v1", "v2"]) == 1
        assert [(vm.label, vm.stopped) for vm in FakeVM.booted] == [("many-1", True), ("many-2", True)]
        out = capsys.readouterr().out
        assert "---- v1: FAILED" in out and "---- v2: passed" in out
    finally:
        FakeVM.first_fails = False


# What Molecule 25 printed for a failed task (build/test/molecule.log of a run at 3cebabf, shortened):
# Ansible's output in a box, wrapped, in colour.
MOLECULE_FAILURE = (
    "  \x1b[2m│\x1b[0m TASK [netdesign.resilience.anycast_rp : Verify the router] ****\n"
    "  \x1b[2m│\x1b[0m ok: [c1]\n"
    "  \x1b[2m│\x1b[0m TASK [netdesign.resilience.anycast_rp : OSPF carrying the anycast prefixes at their lengths,\n"
    "  \x1b[2m│\x1b[0m   PIM-SM with] ***\n"
    "  \x1b[2m\x1b[31m│\x1b[0m \x1b[31mfatal: [c2]: FAILED! => {\"changed\": false, \"msg\": \"FRR did not take the\x1b[0m\n"
    "  \x1b[2m\x1b[31m│\x1b[0m \x1b[31m  configuration; still to delete: nothing\"}\x1b[0m\n"
    "  \x1b[2m│\x1b[0m \n"
    "  \x1b[2m│\x1b[0m PLAY RECAP ****\n")


def test_failure_excerpt_joins_the_wrapped_message_and_names_the_task():
    assert M.failure_excerpt(MOLECULE_FAILURE) == [
        'TASK [netdesign.resilience.anycast_rp : OSPF carrying the anycast prefixes at their lengths,] '
        'fatal: [c2]: FAILED! => {"changed": false, "msg": "FRR did not take the configuration; still to '
        'delete: nothing"}']
    assert M.failure_excerpt("PLAY RECAP\nok: [c1]\n") == []
    assert len(M.failure_excerpt(MOLECULE_FAILURE * 5, limit=3)) == 3
    assert len(M.failure_excerpt(MOLECULE_FAILURE, width=50)[0]) == 50


def test_many_names_why_a_scenario_failed_in_its_summary(monkeypatch, capsys, tmp_path):
    FakeVM.booted = []
    monkeypatch.setattr(M, "scenario_log", lambda s: str(tmp_path / ("molecule-%s.log" % s)))
    (tmp_path / "molecule-v1.log").write_text(MOLECULE_FAILURE)  # an earlier run's: must not be shown

    def in_vm(vm, scenario):
        if scenario == "v2":
            (tmp_path / "molecule-v2.log").write_text(MOLECULE_FAILURE)
            return 2
        return 0

    monkeypatch.setattr(M, "missing_for", lambda s: ["bond"])
    monkeypatch.setattr(M, "run_in_vm", in_vm)
    monkeypatch.setattr(M, "VM", FakeVM)
    monkeypatch.setattr(M, "kernel", lambda: "/boot/vmlinuz-test")
    monkeypatch.setattr(M, "accelerator", lambda image: "tcg")
    assert M.run_many(["v1", "v2"]) == 1
    out = capsys.readouterr().out
    last = out.strip().splitlines()[-1]
    assert last.startswith("molecule: 1 scenarios passed, 1 failed")
    assert "; v2: TASK [netdesign.resilience.anycast_rp : OSPF carrying" in last and "fatal: [c2]" in last
    assert "v1:" not in last


def test_failure_excerpt_keeps_molecules_idempotence_verdict_once():
    log = ("CRITICAL 'molecule/default/molecule.yml' glob failed.  Exiting.\n"
           "  │ c2                         : ok=23   changed=1    unreachable=0    failed=0\n"
           "CRITICAL Idempotence test failed because of the following tasks:\n"
           "*  => netdesign.resilience.ifupdown : Apply it to these interfaces\n"
           "ERROR    anycast_rp ➜ idempotence: Executed: Failed\n"
           "ERROR    Idempotence test failed because of the following tasks:\n"
           "*  => netdesign.resilience.ifupdown : Apply it to these interfaces\n")
    assert M.failure_excerpt(log) == [
        "Idempotence test failed because of the following tasks: netdesign.resilience.ifupdown : Apply it to "
        "these interfaces"]


def test_failure_excerpt_leaves_out_molecules_return_code_line():
    log = MOLECULE_FAILURE + ("CRITICAL Ansible return code was 2, command was: ansible-playbook --inventory x "
                              "converge.yml\n")
    assert [line[:12] for line in M.failure_excerpt(log)] == ["TASK [netdes"]


def test_the_images_a_scenario_names_are_built_before_it_runs(monkeypatch):
    assert M.images_of("smoke_bgp") == {"debian13"} and M.images_of("anycast_rp") == set()
    assert M.images_of("no_such_scenario") == set()
    calls = []

    class Done:
        def __init__(self, returncode, stdout, stderr=""):
            self.returncode, self.stdout, self.stderr = returncode, stdout, stderr

    def fake_run(argv, **_kwargs):
        calls.append(argv[-1])
        return Done(0, "lab_image: debian13 current (reused) in 0.0 s: Debian 13.8, 316 MB, FRR 10.3\n{}\n")
    monkeypatch.setattr(M.subprocess, "run", fake_run)
    assert M.ensure_images(["smoke_bgp", "anycast_rp", "anycast_rp_ipv6"]) is True
    assert calls == ["debian13"]                                  # once, however many scenarios name it
    monkeypatch.setattr(M.subprocess, "run", lambda argv, **_kwargs: Done(1, "", "mmdebstrap failed"))
    assert M.ensure_images(["smoke_bgp"]) is False


def test_the_scenarios_are_where_molecule_looks_and_the_shared_config_resolves_from_each():
    """extensions/molecule/<scenario>/ (Molecule 25.9+, ansible-creator); config.yml's playbooks from every scenario."""
    found = sorted(glob.glob(os.path.join(M.ROOT, M.MOLECULE_ENV["MOLECULE_GLOB"])))
    assert len(found) >= 2 and not os.path.exists(os.path.join(M.ROOT, "molecule"))  # else Molecule takes molecule/
    argv = M.molecule_argv("smoke_bgp")
    base = argv[argv.index("--base-config") + 1]
    with open(os.path.join(M.ROOT, base)) as handle:
        playbooks = yaml.safe_load(handle)["provisioner"]["playbooks"]
    assert argv[-3:] == ["test", "-s", "smoke_bgp"] and set(playbooks) == {"create", "destroy"}
    for path in found:
        scenario = os.path.basename(os.path.dirname(path))
        assert M.scenario_file(scenario) == path and M.lab_of(scenario)["name"]
        for playbook in playbooks.values():
            assert os.path.isfile(os.path.join(os.path.dirname(path), playbook)), (scenario, playbook)
