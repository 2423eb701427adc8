# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The report's picture of a ``wan_backup_vrrp`` plan (issue #19):
the LAN on the left, the main router and the backup device in the middle, their uplinks on the right."""

from __future__ import annotations

from ansible_collections.netdesign.resilience.plugins.module_utils.report import drawing as G


def draw(plan):
    main, backup = plan.get("main") or {}, plan.get("backup") or {}
    tracks = ", ".join("%s (track %s, -%s)" % (t.get("interface"), t.get("object"), t.get("decrement"))
                       for t in main.get("track") or [])
    nodes = [G.node("lan", "LAN %s" % plan.get("interface"), "VRRP %s, virtual %s" % (plan.get("group"), plan.get("virtual_ip")), 0),
             G.node("main", "%s (Master)" % main.get("name"), "priority %s, %s when the WAN is down" % (
                 main.get("priority"), main.get("priority_on_wan_failure")), 1),
             G.node("backup", "%s (Backup)" % backup.get("name"), "priority %s-%s" % (
                 backup.get("priority_min"), backup.get("priority_max")), 1),
             G.node("wan", "WAN", tracks or "no track", 2),
             G.node("backup-wan", "backup uplink", "of %s" % backup.get("name"), 2)]
    links = [G.link("lan", "main", plan.get("ip") or "", "active"), G.link("lan", "backup", "", "standby"),
             G.link("main", "wan", ", ".join(t.get("interface") or "" for t in main.get("track") or []), "active"),
             G.link("backup", "backup-wan", "", "standby")]
    return {"nodes": nodes, "links": links,
            "caption": "%s is Master while its WAN is up; preempt delay %s s" % (main.get("name"), plan.get("preempt_delay"))}
