# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The failure matrix predicted offline, from the plans alone (issue #19).

``matrix(design, plan, ...)`` gives one row per single failure the design cares about: what to inject (in
terms a lab can replay), the predicted steady state, the time bound the design's timers give with the
arithmetic, the state after the repair and its bound, and the invariants to check during the transition.
``for_intent`` does the same from an intent, even one the design check refuses, and shows each blocking
finding on the rows it breaks. ``site_report`` is the main job's report of every plan. Pure Python: each design's
predictor is its ``designs/<design>/matrix.py`` (the registry's ``matrix``); docs/failure-matrix.md.
"""

from __future__ import annotations

import json
import os

from ansible_collections.netdesign.resilience.plugins.module_utils.core import design as D
from ansible_collections.netdesign.resilience.plugins.module_utils.matrix import common as C
from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I
from ansible_collections.netdesign.resilience.plugins.module_utils.core import redact
from ansible_collections.netdesign.resilience.plugins.module_utils.report import html as H
from ansible_collections.netdesign.resilience.plugins.module_utils.report import topology as T
from ansible_collections.netdesign.resilience.plugins.module_utils.core import schema

# the finding codes that change what a failure does (others break a rendering or management, not a failover)
FAILOVER_CODES = ("track-vrf-missing", "hybrid-path", "nexthop-self", "nexthop-missing", "nexthop-unreachable",
                  "linknet-overlap", "rp-connected-host", "rp-host-route", "vrrp-priority", "vrrp-address-owner",
                  "proto41-filtered")
ROWS_LISTED = 25   # rows per plan in report.md (all of them are in report.json)
PLANS_LISTED = 20  # plans per design in report.md (a thousand VRRP branches are a thousand plans)


def _peer(entry):
    I.mapping(entry, "peers[]")
    for key in ("design", "plan"):
        I.required(entry, key, "peers[]")
    hosts = list(I.sequence(entry.get("hosts") or [entry["design"]], "peers[].hosts"))
    return {"design": entry["design"], "plan": I.mapping(entry["plan"], "peers[].plan"), "hosts": hosts,
            "options": entry.get("options") or {}}


def matrix(design, plan, options=None, hosts=None, peers=None, findings=None):
    """The rows of ``plan`` (of ``design``). ``options``: role options and timers not in the plan (the intent's
    ``check_interval``, ``fast``, ``bond_options``, ``vpn_interface``, or a timer of failure_matrix_common.TIMERS);
    ``hosts``: the plan's hosts (the router, the NAT box); ``peers``: ``{design, plan, hosts, options}`` of the other
    plans of the network (a NAT box's pair and its router); ``findings``: the design check's findings, each
    error finding that changes a failover shown on the rows whose prediction it breaks."""
    each = D.described(design)
    if each is None or each.matrix is None:
        raise I.IntentError("design", "must be one of %s, got %s" % (", ".join(sorted(
            name for name, known in D.DESIGNS.items() if known.matrix is not None)), I.show(design)))
    I.mapping(plan, "plan")
    if plan.get("design") != design:
        raise I.IntentError("plan", "is a plan of %s, not of %s" % (I.show(plan.get("design")), design))
    hosts = [str(h) for h in I.sequence(hosts or [], "hosts")]
    peers = [_peer(p) for p in I.sequence(peers or [], "peers")]
    plan_id = hosts[0] if hosts else design
    try:
        rows = each.matrix.predict(plan, C.options_of(each.matrix.options, options), hosts, peers, plan_id)
    except (KeyError, TypeError, AttributeError, IndexError) as exc:
        raise I.IntentError("plan", "is not a complete %s plan (%s: %s)" % (design, type(exc).__name__, exc)) from None
    return annotate(rows, findings or [])


def annotate(rows, findings):
    """Each error finding that changes a failover, on every row whose prediction deviates from the design's
    promise or breaks an invariant. Returns the rows."""
    shown = [f for f in findings if f.get("severity") == "error" and f.get("code") in FAILOVER_CODES]
    for each in rows:
        broken = each["deviates"] or not all(i["predicted_to_hold"] for i in each["invariants"])
        each["findings"] = [dict(f) for f in shown] if broken else []
    return rows


def _options(design, intent):
    """The intent's keys a prediction reads that the plan does not keep."""
    each = D.described(design)
    defaults = each.matrix.options if each is not None and each.matrix is not None else {}
    return {k: intent[k] for k in defaults if isinstance(intent, dict) and k in intent}


def peer_of_intent(design, intent, hosts):
    """The peer entry (``{design, plan, hosts, options}``) of another plan of the network given by its intent (a lab
    replay's router in front of the NAT boxes); DesignError when the intent cannot be planned."""
    schema.check(design, intent)
    return {"design": design, "plan": D.DESIGNS[design].plan(intent), "hosts": [str(h) for h in hosts],
            "options": _options(design, intent)}


def for_intent(design, intent, hosts=None, peers=None):
    """``{plan_summary, findings, rows, unshown}`` for an intent: planned even when the design check refuses it
    (so a broken intent shows the failure it would cause), ``unshown`` the blocking findings no row shows."""
    findings = D.check_or_invalid(design, intent)
    try:
        schema.check(design, intent)
        plan = D.DESIGNS[design].plan(intent)
    except I.DesignError as exc:
        return {"plan_summary": None, "findings": findings, "rows": [],
                "unshown": findings or [I.finding("intent-invalid", "error", exc.message, exc.field)]}
    rows = matrix(design, plan, _options(design, intent), hosts, peers, findings)
    on_rows = {f["code"] for r in rows for f in r["findings"]}
    unshown = [f for f in findings if f["severity"] == "error" and f["code"] not in on_rows]
    return {"plan_summary": plan["summary"], "findings": findings, "rows": rows, "unshown": unshown}


def _peer_design(design):
    """Whether other plans' rows read the plans of ``design`` (the registry's ``matrix.peer``)."""
    each = D.described(design)
    return each is not None and each.matrix is not None and each.matrix.peer


def site_report(groups):
    """The main job's report: ``groups`` are site.Group objects (design, hosts, intent, plan, findings,
    blocking); one entry per plan, never per host (a thousand 6to4 sites are one plan)."""
    plans = []
    for found in groups:
        plan = found.plan
        if plan is None:   # refused: planned anyway for the matrix, the refusal shown on the rows it breaks
            try:
                plan = D.DESIGNS[found.design].plan(found.intent)
            except (I.DesignError, AttributeError):
                plan = None
        plans.append((found, plan))
    # the plans other plans' rows read: NAT boxes and the routers in front of them (one list, not one per plan: a
    # thousand VRRP branches are a thousand plans)
    readable = [(other, {"design": other.design, "plan": p, "hosts": other.hosts,
                         "options": _options(other.design, other.intent)})
                for other, p in plans if p is not None and _peer_design(other.design)]
    entries = []
    for found, plan in plans:
        peers = [peer for other, peer in readable if other is not found]
        blocking = list(found.blocking)
        entry = {"design": found.design, "hosts": list(found.hosts), "planned": found.plan is not None,
                 "plan_summary": plan["summary"] if plan else None, "blocking": blocking, "rows": [], "unshown": blocking,
                 # the picture reads no secret, and is given the plan with its markers besides (plans in memory hold
                 # the secrets, the files get the markers: site.plan_text)
                 "topology": T.topology(found.design, redact.redact(plan) if plan else None, found.hosts)}
        if plan is not None:
            rows = matrix(found.design, plan, _options(found.design, found.intent), found.hosts, peers, blocking)
            on_rows = {f["code"] for r in rows for f in r["findings"]}
            entry.update(rows=rows, unshown=[f for f in blocking if f["code"] not in on_rows])
        entries.append(entry)
    rows = sum(len(e["rows"]) for e in entries)
    return {"status": C.STATUS, "replayed": False, "note": C.NOTE, "plans": entries,
            "counts": {"plans": len(entries), "rows": rows,
                       "rows_deviating": sum(1 for e in entries for r in e["rows"] if r["deviates"]),
                       "rows_invariant_broken": sum(1 for e in entries for r in e["rows"]
                                                    if not all(i["predicted_to_hold"] for i in r["invariants"]))}}


def _dumps(value):
    return json.dumps(value, sort_keys=True, separators=(", ", ": "))


def report_files(groups, hosts, every, out):
    """``({path: text}, summary line)``: the main job's report.json, report.md and report.html beside ``out`` (the plans'
    folder) when the run's ``hosts`` cover ``every`` host of the designs; a --limit run leaves the report of the
    whole network as it was."""
    if not out or not set(every) <= set(hosts):
        return {}, "failure matrix: not rewritten (%s)" % (
            "no output_dir" if not out else "a --limit run: the report covers the whole inventory")
    report = site_report(groups)
    top = os.path.dirname(out)
    counts = report["counts"]
    line = "failure matrix: %d rows for %d plans, predicted from the plans and not replayed in a lab (%d not what " \
        "the design promises, %d with an invariant predicted broken): %s" % (
            counts["rows"], counts["plans"], counts["rows_deviating"], counts["rows_invariant_broken"],
            os.path.join(top, "report.md"))
    return {os.path.join(top, "report.json"): report_json(report),
            os.path.join(top, "report.md"): report_markdown(report),
            os.path.join(top, "report.html"): H.report_html(report)}, line


def report_json(report):
    """report.json: one line per row (readable in a diff, and json's C encoder, which does not indent, keeps a
    thousand sites' rows fast), keys sorted."""
    lines, keys = ["{"], sorted(report)
    for index, key in enumerate(keys):
        comma = "," if index < len(keys) - 1 else ""
        if key != "plans":
            lines.append(" %s: %s%s" % (json.dumps(key), _dumps(report[key]), comma))
            continue
        lines.append(' "plans": [')
        for number, entry in enumerate(report["plans"]):
            rows = entry["rows"]
            lines.append("  %s, \"rows\": [" % _dumps({k: v for k, v in entry.items() if k != "rows"})[:-1])
            lines += ["   %s%s" % (_dumps(each), "," if at < len(rows) - 1 else "") for at, each in enumerate(rows)]
            lines.append("  ]}" + ("," if number < len(report["plans"]) - 1 else ""))
        lines.append(" ]" + comma)
    return "\n".join(lines) + "\n}\n"


def _cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def _bounds_text(bounds):
    return "<br>".join("%s (%s): %s" % (b["what"], b["platform"], b["arithmetic"]) for b in bounds) or "-"


def _measured_text(each):
    measured = each.get("measured")
    if not measured:
        return "not replayed"
    text = "switch %s s, return %s s (%s)" % tuple("-" if v is None else v for v in (
        measured["switch_seconds"], measured["return_seconds"], measured["platform"]))
    text += "".join("<br>%s" % part for part in [measured["state"]] + each.get("why_failed", []) + [
        "%s %s" % ("held" if i["held"] else "**NOT HELD**", i["id"]) for i in measured["invariants"]] if part)
    return "**%s** %s" % (each["status"], text)


def report_markdown(report):
    """report.md: the note that these are predictions (or which rows the lab replayed), then one table per plan;
    the measured column only when some row was replayed (report_measured.merge_measured)."""
    measured = any("measured" in each for entry in report["plans"] for each in entry["rows"])
    lines = ["# Failure matrix (%s)" % ("predicted and replayed in the lab" if measured else "predicted, not replayed"), "",
             "**%s.** Each row: what to inject, the predicted state, the time bound with its arithmetic (per "
             "platform: `ios`, `linux` for the Linux/FRR twin), the state after the repair, the invariants to check "
             "(docs/failure-matrix.md)." % report.get("note", C.NOTE),
             "", "%d plans, %d rows, %d rows where the prediction is not what the design promises, %d rows with an "
             "invariant predicted broken (**BROKEN** below)." % (
                 report["counts"]["plans"], report["counts"]["rows"], report["counts"]["rows_deviating"],
                 report["counts"]["rows_invariant_broken"]), ""]
    if measured:
        lines[4:4] = ["Replayed in the lab: %d rows, %d passed, %d failed, %d skipped; status **%s**." % (
            report["counts"]["rows_replayed"], report["counts"]["rows_passed"], report["counts"]["rows_failed"],
            report["counts"]["rows_skipped"], report["status"]), ""]
    shown = {}
    for entry in report["plans"]:
        shown[entry["design"]] = shown.get(entry["design"], 0) + 1
        if shown[entry["design"]] > PLANS_LISTED:
            continue
        lines += ["## %s (%s)" % (entry["design"], C.listed(entry["hosts"], 5)), ""]
        lines.append(entry["plan_summary"] or "No plan can be made from this intent.")
        lines.append("")
        if entry["blocking"]:
            lines += ["**Refused by the design check** (not deployable as it stands): " + "; ".join(
                "`%s` at %s: %s" % (f["code"], f["where"], f["message"]) for f in entry["blocking"]), ""]
        for finding in entry["unshown"]:
            lines.append("- `%s` is shown by no failure row (it breaks the rendering or management, not a failover)"
                         % finding["code"])
        if entry["rows"]:
            lines += ["| row | failure (inject) | predicted state | bound | after repair | invariants |" + (
                " measured |" if measured else ""), "|---|---|---|---|---|---|" + ("---|" if measured else "")]
        for each in entry["rows"][:ROWS_LISTED]:
            flag = " **(broken: %s)**" % ", ".join(sorted({f["code"] for f in each["findings"]})) \
                if each["findings"] else " **(not what the design promises)**" if each["deviates"] else ""
            invariants = "<br>".join("%s %s" % ("holds" if i["predicted_to_hold"] else "**BROKEN**", i["id"])
                                     for i in each["invariants"]) or "-"
            lines.append("| %s | %s | %s%s | %s | %s; %s | %s |" % (
                _cell(each["id"]), _cell(each["failure"]["text"]), _cell(each["predicted"]["text"]), flag,
                _cell(_bounds_text(each["bounds"])), _cell(each["repair"]["predicted"]["text"]),
                _cell(_bounds_text(each["repair"]["bounds"])), invariants) + (
                " %s |" % _cell(_measured_text(each)) if measured else ""))
        if len(entry["rows"]) > ROWS_LISTED:
            lines.append("")
            lines.append("... and %d more rows (all in report.json)." % (len(entry["rows"]) - ROWS_LISTED))
        lines.append("")
    for design, count in shown.items():
        if count > PLANS_LISTED:
            lines += ["## %s: and %d more plans (all in report.json)" % (design, count - PLANS_LISTED), ""]
    return "\n".join(lines)
