# -*- coding: utf-8 -*-
"""plugin_utils/cisco_ios.py: cisco.ios's own modules in state rendered, in this process."""

from __future__ import annotations

import pytest

from ansible.module_utils import basic

from ansible_collections.netdesign.resilience.plugins.plugin_utils.cisco_ios import Renderer, RenderError


def test_renders_what_the_module_renders():
    with Renderer() as render:
        lines = render("ios_bgp_global", {"as_number": "65100", "neighbors": [
            {"neighbor_address": "2002:A01:106::", "remote_as": "65100"}]})
        acl = render("ios_acls", [{"afi": "ipv4", "acls": [{"name": "SSH", "acl_type": "standard", "aces": [
            {"sequence": 10, "grant": "permit", "source": {"host": "192.0.2.1"}}]}]}])
    # cisco.ios's own rendering: it states IOS's defaults it was not told (why ios_render states them)
    assert lines == ["router bgp 65100", "no bgp default ipv4-unicast", "no bgp default route-target filter",
                     "neighbor 2002:A01:106:: remote-as 65100"]
    assert acl == ["ip access-list standard SSH", "10 permit host 192.0.2.1"]


def test_the_modules_own_validation_refuses_and_says_so():
    unsupported = r"cisco.ios.ios_bgp_global: Unsupported parameters.*config\.bogus"
    with Renderer() as render, pytest.raises(RenderError, match=unsupported):
        render("ios_bgp_global", {"as_number": "65100", "bogus": 1})
    with Renderer() as render, pytest.raises(RenderError, match="cisco.ios.ios_no_such_module: |cisco.ios is required"):
        render("ios_no_such_module", {})


def test_ansible_module_is_itself_again_afterwards():
    exit_json, fail_json = basic.AnsibleModule.exit_json, basic.AnsibleModule.fail_json
    with Renderer() as render:
        render("ios_ntp_global", {"servers": [{"server": "192.0.2.5", "vrf": "mgmt"}]})
        assert basic.AnsibleModule.exit_json is not exit_json
    assert (basic.AnsibleModule.exit_json, basic.AnsibleModule.fail_json) == (exit_json, fail_json)
