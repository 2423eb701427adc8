# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Design ``anycast_rp`` on Linux/FRR: the anycast loopback (ifupdown2), the IGP and PIM (FRR), from the plan."""

from __future__ import annotations

from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.linux import common as LC


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


def keep_addr_sysctl(device):
    """The sysctl that keeps ``device``'s IPv6 addresses (and so its prefix routes) across link down/up."""
    return "net.ipv6.conf.%s.keep_addr_on_down" % device


def frr(plan, host, options):
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
    modern = LC.frr_major(options) >= 10
    lines = LC.frr_head("anycast_rp %s%s" % (plan["address"], " + IPv4 twin %s" % twin["address"] if twin else ""))
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


def daemons(plan, options):
    """ospf6d; with the IPv4 twin ospfd and pimd; on FRR 10 pim6d (Debian 12's FRR 8.4 has none)."""
    return (["ospf6d", "ospfd", "pimd"] if plan.get("ipv4") else ["ospf6d"]) + (
        ["pim6d"] if LC.frr_major(options) >= 10 else [])


def interfaces(plan, host):
    """An RP router's anycast loopback (a dummy device); nothing on the other routers."""
    rows = _rp_rows(plan, host)
    lines = []
    if rows:
        name = rows[0][1]["interface"]
        lines.append("# %s" % "; ".join("%s %s" % (r["description"], r["prefix"]) for _f, r in rows))
        # Linux drops a device's IPv6 addresses when it goes down (keep_addr_on_down=0), so an RP router
        # whose loopback came back would not hold the RP again; IOS keeps a shut loopback's address.
        lines += LC.stanza(name, [("link-type", "dummy")] + [("address", r["prefix"]) for _f, r in rows]
                           + [("post-up", "sysctl -qw %s=1" % keep_addr_sysctl(name))])
    return lines
