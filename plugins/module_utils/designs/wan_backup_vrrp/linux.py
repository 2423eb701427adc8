# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Design ``wan_backup_vrrp`` on Linux: keepalived's VRRP group on the main router's Linux twin and on the backup
device (the write-up's ANIRA box), from the plan."""

from __future__ import annotations

from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.linux import common as LC

# the VRRP group's advertisement interval: what keepalived is told, and what the failure matrix's bounds read
# (matrix/common.py's TIMERS)
VRRP_ADVERT_INT = 1


def keepalived(plan, host, options):
    main, backup = plan["main"], plan["backup"]
    if host not in (main["name"], backup["name"]):
        raise I.IntentError("host", "%s is neither main.name (%s) nor backup.name (%s)" % (
            I.show(host), main["name"], backup["name"]))
    length = I.netaddr.IPAddress(plan["netmask"]).netmask_bits()
    body = ["# %s: %s" % (plan["description"], plan["summary"]), "state BACKUP", "interface %s" % plan["interface"],
            "virtual_router_id %d" % plan["group"], "advert_int %d" % VRRP_ADVERT_INT]
    if plan.get("version") == 3:
        # the intent's VRRPv3 (IOS-XE `fhrp version vrrp v3`): keepalived speaks it with `version 3` in the
        # instance (its default is 2), and a v3 router ignores v2 adverts, so both twins say it
        body.append("version 3")
    if host == main["name"]:
        body += ["priority %d" % main["priority"], "preempt_delay %d" % main["preempt_delay"]]
        tracked = ["%s weight -%d" % (t["interface"], t["decrement"]) for t in main["track"]]
    else:
        body.append("priority %d" % backup["priority_min"])
        vpn = options.get("vpn_interface")
        step = backup["priority_max"] - backup["priority_min"]
        tracked = ["%s weight %d" % (vpn, step)] if vpn and step else []
    if tracked:
        body.append(("track_interface", tracked))
    body.append(("virtual_ipaddress", ["%s/%d dev %s" % (plan["virtual_ip"], length, plan["interface"])]))
    lines = LC.block("global_defs", ["router_id %s" % host])
    return lines + LC.block("vrrp_instance VRRP_%d" % plan["group"], body)
