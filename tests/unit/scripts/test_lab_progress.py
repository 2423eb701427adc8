"""scripts/lab_progress.py: the console lines of make site's lab (issue #19), from the logs as Molecule writes them."""

import importlib.util
import io
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "scripts"))
_spec = importlib.util.spec_from_file_location("lab_progress", ROOT / "scripts" / "lab_progress.py")
P = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(P)

# as Molecule 26 writes them (build/test/molecule-vrf_static_tracking.log of a run here): colours, the box, a
# task name wrapped onto the next line
LOG = """\x1b[36mINFO    \x1b[0m \x1b[32mvst\x1b[0m \u279c \x1b[33mconverge\x1b[0m: \x1b[36mExecuting\x1b[0m
  \x1b[2m\u2502 ansible-playbook --inventory\x1b[0m
  \x1b[2m\u2502\x1b[0m PLAY [Tracked routes]
  \x1b[2m\u2502\x1b[0m   *********************
  \x1b[2m\u2502\x1b[0m TASK [netdesign.resilience.keepalived : Write the configuration, checked with
  \x1b[2m\u2502\x1b[0m   keepalived --config-test first] ********************
  \x1b[2m\u2502\x1b[0m ok: [lin-router]
  \x1b[2m\u2502\x1b[0m TASK [Read both VRFs]
  \x1b[2m\u2502\x1b[0m   **********************************************
  \x1b[2m\u2502\x1b[0m TASK [The example inventory's intent
  \x1b[2m\u2502\x1b[0m   **************************************
\x1b[36mINFO    \x1b[0m \x1b[32mvst\x1b[0m \u279c \x1b[33mconverge\x1b[0m: \x1b[32mExecuted: Successful\x1b[0m
\x1b[36mINFO    \x1b[0m \x1b[32mvst\x1b[0m \u279c \x1b[33mverify\x1b[0m: \x1b[36mExecuting\x1b[0m
\x1b[31mERROR   \x1b[0m \x1b[32mvst\x1b[0m \u279c \x1b[33mverify\x1b[0m: \x1b[31mExecuted: Failed\x1b[0m
"""


def test_one_line_per_action_and_task_wrapped_names_joined_failures_shown():
    steps = P.Steps("vst")
    shown = [s for s in (steps.feed(line) for line in LOG.splitlines()) if s]
    assert shown == [
        "vst: converge",
        "vst converge: keepalived : Write the configuration, checked with keepalived --config-test first",
        "vst converge: Read both VRFs",
        # a name that is cut (no closing bracket before the stars) is shown as far as it goes
        "vst converge: The example inventory's intent",
        "vst: verify",
        "vst: verify: Failed",
    ]


def test_the_split_of_a_scenarios_time_from_when_its_actions_were_read():
    steps = P.Steps("vst")
    at = iter([0.0, 30.0, 30.0, 100.0, 100.0, 130.0, 130.0, 300.0, 300.0, 300.0])
    for action in ("create", "converge", "idempotence", "verify", "destroy"):
        for how in ("Executing", "Executed: Successful"):
            steps.feed("INFO     vst \u279c %s: %s" % (action, how), next(at))
    assert steps.split(replay=120.4) == (
        "vst took: bring-up (create, prepare) 30 s, configure (converge, idempotence) 100 s, verify 170 s (the "
        "failure-matrix replay in it 120 s); every Molecule action (destroy too) 300 s")
    # make site's sequence: no idempotence, no check; make test's: both, named
    steps = P.Steps("vst")
    at = iter([0.0, 30.0, 30.0, 40.0, 40.0, 100.0, 100.0, 130.0, 130.0, 300.0, 300.0, 300.0])
    for action in ("create", "check", "converge", "idempotence", "verify", "destroy"):
        for how in ("Executing", "Executed: Successful"):
            steps.feed("INFO     vst \u279c %s: %s" % (action, how), next(at))
    assert steps.split() == (
        "vst took: bring-up (create, prepare) 30 s, configure (converge, idempotence) 90 s, verify 170 s; every "
        "Molecule action (check and destroy too) 300 s")
    steps = P.Steps("vst")
    for action, begin, end in (("create", 0.0, 30.0), ("converge", 30.0, 90.0), ("verify", 90.0, 200.0)):
        steps.feed("INFO     vst \u279c %s: Executing" % action, begin)
        steps.feed("INFO     vst \u279c %s: Executed: Successful" % action, end)
    assert steps.split().startswith("vst took: bring-up (create, prepare) 30 s, configure (converge) 60 s, verify 110 s")


def test_a_log_is_followed_as_it_grows_and_when_it_is_replaced(tmp_path):
    path = tmp_path / "molecule-vst.log"
    source = P.Source(str(path), since=0, label="vst replay: ")
    assert source.lines() == []          # not there yet
    path.write_text("failure 1 of 2: a ...\nfailure 1 of 2: a ... PASS\nfailure 2")
    assert source.lines() == ["vst replay: failure 1 of 2: a ...", "vst replay: failure 1 of 2: a ... PASS"]
    with open(path, "a") as handle:      # the rest of a line written in two parts
        handle.write(" of 2: b ...\n")
    assert source.lines() == ["vst replay: failure 2 of 2: b ..."]
    os.unlink(path)                      # a new run's log: read from its start
    path.write_text("failure 1 of 1: c ...\n")
    assert source.lines() == ["vst replay: failure 1 of 1: c ..."]


def test_a_log_older_than_the_follower_is_an_earlier_runs_and_not_read(tmp_path):
    path = tmp_path / "old.log"
    path.write_text("failure 1 of 1: old ... PASS\n")
    os.utime(path, (1000, 1000))
    assert P.Source(str(path), since=2000).lines() == []


def test_follow_prints_until_the_lab_has_ended_with_the_time_and_lab_molecules_own_lines(tmp_path, monkeypatch):
    monkeypatch.setattr(P.M, "ROOT", str(tmp_path))
    monkeypatch.setattr(P.M, "scenario_log", lambda s: str(tmp_path / ("molecule-%s.log" % s)))
    (tmp_path / "build" / "lab-results").mkdir(parents=True)
    (tmp_path / "build" / "lab-results" / "vst.replay.log").write_text("failure 1 of 1: x ... PASS\n")
    (tmp_path / "molecule-vst.log").write_text(LOG)
    (tmp_path / "lab.log").write_text("noise\n==> lab_molecule: VM up (tcg)\n")
    ended = subprocess.Popen(["true"])   # a process that has ended: one round, then the follower stops
    ended.wait()
    out = io.StringIO()
    assert P.follow(ended.pid, ["vst"], log=str(tmp_path / "lab.log"), out=out, poll=0) == 0
    lines = out.getvalue().splitlines()
    assert lines[0] == "[00:00] VM up (tcg)"
    assert "[00:00] vst: converge" in lines
    assert lines[-2] == "[00:00] vst replay: failure 1 of 1: x ... PASS"
    assert lines[-1].startswith("[00:00] vst took: bring-up (create, prepare) 0 s")
    assert not [line for line in lines if "noise" in line]


def test_since_the_labs_start_a_log_truncated_then_is_read_and_the_times_count_from_it(tmp_path, monkeypatch):
    monkeypatch.setattr(P.M, "scenario_log", lambda s: str(tmp_path / ("molecule-%s.log" % s)))
    monkeypatch.setattr(P.M, "ROOT", str(tmp_path))
    (tmp_path / "lab.log").write_text("==> lab_molecule: images built\n")
    os.utime(tmp_path / "lab.log", (1000, 1000))    # written as the lab started, before the follower
    ended = subprocess.Popen(["true"])
    ended.wait()
    out = io.StringIO()
    P.follow(ended.pid, ["vst"], log=str(tmp_path / "lab.log"), out=out, poll=0, since=1000, clock=lambda: 1075.0)
    assert out.getvalue().splitlines() == ["[01:15] images built"]
    out = io.StringIO()   # the same file from before the lab's start: an earlier run's
    P.follow(ended.pid, ["vst"], log=str(tmp_path / "lab.log"), out=out, poll=0, since=1001, clock=lambda: 1075.0)
    assert out.getvalue() == ""


def test_a_wrapped_task_name_takes_two_lines_at_most():
    steps = P.Steps("vst")
    assert steps.feed("  \u2502 TASK [a name") is None
    assert steps.feed("  \u2502   that goes on") is None
    assert steps.feed("  \u2502   and on") is None
    assert steps.feed("  \u2502   not this: the task's output") == "vst : a name that goes on and on"


def test_the_command_line_is_refused_without_a_pid():
    for argv in (["vst"], ["12", "--since", "x", "vst"]):
        try:
            P.main(argv)
        except SystemExit as exc:
            assert "lab_progress.py PID" in str(exc)
        else:
            raise AssertionError("%s accepted" % argv)


def test_a_long_step_is_never_minutes_of_silence(tmp_path, monkeypatch):
    """A step that takes minutes (frr-reload of four routers in the emulated VM) is no silence: after each QUIET s
    without a line, the follower says the lab still runs, with the last line it printed."""
    monkeypatch.setattr(P.M, "ROOT", str(tmp_path))
    monkeypatch.setattr(P.M, "scenario_log", lambda s: str(tmp_path / ("molecule-%s.log" % s)))
    (tmp_path / "molecule-vst.log").write_text(LOG.split("  \x1b[2m\u2502\x1b[0m TASK [Read")[0])
    now, rounds = [1000.0], iter(range(8))
    monkeypatch.setattr(P, "alive", lambda _pid: next(rounds, None) is not None)
    monkeypatch.setattr(P.time, "sleep", lambda seconds: now.__setitem__(0, now[0] + seconds))
    out = io.StringIO()
    P.follow(1, ["vst"], out=out, poll=25, since=990, clock=lambda: now[0], quiet=60)
    lines = out.getvalue().splitlines()
    step = "vst converge: keepalived : Write the configuration, checked with keepalived --config-test first"
    assert "[00:10] " + step in lines
    # read at 1000 s; polls every 25 s: reminded at 1075 s and 1150 s, then the lab ended (one more round, no word)
    assert [line for line in lines if "still running" in line] == [
        "[01:25] still running, nothing new for 75 s (the last line: %s)" % step,
        "[02:40] still running, nothing new for 150 s (the last line: %s)" % step]
