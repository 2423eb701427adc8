# -*- coding: utf-8 -*-
"""The secrets of a plan by path (issue #16 row 7): redact, reveal, mask, values, and the three filters."""
from __future__ import annotations

import copy
import json

import pytest
from ansible.errors import AnsibleFilterError

from collection_filters import collection_filter as _filter
from ansible_collections.netdesign.resilience.plugins.module_utils.core import design as D
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import parts as ios_parts
from ansible_collections.netdesign.resilience.plugins.module_utils.core import redact as R

KEY, COMMUNITY = "<secret:management.tacacs_key>", "<secret:management.snmp.community>"


@pytest.fixture
def plan(intent_of):
    return D.plan("vrf_static_tracking", intent_of("vrf_static_tracking"))


def test_markers_are_one_word_naming_the_plan_path():
    assert R.MARKERS == (KEY, COMMUNITY)
    assert R.marker(("management", "snmp", "community")) == COMMUNITY
    assert all(" " not in m for m in R.MARKERS)


def test_redact_replaces_both_secrets_and_nothing_else(plan):
    before = copy.deepcopy(plan)
    out = R.redact(plan)
    assert plan == before                                       # the input is not changed
    assert out["management"]["tacacs_key"] == KEY and out["management"]["snmp"]["community"] == COMMUNITY
    assert "example-key" not in json.dumps(out) and "example-community" not in json.dumps(out)
    # everything else is the same
    out["management"]["tacacs_key"], out["management"]["snmp"]["community"] = "example-key", "example-community"
    assert out == plan


def test_redact_leaves_unset_secrets_and_other_designs(plan, intent_of):
    plan["management"]["tacacs_key"] = None
    assert R.redact(plan)["management"]["tacacs_key"] is None
    plan["management"] = None
    assert R.redact(plan) is plan
    sixto4 = D.plan("sixto4_bgp", intent_of("sixto4_bgp"))
    assert R.redact(sixto4) is sixto4
    assert R.redact({}) == {} and R.values({"management": "x"}) == []


def test_redact_is_idempotent(plan):
    assert R.redact(R.redact(plan)) == R.redact(plan)
    assert R.values(R.redact(plan)) == []


def test_values_of_plan_and_intent(plan, intent_of):
    assert R.values(plan) == [(KEY, "example-key"), (COMMUNITY, "example-community")]
    intent = intent_of("vrf_static_tracking")
    assert [v for _m, v in R.values(intent, R.INTENT_SECRETS)] == ["example-key", "example-community"]


def test_reveal_puts_back_what_redact_took_out(plan):
    redacted = "\n".join(ios_parts.ios_lines("vrf_static_tracking", R.redact(plan), "lin-router"))
    assert KEY in redacted and "example-key" not in redacted
    assert R.reveal(redacted, plan) == "\n".join(ios_parts.ios_lines("vrf_static_tracking", plan, "lin-router"))
    assert R.reveal(["snmp-server community %s RO" % COMMUNITY], plan) == ["snmp-server community example-community RO"]
    plan["management"]["tacacs_key"] = None
    assert R.reveal("key " + KEY, plan) == "key " + KEY   # nothing to put back: the marker stays


def test_mask_is_the_inverse_longest_first(plan):
    text = "key example-key\nsnmp-server community example-community RO\n"
    assert R.mask(text, plan) == "key %s\nsnmp-server community %s RO\n" % (KEY, COMMUNITY)
    assert R.mask(R.reveal(R.mask(text, plan), plan), plan) == R.mask(text, plan)
    # a secret that contains the other is masked whole
    plan["management"]["tacacs_key"], plan["management"]["snmp"]["community"] = "abc", "xabcx"
    assert R.mask("xabcx abc", plan) == "%s %s" % (COMMUNITY, KEY)


def test_filters(plan):
    redacted = _filter("redact_secrets")(plan)
    assert redacted == R.redact(plan)
    text = "key %s / %s" % (KEY, COMMUNITY)
    assert _filter("reveal_secrets")(text, plan) == "key example-key / example-community"
    assert _filter("mask_secrets")(_filter("reveal_secrets")(text, plan), plan) == text
    assert _filter("reveal_secrets")([text], plan) == ["key example-key / example-community"]


@pytest.mark.parametrize("name, args", [
    ("redact_secrets", ("tacacs_key: example-key",)),
    ("reveal_secrets", ("x", "tacacs_key: example-key")),
    ("mask_secrets", ("x", "tacacs_key: example-key")),
])
def test_filter_errors_never_show_the_value(name, args):
    with pytest.raises(AnsibleFilterError, match="plan: must be a mapping") as info:
        _filter(name)(*args)
    assert "example-key" not in str(info.value)


@pytest.mark.parametrize("name", ["reveal_secrets", "mask_secrets"])
def test_text_filters_take_text_or_lines(name, plan):
    with pytest.raises(AnsibleFilterError, match="_input: must be text or a list of lines"):
        _filter(name)({"a": 1}, plan)
