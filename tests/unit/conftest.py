# -*- coding: utf-8 -*-
"""Unit tests import the collection as installed from its tarball (scripts/bootstrap.sh)."""

from __future__ import annotations

import os
import sys

import pytest
from hypothesis import settings

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
INSTALLED = os.path.join(ROOT, "build", "collections")
if not os.path.isdir(os.path.join(INSTALLED, "ansible_collections", "netdesign", "resilience")):
    raise RuntimeError("the collection is not installed in build/collections: run `make setup` first")
if INSTALLED not in sys.path:
    sys.path.insert(0, INSTALLED)
# The dependency collections (cisco.ios, which plugin_utils/cisco_ios.py imports in-process): the main .venv's
# come with the `ansible` package (site-packages); an ansible-core alone (make matrix's venvs) has them only on
# ANSIBLE_COLLECTIONS_PATH, in that order after site-packages (ansible_collections is a namespace package).
for _path in os.environ.get("ANSIBLE_COLLECTIONS_PATH", "").split(os.pathsep):
    if _path and os.path.abspath(_path) not in sys.path:
        sys.path.append(os.path.abspath(_path))

from example_inventory import example_intent  # noqa: E402  (needs the path set above)


@pytest.fixture
def intent_of():
    return example_intent


# CI runs a fixed, reproducible sample (same inputs every run); developers get fresh random ones.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
