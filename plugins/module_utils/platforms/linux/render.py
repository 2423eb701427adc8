# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Linux/FRR renderings of the routing designs, from the same plans as the IOS rendering.

Pure text from a plan: the integrated FRR configuration (``frr``), the keepalived
configuration (``keepalived``) and ifupdown2 stanzas (``interfaces``) for one host.
What IOS does that Linux cannot do the same way is rendered with real Linux parts:

* ``vrf_static_tracking``: IOS object tracking has no FRR twin (FRR 8.4 has no tracked
  or BFD-monitored static routes).  keepalived does it: one ``vrrp_script`` per active
  linknet checks that the linknet's connected route is present and not ``linkdown`` in
  its VRF (what ``track N ip route ... reachability`` + ``ip vrf`` checks), with
  ``fall``/``rise`` counts covering the daughter + parent delays; one keepalived instance
  (no peers, no packets) tracks them all, so it is up only while ALL are up (``list
  boolean and``) and holds the active routes as ``virtual_routes`` in the VRF tables.
  The floating routes are FRR static routes at the standby distance: while keepalived's
  kernel route exists zebra selects it (``K>*``) over the ``S 254`` route, as IOS would.
* ``sixto4_bgp``: Linux ``sit`` (remote any) finds the IPv4 end point from the
  destination's 6to4 address or from an IPv4-compatible next hop (``::a.b.c.d``), never
  from a 6to4 next hop as IOS does; so each site advertises its own networks with the
  next hop ``::<tunnel source>`` (route-map, its own prefixes only) and routes ``::/96``
  into the tunnel besides ``2002::/16``.
"""

from __future__ import annotations

import re

from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I
from ansible_collections.netdesign.resilience.plugins.module_utils.designs.sixto4_bgp.plan import site_of

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
# the tracking instance of vrf_static_tracking (VRRPv3 to no peer on TRACK_DEVICE) and wan_backup_vrrp's group:
# what keepalived is told, and what the failure matrix's bounds read (failure_matrix_common.TIMERS)
TRACK_PRIORITY = 255
TRACK_ADVERT_INT = 0.1
VRRP_ADVERT_INT = 1
SIT_MTU = 1480
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


def _frr_head(comment):
    return ["frr defaults traditional", "! netdesign.resilience %s (rendered; do not edit)" % comment]


def _vrf_static_tracking_frr(plan, _host, _options):
    lines = _frr_head("vrf_static_tracking: floating routes; the tracked active routes are keepalived's")
    for vrf in plan["vrfs"]:
        routes = [r for r in plan["routes"] if r["vrf"] == vrf and r["path"] == "standby"]
        if not routes:
            continue
        lines.append("vrf %s" % vrf)
        lines += [" ip route %s %s %d" % (r["prefix"], r["next_hop"], r["distance"]) for r in routes]
        lines.append("exit-vrf")
    return lines


def ipv4_compatible(ipv4):
    """``::a.b.c.d`` as FRR prints it (``::a01:102`` for 10.1.1.2), so frr-reload sees no change."""
    value = int(I.netaddr.IPAddress(ipv4, 4))
    return "::%x:%x" % (value >> 16, value & 0xFFFF)


def _sixto4_bgp_frr(plan, host, _options):
    site = site_of(plan, host)
    tunnel = plan["tunnel_interface"]
    compat = ipv4_compatible(site["tunnel_source_address"])
    lines = _frr_head("sixto4_bgp site %s" % site["name"])
    lines += ["ipv6 route %s %s" % (plan["route"]["prefix"], tunnel), "ipv6 route ::/96 %s" % tunnel]
    for seq, net in enumerate(site["networks"], start=1):
        lines.append("ipv6 prefix-list NETDESIGN-6TO4-OWN seq %d permit %s" % (seq * 5, net))
    if site["networks"]:
        lines += ["route-map NETDESIGN-6TO4-NH permit 10", " match ipv6 address prefix-list NETDESIGN-6TO4-OWN",
                  " set ipv6 next-hop global %s" % compat, "exit"]
    lines += ["route-map NETDESIGN-6TO4-NH permit 20", "exit"]
    lines += ["router bgp %d" % plan["asn"], " bgp router-id %s" % site["tunnel_source_address"],
              " no bgp default ipv4-unicast"]
    lines += [" neighbor %s remote-as %d" % (n["address"], n["remote_as"]) for n in site["neighbors"]]
    lines.append(" !")
    lines.append(" address-family ipv6 unicast")
    lines += ["  network %s" % net for net in site["networks"]]
    for neighbor in site["neighbors"]:
        lines.append("  neighbor %s activate" % neighbor["address"])
        if neighbor["route_reflector_client"]:
            lines.append("  neighbor %s route-reflector-client" % neighbor["address"])
        lines.append("  neighbor %s route-map NETDESIGN-6TO4-NH out" % neighbor["address"])
    lines += [" exit-address-family", "exit"]
    return lines


def _rp_rows(plan, host):
    """This host's anycast rows: ``[(family, row)]`` for the IPv6 address and its IPv4 twin."""
    rows = [(6, r) for r in plan["rp_routers"] if r["router"] == host]
    if plan.get("ipv4"):
        rows += [(4, r) for r in plan["ipv4"]["rp_routers"] if r["router"] == host]
    return rows


def _names(options, key):
    value = options.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise I.IntentError(key, "must be a list of interface names, got %s" % I.show(value))
    return value


def frr_major(options):
    """The FRR major version the rendering is for: ``options['frr_version']`` as the node's package gives it
    (``10.3-3+deb13u1``, ``8.4.4-1.1~deb12u1``) or a number; 8 (Debian 12's FRR 8.4) when not given."""
    version = options.get("frr_version")
    if version in (None, ""):
        return 8
    match = re.match(r"^(?:\d+:)?(\d+)(?:[.~+-]|$)", str(version))
    if not match:
        raise I.IntentError("frr_version", "must be FRR's version, such as 10.3 or 8.4.4-1.1~deb12u1, got %s"
                            % I.show(version))
    return int(match.group(1))


def _anycast_rp_frr(plan, host, options):
    """The anycast loopback in the IGP at its real length, the IGP on the given links, PIM with the RP.

    OSPFv3 (ospf6d) and, for the IPv4 twin, OSPFv2 (ospfd) advertise a dummy interface's prefix at its
    length (a Linux ``lo`` would be advertised as a host route, the ``rp-host-route`` pitfall). IPv6 PIM-SM
    with the plan's RP for every group (ff00::/8, as IOS's ``ipv6 pim rp-address``) and MLD on the host
    segments need pim6d, which FRR 10 has and Debian 12's FRR 8.4 does not: on FRR 8 only the IPv4 twin runs
    PIM. FRR 10 shows the RP under ``router pim`` / ``router pim6`` (it takes FRR 8's ``ip pim rp`` but shows
    it there, and frr-reload compares with what it shows): rendered as each version shows it.
    """
    if plan["igp"]["protocol"] not in ("ospf", "ospfv3"):
        raise I.IntentError("igp.protocol", "%s has no FRR rendering here (ospfv3 and ospf have)" % I.show(
            plan["igp"]["protocol"]))
    router_id = str(I.ip_address(I.required(options, "router_id", "options"), "router_id", 4))
    links, hosts = _names(options, "igp_interfaces"), _names(options, "host_interfaces")
    twin = plan.get("ipv4")
    modern = frr_major(options) >= 10
    lines = _frr_head("anycast_rp %s%s" % (plan["address"], " + IPv4 twin %s" % twin["address"] if twin else ""))
    loopback = plan["rp_routers"][0]["interface"]
    interfaces = ([loopback] if _rp_rows(plan, host) else []) + links + hosts
    for name in interfaces:
        lines.append("interface %s" % name)
        lines.append(" ipv6 ospf6 area 0.0.0.0")
        if name != loopback and name not in hosts:
            lines.append(" ipv6 ospf6 network point-to-point")
        if twin:
            lines.append(" ip ospf area 0.0.0.0")
            if name != loopback and name not in hosts:
                lines.append(" ip ospf network point-to-point")
            lines.append(" ip pim")
            if name in hosts:
                lines.append(" ip igmp")
        if modern:
            lines.append(" ipv6 pim")
            if name in hosts:
                lines.append(" ipv6 mld")
        if name == loopback or name in hosts:
            lines.append(" ipv6 ospf6 passive")
            if twin:
                lines.append(" ip ospf passive")
        lines.append("exit")
    lines += ["router ospf6", " ospf6 router-id %s" % router_id, "exit"]
    if twin:
        lines += ["router ospf", " ospf router-id %s" % router_id, "exit"]
        lines += (["router pim", " rp %s 224.0.0.0/4" % twin["address"], "exit"] if modern
                  else ["ip pim rp %s 224.0.0.0/4" % twin["address"]])
    if modern:
        lines += ["router pim6", " rp %s ff00::/8" % plan["address"], "exit"]
    return lines


FRR = {
    "vrf_static_tracking": (_vrf_static_tracking_frr, ["staticd"]),
    "sixto4_bgp": (_sixto4_bgp_frr, ["bgpd", "staticd"]),
    "anycast_rp": (_anycast_rp_frr, ["ospf6d", "ospfd", "pimd"]),
}


def frr(plan, host, options=None):
    """``{'config': text, 'daemons': [...]}``: the integrated frr.conf of ``host`` for ``plan``.

    ``options`` (anycast_rp): ``router_id``, ``igp_interfaces`` (router links), ``host_interfaces``
    (segments with sources or listeners: passive in the IGP, IGMP, and MLD on FRR 10), ``frr_version`` (the
    node's FRR: 10 and later get IPv6 PIM with pim6d and the RP under ``router pim``/``router pim6``).
    """
    design = plan.get("design")
    if design not in FRR:
        raise I.IntentError("design", "%s has no FRR rendering (only %s)" % (I.show(design), ", ".join(sorted(FRR))))
    render, daemons = FRR[design]
    if design == "anycast_rp":
        daemons = (list(daemons) if plan.get("ipv4") else ["ospf6d"]) + (
            ["pim6d"] if frr_major(dict(options or {})) >= 10 else [])
    return {"config": "\n".join(render(plan, host, dict(options or {}))) + "\n", "daemons": list(daemons)}


# ---------------------------------------------------------------------------------------------
# keepalived

def _block(name, body, indent=""):
    lines = ["%s%s {" % (indent, name)]
    for item in body:
        if isinstance(item, tuple):
            lines += _block(item[0], item[1], indent + "  ")
        else:
            lines.append("%s  %s" % (indent, item))
    lines.append("%s}" % indent)
    return lines


def checks(delay, interval):
    """keepalived's fall/rise for an IOS delay: N consecutive checks span (N - 1) intervals, so one check
    more than the delay in whole intervals makes a state hold for the whole delay before it counts (a flap
    shorter than the delay changes nothing); no delay: the next check decides."""
    return 1 + -(-delay // interval) if delay else 1


def _vrf_static_tracking_keepalived(plan, host, options):
    tables = vrf_tables(plan)
    daughters = [t for t in plan["tracks"] if t["type"] == "route"]
    parent = [t for t in plan["tracks"] if t["type"] == "list"][0]
    fast = options.get("fast", False)
    interval = I.integer(options.get("check_interval", 1), "check_interval", 1, 60)
    lines = _block("global_defs", ["router_id %s" % host, "script_user root", "enable_script_security"])
    if not fast:
        for track in daughters:
            down = track["delay"]["down"] + parent["delay"]["down"]
            up = track["delay"]["up"] + parent["delay"]["up"]
            lines += _block("vrrp_script track_%d" % track["id"], [
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
    lines += _block("vrrp_instance track_%d" % parent["id"], [
        "# track %d list boolean %s: objects %s; the active routes exist only while all are up" % (
            parent["id"], parent["boolean"], " ".join(str(o) for o in parent["objects"])),
        "state MASTER", "interface %s" % TRACK_DEVICE, "version 3",
        "virtual_router_id %d" % min(255, parent["id"]), "priority %d" % TRACK_PRIORITY, "advert_int %s" % TRACK_ADVERT_INT,
        "unicast_src_ip %s" % TRACK_DEVICE_ADDRESS.split("/", maxsplit=1)[0], ("unicast_peer", [TRACK_PEER]),
        tracking, ("virtual_ipaddress", ["%s dev %s" % (TRACK_VIRTUAL_ADDRESS, TRACK_DEVICE)]),
        ("virtual_routes", routes)])
    return lines


def _wan_backup_vrrp_keepalived(plan, host, options):
    main, backup = plan["main"], plan["backup"]
    if host not in (main["name"], backup["name"]):
        raise I.IntentError("host", "%s is neither main.name (%s) nor backup.name (%s)" % (
            I.show(host), main["name"], backup["name"]))
    length = I.netaddr.IPAddress(plan["netmask"]).netmask_bits()
    body = ["# %s: %s" % (plan["description"], plan["summary"]), "state BACKUP", "interface %s" % plan["interface"],
            "virtual_router_id %d" % plan["group"], "advert_int %d" % VRRP_ADVERT_INT]
    if plan.get("version") == 3:
        # the intent's VRRPv3 (IOS-XE `fhrp version vrrp v3`): keepalived speaks it with `version 3` in the
        # instance (its default is 2), and a v3 router ignores v2 adverts, so both twins say it
        body.append("version 3")
    if host == main["name"]:
        body += ["priority %d" % main["priority"], "preempt_delay %d" % main["preempt_delay"]]
        tracked = ["%s weight -%d" % (t["interface"], t["decrement"]) for t in main["track"]]
    else:
        body.append("priority %d" % backup["priority_min"])
        vpn = options.get("vpn_interface")
        step = backup["priority_max"] - backup["priority_min"]
        tracked = ["%s weight %d" % (vpn, step)] if vpn and step else []
    if tracked:
        body.append(("track_interface", tracked))
    body.append(("virtual_ipaddress", ["%s/%d dev %s" % (plan["virtual_ip"], length, plan["interface"])]))
    lines = _block("global_defs", ["router_id %s" % host])
    return lines + _block("vrrp_instance VRRP_%d" % plan["group"], body)


KEEPALIVED = {
    "vrf_static_tracking": _vrf_static_tracking_keepalived,
    "wan_backup_vrrp": _wan_backup_vrrp_keepalived,
}


def keepalived(plan, host, options=None):
    """keepalived.conf text of ``host`` for ``plan``.

    ``options``: ``fast`` (vrf_static_tracking: track the linknet interfaces themselves, no delays,
    reacting to carrier loss at once), ``check_interval`` (vrf_static_tracking: seconds between the
    linknet checks, default 1; the delays are rounded up to whole intervals) and ``vpn_interface`` (wan_backup_vrrp backup device: the
    tunnel whose state adds ``priority_max - priority_min``).
    """
    design = plan.get("design")
    if design not in KEEPALIVED:
        raise I.IntentError("design", "%s has no keepalived rendering (only %s)" % (
            I.show(design), ", ".join(sorted(KEEPALIVED))))
    return "\n".join(KEEPALIVED[design](plan, host, dict(options or {}))) + "\n"


# ---------------------------------------------------------------------------------------------
# ifupdown2

def _stanza(name, attributes):
    return ["auto %s" % name, "iface %s" % name] + ["    %s %s" % kv for kv in attributes] + [""]


def keep_addr_sysctl(device):
    """The sysctl that keeps ``device``'s IPv6 addresses (and so its prefix routes) across link down/up."""
    return "net.ipv6.conf.%s.keep_addr_on_down" % device


def interfaces(plan, host):
    """ifupdown2 stanzas for ``host``: VRF devices and members, the 6to4 tunnel, or the anycast loopback."""
    design = plan.get("design")
    lines = ["# netdesign.resilience %s (rendered; do not edit)" % design, ""]
    if design == "vrf_static_tracking":
        tables = vrf_tables(plan)
        for vrf in plan["vrfs"]:
            lines += _stanza(vrf, [("vrf-table", tables[vrf])])
        lines += ["# keepalived's instance of the track objects speaks VRRP here, on no wire"]
        lines += _stanza(TRACK_DEVICE, [("link-type", "dummy"), ("address", TRACK_DEVICE_ADDRESS),
                                        ("address-purge", "no")])  # keepalived adds its virtual address here
        for iface in plan["interfaces"]:
            attributes = [("vrf", iface["vrf"]), ("address", iface["address"])]
            if iface["description"]:
                attributes.append(("alias", '"%s"' % iface["description"]))
            lines += _stanza(iface["name"], attributes)
    elif design == "anycast_rp":
        rows = _rp_rows(plan, host)
        if rows:
            name = rows[0][1]["interface"]
            lines.append("# %s" % "; ".join("%s %s" % (r["description"], r["prefix"]) for _f, r in rows))
            # Linux drops a device's IPv6 addresses when it goes down (keep_addr_on_down=0), so an RP router
            # whose loopback came back would not hold the RP again; IOS keeps a shut loopback's address.
            lines += _stanza(name, [("link-type", "dummy")] + [("address", r["prefix"]) for _f, r in rows]
                             + [("post-up", "sysctl -qw %s=1" % keep_addr_sysctl(name))])
    elif design == "sixto4_bgp":
        site = site_of(plan, host)
        # No tunnel-endpoint: a sit without one is "remote any" (ifupdown2 cannot check "any"). The kernel
        # gives such a tunnel the IPv4-compatible address of its local end (::a.b.c.d/96); it is listed so
        # that ifquery --check sees no drift. MTU: the IPv4 path's 1500 minus the 20-byte IPv4 header.
        lines += _stanza(plan["tunnel_interface"], [
            ("tunnel-mode", "sit"), ("tunnel-local", site["tunnel_source_address"]), ("tunnel-ttl", 64),
            ("mtu", SIT_MTU), ("address", site["tunnel_prefix"]),
            ("address", "%s/96" % ipv4_compatible(site["tunnel_source_address"]))])
    else:
        raise I.IntentError("design", "%s has no ifupdown2 rendering" % I.show(design))
    return "\n".join(lines)
