# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Design ``vrf_static_tracking`` as the generic code sees it (its entry in core/design.py's registry)."""

from __future__ import annotations

from ansible_collections.netdesign.resilience.plugins.module_utils.core.description import Design, Ios, Linux, Matrix, Replay
from ansible_collections.netdesign.resilience.plugins.module_utils.designs.vrf_static_tracking import ios, linux, matrix, plan, replay, topology

DESIGN = Design(
    name="vrf_static_tracking", plan=plan.plan, check=plan.check, host_part=None,
    codes=("track-vrf-missing", "hybrid-path", "nexthop-unreachable", "linknet-overlap", "inter-vrf-leaking",
           "mgmt-ssh-lockout", "mgmt-controllers-missing", "snmp-switch-traps", "mgmt-vrf-is-a-zone", "nexthop-self",
           "nexthop-missing", "subinterface-vlan-missing"),
    hosts=None, not_named=None,
    ios=Ios(render=ios.render, cisco=ios.cisco, is_host=None),
    linux=Linux(frr=linux.frr, daemons=linux.daemons, frr_requires=(), keepalived=linux.keepalived,
                interfaces=linux.interfaces),
    matrix=Matrix(predict=matrix.predict, options=matrix.OPTIONS, peer=True),
    replay=Replay(check=replay.Routes, probe="routes"),
    topology=topology.draw,
)
