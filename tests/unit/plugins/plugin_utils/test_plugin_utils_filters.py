# -*- coding: utf-8 -*-
from __future__ import annotations

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.netdesign.resilience.plugins.plugin_utils.filters import call


@pytest.mark.parametrize("exc", [ValueError("pool: bad"), TypeError("pool: bad"), ImportError("pool: bad")])
def test_translates_planner_errors(exc):
    def boom():
        raise exc
    with pytest.raises(AnsibleFilterError, match=r"^netdesign\.resilience\.snat_pool_plan: pool: bad$") as info:
        call("snat_pool_plan", boom)
    assert info.value.__cause__ is None and info.value.__suppress_context__


def test_passes_results_and_other_errors_through():
    assert call("x", lambda a, b=0: a + b, 1, b=2) == 3
    with pytest.raises(KeyError):
        call("x", {}.__getitem__, "k")
