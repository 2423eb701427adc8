# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The lab's end of the failure-matrix replay (issue #19): the probe and the injector the pure engine
(failure_replay.py) is given, reading and changing a running lab here or in the VM (through lab_agent, as
the lab modules do). The parsers are pure and unit-tested; the rest runs commands in lab nodes.
"""

from __future__ import annotations

import concurrent.futures
import json
import time

from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I
from ansible_collections.netdesign.resilience.plugins.module_utils.lab import namespace as L
from ansible_collections.netdesign.resilience.plugins.module_utils.lab import agent as A
from ansible_collections.netdesign.resilience.plugins.module_utils.matrix import replay as R
from ansible_collections.netdesign.resilience.plugins.module_utils.matrix import replay_lab_nat as NL
from ansible_collections.netdesign.resilience.plugins.module_utils.matrix import replay_lab_rp as RP


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
        if entry is None or not isinstance(entry["interfaces"].get(plan["interface"]), str):
            raise L.LabError("mapping: %s needs its LAN interface %s mapped to its own lab interface (interfaces: "
                             "{%s: <lab name>}, not a link's far end: the probe reads the address there)" % (
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
            holders = self._holders(self.targets)
            if len(holders) > 1:
                # the reads are one process each, one after the other (100 ms or more under load): a preemption
                # between two reads shows both boxes; two Masters only when each holds the address again on a
                # second round, read after the other was seen holding it (A, B, A, B)
                holders = self._holders([t for t in self.targets if t[0] in holders])
            obs["vrrp_masters"] = sorted(holders)
        if "gateway_answers" in keys:
            rc, _out = node_run(self.lab, self.client, ["ping", "-c", "1", "-W", "2", self.address])
            obs["gateway_answers"] = rc == 0
        return obs

    def _holders(self, targets):
        return [name for name, node, ifname in targets
                if holds_address(node_run(self.lab, node, ["ip", "-j", "addr", "show", "dev", ifname])[1],
                                 self.address)]


def split_sections(text):
    """``{name: its text}`` from the output of replay_lab_nat's ``BOND_READ`` or :data:`ROUTE_READ` (``==> name <==`` heads each
    section, as ``tail`` prints several files): one command in the node per probe round, however many it reads."""
    out, current = {}, None
    for line in (text or "").splitlines():
        if line.startswith("==> ") and line.endswith(" <=="):
            current = line[4:-4]
            out[current] = []
        elif current is not None:
            out[current].append(line)
    return {k: "\n".join(v) for k, v in out.items()}


ROUTE_READ = 'for v in "$@"; do echo "==> $v <=="; ip -j -4 route show vrf "$v"; done'


def _prefix(dst):
    return "0.0.0.0/0" if dst == "default" else dst if "/" in dst else dst + "/32"


def route_hops(route_json):
    """``{prefix: [next hops]}`` from ``ip -j -4 route show vrf X`` (or ``table N``): per prefix the route the kernel
    uses (the lowest metric), its gateways; ``[]`` for a blackhole, unreachable or prohibit route, and without a
    next hop whose link is down (flags ``linkdown`` or ``dead``: the kernel keeps such a route, traffic is lost).
    That is the kernel's choice with ``ignore_routes_with_linkdown`` off, the default and the router's setting
    (with it on, the kernel would skip a linkdown route for the next metric: a node so set is not read here)."""
    try:
        routes = json.loads(route_json or "[]")
    except ValueError:
        return {}
    best = {}
    for route in routes:
        if route.get("type", "unicast") not in ("unicast", "blackhole", "unreachable", "prohibit"):
            continue
        prefix = _prefix(route.get("dst", ""))
        if prefix in best and best[prefix].get("metric", 0) <= route.get("metric", 0):
            continue
        best[prefix] = route
    out = {}
    for prefix, route in best.items():
        hops = route.get("nexthops") or ([route] if "gateway" in route else [])
        out[prefix] = sorted(h["gateway"] for h in hops if route.get("type", "unicast") == "unicast" and "gateway" in h
                             and not {"linkdown", "dead"} & set(h.get("flags") or []))
    return out


class RoutesProbe:
    """vrf_static_tracking's live state: the next hops of the routes the rows predict, in each router's VRFs, as the
    kernel has them (``ip -j -4 route show vrf X``: the route FRR selected, or keepalived's active one)."""

    def __init__(self, lab, plans, mapping):
        self.lab, self.routers = lab, []   # (lab node, [vrf])
        for host, plan in plans:
            entry = mapping["nodes"].get(host)
            if entry is None:
                raise L.LabError("mapping: no lab node for %s" % host)
            self.routers.append((entry["node"], sorted({r["vrf"] for r in plan["routes"]})))

    def __call__(self, keys):
        obs = {}
        if "routes" in keys:
            obs["routes"] = {}
            for node, vrfs in self.routers:
                texts = split_sections(node_run(self.lab, node, ["sh", "-c", ROUTE_READ, "routes"] + vrfs)[1])
                for vrf in vrfs:
                    hops = route_hops(texts.get(vrf, ""))
                    obs["routes"].update(("%s %s" % (vrf, prefix), each) for prefix, each in hops.items())
        return obs


# one command per site and poll: its BGP sessions as FRR sees them, then the kernel's BGP routes (IPv6)
BGP_READ = ('echo "==> sessions <=="; vtysh -c "show bgp ipv6 unicast summary json" 2>/dev/null; '
            'echo "==> routes <=="; ip -j -6 route show proto bgp')


def bgp_established(summary_json):
    """The peers (addresses, lower case) FRR shows Established in ``show bgp ipv6 unicast summary json``
    (FRR 8.4 and 10.3 alike: one address family asked, its summary unwrapped, ``{"peers": {address: {"state":
    ...}}}``, as the role's verify reads it; when bgpd does not run, vtysh prints no JSON: none)."""
    try:
        summary = json.loads(summary_json or "{}")
    except ValueError:
        return set()
    peers = summary.get("peers") if isinstance(summary, dict) else None
    if not isinstance(peers, dict):
        return set()
    return {address.lower() for address, peer in peers.items()
            if isinstance(peer, dict) and peer.get("state") == "Established"}


def bgp_routed(route_json):
    """The IPv6 prefixes the kernel has from BGP (``ip -j -6 route show proto bgp``): unicast routes with a next hop
    (a gateway, or several), ``default`` as ``::/0``."""
    try:
        routes = json.loads(route_json or "[]")
    except ValueError:
        return set()
    if not isinstance(routes, list):
        return set()
    return {"::/0" if r["dst"] == "default" else r["dst"] for r in routes
            if isinstance(r, dict) and r.get("dst") and r.get("type", "unicast") == "unicast"
            and (r.get("gateway") or r.get("nexthops"))}


class BgpProbe:
    """sixto4_bgp's live state (designs/sixto4_bgp/replay.py says what it means): each iBGP session, Established
    at both ends or not, and how many of each other site's networks every site routes."""

    def __init__(self, lab, plan, mapping):
        self.lab, self.sites = lab, []   # (site, lab node)
        self.owner, self.networks, self.address = {}, {}, {}
        for site in plan["sites"]:
            entry = mapping["nodes"].get(site["name"])
            if entry is None:
                raise L.LabError("mapping: no lab node for %s" % site["name"])
            self.sites.append((site["name"], entry["node"]))
            self.networks[site["name"]] = len(site["networks"])
            self.address[site["tunnel_address"].lower()] = site["name"]
            self.owner.update((str(I.netaddr.IPNetwork(n)), site["name"]) for n in site["networks"])
        self.pairs = sorted({tuple(sorted((site["name"], n["site"]))) for site in plan["sites"]
                             for n in site["neighbors"]})

    def _read(self, node):
        return split_sections(node_run(self.lab, node, ["sh", "-c", BGP_READ])[1])

    def __call__(self, keys):
        established, reach = {}, {}
        # the sites side by side, one thread each: a read starts vtysh and ip in the node, through the emulated VM's
        # agent, and one round after the other would grow with the sites (the margin is one round)
        names, nodes = zip(*self.sites)
        with concurrent.futures.ThreadPoolExecutor(max_workers=min(len(nodes), 8)) as pool:
            read = dict(zip(names, pool.map(self._read, nodes)))
        for name, texts in read.items():
            established[name] = {self.address.get(a) for a in bgp_established(texts.get("sessions", ""))}
            reach[name] = {}
            for prefix in bgp_routed(texts.get("routes", "")):
                other = self.owner.get(str(I.netaddr.IPNetwork(prefix)))
                if other is not None and other != name:
                    reach[name][other] = reach[name].get(other, 0) + 1
        obs = {"networks": dict(self.networks)}
        if "sessions" in keys:
            obs["sessions"] = {"%s-%s" % (a, b): b in established[a] and a in established[b] for a, b in self.pairs}
        if "reach" in keys:
            obs["reach"] = reach
        return obs


def _bgp_probe(lab, planned, mapping, _args, _peers):
    if len(planned) != 1:   # every site is in the one plan
        raise R.ReplayError("sixto4_bgp: one plan (all its sites) per replay")
    return BgpProbe(lab, planned[0][1], mapping)


def _routes_probe(lab, planned, mapping, _args, _peers):
    if len(planned) != 1:   # the observations are keyed by VRF and prefix, not by router
        raise R.ReplayError("vrf_static_tracking: one plan (one router) per replay")
    return RoutesProbe(lab, planned, mapping)


def _vrrp_probe(lab, planned, mapping, args, _peers):
    if len(planned) != 1 or not args["client"]:
        raise R.ReplayError("wan_backup_vrrp: one plan and a client (the LAN host that pings the gateway)")
    return VrrpProbe(lab, planned[0][1], mapping, args["client"])


def _rp_probe(lab, planned, mapping, _args, _peers):
    if len(planned) != 1:   # one RP address, its routers in one plan
        raise R.ReplayError("anycast_rp: one plan per replay")
    # this module's node_run looked up at each read, not bound now (the tests replace it)
    return RP.RpProbe(lab, planned[0][1], mapping, lambda *a: node_run(*a), split_sections)  # pylint: disable=unnecessary-lambda


def _nat_probe(lab, planned, mapping, args, peers):
    routers = [(host, plan) for design, host, plan in peers if design == "vrf_static_tracking"]
    if len(routers) > 1:   # the router's observations are keyed by VRF and prefix, not by router
        raise R.ReplayError("nat_gateway: at most one vrf_static_tracking peer (the router in front of the boxes)")
    return NL.NatProbe(lab, planned, mapping, args["traffic"], lambda *a: node_run(*a), split_sections,  # pylint: disable=unnecessary-lambda
                       RoutesProbe(lab, routers, mapping) if routers else None)


# The probes a design's ``replay.probe`` names (registry): ``make(lab, [(host, plan)], mapping, module args,
# [(design, host, plan)] of the peers: other designs' plans the rows read)``.
PROBES = {"vrrp": _vrrp_probe, "nat": _nat_probe, "routes": _routes_probe, "bgp": _bgp_probe, "rp": _rp_probe}


def probe(name, lab, planned, mapping, args, peers=()):
    """The lab probe ``name`` over the ``planned`` ``[(host, plan)]`` (and the ``peers``' plans it reads)."""
    return PROBES[name](lab, planned, mapping, args, list(peers))


def inject(lab, action):
    """Do a lab action (failure_replay.lab_action's form); returns time.time() just before it (the
    controller's clock: the VM's may differ), so a measured time is never shorter than the real one. A power-on
    (node_start) counts from just before its links come up: its start commands (daemons, interfaces of its own
    configuration) run first, with its links still down, since how long a boot takes is no timer of the design's
    (in the emulated VM, ifupdown2 and FRR take several seconds to start); start commands must leave the links
    down, or the time counts less than the return took."""
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
        at = time.time()
        A.lab("node_start", lab, action["node"])
    else:
        raise L.LabError("unknown lab action %r" % (action["action"],))
    return at
