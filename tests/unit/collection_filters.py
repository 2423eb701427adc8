# -*- coding: utf-8 -*-
"""The collection's filters as Ansible loads them, for the tests."""

from __future__ import annotations

import importlib


def collection_filter(name):
    """The filter ``name`` from its file's FilterModule (the file registers that one filter and documents it)."""
    module = importlib.import_module("ansible_collections.netdesign.resilience.plugins.filter." + name)
    filters = module.FilterModule().filters()
    assert list(filters) == [name] and "name: %s\n" % name in module.DOCUMENTATION
    return filters[name]
