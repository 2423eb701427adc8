# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""How the replay judges a ``vrf_static_tracking`` or ``nat_gateway`` row (issue #19): the check matrix/replay.py is
given (the registry's ``replay`` of both designs); what a check is and what the observations mean:
matrix/replay_checks.py. Pure Python."""

from __future__ import annotations


def _route_key(route):
    return "%s %s" % (route["vrf"], route["prefix"])


class Routes:
    """vrf_static_tracking and nat_gateway: the next hop of every route, which box NATs, the bonds, a
    client's public address; no hybrid path (every route on one path), no blackhole."""

    def __init__(self, row):
        self.row = row
        predicted, normal = row["predicted"], row["repair"]["predicted"]
        self.paths = {}   # route key -> {tuple(next hops): path name}
        for state in (predicted, normal):
            for route in state.get("routes") or []:
                self.paths.setdefault(_route_key(route), {})[tuple(sorted(route["next_hops"]))] = route["path"]
        self.bond = "%s %s" % (row["plan"], predicted["bond"]) if "bond" in predicted else None
        # a bond member's row: the bond carries on without the member, then the member is back in it
        self.member = row["failure"]["inject"].get("target") if self.bond else None
        keys = ["routes"] if self.paths else []
        if any(s.get("nat_box") not in (None, "unchanged") for s in (predicted, normal)):
            keys.append("nat_box")
        if self.bond:
            keys += ["bonds_up", "bond_members"]
        self.poll_keys = tuple(keys)
        self.final_keys = tuple(keys) + (("public_address",) if self._names("public-address-unchanged") else ())
        self.first_address = None

    def _names(self, key):
        return any(i["id"] == key for i in self.row["invariants"])

    def can_check(self, key):
        if key in ("no-hybrid-path", "no-hybrid-path-during", "no-blackhole", "returns"):
            return bool(self.paths)
        if key == "bond-up":
            return self.bond is not None
        return key == "public-address-unchanged"

    def replayable(self, _row):
        return bool(self.poll_keys)

    @staticmethod
    def why_not(_row):
        return "the row predicts no route, NAT box or bond state the lab can read"

    def describe(self, predicted):
        parts = []
        if predicted.get("routes"):
            parts.append("; ".join("%s via %s" % (_route_key(r), ", ".join(r["next_hops"]) or "nothing")
                                   for r in predicted["routes"]))
        if predicted.get("nat_box") not in (None, "unchanged"):
            parts.append("%s NATs" % predicted["nat_box"])
        if "bond" in predicted:
            parts.append("%s %s without %s" % (
                predicted["bond"], "up" if predicted.get("bond_up") else "down", self.member))
        elif self.bond:
            parts.append("%s back in %s" % (self.member, self.bond.split()[-1]))
        return "; ".join(parts) or predicted.get("text", "")

    def state(self, predicted, obs):
        wrong, seen = [], []
        for route in predicted.get("routes") or []:
            key = _route_key(route)
            hops = sorted(obs["routes"].get(key) or [])
            seen.append("%s via %s" % (key, ", ".join(hops) or "nothing"))
            if hops != sorted(route["next_hops"]):
                wrong.append(key)
        box = predicted.get("nat_box")
        if box not in (None, "unchanged"):
            seen.append("%s NATs" % (obs["nat_box"] or "no box"))
            if obs["nat_box"] != box:
                wrong.append("nat_box")
        if self.bond:
            up = bool(obs["bonds_up"].get(self.bond))
            active = obs["bond_members"].get(self.bond) or []
            seen.append("%s %s on %s" % (self.bond.split()[-1], "up" if up else "down", ", ".join(active) or "nothing"))
            if "bond" in predicted:     # the failure: the bond as predicted, the member out of it
                if up != bool(predicted["bond_up"]) or self.member in active:
                    wrong.append(self.bond)
            elif not up or self.member not in active:   # the repair: the member collecting and distributing again
                wrong.append(self.bond)
        return not wrong, "; ".join(seen)

    def _on_paths(self, obs):
        """The path name of each route's observed next hops (``other`` when neither prediction's)."""
        return {key: hops.get(tuple(sorted(obs["routes"].get(key) or [])), "other")
                for key, hops in self.paths.items()}

    def invariant(self, key, obs, final, phase):
        if key == "returns" and final and phase == "repair":
            normal = {_route_key(r): sorted(r["next_hops"]) for r in self.row["repair"]["predicted"].get("routes") or []}
            away = sorted(k for k, hops in normal.items() if sorted(obs["routes"].get(k) or []) != hops)
            return not away, "not back: %s" % ", ".join(away) if away else "every route back on its path"
        # no-hybrid-path: the state each phase ends in (after the switch, after the return); no-hybrid-path-during:
        # every poll, the moment after the failure before the tracks act included
        if (key == "no-hybrid-path-during" or key == "no-hybrid-path" and final) and "routes" in obs:
            on = self._on_paths(obs)
            used = sorted(set(on.values()))
            return len(used) <= 1, "routes on %s" % ", ".join(
                "%s (%s)" % (p, ", ".join(sorted(k for k, v in on.items() if v == p))) for p in used)
        if key == "no-blackhole" and final:
            empty = sorted(k for k in self.paths if not obs["routes"].get(k))
            return not empty, "no next hop for %s" % ", ".join(empty) if empty else "every route has a next hop"
        if key == "bond-up" and "bonds_up" in obs:
            up = bool(obs["bonds_up"].get(self.bond))
            return up, "%s %s" % (self.bond, "up" if up else "down")
        # not read where the replay has no client and server to ask (the probe leaves the key out): not judged
        if key == "public-address-unchanged" and final and "public_address" in obs:
            address = obs["public_address"]
            if self.first_address is None:
                self.first_address = address
            return address == self.first_address and address is not None, "client seen from %s (first %s)" % (
                address, self.first_address)
        return None
