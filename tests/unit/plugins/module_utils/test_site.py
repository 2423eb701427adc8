# -*- coding: utf-8 -*-
"""module_utils/core/site.py: the main job once per design (issue #21): grouping, one check and plan per intent,
each host's part, its .ios text, the summary."""

from __future__ import annotations

import pytest

from ansible_collections.netdesign.resilience.plugins.module_utils.core import design as D
from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import parts as ios_parts
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import render as ios_render
from ansible_collections.netdesign.resilience.plugins.module_utils.core import site as S
from ansible_collections.netdesign.resilience.plugins.plugin_utils.cisco_ios import Renderer


@pytest.mark.parametrize("fail_on, severities, blocked", [
    ("error", ["error", "warning"], ["error"]),
    ("warning", ["error", "warning"], ["error", "warning"]),
    ("never", ["error", "warning"], []),
])
def test_blocking_levels(fail_on, severities, blocked):
    findings = [I.finding("x-%s" % s, s, "m", "w") for s in severities]
    assert [f["severity"] for f in S.blocking(findings, fail_on)] == blocked


def test_an_intent_no_plan_can_be_made_from_blocks_at_every_level():
    invalid = I.finding("intent-invalid", "error", "m", "w")
    assert S.blocking([invalid], "never") == [invalid]


def test_blocking_names_the_variable_for_a_bad_level():
    with pytest.raises(I.IntentError, match="design_check_fail_on: .*'sometimes'"):
        S.blocking([], "sometimes")


def test_hosts_sharing_an_intent_share_one_group_and_the_strictest_level(intent_of):
    sixto4 = intent_of("sixto4_bgp")
    members = [("sixto4_bgp", h, "k", sixto4, level) for h, level in
               (("ace1", "error"), ("ace2", "warning"), ("ace3", "never"))]
    members.append(("wan_backup_vrrp", "main-router", "k", intent_of("wan_backup_vrrp"), "error"))
    groups = S.group(members)
    assert [(g.design, g.hosts, g.fail_on) for g in groups] == [
        ("sixto4_bgp", ["ace1", "ace2", "ace3"], "warning"), ("wan_backup_vrrp", ["main-router"], "error")]


def test_one_plan_per_group_is_the_design_plan(intent_of):
    found = S.group([("sixto4_bgp", h, "k", intent_of("sixto4_bgp"), "error") for h in ("ace1", "ace2", "ace3")])[0]
    S.plan_group(found)
    assert found.blocking == [] and found.plan == D.plan("sixto4_bgp", intent_of("sixto4_bgp"))


def test_a_malformed_intent_is_one_blocking_finding_naming_the_variable(intent_of):
    bad = dict(intent_of("wan_backup_vrrp"), gruop=1)
    found = S.group([("wan_backup_vrrp", "main-router", "k", bad, "never")])[0]
    S.plan_group(found)
    assert found.plan is None
    assert [(f["code"], f["where"]) for f in found.blocking] == [("intent-invalid", "wan_backup_vrrp_gruop")]
    assert "did you mean wan_backup_vrrp_group" in found.blocking[0]["message"]


def test_a_host_the_plan_does_not_name_blocks_with_the_variable_to_set(intent_of):
    found = S.group([("wan_backup_vrrp", "branch7", "k", intent_of("wan_backup_vrrp"), "error")])[0]
    S.plan_group(found)
    assert found.plan is None and [f["code"] for f in found.blocking] == ["host-not-in-plan"]
    assert "branch7 is not one of the devices of this wan_backup_vrrp plan (main-router, netgate)" in \
        found.blocking[0]["message"]
    assert "wan_backup_vrrp_main.name" in found.blocking[0]["message"]


def test_a_6to4_site_part_is_its_own_site_and_renders_the_same_lines(intent_of):
    plan = D.plan("sixto4_bgp", intent_of("sixto4_bgp"))
    for host in ("ace1", "ace2"):
        part = D.host_part("sixto4_bgp", plan, host)
        assert [s["name"] for s in part["sites"]] == [host] and part["hosts"] == [host]
        assert part["summary"] == plan["summary"]          # the whole network's line, not the site's
        assert ios_parts.ios_lines("sixto4_bgp", part, host) == ios_parts.ios_lines("sixto4_bgp", plan, host)
        assert ios_render.cisco_ios_config("sixto4_bgp", part, host) == \
            ios_render.cisco_ios_config("sixto4_bgp", plan, host)
    # the route reflector's own site lists every client as a neighbor: its part needs no other site
    assert len(D.host_part("sixto4_bgp", plan, "ace1")["sites"][0]["neighbors"]) == 2


def test_other_designs_plan_is_the_hosts_part(intent_of):
    plan = D.plan("wan_backup_vrrp", intent_of("wan_backup_vrrp"))
    assert D.host_part("wan_backup_vrrp", plan, "main-router") is plan


def test_plan_text_is_to_nice_json_with_markers(intent_of):
    plan = D.plan("vrf_static_tracking", intent_of("vrf_static_tracking"))
    text = S.plan_text(plan)
    assert text.endswith("}\n") and '    "design": "vrf_static_tracking",' in text
    assert "<secret:management.tacacs_key>" in text and plan["management"]["tacacs_key"] not in text


def test_ios_text_is_ours_and_cisco_ios_parts_and_reports_undefined_references(intent_of):
    plan = D.plan("vrf_static_tracking", intent_of("vrf_static_tracking"))
    with Renderer() as rendered:
        text, undefined = S.ios_text("vrf_static_tracking", plan, "lin-router", rendered)
        # a VTY line naming a login list nobody defines: an undefined reference, named with the host
        broken = dict(plan, management=dict(plan["management"], vty_login_list="NOSUCH"))
        _text, broken_refs = S.ios_text("vrf_static_tracking", broken, "lin-router", rendered)
    assert text.startswith("! netdesign.resilience vrf_static_tracking for lin-router\n") and text.endswith("\n")
    assert undefined == []
    lines = text.splitlines()
    assert "track 1 list boolean and" in lines                              # ours
    assert "ip access-list standard SSH-ACCESS" in lines                    # cisco.ios.ios_acls
    assert "snmp-server community <secret:management.snmp.community> ro SNMP-ACCESS" in lines   # a marker
    assert plan["management"]["tacacs_key"] not in text
    assert [(f["code"], f["where"]) for f in broken_refs] == [("ios-undefined-login-list", "lin-router")]


def test_summary_lists_five_plans_per_design_then_counts(intent_of):
    groups = []
    for index in range(7):
        found = S.Group("wan_backup_vrrp", {})
        found.hosts = ["branch%d" % index]
        found.plan = {"summary": "plan %d" % index}
        groups.append(found)
    six = S.Group("sixto4_bgp", {})
    six.hosts, six.blocking = ["s%d" % i for i in range(8)], [I.finding("x", "error", "m", "w")]
    lines = S.summary_lines(groups + [six])
    assert lines[:5] == ["wan_backup_vrrp (branch%d): plan %d" % (i, i) for i in range(5)]
    assert lines[5] == "wan_backup_vrrp: and 2 more plans for 2 more hosts (each host's plan is in its plan file)"
    assert lines[6] == "sixto4_bgp (s0, s1, s2, s3, s4, and 3 more): not planned (1 blocking finding(s))"
