# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one ordered table of an IOS host's parts: which module applies each, with which state, in which order.

Three paths read it, so that they cannot disagree (issue #17):

- the ``.ios`` file (``site.ios_text``: the main job and ``render_configs``) puts each part's lines in this order;
- the apply role (``roles/ios_apply``) runs each part's module in this order (filter ``ios_modules`` with
  ``ordered=true``: a list of ``{part, module, state, config, secret, after_tacacs_test}``);
- ``bench/hier_config_eval.py`` replays the role's order from it.

The order is the one a live device needs while it is reached over SSH: management first and in the order that
keeps SSH open (the ACL before the VTY lines that use it; ``aaa new-model`` before the server group, which IOS
offers only then; the group before the method lists that name it, with the role's TACACS+ test in between; the
method lists before the VTY lines that log in with them), then the design (a VRF before the interfaces put into
it, ``vrf forwarding`` before the addresses it clears, a sub-interface's ``encapsulation dot1Q`` before its
address, a track before the routes tied to it, BGP's neighbours before their address family).
"""

from __future__ import annotations

import collections

from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import module as M
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import render as R
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import syntax as S

# name: the part (the key of ``ios_modules``); module: what applies it; state: fixed, or None for the role's
# ``ios_apply_state`` (merged/replaced/overridden); syntax: ours (an ios_syntax table) or None (cisco.ios renders
# it, state rendered); take: which items of that syntax; secret: the part holds a key or community (no_log)
Part = collections.namedtuple("Part", "name module state syntax take secret")

# global one-liners of the management block; they go in with the other management parts
MANAGEMENT_GLOBALS = ("aaa_method", "ip_domain_name", "ip_domain_name_vrf", "ip_name_server_vrf",
                      "ip_ssh_version", "ip_ssh_timeout", "ip_ssh_source")

# the role asks the TACACS+ servers here: after their group exists, before the method lists make logins use them
TACACS_TEST = "tacacs_test"

ORDER = (
    # management
    Part("ios_acls", "cisco.ios.ios_acls", None, None, None, False),
    Part("aaa_new_model", "netdesign.resilience.ios_globals", "merged", "aaa_new_model", None, False),
    # (the module masks its keys itself, in its diff and command list too)
    Part("ios_aaa_tacacs_group", "netdesign.resilience.ios_aaa_tacacs_group", None, "aaa_group", None, False),
    TACACS_TEST,
    Part("management_globals", "netdesign.resilience.ios_globals", "merged", "global",
         lambda item: item["type"] in MANAGEMENT_GLOBALS, False),
    Part("ios_vty", "netdesign.resilience.ios_vty", None, "vty", None, False),
    Part("ios_logging_global", "cisco.ios.ios_logging_global", "merged", None, None, False),
    Part("ios_ntp_global", "cisco.ios.ios_ntp_global", "merged", None, None, False),
    Part("ios_snmp_server", "cisco.ios.ios_snmp_server", "merged", None, None, True),  # the community in every field
    # the design
    Part("vrfs", "cisco.ios.ios_config", None, "vrf", None, False),
    Part("ios_interfaces", "cisco.ios.ios_interfaces", None, None, None, False),
    Part("ios_vrf_interfaces", "cisco.ios.ios_vrf_interfaces", None, None, None, False),
    Part("subinterfaces", "cisco.ios.ios_config", None, "subinterface", None, False),
    Part("ios_l3_interfaces", "cisco.ios.ios_l3_interfaces", None, None, None, False),
    # the 6to4 tunnel before the `ipv6 route` global lines that point into it (the role sent the routes first until
    # this table; with the interface created first, nothing depends on what IOS does with a route through a missing one)
    Part("ios_tunnel_6to4", "netdesign.resilience.ios_tunnel_6to4", None, "tunnel", None, False),
    Part("ios_rp_loopback", "netdesign.resilience.ios_rp_loopback", None, "rp_loopback", None, False),
    Part("globals", "netdesign.resilience.ios_globals", "merged", "global",
         lambda item: item["type"] not in MANAGEMENT_GLOBALS, False),
    Part("ios_track", "netdesign.resilience.ios_track", None, "track", None, False),
    Part("ios_static_routes", "cisco.ios.ios_static_routes", None, None, None, False),
    # IOS keeps `neighbor ... remote-as` whatever the state: merged, as cisco.ios's own examples do
    Part("ios_bgp_global", "cisco.ios.ios_bgp_global", "merged", None, None, False),
    Part("ios_bgp_address_family", "cisco.ios.ios_bgp_address_family", None, None, None, False),
    Part("ios_vrrp", "netdesign.resilience.ios_vrrp", None, "vrrp", None, False),
)
PARTS = tuple(p for p in ORDER if p != TACACS_TEST)
# cisco.ios's resource modules (the parts it renders with state rendered), in the order of the table
CISCO_MODULES = tuple(p.name for p in PARTS if p.syntax is None)


def _ours(part, config):
    """The table items of one of our parts (a syntax, or the management/other half of the global lines)."""
    items = config.get(part.syntax, [])
    return [i for i in items if part.take(i)] if part.take else list(items)


def items(design, plan, host):
    """``[(part, items or cisco.ios config)]`` in the table's order, for the parts ``host`` has."""
    ours = R.ios_config(design, plan, host)
    cisco = R.cisco_ios_config(design, plan, host)
    out = []
    for part in PARTS:
        value = _ours(part, ours) if part.syntax else cisco.get(part.name)
        if value:
            out.append((part, value))
    return out


def _options(part, value):
    """A part's value as the options of the module that applies it."""
    if part.syntax is None:
        return value
    if part.module == "cisco.ios.ios_config":
        # no resource module has these lines: ios_config with the block's parent and its lines
        # (the same lines ios_syntax renders for the .ios file: a test holds them equal)
        if part.syntax == "vrf":
            return [{"parents": "vrf definition %s" % i["name"], "lines": ["address-family ipv4"]} for i in value]
        return [{"parents": "interface %s" % i["name"], "lines": ["encapsulation dot1Q %s" % i["vlan"]]} for i in value]
    return M.items_to_options(R.SYNTAX_OF.get(part.syntax, part.syntax), value)


def apply_list(design, plan, host):
    """The parts ``host`` gets, in the table's order, each as ``{part, module, state, config, secret,
    after_tacacs_test}`` (state None: the role's ``ios_apply_state``)."""
    after = ORDER.index(TACACS_TEST)
    return [{"part": part.name, "module": part.module, "state": part.state, "config": _options(part, value),
             "secret": part.secret, "after_tacacs_test": ORDER.index(part) > after}
            for part, value in items(design, plan, host)]


def modules(design, plan, host):
    """``{part: module options}`` (the same values as ``apply_list``, keyed by part)."""
    return {entry["part"]: entry["config"] for entry in apply_list(design, plan, host)}


def ios_lines(design, plan, host):
    """Our lines alone (the parts cisco.ios has no module for), in the table's order: the ``ios_render`` filter."""
    return [line for _kind, lines in chunks(design, plan, host, None) for line in lines]


def chunks(design, plan, host, rendered):
    """Each part's configuration lines in the table's order, for ``ios_render.assemble``: ours as ``ios_syntax``
    renders them (indented blocks), cisco.ios's as ``rendered(module, config)`` gives them (flat; left out when ``rendered`` is None)."""
    out = []
    for part, value in items(design, plan, host):
        if part.syntax is None:
            if rendered is not None:
                out.append(("cisco", rendered(part.name, value)))
        else:
            syntax = R.SYNTAX_OF.get(part.syntax, part.syntax)
            out.append(("ours", S.SYNTAXES[syntax].render(value)))
    return out
