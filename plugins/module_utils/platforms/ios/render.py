# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""From a design plan to the IOS constructs cisco.ios has no resource module for.

``ios_config(design, plan, host)`` returns ``{syntax name: [items]}`` for :mod:`ios_syntax`; the parts
cisco.ios covers (VRFs, interfaces, static routes, BGP) are rendered by its resource modules from the
same plan. Nothing here computes: every value comes from the plan.
"""

from __future__ import annotations

from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I
from ansible_collections.netdesign.resilience.plugins.module_utils.designs.sixto4_bgp.plan import site_of


def _site(plan, host):
    """The sixto4_bgp site named ``host``, or None."""
    try:
        return site_of(plan, host)
    except I.IntentError:
        return None


def _vrf_static_tracking(plan, host):
    tracks = []
    for track in plan["tracks"]:
        if track["type"] == "route":
            tracks.append({"type": "route", "id": track["id"], "network": track["network"],
                           "netmask": track["netmask"], "vrf": track["vrf"], "delay": dict(track["delay"])})
        else:
            tracks.append({"type": "list", "id": track["id"], "boolean": track["boolean"],
                           "objects": list(track["objects"]), "delay": dict(track["delay"])})
    config = {"vrf": [{"name": vrf, "ipv4": True} for vrf in plan["vrfs"]], "track": tracks, "global": []}
    subinterfaces = [{"name": i["name"], "vlan": _vlan(i["name"], i.get("vlan"))}
                     for i in plan["interfaces"] if I.is_subinterface(i["name"])]
    if subinterfaces:
        config["subinterface"] = subinterfaces
    if not plan["inter_vrf_leaking"]:
        config["global"].append({"type": "no_static_inter_vrf", "no_static_inter_vrf": True})
    if plan.get("management"):
        _management(plan["management"], config)
    return config


def _vlan(name, vlan):
    """A sub-interface's VLAN; refused when missing (design_check reports it as subinterface-vlan-missing), since
    IOS would then take no address on the interface."""
    if vlan is None:
        raise I.IntentError("vlan", "interface %r is a sub-interface without a vlan: encapsulation dot1Q cannot be "
                            "rendered (subinterface-vlan-missing)" % name)
    return vlan


def _management(mgmt, config):
    """The management write-up's SSH, VTY, AAA and DNS lines (syslog, NTP, SNMP and the ACL are cisco.ios's)."""
    vrf, lines = mgmt["vrf"], config["global"]
    if mgmt["aaa_group"]:
        # IOS offers `aaa group server` only once new-model is on: it goes first, on its own
        config["aaa_new_model"] = [{"type": "aaa_new_model", "aaa_new_model": True}]
        lines += [{"type": "aaa_method", "line": line} for line in mgmt["aaa_methods"]]
        config["aaa_group"] = [{"name": mgmt["aaa_group"],
                                "servers": ["%s key %s" % (a, mgmt["tacacs_key"]) for a in mgmt["tacacs_servers"]],
                                "vrf": vrf, "source_interface": mgmt["interface"]}]
    if mgmt["domain_name"]:
        # both: the plain one for `crypto key generate rsa`, the VRF one for lookups (the write-up's finding)
        lines += [{"type": "ip_domain_name", "domain": mgmt["domain_name"]},
                  {"type": "ip_domain_name_vrf", "vrf": vrf, "domain": mgmt["domain_name"]}]
    lines += [{"type": "ip_name_server_vrf", "vrf": vrf, "address": a} for a in mgmt["name_servers"]]
    lines += [{"type": "ip_ssh_version", "version": mgmt["ssh"]["version"]},
              {"type": "ip_ssh_timeout", "seconds": mgmt["ssh"]["timeout"]},
              {"type": "ip_ssh_source", "interface": mgmt["interface"]}]
    first = {"first": 0, "last": 4, "access_class": mgmt["ssh_acl"]["name"],
             "exec_timeout": {"minutes": 5, "seconds": 0}, "logging_synchronous": True, "transport_input": "ssh"}
    if mgmt["aaa_group"]:
        # a list the AAA lines define, `default` unless the intent names another (never the server group's
        # name, as the write-up has it: IOS disables login on a line whose list does not exist)
        first["login_authentication"] = mgmt["vty_login_list"]
    config["vty"] = [first, {"first": 5, "last": mgmt["vty_last"], "exec_timeout": {"minutes": 0, "seconds": 0},
                             "logging_synchronous": True, "transport_input": "none"}]


def _sixto4_bgp(plan, host):
    site = _site(plan, host)
    if site is None:
        raise I.IntentError("host", "%r is not a site of the sixto4_bgp plan (%s)"
                            % (host, ", ".join(s["name"] for s in plan["sites"])))
    # a `network` with no exact route in the RIB (an aggregate) is not advertised: the plan's anchors go to Null0
    anchors = [{"type": "ipv6_route_interface", "prefix": ios_ipv6(prefix), "interface": "Null0"}
               for prefix in site.get("anchors", [])]
    return {
        "tunnel": [{"name": site["tunnel_interface"], "ipv6_address": site["tunnel_prefix"],
                    "source": site["tunnel_source"], "mode": "ipv6ip 6to4"}],
        "global": [{"type": "ipv6_unicast_routing", "ipv6_unicast_routing": True},
                   {"type": "ipv6_route_interface", "prefix": plan["route"]["prefix"],
                    "interface": plan["route"]["interface"]}] + anchors,
    }


def ios_ipv6(address):
    """An IPv6 address (or prefix) the way IOS shows it in its running config: upper case."""
    return address.upper()


def _anycast_rp(plan, host):
    if ":" not in plan["address"]:
        return {}
    # `ipv6 multicast-routing` first, on every router of the plan: the write-up shows neither it nor the RP line,
    # and without it IOS forwards no IPv6 multicast and runs no PIM, whatever the RP address
    config = {"global": [{"type": "ipv6_multicast_routing", "ipv6_multicast_routing": True},
                         {"type": "ipv6_pim_rp", "address": ios_ipv6(plan["address"])}]}
    row = next((r for r in plan["rp_routers"] if r["router"] == host), None)
    if row is not None:
        igp = plan["igp"]
        loopback = {"name": row["interface"], "description": row["description"], "no_ip_address": True,
                    "ipv6_address": ios_ipv6(row["prefix"]), "ipv6_enable": True}
        if igp["protocol"] == "eigrp":
            loopback["eigrp"] = igp["process"]
        elif igp["protocol"] in ("ospf", "ospfv3"):
            loopback["ospfv3"] = {"process": igp["process"], "area": igp["area"]}
            if igp["loopback_network_type"] == "point-to-point":
                loopback["ospfv3"]["network"] = "point-to-point"
        config["rp_loopback"] = [loopback]
    return config


def _wan_backup_vrrp(plan, host):
    main = plan["main"]
    if host != main["name"]:
        raise I.IntentError("host", "%r is not the main router of the wan_backup_vrrp plan (%s): the backup device of "
                            "the write-up is an ANIRA box, configured by the Linux/keepalived side" % (host, main["name"]))
    tracks = [{"type": "interface", "id": t["object"], "interface": t["interface"], "tracking": "ip routing"}
              for t in main["track"]]
    interface = {
        "name": plan["interface"],
        "description": plan["interface_description"],
        "address": plan["ip"],
        "netmask": plan["netmask"],
        "group": plan["group"],
        # every tracked WAN link takes its decrement (the plan's priority on WAN failure is their sum)
        "vrrp": {"description": plan["description"], "ip": plan["virtual_ip"], "preempt_delay": plan["preempt_delay"],
                 "priority": main["priority"],
                 "track": [{"object": t["object"], "decrement": t["decrement"]} for t in main["track"]]},
        "arp_timeout": plan["arp_timeout"],
    }
    if I.is_subinterface(plan["interface"]):
        interface["vlan"] = _vlan(plan["interface"], plan.get("vlan"))
    config = {"track": tracks, "vrrp": [interface]}
    if plan.get("version", 2) == 3:
        # IOS-XE's VRRPv3 syntax, switched on globally before the group
        interface["vrrp"]["version"] = 3
        config["global"] = [{"type": "fhrp_vrrp_v3", "fhrp_vrrp_v3": True}]
    return config


RENDERERS = {
    "vrf_static_tracking": _vrf_static_tracking,
    "sixto4_bgp": _sixto4_bgp,
    "anycast_rp": _anycast_rp,
    "wan_backup_vrrp": _wan_backup_vrrp,
}
# parts rendered by another part's syntax table
SYNTAX_OF = {"aaa_new_model": "global"}


def is_ios_host(design, plan, host):
    """Whether ``host`` has an IOS configuration in the plan (wan_backup_vrrp: the main router only; its
    backup device is the write-up's ANIRA box)."""
    return design in RENDERERS and (design != "wan_backup_vrrp" or host == plan["main"]["name"])


def ios_config(design, plan, host):
    """``{syntax: items}`` of the constructs without a cisco.ios resource module, for one host."""
    if design not in RENDERERS:
        raise I.IntentError("design", "%r has no IOS rendering (%s)" % (design, ", ".join(sorted(RENDERERS))))
    return RENDERERS[design](plan, host)


# ---------------------------------------------------------------------------------------------
# The parts cisco.ios resource modules render (state: rendered), and putting everything together

def cisco_ios_config(design, plan, host):
    """``{cisco.ios module: config}`` for the parts cisco.ios covers, from the same plan."""
    if design == "sixto4_bgp":
        return _cisco_sixto4_bgp(plan, host)
    if design != "vrf_static_tracking":
        return {}
    interfaces = plan["interfaces"]
    routes = {}
    for route in plan["routes"]:
        hop = {"forward_router_address": route["next_hop"]}
        if route["track"] is not None:
            hop["track"] = route["track"]
        if route["distance"] is not None:
            hop["distance_metric"] = route["distance"]
        vrf_routes = routes.setdefault(route["vrf"], {})
        vrf_routes.setdefault(route["prefix"], []).append(hop)
    config = {
        # a sub-interface is routed by nature: `no switchport` belongs to its parent port, not to it
        "ios_interfaces": [dict({"name": i["name"], "enabled": True},
                                **({} if I.is_subinterface(i["name"]) else {"mode": "layer3"}),
                                **({"description": i["description"]} if i["description"] else {}))
                           for i in interfaces],
        "ios_vrf_interfaces": [{"name": i["name"], "vrf_name": i["vrf"]} for i in interfaces],
        "ios_l3_interfaces": [{"name": i["name"], "ipv4": [{"address": i["address"]}]} for i in interfaces],
        "ios_static_routes": [
            {"vrf": vrf, "address_families": [{"afi": "ipv4", "routes": [
                {"dest": prefix, "next_hops": hops} for prefix, hops in prefixes.items()]}]}
            for vrf, prefixes in routes.items()],
    }
    if plan.get("management"):
        config.update(_cisco_management(plan["management"]))
    return config


def _aces(entries):
    """Standard ACL entries as cisco.ios reads them back from IOS-XE, so that a second run changes nothing:
    numbered 10, 20, ... (without numbers it cannot merge into an ACL the device has) and a single address
    as `host` (IOS shows `10 permit 192.0.2.1`, cisco.ios parses that as a host)."""
    return [dict({"sequence": 10 * (index + 1), "grant": e["grant"]},
                 source={"address": e["address"], "wildcard_bits": e["wildcard"]} if e["wildcard"] else {"host": e["address"]})
            for index, e in enumerate(entries)]


def _cisco_management(mgmt):
    """SSH ACL (ios_acls), syslog (ios_logging_global), NTP (ios_ntp_global) and SNMP (ios_snmp_server), all
    through the management VRF and interface."""
    vrf, interface = mgmt["vrf"], mgmt["interface"]
    acls = [{"name": mgmt["ssh_acl"]["name"], "acl_type": "standard", "aces": _aces(mgmt["ssh_acl"]["entries"])}]
    if mgmt["snmp"]["acl_entries"]:
        # the ACL `snmp-server community ... RO <acl>` names (the write-up never defines it)
        acls.append({"name": mgmt["snmp"]["acl"], "acl_type": "standard", "aces": _aces(mgmt["snmp"]["acl_entries"])})
    out = {"ios_acls": [{"afi": "ipv4", "acls": acls}]}
    if mgmt["logging"]["hosts"]:
        out["ios_logging_global"] = {"trap": mgmt["logging"]["trap"], "facility": mgmt["logging"]["facility"],
                                     "hosts": [{"hostname": h, "vrf": vrf} for h in mgmt["logging"]["hosts"]]}
    if mgmt["ntp_servers"]:
        out["ios_ntp_global"] = {"source": interface, "servers": [{"server": s, "vrf": vrf} for s in mgmt["ntp_servers"]]}
    snmp = mgmt["snmp"]
    if snmp["hosts"]:
        community = dict({"name": snmp["community"], "ro": True}, **({"acl_v4": snmp["acl"]} if snmp["acl"] else {}))
        out["ios_snmp_server"] = {
            "communities": [community], "trap_source": interface, "source_interface": interface,
            "contact": snmp["contact"],
            "hosts": [{"host": h, "vrf": vrf, "community_string": snmp["community"], "traps": snmp["traps"]}
                      for h in snmp["hosts"]]}
    return out


def _cisco_sixto4_bgp(plan, host):
    """iBGP between 6to4 addresses (ios_bgp_global) and the IPv6 address family with the route reflector's
    clients and each site's networks (ios_bgp_address_family). Addresses in IOS's upper case, so that
    cisco.ios compares them with what the device shows; IOS's defaults (ipv4-unicast, route-target
    filter) stated, or cisco.ios renders their ``no`` forms."""
    site = _site(plan, host)
    if site is None:
        return {}
    asn = str(plan["asn"])
    neighbors = [{"neighbor_address": ios_ipv6(n["address"]), "remote_as": str(n["remote_as"])}
                 for n in site["neighbors"]]
    af_neighbors = [dict({"neighbor_address": ios_ipv6(n["address"]), "activate": True},
                         **({"route_reflector_client": True} if n.get("route_reflector_client") else {}))
                    for n in site["neighbors"]]
    return {
        "ios_bgp_global": {"as_number": asn, "bgp": {"default": {"ipv4_unicast": True, "route_target": {"filter": True}}},
                           "neighbors": neighbors},
        "ios_bgp_address_family": {"as_number": asn, "address_family": [
            {"afi": "ipv6", "neighbors": af_neighbors, "networks": [{"address": ios_ipv6(n)} for n in site["networks"]]}]},
    }


# Within one interface block, the order IOS needs: a sub-interface's `encapsulation dot1Q` before its address
# (IOS refuses the address without it); `vrf forwarding` clears the address, so it comes before `ip address`;
# the shutdown state goes last (as an operator types it).
CHILD_ORDER = ("description", "encapsulation", "no switchport", "switchport", "vrf forwarding", "no ip address",
               "ip address", "ipv6 address")


def _child_rank(line):
    if line in ("shutdown", "no shutdown"):
        return len(CHILD_ORDER) + 1
    for rank, head in enumerate(CHILD_ORDER):
        if line.startswith(head):
            return rank
    return len(CHILD_ORDER)


def assemble(ours, rendered):
    """``assemble_chunks`` of our lines, then each of cisco.ios's ``rendered`` lists (the ``ios_assemble`` filter)."""
    return assemble_chunks([("ours", ours)] + [("cisco", lines) for lines in rendered])


def assemble_chunks(chunks):
    """One configuration from ``[(kind, lines)]`` in order: ``ours`` as indented lines, ``cisco`` as cisco.ios
    ``rendered`` lists (flat: a block's lines follow its ``interface``/``vrf definition``/``router``/``ip access-list``
    line; the lines of an ``address-family`` inside a ``router`` block are indented once more, up to
    ``exit-address-family``). Blocks with the same opening line are merged where the first one stands (the order of
    ``ios_parts.ORDER``, the order a device needs); an interface's lines in ``CHILD_ORDER``."""
    blocks = {}
    order = []

    def block(head):
        if head not in blocks:
            blocks[head] = []
            order.append(head)
        return blocks[head]

    for kind, lines in chunks:
        current = None
        nested = False
        for line in lines:
            if kind == "ours":
                if line.startswith(" ") and current is not None:
                    current.append(line.strip())
                else:
                    current = block(line)
                continue
            line = line.strip()
            if line.startswith(("interface ", "vrf definition ", "router ", "ip access-list ")):
                current, nested = block(line), False
            elif current is None:
                block(line)
            elif line.startswith("address-family "):
                current.append(line)
                nested = True
            elif line == "exit-address-family":
                current.append(line)
                nested = False
            else:
                current.append((" " if nested else "") + line)
    out = []
    for head in order:
        out.append(head)
        children = blocks[head]
        if head.startswith("interface "):
            children = sorted(children, key=_child_rank)
        out += [" " + child for child in children]
    return out
