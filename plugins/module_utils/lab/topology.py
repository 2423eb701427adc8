# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A lab's topology: what a description may say, checked and normalised before anything is created.

Pure (no namespace, no command): ``lab.create`` and the ``lab`` module's argument checks use it, and its
errors (:class:`LabError`, raised by every lab function) name the field.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import re

NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,14}$")
IFNAME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9_.]{0,14}$")


class LabError(Exception):
    """Something about the lab (its topology or the host) is wrong; the message says what."""


def _endpoint(value, field, nodes):
    if not isinstance(value, str) or value.count(":") != 1:
        raise LabError("%s: expected 'node:interface', got %r" % (field, value))
    node, ifname = value.split(":")
    if node not in nodes:
        raise LabError("%s: %r is not a node of the lab" % (field, node))
    if not IFNAME_RE.match(ifname) or ifname == "lo":
        raise LabError("%s: %r is not a usable interface name (1-15 characters, not lo)" % (field, ifname))
    return node, ifname


def _routes(raw, field):
    """Static routes of a node that no role configures: ``[{'to': prefix, 'via': addr, 'metric': n}]``."""
    routes = []
    if not isinstance(raw if raw is not None else [], list):
        raise LabError("%s: must be a list of {to, via|dev, metric}" % field)
    for index, route in enumerate(raw or []):
        where = "%s[%d]" % (field, index)
        if not isinstance(route, dict) or not route.get("to") or not (route.get("via") or route.get("dev")):
            raise LabError("%s: needs 'to' and 'via' or 'dev', got %r" % (where, route))
        try:
            ipaddress.ip_network(str(route["to"]) if route["to"] != "default" else "0.0.0.0/0")
            if route.get("via"):
                ipaddress.ip_address(str(route["via"]))
        except ValueError as exc:
            raise LabError("%s: %s" % (where, exc)) from None
        routes.append({key: str(route[key]) for key in ("to", "via", "dev", "metric") if route.get(key) is not None})
    return routes


def _sysctls(raw, field):
    if not isinstance(raw if raw is not None else {}, dict):
        raise LabError("%s: must be a mapping of sysctl key to value" % field)
    for key in raw or {}:
        if not re.match(r"^net\.[a-z0-9_.]+$", str(key)):
            raise LabError("%s: %r is not a net.* sysctl key" % (field, key))
    return {str(k): str(v) for k, v in (raw or {}).items()}


def parse_topology(topology):
    """Validate and normalise a topology description.

    ``{'name': 'smoke', 'nodes': {'r1': {'interfaces': {'eth1': {'addresses': ['10.0.0.1/30']}}}},
    'links': [['r1:eth1', 'r2:eth1'], {'name': 'lan', 'endpoints': ['r1:eth2', 'h1:eth0', 'h2:eth0']}]}``
    """
    if not isinstance(topology, dict):
        raise LabError("topology: must be a mapping, got %r" % (topology,))
    name = topology.get("name")
    if not isinstance(name, str) or not NAME_RE.match(name):
        raise LabError("topology.name: must be 1-15 lowercase letters, digits or _, starting with a letter, "
                       "got %r" % (name,))
    raw_nodes = topology.get("nodes")
    if not isinstance(raw_nodes, dict) or not raw_nodes:
        raise LabError("topology.nodes: must be a non-empty mapping of node name to settings")
    nodes = {}
    for node, settings in sorted(raw_nodes.items()):
        if not isinstance(node, str) or not NAME_RE.match(node) or node == "sw":
            raise LabError("topology.nodes: %r is not a valid node name (lowercase, 1-15 characters, not 'sw')"
                           % (node,))
        settings = settings or {}
        if not isinstance(settings, dict):
            raise LabError("topology.nodes.%s: must be a mapping" % node)
        interfaces = {}
        for ifname, ifset in sorted((settings.get("interfaces") or {}).items()):
            if not IFNAME_RE.match(str(ifname)):
                raise LabError("topology.nodes.%s.interfaces: %r is not a valid interface name" % (node, ifname))
            addresses = (ifset or {}).get("addresses", [])
            if not isinstance(addresses, list) or not all(isinstance(a, str) and "/" in a for a in addresses):
                raise LabError("topology.nodes.%s.interfaces.%s.addresses: must be a list of address/len"
                               % (node, ifname))
            interfaces[str(ifname)] = {"addresses": list(addresses)}
        image = settings.get("image")
        if image is not None and (not isinstance(image, str) or not NAME_RE.match(image)):
            raise LabError("topology.nodes.%s.image: must be the name of a lab image (lowercase letters, digits or _, "
                           "for example debian13), got %r" % (node, image))
        nodes[node] = {"interfaces": interfaces, "image": image,
                       "routes": _routes(settings.get("routes"), "topology.nodes.%s.routes" % node),
                       "sysctls": _sysctls(settings.get("sysctls"), "topology.nodes.%s.sysctls" % node)}
    links = []
    used = {}
    for index, raw in enumerate(topology.get("links") or []):
        field = "topology.links[%d]" % index
        if isinstance(raw, dict):
            endpoints = raw.get("endpoints")
            link_name = raw.get("name") or "seg%d" % index
        else:
            endpoints, link_name = raw, "seg%d" % index
        if not isinstance(endpoints, list) or len(endpoints) < 2:
            raise LabError("%s: needs a list of at least two 'node:interface' endpoints" % field)
        parsed = []
        for e_index, value in enumerate(endpoints):
            node, ifname = _endpoint(value, "%s.endpoints[%d]" % (field, e_index), nodes)
            key = "%s:%s" % (node, ifname)
            if key in used:
                raise LabError("%s: %s is already used by %s" % (field, key, used[key]))
            used[key] = field
            parsed.append([node, ifname])
        links.append({"name": str(link_name), "endpoints": parsed, "bridge": len(parsed) > 2})
    for node, settings in nodes.items():
        for ifname in settings["interfaces"]:
            if ifname != "lo" and "%s:%s" % (node, ifname) not in used:
                raise LabError("topology.nodes.%s.interfaces.%s: is on no link" % (node, ifname))
    result = {"name": name, "nodes": nodes, "links": links}
    result["digest"] = hashlib.sha256(json.dumps(result, sort_keys=True).encode()).hexdigest()[:16]
    return result
