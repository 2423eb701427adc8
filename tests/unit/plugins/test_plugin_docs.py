# -*- coding: utf-8 -*-
"""Every plugin's DOCUMENTATION, EXAMPLES and RETURN is valid YAML (fails fast, before sanity does)."""
from __future__ import annotations

import ast
import glob
import os

import pytest
import yaml

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
    doc = yaml.safe_load(blocks["DOCUMENTATION"])
    name = os.path.splitext(os.path.basename(path))[0]
    assert doc.get("module", doc.get("name")) == name
    for key in ("EXAMPLES", "RETURN"):
        if key in blocks:
            yaml.safe_load(blocks[key])
