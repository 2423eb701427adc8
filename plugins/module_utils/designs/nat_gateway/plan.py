# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Design ``nat_gateway``: the Linux NAT box of the eduroam write-up.

* deterministic SNAT keyed by the client's last octet (module ``snat_plan``)
* forwarding only on the interfaces that forward, set when they exist
* policy routing: forwarded client traffic uses an egress table, the box's own
  traffic the management interface
* neighbour and conntrack sizing from the expected client count
"""

from __future__ import annotations

from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I
# the SNAT mapping has a module of its own (snat_plan); its functions are this design's too
from ansible_collections.netdesign.resilience.plugins.module_utils.designs.nat_gateway.snat_plan import (  # noqa: F401  # pylint: disable=unused-import
    MAX_POOL, public_for_client, snat_mapping, snat_pool_plan, snat_rows_from_iptables_save)

DEFAULT_PORT_RANGE = (1024, 65535)
# ifupdown: ifupdown2's per-interface `ip-forward`, set when the interface itself is configured (what
# the role nat_gateway does); udev: systemd's per-interface sysctl.d re-application on link appearance.
FORWARDING_MECHANISMS = ("ifupdown", "udev", "networkd", "sysctl")
# sysctl.d / procps runs at boot before bonds (and other virtual links) exist:
# per-interface keys for them are silently lost (the write-up's "Problem 1").
EARLY_MECHANISMS = ("sysctl",)
# RFC 1918 and RFC 6598 (shared address space): client ranges that are meant to be NATed.
PRIVATE_BLOCKS = ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10")


def pow2_at_least(value):
    result = 1
    while result < value:
        result <<= 1
    return result


def sizing(peak_clients, flows_per_client, field="intent"):
    """Neighbour and conntrack table sizes from the expected client count.

    * ``conntrack_max`` = next power of two >= peak_clients * flows_per_client * 2
      (every flow is one entry; x2 for TIME_WAIT/closing entries and bursts)
    * ``conntrack_buckets`` = conntrack_max / 4 (average chain length 4 when full)
    * ``gc_thresh3`` = next power of two >= max(1024, 2 * peak_clients): with correct
      next hops the box has a handful of neighbours, this is headroom so the
      proxy-ARP failure mode of the write-up degrades instead of overflowing;
      ``gc_thresh2`` = gc_thresh3 / 2, ``gc_thresh1`` = gc_thresh3 / 8.
    """
    peak = I.integer(peak_clients, field + ".peak_clients", 1, 16777216)
    flows = I.integer(flows_per_client, field + ".flows_per_client", 1, 65535)
    conntrack_max = pow2_at_least(peak * flows * 2)
    gc3 = pow2_at_least(max(1024, 2 * peak))
    return {
        "conntrack_max": conntrack_max,
        "conntrack_buckets": conntrack_max // 4,
        "gc_thresh1": gc3 // 8,
        "gc_thresh2": gc3 // 2,
        "gc_thresh3": gc3,
    }


def _interfaces(intent):
    result = []
    mgmt = I.mapping(I.required(intent, "management", ""), "management")
    result.append({
        "name": I.linux_interface(I.required(mgmt, "interface", "management"), "management.interface"),
        "kind": "ethernet",
        "role": "management",
        "address": I.ip_interface(I.required(mgmt, "address", "management"), "management.address", 4),
        "members": [],
        "forwarding": False,
    })
    members_seen = {result[0]["name"]: "management.interface"}
    for index, raw in enumerate(I.sequence(I.required(intent, "bonds", ""), "bonds", 1)):
        field = "bonds[%d]" % index
        I.mapping(raw, field)
        name = I.linux_interface(I.required(raw, "name", field), field + ".name")
        members = I.name_list(I.required(raw, "members", field), field + ".members", 1)
        for m_index, member in enumerate(members):
            I.linux_interface(member, "%s.members[%d]" % (field, m_index))
            if member in members_seen:
                raise I.IntentError(
                    "%s.members[%d]" % (field, m_index),
                    "%s is %s" % (member, "the management port (management.interface): it never forwards"
                                  if members_seen[member] == "management.interface"
                                  else "already a member of %s" % members_seen[member]))
            members_seen[member] = name
        address = I.ip_interface(I.required(raw, "address", field), field + ".address", 4)
        for other in result:
            if I.overlap(address, other["address"]):
                raise I.IntentError(field + ".address", "%s overlaps %s %s: the box would not know which "
                                    "interface a neighbour is on" % (address, other["name"], other["address"]))
        result.append({
            "name": name,
            "kind": "bond",
            "role": I.choice(I.required(raw, "role", field), field + ".role", ("inside", "outside")),
            "address": address,
            "members": members,
            "forwarding": True,
        })
    names = [i["name"] for i in result]
    for index, name in enumerate(names):
        if names.index(name) != index:
            raise I.IntentError("bonds", "interface name %s is used twice" % I.show(name))
    for role in ("inside", "outside"):
        if sum(1 for i in result if i["role"] == role) != 1:
            raise I.IntentError("bonds", "exactly one bond must have role %s" % role)
    return result


def _route(raw, field, interfaces):
    I.mapping(raw, field)
    prefix = I.ip_prefix(I.required(raw, "prefix", field), field + ".prefix", 4)
    via = raw.get("via")
    via = None if via is None else I.ip_address(via, field + ".via", 4)
    dev = raw.get("dev")
    if dev is None and via is not None:
        dev = next((i["name"] for i in interfaces if via in i["address"].cidr), None)
    if dev is None:
        raise I.IntentError(field, "needs 'via' on a connected network or 'dev'")
    if dev not in [i["name"] for i in interfaces]:
        raise I.IntentError(field + ".dev", "%s is not an interface of this box" % I.show(dev))
    return {"prefix": str(prefix), "via": None if via is None else str(via), "dev": dev,
            "table": raw.get("table", "main")}


def _conntrackd(raw, mgmt):
    """Flow-state sync to the peer box over the management network (conntrackd FTFW)."""
    enabled = I.boolean(raw.get("enabled", False), "conntrackd.enabled")
    if not enabled:
        return {"enabled": False}
    local = mgmt["address"]
    peer = I.ip_address(I.required(raw, "peer", "conntrackd"), "conntrackd.peer", 4)
    if peer == local.ip:
        raise I.IntentError("conntrackd.peer", "%s is this box's own management address" % peer)
    if peer not in local.cidr:
        raise I.IntentError("conntrackd.peer", "%s is not on the management network %s, which the sync runs on"
                            % (peer, local.cidr))
    return {
        "enabled": True,
        "local": str(local.ip),
        "peer": str(peer),
        "interface": I.linux_interface(raw.get("interface", mgmt["name"]), "conntrackd.interface"),
        "port": I.integer(raw.get("port", 3780), "conntrackd.port", 1, 65535),
    }


def _port_range(intent):
    port_range = I.sequence(intent.get("port_range", list(DEFAULT_PORT_RANGE)), "port_range", 2, 2)
    low = I.integer(port_range[0], "port_range[0]", 1, 65535)
    return [low, I.integer(port_range[1], "port_range[1]", low, 65535)]


def plan(intent):
    """Complete plan for one NAT box (bonds, forwarding, SNAT, policy routing, sizing)."""
    I.mapping(intent, "intent")
    clients = I.required(intent, "clients", "")
    pool = I.required(intent, "pool", "")
    snat = snat_mapping(clients, pool, intent.get("snat_split", "balanced"), intent.get("snat_import"))
    interfaces = _interfaces(intent)
    pool_net = I.ip_prefix(pool, "pool", 4)
    for iface in interfaces:
        if pool_net.size == 1 and pool_net.ip == iface["address"].ip:
            continue        # SNAT onto the box's own address of that link (as masquerade does)
        if I.overlap(iface["address"], pool_net):
            raise I.IntentError("pool", "%s overlaps %s's network %s: the box would SNAT clients onto addresses of "
                                "its own links" % (pool_net, iface["name"], iface["address"].cidr))
    by_role = {i["role"]: i for i in interfaces}
    inside, outside, mgmt = by_role["inside"], by_role["outside"], by_role["management"]
    mgmt_raw = intent["management"]
    table = I.mapping(intent.get("egress_table", {"id": 200, "name": "Eduroam-egress"}), "egress_table")
    table_id = I.integer(I.required(table, "id", "egress_table"), "egress_table.id", 1, 252)
    table_name = I.text(I.required(table, "name", "egress_table"), "egress_table.name")
    routes = []
    inside_hop = intent.get("inside_next_hop")
    outside_hop = intent.get("outside_next_hop")
    routes.append(_route({"prefix": str(I.ip_prefix(clients, "clients", 4)), "via": inside_hop,
                          "dev": inside["name"]}, "inside_next_hop", interfaces))
    routes.append(_route({"prefix": "0.0.0.0/0", "via": outside_hop, "dev": outside["name"],
                          "table": table_name}, "outside_next_hop", interfaces))
    if mgmt_raw.get("gateway") is not None:
        routes.append(_route({"prefix": "0.0.0.0/0", "via": mgmt_raw["gateway"], "dev": mgmt["name"]},
                             "management.gateway", interfaces))
    for index, raw in enumerate(I.sequence(intent.get("routes", []), "routes")):
        routes.append(_route(raw, "routes[%d]" % index, interfaces))
        if isinstance(routes[-1]["table"], str) and routes[-1]["table"].isdigit():
            routes[-1]["table"] = int(routes[-1]["table"])
        if routes[-1]["table"] not in ("main", table_name, table_id):
            raise I.IntentError("routes[%d].table" % index, "%s is neither main nor the egress table (%s, id %d)"
                                % (I.show(routes[-1]["table"]), table_name, table_id))
        if routes[-1]["table"] == table_id:
            routes[-1]["table"] = table_name
    forwarding = I.choice(intent.get("forwarding_mechanism", "ifupdown"), "forwarding_mechanism",
                          FORWARDING_MECHANISMS)
    conntrackd = I.mapping(intent.get("conntrackd", {"enabled": False}), "conntrackd")
    sizes = sizing(intent.get("peak_clients", 30000), intent.get("flows_per_client", 100))
    summary = ("SNAT %s onto %d addresses of %s by last octet; forwarding on %s only; own traffic via %s, "
               "clients via table %s; conntrack_max %d, gc_thresh3 %d" % (
                   clients, len(snat), pool, "+".join(i["name"] for i in interfaces if i["forwarding"]),
                   mgmt["name"], table_name, sizes["conntrack_max"], sizes["gc_thresh3"]))
    return {
        "design": "nat_gateway",
        "summary": summary,
        "clients": str(I.ip_prefix(clients, "clients", 4)),
        "pool": str(I.ip_prefix(pool, "pool", 4)),
        "snat": snat,
        "snat_split": intent.get("snat_split", "balanced"),
        "snat_import": intent.get("snat_import"),
        "snat_backend": I.choice(intent.get("snat_backend", "nftables"), "snat_backend",
                                 ("nftables", "iptables_u32", "ipset")),
        "interfaces": [dict(i, address=str(i["address"])) for i in interfaces],
        "forwarding": {
            "mechanism": forwarding,
            "enabled": [i["name"] for i in interfaces if i["forwarding"]],
            "disabled": [i["name"] for i in interfaces if not i["forwarding"]],
            "default": False,
        },
        "routes": routes,
        "policy_routing": {  # the arguments of the policy_routing module
            "tables": [{"id": table_id, "name": table_name}],
            "rules": [{"iif": inside["name"], "table": table_name, "priority": 1000}],
            "routes": [{"table": r["table"], "to": "default" if r["prefix"] == "0.0.0.0/0" else r["prefix"],
                        "via": r["via"], "dev": r["dev"]} for r in routes if r["table"] != "main"],
        },
        "sizing": sizes,
        "port_range": _port_range(intent),
        "conntrackd": _conntrackd(conntrackd, mgmt),
    }


def check(intent):
    """Findings for a nat_gateway intent (see design_check)."""
    findings = []
    I.mapping(intent, "intent")
    interfaces = _interfaces(intent)
    own = {str(i["address"].ip): i["name"] for i in interfaces}
    by_role = {i["role"]: i for i in interfaces}
    # (field, next hop, the interface it must be on: None when any connected network will do)
    hops = [("inside_next_hop", intent.get("inside_next_hop"), by_role["inside"]),
            ("outside_next_hop", intent.get("outside_next_hop"), by_role["outside"]),
            ("management.gateway", intent["management"].get("gateway"), by_role["management"])]
    for index, raw in enumerate(I.sequence(intent.get("routes", []), "routes")):
        I.mapping(raw, "routes[%d]" % index)
        dev = next((i for i in interfaces if i["name"] == raw.get("dev")), None)
        hops.append(("routes[%d].via" % index, raw.get("via"), dev))
        if raw.get("via") is None:
            findings.append(I.finding(
                "nexthop-missing", "error",
                "route %s out %s has no next hop: the box ARPs for every destination and, with "
                "proxy ARP on the router, fills its neighbour table with one entry per client"
                % (raw.get("prefix"), raw.get("dev")), "routes[%d]" % index))
    for field, hop, home in hops:
        if hop is None:
            if field.endswith("_next_hop"):
                findings.append(I.finding(
                    "nexthop-missing", "error",
                    "%s is not set: the route out that linknet would have no next hop" % field, field))
            continue
        address = I.ip_address(hop, field, 4)
        if str(address) in own:
            findings.append(I.finding(
                "nexthop-self", "error",
                "%s %s is this box's own address on %s: the kernel treats every destination as "
                "on-link and the neighbour table overflows" % (field, hop, own[str(address)]), field))
        elif home is not None and address not in home["address"].cidr:
            findings.append(I.finding(
                "nexthop-unreachable", "error",
                "%s %s is not on %s's network %s: the kernel refuses the route ('Nexthop has invalid gateway')"
                % (field, hop, home["name"], home["address"].cidr), field))
        elif home is None and not any(address in i["address"].cidr for i in interfaces):
            findings.append(I.finding(
                "nexthop-unreachable", "error",
                "%s %s is on no network of this box" % (field, hop), field))
    mechanism = intent.get("forwarding_mechanism", "ifupdown")
    if mechanism in EARLY_MECHANISMS:
        bonds = [i["name"] for i in interfaces if i["kind"] == "bond"]
        findings.append(I.finding(
            "sysctl-before-bond", "error",
            "per-interface forwarding for %s is set by %s, which runs at boot before the bonds exist: "
            "after a reboot they do not forward" % (", ".join(bonds), mechanism),
            "forwarding_mechanism"))
    if mechanism == "networkd":
        findings.append(I.finding(
            "forwarding-global", "warning",
            "systemd-networkd before v256 (Debian 12 has 252) sets IPForward= globally (net.ipv4.ip_forward), "
            "which turns forwarding on for every interface, management included",
            "forwarding_mechanism"))
    rows = snat_mapping(I.required(intent, "clients", ""), I.required(intent, "pool", ""),
                        intent.get("snat_split", "balanced"), intent.get("snat_import"))
    peak = I.integer(intent.get("peak_clients", 30000), "peak_clients", 1)
    flows = I.integer(intent.get("flows_per_client", 100), "flows_per_client", 1)
    low, high = _port_range(intent)
    ports = high - low + 1
    widest = max(r["octets"][1] - r["octets"][0] + 1 for r in rows)
    per_address = -(-peak * widest // MAX_POOL)
    if per_address * flows > ports:
        findings.append(I.finding(
            "snat-port-exhaustion", "error",
            "up to %d clients share one public address (%d of 256 last octets x %d peak clients) x %d "
            "flows each = %d > %d usable ports" % (per_address, widest, peak, flows, per_address * flows, ports),
            "pool"))
    client_net = I.ip_prefix(intent["clients"], "clients", 4)
    if not any(client_net in I.netaddr.IPNetwork(block) for block in PRIVATE_BLOCKS):
        findings.append(I.finding(
            "clients-not-private", "warning",
            "client range %s is not private address space (RFC 1918 / RFC 6598)" % client_net, "clients"))
    return findings
