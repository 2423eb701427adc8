# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The lab probe of ``nat_gateway``'s replay (issue #19): each box's bonds, the public address a client gets at the
server, and, where the router in front of the boxes is in the lab, its routes and which box it sends the clients'
traffic to (designs/vrf_static_tracking/replay.py's Routes judges the rows). Registered by replay_lab.py, which gives
it the lab's reader and the router's probe: this module imports none of it. The parser is pure and unit-tested."""

from __future__ import annotations

from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I
from ansible_collections.netdesign.resilience.plugins.module_utils.lab import namespace as L
from ansible_collections.netdesign.resilience.plugins.module_utils.lab import agent as A

# the LACP actor port state's Collecting and Distributing bits (IEEE 802.1AX)
COLLECTING_DISTRIBUTING = 0x10 | 0x20
# one command per box and poll, however many bonds it reads (replay_lab.split_sections parts the output)
BOND_READ = 'for b in "$@"; do echo "==> $b <=="; cat /proc/net/bonding/"$b" 2>/dev/null; done'


def bond_status(text):
    """``(up, [members collecting and distributing])`` from /proc/net/bonding/<bond>: the bond's MII status,
    and each member whose MII status is up and whose LACP actor port state has both bits."""
    up, members, current, actor = None, {}, None, False
    for line in (text or "").splitlines():
        item = line.strip()
        key, _sep, value = item.partition(":")
        value = value.strip()
        if key == "Slave Interface":
            current, actor = value, False
            members[current] = {"mii": False, "state": 0}
        elif key == "MII Status":
            if current is None:
                up = value == "up" if up is None else up
            else:
                members[current]["mii"] = value == "up"
        elif item.startswith("details actor lacp pdu"):
            actor = True
        elif item.startswith("details partner lacp pdu"):
            actor = False
        elif key == "port state" and current is not None and actor and value.isdigit():
            members[current]["state"] = int(value)
    active = sorted(m for m, v in members.items()
                    if v["mii"] and v["state"] & COLLECTING_DISTRIBUTING == COLLECTING_DISTRIBUTING)
    return bool(up), active


def nat_box(routes, owners):
    """The box the router sends traffic to: of the next hops of ``routes`` (``{"<vrf> <prefix>": [next hops]}``, as
    the router's probe reads them), those that are a box's bond address (``owners``: ``{address: box}``), named by
    their box; None when no route leads to a box, both names (``nat1 and nat2``) when routes lead to both (a hybrid
    path: no one box NATs)."""
    boxes = sorted({owners[hop] for hops in routes.values() for hop in hops if hop in owners})
    return " and ".join(boxes) if boxes else None


class NatProbe:
    """nat_gateway's live state: each box's bonds (up, members collecting and distributing); the public address a
    client gets at the server (``traffic``: ``{client, server, destination, port}``, lab names; none given: not
    read, and the rows say the invariant was not checked); with ``router`` (a probe of the vrf_static_tracking
    router in front of the boxes, replay_lab.RoutesProbe) the router's routes and the box they lead to.
    ``run(lab, node, argv)`` and ``sections(text)`` are replay_lab's node_run and split_sections."""

    def __init__(self, lab, plans, mapping, traffic, run, sections, router=None):
        self.lab, self.traffic, self.run, self.sections, self.router = lab, dict(traffic or {}), run, sections, router
        self.boxes, self.owners = [], {}   # (plan host, lab node, [(plan bond, lab bond)]); bond address -> host
        for host, plan in plans:
            entry = mapping["nodes"].get(host)
            if entry is None:
                raise L.LabError("mapping: no lab node for %s" % host)
            bonds = [(i["name"], entry["interfaces"].get(i["name"], i["name"])) for i in plan["interfaces"]
                     if i["kind"] == "bond"]
            far = [plan_bond for plan_bond, lab_bond in bonds if not isinstance(lab_bond, str)]
            if far:   # the probe reads the bond in the box itself
                raise L.LabError("mapping: %s's bond %s must map to its own lab interface, not a link's far end" % (
                    host, far[0]))
            self.boxes.append((host, entry["node"], bonds))
            self.owners.update((str(I.netaddr.IPNetwork(i["address"]).ip), host) for i in plan["interfaces"]
                               if i["kind"] == "bond" and i.get("address"))
        if self.traffic:
            for key in ("client", "server", "destination"):
                if not self.traffic.get(key):
                    raise L.LabError("traffic: needs %s" % key)

    def __call__(self, keys):
        obs = {}
        if "routes" in keys or "nat_box" in keys:
            if self.router is None:   # a row predicts the router's routes: the replay was given no router to read
                raise L.LabError("the row reads the router in front of the boxes: give its plan (peers) and map it")
            obs["routes"] = self.router(("routes",))["routes"]
            obs["nat_box"] = nat_box(obs["routes"], self.owners)
        if "bonds_up" in keys or "bond_members" in keys:
            obs["bonds_up"], obs["bond_members"] = {}, {}
            for host, node, bonds in self.boxes:
                texts = self.sections(self.run(self.lab, node, ["sh", "-c", BOND_READ, "bonds"] + [b for _p, b in bonds])[1])
                for plan_bond, lab_bond in bonds:
                    up, active = bond_status(texts.get(lab_bond, ""))
                    obs["bonds_up"]["%s %s" % (host, plan_bond)] = up
                    obs["bond_members"]["%s %s" % (host, plan_bond)] = active
        if "public_address" in keys and self.traffic:
            got = A.lab("traffic", self.lab, self.traffic["client"], self.traffic["server"], self.traffic["destination"],
                        proto="tcp", port=int(self.traffic.get("port", 50030)), count=1)
            received = got.get("received") or []
            obs["public_address"] = received[0].get("from") if received else None
        return obs
