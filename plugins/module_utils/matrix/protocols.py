# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Failure matrix rows of ``sixto4_bgp``, ``anycast_rp`` and ``wan_backup_vrrp`` (issue #19), from their plans.

sixto4_bgp: the iBGP sessions are the plan's neighbours; a site whose tunnel source fails loses its sessions
when the hold timer expires, and a site learns another's networks over a direct session or through a route
reflector both still reach. anycast_rp: the RP is the live loopback with the longest prefix, unless the IGP
advertises host routes (every instance equal). wan_backup_vrrp: the master is the higher priority, the main
router's priority less the decrement of each WAN link down (255, never lowered, when it owns the address).
"""

from __future__ import annotations

from ansible_collections.netdesign.resilience.plugins.module_utils.matrix import common as C

# ---------------------------------------------------------------------------------------------------------
# sixto4_bgp


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


def sixto4_bgp(plan, opts, hosts, peers, plan_id):
    sessions, clients = _sessions(plan)
    neighbours = _neighbours(plan, sessions)
    hold, retry = opts["bgp_hold"], opts["bgp_connect_retry"]
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
        bounds = [C.bound("sessions down, routes withdrawn", "ios, linux", [C.term("BGP hold time", hold)],
                          "no fall-over or BFD is rendered: an iBGP session between 6to4 addresses ends when its hold "
                          "timer expires")]
        repair = {"inject": C.inject("link_up", name, site["tunnel_source"]),
                  "text": "%s's tunnel source up again" % name,
                  "predicted": {"sessions_down": [], "sessions_up": len(sessions),
                                "text": "all %d sessions Established, every site has all %d sites' networks" % (
                                    len(sessions), total)},
                  "bounds": [C.bound("sessions re-established, routes back", "ios, linux", [
                      C.term("BGP ConnectRetry", retry),
                      C.term("iBGP advertisement interval", 0)])]}
        # the pairs reflected by the failed site alone are part of the prediction (one route reflector is a single
        # point of failure of the plan), not an invariant: every other route must stay through the transition
        predicted["single_point_of_failure"] = bool(lost)
        invariants = [C.invariant("others-keep-routes", "routes between sites that keep a session path (direct or "
                                  "through a live reflector) stay", True),
                      C.invariant("returns", "every session comes back after the repair", True)]
        rows.append(C.row("sixto4_bgp", plan_id, "%s-%s" % ("route-reflector" if reflector else "site", name), failure,
                          predicted, bounds, repair, invariants, deviates=False))
        if reflector:   # the route reflector itself stopping: the same sessions end, the same routes go
            node = {"inject": C.inject("node_down", name), "text": "route reflector %s stops" % name}
            back = dict(repair, inject=C.inject("node_up", name), text="%s back" % name)
            rows.append(C.row("sixto4_bgp", plan_id, "route-reflector-node-%s" % name, node, dict(predicted), bounds,
                              back, invariants, deviates=False))
    return rows


# ---------------------------------------------------------------------------------------------------------
# anycast_rp

def _holder(plan, failed, key="rp_routers"):
    rows = plan[key] if key == "rp_routers" else plan["ipv4"]["rp_routers"]
    live = [r for r in rows if r["router"] not in failed]
    return live[0] if live else None


def _igp_bounds(plan, opts, what):
    protocol = plan["igp"]["protocol"]
    if protocol == "eigrp":
        ios = C.bound(what, "ios", [C.term("EIGRP: a local interface event, the update goes out at once (no hold "
                                           "timer)", 0)])
    elif protocol in ("ospf", "ospfv3"):
        ios = C.bound(what, "ios", [C.term("OSPF MinLSInterval", opts["ospf_min_ls_interval"])],
                      "plus the device's SPF throttle (`timers throttle spf`)")
    else:
        ios = C.bound(what, "ios", [], "%s: no timer model here (predicted: a local event)" % protocol)
    if protocol in ("ospf", "ospfv3"):
        linux = C.bound(what, "linux", [C.term("OSPF MinLSInterval", opts["ospf_min_ls_interval"]),
                                        C.term("SPF hold", opts["ospf_spf_hold"])],
                        "upper bound: a first change after a quiet 5 s is originated at once")
    else:
        linux = C.bound(what, "linux", [], "no Linux twin for igp.protocol %s (FRR renders ospfv3/ospf)" % protocol)
    return [ios, linux]


def _pim_bound(opts):
    suppression, probe = opts["pim_register_suppression"], opts["pim_register_probe"]
    return C.bound("multicast through the RP holder", "ios, linux", [
        C.term("Register-Stop timer (at most 1.5 x Register_Suppression_Time %s s - Register_Probe_Time %s s)" % (
            C.num(suppression), C.num(probe)), 1.5 * suppression - probe),
        C.term("Register_Probe_Time", probe)],
        "the source's DR registers with the new holder when its register-stop timer runs out (RFC 7761 4.4); "
        "listeners' DRs join it at once on the RPF change")


def anycast_rp(plan, opts, hosts, peers, plan_id):
    rows = []
    split = plan["igp"]["advertises_host_route"]
    attached = {r for s in plan.get("segments", []) if s["hosts"] for r in s["routers"]}
    rp_names = {r["router"] for r in plan["rp_routers"]}
    for rp in plan["rp_routers"]:
        failed = {rp["router"]}
        before, after = _holder(plan, set()), _holder(plan, failed)
        twin = plan.get("ipv4")
        if split:
            text = ("%s advertises each loopback as a host route: every router goes to its nearest live instance, so "
                    "sources and listeners can meet different RPs" % plan["igp"]["protocol"])
        elif after is before:
            text = "%s keeps the RP: every router still routes %s to %s; %s's %s leaves the RIBs" % (
                before["router"], plan["address"], before["prefix"], rp["router"], rp["prefix"])
        else:
            text = "%s holds the RP: every router routes %s to %s" % (
                after["router"] if after else "no router", plan["address"], after["prefix"] if after else "nothing")
        localized = sorted((attached & rp_names) - failed)
        before_local = sorted(attached & rp_names)
        if [r for r in before_local if r != before["router"]]:
            text += "; before the failure and after the repair %s is RP for its own attached hosts" % (
                C.listed([r for r in before_local if r != before["router"]]))
        others = [r for r in localized if after is not None and r != after["router"]]
        if others:
            text += "; %s is RP for its own attached sources/listeners (its local route beats every prefix)" % (
                C.listed(others))
        if twin:
            text += "; IPv4 twin %s on %s" % (twin["address"], _holder(plan, failed, "ipv4")["router"])
        predicted = {"rp_holder": after["router"] if after else None, "rp_prefix": after["prefix"] if after else None,
                     "igp_adjacencies": "all stay up", "pim_neighbors": "all stay up", "text": text}
        single = not split and not [r for r in localized if after is None or r != after["router"]] and \
            not [r for r in before_local if r != before["router"]]
        invariants = [C.invariant("single-rp", "one RP for the whole domain at every moment", single,
                                  "" if single else "predicted: the arbitration is lost (rp-host-route or "
                                  "rp-connected-host)"),
                      C.invariant("longest-prefix-wins", "the RP is the live loopback with the longest prefix",
                                  not split)]
        failure = {"inject": C.inject("link_down", rp["router"], rp["interface"]),
                   "text": "%s's anycast loopback %s (%s, rank %d) down" % (
                       rp["router"], rp["interface"], rp["prefix"], rp["rank"])}
        moved = after is not before
        bounds = _igp_bounds(plan, opts, "route to the RP address moves" if moved else "the loopback's prefix withdrawn")
        if moved:
            bounds.append(_pim_bound(opts))
        repair_bounds = _igp_bounds(plan, opts, "route to the RP address back" if moved else "the prefix back")
        if moved:
            repair_bounds.append(_pim_bound(opts))
        repair = {"inject": C.inject("link_up", rp["router"], rp["interface"]),
                  "text": "%s's loopback up again" % rp["router"],
                  "predicted": {"rp_holder": before["router"], "rp_prefix": before["prefix"],
                                "text": "%s holds the RP again (%s)" % (before["router"], before["prefix"])},
                  "bounds": repair_bounds}
        rows.append(C.row("anycast_rp", plan_id, "loopback-%s" % rp["router"], failure, predicted, bounds, repair,
                          invariants, deviates=not single))
    return rows


# ---------------------------------------------------------------------------------------------------------
# wan_backup_vrrp

def _main_priority(plan, wan_down):
    """The main router's priority with the tracked interfaces ``wan_down`` down (None: the router is off)."""
    main = plan["main"]
    if wan_down is None:
        return None
    if plan["virtual_ip"] == plan["ip"]:
        return 255   # the address owner: IOS runs it at 255 whatever its tracks say
    return max(1, main["priority"] - sum(t["decrement"] for t in main["track"] if t["interface"] in wan_down))


def _master(plan, main_priority, backup_priority):
    if main_priority is None or backup_priority > main_priority:
        return plan["backup"]["name"]
    # equal priorities: the higher interface address wins (RFC 5798); the backup's address is not in the plan
    return plan["main"]["name"] if main_priority > backup_priority else "%s or %s (equal priority %d: the higher " \
        "address wins)" % (plan["main"]["name"], plan["backup"]["name"], main_priority)


def _masters(plan, main_priority):
    """``{backup priority: master}`` for the backup at its VPN-down and VPN-up priorities."""
    backup = plan["backup"]
    return {p: _master(plan, main_priority, p) for p in sorted({backup["priority_min"], backup["priority_max"]})}


def _vrrp_bounds(plan, opts, backup_priority, what):
    adv = opts["vrrp_advertisement"]
    return C.bound(what, "ios, linux", [
        C.term("Master_Down_Interval (3 x advertisement interval %s s)" % C.num(adv), 3 * adv),
        C.term("skew ((256 - %d)/256 x %s s)" % (backup_priority, C.num(adv)), (256 - backup_priority) / 256.0 * adv)],
        "VRRPv%d; the backup ignores the main router's lower-priority advertisements and takes over when its "
        "master-down timer runs out" % plan["version"])


def _preempt_bounds(plan, opts):
    """IOS preempts when its delay ends (with its next advertisement); keepalived (the Linux twin) discards
    the backup's lower-priority advertisements once its delay ends and takes over when its master-down timer
    runs out, counted from the last advertisement it accepted (measured in the lab: 63.6 s, #19)."""
    adv, priority = opts["vrrp_advertisement"], _main_priority(plan, ())
    return [C.bound("main router master again", "ios", [
        C.term("preempt delay", plan["preempt_delay"]),
        C.term("one advertisement interval", adv)]),
        C.bound("main router master again", "linux", [
            C.term("preempt delay", plan["preempt_delay"]),
            C.term("Master_Down_Interval (3 x advertisement interval %s s)" % C.num(adv), 3 * adv),
            C.term("skew ((256 - %d)/256 x %s s)" % (priority, C.num(adv)), (256 - priority) / 256.0 * adv)],
            "keepalived: the delay starts with the backup's first advertisement after the return (up to one "
            "interval later) and the master-down timer with the last one accepted before the delay ends (one "
            "interval before it): the two intervals cancel")]


def wan_backup_vrrp(plan, opts, hosts, peers, plan_id):
    main, backup = plan["main"]["name"], plan["backup"]["name"]
    normal = _masters(plan, _main_priority(plan, ()))
    slowest = plan["backup"]["priority_min"]   # the largest skew
    rows = []
    cases = [("wan-%s" % t["interface"], {t["interface"]}, C.inject("link_down", main, t["interface"]),
              "WAN link %s of %s down (track %d, decrement %d)" % (t["interface"], main, t["object"], t["decrement"]))
             for t in plan["main"]["track"]]
    cases.append(("node-%s" % main, None, C.inject("node_down", main), "%s stops" % main))
    for key, down, injected, text in cases:
        main_priority = _main_priority(plan, down)
        masters = _masters(plan, main_priority)
        master = masters[plan["backup"]["priority_max"]]
        predicted = {"vrrp_master": master, "main_priority": main_priority, "masters_by_backup_priority": {
            str(p): m for p, m in masters.items()}, "gateway": plan["virtual_ip"],
            "text": "%s is VRRP Master of group %d (%s at %s; %s)" % (
                master, plan["group"], main, "off" if main_priority is None else main_priority,
                "; ".join("%s at %d: %s Master" % (backup, p, m) for p, m in masters.items()))}
        moved = masters != normal
        bounds = [_vrrp_bounds(plan, opts, slowest, "%s Master" % backup)] if moved else \
            [C.bound("nothing moves", "ios, linux", [])]
        back = normal[plan["backup"]["priority_max"]]
        repair = {"inject": dict(injected, action="link_up" if down is not None else "node_up"),
                  "text": "%s back" % (C.listed(sorted(down)) if down is not None else main),
                  "predicted": {"vrrp_master": back, "text": "%s is VRRP Master again" % back},
                  "bounds": _preempt_bounds(plan, opts) if moved and back == main else
                  [C.bound("nothing moves", "ios, linux", [])]}
        invariants = [C.invariant("one-master", "never two VRRP Masters (at most one Master seen at any moment)", True),
                      C.invariant("gateway-answers", "%s answers after the bound" % plan["virtual_ip"], True)]
        deviates = set(masters.values()) != {backup} or set(normal.values()) != {main}
        rows.append(C.row("wan_backup_vrrp", plan_id, key, {"inject": injected, "text": text}, predicted, bounds,
                          repair, invariants, deviates=deviates))
    return rows
