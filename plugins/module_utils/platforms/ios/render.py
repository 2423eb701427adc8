# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""From a design plan to the IOS constructs cisco.ios has no resource module for.

``ios_config(design, plan, host)`` returns ``{syntax name: [items]}`` for :mod:`ios_syntax`; the parts
cisco.ios covers (VRFs, interfaces, static routes, BGP) are rendered by its resource modules from the
same plan. Each design's renderer is its ``designs/<design>/ios.py`` (the registry's ``ios``); nothing here
names a design or computes: every value comes from the plan.
"""

from __future__ import annotations

from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I
from ansible_collections.netdesign.resilience.plugins.module_utils.core import design as D

# parts rendered by another part's syntax table
SYNTAX_OF = {"aaa_new_model": "global"}


def ios_designs():
    """The designs with an IOS rendering, in the registry's order."""
    return [name for name, each in D.DESIGNS.items() if each.ios is not None]


def _ios(design):
    each = D.described(design)
    if each is None or each.ios is None:
        raise I.IntentError("design", "%r has no IOS rendering (%s)" % (design, ", ".join(sorted(ios_designs()))))
    return each.ios


def is_ios_host(design, plan, host):
    """Whether ``host`` has an IOS configuration in the plan (the design's ``ios.is_host``; None: every host)."""
    each = D.described(design)
    if each is None or each.ios is None:
        return False
    return each.ios.is_host is None or each.ios.is_host(plan, host)


def ios_config(design, plan, host):
    """``{syntax: items}`` of the constructs without a cisco.ios resource module, for one host."""
    return _ios(design).render(plan, host)


# ---------------------------------------------------------------------------------------------
# The parts cisco.ios resource modules render (state: rendered), and putting everything together

def cisco_ios_config(design, plan, host):
    """``{cisco.ios module: config}`` for the parts cisco.ios covers, from the same plan."""
    each = D.described(design)
    if each is None or each.ios is None or each.ios.cisco is None:
        return {}
    return each.ios.cisco(plan, host)


# Within one interface block, the order IOS needs: a sub-interface's `encapsulation dot1Q` before its address
# (IOS refuses the address without it); `vrf forwarding` clears the address, so it comes before `ip address`;
# the shutdown state goes last (as an operator types it).
CHILD_ORDER = ("description", "encapsulation", "no switchport", "switchport", "vrf forwarding", "no ip address",
               "ip address", "ipv6 address")


def _child_rank(line):
    if line in ("shutdown", "no shutdown"):
        return len(CHILD_ORDER) + 1
    for rank, head in enumerate(CHILD_ORDER):
        if line.startswith(head):
            return rank
    return len(CHILD_ORDER)


def assemble(ours, rendered):
    """``assemble_chunks`` of our lines, then each of cisco.ios's ``rendered`` lists (the ``ios_assemble`` filter)."""
    return assemble_chunks([("ours", ours)] + [("cisco", lines) for lines in rendered])


def assemble_chunks(chunks):
    """One configuration from ``[(kind, lines)]`` in order: ``ours`` as indented lines, ``cisco`` as cisco.ios
    ``rendered`` lists (flat: a block's lines follow its ``interface``/``vrf definition``/``router``/``ip access-list``
    line; the lines of an ``address-family`` inside a ``router`` block are indented once more, up to
    ``exit-address-family``). Blocks with the same opening line are merged where the first one stands (the order of
    ``ios_parts.ORDER``, the order a device needs); an interface's lines in ``CHILD_ORDER``."""
    blocks = {}
    order = []

    def block(head):
        if head not in blocks:
            blocks[head] = []
            order.append(head)
        return blocks[head]

    for kind, lines in chunks:
        current = None
        nested = False
        for line in lines:
            if kind == "ours":
                if line.startswith(" ") and current is not None:
                    current.append(line.strip())
                else:
                    current = block(line)
                continue
            line = line.strip()
            if line.startswith(("interface ", "vrf definition ", "router ", "ip access-list ")):
                current, nested = block(line), False
            elif current is None:
                block(line)
            elif line.startswith("address-family "):
                current.append(line)
                nested = True
            elif line == "exit-address-family":
                current.append(line)
                nested = False
            else:
                current.append((" " if nested else "") + line)
    out = []
    for head in order:
        out.append(head)
        children = blocks[head]
        if head.startswith("interface "):
            children = sorted(children, key=_child_rank)
        out += [" " + child for child in children]
    return out
