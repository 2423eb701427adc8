# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The registry of designs, and one entry point over them: ``plan(design, intent)`` and ``check(design, intent)``.

``DESIGNS`` maps each design's name to its description (core/description.py's ``Design``), which its
``designs/<design>/design.py`` fills in; every generic part (IOS and Linux rendering, the hosts a plan renders
for, the failure matrix and its replay, the report's picture, the finding codes, the modules' ``design``
choices) reads it. Adding a design: its folder, and its line below (docs/development.md).
"""

from __future__ import annotations

from collections.abc import Mapping

from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I, schema
from ansible_collections.netdesign.resilience.plugins.module_utils.designs.anycast_rp import design as anycast_rp
from ansible_collections.netdesign.resilience.plugins.module_utils.designs.nat_gateway import design as nat_gateway
from ansible_collections.netdesign.resilience.plugins.module_utils.designs.sixto4_bgp import design as sixto4_bgp
from ansible_collections.netdesign.resilience.plugins.module_utils.designs.vrf_static_tracking import (
    design as vrf_static_tracking,
)
from ansible_collections.netdesign.resilience.plugins.module_utils.designs.wan_backup_vrrp import (
    design as wan_backup_vrrp,
)
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import references

# The registry, in the order the docs, the modules' choices and the reports list the designs.
DESIGNS = {each.name: each for each in (
    vrf_static_tracking.DESIGN,
    nat_gateway.DESIGN,
    sixto4_bgp.DESIGN,
    anycast_rp.DESIGN,
    wan_backup_vrrp.DESIGN,
)}


def described(design):
    """The registry's description of ``design``, or None when it is no design."""
    return DESIGNS.get(design) if isinstance(design, str) else None


def _codes():
    """Every code design_check can report, with what reports it: each design's own codes (its ``codes``), then the
    codes no single design's check() reports."""
    codes = {}
    for name, each in DESIGNS.items():
        for code in each.codes:
            codes[code] = "%s, %s" % (codes[code], name) if code in codes else name
    # a malformed intent, as design_check(invalid='finding') and the role design_check report it
    codes["intent-invalid"] = "every design"
    # the main job: a host in a design's group that the plan of its intent does not name (the designs whose plans
    # name their devices)
    codes["host-not-in-plan"] = "%s (the main job)" % ", ".join(name for name, each in DESIGNS.items() if each.not_named)
    # on every IOS host's rendered lines (module_utils/platforms/ios/references.py, run by the main job)
    codes.update((code, "every IOS rendering") for code in references.CODES)
    return codes


CODES = _codes()


def _module(design):
    if described(design) is None:
        raise I.IntentError("design", "must be one of %s, got %s" % (", ".join(sorted(DESIGNS)), I.show(design)))
    return DESIGNS[design]


def variable(design, field):
    """An intent field as the inventory variable to edit: ``main.priority`` -> ``wan_backup_vrrp_main.priority``
    (fields that are not intent keys, such as ``host``, stay as they are)."""
    head = str(field).split(".", 1)[0].split("[", 1)[0]
    return "%s_%s" % (design, field) if head in schema.SPECS.get(design, {}) else field


def _named(design, call, *args):
    """``call(*args)``, its errors naming the inventory variable rather than the intent key."""
    try:
        return call(*args)
    except I.DesignError as exc:
        name = variable(design, exc.field)
        if name == exc.field:
            raise
        raise type(exc)(name, exc.message) from None


def plan(design, intent):
    """The deterministic plan every renderer of ``design`` consumes."""
    module = _module(design)
    schema.check(design, intent)
    return _named(design, module.plan, intent)


def host_part(design, plan, host):
    """The part of ``plan`` one of its hosts needs (its plan file holds it): a design whose plan grows with the
    network (sixto4_bgp) defines ``host_part``; for the others the plan is the host's already."""
    part = _module(design).host_part
    return part(plan, host) if part else plan


def check(design, intent):
    """Known pitfalls of ``design`` in ``intent``: a list of findings, empty when sound.

    Findings are sorted errors first, then by code and place, so the output is stable.
    """
    module = _module(design)
    schema.check(design, intent)
    findings = _named(design, module.check, intent)
    if not any(f["severity"] == "error" for f in findings):
        # a design's check may report a problem as a finding where its plan stops (a next hop missing): with
        # no error finding, what the plan refuses must be refused here too (the same message)
        _named(design, module.plan, intent)
    findings = [dict(f, where=variable(design, f["where"])) for f in findings]
    order = {"error": 0, "warning": 1}
    return sorted(findings, key=lambda f: (order[f["severity"]], f["code"], f["where"], f["message"]))


def check_or_invalid(design, intent):
    """:func:`check`, with a malformed intent as the one finding ``intent-invalid`` (error) instead of an
    exception: ``where`` is the inventory variable, the message what is wrong with it."""
    _module(design)
    try:
        return check(design, intent)
    except I.DesignError as exc:
        return [I.finding("intent-invalid", "error", exc.message, exc.field)]


def intent_from_vars(variables, design):
    """Collect a design's intent from inventory variables named ``<design>_<key>``.

    ``{'sixto4_bgp_asn': 65100, 'sixto4_bgp_sites': [...]}`` gives ``{'asn': 65100, 'sites': [...]}``;
    internal variables (``__<design>_*``) and other designs' variables are left out.
    """
    _module(design)
    if not isinstance(variables, Mapping):
        raise I.IntentTypeError("variables", "must be a mapping, got %s" % I.show(variables))
    head = design + "_"
    keys = sorted(k for k in variables if isinstance(k, str) and k.startswith(head) and len(k) > len(head))
    return {key[len(head):]: variables[key] for key in keys}


def finding_text(finding):
    """One line for a person: ``error vrrp-priority at main.track: <message>``."""
    I.mapping(finding, "finding")
    for key in ("code", "severity", "message", "where"):
        I.text(I.required(finding, key, "finding"), "finding." + key)
    return "%s %s at %s: %s" % (finding["severity"], finding["code"], finding["where"], finding["message"])
