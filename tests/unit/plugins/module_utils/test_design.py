# -*- coding: utf-8 -*-
from __future__ import annotations

import glob
import importlib.util
import os
import re

import pytest

from ansible_collections.netdesign.resilience.plugins.module_utils.core import design as D


def test_unknown_design():
    with pytest.raises(ValueError, match="^design: must be one of anycast_rp, nat_gateway, sixto4_bgp, "):
        D.plan("bgp", {})


def test_findings_sorted_errors_first(intent_of):
    intent = intent_of("nat_gateway", "nat1")
    intent["clients"] = "198.18.0.0/15"
    intent["forwarding_mechanism"] = "sysctl"
    assert [f["severity"] for f in D.check("nat_gateway", intent)] == ["error", "warning"]


def test_intent_from_vars_skips_other_and_internal_vars():
    variables = {"sixto4_bgp_asn": 1, "__sixto4_bgp_x": 2, "anycast_rp_address": 3, "sixto4_bgp_": 4}
    assert D.intent_from_vars(variables, "sixto4_bgp") == {"asn": 1}
    with pytest.raises(TypeError, match="^variables: must be a mapping"):
        D.intent_from_vars([], "sixto4_bgp")


def test_every_code_is_tested():
    """Each code design_check can report is asserted by a test in this directory."""
    here = os.path.dirname(os.path.abspath(__file__))
    tests = "".join(open(path).read() for path in glob.glob(os.path.join(here, "test_*.py")))
    missing = [code for code in D.CODES if not '"%s"' % code in tests]
    assert missing == []


def test_the_docs_list_exactly_the_codes():
    """docs/design-checks.md's table has one row per code of D.CODES, with the same designs."""
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
    with open(os.path.join(root, "docs", "design-checks.md")) as handle:
        rows = [line.split("|") for line in handle if line.startswith("| `")]
    documented = {row[1].strip().strip("`"): row[2].strip() for row in rows}
    assert documented == dict(D.CODES)


def test_each_design_declares_the_codes_its_folder_reports():
    """A design's ``codes`` in the registry are exactly the finding codes written in its folder (designs/<design>/),
    and CODES is those plus the codes no single design's check() reports."""
    folder = os.path.dirname(os.path.dirname(os.path.abspath(D.__file__)))
    for name, each in D.DESIGNS.items():
        text = "".join(open(path).read() for path in glob.glob(os.path.join(folder, "designs", name, "*.py")))
        assert sorted(set(re.findall(r'finding\(\s*"([a-z0-9-]+)"', text))) == sorted(each.codes), name
        assert len(set(each.codes)) == len(each.codes), name
    own = {code for each in D.DESIGNS.values() for code in each.codes}
    assert set(D.CODES) - own == {"intent-invalid", "host-not-in-plan", "ios-undefined-login-list",
                                  "ios-undefined-acl", "ios-undefined-aaa-group", "ios-undefined-track",
                                  "ios-undefined-vrf"}


def test_gen_schema_reads_the_registry():
    """scripts/gen_schema.py writes the schema of the registry's designs, in its order."""
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
    spec = importlib.util.spec_from_file_location("gen_schema", os.path.join(root, "scripts", "gen_schema.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.DESIGNS == tuple(D.DESIGNS)
