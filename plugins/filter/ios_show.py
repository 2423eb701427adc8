# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: ios_show
short_description: Structured data from IOS show output (show track, show ip route, show vrrp brief, show bgp summary, test aaa)
version_added: 1.0.0
description:
  - Parses the output of one IOS/IOS-XE C(show) command, as the design roles' verify steps read it back.
  - V(track) - C(show track) - C([{id, type, state, vrf, delay, objects, pending, ...}]); C(pending) (only while a
    delay runs) is C({to, remaining}), the state the object goes to and the seconds left (C(null) when IOS says
    only C(pending)).
  - V(ip_route) - C(show ip route [vrf X] [static]) - C([{prefix, code, distance, metric, next_hop, candidate_default}]).
  - V(vrrp_brief) - C(show vrrp brief) - C([{interface, group, version, family, priority, owner, preempt, state,
    master, local, address}]), in the classic (VRRPv2) format and the IOS-XE VRRPv3 one (C(fhrp version vrrp v3) -
    an C(A-F) column, C(MASTER), C(addr(local))); C(local) is C(null) in the classic format, which does not say.
  - V(bgp_summary) - C(show bgp ipv6 unicast summary) - C([{neighbor, remote_as, up_down, state, prefixes}]);
    C(state) is C(established) when IOS shows a prefix count; C(remote_as) is the asplain number, also when IOS
    shows asdot (C(65000.100) is 4259840100).
  - "V(test_aaa) - C(test aaa group GROUP USER PASSWORD legacy) - C({answer, text}); C(answer) is C(accepted),
    C(rejected) (a server answered, so it is reachable and has our key), C(no-answer) (no server answered,
    as when it is unreachable in the group's VRF or the key is wrong) or C(unknown) (none of IOS's verdicts,
    for example C(% Invalid input) on a device without the command)."
positional: _input, kind
options:
  kind:
    choices: [track, ip_route, vrrp_brief, bgp_summary, test_aaa]
extends_documentation_fragment:
  - netdesign.resilience.show
author: netdesign.resilience maintainers (@netdesign)
"""

EXAMPLES = r"""
- name: Read the tracks back
  cisco.ios.ios_command:
    commands: [show track]
  register: shown

- name: Every planned track exists
  ansible.builtin.assert:
    that: plan.tracks | map(attribute='id') | difference(shown.stdout[0] | netdesign.resilience.ios_show('track')
          | map(attribute='id')) == []
"""

RETURN = r"""
_value:
  description: One dict per row or object of the output (one dict for V(test_aaa)).
  type: raw
"""

from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import show as S
from ansible_collections.netdesign.resilience.plugins.plugin_utils.filters import filter_module

PARSERS = {"track": S.parse_show_track, "ip_route": S.parse_show_ip_route, "vrrp_brief": S.parse_show_vrrp_brief,
           "bgp_summary": S.parse_show_bgp_summary, "test_aaa": S.parse_test_aaa}


def _parse(text, kind):
    if kind not in PARSERS:
        raise I.IntentError("kind", "must be one of %s, got %r" % (", ".join(PARSERS), kind))
    return PARSERS[kind](text)


FilterModule = filter_module("ios_show", _parse)
