# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Undefined references in a rendered IOS configuration (the check Batfish calls undefined references).

A line that names a login method list, an ACL, an AAA server group, a track object or a VRF that the
configuration never defines is worse than useless on IOS: a VTY line whose login list does not exist
refuses every login, an ``access-class`` or SNMP community naming a missing ACL filters nothing or
everything, a route tied to a missing track is never installed. ``findings(lines, where, existing)``
reports each such name once per kind, as design_check findings (``ios-undefined-<kind>``), from the
lines alone, so it runs on any inventory's rendered files. ``existing`` names what the intent says the
device already has (the management VRF of its management interface).

Interfaces (``source-interface``, ``tunnel source``) are not checked: a rendering holds only the
interfaces a design changes, and the device has the others.
"""

from __future__ import annotations

import re

from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I

# kind -> (finding code, what IOS does with the dangling reference)
KINDS = {
    "login-list": ("ios-undefined-login-list", "IOS disables login on a line whose list does not exist: every "
                                               "new session is refused"),
    "acl": ("ios-undefined-acl", "IOS applies no filter, or refuses all, depending on the feature"),
    "aaa-group": ("ios-undefined-aaa-group", "the method list skips the group: no TACACS+ authentication, "
                                             "authorization or accounting"),
    "track": ("ios-undefined-track", "a route or VRRP group tied to a missing track object never behaves as "
                                     "planned"),
    "vrf": ("ios-undefined-vrf", "IOS refuses the line (% VRF does not exist)"),
}
CODES = tuple(code for code, _why in KINDS.values())

DEFINITIONS = (
    ("acl", re.compile(r"^ip access-list (?:standard|extended) (\S+)$")),
    ("acl", re.compile(r"^access-list (\d+) ")),
    ("aaa-group", re.compile(r"^aaa group server (?:tacacs\+|radius) (\S+)$")),
    ("login-list", re.compile(r"^aaa authentication login (\S+) ")),
    ("track", re.compile(r"^track (\d+) ")),
    ("vrf", re.compile(r"^(?:vrf definition|ip vrf) (\S+)$")),
)
REFERENCES = (
    ("login-list", re.compile(r"^login authentication (\S+)$")),
    ("acl", re.compile(r"^access-class (\S+) (?:in|out)\b")),
    ("acl", re.compile(r"^snmp-server community \S+ (?:view \S+ )?(?:RO|RW|ro|rw) (?:ipv6 \S+ )?(\S+)$")),
    ("acl", re.compile(r"^ip ssh (?:ipv4 )?access-list (\S+)$")),
    ("aaa-group", re.compile(r"^aaa (?:authentication|authorization|accounting) .*?\bgroup (\S+)")),
    ("track", re.compile(r"^ip route .* track (\d+)\b")),
    ("track", re.compile(r"^vrrp \d+ track (\d+)\b")),
    ("track", re.compile(r"^object (\d+)$")),
    ("vrf", re.compile(r"^(?:ip )?vrf forwarding (\S+)$")),
    ("vrf", re.compile(r"^(?!vrf definition|ip vrf |(?:ip )?vrf forwarding).*?\bvrf (\S+)")),
)
# secrets a quoted line may hold: masked in messages
SECRETS = re.compile(r"^(snmp-server community |.*\bkey (?:[067] )?)\S+")
# names a method list may use that are not server groups
BUILTIN_GROUPS = {"tacacs+", "radius", "ldap"}
BUILTIN = {"login-list": {"default"}}


def _scan(lines):
    defined = {kind: set(names) for kind, names in BUILTIN.items()}
    used = []
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("!"):
            continue
        for kind, pattern in DEFINITIONS:
            match = pattern.match(line)
            if match:
                defined.setdefault(kind, set()).add(match.group(1))
        for kind, pattern in REFERENCES:
            match = pattern.match(line)
            if match and not (kind == "aaa-group" and match.group(1) in BUILTIN_GROUPS):
                used.append((kind, match.group(1), number, SECRETS.sub(r"\1<secret>", line)))
    return defined, used


def undefined(lines, existing=None):
    """``[(kind, name, line number, line)]`` of every reference to a name the lines never define (the
    first line naming it), in line order."""
    defined, used = _scan(lines)
    for kind, names in (existing or {}).items():
        defined.setdefault(kind, set()).update(names)
    seen = set()
    out = []
    for kind, name, number, line in used:
        if name not in defined.get(kind, ()) and (kind, name) not in seen:
            seen.add((kind, name))
            out.append((kind, name, number, line))
    return out


def findings(lines, where, existing=None):
    """design_check findings (errors) for the undefined references of one host's rendered lines."""
    out = []
    for kind, name, number, line in undefined(lines, existing):
        code, why = KINDS[kind]
        out.append(I.finding(code, "error", "line %d '%s' names the %s %s, which the configuration never "
                                            "defines: %s" % (number, line, kind.replace("-", " "), name, why), where))
    return out


def existing_of(plan):
    """What the plan says the device already has: the management VRF (of its management interface)."""
    mgmt = plan.get("management") if isinstance(plan, dict) else None
    return {"vrf": [mgmt["vrf"]]} if mgmt else {}
