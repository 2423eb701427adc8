# -*- coding: utf-8 -*-
from __future__ import annotations

import pytest

from ansible_collections.netdesign.resilience.plugins.module_utils.designs.wan_backup_vrrp import plan as W


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


TWO_WANS = [{"object": 1, "interface": "Multilink1", "decrement": 50},
            {"object": 2, "interface": "Multilink2", "decrement": 50}]


@pytest.mark.parametrize("decrements, degraded, findings", [
    ((50, 50), 10, []),                   # both links down: 110 - 50 - 50 = 10, below the backup's 50
    ((30, 30), 50, ["main.track"]),       # 110 - 60 = 50, not below 50: the gateway stays
    ((100, 100), 1, []),                  # IOS's floor: the priority does not go below 1
])
def test_two_tracks_take_both_decrements(intent_of, decrements, degraded, findings):
    intent = intent_of("wan_backup_vrrp")
    intent["main"]["track"] = [dict(t, decrement=d) for t, d in zip(TWO_WANS, decrements)]
    plan = W.plan(intent)
    assert plan["main"]["track"] == intent["main"]["track"]  # both, in the intent's order
    assert plan["main"]["priority_on_wan_failure"] == degraded
    found = [f for f in W.check(intent) if f["code"] == "vrrp-priority"]
    assert [f["where"] for f in found] == findings
    if findings:
        assert "minus decrement %d = %d" % (sum(decrements), degraded) in found[0]["message"]


def test_two_tracks_on_keepalived(intent_of):
    from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.linux import render as L

    intent = intent_of("wan_backup_vrrp")
    intent["main"]["track"] = TWO_WANS
    main = L.keepalived(W.plan(intent), "main-router")
    assert "track_interface {\n    Multilink1 weight -50\n    Multilink2 weight -50\n  }" in main


@pytest.mark.parametrize("virtual_ip, address, code", [
    ("10.0.10.2", "10.0.10.2/24", "vrrp-address-owner"),     # the interface's own address: owner at 255
    ("10.0.11.1", "10.0.10.2/24", "vrrp-address-outside"),   # another subnet
    ("10.0.10.129", "10.0.10.2/25", "vrrp-address-outside"),  # just past the /25
    ("10.0.10.254", "10.0.10.2/24", None),                   # any other address of the subnet is fine
])
def test_vrrp_virtual_address(intent_of, virtual_ip, address, code):
    intent = intent_of("wan_backup_vrrp")
    intent.update(virtual_ip=virtual_ip, address=address)
    found = [f for f in W.check(intent) if f["code"].startswith("vrrp-address-")]
    if code is None:
        assert found == []
        return
    assert [(f["code"], f["severity"], f["where"]) for f in found] == [(code, "error", "virtual_ip")]
    assert virtual_ip in found[0]["message"] and address in found[0]["message"]
    assert ("priority 255" in found[0]["message"]) == (code == "vrrp-address-owner")


def test_subinterface_vlan_missing(intent_of):
    intent = intent_of("wan_backup_vrrp")
    intent["interface"] = "GigabitEthernet0/0/1.10"
    findings = W.check(intent)
    assert [(f["code"], f["severity"], f["where"]) for f in findings] == [("subinterface-vlan-missing", "error", "vlan")]
    assert "GigabitEthernet0/0/1.10" in findings[0]["message"]
    intent["vlan"] = 10
    assert W.check(intent) == [] and W.plan(intent)["vlan"] == 10
    assert W.plan(intent_of("wan_backup_vrrp"))["vlan"] is None
    intent = intent_of("wan_backup_vrrp")
    intent["vlan"] = 10   # FastEthernet0/0 is no sub-interface
    with pytest.raises(ValueError, match=r"^vlan: VLAN 10 is for a sub-interface"):
        W.plan(intent)


def test_vrrp_version_3_renders_ios_xe_vrrpv3_and_parses_back(intent_of):
    from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import render as R
    from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import parts as P
    from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import resource as RS
    from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import syntax as S
    intent = intent_of("wan_backup_vrrp")
    assert W.plan(intent)["version"] == 2
    intent["version"] = 3
    plan = W.plan(intent)
    assert plan["version"] == 3 and plan["summary"].startswith("VRRPv3 ")
    host = plan["main"]["name"]
    lines = P.ios_lines("wan_backup_vrrp", plan, host)
    assert lines.index("fhrp version vrrp v3") < lines.index("interface %s" % plan["interface"])
    group = lines[lines.index(" vrrp %d address-family ipv4" % plan["group"]):]
    assert group[:group.index("  exit-vrrp") + 1] == [
        " vrrp 1 address-family ipv4", "  address %s primary" % plan["virtual_ip"], "  priority 110",
        "  preempt delay minimum 60"] + ["  track %d decrement %d" % (t["object"], t["decrement"])
                                         for t in plan["main"]["track"]] + [
        "  description %s" % plan["description"], "  exit-vrrp"]
    assert not [line for line in lines if line.startswith(" vrrp 1 ip") or line.startswith(" vrrp 1 priority")]
    # the rendered lines read back, through the same table, to the same item
    item = R.ios_config("wan_backup_vrrp", plan, host)["vrrp"][0]
    text = "\n".join(S.VRRP_INTERFACE.render([item]))
    assert S.VRRP_INTERFACE.parse(text) == [item]
    # nothing to send when the device has it; a changed priority is sent inside its group
    assert RS.commands("vrrp", [item], [item], "merged") == []
    have = S.VRRP_INTERFACE.parse(text.replace("  priority 110", "  priority 100"))
    sent = RS.commands("vrrp", [item], have, "replaced")
    assert sent[:2] == ["interface %s" % plan["interface"], " vrrp 1 address-family ipv4"]
    assert "  no priority 100" in sent and "  priority 110" in sent and sent[-1] == "  exit-vrrp"
    assert RS.predict("vrrp", [item], have, "replaced") == [item]
    # deleting the group removes the sub-block by its opening line only
    assert RS.commands("vrrp", [item], [item], "deleted") == [
        "interface %s" % plan["interface"], " no vrrp 1 address-family ipv4"]


def test_vrrp_version_is_2_or_3(intent_of):
    intent = intent_of("wan_backup_vrrp")
    intent["version"] = 4
    with pytest.raises(Exception, match="version"):
        W.plan(intent)
