# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Design ``sixto4_bgp`` on Linux/FRR, from the same plan as its IOS rendering.

Linux ``sit`` (remote any) finds the IPv4 end point from the destination's 6to4 address or from an IPv4-compatible
next hop (``::a.b.c.d``), never from a 6to4 next hop as IOS does; so each site advertises its own networks with
the next hop ``::<tunnel source>`` (route-map, its own prefixes only) and routes ``::/96`` into the tunnel besides
``2002::/16``.
"""

from __future__ import annotations

from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I
from ansible_collections.netdesign.resilience.plugins.module_utils.designs.sixto4_bgp.plan import site_of
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.linux import common as LC

SIT_MTU = 1480


def ipv4_compatible(ipv4):
    """``::a.b.c.d`` as FRR prints it (``::a01:102`` for 10.1.1.2), so frr-reload sees no change."""
    value = int(I.netaddr.IPAddress(ipv4, 4))
    return "::%x:%x" % (value >> 16, value & 0xFFFF)


def frr(plan, host, _options):
    site = site_of(plan, host)
    tunnel = plan["tunnel_interface"]
    compat = ipv4_compatible(site["tunnel_source_address"])
    lines = LC.frr_head("sixto4_bgp site %s" % site["name"])
    lines += ["ipv6 route %s %s" % (plan["route"]["prefix"], tunnel), "ipv6 route ::/96 %s" % tunnel]
    for seq, net in enumerate(site["networks"], start=1):
        lines.append("ipv6 prefix-list NETDESIGN-6TO4-OWN seq %d permit %s" % (seq * 5, net))
    if site["networks"]:
        lines += ["route-map NETDESIGN-6TO4-NH permit 10", " match ipv6 address prefix-list NETDESIGN-6TO4-OWN",
                  " set ipv6 next-hop global %s" % compat, "exit"]
    lines += ["route-map NETDESIGN-6TO4-NH permit 20", "exit"]
    lines += ["router bgp %d" % plan["asn"], " bgp router-id %s" % site["tunnel_source_address"],
              " no bgp default ipv4-unicast"]
    timers = plan.get("timers")
    if timers is not None:
        lines.append(" timers bgp %d %d" % (timers["keepalive"], timers["holdtime"]))
    for neighbor in site["neighbors"]:
        lines.append(" neighbor %s remote-as %d" % (neighbor["address"], neighbor["remote_as"]))
        if timers is not None and timers["connect_retry"] is not None:
            lines.append(" neighbor %s timers connect %d" % (neighbor["address"], timers["connect_retry"]))
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


def daemons(_plan, _options):
    """The FRR daemons frr.conf needs."""
    return ["bgpd", "staticd"]


def interfaces(plan, host):
    """The site's 6to4 tunnel."""
    site = site_of(plan, host)
    # No tunnel-endpoint: a sit without one is "remote any" (ifupdown2 cannot check "any"). The kernel
    # gives such a tunnel the IPv4-compatible address of its local end (::a.b.c.d/96); it is listed so
    # that ifquery --check sees no drift. MTU: the IPv4 path's 1500 minus the 20-byte IPv4 header.
    return LC.stanza(plan["tunnel_interface"], [
        ("tunnel-mode", "sit"), ("tunnel-local", site["tunnel_source_address"]), ("tunnel-ttl", 64),
        ("mtu", SIT_MTU), ("address", site["tunnel_prefix"]),
        ("address", "%s/96" % ipv4_compatible(site["tunnel_source_address"]))])
