# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The secrets of a plan, by path, and the marker that stands in for each where it must not appear.

A plan carries two secrets (both from the management intent of vrf_static_tracking, usually from
ansible-vault): the TACACS+ key at ``management.tacacs_key`` and the SNMP community at
``management.snmp.community``. Plan files, ``.ios`` files written without
``netdesign_ios_files_with_secrets``, module results and diffs hold a fixed marker instead, one word
naming the plan path, so that an IOS line keeps its shape::

    server-private 192.0.2.49 key <secret:management.tacacs_key>
    snmp-server community <secret:management.snmp.community> RO SNMP-ACCESS

``redact(plan)`` puts the markers in, ``reveal(text, plan)`` puts the values back into text rendered
from a redacted plan (for deployable files, written 0600), ``mask(text, data)`` replaces the values
wherever they appear in text (a diff against an old file), and ``values(data)`` lists them (for a
module's ``no_log_values``). Pure functions; the input is never changed.
"""

from __future__ import annotations

from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I

# Where the secrets are, in a plan and in the intent it is planned from
PLAN_SECRETS = (("management", "tacacs_key"), ("management", "snmp", "community"))
INTENT_SECRETS = (("management", "tacacs_key"), ("management", "snmp_community"))


def marker(path):
    """``<secret:management.tacacs_key>`` for the path ``("management", "tacacs_key")``."""
    return "<secret:%s>" % ".".join(path)


MARKERS = tuple(marker(path) for path in PLAN_SECRETS)


def _get(data, path):
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def _put(data, path, value):
    """A copy of ``data`` with ``path`` set to ``value``: the dicts along the path are copied, the rest shared."""
    if not path:
        return value
    out = dict(data)
    out[path[0]] = _put(data[path[0]], path[1:], value)
    return out


def redact(plan, paths=PLAN_SECRETS):
    """``plan`` with every secret that is set (not None) replaced by its marker.

    Returns a new dict when there is something to replace (``plan`` itself is unchanged), else ``plan``.
    """
    out = plan
    for path in paths:
        if _get(out, path) is not None:
            out = _put(out, path, marker(path))
    return out


def values(data, paths=PLAN_SECRETS):
    """``[(marker, value)]`` for every secret set in ``data`` (a plan; an intent with INTENT_SECRETS),
    markers excluded; the value as text."""
    out = []
    for path in paths:
        value = _get(data, path)
        if value is not None and value not in MARKERS:
            out.append((marker(path), value if isinstance(value, str) else str(value)))
    return out


def _text(text, pairs):
    if isinstance(text, (list, tuple)):
        return [_text(line, pairs) for line in text]
    for old, new in pairs:
        text = text.replace(old, new)
    return text


def reveal(text, plan):
    """Text (or a list of lines) rendered from ``redact(plan)`` with each marker replaced by the secret of
    ``plan``; markers of secrets ``plan`` does not have stay."""
    return _text(text, values(plan))


def mask(text, data, paths=PLAN_SECRETS):
    """Text (or a list of lines) with every secret of ``data`` replaced by its marker, longest first (so a
    secret that contains the other is masked whole)."""
    pairs = sorted(values(data, paths), key=lambda pair: -len(pair[1]))
    return _text(text, [(value, mark) for mark, value in pairs if value])


def _checked(text, plan):
    """The filters' arguments: text or a list of lines, and the plan (never shown: it holds secrets)."""
    if not isinstance(text, (str, list)):
        raise I.IntentTypeError("_input", "must be text or a list of lines")
    if not isinstance(plan, dict):
        raise I.IntentTypeError("plan", "must be a mapping (the value is not shown: it may hold secrets)")
    return (str(text) if isinstance(text, str) else [str(line) for line in text]), plan


def mask_text(text, plan):
    """``mask`` for the mask_secrets filter, its arguments checked."""
    return mask(*_checked(text, plan))


def reveal_text(text, plan):
    """``reveal`` for the reveal_secrets filter, its arguments checked."""
    return reveal(*_checked(text, plan))
