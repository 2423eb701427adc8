# -*- coding: utf-8 -*-
"""Linux/FRR routes read back (linux_show) in ios_show's row shape, so tracked_path reads both platforms: real output
of iproute2 and FRR (golden/linux/README.md says how it was captured), and live output in a lab node on this
machine's FRR 8.4 and on the debian13 image's FRR 10.3."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.linux import frr as FRR
from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import show as ios_show
from ansible_collections.netdesign.resilience.plugins.module_utils.lab import namespace as L
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.linux import show as linux_show

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
GOLDEN = os.path.join(os.path.dirname(__file__), "golden", "linux")
needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="namespaces need root")

# one route of a vrf_static_tracking plan: active via .3 (keepalived's kernel route), floating via .2 at 254
PLAN = {"routes": [
    {"vrf": "v", "prefix": "10.0.0.0/8", "next_hop": "192.0.2.3", "path": "active", "distance": None},
    {"vrf": "v", "prefix": "10.0.0.0/8", "next_hop": "192.0.2.2", "path": "standby", "distance": 254}]}


def golden(name):
    with open(os.path.join(GOLDEN, name)) as handle:
        return handle.read()


def test_ip_route_rows_in_the_shape_of_ios_show():
    rows = linux_show.parse("\n" + golden("ip_route.json"), "ip_route")
    by_prefix = {}
    for row in rows:
        by_prefix.setdefault(row["prefix"], []).append(row)
    assert by_prefix["0.0.0.0/0"] == [{"prefix": "0.0.0.0/0", "code": "boot", "distance": None, "metric": 0,
                                       "next_hop": "192.0.2.2", "device": "e1"}]
    assert by_prefix["10.0.0.0/8"][0]["code"] == "keepalived"       # protocol 18, as keepalived adds its routes
    assert [r["next_hop"] for r in by_prefix["198.51.100.0/24"]] == ["192.0.2.2", "192.0.2.3"]  # multipath
    assert by_prefix["192.0.2.0/29"][0]["next_hop"] is None            # connected
    assert set(rows[0]) - {"device"} <= set(ios_show.parse_show_ip_route(
        "S*    0.0.0.0/0 [1/0] via 192.0.2.2")[0])                     # ios_show's keys


def test_frr_rows_hold_the_floating_route_behind_the_kernel_one():
    rows = [r for r in linux_show.parse(golden("frr_show_ip_route.json"), "frr_route") if r["prefix"] == "10.0.0.0/8"]
    assert [(r["code"], r["distance"], r["next_hop"], r["selected"]) for r in rows] == [
        ("kernel", 0, "192.0.2.3", True), ("static", 254, "192.0.2.2", False)]


def test_tracked_path_reads_linux_rows_as_it_reads_ios_rows():
    frr = {"v": linux_show.parse(golden("frr_show_ip_route.json"), "frr_route")}
    assert ios_show.tracked_path(PLAN, frr)["path"] == "active"
    # the floating route alone, at the plan's distance: on the standby path, so it is there
    assert ios_show.tracked_path(PLAN, frr, distance=254)["path"] == "standby"
    assert ios_show.tracked_path(PLAN, frr, distance=1)["path"] == "missing"
    kernel = {"v": linux_show.parse(golden("ip_route.json"), "ip_route")}
    assert ios_show.tracked_path(PLAN, kernel)["path"] == "active"
    # a second route on its floating hop while the first is active: the hybrid the design forbids
    plan = {"routes": PLAN["routes"] + [
        {"vrf": "v", "prefix": "0.0.0.0/0", "next_hop": "192.0.2.5", "path": "active", "distance": None},
        {"vrf": "v", "prefix": "0.0.0.0/0", "next_hop": "192.0.2.2", "path": "standby", "distance": 254}]}
    assert ios_show.tracked_path(plan, kernel)["path"] == "hybrid"


@pytest.mark.parametrize("kind, text", [("ip_route", "Error: ipv4: FIB table does not exist."), ("frr_route", "")])
def test_output_that_is_not_the_json_is_refused_by_name(kind, text):
    with pytest.raises(I.IntentError, match="^%s: is not the JSON" % kind):
        linux_show.parse(text, kind)
    with pytest.raises(I.IntentError, match="kind: must be one of ip_route, frr_route, got 'show'"):
        linux_show.parse("[]", "show")


@needs_root
@pytest.mark.parametrize("image", [None, "debian13"])
def test_live_frr_and_kernel_routes_through_a_failover(image):
    """FRR with a floating static route (8.4 on this machine, 10.3 on the image) and a keepalived-style kernel route
    in front of it: active; the kernel route gone (what keepalived does when a track fails): FRR's floating route
    goes into the kernel and both readings say standby."""
    if image:  # built once (about 30 s, from Debian's packages), then reused
        built = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "lab_image.py"), image],
                               capture_output=True, text=True, check=False)
        assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    name = "uls%s" % ("i" if image else "h")
    topo = {"name": name, "links": [["a:e1", "b:e1"]], "nodes": {
        "a": dict({"interfaces": {"e1": {"addresses": ["192.0.2.1/29"]}}}, **({"image": image} if image else {})),
        "b": {"interfaces": {"e1": {"addresses": ["192.0.2.2/29"]}}}}}
    _changed, _state = L.create(topo)
    node = L.netns_name(name, "a")
    plan = {"routes": [dict(r, vrf="default") for r in PLAN["routes"]]}
    try:
        L.node_exec(node, ["sh", "-c", "sed -i 's/^staticd=no/staticd=yes/' /etc/frr/daemons && cat > /etc/frr/frr.conf"
                           " && /usr/lib/frr/frrinit.sh start </dev/null >/dev/null 2>&1"],
                    input_data=b"ip route 10.0.0.0/8 192.0.2.2 254\n", timeout=120)
        L.node_exec(node, ["ip", "route", "add", "10.0.0.0/8", "via", "192.0.2.3", "proto", "18"])
        # the node's watchfrr runs with the lab's restart timeout (lab/image.py FRR_LAB_OPTIONS: the VM's slow starts)
        pids = L.run(["ip", "netns", "pids", node]).stdout.decode().split()
        args = L.run(["ps", "-o", "args=", "-p", ",".join(pids)]).stdout.decode()
        assert [a for a in args.splitlines() if "watchfrr" in a and "--restart-timeout 120" in a], args

        def run(argv):
            done = L.node_exec(node, argv, check=False)
            return done.returncode, done.stdout.decode(), done.stderr.decode()

        # staticd is mgmtd's backend on FRR 10.3 (frr_config's check passes), FRR 8.4 has no mgmtd (nothing to check)
        FRR.check_backends(run, ["staticd"], lambda _s: None)
        listed = FRR.mgmtd_backends(run(["vtysh", "-c", "show mgmt backend-adapter all"])[1])
        # (this machine's userland is FRR 8.4 on Debian 12, FRR 10.3 on Debian 13: make test-debian13)
        assert (listed is not None and "staticd" in listed) if image else (listed is None or "staticd" in listed), listed

        def read():
            frr = linux_show.parse(L.node_exec(node, ["vtysh", "-c", "show ip route json"]).stdout.decode(), "frr_route")
            kernel = linux_show.parse(L.node_exec(node, ["ip", "-j", "-4", "route", "show"]).stdout.decode(), "ip_route")
            return ({"default": frr}, {"default": kernel})

        deadline = time.time() + 60
        while True:
            frr, kernel = read()
            if ios_show.tracked_path(plan, frr, distance=254)["path"] == "standby" or time.time() > deadline:
                break
            time.sleep(0.5)
        assert ios_show.tracked_path(plan, frr, distance=254)["path"] == "standby", frr
        assert ios_show.tracked_path(plan, kernel)["path"] == "active", kernel
        L.node_exec(node, ["ip", "route", "del", "10.0.0.0/8", "via", "192.0.2.3"])
        deadline = time.time() + 30
        while ios_show.tracked_path(plan, read()[1])["path"] != "standby" and time.time() < deadline:
            time.sleep(0.5)
        frr, kernel = read()
        assert ios_show.tracked_path(plan, kernel)["path"] == "standby", kernel
        assert [r["code"] for r in kernel["default"] if r["prefix"] == "10.0.0.0/8"] == ["static"]
        assert [r["selected"] for r in frr["default"] if r["prefix"] == "10.0.0.0/8"] == [True]
    finally:
        L.destroy(name)
