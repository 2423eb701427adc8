# -*- coding: utf-8 -*-
"""Unknown intent keys are refused at every depth, naming the inventory variable and the nearest valid name;
the Python schema is the roles' argument specs (scripts/gen_schema.py), and the committed copy is current."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from ansible_collections.netdesign.resilience.plugins.module_utils.core import design as D
from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I
from ansible_collections.netdesign.resilience.plugins.module_utils.core import schema
from ansible_collections.netdesign.resilience.plugins.module_utils.core.schema_specs import SPECS

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))


def test_the_committed_schema_is_the_argument_specs():
    proc = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "gen_schema.py"), "--check"],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("design", sorted(D.DESIGNS))
def test_the_example_inventory_has_no_unknown_key(intent_of, design):
    assert schema.unknown_keys(design, intent_of(design)) == []


@pytest.mark.parametrize("design, key, suggestion", [
    ("wan_backup_vrrp", "gruop", "wan_backup_vrrp_group"),
    ("vrf_static_tracking", "standby_distnace", "vrf_static_tracking_standby_distance"),
    ("nat_gateway", "peak_client", "nat_gateway_peak_clients"),
    ("sixto4_bgp", "route_reflecter", "sixto4_bgp_route_reflector"),
    ("anycast_rp", "segment", "anycast_rp_segments"),
])
def test_a_misspelled_variable_is_refused_with_the_nearest_name(intent_of, design, key, suggestion):
    intent = dict(intent_of(design), **{key: 1})
    message = "%s_%s: is not a variable of the %s role (did you mean %s?)" % (design, key, design, suggestion)
    for call in (D.plan, D.check):
        with pytest.raises(I.IntentError) as info:
            call(design, intent)
        assert str(info.value) == message
        assert info.value.field == "%s_%s" % (design, key)


def test_every_unknown_key_is_named_once_in_one_error(intent_of):
    intent = dict(intent_of("wan_backup_vrrp"), gruop=1, descripton="x")
    with pytest.raises(I.IntentError) as info:
        D.plan("wan_backup_vrrp", intent)
    text = str(info.value)
    assert text.startswith("wan_backup_vrrp_descripton: 2 unknown keys: ")
    assert text.count("wan_backup_vrrp_gruop") == 1 and "did you mean wan_backup_vrrp_description?" in text


def _nested_cases():
    """(design, path to a mapping in the intent) for every dict option and list of dicts with known keys."""
    for design, spec in sorted(SPECS.items()):
        for key, option in sorted(spec.items()):
            if option.get("options"):
                yield design, key, option


@pytest.mark.parametrize("design, key, option", list(_nested_cases()),
                         ids=["%s_%s" % (case[0], case[1]) for case in _nested_cases()])
def test_a_misspelled_nested_key_is_refused(intent_of, design, key, option):
    """At every option with sub-keys: a wrong key in it is named by its inventory path."""
    intent = dict(intent_of(design))
    first = sorted(option["options"])[0]
    wrong = first[:-1] + first[-1] * 2 + "x"
    if option["type"] == "list":
        elements = list(intent.get(key) or [{}])
        element = elements[0] if isinstance(elements[0], dict) else {}
        intent[key] = [dict(element, **{wrong: 1})] + elements[1:]
        path = "%s_%s[0].%s" % (design, key, wrong)
    else:
        intent[key] = dict(intent.get(key) or {}, **{wrong: 1})
        path = "%s_%s.%s" % (design, key, wrong)
    problems = schema.unknown_keys(design, intent)
    assert len(problems) == 1 and problems[0].startswith(path + " is not a key of "), problems
    assert "(did you mean %s?)" % first in problems[0]


def test_a_malformed_intent_as_the_one_finding(intent_of):
    """design_check(invalid='finding'), as the role uses it: the error as a finding naming the variable."""
    from ansible.errors import AnsibleFilterError
    from collection_filters import collection_filter
    design_check = collection_filter("design_check")
    intent = dict(intent_of("wan_backup_vrrp"), gruop=1)
    expected = [{"code": "intent-invalid", "severity": "error", "where": "wan_backup_vrrp_gruop",
                 "message": "is not a variable of the wan_backup_vrrp role (did you mean wan_backup_vrrp_group?)"}]
    assert D.check_or_invalid("wan_backup_vrrp", intent) == expected
    assert design_check("wan_backup_vrrp", intent, invalid="finding") == expected
    assert design_check("wan_backup_vrrp", intent_of("wan_backup_vrrp"), invalid="finding") == []
    with pytest.raises(AnsibleFilterError, match="^netdesign.resilience.design_check: wan_backup_vrrp_gruop: "):
        design_check("wan_backup_vrrp", intent)
    with pytest.raises(AnsibleFilterError, match="invalid: must be one of finding, raise, got .ignore."):
        design_check("wan_backup_vrrp", intent, invalid="ignore")


@pytest.mark.parametrize("key", ["prio rity\nusername x", "priorit\u00e9"])
def test_an_odd_unknown_key_keeps_the_message_one_printable_line(intent_of, key):
    intent = dict(intent_of("wan_backup_vrrp"))
    intent["main"] = dict(intent["main"], **{key: 1})
    [finding] = D.check_or_invalid("wan_backup_vrrp", intent)
    assert finding["where"] == "wan_backup_vrrp_main.%s" % ascii(key)
    text = D.finding_text(finding)
    assert "\n" not in text and text.isascii()
