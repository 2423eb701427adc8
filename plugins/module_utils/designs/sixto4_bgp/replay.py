# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""How the replay judges a ``sixto4_bgp`` row (issue #19): the check matrix/replay.py is given (the registry's
``replay``); what a check is: matrix/replay_checks.py. Pure Python.

Observations (matrix/replay_lab.py's BgpProbe, in the plan's site names):

- ``sessions``: ``{"<a>-<b>": bool}`` per iBGP session of the plan (a < b): True when both ends show it
  Established (one end's view alone is half a session: the other may still wait for its hold timer);
- ``reach``: ``{site: {other site: how many of the other's networks it has routed}}``, the kernel's BGP routes;
- ``networks``: ``{site: how many networks it advertises}`` (the plan's).
"""

from __future__ import annotations


def _down(obs):
    return sorted(pair for pair, up in obs["sessions"].items() if not up)


def _pairs(sites):
    return [(a, b) for a in sites for b in sites if a != b]


class Sessions:
    """sixto4_bgp: which sessions are down, whose networks every site has; routes between sites that keep a
    session path stay; every session comes back."""

    poll_keys = ("sessions", "reach")
    final_keys = ("sessions", "reach")

    def __init__(self, row):
        self.row = row
        predicted = row["predicted"]
        self.failed = list(predicted.get("withdrawn_networks_of") or [])
        # the sites not judged by others-keep-routes: the failed one and those the prediction leaves with no route
        # (the clients of the one failed reflector). The plan has one reflector and clients peering with it only,
        # so every pair the prediction counts as cut (other_pairs_cut) has a site among them.
        self.excluded = set(predicted.get("sites_isolated") or []) | set(self.failed)

    @staticmethod
    def can_check(key):
        return key in ("others-keep-routes", "returns")

    @staticmethod
    def replayable(row):
        return not row["predicted"].get("blackholed_networks_of")

    @staticmethod
    def why_not(_row):
        return "the row predicts a blackhole (hold time 0): no session state to wait for"

    @staticmethod
    def describe(predicted):
        if predicted.get("sessions_down"):
            return "sessions %s down, %s's networks withdrawn everywhere" % (
                ", ".join(predicted["sessions_down"]), ", ".join(predicted.get("withdrawn_networks_of") or []))
        return "every session Established, every site routes every other site's networks"

    @staticmethod
    def _missing(obs, pairs):
        """``[(site, other)]`` of ``pairs`` where the site lacks some of the other's networks."""
        return [(a, b) for a, b in pairs if obs["reach"].get(a, {}).get(b, 0) < obs["networks"].get(b, 0)]

    def state(self, predicted, obs):
        down = _down(obs)
        wrong = [] if down == sorted(predicted.get("sessions_down") or []) else ["sessions"]
        withdrawn = predicted.get("withdrawn_networks_of") or []
        if withdrawn:   # nobody routes a failed site's networks any longer
            still = sorted("%s at %s" % (gone, site) for site, seen in obs["reach"].items() for gone in withdrawn
                           if site != gone and seen.get(gone))
            wrong += still
            text = "down: %s; %s" % (", ".join(down) or "none", "still routed: %s" % ", ".join(still) if still else
                                     "%s withdrawn everywhere" % ", ".join(withdrawn))
        else:
            missing = self._missing(obs, _pairs(sorted(obs["networks"])))
            wrong += ["%s lacks %s" % pair for pair in missing]
            text = "down: %s; %s" % (", ".join(down) or "none", "missing: %s" % ", ".join(
                "%s lacks %s's" % pair for pair in missing) if missing else "every site routes every other's networks")
        return not wrong, text

    def invariant(self, key, obs, final, phase):
        if key == "others-keep-routes":
            sites = sorted(s for s in obs["networks"] if s not in self.excluded)
            if len(sites) < 2:   # the failed site and the ones it leaves isolated are every site: nothing to keep
                return None
            missing = self._missing(obs, _pairs(sites))
            return not missing, ("lost: %s" % ", ".join("%s lacks %s's" % pair for pair in missing) if missing else
                                 "routes between %s stay" % ", ".join(sites))
        if key == "returns" and final and phase == "repair":
            down = _down(obs)
            return not down, "not back: %s" % ", ".join(down) if down else "every session Established"
        return None
