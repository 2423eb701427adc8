# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Management-VRF services of an IOS-XE router ("Configuring Cisco Ethernet management interfaces").

``plan(raw)`` validates the ``management`` part of an intent and fills in the write-up's defaults:
SSH only from the ACL (``access-class ... in vrf-also``), AAA through a private TACACS+ group reached in
the management VRF, the AAA method lists naming that group, DNS, syslog, NTP and SNMP in the VRF.
``lockout(plan)`` lists the controllers the SSH ACL would shut out (design_check reports them before
anything is pushed). Nothing here renders: module_utils/ios_render.py does, from this plan.
"""

from __future__ import annotations

import ipaddress

from ansible_collections.netdesign.resilience.plugins.module_utils import intent as I

# The write-up's AAA method lists, with its group; {group} is the server group's name.
AAA_METHODS = (
    "aaa authentication login default group {group} local",
    "aaa authentication enable default group {group} enable",
    "aaa authorization console",
    "aaa authorization exec default group {group} local if-authenticated",
    "aaa authorization commands 15 default group {group} local if-authenticated",
    "aaa accounting commands 1 default stop-only group {group}",
    "aaa accounting commands 15 default stop-only group {group}",
)


def _addresses(raw, field):
    return [str(I.ip_address(value, "%s[%d]" % (field, index), 4))
            for index, value in enumerate(I.sequence(raw or [], field))]


def _ace(text, field):
    """``permit A`` or ``permit A WILDCARD`` (standard ACL entry) -> {grant, address, wildcard}."""
    words = I.text(text, field).split()
    if len(words) not in (2, 3) or words[0] not in ("permit", "deny"):
        raise I.IntentError(field, "%s is not 'permit|deny ADDRESS [WILDCARD]'" % I.show(text))
    address = str(I.ip_address(words[1], field, 4))
    wildcard = str(I.ip_address(words[2], field, 4)) if len(words) == 3 else None
    if wildcard is not None and wildcard == "0.0.0.0":
        wildcard = None
    return {"grant": words[0], "address": address, "wildcard": wildcard}


def _matches(ace, address):
    wildcard = int(ipaddress.IPv4Address(ace["wildcard"] or "0.0.0.0"))
    return (int(ipaddress.IPv4Address(address)) & ~wildcard) == (int(ipaddress.IPv4Address(ace["address"])) & ~wildcard)


def permits(entries, address):
    """Whether a standard ACL lets ``address`` in: first match wins, implicit deny at the end."""
    for ace in entries:
        if _matches(ace, address):
            return ace["grant"] == "permit"
    return False


def plan(raw, field="management"):
    mgmt = I.mapping(raw, field)
    vrf = I.text(I.required(mgmt, "vrf", field), field + ".vrf")
    interface = I.text(I.required(mgmt, "interface", field), field + ".interface")
    acl = I.mapping(I.required(mgmt, "ssh_acl", field), field + ".ssh_acl")
    entries = [_ace(text, "%s.ssh_acl.entries[%d]" % (field, index))
               for index, text in enumerate(I.sequence(I.required(acl, "entries", field + ".ssh_acl"),
                                                       field + ".ssh_acl.entries", 1))]
    group = I.text(mgmt.get("aaa_group", "TAC_PLUS"), field + ".aaa_group")
    tacacs = _addresses(mgmt.get("tacacs_servers"), field + ".tacacs_servers")
    key = mgmt.get("tacacs_key")
    if tacacs and key is None:
        raise I.IntentError(field + ".tacacs_key", "is required with tacacs_servers (keep it in ansible-vault)")
    methods = mgmt.get("aaa_methods")
    methods = [line.format(group=group) for line in AAA_METHODS] if methods is None else [
        I.text(line, "%s.aaa_methods[%d]" % (field, index)) for index, line in enumerate(I.sequence(
            methods, field + ".aaa_methods"))]
    snmp_hosts = _addresses(mgmt.get("snmp_hosts"), field + ".snmp_hosts")
    community = mgmt.get("snmp_community")
    if snmp_hosts and community is None:
        raise I.IntentError(field + ".snmp_community", "is required with snmp_hosts (keep it in ansible-vault)")
    return {
        "vrf": vrf,
        "interface": interface,
        "domain_name": I.text(mgmt["domain_name"], field + ".domain_name") if mgmt.get("domain_name") else None,
        "ssh_acl": {"name": I.text(I.required(acl, "name", field + ".ssh_acl"), field + ".ssh_acl.name"),
                    "entries": entries},
        "ssh": {"version": 2, "timeout": I.integer(mgmt.get("ssh_timeout", 60), field + ".ssh_timeout", 1, 120)},
        "vty_last": I.integer(mgmt.get("vty_last", 16), field + ".vty_last", 5, 98),
        "aaa_group": group if tacacs else None,
        "aaa_methods": methods if tacacs else [],
        "tacacs_servers": tacacs,
        "tacacs_key": None if key is None else I.text(key, field + ".tacacs_key"),
        "name_servers": _addresses(mgmt.get("name_servers"), field + ".name_servers"),
        "logging": {"hosts": _addresses(mgmt.get("logging_hosts"), field + ".logging_hosts"),
                    "trap": I.text(mgmt.get("logging_trap", "debugging"), field + ".logging_trap"),
                    "facility": I.text(mgmt.get("logging_facility", "local6"), field + ".logging_facility")},
        "ntp_servers": _addresses(mgmt.get("ntp_servers"), field + ".ntp_servers"),
        "snmp": {"hosts": snmp_hosts, "community": None if community is None else I.text(community, field + ".snmp_community"),
                 "acl": mgmt.get("snmp_acl"), "contact": mgmt.get("snmp_contact", "Networks"),
                 "traps": list(mgmt.get("snmp_traps", ["tty", "vtp", "config", "vlan-membership", "snmp"]))},
        "controllers": _addresses(mgmt.get("controllers"), field + ".controllers"),
    }


def lockout(mgmt):
    """Controllers (the hosts Ansible reaches the router from) the SSH ACL would shut out."""
    return [address for address in mgmt["controllers"] if not permits(mgmt["ssh_acl"]["entries"], address)]
