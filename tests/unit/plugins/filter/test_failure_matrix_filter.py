# -*- coding: utf-8 -*-
"""The failure_matrix filter as Ansible loads it: its documentation, a plan, a broken intent, its errors."""
from __future__ import annotations

import pytest
import yaml
from ansible.errors import AnsibleFilterError

from ansible_collections.netdesign.resilience.plugins.filter import failure_matrix as F
from ansible_collections.netdesign.resilience.plugins.module_utils.core import design as D

from example_inventory import example_intent

FILTER = F.FilterModule().filters()["failure_matrix"]


def test_registered_and_documented():
    assert list(F.FilterModule().filters()) == ["failure_matrix"]
    doc = yaml.safe_load(F.DOCUMENTATION)
    assert doc["name"] == "failure_matrix" and doc["positional"] == "_input, plan"
    # _input, the design, with the registry's list (test_plugin_docs holds the fragment to it)
    assert doc["extends_documentation_fragment"] == ["netdesign.resilience.design.filter"]
    assert yaml.safe_load(F.EXAMPLES) and "id" in yaml.safe_load(F.RETURN)["_value"]["contains"]


def test_from_a_plan_and_from_a_broken_intent():
    plan = D.plan("wan_backup_vrrp", example_intent("wan_backup_vrrp"))
    rows = FILTER("wan_backup_vrrp", plan, hosts=["main-router"], options={"vrrp_advertisement": 3})
    assert rows[0]["id"] == "wan_backup_vrrp/main-router/wan-Multilink1" and rows[0]["bounds"][0]["seconds"] > 9
    broken = example_intent("wan_backup_vrrp")
    broken["main"] = dict(broken["main"], priority=70)
    flagged = [r for r in FILTER("wan_backup_vrrp", intent=broken) if r["findings"]]
    assert flagged and flagged[0]["findings"][0]["code"] == "vrrp-priority"


@pytest.mark.parametrize("args, kwargs, message", [
    (("wan_backup_vrrp",), {}, "plan: give the plan or the intent"),
    (("wan_backup_vrrp", {"design": "wan_backup_vrrp"}), {"intent": {}}, "plan: give the plan or the intent"),
    (("ospf", {"design": "ospf"}), {}, "design: must be one of"),
    (("anycast_rp", {"design": "anycast_rp"}), {}, "plan: is not a complete anycast_rp plan"),
    (("anycast_rp", "text"), {}, "plan: must be a mapping"),
])
def test_errors_name_the_filter_and_the_field(args, kwargs, message):
    with pytest.raises(AnsibleFilterError, match="^netdesign.resilience.failure_matrix: " + message):
        FILTER(*args, **kwargs)
