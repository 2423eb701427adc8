# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Management-VRF services of an IOS-XE router ("Configuring Cisco Ethernet management interfaces").

``plan(raw)`` validates the ``management`` part of an intent and fills in the write-up's defaults:
SSH only from the ACL (``access-class ... in vrf-also``), AAA through a private TACACS+ group reached in
the management VRF, the AAA method lists naming that group, DNS, syslog, NTP and SNMP in the VRF.
``lockout(plan)`` lists the controllers the SSH ACL would shut out (design_check reports them before
anything is pushed); ``switch_traps(plan)`` the switch-only SNMP traps a router would reject. Nothing here
renders: module_utils/platforms/ios/render.py does, from this plan.
"""

from __future__ import annotations

import ipaddress
import re

from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I

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


# `logging trap` levels and `logging facility` names IOS accepts
LOGGING_LEVELS = ("emergencies", "alerts", "critical", "errors", "warnings", "notifications", "informational",
                  "debugging", "0", "1", "2", "3", "4", "5", "6", "7")
LOGGING_FACILITIES = ("auth", "cron", "daemon", "kern", "lpr", "mail", "news", "syslog", "user", "uucp",
                      "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7",
                      "sys9", "sys10", "sys11", "sys12", "sys13", "sys14")
TRAP_KEYWORD = re.compile(r"^[a-z][a-z0-9-]*$")
# The write-up's trap list (its device is a Catalyst 4500-X, a switch): `snmp-server host ... tty vtp config
# vlan-membership snmp`. vtp and vlan-membership are switch traps that routers reject (design_check warns
# snmp-switch-traps unless the intent says the device is a switch).
DEFAULT_TRAPS = ("tty", "vtp", "config", "vlan-membership", "snmp")
SWITCH_TRAPS = ("vtp", "vlan-membership")
HOSTNAME = re.compile(r"^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$")
LOGIN_LIST = re.compile(r"^aaa authentication login (\S+) ")


def login_lists(methods):
    """The login method lists that AAA method lines define (``aaa authentication login NAME ...``)."""
    return [m.group(1) for m in (LOGIN_LIST.match(line) for line in methods) if m]


def _vty_login_list(mgmt, methods, field):
    """The list the VTY lines log in with. IOS disables login on a line whose named list does not exist
    (every new SSH session is refused), so it must be one the method lines define, or ``default``.
    The write-up names its server group (``login authentication TAC_PLUS``) while defining only the
    ``default`` login list: that line would lock the router out, so the default is ``default``."""
    name = I.ios_name(mgmt.get("vty_login_list", "default"), field + ".vty_login_list")
    defined = login_lists(methods)
    if name != "default" and name not in defined:
        raise I.IntentError(field + ".vty_login_list", "names the login list %s, but aaa_methods define only %s: IOS "
                            "would refuse every SSH login on the VTY lines (a lockout). Name a defined list, or "
                            "leave it at 'default'" % (I.show(name), ", ".join(defined) or "none"))
    return name


def _traps(raw, field):
    traps = I.sequence(raw, field)
    for index, trap in enumerate(traps):
        I.text(trap, "%s[%d]" % (field, index))
        if not TRAP_KEYWORD.match(trap):
            raise I.IntentError("%s[%d]" % (field, index), "is not an SNMP trap keyword: %s" % I.show(trap))
    return list(traps)


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


def _aaa_line(line, field):
    I.text(line, field)
    if not re.match(r"^aaa (authentication|authorization|accounting) ", line):
        raise I.IntentError(field, "is not an AAA method line (aaa authentication|authorization|accounting ...): %s"
                            % I.show(line))
    return line


def _snmp(mgmt, field):
    snmp_hosts = _addresses(mgmt.get("snmp_hosts"), field + ".snmp_hosts")
    community = mgmt.get("snmp_community")
    if snmp_hosts and community is None:
        raise I.IntentError(field + ".snmp_community", "is required with snmp_hosts (keep it in ansible-vault)")
    acl = mgmt.get("snmp_acl")
    acl = None if acl is None else I.ios_name(acl, field + ".snmp_acl")
    # the ACL the community names must exist: the collection defines it (the pollers, unless the intent
    # lists entries), or the intent says the device has it already (snmp_acl_exists: true)
    exists = I.boolean(mgmt.get("snmp_acl_exists", False), field + ".snmp_acl_exists")
    entries = mgmt.get("snmp_acl_entries")
    if acl is None or exists:
        entries = []
    elif entries is None:
        entries = [{"grant": "permit", "address": host, "wildcard": None} for host in snmp_hosts]
    else:
        entries = [_ace(text, "%s.snmp_acl_entries[%d]" % (field, index))
                   for index, text in enumerate(I.sequence(entries, field + ".snmp_acl_entries", 1))]
    return {"hosts": snmp_hosts,
            "community": None if community is None else I.secret(community, field + ".snmp_community", spaces=False),
            "acl": acl, "acl_entries": entries,
            "contact": I.text(mgmt.get("snmp_contact", "Networks"), field + ".snmp_contact"),
            "traps": _traps(mgmt.get("snmp_traps", list(DEFAULT_TRAPS)), field + ".snmp_traps")}


def plan(raw, field="management"):
    if not isinstance(raw, dict):
        # not I.mapping: its message shows the value, and this one holds the TACACS+ key and SNMP community
        raise I.IntentTypeError(field, "must be a mapping, got a %s (not shown: it may hold secrets)"
                                % type(raw).__name__)
    mgmt = raw
    vrf = I.ios_name(I.required(mgmt, "vrf", field), field + ".vrf")
    interface = I.interface_name(I.required(mgmt, "interface", field), field + ".interface")
    acl = I.mapping(I.required(mgmt, "ssh_acl", field), field + ".ssh_acl")
    entries = [_ace(text, "%s.ssh_acl.entries[%d]" % (field, index))
               for index, text in enumerate(I.sequence(I.required(acl, "entries", field + ".ssh_acl"),
                                                       field + ".ssh_acl.entries", 1))]
    group = I.ios_name(mgmt.get("aaa_group", "TAC_PLUS"), field + ".aaa_group")
    tacacs = _addresses(mgmt.get("tacacs_servers"), field + ".tacacs_servers")
    key = mgmt.get("tacacs_key")
    if tacacs and key is None:
        raise I.IntentError(field + ".tacacs_key", "is required with tacacs_servers (keep it in ansible-vault)")
    methods = mgmt.get("aaa_methods")
    methods = [line.format(group=group) for line in AAA_METHODS] if methods is None else [
        _aaa_line(line, "%s.aaa_methods[%d]" % (field, index)) for index, line in enumerate(I.sequence(
            methods, field + ".aaa_methods"))]
    domain = mgmt.get("domain_name")
    if domain:
        I.text(domain, field + ".domain_name")
        if not HOSTNAME.match(domain):
            raise I.IntentError(field + ".domain_name", "is not a domain name: %s" % I.show(domain))
    return {
        "vrf": vrf,
        "interface": interface,
        "domain_name": domain or None,
        "ssh_acl": {"name": I.ios_name(I.required(acl, "name", field + ".ssh_acl"), field + ".ssh_acl.name"),
                    "entries": entries},
        "ssh": {"version": 2, "timeout": I.integer(mgmt.get("ssh_timeout", 60), field + ".ssh_timeout", 1, 120)},
        "vty_last": I.integer(mgmt.get("vty_last", 16), field + ".vty_last", 5, 98),
        "aaa_group": group if tacacs else None,
        "aaa_methods": methods if tacacs else [],
        "vty_login_list": _vty_login_list(mgmt, methods, field) if tacacs else None,
        "tacacs_servers": tacacs,
        "tacacs_key": None if key is None else I.secret(key, field + ".tacacs_key"),
        "name_servers": _addresses(mgmt.get("name_servers"), field + ".name_servers"),
        "logging": {"hosts": _addresses(mgmt.get("logging_hosts"), field + ".logging_hosts"),
                    "trap": I.choice(str(mgmt.get("logging_trap", "debugging")), field + ".logging_trap",
                                     LOGGING_LEVELS),
                    "facility": I.choice(mgmt.get("logging_facility", "local6"), field + ".logging_facility",
                                         LOGGING_FACILITIES)},
        "ntp_servers": _addresses(mgmt.get("ntp_servers"), field + ".ntp_servers"),
        "snmp": _snmp(mgmt, field),
        "controllers": _addresses(mgmt.get("controllers"), field + ".controllers"),
        "switch": I.boolean(mgmt.get("switch", False), field + ".switch"),
    }


def switch_traps(mgmt):
    """The switch-only SNMP traps the plan renders on a device the intent does not call a switch."""
    if mgmt["switch"] or not mgmt["snmp"]["hosts"]:
        return []
    return [trap for trap in mgmt["snmp"]["traps"] if trap in SWITCH_TRAPS]


def lockout(mgmt):
    """Controllers (the hosts Ansible reaches the router from) the SSH ACL would shut out."""
    return [address for address in mgmt["controllers"] if not permits(mgmt["ssh_acl"]["entries"], address)]
