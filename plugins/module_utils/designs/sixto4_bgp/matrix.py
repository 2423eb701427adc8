# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Failure matrix rows of ``sixto4_bgp`` (issue #19), from its plan.

The iBGP sessions are the plan's neighbours; a site whose tunnel source fails loses its sessions when the hold
timer expires, and a site learns another's networks over a direct session or through a route reflector both
still reach.
"""

from __future__ import annotations

from ansible_collections.netdesign.resilience.plugins.module_utils.matrix import common as C

# no role option a prediction reads beyond the plan (and the protocol timers of matrix/common.py, bgp_hold and
# bgp_connect_retry, used where the plan sets no `timers`)
OPTIONS = {}


def _sessions(plan):
    """``{(a, b): reflector or None}`` of the iBGP sessions (a < b), and ``{reflector: clients}``."""
    sessions, clients = {}, {}
    for site in plan["sites"]:
        for neighbor in site["neighbors"]:
            pair = tuple(sorted((site["name"], neighbor["site"])))
            sessions.setdefault(pair, None)
            if neighbor["route_reflector_client"]:
                clients.setdefault(site["name"], set()).add(neighbor["site"])
    return sessions, clients


def _neighbours(plan, sessions):
    neighbours = {s["name"]: set() for s in plan["sites"]}
    for a, b in sessions:
        neighbours[a].add(b)
        neighbours[b].add(a)
    return neighbours


def _cut(sessions, clients, neighbours, down):
    """The pairs of live sites that no longer learn each other's networks when site ``down`` is cut off,
    counted (not listed: a thousand sites make half a million pairs), and the sites left with no route at all."""
    lost = 0
    if down in clients:   # a reflector: its clients reach each other only through it, unless another path
        members = sorted(neighbours[down])
        others = [r for r in clients if r != down]
        if not others:    # the one reflector: every pair of its neighbours without a session of its own
            inside = set(members)
            lost = len(members) * (len(members) - 1) // 2 - sum(1 for a, b in sessions if a in inside and b in inside)
        else:
            for index, a in enumerate(members):
                for b in members[index + 1:]:
                    if b not in neighbours[a] and not [r for r in others if a in neighbours[r] and b in neighbours[r]
                                                       and (a in clients[r] or b in clients[r])]:
                        lost += 1
    isolated = [name for name in neighbours if name != down and neighbours[name] <= {down}] if lost else []
    return lost, isolated


def _return_bounds(retry, hold):
    """A session's return after the repair: the next connection attempt (ConnectRetry, per platform when the plan
    sets FRR's), then the iBGP advertisement interval (0). With hold time 0 the sessions never ended: nothing to wait
    for but the tunnel itself."""
    if not hold:
        return [C.bound("routes usable again", "ios, linux", [C.term("the tunnel source back", 0)])]
    # (platform, the ConnectRetry it runs): one bound for both when they agree
    each = [("ios, linux", retry["ios"])] if retry["ios"] == retry["linux"] else [
        ("ios", retry["ios"]), ("linux", retry["linux"])]
    return [C.bound("sessions re-established, routes back", platform, [
        C.term("BGP ConnectRetry", seconds), C.term("iBGP advertisement interval", 0)],
        None if platform != "ios" else "IOS has no ConnectRetry setting (the plan's connect_retry is FRR's)")
        for platform, seconds in each]


def predict(plan, opts, hosts, peers, plan_id):
    sessions, clients = _sessions(plan)
    neighbours = _neighbours(plan, sessions)
    timers = plan.get("timers")
    # the plan's timers are what the renderings set; without them each router's defaults (common.TIMERS, which an
    # option of the same name overrides). IOS has no ConnectRetry setting: its bound keeps the default.
    hold = timers["holdtime"] if timers is not None else opts["bgp_hold"]
    retry = {"ios": opts["bgp_connect_retry"], "linux": opts["bgp_connect_retry"]}
    if timers is not None and timers["connect_retry"] is not None:
        retry["linux"] = timers["connect_retry"]
    total = len(plan["sites"])
    rows = []
    for site in plan["sites"]:
        name = site["name"]
        gone = sorted("%s-%s" % tuple(sorted((name, other))) for other in neighbours[name])
        lost, isolated = _cut(sessions, clients, neighbours, name)
        reflector = name in clients
        text = ("%d of %d sessions down (%s); every other site withdraws %s's %d networks; %s reaches no other site"
                % (len(gone), len(sessions), C.listed(gone, 5), name, len(site["networks"]), name))
        if lost:
            text += "; %d pairs of other sites lose each other's routes (reflected by %s only), %s left with none" % (
                lost, name, C.listed(isolated, 5) if isolated else "no site")
        else:
            text += "; routes between the other sites stay"
        predicted = {"sessions_down": gone, "sessions_up": len(sessions) - len(gone), "withdrawn_networks_of": [name],
                     "other_pairs_cut": lost, "sites_isolated": isolated, "text": text}
        what = ("route reflector %s" % name) if reflector else ("site %s" % name)
        failure = {"inject": C.inject("link_down", name, site["tunnel_source"], address=site["tunnel_source_address"]),
                   "text": "%s's tunnel source %s (%s) down: %s unreachable over IPv4" % (
                       what, site["tunnel_source"], site["tunnel_source_address"], site["tunnel_address"])}
        if hold:
            bounds = [C.bound("sessions down, routes withdrawn", "ios, linux", [C.term("BGP hold time", hold)],
                              "no fall-over or BFD is rendered: an iBGP session between 6to4 addresses ends when its "
                              "hold timer expires")]
        else:   # hold time 0 (design_check bgp-hold-zero): nothing ever ends the sessions
            bounds = [C.bound("sessions down, routes withdrawn", "ios, linux", [],
                              "never: with hold time 0 no keepalive is sent and no session ends (design_check "
                              "bgp-hold-zero)")]
            predicted = {"sessions_down": [], "sessions_up": len(sessions), "withdrawn_networks_of": [],
                         "other_pairs_cut": 0, "sites_isolated": [], "blackholed_networks_of": [name],
                         "text": "every session stays Established (hold time 0: none ever ends), so every other site "
                                 "keeps routing %s's %d networks into the tunnel to a site it cannot reach: a blackhole "
                                 "until the repair (design_check bgp-hold-zero)" % (name, len(site["networks"]))}
            lost = 0
        repair = {"inject": C.inject("link_up", name, site["tunnel_source"]),
                  "text": "%s's tunnel source up again" % name,
                  "predicted": {"sessions_down": [], "sessions_up": len(sessions),
                                "text": "all %d sessions Established, every site has all %d sites' networks" % (
                                    len(sessions), total)},
                  "bounds": _return_bounds(retry, hold)}
        # the pairs reflected by the failed site alone are part of the prediction (one route reflector is a single
        # point of failure of the plan), not an invariant: every other route must stay through the transition
        predicted["single_point_of_failure"] = bool(lost)
        deviates = not hold
        invariants = [C.invariant("others-keep-routes", "routes between sites that keep a session path (direct or "
                                  "through a live reflector) stay", True),
                      C.invariant("returns", "every session comes back after the repair", True)]
        rows.append(C.row("sixto4_bgp", plan_id, "%s-%s" % ("route-reflector" if reflector else "site", name), failure,
                          predicted, bounds, repair, invariants, deviates=deviates))
        if reflector:   # the route reflector itself stopping: the same sessions end, the same routes go
            node = {"inject": C.inject("node_down", name), "text": "route reflector %s stops" % name}
            back = dict(repair, inject=C.inject("node_up", name), text="%s back" % name)
            node_invariants = invariants
            if not hold:
                # hold time 0: the clients keep their sessions Established toward the stopped reflector (no
                # keepalive, no hold timer); its new connections after the power-on collide with them and are closed
                # (RFC 4271 6.8: an Established connection wins), so nothing returns until a session is cleared
                stale = ("the clients still show their sessions to %s Established, which %s lost in its stop; its new "
                         "connections collide with them and are closed (RFC 4271 6.8): no session returns and no route "
                         "is exchanged until each is cleared (design_check bgp-hold-zero)" % (name, name))
                never = C.bound("sessions re-established, routes back", "ios, linux", [],
                                "never without a clear of the sessions (hold time 0)")
                back = dict(back, bounds=[never], predicted={
                    "sessions_down": gone, "sessions_up": len(sessions) - len(gone), "text": stale})
                node_invariants = [invariants[0], C.invariant(
                    "returns", "every session comes back after the repair", False,
                    "hold time 0: the clients' stale sessions stay Established and close the new ones")]
            rows.append(C.row("sixto4_bgp", plan_id, "route-reflector-node-%s" % name, node, dict(predicted), bounds,
                              back, node_invariants, deviates=deviates))
    return rows
