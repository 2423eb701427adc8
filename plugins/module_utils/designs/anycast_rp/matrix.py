# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Failure matrix rows of ``anycast_rp`` (issue #19), from its plan.

The RP is the live loopback with the longest prefix, unless the IGP advertises host routes (every instance
equal).
"""

from __future__ import annotations

from ansible_collections.netdesign.resilience.plugins.module_utils.matrix import common as C

# no role option a prediction reads beyond the plan
OPTIONS = {}


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


def predict(plan, opts, hosts, peers, plan_id):
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
