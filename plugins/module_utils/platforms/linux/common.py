# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the designs' Linux renderings (``designs/<design>/linux.py``) share: FRR's heading and version, keepalived's
blocks, ifupdown2's stanzas."""

from __future__ import annotations

import re

from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I


def frr_head(comment):
    return ["frr defaults traditional", "! netdesign.resilience %s (rendered; do not edit)" % comment]


def frr_major(options):
    """The FRR major version the rendering is for: ``options['frr_version']`` as the node's package gives it
    (``10.3-3+deb13u1``, ``8.4.4-1.1~deb12u1``) or a number; 8 (Debian 12's FRR 8.4) when not given."""
    version = options.get("frr_version")
    if version in (None, ""):
        return 8
    match = re.match(r"^(?:\d+:)?(\d+)(?:[.~+-]|$)", str(version))
    if not match:
        raise I.IntentError("frr_version", "must be FRR's version, such as 10.3 or 8.4.4-1.1~deb12u1, got %s"
                            % I.show(version))
    return int(match.group(1))


def block(name, body, indent=""):
    lines = ["%s%s {" % (indent, name)]
    for item in body:
        if isinstance(item, tuple):
            lines += block(item[0], item[1], indent + "  ")
        else:
            lines.append("%s  %s" % (indent, item))
    lines.append("%s}" % indent)
    return lines


def stanza(name, attributes):
    return ["auto %s" % name, "iface %s" % name] + ["    %s %s" % kv for kv in attributes] + [""]
