# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: linux_render
short_description: Linux/FRR configuration of a design plan (frr.conf, keepalived.conf or ifupdown2 stanzas)
version_added: 1.0.0
description:
  - Renders, for one host, the Linux side of a routing design from the same plan as the IOS rendering.
  - "O(part=frr): C({config, daemons}), the integrated FRR configuration and the daemons it needs, for
    P(netdesign.resilience.frr_config#module) (vrf_static_tracking: the floating routes per VRF; sixto4_bgp:
    C(2002::/16) into the tunnel and iBGP between the 6to4 addresses with the route reflector)."
  - "O(part=keepalived): keepalived.conf text (vrf_static_tracking: the IOS object tracking as track scripts
    and one instance holding the active routes; wan_backup_vrrp: the VRRP group with priority, tracking
    and preempt delay)."
  - "O(part=track_script): C({path, content, device}) of the check keepalived runs for each tracked linknet
    (and the dummy device its instance speaks VRRP on)."
  - "O(part=interfaces): ifupdown2 stanzas (vrf_static_tracking: VRF devices and members; sixto4_bgp: the
    sit tunnel)."
positional: _input, part, host
options:
  _input:
    description: The plan, from P(netdesign.resilience.design_plan#filter).
    type: dict
    required: true
  part:
    description: What to render.
    type: str
    required: true
    choices: [frr, keepalived, interfaces, track_script]
  host:
    description: The host to render for (the site of C(sixto4_bgp), main or backup of C(wan_backup_vrrp)).
    type: str
    required: true
  options:
    description:
      - "keepalived options: C(fast) (vrf_static_tracking: track the linknet interfaces themselves, no delays)
        and C(vpn_interface) (wan_backup_vrrp backup device)."
      - "frr options (anycast_rp): C(router_id), C(igp_interfaces), C(host_interfaces), and C(frr_version), the
        node's FRR version (for example C(10.3-3+deb13u1)): FRR 10 and later also get IPv6 PIM (pim6d) with the
        plan's RP and MLD on the host segments, and the RP lines as FRR 10 shows them (C(router pim), C(router pim6))."
    type: dict
    default: {}
author: netdesign.resilience maintainers (@netdesign)
"""

EXAMPLES = r"""
- name: frr.conf of a 6to4 site
  netdesign.resilience.frr_config:
    config: "{{ __frr.config }}"
    daemons: "{{ __frr.daemons }}"
  vars:
    __frr: "{{ design_check_plan | netdesign.resilience.linux_render('frr', inventory_hostname) }}"
"""

RETURN = r"""
_value:
  description: "Text (keepalived, interfaces), C({config, daemons}) (frr) or C({path, content, device}) (track_script)."
  type: raw
"""

from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I
from ansible_collections.netdesign.resilience.plugins.module_utils.designs.vrf_static_tracking import linux as tracking
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.linux import render as R
from ansible_collections.netdesign.resilience.plugins.plugin_utils.filters import filter_module

PARTS = {"frr": R.frr,
         "track_script": lambda _plan, _host, _options: {"path": tracking.TRACK_SCRIPT,
                                                         "content": tracking.TRACK_SCRIPT_TEXT,
                                                         "device": tracking.TRACK_DEVICE},
         "keepalived": R.keepalived,
         "interfaces": lambda plan, host, _options: R.interfaces(plan, host)}


def _render(plan, part, host, options=None):
    if part not in PARTS:
        raise I.IntentError("part", "%r is not one of %s" % (part, ", ".join(sorted(PARTS))))
    return PARTS[part](plan, host, options or {})


FilterModule = filter_module("linux_render", _render)
