# -*- coding: utf-8 -*-
"""design_check and design_plan judge every intent alike: what the plan refuses, the check refuses or
reports as an error finding, and the check never refuses an intent the plan takes.

The intents are the example inventory's, changed at one place by hypothesis: a key dropped, a value
replaced by a value of another type or an out-of-range one, a list element duplicated, an unknown key added,
at the top or inside the first element of a list or mapping.
"""
from __future__ import annotations

import copy

from hypothesis import given, settings
from hypothesis import strategies as st

from example_inventory import example_intent
from ansible_collections.netdesign.resilience.plugins.module_utils.core import design as D

EXAMPLES = {"vrf_static_tracking": None, "nat_gateway": "nat1", "sixto4_bgp": None, "anycast_rp": None,
            "wan_backup_vrrp": None}
VALUES = [None, "", "x", 0, -1, 70000, 4294967296, True, [], {}, ["x"], "10.0.0.1", "10.0.0.0/8", "ff05::1",
          "2001:db8::/32", "a\nb", "GigabitEthernet0/0/1.100"]


def _places(intent):
    """(container, key) pairs to change: each top-level key, and each key of the first element of a list of
    mappings or of a mapping value."""
    places = [(intent, key) for key in sorted(intent)]
    for key in sorted(intent):
        value = intent[key]
        inner = value[0] if isinstance(value, list) and value and isinstance(value[0], dict) else value
        if isinstance(inner, dict):
            places += [(inner, sub) for sub in sorted(inner)]
    return places


def _outcome(call, design, intent):
    try:
        result = call(design, copy.deepcopy(intent))
    except (ValueError, TypeError) as exc:
        return "refused", str(exc)
    return "accepted", result


@settings(max_examples=400, deadline=None)
@given(design=st.sampled_from(sorted(EXAMPLES)), pick=st.integers(0, 10 ** 6),
       change=st.sampled_from(["drop", "value", "duplicate", "unknown"]), value=st.sampled_from(VALUES))
def test_plan_and_check_agree(design, pick, change, value):
    intent = copy.deepcopy(example_intent(design, EXAMPLES[design]))
    container, key = _places(intent)[pick % len(_places(intent))]
    if change == "drop":
        del container[key]
    elif change == "value":
        container[key] = value
    elif change == "duplicate" and isinstance(container[key], list) and container[key]:
        container[key] = container[key] + container[key][:1]
    elif change == "unknown":
        container[key + "x"] = 1
    planned, plan_detail = _outcome(D.plan, design, intent)
    checked, findings = _outcome(D.check, design, intent)
    if planned == "refused":
        assert checked == "refused" or any(f["severity"] == "error" for f in findings), (
            "design_plan refuses (%s) what design_check calls sound: %r" % (plan_detail, findings))
    if checked == "refused":
        assert planned == "refused", "design_check refuses (%s) what design_plan takes" % findings
