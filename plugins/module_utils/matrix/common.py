# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared pieces of the offline failure matrix (issue #19): rows, bounds with their arithmetic, invariants,
the role options and the protocol timers a prediction reads. Pure Python; see failure_matrix.py."""

from __future__ import annotations

import copy

from ansible_collections.netdesign.resilience.plugins.module_utils.designs.vrf_static_tracking import linux as tracking
from ansible_collections.netdesign.resilience.plugins.module_utils.designs.wan_backup_vrrp import linux as vrrp

# What every row is: a prediction from the plan, not a measurement.
STATUS = "predicted"
NOTE = ("Predictions from the plans alone: no row of this report has been replayed in a lab (make site's lab replays "
        "rows and scripts/site_report.py merges what it measured); every state and bound is what the design's plan "
        "and timers say should happen")

# Protocol timers, one table for every design (an option of the same name overrides one: a network that tunes
# them): the ones neither the IOS nor the Linux rendering sets, so each device runs its default, and the ones the
# Linux renderings set (designs/<design>/linux.py). (value in seconds, where it comes from)
TIMERS = {
    "vrrp_advertisement": (vrrp.VRRP_ADVERT_INT, "VRRP advertisement interval (IOS default 1 s; keepalived "
                           "advert_int %s as rendered)" % vrrp.VRRP_ADVERT_INT),
    "track_advertisement": (tracking.TRACK_ADVERT_INT, "advertisement interval of the Linux twin's tracking "
                            "instance (advert_int %s on its dummy device, as rendered)" % tracking.TRACK_ADVERT_INT),
    "track_priority": (tracking.TRACK_PRIORITY, "priority of the Linux twin's tracking instance (as rendered)"),
    "bgp_hold": (180, "BGP hold time (IOS and FRR default, where the plan sets no `timers`)"),
    "bgp_connect_retry": (120, "BGP ConnectRetry time (RFC 4271's 120 s, IOS and FRR default)"),
    "pim_register_suppression": (60, "PIM Register_Suppression_Time (RFC 7761 default)"),
    "pim_register_probe": (5, "PIM Register_Probe_Time (RFC 7761 default)"),
    "ospf_min_ls_interval": (5, "OSPF MinLSInterval (RFC 2328 B: an LSA is originated at most every 5 s)"),
    "ospf_spf_hold": (0.05, "FRR ospf6d/ospfd SPF throttle: delay 0 ms, hold 50 ms (FRR default)"),
}


def options_of(defaults, options):
    """A design's role ``defaults`` (its matrix options in the registry) and the protocol timers, updated with
    ``options`` (the intent's values)."""
    merged = copy.deepcopy(defaults)
    merged.update({name: value for name, (value, _why) in TIMERS.items()})
    for key, value in dict(options or {}).items():
        if isinstance(merged.get(key), dict) and isinstance(value, dict):
            merged[key] = dict(merged[key], **value)
        elif value is not None:
            merged[key] = value
    return merged


def num(value):
    """A number as JSON keeps it: whole seconds as int, else rounded to the millisecond."""
    value = round(float(value), 3)
    return int(value) if value.is_integer() else value


def seconds(value):
    return "%s s" % num(value)


def term(label, value):
    """One addend of a bound: ``label`` names it (the value is written after it)."""
    return (label, num(value))


def bound(what, platform, terms, note=None):
    """``{what, platform, seconds, arithmetic}``: the sum of ``terms`` (``(label, seconds)``), written out."""
    total = num(sum(value for _label, value in terms))
    if not terms and note:
        total, arithmetic = None, "not predicted"
    elif not terms:
        arithmetic = "0 s: no timer runs (nothing moves)"
    elif len(terms) == 1:
        arithmetic = "%s = %s" % (terms[0][0], seconds(terms[0][1]))
    else:
        arithmetic = " + ".join("%s %s" % (label, seconds(value)) for label, value in terms) + " = " + seconds(total)
    result = {"what": what, "platform": platform, "seconds": total, "arithmetic": arithmetic}
    if note:
        result["note"] = note
    return result


def invariant(key, text, holds, why=""):
    """One invariant to check during the transition; ``holds`` is what the plan predicts (False: broken)."""
    result = {"id": key, "text": text, "predicted_to_hold": bool(holds)}
    if why:
        result["why"] = why
    return result


def inject(action, node, target=None, **extra):
    """What a lab does to cause (or repair) a failure: ``link_down``/``link_up`` of ``target`` on ``node``,
    ``node_down``/``node_up`` of ``node``."""
    result = {"action": action, "node": node}
    if target is not None:
        result["target"] = target
    result.update(extra)
    return result


def row(design, plan_id, key, failure, predicted, bounds, repair, invariants, deviates=False):
    """A matrix row. ``failure``/``repair``: ``{inject, text}`` (repair also ``predicted`` and ``bounds``);
    ``deviates``: the prediction is not what the design promises (a broken intent shows here)."""
    return {
        "id": "%s/%s/%s" % (design, plan_id, key),
        "design": design,
        "plan": plan_id,
        "status": STATUS,
        "failure": failure,
        "predicted": predicted,
        "bounds": bounds,
        "repair": repair,
        "invariants": invariants,
        "deviates": bool(deviates),
    }


def listed(items, limit=10):
    """A list as text: the first ``limit`` then how many more."""
    items = list(items)
    more = " and %d more" % (len(items) - limit) if len(items) > limit else ""
    return ", ".join(str(i) for i in items[:limit]) + more
