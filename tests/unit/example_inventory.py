# -*- coding: utf-8 -*-
"""Read the example inventory's design variables for tests (tests/unit is on pytest's pythonpath)."""

from __future__ import annotations

import os

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLE = os.path.join(ROOT, "inventories", "example")


def _load(*parts):
    with open(os.path.join(EXAMPLE, *parts)) as handle:
        return yaml.safe_load(handle)


def example_vars(design, host=None):
    """The example inventory's variables for a design group (plus host_vars when given)."""
    variables = dict(_load("group_vars", design + ".yml"))
    if host:
        variables.update(_load("host_vars", host + ".yml"))
    return variables


def example_intent(design, host=None):
    from ansible_collections.netdesign.resilience.plugins.module_utils.core.design import intent_from_vars

    return intent_from_vars(example_vars(design, host), design)
