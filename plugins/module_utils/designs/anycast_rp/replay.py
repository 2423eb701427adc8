# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""How the replay judges an ``anycast_rp`` row (issue #19): the check matrix/replay.py is given (the registry's
``replay``); what a check is: matrix/replay_checks.py. Pure Python.

Observations (matrix/replay_lab_rp.py's RpProbe, in the plan's names):

- ``rp_routes``: ``{router: {family: [...]}}`` for every router of the plan (the RP routers and the segments'
  routers) and family (``ipv6``; ``ipv4`` for the IPv4 twin): the routes the kernel has to the RP address (its main
  table, a route with a usable next hop or a connected one), longest prefix first, each named by the RP router whose
  loopback prefix it is, or given as the prefix itself (with its ``/``) when it is none of the plan's: a host route,
  the IGP not keeping the loopbacks' lengths;
- ``rp_routers``: the plan's RP routers, in their failover order.

A router's RP is the first of its list: the kernel forwards to the longest prefix (the prefix arbitration).
"""

from __future__ import annotations


def _first(seen):
    return seen[0] if seen else None


def _views(obs):
    """``[(router family, its list)]``, in a stable order."""
    return [("%s %s" % (router, family), seen) for router, families in sorted(obs["rp_routes"].items())
            for family, seen in sorted(families.items())]


class Arbitration:
    """anycast_rp: every router routes the RP address to one holder, the live loopback with the longest prefix; a
    failed RP router's prefix leaves every routing table, and is back in each after the repair."""

    poll_keys = ("rp_routes",)
    final_keys = ("rp_routes",)
    # how an invariant is judged where that is not at every poll (the record's detail says it)
    judged = {"single-rp": "judged once each phase had settled"}

    def __init__(self, row):
        self.row = row
        self.failed = row["failure"]["inject"]["node"]

    @staticmethod
    def can_check(key):
        return key in ("single-rp", "longest-prefix-wins")

    @staticmethod
    def replayable(row):
        return all(i["predicted_to_hold"] for i in row["invariants"] if i["id"] == "longest-prefix-wins")

    @staticmethod
    def why_not(_row):
        return "the IGP advertises each loopback as a host route: every router goes to its nearest instance, no " \
               "one holder to wait for"

    @staticmethod
    def _failing(predicted):
        """The failure's predicted state (the repair's names the holder and its prefix only)."""
        return "igp_adjacencies" in predicted

    def describe(self, predicted):
        holder = predicted.get("rp_holder") or "nothing"
        if self._failing(predicted):
            return "every router routes the RP address to %s (%s), %s's prefix withdrawn everywhere" % (
                holder, predicted.get("rp_prefix") or "no prefix", self.failed)
        return "every router has every RP router's prefix, %s's %s the longest" % (holder, predicted.get("rp_prefix"))

    def state(self, predicted, obs):
        want, failing = predicted.get("rp_holder"), self._failing(predicted)
        everyone = list(obs["rp_routers"])
        wrong = []
        for view, seen in _views(obs):
            if _first(seen) != want:
                wrong.append("%s to %s" % (view, _first(seen) or "nothing"))
            elif failing and self.failed in seen:
                wrong.append("%s still has %s's prefix" % (view, self.failed))
            elif not failing and [r for r in everyone if r not in seen]:
                wrong.append("%s lacks %s's prefix" % (view, ", ".join(r for r in everyone if r not in seen)))
        return not wrong, ("; ".join(wrong) if wrong else
                           "every router to %s%s" % (want, ", %s's prefix nowhere" % self.failed if failing else
                                                     ", every RP router's prefix everywhere"))

    def invariant(self, key, obs, final, _phase):
        views = _views(obs)
        if key == "longest-prefix-wins":   # the IGP keeps the loopbacks' lengths: no host route to the RP address
            others = ["%s %s" % (view, p) for view, seen in views for p in seen if "/" in p]
            return not others, ("routes to the RP address none of the plan's prefixes: %s" % ", ".join(others)
                                if others else "only the loopbacks' prefixes, at their lengths")
        if key == "single-rp" and final:
            # judged once each phase has settled: while the IGP converges (flooding, each router's SPF), one router
            # can hold the new route a poll before another, as for any route the IGP moves
            holders = sorted({_first(seen) or "nothing" for _view, seen in views})
            return len(holders) == 1 and holders != ["nothing"], "RP address routed to %s" % " and ".join(holders)
        return None
