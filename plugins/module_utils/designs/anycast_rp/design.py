# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Design ``anycast_rp`` as the generic code sees it (its entry in core/design.py's registry)."""

from __future__ import annotations

from ansible_collections.netdesign.resilience.plugins.module_utils.core.description import Design, Ios, Linux, Matrix, Replay
from ansible_collections.netdesign.resilience.plugins.module_utils.designs.anycast_rp import ios, linux, matrix, plan, replay, topology


def hosts(planned):
    """The RP routers, in their failover order."""
    return list(planned["failover_order"])


DESIGN = Design(
    name="anycast_rp", plan=plan.plan, check=plan.check, host_part=None,
    codes=("rp-connected-host", "rp-host-route"),
    hosts=hosts, not_named=None,
    ios=Ios(render=ios.render, cisco=None, is_host=None),
    # its FRR needs the node's router id (and links), which only the role's options give
    linux=Linux(frr=linux.frr, daemons=linux.daemons, frr_requires=("router_id",), keepalived=None,
                interfaces=linux.interfaces),
    matrix=Matrix(predict=matrix.predict, options=matrix.OPTIONS, peer=False),
    replay=Replay(check=replay.Arbitration, probe="rp"),
    topology=topology.draw,
)
