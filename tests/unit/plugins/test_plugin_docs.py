# -*- coding: utf-8 -*-
"""Every plugin's DOCUMENTATION, EXAMPLES and RETURN is valid YAML (fails fast, before sanity does)."""
from __future__ import annotations

import ast
import glob
import os

import pytest
import yaml

# ansible-doc and validate-modules read with libyaml where it is there (ansible.module_utils.common.yaml), which is
# stricter than PyYAML's own parser (a ':' in a plain scalar of a flow sequence): read as they do
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

PLUGINS = os.path.join(os.path.dirname(__file__), "..", "..", "..", "plugins")
FILES = sorted(glob.glob(os.path.join(PLUGINS, "*", "*.py")))
DOC_FILES = [f for f in FILES if os.path.basename(os.path.dirname(f)) in ("modules", "filter", "connection")]


def _blocks(path):
    tree = ast.parse(open(path).read())
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name) and \
                node.targets[0].id in ("DOCUMENTATION", "EXAMPLES", "RETURN"):
            yield node.targets[0].id, node.value.value


@pytest.mark.parametrize("path", DOC_FILES, ids=lambda p: os.path.relpath(p, PLUGINS))
def test_docs_are_yaml(path):
    blocks = dict(_blocks(path))
    assert "DOCUMENTATION" in blocks
    doc = yaml.load(blocks["DOCUMENTATION"], Loader=LOADER)
    name = os.path.splitext(os.path.basename(path))[0]
    assert doc.get("module", doc.get("name")) == name
    for key in ("EXAMPLES", "RETURN"):
        if key in blocks:
            yaml.load(blocks[key], Loader=LOADER)


def test_the_designs_are_documented_once_as_the_registry_has_them():
    """doc_fragments/design.py holds the list of designs the docs show (filters and modules extend it): the
    registry's, and for IOS the designs ios_render renders."""
    from ansible_collections.netdesign.resilience.plugins.doc_fragments.design import ModuleDocFragment
    from ansible_collections.netdesign.resilience.plugins.module_utils.core import design as D
    from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import render as ios_render

    assert yaml.safe_load(ModuleDocFragment.DOCUMENTATION)["options"]["design"]["choices"] == list(D.DESIGNS)
    assert yaml.safe_load(ModuleDocFragment.FILTER)["options"]["_input"]["choices"] == list(D.DESIGNS)
    assert yaml.safe_load(ModuleDocFragment.IOS)["options"]["design"]["choices"] == ios_render.ios_designs()
    # and no plugin writes the list again
    written = [os.path.relpath(f, PLUGINS) for f in FILES
               if "choices: [vrf_static_tracking, nat_gateway" in open(f).read() and "doc_fragments" not in f]
    assert written == []


def test_every_list_of_the_designs_written_by_hand_is_the_registry():
    """The lists of designs that cannot read the registry (YAML documentation, a play's host pattern) are the
    registry's, in its order: the files docs/development.md's walkthrough says a new design must extend."""
    from ansible_collections.netdesign.resilience.plugins.module_utils.core import design as D

    root = os.path.join(PLUGINS, "..")
    with open(os.path.join(root, "roles", "design_check", "meta", "argument_specs.yml")) as handle:
        spec = yaml.safe_load(handle)["argument_specs"]["main"]["options"]
    assert spec["design_check_design"]["choices"] == list(D.DESIGNS)
    with open(os.path.join(root, "playbooks", "site.yml")) as handle:
        plays = yaml.safe_load(handle)
    assert plays[0]["hosts"].split(":") == list(D.DESIGNS)
