# -*- coding: utf-8 -*-
"""Keys as IOS shows them with service password-encryption: decoded and compared with the intent's."""

from __future__ import annotations

import pytest

from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import module as M
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import syntax as S

# A type 7 string and its clear text, as published with the algorithm (the well-known Cisco example
# `0822455D0A16` for "cisco")
KNOWN = [("0822455D0A16", "cisco"), ("094F471A1A0A", "cisco")]


@pytest.mark.parametrize("hashed, clear", KNOWN)
def test_type7_decode(hashed, clear):
    assert M.type7_decode(hashed) == clear


@pytest.mark.parametrize("bad", ["", "1", "AB12", "123"])
def test_type7_decode_refuses_what_is_not_one(bad):
    with pytest.raises(ValueError):
        M.type7_decode(bad)


def test_device_keys_compare_with_the_intent():
    want = [{"name": "TAC", "servers": ["192.0.2.49 key cisco", "192.0.2.50 key other"]}]
    text = ("aaa group server tacacs+ TAC\n server-private 192.0.2.49 key 7 0822455D0A16\n"
            " server-private 192.0.2.50 key 6 AESHASHVALUE\n server-private 192.0.2.51 key 0 plain\n")
    have = S.AAA_GROUP.parse(text)
    assert have[0]["servers"] == ["192.0.2.49 key 7 0822455D0A16", "192.0.2.50 key 6 AESHASHVALUE",
                                  "192.0.2.51 key 0 plain"]
    assert M.normalise_keys(have, want)[0]["servers"] == ["192.0.2.49 key cisco", "192.0.2.50 key other",
                                                          "192.0.2.51 key plain"]
    # rotate: the AES form no longer counts as the intent's key
    assert M.normalise_keys(have, want, rotate=True)[0]["servers"][1] == "192.0.2.50 key 6 AESHASHVALUE"
    # a type 7 key that decodes to something else differs
    assert M.normalise_keys(have, [{"name": "TAC", "servers": ["192.0.2.49 key new"]}])[0]["servers"][0] == \
        "192.0.2.49 key cisco"


def test_domain_name_in_both_forms():
    assert S.parse_global("ip domain name example.org\nip domain name vrf mgmt example.org\n") == \
        S.parse_global("ip domain-name example.org\nip domain-name vrf mgmt example.org\n")


def test_deleting_a_no_line_gives_the_positive_line():
    from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import resource as R
    have = S.parse_global("no ip route static inter-vrf\nipv6 unicast-routing\n")
    assert R.commands("global", [], have, "deleted") == ["ip route static inter-vrf", "no ipv6 unicast-routing"]
