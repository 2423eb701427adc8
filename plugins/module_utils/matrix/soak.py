# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Soak mode of the replay (issue #19): random sequences of a matrix's failures and repairs, with short flaps.
Pure Python, no lab in here (the caller's replayer reads and injects, as for the replay itself).

A sequence is every replayable row in a random order (each replayed as replay.py does: the normal state awaited,
the failure, its bound, the repair, its bound, the row's invariants at every poll) with flaps put in at random
places. A flap injects a row's failure and repairs it ``seconds`` later, shorter than the delays that guard
the row where the matrix says so (the row's ``failure.flap``: vrf_static_tracking's track delays), then watches
the return to the normal state within the rest of the row's failure bound (what is left of it when the repair
comes: a switch under way can still complete) plus its return bound. A flap shorter than the guarded time must not
switch: the row's predicted failover state seen at any poll of the flap or of its return fails it. Every flap
checks the row's invariants throughout, as a row does.

The soak runs ``sequences`` sequences, or sequences until ``minutes`` have passed (a sequence is never cut), and
never ends before its ``flaps`` flaps are done: spread evenly over the sequences (with ``minutes``, over those the
time left is expected to hold, from the sequences so far). The order comes from
``random.Random(seed)``: a seed replays the same sequence of events.
"""

from __future__ import annotations

import copy
import math
import random

from ansible_collections.netdesign.resilience.plugins.module_utils.matrix import replay as R

FLAPS = 10          # flaps per soak unless told
FLAP_SECONDS = 1.0  # a flap's length where no delay guards the row (and no length is given)
BROKEN = "the lab failed during"   # the why of an event the lab broke (replay.Replayer.row, Soak.flap)


class SoakError(ValueError):
    """The soak's options cannot be run as given."""


# each option: (type, lowest, highest): a week of soak at the most, an hour's flap
LIMITS = {"sequences": (int, 1, 100000), "minutes": (float, 0.01, 10080.0), "seed": (int, 0, 2 ** 32 - 1),
          "flaps": (int, 0, 100000), "flap_seconds": (float, 0.01, 3600.0)}


def options(raw, where="soak"):
    """The soak's options, validated: ``{sequences, minutes, seed, flaps, flap_seconds}``; ``sequences`` and
    ``minutes`` exclude each other (neither: one sequence). ``where`` names the option in a message."""
    if not isinstance(raw, dict):
        raise SoakError("%s: must be a dictionary, got %r" % (where, raw))
    unknown = sorted(set(raw) - set(LIMITS))
    if unknown:
        raise SoakError("%s: unknown key(s) %s (known: %s)" % (where, ", ".join(unknown), ", ".join(LIMITS)))
    out = dict.fromkeys(LIMITS)
    for key, (kind, low, high) in LIMITS.items():
        if raw.get(key) is not None:
            out[key] = _number(raw[key], "%s.%s" % (where, key), kind, low, high)
    if out["sequences"] is not None and out["minutes"] is not None:
        raise SoakError("%s: give sequences (%s) or minutes (%s), not both" % (where, out["sequences"], out["minutes"]))
    if out["sequences"] is None and out["minutes"] is None:
        out["sequences"] = 1
    out["flaps"] = FLAPS if out["flaps"] is None else out["flaps"]
    out["seed"] = 0 if out["seed"] is None else out["seed"]
    return out


def _number(value, where, kind, low, high):
    try:
        number = kind(value)
        whole = kind is not int or number == float(value)
    except (TypeError, ValueError, OverflowError):
        number, whole = None, False
    if number is None or not whole or isinstance(value, bool) or not math.isfinite(number) or not low <= number <= high:
        raise SoakError("%s: %r is not a %s from %s to %s" % (where, value, "whole number" if kind is int else "number",
                                                              low, high))
    return number


def flap_length(row, given=None):
    """``(seconds, guarded)``: how long a flap of ``row`` lasts (``given``, else half the time its delays guard,
    else FLAP_SECONDS) and the guarded time when the flap is shorter than it (it must not switch), else None."""
    guarded = (row["failure"].get("flap") or {}).get("seconds")
    seconds = float(given) if given is not None else max(0.5, guarded / 2.0) if guarded else FLAP_SECONDS
    return seconds, guarded if guarded and seconds < guarded else None


class Soak:
    """One soak over ``rows`` with ``replayer`` (replay.Replayer); ``opts`` from options()."""

    def __init__(self, replayer, rows, mapping, opts):
        self.replayer, self.opts = replayer, opts
        self.mapping = R.check_mapping(mapping, rows)
        self.rows = [r for r in rows if replayer.judged(r, self.mapping)[0] is None]
        if not self.rows:
            raise SoakError("soak: none of the %d rows can be replayed in this lab" % len(rows))
        guarded = [r for r in self.rows if r["failure"].get("flap")]
        self.flap_rows = guarded or self.rows
        self.rng = random.Random(opts["seed"])

    def _sequence(self, flaps):
        events = [("row", r) for r in self.rows]
        self.rng.shuffle(events)
        for _each in range(flaps):
            events.insert(self.rng.randint(0, len(events)), ("flap", self.rng.choice(self.flap_rows)))
        return events

    def run(self):
        """``{seed, sequences, seconds, flaps, events: [{sequence, kind, record}], summary, stopped}``."""
        replayer, opts = self.replayer, self.opts
        began = replayer.clock()
        events, left, number = [], opts["flaps"], 0
        while True:
            number += 1
            last = opts["sequences"] is not None and number >= opts["sequences"]
            flaps = self._flaps_now(number, left, replayer.clock() - began)
            left -= flaps
            sequence = self._sequence(flaps)
            for index, (kind, row) in enumerate(sequence, 1):
                say = replayer.say
                replayer.say = lambda line, n=number: say("soak %d: %s" % (n, line))
                try:
                    record = replayer.row(row, self.mapping, index, len(sequence)) if kind == "row" else \
                        self.flap(row, index, len(sequence))
                finally:
                    replayer.say = say
                record["violations"] = violations(row, record)
                events.append({"sequence": number, "kind": kind, "record": record})
            minutes_done = opts["minutes"] is None or replayer.clock() - began >= opts["minutes"] * 60
            # a lab that fails every event at once would otherwise spin through sequences until the minutes pass
            broken = all(e["record"]["why"].startswith(BROKEN) for e in events if e["sequence"] == number)
            if last or broken or (opts["sequences"] is None and minutes_done and left == 0):
                break
        return {"seed": opts["seed"], "sequences": number, "seconds": round(replayer.clock() - began, 3),
                "flaps": sum(1 for e in events if e["kind"] == "flap"), "events": events, "summary": summary(events),
                "stopped": "every event of sequence %d failed in the lab: the soak stopped there" % number
                           if broken else ""}

    def _flaps_now(self, number, left, elapsed):
        """How many of the ``left`` flaps sequence ``number`` takes: an even share of the sequences still to come
        (with ``minutes``, estimated from the sequences so far; the first takes one)."""
        if self.opts["sequences"] is not None:
            remaining = self.opts["sequences"] - number + 1
        elif number == 1:
            return min(left, 1)
        else:
            per = elapsed / (number - 1)
            remaining = max(1, int(math.ceil((self.opts["minutes"] * 60 - elapsed) / per))) if per > 0 else 1
        return int(math.ceil(left / float(max(1, remaining))))

    def flap(self, row, number=1, total=1):
        """The record of one flap of ``row`` (the row's failure for a moment, then its repair)."""
        replayer = self.replayer
        seconds, guarded = flap_length(row, self.opts["flap_seconds"])
        record = {"id": row["id"], "status": "skipped", "platform": R.PLATFORM, "flap_seconds": seconds,
                  "flapped_seconds": None, "guarded_seconds": guarded, "switched_seconds": None,
                  "return_seconds": None, "state": "not replayed", "invariants": [], "why": ""}
        head = "flap %d of %d: %s for %s s" % (number, total, row["failure"]["text"], R.C.num(seconds))
        _why, check, bound, back = replayer.judged(row, self.mapping)
        normal = row["repair"]["predicted"]
        invariants = R.Invariants(row, check)
        switched, cost, start = [], [0.0], [replayer.clock()]

        def watching(keys):
            """The replayer's probe, timed (a flap starts no probe it cannot finish in time), noting when the
            row's failover state shows (a guarded flap must not switch)."""
            asked = replayer.clock()
            obs = replayer.probe(keys)
            cost[0] = replayer.clock() - asked
            if guarded and not switched and all(k in obs for k in check.poll_keys) and check.state(
                    row["predicted"], obs)[0]:
                switched.append(replayer.clock() - start[0])
            return obs

        watcher = copy.copy(replayer)
        watcher.probe = watching
        try:
            if not watcher.normal(check, normal, record, head):
                return record
            del switched[:]     # what the wait for the normal state saw is not the flap's
            replayer.say("%s (%s) ..." % (head, "must not switch: the delays guard %s s" % R.C.num(guarded)
                                          if guarded else "no delay guards it: it may switch and return"))
            start[0] = replayer.inject(R.lab_action(row["failure"]["inject"], self.mapping))
            while replayer.clock() - start[0] + cost[0] < seconds:
                invariants.see(watching(check.poll_keys), "flap", replayer.clock() - start[0])
                replayer.sleep(min(replayer.interval, max(0.0, seconds - cost[0] - (replayer.clock() - start[0]))))
            replayer.sleep(max(0.0, seconds - (replayer.clock() - start[0])))
            flapped = replayer.clock() - start[0]
            # a flap shorter than the switch can still switch after its repair (a VRRP backup whose master-down
            # timer ran on: seen in the lab, a 1 s stop of the main router): the rest of the failure's bound (none
            # where the row has none), then the return's
            left = None if bound["seconds"] is None else max(0.0, bound["seconds"] - flapped)
            back = dict(back, seconds=None if left is None or back["seconds"] is None else R.C.num(left + back["seconds"]))
            ret, text, problem = watcher.phase(check, normal, back, R.lab_action(row["repair"]["inject"], self.mapping),
                                               invariants, "repair")
        except Exception as exc:  # pylint: disable=broad-except  # a lab that breaks mid-flap fails the flap
            record.update(status="failed", why="%s the flap: %s: %s" % (BROKEN, type(exc).__name__, exc))
            replayer.say("%s: FAIL (%s)" % (head, record["why"]))
            return record
        problems = [problem] if problem else []
        overran = guarded is not None and flapped >= guarded
        if switched and not overran:
            problems.append("switched %s s after the flap began, which is shorter than the %s s its delays guard" % (
                R.fmt(switched[0]), R.C.num(guarded)))
        problems += invariants.deviations()
        record.update(status="failed" if problems else "passed", switched_seconds=switched[0] if switched else None,
                      flapped_seconds=round(flapped, 3), return_seconds=None if ret is None else round(float(ret), 3),
                      state=text + ("; the flap lasted %s s, not shorter than the %s s its delays guard: a switch was "
                                    "allowed" % (R.fmt(flapped), R.C.num(guarded)) if overran else ""),
                      invariants=invariants.records(), why="; ".join(problems))
        replayer.say("%s ... lasted %s s, back %s s after the repair (within %s s) %s%s" % (
            head, R.fmt(flapped), R.fmt(ret), R.C.num(back["seconds"]) if back["seconds"] is not None else "-",
            "FAIL" if problems else "PASS", " (%s)" % record["why"] if problems else ""))
        return record


def violations(row, record):
    """How many of the row's invariants predicted to hold a record saw broken."""
    predicted = {i["id"]: i["predicted_to_hold"] for i in row["invariants"]}
    return sum(1 for i in record.get("invariants") or [] if not i["held"] and predicted.get(i["id"]))


def failed(counts):
    """Whether a soak's ``summary`` failed it: a failed row or flap, or an invariant violation."""
    return counts["rows"]["failed"] + counts["flaps"]["failed"] + counts["invariant_violations"] > 0


def summary(events):
    """Counts per kind and status, and the invariant violations seen."""
    out = {"rows": {"passed": 0, "failed": 0, "skipped": 0}, "flaps": {"passed": 0, "failed": 0, "skipped": 0},
           "invariant_violations": 0}
    for each in events:
        out["rows" if each["kind"] == "row" else "flaps"][each["record"]["status"]] += 1
        out["invariant_violations"] += each["record"].get("violations", 0)
    return out
