# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One entry point over the five designs: ``plan(design, intent)`` and ``check(design, intent)``."""

from __future__ import annotations

from collections.abc import Mapping

from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I, schema
from ansible_collections.netdesign.resilience.plugins.module_utils.designs.anycast_rp import plan as anycast_rp
from ansible_collections.netdesign.resilience.plugins.module_utils.designs.nat_gateway import plan as nat_gateway
from ansible_collections.netdesign.resilience.plugins.module_utils.designs.sixto4_bgp import plan as sixto4_bgp
from ansible_collections.netdesign.resilience.plugins.module_utils.designs.vrf_static_tracking import (
    plan as vrf_static_tracking,
)
from ansible_collections.netdesign.resilience.plugins.module_utils.designs.wan_backup_vrrp import (
    plan as wan_backup_vrrp,
)

DESIGNS = {
    "vrf_static_tracking": vrf_static_tracking,
    "nat_gateway": nat_gateway,
    "sixto4_bgp": sixto4_bgp,
    "anycast_rp": anycast_rp,
    "wan_backup_vrrp": wan_backup_vrrp,
}

# Every code design_check can report, with the design that reports it.
CODES = {
    "track-vrf-missing": "vrf_static_tracking",
    "hybrid-path": "vrf_static_tracking",
    "nexthop-unreachable": "vrf_static_tracking, nat_gateway",
    "linknet-overlap": "vrf_static_tracking",
    "inter-vrf-leaking": "vrf_static_tracking",
    "mgmt-ssh-lockout": "vrf_static_tracking",
    "mgmt-controllers-missing": "vrf_static_tracking",
    "snmp-switch-traps": "vrf_static_tracking",
    "mgmt-vrf-is-a-zone": "vrf_static_tracking",
    "nexthop-self": "vrf_static_tracking, nat_gateway",
    "nexthop-missing": "vrf_static_tracking, nat_gateway",
    "sysctl-before-bond": "nat_gateway",
    "forwarding-global": "nat_gateway",
    "snat-port-exhaustion": "nat_gateway",
    "clients-not-private": "nat_gateway",
    "proto41-filtered": "sixto4_bgp",
    "network-overlap": "sixto4_bgp",
    "bgp-network-no-route": "sixto4_bgp",
    "rp-connected-host": "anycast_rp",
    "rp-host-route": "anycast_rp",
    "vrrp-priority": "wan_backup_vrrp",
    "vrrp-preempt-delay": "wan_backup_vrrp",
    "vrrp-address-owner": "wan_backup_vrrp",
    "vrrp-address-outside": "wan_backup_vrrp",
    "subinterface-vlan-missing": "vrf_static_tracking, wan_backup_vrrp",
    # a malformed intent, as design_check(invalid='finding') and the role design_check report it
    "intent-invalid": "every design",
    # the main job: a host in a design's group that the plan of its intent does not name
    "host-not-in-plan": "sixto4_bgp, wan_backup_vrrp (the main job)",
    # on every IOS host's rendered lines (module_utils/platforms/ios/references.py, run by the main job)
    "ios-undefined-login-list": "every IOS rendering",
    "ios-undefined-acl": "every IOS rendering",
    "ios-undefined-aaa-group": "every IOS rendering",
    "ios-undefined-track": "every IOS rendering",
    "ios-undefined-vrf": "every IOS rendering",
}


def _module(design):
    if not isinstance(design, str) or design not in DESIGNS:
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
    part = getattr(_module(design), "host_part", None)
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
