# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Design ``nat_gateway`` as the generic code sees it (its entry in core/design.py's registry). Its Linux box is
configured by its role (roles/nat_gateway: ifupdown2, SNAT, policy routing, conntrackd), not by a renderer here."""

from __future__ import annotations

from ansible_collections.netdesign.resilience.plugins.module_utils.core.description import Design, Matrix, Replay
from ansible_collections.netdesign.resilience.plugins.module_utils.designs.nat_gateway import matrix, plan, topology
from ansible_collections.netdesign.resilience.plugins.module_utils.designs.vrf_static_tracking import replay

DESIGN = Design(
    name="nat_gateway", plan=plan.plan, check=plan.check, host_part=None,
    codes=("nexthop-unreachable", "nexthop-self", "nexthop-missing", "sysctl-before-bond", "forwarding-global",
           "snat-port-exhaustion", "clients-not-private"),
    hosts=None, not_named=None,
    ios=None,
    linux=None,
    matrix=Matrix(predict=matrix.predict, options=matrix.OPTIONS, peer=True),
    # the router's check: a NAT box's rows are its routers' routes, bonds and the NAT box
    replay=Replay(check=replay.Routes, probe="nat"),
    topology=topology.draw,
)
