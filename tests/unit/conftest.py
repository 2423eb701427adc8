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

from example_inventory import example_intent  # noqa: E402  (needs the path set above)


@pytest.fixture
def intent_of():
    return example_intent


# CI runs a fixed, reproducible sample (same inputs every run); developers get fresh random ones.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
