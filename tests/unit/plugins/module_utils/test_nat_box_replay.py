# -*- coding: utf-8 -*-
"""The NAT boxes' own rows (issue #19): predicted with the router in front of the boxes among the peers, replayed
through the NAT probe reading that router's routes (replay_lab_nat.NatProbe with replay_lab.RoutesProbe) on a fake
router whose tracks move the routes to nat2 a few seconds after nat1 stops, on a fake clock."""
from __future__ import annotations

import json

import pytest

from ansible_collections.netdesign.resilience.plugins.module_utils.lab import namespace as L
from ansible_collections.netdesign.resilience.plugins.module_utils.matrix import predict as FM
from ansible_collections.netdesign.resilience.plugins.module_utils.matrix import replay as R
from ansible_collections.netdesign.resilience.plugins.module_utils.matrix import replay_lab as RL
from ansible_collections.netdesign.resilience.plugins.module_utils.matrix import replay_lab_nat as NL

from example_inventory import example_intent

ROUTER = FM.peer_of_intent("vrf_static_tracking", dict(example_intent("vrf_static_tracking"), check_interval=2),
                           ["lin-router"])
BOXES = {box: FM.peer_of_intent("nat_gateway", example_intent("nat_gateway", box), [box]) for box in ("nat1", "nat2")}
MAPPING = {"nodes": {"lin-router": {"node": "r"}, "nat1": {"node": "nat1"}, "nat2": {"node": "nat2"}}}


def box_row(box="nat1", peers=True):
    other = BOXES["nat2" if box == "nat1" else "nat1"]
    rows = FM.for_intent("nat_gateway", example_intent("nat_gateway", box), [box],
                         [other, ROUTER] if peers else [other])["rows"]
    return [r for r in rows if r["id"].endswith("/box-%s" % box)][0]


def test_the_box_row_predicts_the_router_s_routes_and_the_box_that_nats():
    row = box_row()
    assert row["id"] == "nat_gateway/nat1/box-nat1" and row["predicted"]["nat_box"] == "nat2"
    hops = {"%s %s" % (r["vrf"], r["prefix"]): r["next_hops"] for r in row["predicted"]["routes"]}
    assert hops["inside 0.0.0.0/0"] == ["192.76.34.97"] and hops["outside 192.76.8.0/24"] == ["163.1.120.5"]
    assert row["repair"]["predicted"]["nat_box"] == "nat1"
    assert [b for b in row["bounds"] if b["platform"] == "linux"][0]["seconds"] == 6   # 3 checks x 2 s
    # without the router among the peers the row predicts nothing the lab can read: skipped, saying why
    assert box_row(peers=False)["predicted"]["nat_box"] is None


class FakeRouter:
    """lin-router's kernel routes (``ip -j -4 route show vrf X``) on a fake clock: via nat1 (and the active campus
    and internet linknets) until nat1 stops, then, after ``switch`` s (the tracks' fall), via nat2 and the standby
    linknets; back ``back`` s after nat1 starts. ``hybrid``: after the switch the outside client route stays on nat1."""

    def __init__(self, switch=5.0, back=5.5, hybrid=False, box="nat1"):
        self.now, self.switch, self.back, self.hybrid, self.box = 100.0, switch, back, hybrid, box
        self.stopped = self.started = None
        self.reads = []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds

    def inject(self, action):
        assert action["node"] == self.box
        if action["action"] == "node_stop":
            self.stopped, self.started = self.now, None
        else:
            assert action["action"] == "node_start"
            self.started = self.now
        return self.now

    def standby(self):
        if self.stopped is None or self.now - self.stopped < self.switch:
            return False
        return self.started is None or self.now - self.started < self.back

    def node_run(self, _lab, node, argv):
        self.reads.append(node)
        self.now += 0.2     # a probe round
        standby = self.standby()
        down = self.box == "nat1" and self.stopped is not None and self.started is None   # nat1's links: no carrier
        routes = {
            "inside": [{"dst": "default", "gateway": "192.76.34.97" if standby else "192.76.34.93",
                        "flags": ["linkdown"] if down and not standby else []},
                       {"dst": "10.16.0.0/12", "gateway": "192.76.34.57" if standby else "192.76.34.29", "flags": []}],
            "outside": [{"dst": "default", "gateway": "192.76.34.209" if standby else "192.76.34.193", "flags": []},
                        {"dst": "192.76.8.0/24", "gateway": "163.1.120.5" if standby and not self.hybrid
                         else "163.1.120.1", "flags": []}]}
        return 0, "".join("==> %s <==\n%s\n" % (vrf, json.dumps(routes[vrf])) for vrf in argv[4:])


def replay(monkeypatch, router, row, rows=None):
    """The record of ``row``, replayed as the action replays ``rows`` (default: the row alone)."""
    monkeypatch.setattr(RL, "node_run", router.node_run)
    rows = rows or [row]
    skip = {r["id"]: "not this test's" for r in rows if r["id"] != row["id"]}   # they still set the longest bound
    mapping = R.check_mapping(dict(MAPPING, skip=skip), rows)
    planned = [(box, BOXES[box]["plan"]) for box in ("nat1", "nat2")]
    probe = RL.probe("nat", "vst", planned, mapping, {"traffic": None}, [("vrf_static_tracking", "lin-router",
                                                                         ROUTER["plan"])])
    records = R.Replayer(probe, router.inject, router.clock, router.sleep, margin=3.0).replay(rows, mapping)
    return records[[r["id"] for r in rows].index(row["id"])]


@pytest.mark.parametrize("moves_at, status", [(None, "passed"), (5.0, "failed"), (8.5, "failed")])
def test_a_row_that_predicts_no_change_watches_for_the_replay_s_longest_bound(monkeypatch, moves_at, status):
    # nat2 is the standby box: its stop moves nothing. A router that wrongly moves every route after its tracks'
    # delays (5 s, or 8.5 s: still within box-nat1's 6 s + the margin 3 s) must fail the row, not pass it at the
    # first poll that saw nothing move yet
    router = FakeRouter(switch=moves_at if moves_at is not None else 1e9, back=0.5, box="nat2")
    record = replay(monkeypatch, router, box_row("nat2"), [box_row("nat1"), box_row("nat2")])
    assert record["status"] == status, record
    if status == "passed":
        assert "unchanged for 9 s, the replay's longest bound + margin" in record["state"]
    else:
        assert "flapped" in record["state"] or "not reached" in record["why"]


def test_a_box_row_replays_on_the_router_s_routes(monkeypatch):
    router = FakeRouter()
    record = replay(monkeypatch, router, box_row())
    assert record["status"] == "passed", record
    assert 5.0 <= record["switch_seconds"] <= 5.5 and 5.5 <= record["return_seconds"] <= 6.0
    assert "nat2 NATs" in record["state"] and "nat1 NATs" in record["state"]
    # no client and server given: the public address is not read, and the record says so rather than passing it
    assert record["state"].endswith("; invariants not checked in this lab: public-address-unchanged")
    held = {i["id"]: i["held"] for i in record["invariants"]}
    assert held["no-hybrid-path"] and held["no-blackhole"] and held["returns"]
    assert not held["no-hybrid-path-during"]      # predicted broken (the Linux twin's linkdown moment), seen so
    assert set(router.reads) == {"r"}             # the boxes' bonds are not read for a box row


def test_a_hybrid_path_after_the_switch_fails_the_box_row(monkeypatch):
    record = replay(monkeypatch, FakeRouter(hybrid=True), box_row())
    assert record["status"] == "failed"
    assert "nat1 and nat2 NATs" in record["why"] and "not reached within 39 s" in record["why"]


def test_nat_box_names_the_box_of_the_next_hops():
    owners = {"192.76.34.93": "nat1", "192.76.34.97": "nat2", "163.1.120.1": "nat1"}
    assert NL.nat_box({"inside 0.0.0.0/0": ["192.76.34.93"], "outside x": ["163.1.120.1"]}, owners) == "nat1"
    assert NL.nat_box({"inside 0.0.0.0/0": ["192.76.34.97"], "outside x": ["163.1.120.1"]}, owners) == "nat1 and nat2"
    assert NL.nat_box({"inside 0.0.0.0/0": [], "inside 10.16.0.0/12": ["192.76.34.29"]}, owners) is None


def test_the_nat_probe_refuses_what_it_cannot_read():
    planned = [("nat1", BOXES["nat1"]["plan"])]
    mapping = R.check_mapping(MAPPING, [])
    probe = RL.probe("nat", "vst", planned, mapping, {"traffic": None})
    with pytest.raises(L.LabError, match="give its plan \\(peers\\) and map it"):
        probe(("routes", "nat_box"))
    with pytest.raises(R.ReplayError, match="at most one vrf_static_tracking peer"):
        RL.probe("nat", "vst", planned, mapping, {"traffic": None}, [("vrf_static_tracking", "a", ROUTER["plan"])] * 2)
    with pytest.raises(L.LabError, match="traffic: needs server"):
        RL.probe("nat", "vst", planned, mapping, {"traffic": {"client": "c1"}})
