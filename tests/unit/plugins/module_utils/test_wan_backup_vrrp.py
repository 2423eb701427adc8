# -*- coding: utf-8 -*-
from __future__ import annotations

import pytest

from ansible_collections.netdesign.resilience.plugins.module_utils import wan_backup_vrrp as W


def test_plan_example(intent_of):
    plan = W.plan(intent_of("wan_backup_vrrp"))
    assert plan["main"]["priority"] == 110
    assert plan["main"]["priority_on_wan_failure"] == 10
    assert plan["main"]["track"] == [{"object": 1, "interface": "Multilink1", "decrement": 100}]
    assert plan["preempt_delay"] == 60
    assert plan["master"] == {"normal": "main-router", "wan_failure": "netgate"}
    assert W.check(intent_of("wan_backup_vrrp")) == []


@pytest.mark.parametrize("main, backup, where", [
    ({"priority": 70}, {}, "main.priority"),            # not above the backup's maximum 75
    ({"priority": 75}, {}, "main.priority"),
    ({"track": [{"object": 1, "interface": "Multilink1", "decrement": 50}]}, {}, "main.track"),  # 60 >= 50
    ({}, {"priority_min": 5, "priority_max": 75}, "main.track"),  # 10 >= 5
])
def test_vrrp_priority(intent_of, main, backup, where):
    intent = intent_of("wan_backup_vrrp")
    intent["main"].update(main)
    intent["backup"].update(backup)
    findings = [f for f in W.check(intent) if f["code"] == "vrrp-priority"]
    assert [f["where"] for f in findings] == [where]


def test_preempt_delay_zero_warns(intent_of):
    intent = intent_of("wan_backup_vrrp")
    intent["main"]["preempt_delay"] = 0
    assert [(f["code"], f["severity"]) for f in W.check(intent)] == [("vrrp-preempt-delay", "warning")]


@pytest.mark.parametrize("mutate, field", [
    (lambda i: i["main"].update(track=[]), "main.track"),
    (lambda i: i["main"].update(priority=255), "main.priority"),
    (lambda i: i["backup"].update(priority_max=40), "backup.priority_max"),
    (lambda i: i.update(virtual_ip="10.0.10.1/24"), "virtual_ip"),
    (lambda i: i.pop("interface"), "interface"),
    (lambda i: i["main"]["track"][0].pop("decrement"), r"main\.track\[0\]\.decrement"),
])
def test_rejects(intent_of, mutate, field):
    intent = intent_of("wan_backup_vrrp")
    mutate(intent)
    with pytest.raises(ValueError, match="^" + field + ": "):
        W.plan(intent)
