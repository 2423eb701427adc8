# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Design ``wan_backup_vrrp``: a VRRP gateway that floats to a backup WAN device.

The main router has priority 110 and tracks its WAN link; losing it decrements
the priority by 100 to 10, below the backup device's minimum (50), so the backup
(50..75) becomes master.  When the WAN returns, the main router takes the
gateway back only after ``preempt delay minimum`` seconds.
"""

from __future__ import annotations

from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I


def _main(intent):
    raw = I.mapping(I.required(intent, "main", ""), "main")
    tracks = []
    for index, track in enumerate(I.sequence(raw.get("track", []), "main.track", 1)):
        field = "main.track[%d]" % index
        I.mapping(track, field)
        tracks.append({
            "object": I.integer(I.required(track, "object", field), field + ".object", 1, 1000),
            "interface": I.interface_name(I.required(track, "interface", field), field + ".interface"),
            "decrement": I.integer(I.required(track, "decrement", field), field + ".decrement", 1, 254),
        })
        if any(t["object"] == tracks[-1]["object"] for t in tracks[:-1]):
            # IOS keeps one `vrrp N track OBJ` line per object: the second would replace the first
            raise I.IntentError(field + ".object", "track object %d is listed twice" % tracks[-1]["object"])
    return {
        "name": I.text(raw.get("name", "main"), "main.name"),
        "priority": I.integer(raw.get("priority", 110), "main.priority", 1, 254),
        "preempt_delay": I.integer(raw.get("preempt_delay", 60), "main.preempt_delay", 0, 3600),
        "track": tracks,
    }


def _backup(intent):
    raw = I.mapping(I.required(intent, "backup", ""), "backup")
    low = I.integer(raw.get("priority_min", 50), "backup.priority_min", 1, 254)
    high = I.integer(raw.get("priority_max", 75), "backup.priority_max", low, 254)
    return {"name": I.text(raw.get("name", "backup"), "backup.name"), "priority_min": low, "priority_max": high}


def plan(intent):
    """Priorities, tracking and preemption for both VRRP peers."""
    I.mapping(intent, "intent")
    main = _main(intent)
    backup = _backup(intent)
    if backup["name"].lower() == main["name"].lower():
        raise I.IntentError("backup.name", "%s is also main.name: the main router and the backup device are two "
                            "devices" % I.show(backup["name"]))
    degraded = max(1, main["priority"] - sum(t["decrement"] for t in main["track"]))
    group = I.integer(intent.get("group", 1), "group", 1, 255)
    interface = I.interface_name(I.required(intent, "interface", ""), "interface")
    for index, track in enumerate(main["track"]):
        if I.same_interface(track["interface"], interface):
            raise I.IntentError("main.track[%d].interface" % index, "%s is the VRRP interface itself: the group "
                                "cannot track the link it runs on (it would only see its own LAN go down)"
                                % I.show(track["interface"]))
    address = I.ip_interface(I.required(intent, "address", ""), "address", 4)
    summary = ("VRRP%s %d on %s: %s priority %d (%d when the WAN is down), %s %d-%d, preempt delay %d s" % (
        "v3" if intent.get("version") == 3 else "", group, interface, main["name"], main["priority"], degraded, backup["name"], backup["priority_min"],
        backup["priority_max"], main["preempt_delay"]))
    return {
        "design": "wan_backup_vrrp",
        "summary": summary,
        "hosts": [main["name"], backup["name"]],
        "group": group,
        "interface": interface,
        # the 802.1Q VLAN of a sub-interface (`encapsulation dot1Q`), None otherwise
        "vlan": I.vlan(intent, interface, "vlan"),
        # IOS: `vrrp N description` takes at most 80 characters
        "description": I.description(intent.get("description", "LAN"), "description", 80),
        "virtual_ip": str(I.ip_address(I.required(intent, "virtual_ip", ""), "virtual_ip", 4)),
        "address": str(address),
        "ip": str(address.ip),
        "netmask": str(address.netmask),
        "interface_description": I.description(intent.get("interface_description", "Internal Network"),
                                               "interface_description"),
        "arp_timeout": I.integer(intent.get("arp_timeout", 60), "arp_timeout", 1, 2147483),
        # 2: the write-up's `vrrp N ip` lines; 3: IOS-XE's VRRPv3 (`fhrp version vrrp v3`, `vrrp N address-family
        # ipv4` blocks). VRRPv3 does not talk to VRRPv2 by default: the backup device must run version 3 too
        "version": I.integer(intent.get("version", 2), "version", 2, 3),
        "main": dict(main, priority_on_wan_failure=degraded),
        "backup": backup,
        "master": {"normal": main["name"], "wan_failure": backup["name"]},
        "preempt_delay": main["preempt_delay"],
    }


def check(intent):
    """Findings for a wan_backup_vrrp intent (see design_check)."""
    result = plan(intent)
    main, backup = result["main"], result["backup"]
    findings = []
    if main["priority"] <= backup["priority_max"]:
        findings.append(I.finding(
            "vrrp-priority", "error",
            "main priority %d is not above the backup's maximum %d: the backup can stay master while the WAN "
            "is up" % (main["priority"], backup["priority_max"]), "main.priority"))
    if main["priority_on_wan_failure"] >= backup["priority_min"]:
        findings.append(I.finding(
            "vrrp-priority", "error",
            "main priority %d minus decrement %d = %d is not below the backup's minimum %d: a WAN failure "
            "does not move the gateway" % (main["priority"], sum(t["decrement"] for t in main["track"]),
                                           main["priority_on_wan_failure"], backup["priority_min"]),
            "main.track"))
    if I.is_subinterface(result["interface"]) and result["vlan"] is None:
        findings.append(I.finding(
            "subinterface-vlan-missing", "error",
            "interface %s is a sub-interface without a vlan: IOS takes no address on it until 'encapsulation "
            "dot1Q VLAN' is set, and nothing renders that line" % result["interface"], "vlan"))
    virtual = I.netaddr.IPAddress(result["virtual_ip"])
    subnet = I.netaddr.IPNetwork(result["address"])
    if virtual == subnet.ip:
        findings.append(I.finding(
            "vrrp-address-owner", "error",
            "virtual_ip %s is the interface's own address (address %s on %s): IOS makes this router the address "
            "owner at priority 255, so its WAN tracking no longer lowers it and the backup never takes the gateway; "
            "use a free address of %s" % (virtual, result["address"], result["interface"], subnet.cidr),
            "virtual_ip"))
    elif virtual not in subnet.cidr:
        findings.append(I.finding(
            "vrrp-address-outside", "error",
            "virtual_ip %s is outside %s, the subnet of %s (address %s): the LAN's hosts cannot use it as their "
            "gateway" % (virtual, subnet.cidr, result["interface"], result["address"]), "virtual_ip"))
    elif subnet.prefixlen < 31 and virtual in (subnet.network, subnet.broadcast):
        findings.append(I.finding(
            "vrrp-address-outside", "error",
            "virtual_ip %s is the %s address of %s: no host can use it as its gateway" % (
                virtual, "network" if virtual == subnet.network else "broadcast", subnet.cidr), "virtual_ip"))
    if main["preempt_delay"] == 0:
        findings.append(I.finding(
            "vrrp-preempt-delay", "warning",
            "preempt delay 0: the gateway returns the moment the WAN link comes up, even while it flaps",
            "main.preempt_delay"))
    return findings
