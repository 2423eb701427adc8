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
