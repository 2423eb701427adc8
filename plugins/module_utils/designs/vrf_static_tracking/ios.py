# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Design ``vrf_static_tracking`` on IOS: the VRFs, tracks, sub-interfaces and management lines without a cisco.ios
resource module (``config``) and the parts cisco.ios's resource modules render (``cisco``), from the plan."""

from __future__ import annotations

from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import common as C


def render(plan, host):
    tracks = []
    for track in plan["tracks"]:
        if track["type"] == "route":
            tracks.append({"type": "route", "id": track["id"], "network": track["network"],
                           "netmask": track["netmask"], "vrf": track["vrf"], "delay": dict(track["delay"])})
        else:
            tracks.append({"type": "list", "id": track["id"], "boolean": track["boolean"],
                           "objects": list(track["objects"]), "delay": dict(track["delay"])})
    config = {"vrf": [{"name": vrf, "ipv4": True} for vrf in plan["vrfs"]], "track": tracks, "global": []}
    subinterfaces = [{"name": i["name"], "vlan": C.subinterface_vlan(i["name"], i.get("vlan"))}
                     for i in plan["interfaces"] if I.is_subinterface(i["name"])]
    if subinterfaces:
        config["subinterface"] = subinterfaces
    if not plan["inter_vrf_leaking"]:
        config["global"].append({"type": "no_static_inter_vrf", "no_static_inter_vrf": True})
    if plan.get("management"):
        _management(plan["management"], config)
    return config


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


def cisco(plan, _host):
    """``{cisco.ios module: config}`` for the parts cisco.ios covers, from the same plan."""
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
