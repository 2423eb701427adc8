# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The main job's work, done once per design rather than once per host (issue #21).

Hosts whose intent is the same (a design's group variables: every 6to4 site, both NAT boxes) share one
design check and one plan; each host then gets its part of that plan (:func:`design.host_part`) and, on
IOS, its configuration file. Pure Python: the caller (the action plugin ``site_render``) collects the
intents from the inventory, passes the function that renders cisco.ios's parts, and writes the files.
"""

from __future__ import annotations

import json

from ansible_collections.netdesign.resilience.plugins.module_utils.core import design as D
from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import references as ios_references
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import parts as ios_parts
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import render as ios_render
from ansible_collections.netdesign.resilience.plugins.module_utils.core import redact

# design_check_fail_on: the severities that stop a design (an intent no plan can be made from always does)
LEVELS = {"error": ("error",), "warning": ("error", "warning"), "never": ()}
LISTED = 5   # hosts named per summary line, and plans listed per design, before "and N more"


def blocking(findings, fail_on):
    """The findings that stop a design at ``fail_on`` (``error``, ``warning`` or ``never``)."""
    levels = LEVELS[I.choice(fail_on, "design_check_fail_on", tuple(LEVELS))]
    return [f for f in findings if f["severity"] in levels or f["code"] == "intent-invalid"]


class Group:
    """The hosts of one design that share an intent, with its findings and plan."""

    def __init__(self, design, intent):
        self.design, self.intent = design, intent
        self.hosts = []
        self.fail_on = "never"
        self.findings = []
        self.blocking = []
        self.plan = None

    def hosts_text(self):
        more = ", and %d more" % (len(self.hosts) - LISTED) if len(self.hosts) > LISTED else ""
        return ", ".join(self.hosts[:LISTED]) + more


def group(members):
    """``members``: ``(design, host, key, intent, fail_on)`` in inventory order, ``key`` equal for equal intents.
    Returns the groups in the order of their first host."""
    groups = {}
    for design, host, key, intent, fail_on in members:
        found = groups.get((design, key))
        if found is None:
            found = groups[(design, key)] = Group(design, intent)
        found.hosts.append(host)
        # the strictest level any of its hosts asks for
        if len(LEVELS[I.choice(fail_on, "design_check_fail_on", tuple(LEVELS))]) > len(LEVELS[found.fail_on]):
            found.fail_on = fail_on
    return list(groups.values())


def plan_group(found):
    """Check the group's intent once, then plan it once unless a finding blocks."""
    found.findings = D.check_or_invalid(found.design, found.intent)
    found.blocking = blocking(found.findings, found.fail_on)
    if found.blocking:
        return
    try:
        found.plan = D.plan(found.design, found.intent)
    except I.DesignError as exc:   # an error finding let through by fail_on never, that no plan can be made from
        found.blocking = [I.finding("intent-invalid", "error", exc.message, exc.field)]
        return
    found.blocking = not_named(found.design, found.plan, found.hosts)
    if found.blocking:
        found.plan = None


def not_named(design, plan, hosts):
    """The finding ``host-not-in-plan`` when a plan that names its devices does not name some of ``hosts``."""
    named = plan.get("hosts")
    missing = [h for h in hosts if named is not None and h not in named]
    if not missing:
        return []
    return [I.finding(
        "host-not-in-plan", "error",
        "%s %s not one of the devices of this %s plan (%s), so nothing would be rendered or applied for %s%s" % (
            ", ".join(missing), "is" if len(missing) == 1 else "are", design, ", ".join(named),
            "it" if len(missing) == 1 else "them", _hint(design)),
        "inventory")]


def _hint(design):
    """What to set when a plan does not name one of the hosts that has its intent (the registry's ``not_named``)."""
    each = D.described(design)
    return ": " + each.not_named if each is not None and each.not_named else ""


def plan_text(part):
    """A host's plan file: its part of the plan, secrets as their markers, as ``to_nice_json(sort_keys=true)``."""
    return json.dumps(redact.redact(part), indent=4, sort_keys=True, separators=(",", ": ")) + "\n"


def ios_text(design, part, host, rendered):
    """``(text, findings)``: the host's ``.ios`` file, secrets as their markers, and the undefined references in
    it (ios_references). ``rendered(module, config)`` returns cisco.ios's ``rendered`` lines for a part."""
    shown = redact.redact(part)
    lines = ios_render.assemble_chunks(ios_parts.chunks(design, shown, host, rendered))
    text = "! netdesign.resilience %s for %s\n" % (design, host) + "".join(line + "\n" for line in lines)
    return text, ios_references.findings(lines, host, ios_references.existing_of(shown))


def summary_lines(groups):
    """One line per plan (at most LISTED per design, then how many more), then one line of totals."""
    lines, per_design = [], {}
    for found in groups:
        per_design.setdefault(found.design, []).append(found)
    for design, found_list in per_design.items():
        for found in found_list[:LISTED]:
            what = found.plan["summary"] if found.plan else "not planned (%d blocking finding(s))" % len(found.blocking)
            lines.append("%s (%s): %s" % (design, found.hosts_text(), what))
        rest = found_list[LISTED:]
        if rest:
            lines.append("%s: and %d more plans for %d more hosts (each host's plan is in its plan file)" % (
                design, len(rest), sum(len(f.hosts) for f in rest)))
    return lines
