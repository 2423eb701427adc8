# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Policy routing on a Linux host without NetworkManager: named tables, rules, routes in tables.

The write-up's "VRF to the rescue": ``200 Eduroam-egress`` in rt_tables, ``ip rule add iif bond0
table Eduroam-egress`` and ``ip route add default via … dev bond1 table Eduroam-egress``.

Ownership: the tables listed here are ours; every rule that points at one of them and every route
in them is managed (added, changed, removed); nothing else is touched.  Persistence is an
ifupdown hook (``/etc/network/if-up.d/``, run by ifupdown and ifupdown2 whenever an interface comes
up) that re-adds the rules when ``lo`` comes up and each route when its device does, plus one file
in ``/etc/iproute2/rt_tables.d/`` for the table names.  Pure: the module does the I/O.
"""

from __future__ import annotations

import re

from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I

RESERVED = {0: "unspec", 253: "default", 254: "main", 255: "local"}
NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]{0,63}$")
IFNAME_RE = re.compile(r"^[A-Za-z0-9_.:@-]{1,15}$")
HOOK_DIR = "/etc/network/if-up.d"
TABLES_DIR = "/etc/iproute2/rt_tables.d"


def _ifname(value, field):
    value = I.text(value, field)
    if not IFNAME_RE.match(value):
        raise I.IntentError(field, "%s is not a valid interface name" % I.show(value))
    return value


def desired(tables, rules, routes):
    """Validated, normalised state: ``{'tables': {id: name}, 'rules': [...], 'routes': [...]}``."""
    by_name = {}
    table_ids = {}
    for index, raw in enumerate(I.sequence(tables or [], "tables")):
        field = "tables[%d]" % index
        I.mapping(raw, field)
        table_id = I.integer(I.required(raw, "id", field), field + ".id", 1, 252)
        name = I.text(I.required(raw, "name", field), field + ".name")
        if not NAME_RE.match(name) or name in RESERVED.values():
            raise I.IntentError(field + ".name", "%s is not a usable table name" % I.show(name))
        if table_id in table_ids or name in by_name:
            raise I.IntentError(field, "table %d %s is listed twice" % (table_id, name))
        table_ids[table_id] = name
        by_name[name] = table_id

    def table_of(value, field):
        if isinstance(value, str) and value in by_name:
            return by_name[value]
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise I.IntentError(field, "%s is not one of the tables listed in 'tables'" % I.show(value)) from None
        if number not in table_ids:
            raise I.IntentError(field, "%s is not one of the tables listed in 'tables' (ids %s)"
                                % (I.show(value), sorted(table_ids))) from None
        return number

    want_rules = []
    for index, raw in enumerate(I.sequence(rules or [], "rules")):
        field = "rules[%d]" % index
        I.mapping(raw, field)
        rule = {"priority": I.integer(I.required(raw, "priority", field), field + ".priority", 1, 32765),
                "table": table_of(I.required(raw, "table", field), field + ".table")}
        if raw.get("iif") is not None:
            rule["iif"] = _ifname(raw["iif"], field + ".iif")
        if raw.get("from") is not None:
            rule["from"] = str(I.ip_prefix(raw["from"], field + ".from", 4))
        if raw.get("fwmark") is not None:
            rule["fwmark"] = "0x%x" % I.integer(raw["fwmark"], field + ".fwmark", 1, 0xFFFFFFFF)
        if len(rule) == 2:
            raise I.IntentError(field, "needs at least one selector: iif, from or fwmark")
        if any(r["priority"] == rule["priority"] for r in want_rules):
            raise I.IntentError(field + ".priority", "%d is used by another rule" % rule["priority"])
        want_rules.append(rule)
    want_routes = []
    for index, raw in enumerate(I.sequence(routes or [], "routes")):
        field = "routes[%d]" % index
        I.mapping(raw, field)
        to = I.required(raw, "to", field)
        route = {"table": table_of(I.required(raw, "table", field), field + ".table"),
                 "to": "default" if to in ("default", "0.0.0.0/0") else str(I.ip_prefix(to, field + ".to", 4))}
        if raw.get("via") is not None:
            route["via"] = str(I.ip_address(raw["via"], field + ".via", 4))
        if raw.get("dev") is not None:
            route["dev"] = _ifname(raw["dev"], field + ".dev")
        if "via" not in route and "dev" not in route:
            raise I.IntentError(field, "needs 'via' or 'dev'")
        if raw.get("metric"):  # 0 is the kernel's default and not shown by ip
            route["metric"] = I.integer(raw["metric"], field + ".metric", 0, 0xFFFFFFFF)
        if any((r["table"], r["to"], r.get("metric")) == (route["table"], route["to"], route.get("metric"))
               for r in want_routes):
            raise I.IntentError(field, "table %d already has a route to %s" % (route["table"], route["to"]))
        want_routes.append(route)
    return {"tables": table_ids, "rules": want_rules, "routes": want_routes}


# ---------------------------------------------------------------------------------------------
# the kernel's state, from `ip -N -j rule show` and `ip -N -j route show table N`

def parse_rules(data, tables):
    """Rules (from ip's JSON) that point at one of ``tables``, normalised like :func:`desired`."""
    out = []
    for raw in data or []:
        try:
            table = int(raw.get("table"))
        except (TypeError, ValueError):
            continue
        if table not in tables:
            continue
        rule = {"priority": int(raw.get("priority", 0)), "table": table}
        if raw.get("iif"):
            rule["iif"] = raw["iif"]
        if raw.get("src") and raw.get("src") != "all":
            rule["from"] = "%s/%s" % (raw["src"], raw.get("srclen", 32))
        if raw.get("fwmark"):
            rule["fwmark"] = "0x%x" % int(str(raw["fwmark"]), 0)
        out.append(rule)
    return out


def parse_routes(data, table):
    out = []
    for raw in data or []:
        route = {"table": table, "to": raw.get("dst", "default")}
        if "/" not in route["to"] and route["to"] != "default":
            route["to"] += "/32"
        if raw.get("gateway"):
            route["via"] = raw["gateway"]
        if raw.get("dev"):
            route["dev"] = raw["dev"]
        if raw.get("metric") is not None:
            route["metric"] = int(raw["metric"])
        out.append(route)
    return out


def _rule_args(rule):
    args = ["priority", str(rule["priority"])]
    for key in ("iif", "from", "fwmark"):
        if key in rule:
            args += [key, rule[key]]
    return args + ["table", str(rule["table"])]


def _route_args(route):
    args = [route["to"]]
    for key in ("via", "dev", "metric"):
        if key in route:
            args += [key, str(route[key])]
    return args + ["table", str(route["table"])]


def _same_route(want, have):
    """A route we asked for without a device matches the kernel's, which always names one."""
    return all(have.get(k) == v for k, v in want.items()) and (
        "metric" in want or have.get("metric") in (None, 0))


def commands(want, have_rules, have_routes):
    """``ip`` argv lists turning the kernel's state into ``want`` (removals first)."""
    cmds = []
    for rule in have_rules:
        if rule not in want["rules"]:
            cmds.append(["ip", "rule", "del"] + _rule_args(rule))
    for route in have_routes:
        if not any(_same_route(w, route) for w in want["routes"]):
            cmds.append(["ip", "route", "del"] + _route_args(route))
    for rule in want["rules"]:
        if rule not in have_rules:
            cmds.append(["ip", "rule", "add"] + _rule_args(rule))
    for route in want["routes"]:
        if not any(_same_route(route, h) for h in have_routes):
            cmds.append(["ip", "route", "replace"] + _route_args(route))
    return cmds


# ---------------------------------------------------------------------------------------------
# persistence and text for diffs

def tables_file(want):
    return "".join("%d %s\n" % (table_id, name) for table_id, name in sorted(want["tables"].items()))


def hook_script(name, want):
    """The if-up.d hook: rules when lo comes up (they may name interfaces that do not exist yet),
    each route when its device comes up (routes without a device with lo)."""
    by_iface = {}
    for rule in want["rules"]:
        by_iface.setdefault("lo", []).append("ip rule add %s 2>/dev/null || true" % " ".join(_rule_args(rule)))
    for route in want["routes"]:
        by_iface.setdefault(route.get("dev", "lo"), []).append("ip route replace %s" % " ".join(_route_args(route)))
    lines = ["#!/bin/sh",
             "# netdesign.resilience.policy_routing %s: written by Ansible, do not edit." % name,
             "# ifupdown/ifupdown2 run this whenever an interface comes up.",
             'case "$IFACE" in']
    for iface in sorted(by_iface):
        lines.append("  %s)" % iface)
        lines += ["    %s" % command for command in by_iface[iface]]
        lines.append("    ;;")
    return "\n".join(lines + ["esac", "exit 0", ""])


def describe(tables, rules, routes):
    lines = ["table %d %s" % item for item in sorted(tables.items())]
    lines += ["rule %s" % " ".join(_rule_args(r)) for r in sorted(rules, key=lambda r: r["priority"])]
    lines += ["route %s" % " ".join(_route_args(r)) for r in sorted(routes, key=lambda r: (r["table"], r["to"]))]
    return "\n".join(lines) + ("\n" if lines else "")
