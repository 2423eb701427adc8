# -*- coding: utf-8 -*-
"""render_all: every host's files of one plan, the same text the per-host renderers give."""

from __future__ import annotations

import pytest

from ansible_collections.netdesign.resilience.plugins.module_utils import design as D
from ansible_collections.netdesign.resilience.plugins.module_utils import intent as I
from ansible_collections.netdesign.resilience.plugins.module_utils import ios_render
from ansible_collections.netdesign.resilience.plugins.module_utils import linux_render as R
from ansible_collections.netdesign.resilience.plugins.module_utils import render


def test_sixto4_bgp_every_site_every_part(intent_of):
    plan = D.plan("sixto4_bgp", intent_of("sixto4_bgp"))
    files = render.render_all(plan)
    assert sorted(files) == sorted("%s.sixto4_bgp.%s" % (h, p) for h in ("ace1", "ace2", "ace3")
                                   for p in ("ios", "frr.conf", "interfaces"))
    assert files["ace2.sixto4_bgp.frr.conf"] == R.frr(plan, "ace2")["config"]
    assert files["ace2.sixto4_bgp.ios"] == "\n".join(ios_render.ios_lines("sixto4_bgp", plan, "ace2")) + "\n"
    assert sorted(render.render_all(plan, ["linux"], hosts=["ace3"])) == [
        "ace3.sixto4_bgp.frr.conf", "ace3.sixto4_bgp.interfaces"]


def test_wan_backup_vrrp_peers_and_vst_needs_hosts(intent_of):
    files = render.render_all(D.plan("wan_backup_vrrp", intent_of("wan_backup_vrrp")), ["linux"])
    assert sorted(files) == ["main-router.wan_backup_vrrp.keepalived.conf", "netgate.wan_backup_vrrp.keepalived.conf"]
    vst = D.plan("vrf_static_tracking", intent_of("vrf_static_tracking"))
    with pytest.raises(I.IntentError, match="hosts: a vrf_static_tracking plan names no host"):
        render.render_all(vst)
    assert len(render.render_all(vst, hosts=["lin-router"])) == 4  # ios, frr.conf, keepalived.conf, interfaces


def test_bad_platform_is_named(intent_of):
    with pytest.raises(I.IntentError, match="platforms\\[1\\]: "):
        render.render_all(D.plan("sixto4_bgp", intent_of("sixto4_bgp")), ["ios", "junos"])


def test_wan_backup_vrrp_renders_ios_for_the_main_router_only(intent_of):
    plan = D.plan("wan_backup_vrrp", intent_of("wan_backup_vrrp"))
    files = render.render_all(plan)
    assert "main-router.wan_backup_vrrp.ios" in files and "netgate.wan_backup_vrrp.ios" not in files
    assert "netgate.wan_backup_vrrp.keepalived.conf" in files
