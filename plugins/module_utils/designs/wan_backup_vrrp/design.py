# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Design ``wan_backup_vrrp`` as the generic code sees it (its entry in core/design.py's registry)."""

from __future__ import annotations

from ansible_collections.netdesign.resilience.plugins.module_utils.core.description import Design, Ios, Linux, Matrix, Replay
from ansible_collections.netdesign.resilience.plugins.module_utils.designs.wan_backup_vrrp import ios, linux, matrix, plan, replay, topology


def hosts(planned):
    """The main router and the backup device."""
    return [planned["main"]["name"], planned["backup"]["name"]]


DESIGN = Design(
    name="wan_backup_vrrp", plan=plan.plan, check=plan.check, host_part=None,
    codes=("vrrp-priority", "vrrp-preempt-delay", "vrrp-address-owner", "vrrp-address-outside",
           "subinterface-vlan-missing"),
    hosts=hosts,
    not_named="set wan_backup_vrrp_main.name and wan_backup_vrrp_backup.name to the inventory names of the main "
              "router and the backup device (they default to main and backup)",
    # the main router only: the backup device is the write-up's ANIRA box, configured by the Linux side
    ios=Ios(render=ios.render, cisco=None, is_host=ios.is_host),
    linux=Linux(frr=None, daemons=None, frr_requires=(), keepalived=linux.keepalived, interfaces=None),
    matrix=Matrix(predict=matrix.predict, options=matrix.OPTIONS, peer=False),
    replay=Replay(check=replay.Vrrp, probe="vrrp"),
    topology=topology.draw,
)
