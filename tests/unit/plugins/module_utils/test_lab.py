# -*- coding: utf-8 -*-
"""The lab library: topology validation (pure) and real namespaces (root only, ~0.1 s per lab)."""
from __future__ import annotations

import os
import threading
import time

import pytest

from ansible_collections.netdesign.resilience.plugins.module_utils.lab import namespace as L
from ansible_collections.netdesign.resilience.plugins.module_utils.lab import flows as F

ROOT = os.geteuid() == 0
needs_root = pytest.mark.skipif(not ROOT, reason="namespaces need root")


def topo(name="ut", **extra):
    base = {
        "name": name,
        "nodes": {
            "r1": {"interfaces": {"eth1": {"addresses": ["10.99.12.1/30"]}, "eth2": {"addresses": ["10.99.9.1/24"]},
                                  "lo": {"addresses": ["192.0.2.1/32"]}}},
            "r2": {"interfaces": {"eth1": {"addresses": ["10.99.12.2/30"]}}},
            "h1": {"interfaces": {"eth0": {"addresses": ["10.99.9.11/24"]}}},
            "h2": {"interfaces": {"eth0": {"addresses": ["10.99.9.12/24"]}}},
        },
        "links": [["r1:eth1", "r2:eth1"], {"name": "lan", "endpoints": ["r1:eth2", "h1:eth0", "h2:eth0"]}],
    }
    base.update(extra)
    return base


def test_parse_topology():
    parsed = L.parse_topology(topo())
    assert sorted(parsed["nodes"]) == ["h1", "h2", "r1", "r2"]
    assert parsed["links"][0] == {"name": "seg0", "endpoints": [["r1", "eth1"], ["r2", "eth1"]], "bridge": False}
    assert parsed["links"][1]["bridge"] is True and parsed["links"][1]["name"] == "lan"
    assert parsed["digest"] == L.parse_topology(topo())["digest"]
    moved = topo()
    moved["nodes"]["r2"]["interfaces"]["eth1"]["addresses"] = ["10.99.12.3/30"]
    assert parsed["digest"] != L.parse_topology(moved)["digest"]


@pytest.mark.parametrize("change, message", [
    ({"name": "Bad-Name"}, "topology.name: must be 1-15 lowercase"),
    ({"name": "a" * 16}, "topology.name"),
    ({"nodes": {}}, "topology.nodes: must be a non-empty mapping"),
    ({"nodes": {"sw": {}}}, "'sw' is not a valid node name"),
    ({"links": [["r1:eth1"]]}, r"topology.links\[0\]: needs a list of at least two"),
    ({"links": [["r1-eth1", "r2:eth1"]]}, r"endpoints\[0\]: expected 'node:interface'"),
    ({"links": [["r9:eth1", "r2:eth1"]]}, "'r9' is not a node of the lab"),
    ({"links": [["r1:lo", "r2:eth1"]]}, "'lo' is not a usable interface name"),
    ({"links": [["r1:eth1", "r2:eth1"], ["r1:eth1", "h1:eth0"]]}, "r1:eth1 is already used"),
    ({"links": [["r1:eth1", "r2:eth1"]]}, "topology.nodes.h1.interfaces.eth0: is on no link"),
])
def test_parse_topology_rejects(change, message):
    with pytest.raises(L.LabError, match=message):
        L.parse_topology(topo(**change))


def test_bad_addresses_rejected():
    bad = topo()
    bad["nodes"]["r2"]["interfaces"]["eth1"]["addresses"] = "10.99.12.2/30"
    with pytest.raises(L.LabError, match="r2.interfaces.eth1.addresses: must be a list"):
        L.parse_topology(bad)


@pytest.fixture
def lab(request):
    """A lab name of its own per test (tests run in parallel), destroyed afterwards."""
    name = "u%d%s" % (os.getpid() % 100000, request.node.name[5:9].replace("_", ""))
    yield name
    L.destroy(name)
    assert L.leftovers(name) == []


@needs_root
def test_lab_lifecycle(lab):
    changed, state = L.create(topo(lab))
    assert changed and sorted(state["nodes"]) == ["h1", "h2", "r1", "r2"]
    assert L.create(topo(lab))[0] is False                                   # idempotent
    assert L.node_exec(lab + "-r1", ["ping", "-c1", "-W1", "10.99.12.2"]).returncode == 0    # veth
    assert L.node_exec(lab + "-h1", ["ping", "-c1", "-W1", "10.99.9.12"]).returncode == 0    # bridge
    assert L.node_exec(lab + "-r1", ["hostname"]).stdout.decode().strip() == "r1"
    L.node_exec(lab + "-h1", ["sh", "-c", "echo mine > /etc/ut-probe"])
    assert L.node_exec(lab + "-h2", ["cat", "/etc/ut-probe"], check=False).returncode != 0   # private /etc
    assert not os.path.exists("/etc/ut-probe")
    links = L.run(["ip", "-j", "link"]).stdout.decode()
    assert lab + "-" not in links and "l1p0" not in links                  # nothing in the host's netns


@needs_root
def test_topology_change_rebuilds(lab):
    L.create(topo(lab))
    smaller = topo(lab, nodes={"r1": {"interfaces": {"eth1": {"addresses": ["10.99.12.1/30"]}}},
                               "r2": {"interfaces": {"eth1": {"addresses": ["10.99.12.2/30"]}}}},
                   links=[["r1:eth1", "r2:eth1"]])
    changed, state = L.create(smaller)
    assert changed and sorted(state["nodes"]) == ["r1", "r2"]
    assert not any(line.startswith(lab + "-h1") for line in L.run(["ip", "netns", "list"]).stdout.decode().splitlines())


@needs_root
def test_failure_injection(lab):
    L.create(topo(lab))
    before = time.time()
    down_at = L.link_set(lab, "r1", "eth1", False)
    assert before <= down_at <= time.time()
    assert L.node_exec(lab + "-r1", ["ping", "-c1", "-W1", "10.99.12.2"], check=False).returncode != 0
    L.link_set(lab, "r1", "eth1", True)
    assert L.node_exec(lab + "-r1", ["ping", "-c1", "-W2", "10.99.12.2"], check=False).returncode == 0
    down_at, up_at = L.link_flap(lab, "r1", "eth1", 0.3)
    assert 0.3 <= up_at - down_at < 2
    L.node_exec(lab + "-r2", ["sh", "-c", "sleep 600 >/dev/null 2>&1 & echo $! > /run/sleep.pid; mkdir -p /run/d; "
                              "echo 1 > /run/d/x.pid; echo kept > /run/d/state"])
    L.node_stop(lab, "r2")
    holder = str(L.holder_pid(lab + "-r2"))
    assert L.run(["ip", "netns", "pids", lab + "-r2"]).stdout.decode().split() == [holder]
    # the pid files are gone with the processes, as a power-off loses them (the rest of /run is left alone)
    assert L.node_exec(lab + "-r2", ["sh", "-c", "ls /run/sleep.pid /run/d/x.pid; cat /run/d/state"],
                       check=False).stdout.decode().strip() == "kept"
    assert L.node_exec(lab + "-r1", ["ping", "-c1", "-W1", "10.99.12.2"], check=False).returncode != 0
    L.node_start(lab, "r2")
    assert L.node_exec(lab + "-r1", ["ping", "-c1", "-W2", "10.99.12.2"], check=False).returncode == 0


@needs_root
def test_a_power_on_sets_the_node_s_own_addresses_and_routes_again(lab):
    """The stop takes the links down administratively: Linux removes the routes over them and flushes their IPv6
    addresses. node_start sets the topology's again, as the node's boot configuration would."""
    nodes = topo()["nodes"]
    nodes["r2"] = {"interfaces": {"eth1": {"addresses": ["10.99.12.2/30", "2001:db8:12::2/64"]}},
                   "routes": [{"to": "10.99.9.0/24", "via": "10.99.12.1"}]}
    L.create(topo(lab, nodes=nodes))
    r2 = lab + "-r2"

    def shown():
        return (L.node_exec(r2, ["ip", "-o", "addr", "show", "dev", "eth1"]).stdout.decode().count("2001:db8:12::2"),
                L.node_exec(r2, ["ip", "-4", "route", "show", "10.99.9.0/24"]).stdout.decode().strip())
    assert shown() == (1, "10.99.9.0/24 via 10.99.12.1 dev eth1")
    L.node_stop(lab, "r2")
    assert shown() == (0, "")
    L.node_start(lab, "r2")
    assert shown() == (1, "10.99.9.0/24 via 10.99.12.1 dev eth1")
    L.node_start(lab, "r2")       # nothing gone: the same again
    assert shown() == (1, "10.99.9.0/24 via 10.99.12.1 dev eth1")


@needs_root
def test_interface_names_that_look_like_ip_keywords(lab):
    tiny = {"name": lab, "nodes": {"r1": {"interfaces": {"a": {"addresses": ["10.99.13.1/30"]}}},
                                   "r2": {"interfaces": {"up": {"addresses": ["10.99.13.2/30"]}}}},
            "links": [["r1:a", "r2:up"]]}
    L.create(tiny)
    L.link_set(lab, "r1", "a", False)
    L.link_set(lab, "r1", "a", True)
    assert L.node_exec(lab + "-r2", ["ping", "-c1", "-W2", "10.99.13.1"], check=False).returncode == 0


@needs_root
def test_watch_reports_when_a_condition_appears_or_not(lab):
    L.create(topo(lab))
    addr = ["ip", "-4", "-o", "addr", "show", "dev", "eth1"]
    seen = F.watch(lab, "r1", addr, "10.99.12.1/", timeout=2)
    assert seen["met"] and seen["polls"] == 1 and "10.99.12.1/30" in seen["output"]
    start = time.time()
    L.node_exec(lab + "-r1", ["sh", "-c", "(sleep 0.5; ip addr add 10.99.77.1/32 dev eth1) >/dev/null 2>&1 &"])
    seen = F.watch(lab, "r1", addr, "10.99.77.1/", timeout=5, interval=0.02)
    assert seen["met"] and 0.4 < seen["at"] - start < 3 and seen["polls"] > 3
    gone = F.watch(lab, "r1", addr, "10.99.12.1/", present=False, timeout=0.3)
    assert not gone["met"] and gone["at"] - start >= 0.3


@needs_root
def test_failed_create_leaves_nothing(lab):
    bad = topo(lab)
    bad["nodes"]["h2"]["interfaces"]["eth0"]["addresses"] = ["10.99.9.300/24"]
    with pytest.raises(L.LabError, match="address add 10.99.9.300/24"):
        L.create(bad)
    assert L.leftovers(lab) == []


@needs_root
def test_destroy_after_crash_mid_create(lab):
    """A namespace recorded but never finished (the process died) is still removed."""
    L._record(lab, lab + "-ghost")  # pylint: disable=protected-access
    L.run(["ip", "netns", "add", lab + "-ghost"])
    assert L.destroy(lab) is True
    assert L.leftovers(lab) == []


def test_node_command_needs_running_node():
    with pytest.raises(L.LabError, match="lab node nope-x is not running"):
        L.node_command("nope-x", ["true"])
    with pytest.raises(L.LabError, match="lab name 'Bad' is not valid"):
        L.destroy("Bad")


@needs_root
def test_traffic_tcp_udp_multicast(lab):
    L.create(topo(lab))
    tcp = F.traffic(lab, "r2", "r1", "10.99.12.1", proto="tcp", port=5101, count=2)
    assert tcp["sent"] == 2 and [r["from"] for r in tcp["received"]] == ["10.99.12.2"] * 2
    assert [r["payload"] for r in tcp["received"]] == ["probe 0", "probe 1"]
    udp = F.traffic(lab, "h1", "h2", "10.99.9.12", proto="udp", port=5102, count=3)          # over the bridge
    assert udp["sent"] == 3 and {r["from"] for r in udp["received"]} == {"10.99.9.11"}
    mcast = F.traffic(lab, "h1", "h2", "239.1.2.3", source="10.99.9.11", listen="10.99.9.12", port=5103, ttl=1)
    assert len(mcast["received"]) == 3 and mcast["received"][0]["from"] == "10.99.9.11"
    lost = F.traffic(lab, "h1", "r2", "10.99.12.2", proto="udp", port=5104, count=2, timeout=1)  # no route
    assert lost["received"] == []


@pytest.mark.parametrize("kwargs, message", [
    ({"proto": "sctp"}, "proto must be tcp or udp"),
    ({"destination": "r2"}, "destination 'r2' is not an IP address"),
    ({"destination": "239.1.1.1", "proto": "tcp"}, "multicast needs proto udp"),
])
def test_traffic_rejects(kwargs, message):
    args = dict(lab="x", sender="a", receiver="b", destination="10.0.0.1")
    args.update(kwargs)
    with pytest.raises(L.LabError, match=message):
        F.traffic(**args)


@needs_root
def test_missing_features_probe():
    assert L.missing_features(["veth", "bridge"]) == []
    with pytest.raises(L.LabError, match="unknown kernel feature"):
        L.missing_features(["warp"])
    assert set(L.missing_features(["bond", "vrf"])) <= {"bond", "vrf"}


@pytest.mark.parametrize("routes, sysctls, message", [
    ([{"to": "10.0.0.0/8"}], None, r"routes\[0\]: needs 'to' and 'via' or 'dev'"),
    ([{"to": "10.0.0.0/33", "via": "10.0.0.1"}], None, r"routes\[0\]: .*10.0.0.0/33"),
    ("default via x", None, "routes: must be a list"),
    (None, {"kernel.panic": 1}, "sysctls: 'kernel.panic' is not a net"),
    (None, ["net.ipv4.ip_forward"], "sysctls: must be a mapping"),
])
def test_node_routes_and_sysctls_are_checked(routes, sysctls, message):
    bad = topo()
    bad["nodes"]["h1"]["routes"] = routes
    bad["nodes"]["h1"]["sysctls"] = sysctls
    with pytest.raises(L.LabError, match="topology.nodes.h1." + message):
        L.parse_topology(bad)


@needs_root
def test_session_survives_a_short_outage_and_reports_it(lab):
    L.create(topo(lab))
    flap = threading.Timer(1.0, L.link_flap, args=(lab, "r2", "eth1", 1.0))
    flap.start()
    held = F.session(lab, "r2", "r1", "10.99.12.1", port=5105, seconds=4, interval=0.05)
    flap.join()
    assert held["error"] is None and held["echoed"] == held["sent"] > 20
    assert held["max_gap"] >= 0.9 and held["from"] == "10.99.12.2"
    pushed = F.session(lab, "r2", "r1", "10.99.12.1", port=5107, seconds=1.5, interval=0.05, talker="server")
    assert pushed["error"] is None and pushed["echoed"] == pushed["sent"] > 10 and pushed["from"] == "10.99.12.2"
    with pytest.raises(L.LabError, match="talker must be client or server"):
        F.session(lab, "r2", "r1", "10.99.12.1", talker="both")
    # a peer that stops answering for good breaks the session within the per-echo wait
    stop = threading.Timer(0.5, L.node_stop, args=(lab, "r1"))
    stop.start()
    broken = F.session(lab, "r2", "r1", "10.99.12.1", port=5106, seconds=3, interval=0.05, wait=1.5)
    stop.join()
    assert broken["error"] and broken["echoed"] < broken["sent"] + 1
