# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""IOS/IOS-XE syntax the cisco.ios collection has no resource module for, one table per syntax.

Each table is a :class:`~ios_table.Syntax` of :class:`~ios_table.Row` objects (module_utils/platforms/ios/table.py:
the machinery, how rows render and parse); this module holds only the tables.
"""

from __future__ import annotations

from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios.table import Row, Syntax


# track 2 ip route 192.76.34.92 255.255.255.252 reachability / track 1 interface Multilink1 ip routing /
# track 1 list boolean and; children: ip vrf, object N, delay down D up U
TRACK = Syntax(
    "track",
    parents=[
        Row("route", r"^track (?P<id>\d+) ip route (?P<network>\S+) (?P<netmask>\S+) reachability$",
            "track {id} ip route {network} {netmask} reachability"),
        Row("interface", r"^track (?P<id>\d+) interface (?P<interface>\S+) (?P<tracking>ip routing|line-protocol)$",
            "track {id} interface {interface} {tracking}"),
        Row("list", r"^track (?P<id>\d+) list boolean (?P<boolean>and|or)$", "track {id} list boolean {boolean}"),
    ],
    children=[
        Row("vrf", r"^ip vrf (?P<vrf>\S+)$", "ip vrf {vrf}"),
        Row("object", r"^object (?P<objects>\d+)$", "object {objects}", multi="objects"),
        Row("delay", r"^delay down (?P<delay__down>\d+) up (?P<delay__up>\d+)$",
            "delay down {delay__down} up {delay__up}"),
    ],
    ints=("id", "objects", "delay__down", "delay__up"),
    section="^track",
)

# interface Tunnel2002 / ipv6 address 2002:A01:102::/128 / tunnel source Serial1/0 / tunnel mode ipv6ip 6to4
TUNNEL = Syntax(
    "tunnel",
    parents=[Row("tunnel", r"^interface (?P<name>Tunnel\d+)$", "interface {name}")],
    children=[
        Row("address", r"^ipv6 address (?P<ipv6_address>\S+)$", "ipv6 address {ipv6_address}"),
        Row("source", r"^tunnel source (?P<source>\S+)$", "tunnel source {source}"),
        Row("mode", r"^tunnel mode (?P<mode>ipv6ip 6to4|ipv6ip|gre ip)$", "tunnel mode {mode}"),
    ],
    key="name",
    section="^interface Tunnel",
)

# interface FastEthernet0/0 with its VRRP group (the ANIRA block), in VRRPv2 (`vrrp N ip ...`, the write-up's)
# or VRRPv3 syntax (vrrp.version 3)
V2 = {"vrrp__version": (None, 2)}
V3 = {"vrrp__version": (3,)}
VRRP_INTERFACE = Syntax(
    "vrrp",
    parents=[Row("interface", r"^interface (?P<name>\S+)$", "interface {name}")],
    children=[
        Row("description", r"^description (?P<description>.+)$", "description {description}"),
        # a sub-interface's VLAN, before its address (IOS refuses an address on a LAN sub-interface without it)
        Row("encapsulation", r"^encapsulation dot1Q (?P<vlan>\d+)$", "encapsulation dot1Q {vlan}"),
        Row("address", r"^ip address (?P<address>\S+) (?P<netmask>\S+)$", "ip address {address} {netmask}"),
        Row("vrrp_description", r"^vrrp (?P<group>\d+) description (?P<vrrp__description>.+)$",
            "vrrp {group} description {vrrp__description}", when=V2),
        Row("vrrp_ip", r"^vrrp (?P<group>\d+) ip (?P<vrrp__ip>\S+)$", "vrrp {group} ip {vrrp__ip}", when=V2),
        Row("vrrp_preempt", r"^vrrp (?P<group>\d+) preempt delay minimum (?P<vrrp__preempt_delay>\d+)$",
            "vrrp {group} preempt delay minimum {vrrp__preempt_delay}", when=V2),
        Row("vrrp_priority", r"^vrrp (?P<group>\d+) priority (?P<vrrp__priority>\d+)$",
            "vrrp {group} priority {vrrp__priority}", when=V2),
        # one line per tracked object, in the order of the list vrrp.track of {object, decrement}
        Row("vrrp_track", r"^vrrp (?P<group>\d+) track (?P<vrrp__track__object>\d+) decrement "
            r"(?P<vrrp__track__decrement>\d+)$",
            "vrrp {group} track {vrrp__track__object} decrement {vrrp__track__decrement}",
            multi="vrrp__track", unique="object", when=V2),
        # VRRPv3 (IOS-XE with `fhrp version vrrp v3`, vrrp.version 3): the group is a sub-block, its lines two
        # spaces in, ended by `exit-vrrp` (Cisco IOS XE First Hop Redundancy Protocols Configuration Guide,
        # "VRRPv3 Protocol Support": `vrrp group-id address-family {ipv4 | ipv6}`, then `address ip-address
        # [primary | secondary]`, `priority`, `preempt delay minimum`, `track object-number decrement`,
        # `description`, `exit-vrrp`; a CSR1000v shows them in that nesting, with `exit-vrrp` two spaces in)
        Row("vrrp3", r"^vrrp (?P<group>\d+) address-family ipv4$", "vrrp {group} address-family ipv4", when=V3,
            opens="vrrp3"),
        Row("vrrp3_ip", r"^address (?P<vrrp__ip>\S+) primary$", "address {vrrp__ip} primary", when=V3, depth=2,
            within="vrrp3"),
        Row("vrrp3_priority", r"^priority (?P<vrrp__priority>\d+)$", "priority {vrrp__priority}", when=V3, depth=2,
            within="vrrp3"),
        Row("vrrp3_preempt", r"^preempt delay minimum (?P<vrrp__preempt_delay>\d+)$",
            "preempt delay minimum {vrrp__preempt_delay}", when=V3, depth=2, within="vrrp3"),
        Row("vrrp3_track", r"^track (?P<vrrp__track__object>\d+) decrement (?P<vrrp__track__decrement>\d+)$",
            "track {vrrp__track__object} decrement {vrrp__track__decrement}", multi="vrrp__track", unique="object",
            when=V3, depth=2, within="vrrp3"),
        Row("vrrp3_description", r"^description (?P<vrrp__description>.+)$", "description {vrrp__description}",
            when=V3, depth=2, within="vrrp3"),
        Row("vrrp3_exit", r"^exit-vrrp$", "exit-vrrp", when=V3, depth=2, within="vrrp3"),
        Row("arp_timeout", r"^arp timeout (?P<arp_timeout>\d+)$", "arp timeout {arp_timeout}"),
    ],
    ints=("group", "vlan", "vrrp__version", "vrrp__preempt_delay", "vrrp__priority", "vrrp__track__object", "vrrp__track__decrement",
          "arp_timeout"),
    key="name",
    section="^interface",
)

# interface GigabitEthernet0/0/1.100 / encapsulation dot1Q 100: the 802.1Q VLAN of a routed sub-interface.
# cisco.ios has no module for it (ios_l2_interfaces has only `switchport trunk encapsulation`; ios_interfaces
# and ios_l3_interfaces have none), so the rest of the interface is cisco.ios's and this line is ours.
SUBINTERFACE = Syntax(
    "subinterface",
    parents=[Row("subinterface", r"^interface (?P<name>\S+\.\d+)$", "interface {name}")],
    children=[Row("encapsulation", r"^encapsulation dot1Q (?P<vlan>\d+)$", "encapsulation dot1Q {vlan}")],
    ints=("vlan",),
    key="name",
    section="^interface",
)

# aaa group server tacacs+ TAC_PLUS / server-private IP key KEY / ip vrf forwarding VRF /
# ip tacacs source-interface IF
AAA_GROUP = Syntax(
    "aaa_group",
    parents=[Row("tacacs", r"^aaa group server tacacs\+ (?P<name>\S+)$", "aaa group server tacacs+ {name}")],
    children=[
        # IOS shows the key as typed (`key KEY`, `key 0 KEY`) or, with service password-encryption, as
        # `key 7 HASH` (or `key 6 HASH` with the AES password encryption): ios_module.normalise_keys compares
        Row("server", r"^server-private (?P<servers>\S+ key (?:[067] )?\S+)$", "server-private {servers}",
            multi="servers"),
        Row("vrf", r"^ip vrf forwarding (?P<vrf>\S+)$", "ip vrf forwarding {vrf}"),
        Row("source", r"^ip tacacs source-interface (?P<source_interface>\S+)$",
            "ip tacacs source-interface {source_interface}"),
    ],
    key="name",
    section="^aaa group server tacacs",
)

# line vty 0 4 / access-class SSH-ACCESS in vrf-also / exec-timeout 5 0 / logging synchronous /
# login authentication TAC_PLUS / transport input ssh
VTY = Syntax(
    "vty",
    parents=[Row("vty", r"^line vty (?P<first>\d+) (?P<last>\d+)$", "line vty {first} {last}")],
    children=[
        Row("access_class", r"^access-class (?P<access_class>\S+) in vrf-also$", "access-class {access_class} in vrf-also"),
        Row("exec_timeout", r"^exec-timeout (?P<exec_timeout__minutes>\d+) (?P<exec_timeout__seconds>\d+)$",
            "exec-timeout {exec_timeout__minutes} {exec_timeout__seconds}"),
        Row("logging_synchronous", r"^logging synchronous$", "logging synchronous", flag="logging_synchronous"),
        Row("login", r"^login authentication (?P<login_authentication>\S+)$",
            "login authentication {login_authentication}"),
        Row("transport", r"^transport input (?P<transport_input>\S+)$", "transport input {transport_input}"),
    ],
    ints=("first", "last", "exec_timeout__minutes", "exec_timeout__seconds"),
    key="first",
    section="^line vty",
)

# vrf definition inside / address-family ipv4 / exit-address-family (IOS-XE VRF-lite; cisco.ios's
# ios_vrf_address_family renders nothing for a bare address family)
VRF = Syntax(
    "vrf",
    parents=[Row("vrf", r"^vrf definition (?P<name>\S+)$", "vrf definition {name}")],
    children=[
        Row("ipv4", r"^address-family ipv4$", "address-family ipv4", flag="ipv4"),
        Row("ipv4_exit", r"^exit-address-family$", "exit-address-family", flag="ipv4"),
    ],
    key="name",
    section="^vrf definition",
)

# The anycast RP loopback as the write-up shows it: interface Loopback0 / description Anycast RP (Primary) /
# no ip address / ipv6 address 2001:DB8:AFE:FE00::1/120 / ipv6 enable / ipv6 eigrp 1 (or ospfv3 N ipv6 area A)
RP_LOOPBACK = Syntax(
    "rp_loopback",
    parents=[Row("loopback", r"^interface (?P<name>Loopback\d+)$", "interface {name}")],
    children=[
        Row("description", r"^description (?P<description>.+)$", "description {description}"),
        Row("no_ipv4", r"^no ip address$", "no ip address", flag="no_ip_address"),
        Row("address", r"^ipv6 address (?P<ipv6_address>\S+)$", "ipv6 address {ipv6_address}"),
        Row("enable", r"^ipv6 enable$", "ipv6 enable", flag="ipv6_enable"),
        Row("eigrp", r"^ipv6 eigrp (?P<eigrp>\d+)$", "ipv6 eigrp {eigrp}"),
        Row("ospfv3", r"^ospfv3 (?P<ospfv3__process>\d+) ipv6 area (?P<ospfv3__area>\d+)$",
            "ospfv3 {ospfv3__process} ipv6 area {ospfv3__area}"),
        Row("ospf_network", r"^ospfv3 network (?P<ospfv3__network>point-to-point)$",
            "ospfv3 network {ospfv3__network}"),
    ],
    ints=("eigrp", "ospfv3__process", "ospfv3__area"),
    key="name",
    section="^interface Loopback",
)

# Global one-liners: each row is its own block with no children.
GLOBAL = Syntax(
    "global",
    parents=[
        Row("no_static_inter_vrf", r"^no ip route static inter-vrf$", "no ip route static inter-vrf",
            flag="no_static_inter_vrf"),
        Row("ipv6_unicast_routing", r"^ipv6 unicast-routing$", "ipv6 unicast-routing", flag="ipv6_unicast_routing"),
        Row("ipv6_route_interface", r"^ipv6 route (?P<prefix>\S+) (?P<interface>[A-Za-z]\S*)$",
            "ipv6 route {prefix} {interface}"),
        # IPv6 multicast routing (and with it PIM on every IPv6 interface): without it the RP address does nothing
        Row("ipv6_multicast_routing", r"^ipv6 multicast-routing$", "ipv6 multicast-routing",
            flag="ipv6_multicast_routing"),
        Row("ipv6_pim_rp", r"^ipv6 pim rp-address (?P<address>\S+)$", "ipv6 pim rp-address {address}"),
        # IOS-XE: VRRP groups in VRRPv3 syntax (`vrrp N address-family ipv4`); before any such group
        Row("fhrp_vrrp_v3", r"^fhrp version vrrp v3$", "fhrp version vrrp v3", flag="fhrp_vrrp_v3"),
        # management VRF services ("Configuring Cisco Ethernet management interfaces")
        Row("aaa_new_model", r"^aaa new-model$", "aaa new-model", flag="aaa_new_model"),
        Row("aaa_method", r"^(?P<line>aaa (?:authentication|authorization|accounting) .+)$", "{line}"),
        # IOS-XE 16 and later show `ip domain name` whichever form was typed: both parse to the same item
        Row("ip_domain_name", r"^ip domain[- ]name (?P<domain>[^ ]+)$", "ip domain-name {domain}"),
        Row("ip_domain_name_vrf", r"^ip domain[- ]name vrf (?P<vrf>\S+) (?P<domain>\S+)$",
            "ip domain-name vrf {vrf} {domain}"),
        Row("ip_name_server_vrf", r"^ip name-server vrf (?P<vrf>\S+) (?P<address>\S+)$",
            "ip name-server vrf {vrf} {address}"),
        Row("ip_ssh_version", r"^ip ssh version (?P<version>\d)$", "ip ssh version {version}"),
        Row("ip_ssh_timeout", r"^ip ssh time-out (?P<seconds>\d+)$", "ip ssh time-out {seconds}"),
        Row("ip_ssh_source", r"^ip ssh source-interface (?P<interface>\S+)$", "ip ssh source-interface {interface}"),
    ],
    ints=("version", "seconds"),
    children=[],
)


def parse_global(text):
    """Global one-liners as a list of ``{'type': ..., ...}`` (flags come back as ``True``)."""
    items = GLOBAL.parse(text)
    for item in items:
        row = next(p for p in GLOBAL.parents if p.name == item["type"])
        if row.flag:
            item[row.flag] = True
    return items


SYNTAXES = {s.name: s for s in (VRF, TRACK, TUNNEL, VRRP_INTERFACE, SUBINTERFACE, AAA_GROUP, VTY, RP_LOOPBACK, GLOBAL)}
