# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The lab replays the failure matrix (issue #19): pure Python, no lab in here.

``replay(rows, mapping, probe, inject, clock, sleep)`` takes the rows failure_matrix predicted from a plan
and, per row: waits until the lab is in the state the repair returns to (the normal state), injects the
failure (in the lab's names, through ``mapping``), polls ``probe`` until the predicted state holds or the
row's Linux bound plus the lab margin passes, checks the invariants at every poll, repairs, and polls the
return the same way. Each row gives one record (docs/failure-matrix.md, "The replay"):
``{id, status, platform, switch_seconds, return_seconds, state, invariants, why}``.

What the probe reads and how a state or an invariant is judged is per design (failure_replay_checks.py);
the lab side (reading the nodes, taking links down) is the caller's: the action ``failure_replay``.
"""

from __future__ import annotations

import re

from ansible_collections.netdesign.resilience.plugins.module_utils.matrix import common as C
from ansible_collections.netdesign.resilience.plugins.module_utils.matrix import replay_checks as K

PLATFORM = "linux"
# Seconds added to a row's Linux bound before it counts as missed, where the lab runs: one probe round
# (reading every node the row judges: ~0.05-0.2 s here, up to ~1.5 s through the agent of the emulated VM,
# the note in the vrf_static_tracking bounds) plus the scheduling of a busy 2-core machine.
MARGIN = {"namespace": 1.0, "vm": 3.0}
INTERVAL = 0.1    # seconds between two polls (plus the probe's own run time)
HOLD = 1.0        # seconds the predicted state must stay after it is first seen (invariants checked throughout)
SETTLE = 90.0     # seconds to wait for the normal state before a row (the previous row's return included)
CAP = 300.0       # how long a row with no predicted bound is watched
LATE = 30.0       # how long a missed bound is still watched, to measure how late the state comes (the row fails)
ACTIONS = {"link_down": "link_down", "link_up": "link_up", "node_down": "node_stop", "node_up": "node_start"}
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:@/-]{0,63}$")


class ReplayError(ValueError):
    """The rows, the mapping or the options cannot be replayed as given."""


def _name(value, where):
    if not isinstance(value, str) or not _NAME.match(value):
        raise ReplayError("%s: %r is not a node or interface name" % (where, value))
    return value


def check_mapping(mapping, rows):
    """The mapping from the plan's names to the lab's, validated against the rows it must replay:
    ``{nodes: {plan node: {node: lab node, interfaces: {plan interface: lab interface}, start: [argv, ...]}},
    skip: {row key or id: why}}``. A lab interface is the node's own (a failure takes it down there: an
    administrative shutdown, which on Linux also removes the routes over it), or ``{node, interface}``: the far
    end of the link, in another lab node (a failure takes that down: the plan node sees a carrier loss, as when
    a cable or the neighbour fails). ``start``: commands run in the node when it comes back (``node_up``: a
    power-on starts its daemons; the lab's node_start only brings its links up). Returns it normalised;
    a row naming a node or interface the mapping lacks raises ReplayError (naming every one missing)."""
    if not isinstance(mapping, dict):
        raise ReplayError("mapping: must be a dictionary, got %r" % (mapping,))
    unknown = sorted(set(mapping) - {"nodes", "skip"})
    if unknown:
        raise ReplayError("mapping: unknown key(s) %s (known: nodes, skip)" % ", ".join(unknown))
    nodes = {}
    for plan_node, entry in (mapping.get("nodes") or {}).items():
        where = "mapping.nodes.%s" % plan_node
        if not isinstance(entry, dict) or "node" not in entry:
            raise ReplayError("%s: needs node (the lab's name)" % where)
        interfaces = entry.get("interfaces") or {}
        if not isinstance(interfaces, dict):
            raise ReplayError("%s.interfaces: must be a dictionary" % where)
        start = entry.get("start") or []
        if not isinstance(start, list) or not all(
                isinstance(a, list) and a and all(isinstance(s, str) for s in a) for a in start):
            raise ReplayError("%s.start: must be a list of commands (each a list of strings)" % where)
        nodes[_name(plan_node, where)] = {
            "node": _name(entry["node"], where + ".node"),
            "interfaces": {_name(k, where + ".interfaces"): _interface(v, "%s.interfaces.%s" % (where, k))
                           for k, v in interfaces.items()},
            "start": [list(a) for a in start]}
    skip = {str(k): str(v) for k, v in (mapping.get("skip") or {}).items()}
    missing = []
    for row in rows:
        if _skipped(row, skip):
            continue
        for inject in (row["failure"]["inject"], row["repair"]["inject"]):
            entry = nodes.get(inject["node"])
            if entry is None:
                missing.append("node %s (row %s)" % (inject["node"], row["id"]))
            elif "target" in inject and inject["target"] not in entry["interfaces"]:
                missing.append("interface %s of %s (row %s)" % (inject["target"], inject["node"], row["id"]))
    if missing:
        raise ReplayError("mapping: no lab name for %s" % "; ".join(sorted(set(missing))))
    return {"nodes": nodes, "skip": skip}


def _interface(value, where):
    """A lab interface of the mapping: a name (the node's own), or ``{node, interface}`` (the link's far end)."""
    if isinstance(value, dict):
        unknown = sorted(set(value) - {"node", "interface"})
        if unknown or "node" not in value or "interface" not in value:
            raise ReplayError("%s: the far end of the link needs node and interface, and nothing else (got %s)" % (
                where, ", ".join(sorted(value)) or "nothing"))
        return {"node": _name(value["node"], where + ".node"), "interface": _name(value["interface"], where + ".interface")}
    return _name(value, where)


def _skipped(row, skip):
    key = row["id"].rsplit("/", 1)[-1]
    return skip.get(row["id"], skip.get(key))


def lab_action(inject, mapping):
    """A row's ``inject`` in the lab's terms: ``{action, node, interface?, start?}`` (lab.py's link_set,
    node_stop, node_start)."""
    if inject["action"] not in ACTIONS:
        raise ReplayError("inject action %r is none of %s" % (inject["action"], ", ".join(ACTIONS)))
    entry = mapping["nodes"][inject["node"]]
    action = {"action": ACTIONS[inject["action"]], "node": entry["node"]}
    if "target" in inject:
        lab_interface = entry["interfaces"][inject["target"]]
        if isinstance(lab_interface, dict):    # the far end of the link: a carrier loss at the plan's node
            action.update(node=lab_interface["node"], interface=lab_interface["interface"])
        else:
            action["interface"] = lab_interface
    if action["action"] == "node_start":
        action["start"] = entry["start"]
    return action


def linux_bound(bounds):
    """The bound of the Linux twin among a row's ``bounds`` (platform ``linux`` or ``ios, linux``), or None."""
    for each in bounds:
        if PLATFORM in [p.strip() for p in str(each.get("platform", "")).split(",")]:
            return each
    return None


def fmt(seconds):
    """A measured time (to the hundredth)."""
    return "-" if seconds is None else "%.2f" % seconds


def _num(seconds):
    """A predicted bound or margin, as the matrix writes it (3.805, 61)."""
    return "-" if seconds is None else str(C.num(seconds))


class Invariants:
    """What the polls saw of each invariant a row names: held until a poll breaks it, the first break kept."""

    def __init__(self, row, check):
        self.rows = [dict(i) for i in row["invariants"]]
        self.check = check
        self.broken, self.polls, self.unchecked = {}, {}, []
        for each in self.rows:
            if not check.can_check(each["id"]):
                self.unchecked.append(each["id"])

    def see(self, obs, phase, seconds, final=False):
        for each in self.rows:
            key = each["id"]
            if key in self.unchecked:
                continue
            verdict = self.check.invariant(key, obs, final, phase)
            if verdict is None:
                continue
            held, detail = verdict
            self.polls[key] = self.polls.get(key, 0) + 1
            if not held and key not in self.broken:
                self.broken[key] = "%s, %s s after the %s" % (detail, fmt(seconds), phase)

    def records(self):
        out = []
        for each in self.rows:
            key = each["id"]
            # an invariant no poll could judge (its check said nothing every time) held nowhere: not recorded
            if key in self.unchecked or not self.polls.get(key):
                continue
            held = key not in self.broken
            judged = getattr(self.check, "judged", {}).get(key)   # a check may judge an invariant only at some polls
            detail = self.broken.get(key) or "held at all %d polls%s" % (self.polls.get(key, 0),
                                                                         " (%s)" % judged if judged else "")
            if not each["predicted_to_hold"]:
                detail += " (predicted broken: %s)" % (each.get("why") or each["text"])
            out.append({"id": key, "held": held, "detail": detail})
        return out

    def not_judged(self):
        """The invariants this lab did not judge: those its check cannot read, and those no poll could judge (a
        probe given no client and server reads no public address)."""
        return [each["id"] for each in self.rows if each["id"] in self.unchecked or not self.polls.get(each["id"])]

    def deviations(self):
        """The invariants predicted to hold that a poll saw broken (one predicted broken that held is shown in
        its detail, not failed: the matrix's prediction covers both platforms, the lab is one of them)."""
        return ["invariant %s broken: %s" % (each["id"], self.broken[each["id"]]) for each in self.rows
                if each["id"] not in self.unchecked and each["predicted_to_hold"] and each["id"] in self.broken]


class Replayer:
    """One lab's replay. ``probe(keys)``: the live state (``{key: value}``, plan names) for the keys a
    design's check reads; ``inject(action)``: do a lab action (lab_action's form) and return ``clock()`` at
    the moment it took effect; ``clock()``/``sleep(s)``: seconds (time.time and time.sleep in the lab, a
    fake in the tests); ``say(line)``: one progress line."""

    def __init__(self, probe, inject, clock, sleep, say=None, margin=MARGIN["namespace"], interval=INTERVAL,
                 hold=HOLD, settle=SETTLE, cap=CAP, late=LATE):
        self.probe, self.inject, self.clock, self.sleep = probe, inject, clock, sleep
        self.say = say or (lambda line: None)
        self.margin, self.interval, self.hold, self.settle, self.cap, self.late = \
            float(margin), float(interval), float(hold), float(settle), float(cap), float(late)
        # the longest Linux failure bound of the replay's rows (replay() sets it): a row that predicts no change
        # (a standby link, the standby box) must show none for that long plus the margin, the time the design's
        # timers would take to move something; else a wrong move after the tracks' delays would pass unseen
        self.quiet = 0.0

    def _watch(self, check, predicted, deadline, start, invariants, phase, late=0.0, final=True, lag=0.0, hold=None):
        """Poll until ``predicted`` holds for ``hold`` (default HOLD) seconds or ``deadline`` + ``late`` (seconds after ``start``)
        passes without it. Returns (seconds it was first seen and stayed, or None; the earliest it can have come,
        given the poll before that did not see it and how long the injection took; what was last seen; flapped)."""
        reached, earliest, text, flapped = None, None, "nothing read", False
        missed = 0.0   # the start of the last poll that did not see it: the state came after that
        while True:
            asked = self.clock() - start
            obs = self.probe(check.poll_keys)
            seconds = self.clock() - start
            invariants.see(obs, phase, seconds)
            holds, text = check.state(predicted, obs)
            if holds and reached is None:
                reached, earliest = seconds, max(0.0, missed - lag)
            elif not holds:
                missed = asked
                if reached is not None:
                    reached, earliest, flapped = None, None, True
            if reached is not None and seconds >= reached + (self.hold if hold is None else hold):
                break
            if reached is None and seconds > deadline + late:
                break
            self.sleep(self.interval)
        if final:   # what is read once per phase (a ping, a connection): not before the row
            invariants.see(self.probe(check.final_keys), phase, self.clock() - start, final=True)
        return reached, earliest, text, flapped

    def phase(self, check, predicted, bound, action, invariants, phase, hold=None):
        """Inject, watch, judge. The measured time is an upper bound (the poll that saw the state, from just before
        the injection); the state came after the last poll that missed it, less the injection's own time: a row
        fails on time only when even that earliest moment is past the bound + margin (a slow probe, as in the
        emulated VM, widens the interval; the record says how wide)."""
        seconds = None if bound is None else bound["seconds"]
        deadline = self.cap if seconds is None else seconds + self.margin
        start = self.inject(action)
        lag = max(0.0, self.clock() - start)
        late = 0.0 if seconds is None else self.late
        reached, earliest, seen, flapped = self._watch(check, predicted, deadline, start, invariants, phase,
                                                       late, lag=lag, hold=hold)
        problem = None
        if reached is None:
            problem = "%s: predicted %s not reached within %s s (last seen: %s)" % (
                phase, check.describe(predicted), _num(deadline + late), seen)
        elif earliest > deadline:
            problem = "%s: %s after %s s (not before %s s), beyond the bound %s s + margin %s s" % (
                phase, seen, fmt(reached), fmt(earliest), _num(seconds), _num(self.margin))
        when = "not reached, last seen %s" % seen if reached is None else "%s after %s s (between %s and %s s)" % (
            seen, fmt(reached), fmt(earliest), fmt(reached))
        text = "%s: %s (predicted %s within %s)%s%s" % (
            phase, when, check.describe(predicted), "no bound" if seconds is None else "%s s + margin %s s" % (
                _num(seconds), _num(self.margin)), "; it flapped before it settled" if flapped else "",
            "; unchanged for %s s, the replay's longest bound + margin" % _num(hold) if hold and reached is not None
            and not flapped else "")
        return reached, text, problem

    @staticmethod
    def judged(row, mapping):
        """``(why the lab cannot replay the row or None, its check, its Linux bound, its return's)``."""
        why = _skipped(row, mapping["skip"])
        check = K.for_row(row)
        bound, back = linux_bound(row["bounds"]), linux_bound(row["repair"]["bounds"])
        if why is None and check is None:
            why = "the lab has no probe for %s's state" % row["design"]
        if why is None and (bound is None or back is None):
            why = "no Linux bound: the row is predicted for %s only" % ", ".join(
                sorted({b["platform"] for b in row["bounds"]})) if bound is None else "no Linux bound for the return"
        if why is None and check is not None and not check.replayable(row):
            why = check.why_not(row)
        return why, check, bound, back

    def normal(self, check, normal, record, head):
        """Wait for the normal state before a row; False (``record`` failed, a line said) when it does not come."""
        ready, _earliest, seen, _flapped = self._watch(check, normal, self.settle, self.clock(), Invariants(
            {"invariants": []}, check), "start", final=False)
        if ready is None:
            record.update(status="failed", state="before the failure: %s" % seen, why=(
                "the lab was not in the normal state (%s) within %s s before the row" % (
                    check.describe(normal), _num(self.settle))))
            self.say("%s: FAIL (%s)" % (head, record["why"]))
        return ready is not None

    def row(self, row, mapping, number=1, total=1):
        """The record of one row (replayed, failed or skipped)."""
        record = {"id": row["id"], "status": "skipped", "platform": PLATFORM, "switch_seconds": None,
                  "return_seconds": None, "state": "not replayed", "invariants": [], "why": "", "bounds": None}
        head = "failure %d of %d: %s" % (number, total, row["failure"]["text"])
        why, check, bound, back = self.judged(row, mapping)
        if why is not None:
            record["why"] = why
            self.say("%s: SKIPPED (%s)" % (head, why))
            return record
        predicted, normal = row["predicted"], row["repair"]["predicted"]
        invariants = Invariants(row, check)
        problems = []
        try:
            if not self.normal(check, normal, record, head):
                return record
            # what the row's time is judged by here (the merge into report.json takes this verdict: the lab may run
            # other options than the report's rows, such as a longer check interval in the emulated VM)
            record["bounds"] = {"switch": bound["seconds"], "return": back["seconds"], "margin": self.margin}
            self.say("%s: predicted %s within %s s (+ margin %s s) ..." % (
                head, check.describe(predicted), _num(bound["seconds"]), _num(self.margin)))
            still = check.describe(predicted) == check.describe(normal)   # the row predicts that nothing changes
            switch, text, problem = self.phase(check, predicted, bound, lab_action(row["failure"]["inject"], mapping),
                                               invariants, "failure",
                                               hold=max(self.hold, self.quiet + self.margin) if still else None)
            problems += [problem] if problem else []
            ret, text_back, problem = self.phase(check, normal, back, lab_action(row["repair"]["inject"], mapping),
                                                 invariants, "repair")
            problems += [problem] if problem else []
        except Exception as exc:  # pylint: disable=broad-except  # a lab that breaks mid-row fails the row, not the replay
            record.update(status="failed", why="the lab failed during the row: %s: %s" % (type(exc).__name__, exc))
            self.say("%s: FAIL (%s)" % (head, record["why"]))
            return record
        problems += invariants.deviations()
        unchecked = "; invariants not checked in this lab: %s" % ", ".join(invariants.not_judged()) \
            if invariants.not_judged() else ""
        record.update(status="failed" if problems else "passed", switch_seconds=_round(switch),
                      return_seconds=_round(ret), state="%s; %s%s" % (text, text_back, unchecked),
                      invariants=invariants.records(), why="; ".join(problems))
        self.say("%s ... measured %s s, back %s s (predicted within %s s) %s%s" % (
            head, fmt(switch), fmt(ret), _num(back["seconds"]), "FAIL" if problems else "PASS",
            " (%s)" % record["why"] if problems else ""))
        return record

    def replay(self, rows, mapping):
        """The records of every row, in order (sequential: a row's return is awaited before the next)."""
        mapping = check_mapping(mapping, rows)
        self.quiet = max([(linux_bound(r["bounds"]) or {}).get("seconds") or 0.0 for r in rows] or [0.0])
        return [self.row(each, mapping, number, len(rows)) for number, each in enumerate(rows, 1)]


def _round(value):
    return None if value is None else round(float(value), 3)


def summary(records):
    """``{passed, failed, skipped}`` counts."""
    out = {"passed": 0, "failed": 0, "skipped": 0}
    for each in records:
        out[each["status"]] += 1
    return out
