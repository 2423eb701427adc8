# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The first check every intent passes: no key the design's schema does not know, at any depth.

A misspelled optional key (``wan_backup_vrrp_gruop``, ``main.priorty``, a site's ``network``) would otherwise
be ignored and its default used without a word. The schema is ``schema_specs.SPECS``, generated from the
roles' argument specs (scripts/gen_schema.py); the error names the inventory variable to edit and the
nearest valid name.
"""

from __future__ import annotations

import difflib

from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I
from ansible_collections.netdesign.resilience.plugins.module_utils.core.schema_specs import SPECS


def _suggest(key, known):
    close = difflib.get_close_matches(str(key), sorted(known), n=1, cutoff=0.6)
    return " (did you mean %s?)" % close[0] if close else ""


def _key(key):
    """A key as it goes into a field path: as typed when it is one word of printable ASCII, else its repr (a
    key with a space, a newline or a non-ASCII letter must not break the message or the finding's field)."""
    text = str(key)
    return text if I.PRINTABLE.match(text) and " " not in text else I.show(key, ascii)


def _walk(options, value, path, problems):
    """Unknown keys of the mapping ``value`` against ``options``, and of the mappings below it."""
    for key in sorted(value, key=str):
        if key not in options:
            problems.append(("%s.%s" % (path, _key(key)), "is not a key of %s%s; its keys: %s" % (
                path, _suggest(key, options), ", ".join(sorted(options)))))
            continue
        _value(options[key], value[key], "%s.%s" % (path, key), problems)


def _value(spec, value, path, problems):
    sub = spec.get("options")
    if not sub:
        return                      # a scalar, or a free-form mapping: the planner reads it
    if spec.get("type") == "dict" and isinstance(value, dict):
        _walk(sub, value, path, problems)
    elif spec.get("type") == "list" and isinstance(value, (list, tuple)):
        for index, element in enumerate(value):
            if isinstance(element, dict):
                _walk(sub, element, "%s[%d]" % (path, index), problems)


def _problems(design, intent):
    """``[(field, message)]``, one per key of ``intent`` the schema of ``design`` does not know."""
    spec = SPECS[design]
    problems = []
    for key in sorted(intent, key=str):
        if key not in spec:
            name = "%s_%s" % (design, _key(key))
            problems.append((name, "is not a variable of the %s role%s" % (
                design, _suggest(name, ["%s_%s" % (design, k) for k in spec]))))
            continue
        _value(spec[key], intent[key], "%s_%s" % (design, key), problems)
    return problems


def unknown_keys(design, intent):
    """One message per key of ``intent`` (keys without the ``<design>_`` prefix) that the schema of
    ``design`` does not know, named by the inventory variable: ``wan_backup_vrrp_main.priorty is not a key
    of wan_backup_vrrp_main (did you mean priority?); its keys: ...``."""
    return ["%s %s" % problem for problem in _problems(design, intent)]


def check(design, intent):
    """Raise ``IntentError`` naming every unknown key of ``intent`` (a mapping; other types are the
    planner's to refuse)."""
    if not isinstance(intent, dict):
        return
    problems = _problems(design, intent)
    if len(problems) == 1:
        raise I.IntentError(*problems[0])
    if problems:
        raise I.IntentError(problems[0][0], "%d unknown keys: %s" % (
            len(problems), "; ".join("%s %s" % problem for problem in problems)))
