# -*- coding: utf-8 -*-
"""One line per lab step while ``scripts/lab_molecule.py --many`` runs (issue #19: progress a person can follow).

    python3 scripts/lab_progress.py PID [--log FILE] [--since EPOCH] SCENARIO...

Follows, until process PID has ended, each scenario's Molecule log (build/test/molecule-<scenario>.log, which
lab_molecule.py writes for the scenarios on this kernel and for those in the VM alike) and its failure-matrix replay
log (build/lab-results/<scenario>.replay.log, one line per row), and prints for each scenario every Molecule action
as it starts (create, converge, idempotence, verify...), every Ansible task as it starts, an action that did not end
well, and every replayed row, each with the time since the lab started; with ``--log``, also lab_molecule's
own lines from its output (``==> lab_molecule: ...``: the images, the VM booting, each scenario's verdict). The whole output stays in the logs;
this is what ``make site`` shows on the console (scripts/site.sh). A log last written before ``--since`` (the lab's
start, in seconds since the epoch; default: the follower's start) is not read: it is an earlier run's.
"""

from __future__ import annotations

import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lab_molecule as M  # noqa: E402  (the log's names and its ANSI and box patterns: one copy, there)

# Molecule's action lines: "INFO     <scenario> ➜ <action>: Executing" and "...: Executed: <how>", the latter at
# WARNING ("Missing") or ERROR ("Failed") level when the action did not end well (molecule/logger.py)
_ACTION = re.compile(r"^(?:INFO|WARNING|ERROR) +(\S+) \S+ (\S+): (Executing|Executed: (.*))$")
# seconds without a new line before the follower says the lab is still running (with the last line it printed), and
# again after as many: a step can take minutes in the emulated VM (four routers' frr-reload: 186 s in a make site
# run), never in silence
QUIET = 60.0


def replay_log(scenario):
    return os.path.join(M.ROOT, "build", "lab-results", "%s.replay.log" % scenario)


class Steps:
    """The progress lines of one scenario's Molecule log, fed a line at a time (ANSI colours and all)."""

    def __init__(self, scenario):
        self.scenario, self.action, self.pending, self.joined = scenario, "", None, 0
        self.spans, self.began = {}, 0.0   # Molecule action -> the seconds it took (summed: destroy runs twice)

    def feed(self, raw, now=0.0):
        """The progress line that ``raw`` makes, or None; ``now``: when it was read (for the actions' times)."""
        line = M._ANSI.sub("", raw).rstrip()
        body = M._BOX.sub("", line, count=1)
        if self.pending is not None:   # a task name Molecule's box wrapped onto the next lines (two at most: never
            # a task's output, which follows its banner's line of stars)
            if body.startswith("  ") and body.strip() and not body.strip().startswith("*") and self.joined < 2:
                self.pending += " " + body.strip()
                self.joined += 1
                if "]" not in self.pending:
                    return None
            return self._task()
        action = _ACTION.match(line)
        if action:
            if action.group(3) == "Executing":
                self.action, self.began = action.group(2), now
                return "%s: %s" % (self.scenario, self.action)
            self.spans[action.group(2)] = self.spans.get(action.group(2), 0.0) + now - self.began
            how = action.group(4)
            return None if how.startswith("Successful") else "%s: %s: %s" % (self.scenario, action.group(2), how)
        task = M._TASK.match(body)
        if task:
            self.pending, self.joined = task.group(1), 0
            return self._task() if "]" in self.pending else None
        return None

    def split(self, replay=None):
        """Where the scenario's time went, from the actions' times as the follower saw them (to its poll)."""
        def took(*actions):
            return sum(self.spans.get(a, 0.0) for a in actions)
        # make site runs no idempotence (nor check): the split names what ran
        configure = "converge, idempotence" if "idempotence" in self.spans else "converge"
        text = "%s took: bring-up (create, prepare) %.0f s, configure (%s) %.0f s, verify %.0f s" % (
            self.scenario, took("create", "prepare"), configure, took("converge", "idempotence"), took("verify"))
        if replay:
            text += " (the failure-matrix replay in it %.0f s)" % replay
        return text + "; every Molecule action (%s too) %.0f s" % (
            "check and destroy" if "check" in self.spans else "destroy", sum(self.spans.values()))

    def _task(self):
        name, self.pending = self.pending.split("]")[0].strip(), None
        name = name.replace("netdesign.resilience.", "")   # the role's short name is enough on the console
        return "%s %s: %s" % (self.scenario, self.action, name)


class Source:
    """A log file read as it grows: opened once it exists (and was written after ``since``), reopened when it is
    replaced or truncated, complete lines only."""

    def __init__(self, path, since, steps=None, label="", only=""):
        self.path, self.since, self.steps, self.label, self.only = path, since, steps, label, only
        self.handle, self.partial = None, b""
        self.first = self.last = None   # when the first and the last line was read

    def lines(self, now=0.0):
        try:
            stat = os.stat(self.path)
        except OSError:
            return []
        if self.handle is not None and (os.fstat(self.handle.fileno()).st_ino != stat.st_ino
                                        or stat.st_size < self.handle.tell()):
            self.handle.close()
            self.handle, self.partial = None, b""
        if self.handle is None:
            if stat.st_mtime < self.since:
                return []
            self.handle = open(self.path, "rb")  # pylint: disable=consider-using-with  # kept open while it grows
        data = self.partial + self.handle.read()
        *complete, self.partial = data.split(b"\n")
        out = []
        for raw in complete:
            text = raw.decode(errors="replace")
            if self.only:   # only the lines that start with it, without it
                text = text[len(self.only):] if text.startswith(self.only) else ""
            shown = self.steps.feed(text, now) if self.steps else (self.label + text.strip() if text.strip() else None)
            if shown:
                out.append(shown)
                self.first = now if self.first is None else self.first
                self.last = now
        return out


def alive(pid):
    try:
        os.kill(pid, 0)   # a PermissionError would mean it lives, under another user
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True


def follow(pid, scenarios, log=None, out=sys.stdout, poll=0.5, clock=time.time, since=None, quiet=QUIET):
    """Print the progress lines until process ``pid`` has ended; ``since``: when the lab started (a file last written
    before it is an earlier run's; default: now, less a second); after ``quiet`` seconds without one, that the lab
    still runs, for how long nothing was new, and the last line."""
    if since is None:
        since, older = clock(), clock() - 1
    else:
        older = since
    sources = [Source(log, older, only="==> lab_molecule: ")] if log else []
    pairs = []
    for scenario in scenarios:
        pairs.append((Source(M.scenario_log(scenario), older, Steps(scenario)),
                      Source(replay_log(scenario), older, label="%s replay: " % scenario)))
        sources += pairs[-1]

    latest = {"line": None, "at": clock(), "nudged": clock()}   # the last step said, when; the last reminder

    def say(line, step=True):
        now = clock()
        elapsed = int(now - since)
        out.write("[%02d:%02d] %s\n" % (elapsed // 60, elapsed % 60, line))
        if step:
            latest.update(line=line, at=now, nudged=now)
    while True:
        running = alive(pid)
        for source in sources:
            for line in source.lines(clock()):
                say(line)
        if running and latest["line"] is not None and clock() - latest["nudged"] >= quiet:
            # the last line said, not a claim of what runs: the VM's line and this kernel's print side by side
            say("still running, nothing new for %d s (the last line: %s)" % (clock() - latest["at"], latest["line"]),
                step=False)
            latest["nudged"] = clock()
        out.flush()
        if not running:
            break
        time.sleep(poll)
    for steps, replay in pairs:
        if steps.steps.spans:
            say(steps.steps.split(replay.last - replay.first if replay.first is not None else None))
    out.flush()
    return 0


def main(argv):
    options = {}
    while len(argv) > 2 and argv[1] in ("--log", "--since"):
        options[argv[1][2:]], argv = argv[2], argv[:1] + argv[3:]
    if len(argv) < 2 or not argv[0].isdigit() or not options.get("since", "0").isdigit():
        raise SystemExit(__doc__)
    return follow(int(argv[0]), argv[1:], log=options.get("log"),
                  since=int(options["since"]) if "since" in options else None)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
