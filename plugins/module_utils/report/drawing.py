# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The pieces the designs' pictures (``designs/<design>/topology.py``) are made of: nodes, links, and two readings of
a plan's addresses. The shape is report/topology.py's."""

from __future__ import annotations

import ipaddress


def node(nid, label, detail, column):
    return {"id": nid, "label": label, "detail": detail, "column": column}


def link(a, b, label, path="plain"):
    return {"a": a, "b": b, "label": label, "path": path}


def in_network(address, network):
    try:
        return ipaddress.ip_address(address) in ipaddress.ip_network(network, strict=False)
    except ValueError:
        return False


def far_end(interface):
    text = str(interface.get("description") or interface.get("network") or interface["name"])
    return text[3:] if text.lower().startswith("to ") else text
