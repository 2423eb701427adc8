# -*- coding: utf-8 -*-
"""Soak mode of the replay (issue #19) against fake labs on a fake clock: the sequences and flaps a seed gives,
a flap the delays absorb and one that switches although they should have, invariants broken during a flap,
the minutes mode, the options' validation."""
from __future__ import annotations

import copy
import json

import pytest

from ansible_collections.netdesign.resilience.plugins.module_utils.matrix import predict as FM
from ansible_collections.netdesign.resilience.plugins.module_utils.matrix import replay as R
from ansible_collections.netdesign.resilience.plugins.module_utils.matrix import soak as S

from example_inventory import example_intent
from replay_fakes import MAPPING, FakeVrrpLab, vrrp_rows


def soak(lab, rows, mapping, **raw):
    return S.Soak(lab.replayer(), rows, mapping, S.options(raw)).run()


def test_sequences_and_flaps_come_from_the_seed_and_a_sound_lab_passes_them_all():
    rows = vrrp_rows()
    result = soak(FakeVrrpLab(), rows, MAPPING, sequences=3, seed=7)
    events = result["events"]
    assert result["sequences"] == 3 and result["flaps"] == 10 and len(events) == 3 * 2 + 10
    # every row once per sequence; the flaps spread evenly over the sequences
    for number, flaps in ((1, 4), (2, 3), (3, 3)):
        mine = [e for e in events if e["sequence"] == number]
        assert sorted(e["record"]["id"] for e in mine if e["kind"] == "row") == sorted(r["id"] for r in rows)
        assert sum(e["kind"] == "flap" for e in mine) == flaps
    assert result["summary"] == {"rows": {"passed": 6, "failed": 0, "skipped": 0},
                                 "flaps": {"passed": 10, "failed": 0, "skipped": 0}, "invariant_violations": 0}
    # no delay guards a VRRP row: its flap may switch (the backup takes over, the main router returns after
    # its preempt delay), it only has to come back within the rest of the failure's bound plus the return bound,
    # with one Master throughout
    flap = next(e["record"] for e in events if e["kind"] == "flap")
    assert flap["flap_seconds"] == S.FLAP_SECONDS and flap["guarded_seconds"] is None
    assert flap["switched_seconds"] is None and 60.5 <= flap["return_seconds"] <= 60.7
    json.dumps(result)
    order = [(e["kind"], e["record"]["id"]) for e in events]
    assert order == [(e["kind"], e["record"]["id"]) for e in soak(FakeVrrpLab(), rows, MAPPING, sequences=3,
                                                                  seed=7)["events"]]
    assert any(order != [(e["kind"], e["record"]["id"]) for e in soak(
        FakeVrrpLab(), rows, MAPPING, sequences=3, seed=seed)["events"]] for seed in (1, 2, 3))


def test_progress_lines_name_the_sequence():
    lab = FakeVrrpLab()
    S.Soak(lab.replayer(), vrrp_rows(), MAPPING, S.options({"sequences": 1, "flaps": 1})).run()
    assert lab.lines and all(line.startswith("soak 1: ") for line in lab.lines)
    flap = [line for line in lab.lines if line.startswith("soak 1: flap ")]
    assert len(flap) == 2 and " for 1 s (no delay guards it: it may switch and return) ..." in flap[0]
    assert " for 1 s ... lasted 1.0" in flap[1] and flap[1].endswith("(within 66.375 s) PASS")


class LateReturnLab(FakeVrrpLab):
    """keepalived as the first soak of wan_backup_vrrp showed it: the backup's master-down timer runs on through a
    short stop of the main router, and the main router's preempt delay starts only once the backup is Master."""

    def masters(self):
        if self.repaired_at is not None and self.now - max(self.repaired_at, self.failed_at + self.takeover) \
                >= self.back:
            self.now += 0.02
            return ["main-router"]
        if self.repaired_at is not None and self.now - self.failed_at >= self.takeover:
            self.now += 0.02
            return ["netgate"]
        return super().masters()


def test_a_flap_shorter_than_the_switch_may_still_switch_and_return_a_full_return_bound_later():
    lab = LateReturnLab(takeover=3.7, back=62.5)
    result = soak(lab, vrrp_rows(), MAPPING, sequences=1, flaps=1, seed=3)
    flap = next(e["record"] for e in result["events"] if e["kind"] == "flap")
    # back 65.2 s after the repair: past the return bound (63.57 s + 1 s margin), within 3.805 - 1 + 63.57 s + 1 s
    assert flap["status"] == "passed", flap
    assert 65.2 <= flap["return_seconds"] <= 65.4 and "within 66.375 s + margin 1 s" in flap["state"]


def test_two_masters_during_a_flap_are_a_violation():
    lab = FakeVrrpLab(both=(0.2, 0.5))
    result = soak(lab, vrrp_rows(), MAPPING, sequences=1, flaps=1, seed=3)
    flap = next(e["record"] for e in result["events"] if e["kind"] == "flap")
    assert flap["status"] == "failed" and "invariant one-master broken" in flap["why"]
    assert result["summary"]["invariant_violations"] >= 1


def test_minutes_mode_runs_whole_sequences_until_the_time_and_the_flaps_are_done():
    lab = FakeVrrpLab()
    result = soak(lab, vrrp_rows(), MAPPING, minutes=10, flaps=2)
    # a sequence of the two VRRP rows and a flap takes about 3 x 70 s on the fake clock
    assert result["seconds"] >= 600 and result["sequences"] >= 2 and result["flaps"] >= 2
    assert result["seconds"] < 600 + 4 * 75   # the sequence running at 10 minutes ends, no other starts


def guarded_rows():
    """The example router's rows: the active linknets' failures carry the track delay that absorbs a flap."""
    rows = FM.for_intent("vrf_static_tracking", example_intent("vrf_static_tracking"), ["lin-router"])["rows"]
    active = [r for r in rows if "/active-" in r["id"]]
    assert active and all(r["failure"]["flap"]["seconds"] == 2 for r in active)
    assert all("flap" not in r["failure"] for r in rows if "/standby-" in r["id"])
    return rows


class FakeRouter:
    """The example router's routes on a fake clock: a linknet down for ``damp`` s in a row moves every active
    route to its standby next hop; after the repair they are back ``rise`` s later (at once if nothing moved)."""

    def __init__(self, rows, damp=4.4, rise=5.0):
        self.now, self.damp, self.rise = 0.0, damp, rise
        self.down_at = self.up_at = None
        self.switched = False
        normal = rows[0]["repair"]["predicted"]["routes"]
        standby = rows[0]["predicted"]["routes"]
        self.normal = {"%s %s" % (r["vrf"], r["prefix"]): r["next_hops"] for r in normal}
        self.standby = {"%s %s" % (r["vrf"], r["prefix"]): r["next_hops"] for r in standby}
        self.lines = []

    def inject(self, action):
        if action["action"] == "link_down":
            self.down_at, self.up_at = self.now, None
        else:
            self.up_at, self.down_at = self.now, None
        return self.now

    def probe(self, _keys):
        self.now += 0.05
        if self.down_at is not None and self.now - self.down_at >= self.damp:
            self.switched = True
        if self.up_at is not None and self.switched and self.now - self.up_at >= self.rise:
            self.switched = False
        return {"routes": dict(self.standby if self.switched else self.normal)}

    def replayer(self):
        return R.Replayer(self.probe, self.inject, lambda: self.now, self.sleep, say=self.lines.append)

    def sleep(self, seconds):
        self.now += seconds


def router_mapping(rows):
    interfaces = {r["failure"]["inject"]["target"]: "bond%d" % n for n, r in enumerate(rows)}
    return {"nodes": {"lin-router": {"node": "r", "interfaces": interfaces}}}


def test_a_flap_shorter_than_the_track_delay_switches_nothing():
    rows = guarded_rows()
    # only one active row's failure moves the fake's routes: the rows are replayed with their own predictions
    row = next(r for r in rows if "/active-" in r["id"])
    result = soak(FakeRouter([row]), [row], router_mapping([row]), sequences=1, flaps=3, seed=1)
    flaps = [e["record"] for e in result["events"] if e["kind"] == "flap"]
    assert len(flaps) == 3 and all(f["status"] == "passed" for f in flaps), flaps
    assert all(f["flap_seconds"] == 1.0 and f["guarded_seconds"] == 2 and f["switched_seconds"] is None for f in flaps)


def test_a_flap_that_switches_although_the_delay_should_absorb_it_fails():
    row = next(r for r in guarded_rows() if "/active-" in r["id"])
    lab = FakeRouter([row], damp=0.5, rise=1.0)   # no damping: the routes move half a second into the loss
    result = soak(lab, [row], router_mapping([row]), sequences=1, flaps=1, seed=1)
    flap = next(e["record"] for e in result["events"] if e["kind"] == "flap")
    assert flap["status"] == "failed" and flap["switched_seconds"] is not None
    assert "shorter than the 2 s its delays guard" in flap["why"]
    assert any("must not switch: the delays guard 2 s" in line for line in lab.lines)
    # told a flap as long as the delay, the same lab may switch: the flap is not guarded then
    lab = FakeRouter([row], damp=0.5, rise=1.0)
    result = soak(lab, [row], router_mapping([row]), sequences=1, flaps=1, seed=1, flap_seconds=2)
    flap = next(e["record"] for e in result["events"] if e["kind"] == "flap")
    assert flap["guarded_seconds"] is None and flap["status"] == "passed", flap


def test_flaps_are_drawn_from_the_guarded_rows_where_there_are_any():
    rows = guarded_rows()
    lab = FakeRouter(rows, damp=1e9)
    soaker = S.Soak(lab.replayer(), rows, router_mapping(rows), S.options({"sequences": 1}))
    assert soaker.flap_rows and all("/active-" in r["id"] for r in soaker.flap_rows)


@pytest.mark.parametrize("raw, message", [
    ({"sequence": 2}, "soak: unknown key(s) sequence (known: sequences, minutes, seed, flaps, flap_seconds)"),
    ({"sequences": 0}, "soak.sequences: 0 is not a whole number from 1 to 100000"),
    ({"sequences": 1.5}, "soak.sequences: 1.5 is not a whole number from 1 to 100000"),
    ({"minutes": "soon"}, "soak.minutes: 'soon' is not a number from 0.01 to 10080.0"),
    ({"minutes": float("inf")}, "soak.minutes: inf is not a number from 0.01 to 10080.0"),
    ({"flap_seconds": "nan"}, "soak.flap_seconds: 'nan' is not a number from 0.01 to 3600.0"),
    ({"flaps": True}, "soak.flaps: True is not a whole number from 0 to 100000"),
    ({"sequences": 2, "minutes": 30}, "soak: give sequences (2) or minutes (30.0), not both"),
    ("30", "soak: must be a dictionary, got '30'"),
])
def test_options_are_validated(raw, message):
    with pytest.raises(S.SoakError) as caught:
        S.options(raw)
    assert str(caught.value) == message


def test_options_default_to_one_sequence_and_ten_flaps():
    assert S.options({}) == {"sequences": 1, "minutes": None, "seed": 0, "flaps": 10, "flap_seconds": None}
    assert S.options({"minutes": "30"})["sequences"] is None


def test_a_soak_with_nothing_to_replay_is_refused():
    rows = copy.deepcopy(vrrp_rows())
    mapping = dict(MAPPING, skip={r["id"]: "not here" for r in rows})
    with pytest.raises(S.SoakError, match="none of the 2 rows can be replayed"):
        S.Soak(FakeVrrpLab().replayer(), rows, mapping, S.options({}))


def test_the_action_soaks_when_told_or_when_the_environment_says_so(monkeypatch):
    from ansible_collections.netdesign.resilience.plugins.action import failure_replay as A
    monkeypatch.delenv("NETDESIGN_SOAK_MINUTES", raising=False)
    assert A.soak_asked(None) == (None, None)
    assert A.soak_asked({"sequences": 2}) == ({"sequences": 2}, "soak")
    monkeypatch.setenv("NETDESIGN_SOAK_MINUTES", "30")
    monkeypatch.setenv("NETDESIGN_SOAK_SEED", "7")
    assert S.options(*A.soak_asked(None)) == {"sequences": None, "minutes": 30.0, "seed": 7, "flaps": 10,
                                              "flap_seconds": None}
    assert A.soak_asked({"sequences": 2}) == ({"sequences": 2}, "soak")     # the task's own option wins
    monkeypatch.setenv("NETDESIGN_SOAK_MINUTES", "nan")
    with pytest.raises(S.SoakError) as caught:
        S.options(*A.soak_asked(None))
    assert str(caught.value) == ("the environment (NETDESIGN_SOAK_MINUTES=nan, NETDESIGN_SOAK_SEED=7).minutes: 'nan' "
                                 "is not a number from 0.01 to 10080.0")
    assert A.soak_path("build/lab-results/x.replay.json") == "build/lab-results/x.soak.json"
    assert A.soak_path("out.json") == "out.json.soak.json"


def test_a_flap_starts_no_probe_it_cannot_finish_and_records_how_long_it_lasted():
    lab = FakeVrrpLab()
    probes = []
    inner = lab.probe

    def slow(keys):          # a probe round of 0.7 s, as through the emulated VM's agent
        probes.append(lab.now)
        lab.now += 0.7
        return inner(keys)
    lab.probe = slow
    result = soak(lab, vrrp_rows(), MAPPING, sequences=1, flaps=1, seed=3, flap_seconds=1)
    flap = next(e["record"] for e in result["events"] if e["kind"] == "flap")
    # one probe (0.7 s) fits in the 1 s flap, a second would not: the repair comes at 1 s, not at 1.4 s
    assert flap["flap_seconds"] == 1.0 and 1.0 <= flap["flapped_seconds"] < 1.1, flap


class BrokenLab(FakeVrrpLab):
    def inject(self, action):
        self.now += 1.0
        raise OSError("lab agent at 127.0.0.1:1 closed without answering")


def test_a_lab_that_breaks_every_event_stops_the_soak_after_one_sequence():
    lab = BrokenLab()
    result = soak(lab, vrrp_rows(), MAPPING, minutes=30, flaps=2)
    assert result["sequences"] == 1 and "the soak stopped there" in result["stopped"]
    assert all(e["record"]["why"].startswith(S.BROKEN) for e in result["events"])
    assert result["summary"]["rows"]["failed"] == 2 and result["summary"]["flaps"]["failed"] == 1


def test_a_flap_that_overran_the_guarded_time_may_switch():
    row = next(r for r in guarded_rows() if "/active-" in r["id"])
    lab = FakeRouter([row], damp=0.5, rise=1.0)
    inner = lab.probe

    def slow(keys):          # rounds of 0.05 s, then one of 2.5 s in the flap: it runs past the 2 s the delays guard
        lab.now += 2.5 if lab.down_at is not None and lab.now - lab.down_at < 0.5 else 0.0
        return inner(keys)
    lab.probe = slow
    result = soak(lab, [row], router_mapping([row]), sequences=1, flaps=1, seed=1)
    flap = next(e["record"] for e in result["events"] if e["kind"] == "flap")
    assert flap["flapped_seconds"] >= 2 and flap["switched_seconds"] is not None
    assert flap["status"] == "passed" and "not shorter than the 2 s its delays guard: a switch was allowed" in \
        flap["state"], flap
