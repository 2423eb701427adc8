# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared, pure helpers to read a design intent.

Every reader takes the value and the *field path* it came from, and raises
``ValueError`` (or ``TypeError`` for a wrong type) with a message that names
that field and the offending value.  No Ansible imports: the planners that use
these helpers are shared by modules, filters and tests.
"""

from __future__ import annotations

import re

try:
    import netaddr
except ImportError:  # pragma: no cover - exercised only without netaddr
    netaddr = None

NETADDR_MISSING = "the Python library 'netaddr' is required (pip install netaddr)"


class DesignError(Exception):
    """The one base of the collection's errors about what it was given: ``field`` names where the problem is
    (an intent path such as ``main.track[0].object``, or an argument such as ``host``), the text is
    ``<field>: <what is wrong, with the value>``. Modules and filters catch this class (and the standard
    ValueError/TypeError it comes with) and show the text once."""

    def __init__(self, field, message):
        self.field = field
        self.message = message
        super().__init__("%s: %s" % (field, message))


class IntentError(DesignError, ValueError):
    """A value is wrong."""


class IntentTypeError(DesignError, TypeError):
    """A value has the wrong type."""


def _need_netaddr():
    if netaddr is None:
        raise ImportError(NETADDR_MISSING)


def show(value, render=repr):
    """Short printable form of a user value for error messages (``render=ascii``: ASCII only)."""
    text = render(value)
    return text if len(text) <= 80 else text[:77] + "..."


def mapping(value, field):
    if not isinstance(value, dict):
        raise IntentTypeError(field, "must be a mapping, got %s" % show(value))
    return value


def sequence(value, field, min_items=0, max_items=None):
    if isinstance(value, (str, bytes, dict)) or not isinstance(value, (list, tuple)):
        raise IntentTypeError(field, "must be a list, got %s" % show(value))
    if len(value) < min_items:
        raise IntentError(field, "needs at least %d item(s), got %d" % (min_items, len(value)))
    if max_items is not None and len(value) > max_items:
        raise IntentError(field, "takes at most %d item(s), got %d" % (max_items, len(value)))
    return list(value)


def required(data, key, field):
    if key not in data or data[key] is None:
        raise IntentError("%s.%s" % (field, key) if field else key, "is required")
    return data[key]


# Every string of an intent ends up in a device line, a file or a shell command: one line of printable
# ASCII (IOS takes nothing else in names and descriptions; a newline would start a new configuration
# line, so `description "LAN\nusername evil privilege 15 ..."` would inject a user: issue #16).
PRINTABLE = re.compile(r"^[\x20-\x7e]*$")
ONE_LINE = "must be one line of printable ASCII (no newline, carriage return, tab, control or non-ASCII character)"


def text(value, field, allow_empty=False):
    if not isinstance(value, str):
        raise IntentTypeError(field, "must be a string, got %s" % show(value))
    if not PRINTABLE.match(value):
        raise IntentError(field, "%s, got %s" % (ONE_LINE, show(value)))
    if not allow_empty and not value.strip():
        raise IntentError(field, "must not be empty")
    if value != value.strip():
        raise IntentError(field, "has leading or trailing white space: %s" % show(value))
    return value


def secret(value, field, spaces=True):
    """A key or community: checked like ``text`` but never shown in a message (it may be a real secret,
    decrypted from ansible-vault). IOS reads ``?`` as a request for help, so it cannot be typed in one."""
    if not isinstance(value, str):
        raise IntentTypeError(field, "must be a string (the value is not shown: it is a secret)")
    if not value.strip():
        raise IntentError(field, "must not be empty")
    problems = [why for bad, why in (
        (not PRINTABLE.match(value), ONE_LINE),
        (value != value.strip(), "must not start or end with white space"),
        (not spaces and " " in value, "must not contain a space"),
        ("?" in value, "must not contain '?' (IOS reads it as a request for help)"))
        if bad]
    if problems:
        raise IntentError(field, "%s (the value is not shown: it is a secret)" % "; ".join(problems))
    return value


# IOS names of VRFs, ACLs, AAA server groups and method lists: one word that starts with a letter
# (a number would name a numbered ACL), at most 32 characters (IOS-XE's limit for VRF names).
IOS_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_.:@+-]*$")
# IOS interface names: a type, then a number with optional /slot parts and a .subinterface
# (GigabitEthernet0/0/1.100, Port-channel10, Tunnel2002, Loopback0, Vlan10)
IOS_INTERFACE = re.compile(r"^[A-Za-z][A-Za-z-]*[0-9]+(/[0-9]+)*(\.[0-9]+)?$")
# Linux interface names: at most 15 bytes (IFNAMSIZ - 1), no '/', no white space, not '.' or '..'
LINUX_INTERFACE = re.compile(r"^(?!\.{1,2}$)[A-Za-z0-9_.-]{1,15}$")


def ios_name(value, field, max_length=32):
    text(value, field)
    if not IOS_NAME.match(value) or len(value) > max_length:
        raise IntentError(field, "is not an IOS name (a letter, then letters, digits or _ . : @ + -, at most %d "
                                 "characters, no space): %s" % (max_length, show(value)))
    return value


def interface_name(value, field):
    """An interface name of IOS (a type and its number) or of Linux (the routing designs render for both:
    the Linux twin's nodes have names such as ``wan`` or ``po10``). Either way one word, nothing a line or
    a shell could split."""
    text(value, field)
    if not (IOS_INTERFACE.match(value) or LINUX_INTERFACE.match(value)):
        raise IntentError(field, "is not an interface name (IOS: a type, then its number, such as "
                                 "GigabitEthernet0/0/1, Port-channel10, Tunnel2002; Linux: 1 to 15 of letters, digits, "
                                 "_ . -; no space): %s" % show(value))
    return value


def is_subinterface(name):
    """Whether an interface name is a sub-interface (``GigabitEthernet0/0/1.100``: a number after a dot)."""
    match = IOS_INTERFACE.match(name) if isinstance(name, str) else None
    return bool(match and match.group(2))


def vlan(raw, name, field):
    """The 802.1Q VLAN ``raw['vlan']`` of the interface named ``name`` (``field`` is that key's path): None
    when not given (design_check reports a sub-interface without one: subinterface-vlan-missing); IOS
    takes ``encapsulation dot1Q`` on a sub-interface only."""
    value = raw.get("vlan")
    if value is None:
        return None
    value = integer(value, field, 1, 4094)
    if not is_subinterface(name):
        raise IntentError(field, "VLAN %d is for a sub-interface (a name with .N, e.g. GigabitEthernet0/0/1.100), "
                                 "which %s is not" % (value, show(name)))
    return value


def linux_interface(value, field):
    text(value, field)
    if not LINUX_INTERFACE.match(value):
        raise IntentError(field, "is not a Linux interface name (1 to 15 of letters, digits, _ . -): %s" % show(value))
    return value


def description(value, field, max_length=240):
    """A description line (IOS: at most 240 characters on an interface, 80 on a VRRP group)."""
    text(value, field)
    if len(value) > max_length:
        raise IntentError(field, "is %d characters long, IOS takes at most %d: %s" % (len(value), max_length,
                                                                                      show(value)))
    return value


def integer(value, field, minimum=None, maximum=None):
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            value = int(value)
        else:
            raise IntentTypeError(field, "must be an integer, got %s" % show(value))
    if minimum is not None and value < minimum:
        raise IntentError(field, "must be >= %d, got %d" % (minimum, value))
    if maximum is not None and value > maximum:
        raise IntentError(field, "must be <= %d, got %d" % (maximum, value))
    return value


def boolean(value, field):
    if not isinstance(value, bool):
        raise IntentTypeError(field, "must be true or false, got %s" % show(value))
    return value


def choice(value, field, choices):
    if value not in choices:
        raise IntentError(field, "must be one of %s, got %s" % (", ".join(sorted(choices)), show(value)))
    return value


def _netaddr(value, field, parse, noun, version):
    """``value`` parsed by ``parse`` (netaddr.IPAddress or IPNetwork, the ``noun`` in messages), of IP ``version`` if given."""
    try:
        parsed = parse(value)
    except (netaddr.AddrFormatError, ValueError, TypeError):
        raise IntentError(field, "is not an IP %s: %s" % (noun, show(value))) from None
    if version is not None and parsed.version != version:
        raise IntentError(field, "must be an IPv%d %s, got %s" % (version, noun, show(value)))
    return parsed


def ip_address(value, field, version=None):
    """An address without prefix length, as a netaddr.IPAddress."""
    _need_netaddr()
    text(value, field)
    if "/" in value:
        raise IntentError(field, "must be an address without prefix length, got %s" % show(value))
    return _netaddr(value, field, netaddr.IPAddress, "address", version)


def ip_prefix(value, field, version=None, strict=True):
    """A prefix written with an explicit length, as a netaddr.IPNetwork.

    With ``strict`` the address part must be the network address
    (``10.16.0.0/12``, not ``10.16.1.1/12``).
    """
    _need_netaddr()
    text(value, field)
    if "/" not in value:
        raise IntentError(field, "must be a prefix with a length (e.g. 10.16.0.0/12), got %s" % show(value))
    net = _netaddr(value, field, netaddr.IPNetwork, "prefix", version)
    if strict and net.ip != net.network:
        raise IntentError(field, "has host bits set: %s (did you mean %s?)" % (show(value), net.cidr))
    return net


def ip_interface(value, field, version=None):
    """An interface address with its prefix length (``192.76.34.94/30``)."""
    net = ip_prefix(value, field, version=version, strict=False)
    width = 32 if net.version == 4 else 128
    if net.prefixlen < width - 1 and net.ip in (net.network, net.broadcast):
        raise IntentError(field, "is the network or broadcast address of %s: %s" % (net.cidr, show(value)))
    return net


def name_list(value, field, min_items=0):
    """A list of unique non-empty names."""
    items = sequence(value, field, min_items=min_items)
    seen = set()
    for index, item in enumerate(items):
        text(item, "%s[%d]" % (field, index))
        if item in seen:
            raise IntentError("%s[%d]" % (field, index), "duplicate name %s" % show(item))
        seen.add(item)
    return items


def finding(code, severity, message, where):
    """One design_check finding, the public shape of the design_check filter."""
    return {"code": code, "severity": severity, "message": message, "where": where}


# IOS interface types, for names written in full or abbreviated (IOS takes any unambiguous prefix: Gi0/1,
# Po10, Te1/0/1): two spellings of one interface are one interface
IOS_INTERFACE_TYPES = ("GigabitEthernet", "TwoGigabitEthernet", "FiveGigabitEthernet", "TenGigabitEthernet",
                       "TwentyFiveGigE", "FortyGigabitEthernet",
                       "HundredGigE", "FastEthernet", "Ethernet", "Port-channel", "Loopback", "Tunnel", "Vlan",
                       "Serial", "Multilink", "Dialer", "BDI", "Virtual-Template")


def canonical_interface(name):
    """An IOS interface name with its type in full (``po10`` -> ``Port-channel10``); a name whose type is not
    an unambiguous prefix of one IOS type (a Linux name: ``bond0``) is returned as it is."""
    match = re.match(r"^([A-Za-z][A-Za-z-]*?)(\d.*)$", str(name))
    if not match:
        return str(name)
    typed = match.group(1).lower()
    types = [t for t in IOS_INTERFACE_TYPES if t.lower() == typed] or \
        [t for t in IOS_INTERFACE_TYPES if t.lower().startswith(typed)]
    return types[0] + match.group(2) if len(types) == 1 else str(name)


def same_interface(first, second):
    return canonical_interface(first).lower() == canonical_interface(second).lower()


def overlap(first, second):
    """Whether two networks (netaddr, an interface address counts as its network) share an address."""
    first, second = first.cidr, second.cidr
    return first.first <= second.last and second.first <= first.last
