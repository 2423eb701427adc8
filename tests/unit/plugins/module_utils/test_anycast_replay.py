# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The replay of anycast_rp's failure matrix (issue #19): its check, its lab probe's parser, and a replay on a fake
network of four routers whose routes to the RP address follow the IGP's timers."""
from __future__ import annotations

import json
import os

import pytest
import yaml

from ansible_collections.netdesign.resilience.plugins.module_utils.core import design as D
from ansible_collections.netdesign.resilience.plugins.module_utils.designs.anycast_rp import replay as P
from ansible_collections.netdesign.resilience.plugins.module_utils.matrix import predict as FM
from ansible_collections.netdesign.resilience.plugins.module_utils.matrix import replay as R
from ansible_collections.netdesign.resilience.plugins.module_utils.matrix import replay_lab as RL
from ansible_collections.netdesign.resilience.plugins.module_utils.matrix import replay_lab_rp as RP

from example_inventory import example_intent

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
ROUTERS = ("c1", "c2", "d1", "d2")
V6 = {"c1": "2001:db8:afe:fe00::/120", "c2": "2001:db8:afe:fe00::/119"}
V4 = {"c1": "10.255.0.0/25", "c2": "10.255.0.0/24"}


def twin_intent():
    """The example's intent with the Molecule scenario's Linux twin (extensions/molecule/anycast_rp/vars/twin.yml)."""
    with open(os.path.join(ROOT, "extensions", "molecule", "anycast_rp", "vars", "twin.yml")) as handle:
        twin = yaml.safe_load(handle)
    return dict(example_intent("anycast_rp"), **{k[len("anycast_rp_"):]: v for k, v in twin.items()})


def rows(intent=None):
    return {r["id"].rsplit("/", 1)[1]: r for r in FM.for_intent("anycast_rp", intent or twin_intent(), ["c1", "c2"])["rows"]}


def ip_routes(router, live, family="ipv6"):
    """What ``ip -j route show match <RP address>`` prints at ``router`` when the loopbacks of ``live`` are up (the
    shape iproute2 prints: the own loopback's connected route, OSPF's routes via a link-local or a neighbour)."""
    prefixes = V6 if family == "ipv6" else V4
    out = []
    for owner in live:
        if owner == router:
            out.append({"dst": prefixes[owner], "dev": "rp0", "protocol": "kernel", "metric": 256, "flags": []})
        else:
            out.append({"dst": prefixes[owner], "gateway": "fe80::1" if family == "ipv6" else "10.0.1.1",
                        "dev": "toc1", "protocol": "ospf", "metric": 20, "flags": []})
    return out


def test_the_probe_parses_the_kernel_s_routes():
    assert RP.rp_prefixes(json.dumps(ip_routes("d1", ["c2", "c1"]))) == [V6["c1"], V6["c2"]]   # longest first
    odd = [{"dst": "default", "gateway": "fe80::1", "dev": "toc1"},                   # matches every address
           {"dst": "2001:db8:afe:fe00::1", "gateway": "fe80::1", "dev": "toc1"},       # a host route: /128
           {"dst": "2001:db8:afe:fe00::/118", "type": "blackhole"},                    # carries nothing
           {"dst": "2001:db8:afe:fe00::/117", "dev": "toc2", "flags": ["linkdown"]},   # kept by the kernel, dead
           {"dst": "2001:db8:afe:fe00::/116",
            "nexthops": [{"gateway": "fe80::1", "dev": "toc1"}, {"gateway": "fe80::2", "dev": "toc2"}]},
           {"dst": "not an address", "dev": "x"}, "junk"]
    assert RP.rp_prefixes(json.dumps(odd)) == ["2001:db8:afe:fe00::1/128", "2001:db8:afe:fe00::/116"]
    assert RP.rp_prefixes("") == [] and RP.rp_prefixes("Error: any valid prefix is expected") == []
    assert RP.rp_prefixes("{}") == []


def test_the_probe_reads_every_router_once_per_round(monkeypatch):
    asked = []

    def node_run(_lab, node, argv):
        asked.append((node, tuple(argv[-2:])))
        live = ["c2"] if node != "c1" else ["c2"]        # c1's loopback is down: everyone has c2's prefix only
        host = [{"dst": "10.255.0.1", "gateway": "10.0.1.1", "dev": "toc1"}] if node == "d2" else []
        host.append({"dst": "10.0.0.0/8", "gateway": "10.0.1.1", "dev": "toc1"})   # a summary: shorter than /24
        return 0, "==> ipv6 <==\n%s\n==> ipv4 <==\n%s\n" % (json.dumps(ip_routes(node, live)),
                                                            json.dumps(ip_routes(node, live, "ipv4") + host))

    monkeypatch.setattr(RL, "node_run", node_run)
    plan = D.plan("anycast_rp", twin_intent())
    mapping = R.check_mapping({"nodes": {r: {"node": r} for r in ROUTERS}}, [])
    obs = RL.probe("rp", "anycast", [("c1", plan)], mapping, {})(["rp_routes"])
    assert sorted(asked) == [(r, ("2001:db8:afe:fe00::1", "10.255.0.1")) for r in ROUTERS]
    assert obs["rp_routers"] == ["c1", "c2"]
    assert obs["rp_routes"]["c1"] == {"ipv6": ["c2"], "ipv4": ["c2"]}
    assert obs["rp_routes"]["d2"]["ipv4"] == ["10.255.0.1/32", "c2"]       # a host route is named by its prefix
    assert obs["rp_routes"]["d1"]["ipv4"] == ["c2"]                        # a summary says nothing: left out
    monkeypatch.setattr(RL, "node_run", lambda _lab, node, _argv: (1, "Cannot open network namespace"))
    with pytest.raises(Exception, match="reading the routes to the RP address in c1 failed"):
        RL.probe("rp", "anycast", [("c1", plan)], mapping, {})(["rp_routes"])   # a failed read is no "no route"
    with pytest.raises(Exception, match="no lab node for d1, d2"):
        two = {"nodes": {"c1": {"node": "c1"}, "c2": {"node": "c2"}}}
        RL.probe("rp", "anycast", [("c1", plan)], R.check_mapping(two, []), {})
    with pytest.raises(R.ReplayError, match="one plan"):
        RL.probe("rp", "anycast", [("c1", plan), ("c2", plan)], mapping, {})


def observed(live, odd=None):
    """The probe's observation when the loopbacks of ``live`` are up everywhere; ``odd``: {router: list} instead."""
    seen = {r: {"ipv6": [o for o in ("c1", "c2") if o in live], "ipv4": [o for o in ("c1", "c2") if o in live]}
            for r in ROUTERS}
    for router, wrong in (odd or {}).items():
        seen[router]["ipv6"] = wrong
    return {"rp_routers": ["c1", "c2"], "rp_routes": seen}


def test_the_check_judges_the_failure_the_return_and_the_invariants():
    row = rows()["loopback-c1"]
    check = P.Arbitration(row)
    assert check.replayable(row) and check.can_check("single-rp") and not check.can_check("returns")
    predicted, normal = row["predicted"], row["repair"]["predicted"]
    assert check.state(predicted, observed(["c2"]))[0]
    held, text = check.state(predicted, observed(["c1", "c2"]))          # before the IGP moved: not yet
    assert not held and "d1 ipv6 to c1" in text
    assert not check.state(predicted, observed(["c2"], {"d2": ["c2", "c1"]}))[0]   # c1's still at d2
    assert check.state(normal, observed(["c1", "c2"]))[0]
    held, text = check.state(normal, observed(["c1", "c2"], {"d1": ["c1"]}))  # c2's prefix not back at d1
    assert not held and "d1 ipv6 lacks c2's prefix" in text
    # the row where the secondary fails: c1 keeps the RP, c2's prefix leaves every table
    other = P.Arbitration(rows()["loopback-c2"])
    assert not other.state(rows()["loopback-c2"]["predicted"], observed(["c1", "c2"]))[0]
    assert other.state(rows()["loopback-c2"]["predicted"], observed(["c1"]))[0]
    # a host route breaks the arbitration at every poll; two holders count once a phase has settled
    host_route = observed(["c1", "c2"], {"d1": ["2001:db8:afe:fe00::1/128", "c1"]})
    held, text = check.invariant("longest-prefix-wins", host_route, False, "failure")
    assert not held and "d1 ipv6 2001:db8:afe:fe00::1/128" in text
    assert check.invariant("longest-prefix-wins", observed(["c1", "c2"]), False, "failure")[0]
    split = observed(["c1", "c2"], {"d2": ["c2"]})
    assert check.invariant("single-rp", split, False, "failure") is None
    held, text = check.invariant("single-rp", split, True, "failure")
    assert not held and text == "RP address routed to c1 and c2"
    assert check.invariant("single-rp", observed(["c2"]), True, "failure")[0]


def test_host_routes_leave_nothing_to_replay():
    intent = dict(twin_intent(), igp={"protocol": "ospfv3", "loopback_network_type": "loopback"})
    row = list(rows(intent).values())[0]
    assert not P.Arbitration.replayable(row) and "host route" in P.Arbitration.why_not(row)


class FakeOspf:
    """Four routers whose routes to the RP address follow a loopback ``delay`` s after it goes down or up."""

    def __init__(self, delay):
        self.now, self.delay, self.changes, self.actions = 0.0, delay, [], []

    def inject(self, action):
        self.actions.append((action["action"], action["node"], action.get("interface")))
        self.changes.append((self.now + self.delay, action["node"], action["action"] == "link_up"))
        return self.now

    def probe(self, _keys):
        self.now += 0.3
        live = {"c1", "c2"}
        for when, router, up in self.changes:
            if when <= self.now:
                (live.add if up else live.discard)(router)
        return observed(sorted(live))

    def sleep(self, seconds):
        self.now += seconds


MAPPING = {"nodes": {"c1": {"node": "c1", "interfaces": {"rp0": "rp0"}}, "c2": {"node": "c2", "interfaces": {"rp0": "rp0"}},
                     "d1": {"node": "d1"}, "d2": {"node": "d2"}}}


def test_every_row_replays_on_a_network_that_keeps_the_timers():
    lab = FakeOspf(delay=2.0)
    replayer = R.Replayer(lab.probe, lab.inject, clock=lambda: lab.now, sleep=lab.sleep, margin=1.0)
    records = replayer.replay(list(rows().values()), MAPPING)
    assert [r["status"] for r in records] == ["passed"] * 2, records
    assert all(2.0 <= r["switch_seconds"] <= 3.0 and 2.0 <= r["return_seconds"] <= 3.0 for r in records), records
    assert [r["id"] for r in records[0]["invariants"]] == ["single-rp", "longest-prefix-wins"]
    assert records[0]["invariants"][0]["detail"] == "held at all 2 polls (judged once each phase had settled)"
    assert ("link_down", "c1", "rp0") in lab.actions and ("link_up", "c2", "rp0") in lab.actions


def test_an_igp_slower_than_its_bound_fails_the_row():
    lab = FakeOspf(delay=9.0)
    replayer = R.Replayer(lab.probe, lab.inject, clock=lambda: lab.now, sleep=lab.sleep, margin=1.0)
    record = replayer.replay([rows()["loopback-c1"]], MAPPING)[0]
    assert record["status"] == "failed" and "bound" in record["why"], record


def test_the_soak_replays_and_flaps_the_rows_on_that_network():
    from ansible_collections.netdesign.resilience.plugins.module_utils.matrix import soak as S
    lab = FakeOspf(delay=2.0)
    replayer = R.Replayer(lab.probe, lab.inject, clock=lambda: lab.now, sleep=lab.sleep, margin=1.0)
    result = S.Soak(replayer, list(rows().values()), MAPPING, S.options({"sequences": 2, "flaps": 3, "seed": 5})).run()
    assert result["summary"]["rows"] == {"passed": 4, "failed": 0, "skipped": 0}, result["summary"]
    assert result["summary"]["flaps"]["failed"] == 0 and result["summary"]["invariant_violations"] == 0
