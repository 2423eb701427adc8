# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The replay of sixto4_bgp's failure matrix (issue #19): its check, its lab probe's parsers, and a replay on a
fake network of three sites whose sessions follow BGP's timers."""
from __future__ import annotations

import json

import pytest

from ansible_collections.netdesign.resilience.plugins.module_utils.core import design as D
from ansible_collections.netdesign.resilience.plugins.module_utils.designs.sixto4_bgp import replay as B
from ansible_collections.netdesign.resilience.plugins.module_utils.matrix import predict as FM
from ansible_collections.netdesign.resilience.plugins.module_utils.matrix import replay as R
from ansible_collections.netdesign.resilience.plugins.module_utils.matrix import replay_lab as RL

from example_inventory import example_intent

SITES = ("ace1", "ace2", "ace3")
ADDRESS = {"ace1": "2002:a01:102::", "ace2": "2002:a01:106::", "ace3": "2002:a01:10a::"}
# the shape of FRR's `show bgp ipv6 unicast summary json` (8.4 and 10.3: one family asked, its summary unwrapped,
# peers.<address>.state; the role's verify reads the same), cut to the keys read; a peer FRR has not connected yet
# shows "Active" or "Connect"
SUMMARY = {"routerId": "10.1.1.2", "as": 65100, "peers": {
    "2002:a01:106::": {"remoteAs": 65100, "state": "Established", "pfxRcd": 4, "peerState": "OK"},
    "2002:a01:10a::": {"remoteAs": 65100, "state": "Active", "pfxRcd": 0, "peerState": "OK"}}}
# `ip -j -6 route show proto bgp` at ace1 (the shape iproute2 prints; FRR's next hop ::a01:106, IPv4-compatible)
ROUTES = [{"dst": "2001:db8:a64:%s00::/64" % n, "gateway": "::a01:106", "dev": "Tunnel2002", "protocol": "bgp",
           "metric": 20, "flags": ["onlink"]} for n in ("68", "69", "6a", "6b")]


def rows():
    intent = example_intent("sixto4_bgp")
    return {r["id"].rsplit("/", 1)[1]: r for r in FM.for_intent("sixto4_bgp", intent, list(SITES))["rows"]}


def test_the_probe_parses_frr_and_the_kernel():
    assert RL.bgp_established(json.dumps(SUMMARY)) == {"2002:a01:106::"}
    assert RL.bgp_established("% BGP instance not found\n") == set() and RL.bgp_established("") == set()
    assert RL.bgp_established("[]") == set()
    assert RL.bgp_routed(json.dumps(ROUTES)) == {"2001:db8:a64:6800::/64", "2001:db8:a64:6900::/64",
                                                 "2001:db8:a64:6a00::/64", "2001:db8:a64:6b00::/64"}
    assert RL.bgp_routed("not json") == set() and RL.bgp_routed("{}") == set()
    odd = [{"dst": "default", "gateway": "::a01:102", "protocol": "bgp"},          # a default route: ::/0
           {"dst": "2001:db8:1::/64", "type": "blackhole", "protocol": "bgp"},     # no next hop: not routed
           {"dst": "2001:db8:2::/64", "dev": "Tunnel2002", "protocol": "bgp"},
           {"dst": "2001:db8:3::/64", "nexthops": [{"gateway": "::a01:106"}, {"gateway": "::a01:10a"}]}, "junk"]
    assert RL.bgp_routed(json.dumps(odd)) == {"::/0", "2001:db8:3::/64"}
    assert RL.bgp_established(json.dumps({"peers": {"2002:a01:106::": "Established"}})) == set()
    assert RL.bgp_established(json.dumps({"peers": []})) == set()


def test_the_probe_reads_each_site_once_per_round_and_a_session_needs_both_ends(monkeypatch):
    asked = []

    def node_run(_lab, node, argv):
        asked.append(node)
        peers = {"ace1": {"ace2": "Established", "ace3": "Established"}, "ace2": {"ace1": "Established"},
                 "ace3": {"ace1": "Active"}}[node]
        summary = {"peers": {ADDRESS[p]: {"state": s} for p, s in peers.items()}}
        routes = ROUTES if node == "ace1" else []
        return 0, "==> sessions <==\n%s\n==> routes <==\n%s\n" % (json.dumps(summary), json.dumps(routes))

    monkeypatch.setattr(RL, "node_run", node_run)
    plan = D.plan("sixto4_bgp", example_intent("sixto4_bgp"))
    mapping = R.check_mapping({"nodes": {s: {"node": s} for s in SITES}}, [])
    obs = RL.probe("bgp", "sixto4", [("ace1", plan)], mapping, {})(["sessions", "reach"])
    assert sorted(asked) == ["ace1", "ace2", "ace3"]   # one read per site and round, side by side
    # ace1 shows ace3 Established only in the fake's ace1 view; ace3 does not: half a session is down
    assert obs["sessions"] == {"ace1-ace2": True, "ace1-ace3": False}
    assert obs["reach"] == {"ace1": {"ace2": 4}, "ace2": {}, "ace3": {}}
    assert obs["networks"] == {"ace1": 4, "ace2": 4, "ace3": 4}
    with pytest.raises(Exception, match="no lab node for ace3"):
        RL.probe("bgp", "sixto4", [("ace1", plan)], R.check_mapping({"nodes": {"ace1": {"node": "a"},
                                                                               "ace2": {"node": "b"}}}, []), {})
    with pytest.raises(R.ReplayError, match="one plan"):
        RL.probe("bgp", "sixto4", [("ace1", plan), ("ace2", plan)], mapping, {})


def observed(down=(), withdrawn=(), cut=()):
    """What the probe would read: the sessions in ``down`` down, the sites in ``withdrawn`` routed by nobody (and
    routing nothing), each pair in ``cut`` without each other's routes."""
    reach = {s: {o: 4 for o in SITES if o != s and o not in withdrawn and s not in withdrawn
                 and (s, o) not in cut and (o, s) not in cut} for s in SITES}
    return {"sessions": {p: p not in down for p in ("ace1-ace2", "ace1-ace3")}, "reach": reach,
            "networks": {s: 4 for s in SITES}}


def test_the_check_judges_the_failure_the_return_and_the_invariants():
    row = rows()["site-ace2"]
    check = B.Sessions(row)
    assert check.replayable(row) and check.can_check("others-keep-routes") and not check.can_check("one-master")
    predicted, normal = row["predicted"], row["repair"]["predicted"]
    assert check.state(predicted, observed(["ace1-ace2"], ["ace2"]))[0]
    held, text = check.state(predicted, observed())               # before the hold timer: not yet
    assert not held and "ace2 at ace1" in text
    assert not check.state(predicted, observed(["ace1-ace2", "ace1-ace3"], ["ace2"]))[0]   # one session too many
    assert check.state(normal, observed())[0] and not check.state(normal, observed(cut=[("ace1", "ace3")]))[0]
    # ace1 and ace3 keep each other's routes through ace2's failure; losing them breaks the invariant
    assert check.invariant("others-keep-routes", observed(["ace1-ace2"], ["ace2"]), False, "failure")[0]
    held, text = check.invariant("others-keep-routes", observed(cut=[("ace1", "ace3")]), False, "failure")
    assert not held and "ace1 lacks ace3's" in text
    assert check.invariant("returns", observed(["ace1-ace2"]), False, "repair") is None
    assert check.invariant("returns", observed(["ace1-ace2"]), True, "repair")[0] is False
    assert check.invariant("returns", observed(), True, "repair")[0] is True


def test_the_route_reflector_s_clients_may_lose_each_other():
    row = rows()["route-reflector-ace1"]
    check = B.Sessions(row)
    # ace2 and ace3 are left with no route (reflected by ace1 only): predicted, not an invariant broken
    state = observed(["ace1-ace2", "ace1-ace3"], ["ace1"], cut=[("ace2", "ace3")])
    assert check.state(row["predicted"], state)[0]
    # no two sites are left to keep routes: the invariant says nothing, and the record leaves it out
    assert check.invariant("others-keep-routes", state, True, "failure") is None
    invariants = R.Invariants(row, check)
    invariants.see(state, "failure", 15.0)
    invariants.see(observed(), "repair", 5.0, final=True)
    assert [r["id"] for r in invariants.records()] == ["returns"]


def test_a_blackhole_row_is_not_replayed():
    intent = example_intent("sixto4_bgp")
    intent["timers"] = {"keepalive": 0, "holdtime": 0}
    row = FM.for_intent("sixto4_bgp", intent, list(SITES))["rows"][0]
    assert not B.Sessions.replayable(row) and "blackhole" in B.Sessions.why_not(row)


class FakeBgp:
    """Three sites whose sessions follow BGP: a session ends ``hold`` s after its link goes down (or the node stops),
    comes back ``retry`` s after the repair; a site's networks are routed where a session path reaches them."""

    def __init__(self, hold, retry):
        self.now, self.hold, self.retry = 0.0, hold, retry
        self.down_at, self.up_at, self.actions = {}, {}, []

    def inject(self, action):
        self.actions.append((action["action"], action["node"], action.get("interface")))
        site = {"e1": "ace1", "e2": "ace2", "e3": "ace3"}.get(action.get("interface"), action["node"])
        if action["action"] in ("link_down", "node_stop"):
            self.down_at[site] = self.now
        else:
            self.up_at[site] = self.now
        return self.now

    def _failed(self, site):
        if site in self.up_at and self.now - self.up_at[site] >= self.retry:   # back: the next connect succeeded
            del self.up_at[site], self.down_at[site]
        return site in self.down_at and self.now - self.down_at[site] >= self.hold

    def probe(self, _keys):
        self.now += 0.2
        down = [s for s in SITES if self._failed(s)]
        sessions = {"ace1-ace2": not {"ace1", "ace2"} & set(down), "ace1-ace3": not {"ace1", "ace3"} & set(down)}
        reach = {}
        for site in SITES:
            reach[site] = {}
            for other in (o for o in SITES if o != site):
                path = sessions["%s-%s" % tuple(sorted((site, other)))] if "ace1" in (site, other) else \
                    sessions["ace1-%s" % site] and sessions["ace1-%s" % other]
                if path:
                    reach[site][other] = 4
        return {"sessions": sessions, "reach": reach, "networks": {s: 4 for s in SITES}}

    def sleep(self, seconds):
        self.now += seconds


MAPPING = {"nodes": {"ace1": {"node": "ace1", "interfaces": {"Serial1/0": {"node": "core", "interface": "e1"}}},
                     "ace2": {"node": "ace2", "interfaces": {"Serial1/0": {"node": "core", "interface": "e2"}}},
                     "ace3": {"node": "ace3", "interfaces": {"Serial1/0": {"node": "core", "interface": "e3"}}}}}


def test_every_row_of_the_example_replays_on_a_network_that_keeps_the_timers():
    lab = FakeBgp(hold=14.0, retry=4.5)
    replayer = R.Replayer(lab.probe, lab.inject, clock=lambda: lab.now, sleep=lab.sleep, margin=1.0)
    records = replayer.replay(list(rows().values()), MAPPING)
    assert [r["status"] for r in records] == ["passed"] * 4, records
    assert all(14.0 <= r["switch_seconds"] <= 15.0 and r["return_seconds"] <= 5.0 for r in records), records
    assert ("link_down", "core", "e2") in lab.actions and ("node_stop", "ace1", None) in lab.actions


def test_a_network_slower_than_its_hold_time_fails_the_row():
    lab = FakeBgp(hold=20.0, retry=4.5)
    replayer = R.Replayer(lab.probe, lab.inject, clock=lambda: lab.now, sleep=lab.sleep, margin=1.0)
    record = replayer.replay([rows()["site-ace3"]], MAPPING)[0]
    assert record["status"] == "failed" and "bound" in record["why"], record


def test_a_power_on_is_timed_from_its_links_coming_up(monkeypatch):
    clock, calls = [100.0], []

    def node_run(_lab, node, argv):
        calls.append(("run", node, argv[0]))
        clock[0] += 7.0          # a boot in the emulated VM: ifupdown2, FRR
        return 0, ""

    def lab(name, *args):
        calls.append((name,) + args)
        clock[0] += 0.5
    monkeypatch.setattr(RL, "node_run", node_run)
    monkeypatch.setattr(RL.A, "lab", lab)
    monkeypatch.setattr(RL.time, "time", lambda: clock[0])
    start = [["ifup", "Tunnel2002"], ["frrinit.sh", "start"]]
    at = RL.inject("sixto4", {"action": "node_start", "node": "ace1", "start": start})
    assert at == 114.0 and calls[-1] == ("node_start", "sixto4", "ace1")
    assert RL.inject("sixto4", {"action": "link_down", "node": "core", "interface": "e1"}) == 114.5
