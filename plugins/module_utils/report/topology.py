# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The topology of a plan as the report's picture draws it (issue #19): nodes in columns and the links between them.

``topology(design, plan)`` reads only the plan's names, addresses, paths and priorities (never its management
part, where the secrets' markers are) and returns ``{"nodes": [...], "links": [...], "caption": str}``: a node is
``{id, label, detail, column}`` (the picture stacks the nodes of a column in their order), a link ``{a, b, label,
path}`` from the inner node to the outer one (its label is drawn beside ``b``) with path ``active`` (drawn
solid), ``standby`` (dashed) or ``plain``. Pure Python; each design's drawing is its ``designs/<design>/topology.py``
(the registry's ``topology``, made of report/drawing.py's pieces); report/html.py draws it. docs/failure-matrix.md.
"""

from __future__ import annotations

from ansible_collections.netdesign.resilience.plugins.module_utils.core import design as D


def topology(design, plan, hosts=None):
    """The picture's data of ``plan`` (None when there is no plan or no drawing for the design)."""
    each = D.described(design)
    if not isinstance(plan, dict) or each is None or each.topology is None:
        return None
    plan = dict(plan, hosts=list(hosts or plan.get("hosts") or []))
    try:
        return each.topology(plan)
    except (KeyError, TypeError, AttributeError) as exc:
        return {"nodes": [], "links": [], "caption": "no picture: the plan is incomplete (%s)" % exc}
