# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Design ``sixto4_bgp`` as the generic code sees it (its entry in core/design.py's registry)."""

from __future__ import annotations

from ansible_collections.netdesign.resilience.plugins.module_utils.core.description import Design, Ios, Linux, Matrix, Replay
from ansible_collections.netdesign.resilience.plugins.module_utils.designs.sixto4_bgp import ios, linux, matrix, plan, replay, topology


def hosts(planned):
    """The sites, each named after its inventory host."""
    return [site["name"] for site in planned["sites"]]


DESIGN = Design(
    name="sixto4_bgp", plan=plan.plan, check=plan.check, host_part=plan.host_part,
    codes=("proto41-filtered", "network-overlap", "bgp-network-no-route", "bgp-hold-zero"),
    hosts=hosts,
    not_named="name each site of sixto4_bgp_sites after its inventory host",
    ios=Ios(render=ios.render, cisco=ios.cisco, is_host=None),
    linux=Linux(frr=linux.frr, daemons=linux.daemons, frr_requires=(), keepalived=None, interfaces=linux.interfaces),
    matrix=Matrix(predict=matrix.predict, options=matrix.OPTIONS, peer=False),
    replay=Replay(check=replay.Sessions, probe="bgp"),
    topology=topology.draw,
)
