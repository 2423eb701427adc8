# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every host's configuration files of one plan, rendered in one pass (for config pipelines and scale).

``render_all(plan, platforms, rendered=...)`` returns ``{file name: text}``: ``<host>.<design>.ios`` (the
same file the main job writes: :func:`site.ios_text`, our lines and cisco.ios's parts, for which the caller
passes cisco.ios's renderer), ``<host>.<design>.frr.conf``, ``.keepalived.conf`` and ``.interfaces`` (the
Linux parts of :mod:`linux_render`), for the hosts of the plan. The plan is computed once by the
caller; nothing here plans again per host.
"""

from __future__ import annotations

from ansible_collections.netdesign.resilience.plugins.module_utils.core import design as D
from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import render as ios_render
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.linux import render as R
from ansible_collections.netdesign.resilience.plugins.module_utils.core import site

PLATFORMS = ("ios", "linux")


def hosts_of(plan):
    """The hosts a plan names (the design's ``hosts``: sites, RP routers, VRRP peers); none when its design
    names none (vrf_static_tracking, nat_gateway: the caller gives them)."""
    each = D.described(plan.get("design"))
    return list(each.hosts(plan)) if each is not None and each.hosts is not None else []


def _linux(plan, host, options):
    each = D.described(plan["design"])
    linux = each.linux if each is not None else None
    files = {}
    if linux is None:
        return files
    if linux.frr is not None and all(options.get(key) for key in linux.frr_requires):
        files["frr.conf"] = R.frr(plan, host, options)["config"]
    if linux.keepalived is not None:
        files["keepalived.conf"] = R.keepalived(plan, host, options)
    if linux.interfaces is not None:
        files["interfaces"] = R.interfaces(plan, host)
    return files


def _ios(design, plan, host, rendered):
    if rendered is None:
        raise I.IntentError("platforms", "ios is rendered with cisco.ios's resource modules, which run on the "
                                         "controller: pass their renderer (plugin_utils/cisco_ios.py), or render "
                                         "only linux")
    text, undefined = site.ios_text(design, plan, host, rendered)
    if undefined:
        raise I.IntentError(host, "; ".join("%s %s: %s" % (f["severity"], f["code"], f["message"]) for f in undefined))
    return text


def render_all(plan, platforms=PLATFORMS, hosts=None, options=None, rendered=None):
    """``{'<host>.<design>.<part>': text}`` for every host of ``plan`` (or ``hosts``); ``rendered(module,
    config)`` gives cisco.ios's rendered lines (needed for ``ios``)."""
    I.mapping(plan, "plan")
    design = I.text(I.required(plan, "design", "plan"), "plan.design")
    for index, platform in enumerate(platforms):
        I.choice(platform, "platforms[%d]" % index, PLATFORMS)
    names = list(hosts) if hosts else hosts_of(plan)
    if not names:
        raise I.IntentError("hosts", "a %s plan names no host: give the hosts to render for" % design)
    options = I.mapping(options or {}, "options")
    out = {}
    for host in names:
        if "ios" in platforms and ios_render.is_ios_host(design, plan, host):
            out["%s.%s.ios" % (host, design)] = _ios(design, plan, host, rendered)
        if "linux" in platforms:
            for part, text in _linux(plan, host, dict(options.get(host) or {})).items():
                out["%s.%s.%s" % (host, design, part)] = text
    return out
