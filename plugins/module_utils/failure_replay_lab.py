# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The lab's end of the failure-matrix replay (issue #19): the probe and the injector the pure engine
(failure_replay.py) is given, reading and changing a running lab here or in the VM (through lab_agent, as
the lab modules do). The parsers are pure and unit-tested; the rest runs commands in lab nodes.
"""

from __future__ import annotations

import json
import time

from ansible_collections.netdesign.resilience.plugins.module_utils import lab as L
from ansible_collections.netdesign.resilience.plugins.module_utils import lab_agent as A


def node_run(lab, node, argv, timeout=20.0):
    """``(rc, stdout text)`` of ``argv`` run in a lab node, where the lab is."""
    netns = L.netns_name(lab, node)
    if A.address() is not None:
        rc, out, _err = A.run([str(a) for a in argv], node=netns, timeout=timeout)
        return rc, out.decode(errors="replace")
    proc = L.node_exec(netns, [str(a) for a in argv], check=False, timeout=timeout)
    return proc.returncode, proc.stdout.decode(errors="replace")


def holds_address(ip_json, address):
    """Whether ``ip -j addr show dev X``'s output has ``address`` on an interface that is up with carrier
    (a stopped node's links are down: an address keepalived left there serves nobody)."""
    try:
        links = json.loads(ip_json or "[]")
    except ValueError:
        return False
    for link in links:
        flags = link.get("flags") or []
        if "UP" not in flags or "LOWER_UP" not in flags:
            continue
        if any(a.get("local") == address for a in link.get("addr_info") or []):
            return True
    return False


def vrrp_targets(plan, mapping):
    """``[(plan name, lab node, lab interface)]`` of the VRRP group's routers: the plan's LAN interface
    through the mapping (each router's entry must name it)."""
    out = []
    for name in (plan["main"]["name"], plan["backup"]["name"]):
        entry = mapping["nodes"].get(name)
        if entry is None or plan["interface"] not in entry["interfaces"]:
            raise L.LabError("mapping: %s needs its LAN interface %s mapped (interfaces: {%s: <lab name>})" % (
                name, plan["interface"], plan["interface"]))
        out.append((name, entry["node"], entry["interfaces"][plan["interface"]]))
    return out


class VrrpProbe:
    """wan_backup_vrrp's live state: who holds the virtual address, whether it answers ``client``."""

    def __init__(self, lab, plan, mapping, client):
        self.lab, self.address, self.client = lab, plan["virtual_ip"], client
        self.targets = vrrp_targets(plan, mapping)

    def __call__(self, keys):
        obs = {}
        if "vrrp_masters" in keys:
            obs["vrrp_masters"] = sorted(
                name for name, node, ifname in self.targets
                if holds_address(node_run(self.lab, node, ["ip", "-j", "addr", "show", "dev", ifname])[1],
                                 self.address))
        if "gateway_answers" in keys:
            rc, _out = node_run(self.lab, self.client, ["ping", "-c", "1", "-W", "2", self.address])
            obs["gateway_answers"] = rc == 0
        return obs


def inject(lab, action):
    """Do a lab action (failure_replay.lab_action's form); returns time.time() just before it (the
    controller's clock: the VM's may differ), so a measured time is never shorter than the real one."""
    at = time.time()
    if action["action"] in ("link_down", "link_up"):
        A.lab("link_set", lab, action["node"], action["interface"], action["action"] == "link_up")
    elif action["action"] == "node_stop":
        A.lab("node_stop", lab, action["node"])
    elif action["action"] == "node_start":
        # a power-on: the node's daemons start (the commands of the mapping), then its links come up
        for argv in action.get("start") or []:
            rc, out = node_run(lab, action["node"], argv)
            if rc != 0:
                raise L.LabError("starting %s: %s failed (rc=%d): %s" % (action["node"], " ".join(argv), rc, out))
        A.lab("node_start", lab, action["node"])
    else:
        raise L.LabError("unknown lab action %r" % (action["action"],))
    return at
