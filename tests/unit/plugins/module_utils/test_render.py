# -*- coding: utf-8 -*-
"""render_all: every host's files of one plan, the same text the per-host renderers give."""

from __future__ import annotations

import pytest

from ansible_collections.netdesign.resilience.plugins.module_utils.core import design as D
from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import parts as ios_parts
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.linux import render as R
from ansible_collections.netdesign.resilience.plugins.module_utils.core import render
from ansible_collections.netdesign.resilience.plugins.module_utils.core import site
from ansible_collections.netdesign.resilience.plugins.plugin_utils.cisco_ios import Renderer


@pytest.fixture(name="rendered")
def fixture_rendered():
    with Renderer() as rendered:
        yield rendered


def test_sixto4_bgp_every_site_every_part(intent_of, rendered):
    plan = D.plan("sixto4_bgp", intent_of("sixto4_bgp"))
    files = render.render_all(plan, rendered=rendered)
    assert sorted(files) == sorted("%s.sixto4_bgp.%s" % (h, p) for h in ("ace1", "ace2", "ace3")
                                   for p in ("ios", "frr.conf", "interfaces"))
    assert files["ace2.sixto4_bgp.frr.conf"] == R.frr(plan, "ace2")["config"]
    # the main job's file: our lines and cisco.ios's, put together
    assert files["ace2.sixto4_bgp.ios"] == site.ios_text("sixto4_bgp", plan, "ace2", rendered)[0]
    assert all(line in files["ace2.sixto4_bgp.ios"].splitlines() for line in ios_parts.ios_lines("sixto4_bgp", plan, "ace2"))
    assert "router bgp 65100" in files["ace2.sixto4_bgp.ios"].splitlines()
    assert sorted(render.render_all(plan, ["linux"], hosts=["ace3"])) == [
        "ace3.sixto4_bgp.frr.conf", "ace3.sixto4_bgp.interfaces"]


def test_wan_backup_vrrp_peers_and_vst_needs_hosts(intent_of, rendered):
    files = render.render_all(D.plan("wan_backup_vrrp", intent_of("wan_backup_vrrp")), ["linux"])
    assert sorted(files) == ["main-router.wan_backup_vrrp.keepalived.conf", "netgate.wan_backup_vrrp.keepalived.conf"]
    vst = D.plan("vrf_static_tracking", intent_of("vrf_static_tracking"))
    with pytest.raises(I.IntentError, match="hosts: a vrf_static_tracking plan names no host"):
        render.render_all(vst)
    assert len(render.render_all(vst, hosts=["lin-router"], rendered=rendered)) == 4  # ios, frr, keepalived, interfaces


def test_ios_needs_cisco_ios_and_refuses_undefined_references(intent_of, rendered):
    vst = D.plan("vrf_static_tracking", intent_of("vrf_static_tracking"))
    with pytest.raises(I.IntentError, match="platforms: ios is rendered with cisco.ios's resource modules"):
        render.render_all(vst, hosts=["lin-router"])
    broken = dict(vst, management=dict(vst["management"], vty_login_list="NOSUCH"))
    with pytest.raises(I.IntentError, match="lin-router: error ios-undefined-login-list: line .* NOSUCH"):
        render.render_all(broken, ["ios"], hosts=["lin-router"], rendered=rendered)


def test_bad_platform_is_named(intent_of):
    with pytest.raises(I.IntentError, match="platforms\\[1\\]: "):
        render.render_all(D.plan("sixto4_bgp", intent_of("sixto4_bgp")), ["ios", "junos"])


def test_wan_backup_vrrp_renders_ios_for_the_main_router_only(intent_of, rendered):
    plan = D.plan("wan_backup_vrrp", intent_of("wan_backup_vrrp"))
    files = render.render_all(plan, rendered=rendered)
    assert "main-router.wan_backup_vrrp.ios" in files and "netgate.wan_backup_vrrp.ios" not in files
    assert "netgate.wan_backup_vrrp.keepalived.conf" in files
