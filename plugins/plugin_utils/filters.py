# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Glue shared by the collection's filters: call a pure planner, translate its errors, register the filter."""

from __future__ import annotations

import inspect

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.text.converters import to_native


def call(name, func, *args, **kwargs):
    """Run ``func``; a ValueError/TypeError/ImportError becomes an AnsibleFilterError naming the filter.

    The planners' messages already name the field and the value, so no traceback is shown to users.
    """
    try:
        return func(*args, **kwargs)
    except (ValueError, TypeError, ImportError) as exc:
        raise AnsibleFilterError("netdesign.resilience.%s: %s" % (name, to_native(exc))) from None


def filter_module(name, func):
    """The ``FilterModule`` class of a filter file (one filter a file, documented by its DOCUMENTATION):
    Ansible finds the filter ``name``, and each use runs ``func`` through :func:`call`."""

    signature = inspect.signature(func)

    def run(*args, **kwargs):
        try:  # a use with the wrong arguments names the filter, not the function behind it
            signature.bind(*args, **kwargs)
        except TypeError as exc:
            raise AnsibleFilterError("netdesign.resilience.%s: %s() %s" % (name, name, exc)) from None
        return call(name, func, *args, **kwargs)

    run.__name__ = run.__qualname__ = name

    class FilterModule:  # pylint: disable=too-few-public-methods
        def filters(self):
            return {name: run}

    return FilterModule
