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
    (re.compile(r"^(?:Reachability|Boolean (?:AND|OR)|IP routing|Line protocol|Metric threshold|State) is "
                r"(?P<state>Up|Down)\b"), {}),
    (re.compile(r"^(?P<changes>\d+) changes?, last change (?P<last_change>\S+)$"), {}),
    (re.compile(r'^VPN Routing/Forwarding table "(?P<vrf>[^"]+)"$'), {}),
    (re.compile(r"^First-hop interface is (?P<first_hop>\S+)"), {}),
]
_OBJECT = re.compile(r"^object (?P<id>\d+) (?P<state>Up|Down)$")
_INTS = {"changes"}
# A delay that is running: IOS-XE prints it on the state line, "Reachability is Down (no ip route), delayed Up
# (1 sec remaining) (connected)" (genieparser's golden output, tests/unit/plugins/module_utils/golden/ntc/), and
# some releases after the delay itself, "Delay up 2 secs (2.1 secs remaining)" or "Delay up 2 secs (pending)".
_DELAYED = re.compile(r"\bdelayed (?P<to>Up|Down) \((?P<remaining>\d+(?:\.\d+)?) secs? remaining\)")
_DELAY = re.compile(r"^Delay(?: (?P<dir1>up|down) (?P<secs1>\d+) secs?(?: \((?P<note1>[^)]*)\))?)"
                    r"(?:,? (?P<dir2>up|down) (?P<secs2>\d+) secs?(?: \((?P<note2>[^)]*)\))?)?$")
_REMAINING = re.compile(r"^(?P<remaining>\d+(?:\.\d+)?) secs? remaining$")


def _pending(direction, note):
    """``{'to': 'up'|'down', 'remaining': seconds or None}`` from a delay's note ("2.1 secs remaining",
    "pending"); None when the note says nothing of a running delay."""
    remaining = _REMAINING.match(note.strip())
    if remaining:
        return {"to": direction, "remaining": float(remaining.group("remaining"))}
    if note.strip().lower() == "pending":
        return {"to": direction, "remaining": None}
    return None


def _track_line(current, line):
    delayed = _DELAYED.search(line)
    if delayed:
        current["pending"] = {"to": delayed.group("to").lower(), "remaining": float(delayed.group("remaining"))}
    delay = _DELAY.match(line)
    if delay:
        for n in ("1", "2"):
            if delay.group("dir" + n):
                current.setdefault("delay", {})[delay.group("dir" + n)] = int(delay.group("secs" + n))
                pending = _pending(delay.group("dir" + n), delay.group("note" + n) or "")
                if pending:
                    current["pending"] = pending
        return
    for regex, fixed in _TRACK_LINES:
        match = regex.match(line)
        if match:
            current.update(fixed)
            for key, value in match.groupdict().items():
                value = int(value) if key in _INTS else value.lower() if key in ("state", "tracking") else value
                current[key] = value
            return


def parse_show_track(text):
    """``show track`` as ``[{'id', 'type', 'state' ('up'/'down'), 'vrf', 'delay', 'objects', ...}]``. A delay
    that is running gives ``pending``: ``{'to': 'up'|'down', 'remaining': seconds, or None when IOS says only
    "pending"}``; ``state`` stays what IOS shows now."""
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
        _track_line(current, line)
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


_VRRP_STATES = ("init", "backup", "master")


def parse_show_vrrp_brief(text):
    """``show vrrp brief`` as ``[{'interface', 'group', 'version', 'family', 'priority', 'owner', 'preempt',
    'state' (lower case), 'master', 'address'}]``, in both of IOS's formats:

    - VRRPv2 (classic): ``Interface Grp Pri Time Own Pre State Master-addr Group-addr``; Own and Pre hold ``Y``
      or nothing, so a single ``Y`` is the owner's only at priority 255 (an address owner always has it);
    - VRRPv3 (IOS-XE with ``fhrp version vrrp v3``): ``Interface Grp A-F Pri Time Own Pre State
      Master-addr/Group-addr``, Own and Pre ``Y``/``N``, the state in capitals (``MASTER``), and the master's
      address marked ``(local)`` when it is this router (``master`` holds the address alone, ``local`` says so).
    """
    rows = []
    for raw in text.splitlines():
        words = raw.split()
        if len(words) == 10 and words[1].isdigit() and words[2] in ("IPv4", "IPv6") and words[3].isdigit() \
                and words[5] in ("Y", "N") and words[6] in ("Y", "N") and words[7].lower() in _VRRP_STATES:
            local = words[8].endswith("(local)")
            rows.append({"interface": words[0], "group": int(words[1]), "version": 3, "family": words[2].lower(),
                         "priority": int(words[3]), "owner": words[5] == "Y", "preempt": words[6] == "Y",
                         "state": words[7].lower(), "master": words[8][:-len("(local)")] if local else words[8],
                         "local": local, "address": words[9]})
            continue
        if len(words) not in (7, 8, 9) or not words[1].isdigit() or words[-3] not in ("Init", "Backup", "Master"):
            continue
        flags = words[4:-3]
        if any(flag != "Y" for flag in flags):
            continue
        priority = int(words[2])
        owner = len(flags) == 2 or (len(flags) == 1 and priority == 255)
        preempt = len(flags) == 2 or (len(flags) == 1 and priority != 255)
        rows.append({"interface": words[0], "group": int(words[1]), "version": 2, "family": "ipv4",
                     "priority": priority, "owner": owner, "preempt": preempt, "state": words[-3].lower(),
                     "master": words[-2], "local": None, "address": words[-1]})
    return rows


# ``test aaa group GROUP USER PASSWORD legacy``: the last line says what the servers did (Cisco IOS Security
# Command Reference, ``test aaa group``; the three verdicts as IOS prints them in the legacy code path):
# accepted, rejected (a server answered: it decoded the request with the key we configured), or no answer
# from any server (unreachable in the group's VRF, wrong key, wrong port: IOS does not say which).
_TEST_AAA = (("User was successfully authenticated", "accepted"), ("User successfully authenticated", "accepted"),
             ("rejected by server", "rejected"), ("User rejected", "rejected"),
             ("No authoritative response from any server", "no-answer"))


def parse_test_aaa(text):
    """The outcome of ``test aaa group``: ``{'answer': 'accepted'|'rejected'|'no-answer'|'unknown', 'text'}``,
    ``unknown`` when the device printed none of IOS's verdicts (``% Invalid input``: it has no such command),
    ``text`` the verdict line (or the last line)."""
    lines = [l.strip() for l in text.splitlines() if l.strip()]
    for line in lines:
        for words, answer in _TEST_AAA:
            if words in line:
                return {"answer": answer, "text": line}
    return {"answer": "unknown", "text": lines[-1] if lines else ""}


def asplain(asn):
    """An AS number as IOS shows it (asplain ``4259840100`` or asdot ``65000.100``) as its asplain integer."""
    text = str(asn)
    if "." in text:
        high, low = text.split(".", 1)
        return int(high) * 65536 + int(low)
    return int(text)


_BGP_ROW = re.compile(r"^(?P<neighbor>[0-9A-Fa-f:.]+)?\s*(?P<version>4)\s+(?P<asn>\d+(?:\.\d+)?)\s+(?P<rcvd>\d+)\s+(?P<sent>\d+)\s+"
                      r"\d+\s+\d+\s+\d+\s+(?P<updown>\S+)\s+(?P<state>.+?)\s*$")


def parse_show_bgp_summary(text):
    """``show bgp ipv6 unicast summary`` as ``[{'neighbor', 'remote_as', 'up_down', 'state', 'prefixes'}]``:
    ``state`` is ``established`` when the last column is a prefix count (then in ``prefixes``), else
    IOS's word (Idle, Active, ...); ``remote_as`` is asplain also where IOS shows asdot (``bgp asnotation
    dot``: ``65000.100`` is 4259840100). A long IPv6 neighbour address on a line of its own is joined with
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
        row = {"neighbor": neighbor.upper(), "remote_as": asplain(match.group("asn")), "up_down": match.group("updown")}
        if state.isdigit():
            row.update(state="established", prefixes=int(state))
        else:
            row.update(state=state.lower(), prefixes=None)
        rows.append(row)
    return rows


def tracked_path(plan, routes, distance=None):
    """Which path the routes of a vrf_static_tracking plan are on, from ``{vrf: parse_show_ip_route(...)}`` (or
    ``linux_show``'s rows, the same shape): ``active`` (every route via its active next hop), ``standby`` (every
    route via its floating one), ``hybrid`` (some of each: the failure the design exists to prevent) or ``missing``;
    with the rows. With ``distance``, only the rows at that distance count (FRR's floating routes at 254)."""
    rows = []
    for route in (r for r in plan["routes"] if r["path"] == "active"):
        standby = next(r for r in plan["routes"] if r["path"] == "standby" and r["vrf"] == route["vrf"]
                       and r["prefix"] == route["prefix"])
        hops = {r["next_hop"] for r in routes.get(route["vrf"], [])
                if r["prefix"] == route["prefix"] and (distance is None or r["distance"] == distance)}
        path = "active" if route["next_hop"] in hops else "standby" if standby["next_hop"] in hops else "missing"
        rows.append({"vrf": route["vrf"], "prefix": route["prefix"], "path": path})
    paths = {row["path"] for row in rows}
    overall = paths.pop() if len(paths) == 1 else "missing" if "missing" in paths else "hybrid"
    return {"path": overall, "routes": rows}
