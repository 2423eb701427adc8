# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Parsers for IOS ``show`` output that the roles' verify steps read back."""

from __future__ import annotations

import re

_TRACK_LINES = [
    (re.compile(r"^IP route (?P<network>\S+) (?P<netmask>\S+) reachability$"), {"type": "route"}),
    (re.compile(r"^List boolean (?P<boolean>and|or)$"), {"type": "list"}),
    (re.compile(r"^Interface (?P<interface>\S+) (?P<tracking>ip routing|line-protocol)$", re.I), {"type": "interface"}),
    (re.compile(r"^(?:Reachability|Boolean (?:AND|OR)|IP routing|Line protocol) is (?P<state>Up|Down)\b"), {}),
    (re.compile(r"^(?P<changes>\d+) changes?, last change (?P<last_change>\S+)$"), {}),
    (re.compile(r"^Delay up (?P<delay__up>\d+) secs?, down (?P<delay__down>\d+) secs?$"), {}),
    (re.compile(r'^VPN Routing/Forwarding table "(?P<vrf>[^"]+)"$'), {}),
    (re.compile(r"^First-hop interface is (?P<first_hop>\S+)$"), {}),
]
_OBJECT = re.compile(r"^object (?P<id>\d+) (?P<state>Up|Down)$")
_INTS = {"changes", "delay__up", "delay__down"}


def parse_show_track(text):
    """``show track`` as ``[{'id', 'type', 'state' ('up'/'down'), 'vrf', 'delay', 'objects', ...}]``."""
    tracks = []
    current = None
    for raw in text.splitlines():
        line = raw.strip()
        head = re.match(r"^Track (\d+)$", line)
        if head:
            current = {"id": int(head.group(1))}
            tracks.append(current)
            continue
        if current is None or not line:
            continue
        obj = _OBJECT.match(line)
        if obj:
            current.setdefault("objects", []).append({"id": int(obj.group("id")), "state": obj.group("state").lower()})
            continue
        for regex, fixed in _TRACK_LINES:
            match = regex.match(line)
            if match:
                current.update(fixed)
                for key, value in match.groupdict().items():
                    value = int(value) if key in _INTS else value.lower() if key in ("state", "tracking") else value
                    if "__" in key:
                        outer, inner = key.split("__")
                        current.setdefault(outer, {})[inner] = value
                    else:
                        current[key] = value
                break
    return tracks


_ROUTE = re.compile(r"^(?P<code>[A-Za-z]+)(?P<candidate>\*)?\s+(?P<prefix>\d+\.\d+\.\d+\.\d+(?:/\d+)?)\s+"
                    r"\[(?P<distance>\d+)/(?P<metric>\d+)\]\s+via\s+(?P<next_hop>\d+\.\d+\.\d+\.\d+)")
_NEXT_HOP = re.compile(r"^\[(?P<distance>\d+)/(?P<metric>\d+)\]\s+via\s+(?P<next_hop>\d+\.\d+\.\d+\.\d+)")
_SUBNETTED = re.compile(r"^\d+\.\d+\.\d+\.\d+/(?P<length>\d+) is subnetted")


def parse_show_ip_route(text):
    """``show ip route vrf X static`` (or any ``show ip route``) as ``[{'prefix', 'code', 'distance',
    'metric', 'next_hop', 'candidate_default'}]``, one row per next hop. Prefixes listed under an
    ``N.N.N.N/L is subnetted`` header get its length; ``variably subnetted`` entries carry their own."""
    routes = []
    length = None
    last = None
    for raw in text.splitlines():
        line = raw.strip()
        sub = _SUBNETTED.match(line)
        if sub:
            length = sub.group("length")
            continue
        if "is variably subnetted" in line:
            length = None
            continue
        match = _ROUTE.match(line)
        if match:
            prefix = match.group("prefix")
            if "/" not in prefix:
                prefix = "%s/%s" % (prefix, length if length is not None else 32)
            last = {"prefix": prefix, "code": match.group("code"), "candidate_default": bool(match.group("candidate"))}
            routes.append(dict(last, distance=int(match.group("distance")), metric=int(match.group("metric")),
                               next_hop=match.group("next_hop")))
            continue
        more = _NEXT_HOP.match(line)
        if more and last is not None:  # a second next hop of the same prefix (equal cost)
            routes.append(dict(last, distance=int(more.group("distance")), metric=int(more.group("metric")),
                               next_hop=more.group("next_hop")))
    return routes


def parse_show_vrrp_brief(text):
    """``show vrrp brief`` as ``[{'interface', 'group', 'priority', 'owner', 'preempt', 'state' (lower case),
    'master', 'address'}]``. The Own and Pre columns hold ``Y`` or nothing; a single ``Y`` is the owner's
    only at priority 255 (an address owner always has it)."""
    rows = []
    for raw in text.splitlines():
        words = raw.split()
        if len(words) not in (7, 8, 9) or not words[1].isdigit() or words[-3] not in ("Init", "Backup", "Master"):
            continue
        flags = words[4:-3]
        if any(flag != "Y" for flag in flags):
            continue
        priority = int(words[2])
        owner = len(flags) == 2 or (len(flags) == 1 and priority == 255)
        preempt = len(flags) == 2 or (len(flags) == 1 and priority != 255)
        rows.append({"interface": words[0], "group": int(words[1]), "priority": priority, "owner": owner,
                     "preempt": preempt, "state": words[-3].lower(), "master": words[-2], "address": words[-1]})
    return rows


_BGP_ROW = re.compile(r"^(?P<neighbor>[0-9A-Fa-f:.]+)?\s*(?P<version>4)\s+(?P<asn>\d+)\s+(?P<rcvd>\d+)\s+(?P<sent>\d+)\s+"
                      r"\d+\s+\d+\s+\d+\s+(?P<updown>\S+)\s+(?P<state>.+?)\s*$")


def parse_show_bgp_summary(text):
    """``show bgp ipv6 unicast summary`` as ``[{'neighbor', 'remote_as', 'up_down', 'state', 'prefixes'}]``:
    ``state`` is ``established`` when the last column is a prefix count (then in ``prefixes``), else
    IOS's word (Idle, Active, ...). A long IPv6 neighbour address on a line of its own is joined with
    the numbers on the next line, as IOS prints it."""
    rows = []
    pending = None
    for raw in text.splitlines():
        line = raw.strip()
        if re.match(r"^[0-9A-Fa-f]*:[0-9A-Fa-f:.]*$", line):
            pending = line
            continue
        match = _BGP_ROW.match(line)
        if not match:
            continue
        neighbor = match.group("neighbor") or pending
        pending = None
        if neighbor is None:
            continue
        state = match.group("state")
        row = {"neighbor": neighbor.upper(), "remote_as": int(match.group("asn")), "up_down": match.group("updown")}
        if state.isdigit():
            row.update(state="established", prefixes=int(state))
        else:
            row.update(state=state.lower(), prefixes=None)
        rows.append(row)
    return rows


def tracked_path(plan, routes):
    """Which path the routes of a vrf_static_tracking plan are on, from ``{vrf: parse_show_ip_route(...)}``:
    ``active`` (every route via its active next hop), ``standby`` (every route via its floating one),
    ``hybrid`` (some of each: the failure the design exists to prevent) or ``missing``; with the rows."""
    rows = []
    for route in (r for r in plan["routes"] if r["path"] == "active"):
        standby = next(r for r in plan["routes"] if r["path"] == "standby" and r["vrf"] == route["vrf"]
                       and r["prefix"] == route["prefix"])
        hops = {r["next_hop"] for r in routes.get(route["vrf"], []) if r["prefix"] == route["prefix"]}
        path = "active" if route["next_hop"] in hops else "standby" if standby["next_hop"] in hops else "missing"
        rows.append({"vrf": route["vrf"], "prefix": route["prefix"], "path": path})
    paths = {row["path"] for row in rows}
    overall = paths.pop() if len(paths) == 1 else "missing" if "missing" in paths else "hybrid"
    return {"path": overall, "routes": rows}
