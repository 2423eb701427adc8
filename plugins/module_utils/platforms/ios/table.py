# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The table machinery behind :mod:`ios_syntax`: one declarative table per IOS syntax, used both ways.

A :class:`Syntax` is a table of :class:`Row` objects (the idea of cisco.ios rm_templates without the
class layers): :meth:`Syntax.render` turns structured config into lines, :meth:`Syntax.parse` turns
running-config text back into the same structure.

A row has a regular expression with named groups and a template with the same names. A group
``delay__down`` is the nested field ``delay.down``; a row marked ``multi`` renders one line per
element of its list field (``object 2``, ``object 3`` ...). The elements of a ``multi`` list are
scalars, or mappings when the row's groups go below the list: ``multi="vrrp__track"`` with groups
``vrrp__track__object`` and ``vrrp__track__decrement`` is the list ``vrrp.track`` of
``{object, decrement}``, one ``vrrp 1 track OBJECT decrement D`` line each. ``unique`` names the
field of such an element that IOS keeps one line for: a later line with the same value replaces the
earlier element when parsing, and a list holding it twice does not render. Fields named in ``ints``
are integers. A rendered line must be one printable line that reads back through its row to the values
it came from.
"""

from __future__ import annotations

import re

from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I


class Row:
    """One line of a syntax: a parent line opens a block, child lines are indented one space."""

    def __init__(self, name, regex, template, multi=None, flag=None, unique=None, when=None, depth=1, opens=None,
                 within=None):
        self.name = name
        # when: {field: (allowed values)} the item must have for the row to render, None for "absent"; parsing
        # the row sets a field whose only allowed value is not None (the VRRPv3 rows set vrrp.version 3)
        self.when = when or {}
        # depth 2: a line of a sub-block inside the block (IOS-XE's `vrrp N address-family ipv4` ... `exit-vrrp`),
        # rendered two spaces in and parsed only inside the sub-block the nearest depth-1 row with `opens` began
        self.depth = depth
        self.opens = opens
        self.within = within
        self.regex = re.compile(regex)
        self.template = template
        self.fields = re.findall(r"\{(\w+)\}", template)
        self.multi = multi
        self.flag = flag
        self.unique = unique

    def element_field(self, field):
        """The field of a ``multi`` element that ``field`` is (``object`` for ``vrrp__track__object``),
        ``""`` for the element itself (a list of scalars), None for a field outside the list."""
        if self.multi is None:
            return None
        if field == self.multi:
            return ""
        prefix = self.multi + "__"
        return field[len(prefix):] if field.startswith(prefix) else None

    def parse(self, line, ints):
        match = self.regex.match(line)
        if not match:
            return None
        values = {}
        for group, value in match.groupdict().items():
            if value is not None:
                values[group] = int(value) if group in ints else value
        for field, allowed in self.when.items():
            if len(allowed) == 1 and allowed[0] is not None:
                values[field] = allowed[0]
        return values

    def applies(self, item):
        return all(_get(item, field) in allowed for field, allowed in self.when.items())

    def render(self, item):
        if not self.applies(item):
            return []
        if self.flag is not None:
            return [self.template] if _get(item, self.flag) else []
        if self.multi is not None:
            scalars = {f: _get(item, f) for f in self.fields if self.element_field(f) is None}
            if any(v is None for v in scalars.values()):
                return []
            lines, seen = [], set()
            for element in _get(item, self.multi) or []:
                values = dict(scalars)
                for field in self.fields:
                    sub = self.element_field(field)
                    if sub is not None:
                        values[field] = _get(element, sub) if sub else element
                missing = [f.replace("__", ".") for f, v in values.items() if v is None]
                if missing:
                    raise I.IntentError(self.name, "%r lacks %s (for %r)" % (
                        element, ", ".join(missing), self.template))
                if self.unique is not None:
                    key = _get(element, self.unique)
                    if key in seen:
                        raise I.IntentError(self.name, "%s %r twice (IOS keeps one line for each)" % (
                            self.unique.replace("__", "."), key))
                    seen.add(key)
                lines.append(self._checked(self.template.format(**values), values))
            return lines
        values = {f: _get(item, f) for f in self.fields}
        if any(v is None for v in values.values()):
            return []
        return [self._checked(self.template.format(**values), values)]

    def _checked(self, line, values):
        """A rendered line must be one printable line that parses back, through this row, to the values
        it was rendered from: a value with a newline, a space where IOS takes one word, or anything the
        row would read differently is refused here rather than sent to a device."""
        match = self.regex.match(line) if I.PRINTABLE.match(line) else None
        wrong = [f for f in self.fields
                 if match is None or (f in self.regex.groupindex and match.group(f) != str(values[f]))]
        if wrong:
            raise I.IntentError(self.name, "%s would not be one line that reads back the same: %r" % (
                ", ".join(f.replace("__", ".") for f in wrong), line))
        return line


def _get(item, path):
    for key in path.split("__"):
        if not isinstance(item, dict) or key not in item:
            return None
        item = item[key]
    return item


def _set(item, path, value, append=False):
    keys = path.split("__")
    for key in keys[:-1]:
        item = item.setdefault(key, {})
    if append:
        item.setdefault(keys[-1], []).append(value)
    else:
        item[keys[-1]] = value


def _add_element(item, row, element):
    """Append a mapping to the ``multi`` list of ``row`` in ``item``; with ``unique``, an element with the
    same value replaces the earlier one in its place (IOS keeps one line for each)."""
    elements = _get(item, row.multi)
    if elements is None:
        _set(item, row.multi, [])
        elements = _get(item, row.multi)
    if row.unique is not None:
        for index, old in enumerate(elements):
            if _get(old, row.unique) == _get(element, row.unique):
                elements[index] = element
                return
    elements.append(element)


class Syntax:
    """Parent rows (one opens each block; its name is the block's ``type``) and child rows."""

    def __init__(self, name, parents, children, ints=(), key="id", section=None):  # pylint: disable=too-many-arguments
        self.name = name
        self.parents = parents
        self.children = children
        self.ints = set(ints)
        self.key = key
        self.section = section

    @property
    def show(self):
        """The command that shows the device's blocks of this table: ``show running-config | section SECTION``
        for a table of blocks, ``| include`` of every row's first words for a table of one-line rows."""
        if self.section:
            return "show running-config | section " + self.section
        return "show running-config | include " + self.include_pattern()

    def include_pattern(self):
        """The ``show running-config | include`` expression that finds every line of a table of one-line rows: each
        row's literal first words, anchored, ``|`` between them (IOS's ``include`` takes a regular expression).
        Derived from the rows, so a row added to the table is also read back (a hand-kept list once missed
        ``fhrp version vrrp v3``, and the line was sent again on every run)."""
        prefixes = []
        for row in self.parents:
            text = re.sub(r"^\^(?:\(\?P<\w+>)?", "", row.regex.pattern)
            literal = re.match(r"[A-Za-z0-9 -]*", text).group(0).strip()
            if literal and not any(literal.startswith(p) for p in prefixes):
                prefixes = [p for p in prefixes if not p.startswith(literal)] + [literal]
        return "|".join("^" + p for p in prefixes)

    def render(self, items):
        lines = []
        for item in items:
            parent = next((p for p in self.parents if p.name == item.get("type", self.parents[0].name)), None)
            if parent is None:
                raise I.IntentError(self.name, "unknown type %r" % item.get("type"))
            head = parent.render(item)
            if not head:
                missing = [f for f in re.findall(r"{(\w+)}", parent.template) if _get(item, f) is None]
                raise I.IntentError(self.name, "%r lacks %s (for %r)" % (item, ", ".join(
                    f.replace("__", ".") for f in missing), parent.template))
            lines += head
            for child in self.children:
                lines += [" " * child.depth + line for line in child.render(item)]
        return lines

    def parse(self, text):
        items = []
        current = None
        opened = None
        for raw in text.splitlines():
            line = raw.rstrip()
            if not line.startswith(" "):
                current = None
                opened = None
                for parent in self.parents:
                    values = parent.parse(line, self.ints)
                    if values is not None:
                        current = {"type": parent.name} if len(self.parents) > 1 else {}
                        for field, value in values.items():
                            _set(current, field, value)
                        items.append(current)
                        break
                continue
            if current is None:
                continue
            indent = len(line) - len(line.lstrip(" "))
            # a line deeper than one space inside a sub-block belongs to it, and only to it
            rows = [c for c in self.children if c.depth == 2 and c.within == opened] if opened and indent >= 2 \
                else [c for c in self.children if c.depth == 1]
            if indent < 2:
                opened = None
            for child in rows:
                values = child.parse(line.strip(), self.ints)
                if values is None:
                    continue
                if child.depth == 1 and child.opens:
                    opened = child.opens
                if child.flag is not None:
                    _set(current, child.flag, True)
                element = {}
                for field, value in values.items():
                    sub = child.element_field(field)
                    if sub:
                        _set(element, sub, value)
                    else:
                        _set(current, field, value, append=sub == "")
                if element:
                    _add_element(current, child, element)
                break
        return items
