# -*- coding: utf-8 -*-
from __future__ import annotations

import pytest

from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import resource as R
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import syntax as S

RUNNING = """\
track 1 list boolean and
 object 2
 object 3
 delay down 2 up 2
track 2 ip route 192.76.34.92 255.255.255.252 reachability
 delay down 2 up 2
track 3 ip route 192.76.34.28 255.255.255.252 reachability
 ip vrf inside
 delay down 2 up 2
track 9 interface Multilink1 ip routing
"""
HAVE = S.TRACK.parse(RUNNING)


def want():
    return [
        {"type": "list", "id": 1, "boolean": "and", "objects": [2, 3], "delay": {"down": 2, "up": 2}},
        {"type": "route", "id": 2, "network": "192.76.34.92", "netmask": "255.255.255.252", "vrf": "inside",
         "delay": {"down": 2, "up": 2}},
    ]


def test_merged_adds_only_what_is_missing():
    assert R.commands("track", want(), HAVE, "merged") == ["track 2 ip route 192.76.34.92 255.255.255.252 reachability",
                                                           " ip vrf inside"]


def test_merged_and_replaced_are_idempotent():
    after = S.TRACK.parse("\n".join(S.TRACK.render(want()))) + [t for t in HAVE if t["id"] not in (1, 2)]
    assert R.commands("track", want(), after, "merged") == []
    assert R.commands("track", want(), after, "replaced") == []
    assert R.commands("track", want(), after, "overridden") == ["no track 3", "no track 9"]


def test_replaced_removes_extra_lines_of_named_blocks():
    wanted = want()
    wanted[0]["objects"] = [2]
    assert R.commands("track", wanted, HAVE, "replaced") == [
        "track 1 list boolean and", " no object 3",
        "track 2 ip route 192.76.34.92 255.255.255.252 reachability", " ip vrf inside"]


def test_overridden_deletes_unnamed_blocks():
    result = R.commands("track", want(), HAVE, "overridden")
    assert result[-2:] == ["no track 3", "no track 9"]


def test_changed_type_recreates_the_block():
    wanted = [{"type": "interface", "id": 2, "interface": "Multilink1", "tracking": "ip routing"}]
    assert R.commands("track", wanted, HAVE, "merged") == ["no track 2", "track 2 interface Multilink1 ip routing"]


def test_deleted():
    assert R.commands("track", [{"id": 9, "type": "interface"}], HAVE, "deleted") == ["no track 9"]
    assert R.commands("track", [], HAVE, "deleted") == ["no track 1", "no track 2", "no track 3", "no track 9"]


def test_blocks_that_cannot_be_deleted_lose_their_lines():
    have = S.VRRP_INTERFACE.parse("interface Fa0/0\n vrrp 1 ip 10.0.10.1\n vrrp 1 priority 110\n")
    assert R.commands("vrrp", [], have, "deleted") == ["interface Fa0/0", " no vrrp 1 ip 10.0.10.1",
                                                       " no vrrp 1 priority 110"]


def test_global_lines():
    have = S.parse_global("ipv6 unicast-routing\n")
    wanted = [{"type": "no_static_inter_vrf", "no_static_inter_vrf": True},
              {"type": "ipv6_unicast_routing", "ipv6_unicast_routing": True}]
    assert R.commands("global", wanted, have, "merged") == ["no ip route static inter-vrf"]
    assert R.commands("global", [], have, "deleted") == ["no ipv6 unicast-routing"]


def test_bad_state():
    with pytest.raises(ValueError, match="state: must be one of merged"):
        R.commands("track", [], [], "rendered")


@pytest.mark.parametrize("state, ids", [("merged", [1, 2, 3, 9]), ("replaced", [1, 2, 3, 9]),
                                        ("overridden", [1, 2]), ("deleted", [3, 9])])
def test_predict(state, ids):
    """predict() is what the device has after the commands: no further merge is needed, ids sorted."""
    after = R.predict("track", want(), HAVE, state)
    assert [t["id"] for t in after] == ids
    if state != "deleted":
        assert R.commands("track", want(), after, "merged") == []
        assert next(t for t in after if t["id"] == 2)["vrf"] == "inside"
