# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Failure matrix rows of ``wan_backup_vrrp`` (issue #19), from its plan.

The master is the higher priority, the main router's priority less the decrement of each WAN link down (255,
never lowered, when it owns the address).
"""

from __future__ import annotations

from ansible_collections.netdesign.resilience.plugins.module_utils.matrix import common as C

# no role option a prediction reads beyond the plan
OPTIONS = {}


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


def predict(plan, opts, hosts, peers, plan_id):
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
