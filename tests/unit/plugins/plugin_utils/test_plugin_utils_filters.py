# -*- coding: utf-8 -*-
from __future__ import annotations

import pytest
from ansible.errors import AnsibleFilterError

from collection_filters import collection_filter

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


@pytest.mark.parametrize("name, args", [
    ("linux_render", ({}, "frr")),                      # a named function behind it (_render): host missing
    ("design_plan", ()),                                # the planner itself (plan): the intent missing
    ("ios_render", ({},)),                              # a lambda: the design and host missing
    ("design_check", ("nat_gateway", {}, "raise", 1)),  # one argument too many
])
def test_a_use_with_the_wrong_arguments_names_the_filter(name, args):
    # the filter's name twice (was: "netdesign.resilience.linux_render: _render() missing ...")
    with pytest.raises(AnsibleFilterError, match=r"^netdesign\.resilience\.%s: %s\(\) " % (name, name)):
        collection_filter(name)(*args)
