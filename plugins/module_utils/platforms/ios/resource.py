# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Resource-module state logic for the :mod:`ios_syntax` tables, with cisco.ios conventions.

``commands(syntax, want, have, state)`` gives the IOS commands that take a device from ``have``
(parsed from its running config) to ``want``:

* ``merged``: add what ``want`` has and the device lacks; remove nothing.
* ``replaced``: for each block in ``want``, also remove the lines the device has and ``want`` lacks.
* ``overridden``: ``replaced``, and delete every block of the device that ``want`` does not name.
* ``deleted``: delete the blocks ``want`` names (all of them when ``want`` is empty).

A block whose opening line changes (``track 2`` from a route to a list) is deleted and re-created,
as IOS requires. Pure Python: the module only gathers, calls this and applies.
"""

from __future__ import annotations

import re

from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import syntax as S

IPV6 = re.compile(r"^[0-9A-Fa-f]*:[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(/\d+)?$")


def canon(line):
    """A line as IOS compares it: IPv6 addresses in any case are the same (IOS shows them in upper case,
    the write-ups and our plans often have them in lower case). A child with a sub-block (see _block) is
    compared whole, line by line."""
    return "\n".join(" ".join(word.lower() if IPV6.match(word) else word for word in part.split(" "))
                     for part in line.split("\n"))


STATES = ("merged", "replaced", "overridden", "deleted")

# How to delete a whole block of each syntax. None: remove its child lines only (VTY lines cannot be
# deleted); a CHILDREN prefix: remove only the child lines that start with it (deleting an interface's
# VRRP group leaves its description and address alone).
DELETE = {
    "track": "no track {id}",
    "tunnel": "no interface {name}",
    "aaa_group": "no aaa group server tacacs+ {name}",
    "vty": None,
    "vrrp": None,
    "rp_loopback": "no interface {name}",
}
CHILDREN = {"vrrp": "vrrp "}


def _key(syntax, item):
    # a global one-liner is its own key (two `ipv6 route` lines are two blocks)
    return item.get(syntax.key) if syntax.name != "global" else canon(syntax.render([item])[0])


def _block(syntax, item):
    """The opening line and the child lines (one space less). A child's sub-block (VRRPv3's `vrrp N
    address-family ipv4` with its lines two spaces in, to `exit-vrrp`) is one child: its lines joined by a
    newline, so that it is compared, added and removed whole, and always sent from its opening line."""
    lines = syntax.render([item])
    children = []
    for line in lines[1:]:
        if line.startswith("  ") and children:
            children[-1] += "\n" + line[1:]
        else:
            children.append(line[1:])
    return lines[0], children


def _sent(child, no=False):
    """A child (with its sub-block) as the lines to send, one space in (`no`: only its opening line, negated)."""
    parts = child.split("\n")
    return [" " + negate(parts[0])] if no else [" " + part for part in parts]


def _changed(old, new):
    """A sub-block the device has (``old``) as ``new`` wants it: ``new`` sent whole, with `no` for the lines of
    ``old`` that ``new`` lacks, inside the sub-block (so the group is changed, not removed and re-created)."""
    parts = new.split("\n")
    kept = {canon(p) for p in parts[1:]}
    gone = [" no " + p.strip() for p in old.split("\n")[1:-1] if canon(p) not in kept]
    return "\n".join([parts[0]] + gone + parts[1:])


def negate(line):
    """The line that undoes ``line``: ``no X``, or ``X`` for a ``no X`` line (``no ip route static
    inter-vrf`` is undone by ``ip route static inter-vrf``, not ``no no ...``; found by the hier_config
    comparison, bench/results/hier_config_eval.md)."""
    return line[3:] if line.startswith("no ") else "no " + line


def _delete_block(syntax, item):
    template = DELETE.get(syntax.name)
    head, children = _block(syntax, item)
    if syntax.name == "global":
        return [negate(head)]
    if template is None:
        children = [c for c in children if c.startswith(CHILDREN.get(syntax.name, ""))]
        return [head] + sum((_sent(child, no=True) for child in children), []) if children else []
    return [template.format(**item)]


def _keyed(syntax, want, have, state):
    """The table (``syntax`` or its name) and the wanted and present blocks by key, once ``state`` is known good."""
    if state not in STATES:
        raise I.IntentError("state", "must be one of %s, got %r" % (", ".join(STATES), state))
    if isinstance(syntax, str):
        syntax = S.SYNTAXES[syntax]
    return syntax, {_key(syntax, item): item for item in want}, {_key(syntax, item): item for item in have}


def commands(syntax, want, have, state):
    """IOS commands (children indented by one space under their block's opening line)."""
    syntax, want_by, have_by = _keyed(syntax, want, have, state)
    out = []
    if state == "deleted":
        targets = [have_by[k] for k in want_by if k in have_by] if want else list(have)
        for item in targets:
            out += _delete_block(syntax, item)
        return out
    for key, item in want_by.items():
        head, children = _block(syntax, item)
        current = have_by.get(key)
        if current is None:
            out += [head] + sum((_sent(c) for c in children), [])
            continue
        old_head, old_children = _block(syntax, current)
        if canon(old_head) != canon(head):
            out += _delete_block(syntax, current) + [head] + sum((_sent(c) for c in children), [])
            continue
        old_set, new_set = {canon(c) for c in old_children}, {canon(c) for c in children}
        replacing = state in ("replaced", "overridden")
        # a sub-block the device has with other lines: by its opening line
        old_subs = {canon(c.split("\n")[0]): c for c in old_children if "\n" in c}
        new_heads = {canon(c.split("\n")[0]) for c in children}
        add = [_changed(old_subs[canon(c.split("\n")[0])], c) if replacing and canon(c.split("\n")[0]) in old_subs
               else c for c in children if canon(c) not in old_set]
        remove = [c for c in old_children if canon(c) not in new_set and canon(c.split("\n")[0]) not in new_heads] \
            if replacing else []
        if add or remove:
            out += [head] + sum((_sent(c, no=True) for c in remove), []) + sum((_sent(c) for c in add), [])
    if state == "overridden":
        for key, item in have_by.items():
            if key not in want_by:
                out += _delete_block(syntax, item)
    return out


def predict(syntax, want, have, state):
    """The items a device will have after :func:`commands` (for check mode), by the same block logic:
    a merged block is its current lines plus the wanted lines it lacks, parsed back."""
    syntax, want_by, have_by = _keyed(syntax, want, have, state)
    if state == "deleted":
        gone = set(want_by) or set(have_by)
        result = {k: v for k, v in have_by.items() if k not in gone}
    else:
        result = {} if state == "overridden" else dict(have_by)
        for key, item in want_by.items():
            current = have_by.get(key)
            if state == "merged" and current is not None and canon(_block(syntax, current)[0]) == canon(
                    _block(syntax, item)[0]):
                head, children = _block(syntax, current)
                have_set = {canon(c) for c in children}
                children += [c for c in _block(syntax, item)[1] if canon(c) not in have_set]
                item = syntax.parse("\n".join([head] + sum((_sent(c) for c in children), [])))[0]
            result[key] = item
    return [result[k] for k in sorted(result, key=lambda k: (str(type(k)), k))]
