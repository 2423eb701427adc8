# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The shape of a design's description: what the generic code reads of a design (issue #17).

Each ``designs/<design>/design.py`` fills in one :class:`Design` (every field written out, ``None`` where the design
has no such part) and ``core/design.py`` lists them: the generic code (IOS and Linux rendering, the hosts a plan
renders for, the failure matrix and its replay, the report's picture, the finding codes) reads the registry and
never names a design.
"""

from __future__ import annotations

import collections

# name: the design (its role and inventory group); plan, check: ``plan(intent)``, ``check(intent)`` of its plan.py;
# host_part: ``host_part(plan, host)``, the part of a plan one host needs (None: the whole plan);
# codes: the finding codes its check() reports; hosts: ``hosts(plan)``, the devices a plan renders for (None: the
# plan names none, the caller gives them); not_named: what to set when a host of the design's group is not one
# of the devices its plan names (None: the plan names no device); ios, linux, matrix, replay: the parts below
# (None: none); topology: ``topology(plan)``, the report's picture of a plan (None: no picture)
Design = collections.namedtuple(
    "Design", "name plan check host_part codes hosts not_named ios linux matrix replay topology")

# render: ``render(plan, host)``, ``{syntax: items}`` of the lines without a cisco.ios resource module (ios/syntax.py);
# cisco: ``cisco(plan, host)``, ``{cisco.ios module: config}``; is_host: ``is_host(plan, host)``, whether a host of
# the plan is an IOS device (None: every host is)
Ios = collections.namedtuple("Ios", "render cisco is_host")

# frr: ``frr(plan, host, options)``, the lines of frr.conf; daemons: ``daemons(plan, options)``, the FRR daemons it
# needs; frr_requires: the options without which a generic rendering (render_configs) writes no frr.conf;
# keepalived: ``keepalived(plan, host, options)``, the lines of keepalived.conf; interfaces: ``interfaces(plan,
# host)``, ifupdown2 stanzas (the lines after the heading). None: no such file.
Linux = collections.namedtuple("Linux", "frr daemons frr_requires keepalived interfaces")

# predict: ``predict(plan, options, hosts, peers, plan_id)``, the failure matrix's rows; options: the role options
# a prediction reads that the plan does not keep, with the roles' defaults (the intent may set them); peer: other
# plans' rows read this design's plans (a NAT box's router reads the boxes, and the other way round)
Matrix = collections.namedtuple("Matrix", "predict options peer")

# check: the class that judges a replayed row (matrix/replay.py); probe: the name of the lab probe in
# matrix/replay_lab.py's PROBES that reads the state (None: the lab has no probe for the design)
Replay = collections.namedtuple("Replay", "check probe")
