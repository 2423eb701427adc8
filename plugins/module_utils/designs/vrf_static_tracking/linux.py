# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Design ``vrf_static_tracking`` on Linux/FRR, from the same plan as its IOS rendering.

IOS object tracking has no FRR twin (FRR 8.4 has no tracked or BFD-monitored static routes). keepalived does
it: one ``vrrp_script`` per active linknet checks that the linknet's connected route is present and not
``linkdown`` in its VRF (what ``track N ip route ... reachability`` + ``ip vrf`` checks), with ``fall``/``rise``
counts covering the daughter + parent delays; one keepalived instance (no peers, no packets) tracks them all, so
it is up only while ALL are up (``list boolean and``) and holds the active routes as ``virtual_routes`` in the
VRF tables. The floating routes are FRR static routes at the standby distance: while keepalived's kernel route
exists zebra selects it (``K>*``) over the ``S 254`` route, as IOS would.
"""

from __future__ import annotations

from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.linux import common as LC

TRACK_SCRIPT = "/etc/keepalived/netdesign-track-route"
# keepalived's instance needs an interface to speak VRRP on: a dummy one, so its adverts never reach a
# linknet (VRRPv3 at 0.1 s, so a recovery waits 0.3 s of master-down time, not VRRPv2's 3 s). A dummy
# has no multicast: the adverts go unicast to a peer that does not exist on that /30 (the dummy drops
# them); VRRPv3 requires a "virtual" address, another one of the /30.
TRACK_DEVICE = "ndtrack"
TRACK_DEVICE_ADDRESS = "169.254.253.1/30"
TRACK_VIRTUAL_ADDRESS = "169.254.253.2/32"
TRACK_PEER = "169.254.253.3"
FIRST_VRF_TABLE = 1001
ACTIVE_METRIC = 10  # below zebra's 20, so the kernel prefers keepalived's route even before zebra reacts
# the tracking instance (VRRPv3 to no peer on TRACK_DEVICE): what keepalived is told, and what the failure
# matrix's bounds read (matrix/common.py's TIMERS)
TRACK_PRIORITY = 255
TRACK_ADVERT_INT = 0.1
# A check takes milliseconds; a slow one (seen: 1.5 s in an emulated VM) must not count as a failure:
# its timeout is this many check intervals.
SCRIPT_TIMEOUT = 3

# The check behind every linknet track: the connected route of the linknet, in its VRF, up.
TRACK_SCRIPT_TEXT = """#!/bin/sh
# netdesign.resilience: IOS 'track N ip route PREFIX reachability' + 'ip vrf VRF' for keepalived.
# Usage: netdesign-track-route VRF PREFIX  (exit 0 while the connected route is there and not linkdown)
out=$(ip -4 route show vrf "$1" exact "$2" proto kernel) || exit 1
[ -n "$out" ] || exit 1
case "$out" in *linkdown*) exit 1;; esac
exit 0
"""


def vrf_tables(plan):
    """Kernel table of each VRF: 1001, 1002, ... in the plan's VRF order."""
    return {vrf: FIRST_VRF_TABLE + index for index, vrf in enumerate(plan["vrfs"])}


def linknet(plan, vrf, address):
    """The plan interface of ``vrf`` whose network holds ``address`` (next hops, tracked prefixes), or None."""
    ip = I.netaddr.IPAddress(address.split("/")[0])
    return next((i for i in plan["interfaces"] if i["vrf"] == vrf and ip in I.netaddr.IPNetwork(i["network"])), None)


def _linknet(plan, vrf, address):
    """The name of ``linknet``; an address on no linknet is an error of the plan."""
    iface = linknet(plan, vrf, address)
    if iface is None:
        raise I.IntentError("routes", "%s in VRF %s is on no linknet of the plan" % (address, vrf))
    return iface["name"]


def frr(plan, _host, _options):
    lines = LC.frr_head("vrf_static_tracking: floating routes; the tracked active routes are keepalived's")
    for vrf in plan["vrfs"]:
        routes = [r for r in plan["routes"] if r["vrf"] == vrf and r["path"] == "standby"]
        if not routes:
            continue
        lines.append("vrf %s" % vrf)
        lines += [" ip route %s %s %d" % (r["prefix"], r["next_hop"], r["distance"]) for r in routes]
        lines.append("exit-vrf")
    return lines


def daemons(_plan, _options):
    """The FRR daemons frr.conf needs."""
    return ["staticd"]


def checks(delay, interval):
    """keepalived's fall/rise for an IOS delay: N consecutive checks span (N - 1) intervals, so one check
    more than the delay in whole intervals makes a state hold for the whole delay before it counts (a flap
    shorter than the delay changes nothing); no delay: the next check decides."""
    return 1 + -(-delay // interval) if delay else 1


def keepalived(plan, host, options):
    tables = vrf_tables(plan)
    daughters = [t for t in plan["tracks"] if t["type"] == "route"]
    parent = [t for t in plan["tracks"] if t["type"] == "list"][0]
    fast = options.get("fast", False)
    interval = I.integer(options.get("check_interval", 1), "check_interval", 1, 60)
    lines = LC.block("global_defs", ["router_id %s" % host, "script_user root", "enable_script_security"])
    if not fast:
        for track in daughters:
            down = track["delay"]["down"] + parent["delay"]["down"]
            up = track["delay"]["up"] + parent["delay"]["up"]
            lines += LC.block("vrrp_script track_%d" % track["id"], [
                '# track %d ip route %s %s reachability, ip vrf %s; delay down %d up %d (+ parent %d: %d/%d)' % (
                    track["id"], track["network"], track["netmask"], track["vrf"], track["delay"]["down"],
                    track["delay"]["up"], parent["id"], parent["delay"]["down"], parent["delay"]["up"]),
                'script "%s %s %s"' % (TRACK_SCRIPT, track["vrf"], track["prefix"]),
                "interval %d" % interval, "timeout %d" % (SCRIPT_TIMEOUT * interval),
                "fall %d" % checks(down, interval), "rise %d" % checks(up, interval)])
    if fast:
        tracking = ("track_interface", [t["interface"] or _linknet(plan, t["vrf"], t["prefix"]) for t in daughters])
    else:
        tracking = ("track_script", ["track_%d" % t["id"] for t in daughters])
    # no_track: keepalived otherwise tracks each route's device itself and leaves MASTER the moment one
    # linknet loses carrier (all active routes gone at once, undelayed: a 1 s flap would switch paths);
    # only the delayed checks (or, with the fast option, track_interface) may decide.
    routes = ["%s via %s dev %s table %d metric %d no_track" % (
        r["prefix"], r["next_hop"], _linknet(plan, r["vrf"], r["next_hop"]), tables[r["vrf"]], ACTIVE_METRIC)
        for r in plan["routes"] if r["path"] == "active"]
    lines += LC.block("vrrp_instance track_%d" % parent["id"], [
        "# track %d list boolean %s: objects %s; the active routes exist only while all are up" % (
            parent["id"], parent["boolean"], " ".join(str(o) for o in parent["objects"])),
        "state MASTER", "interface %s" % TRACK_DEVICE, "version 3",
        "virtual_router_id %d" % min(255, parent["id"]), "priority %d" % TRACK_PRIORITY, "advert_int %s" % TRACK_ADVERT_INT,
        "unicast_src_ip %s" % TRACK_DEVICE_ADDRESS.split("/", maxsplit=1)[0], ("unicast_peer", [TRACK_PEER]),
        tracking, ("virtual_ipaddress", ["%s dev %s" % (TRACK_VIRTUAL_ADDRESS, TRACK_DEVICE)]),
        ("virtual_routes", routes)])
    return lines


def interfaces(plan, _host):
    """The VRF devices, the tracking instance's dummy device and the linknets in their VRFs."""
    tables = vrf_tables(plan)
    lines = []
    for vrf in plan["vrfs"]:
        lines += LC.stanza(vrf, [("vrf-table", tables[vrf])])
    lines += ["# keepalived's instance of the track objects speaks VRRP here, on no wire"]
    lines += LC.stanza(TRACK_DEVICE, [("link-type", "dummy"), ("address", TRACK_DEVICE_ADDRESS),
                                      ("address-purge", "no")])  # keepalived adds its virtual address here
    for iface in plan["interfaces"]:
        attributes = [("vrf", iface["vrf"]), ("address", iface["address"])]
        if iface["description"]:
            attributes.append(("alias", '"%s"' % iface["description"]))
        lines += LC.stanza(iface["name"], attributes)
    return lines
