#!/usr/bin/env python3
"""Write plugins/module_utils/core/schema_specs.py and docs/intent-keys.md from the design roles' argument specs.

The argument specs are the one place the intent's keys are written (with their descriptions, which
``ansible-doc -t role`` shows); modules cannot ship YAML, so the Python copy the planners check intents
against is generated from them, and a unit test fails when the committed copy drifts:

docs/intent-keys.md is the same keys for people: every variable and sub-key with its type, whether it is
required, its default and its description (docs/intent.md explains them by design).

    python scripts/gen_schema.py            # rewrite both files
    python scripts/gen_schema.py --check    # exit 1 (and say which file) when one is out of date
"""
from __future__ import annotations

import json
import os
import re
import sys
import textwrap

import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
REGISTRY = os.path.join(ROOT, "plugins", "module_utils", "core", "design.py")
TARGET = os.path.join(ROOT, "plugins", "module_utils", "core", "schema_specs.py")
DOCS = os.path.join(ROOT, "docs", "intent-keys.md")
KEPT = ("type", "elements", "required", "choices", "options")

HEADER = '''# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The designs' intent keys, generated from roles/<design>/meta/argument_specs.yml by scripts/gen_schema.py.

Do not edit: change the argument spec and run ``python scripts/gen_schema.py``. Keys are without the
``<design>_`` prefix of the inventory variables; descriptions and defaults stay in the argument specs.
"""

from __future__ import annotations

'''


def registered():
    """The designs of the registry (``DESIGNS`` in plugins/module_utils/core/design.py), in its order: read from its
    text, since this script runs before the collection is installed (and writes a file the registry imports)."""
    with open(REGISTRY) as handle:
        text = handle.read()
    block = re.search(r"^DESIGNS = \{each\.name: each for each in \((.*?)^\)\}", text, re.S | re.M)
    if not block:
        raise SystemExit("%s: no registry (DESIGNS = {each.name: each for each in (...)})" % REGISTRY)
    return tuple(re.findall(r"^\s+(\w+)\.DESIGN,", block.group(1), re.M))


DESIGNS = registered()


def _strip(options):
    out = {}
    for name, spec in sorted(options.items()):
        kept = {k: spec[k] for k in KEPT if k in spec}  # in this order: type, elements, required, choices, options
        if "options" in kept:
            kept["options"] = _strip(kept["options"])
        out[name] = kept
    return out


def _options(design):
    with open(os.path.join(ROOT, "roles", design, "meta", "argument_specs.yml")) as handle:
        return yaml.safe_load(handle)["argument_specs"]["main"]["options"]


def specs():
    result = {}
    for design in DESIGNS:
        options = _options(design)
        head = design + "_"
        wrong = [name for name in options if not name.startswith(head)]
        if wrong:
            raise SystemExit("roles/%s/meta/argument_specs.yml: options without the %s prefix: %s" % (
                design, head, ", ".join(wrong)))
        result[design] = _strip({name[len(head):]: spec for name, spec in options.items()})
    return result


def _keys(keys, depth):
    """The keys of a design (or of a key's ``options``), one a line, each with its spec (:func:`_spec`)."""
    inner = "    " * (depth + 1)
    return "{\n" + "".join("%s%r: %s,\n" % (inner, name, _spec(spec, depth + 1)) for name, spec in keys.items()) \
        + "    " * depth + "}"


def _spec(spec, depth):
    """A key's spec on its line, in argument-spec order (type, elements, required, choices); a spec with
    ``options`` opens them at the end of that line and closes them with ``}}``. A choices list too long for
    one line wraps with a hanging indent."""
    own = {k: v for k, v in spec.items() if k != "options"}
    if "options" in spec:
        return repr(own)[:-1] + ", 'options': " + _keys(spec["options"], depth) + "}"
    inner = "    " * (depth + 1)
    if len(inner) + len(repr(own)) > 110 and "choices" in own:
        head = repr({k: v for k, v in own.items() if k != "choices"})[:-1] + ", 'choices': ["
        lines = textwrap.wrap(", ".join(repr(v) for v in own["choices"]) + ",", 110 - len(inner))
        return head + "\n" + "\n".join(inner + line for line in lines) + "\n" + "    " * depth + "]}"
    return repr(own)


def text():
    designs = "".join("    %r: %s,\n" % (design, _keys(keys, 1)) for design, keys in specs().items())
    return HEADER + "SPECS = {\n" + designs + "}\n"


def _cell(value):
    """Markdown table cell text from an argument-spec description (its C()/V()/O()/I() marks as code)."""
    if isinstance(value, list):
        value = " ".join(value)
    value = re.sub(r"\b[CVOI]\(([^()]*(?:\([^()]*\)[^()]*)*)\)", r"`\1`", " ".join(str(value).split()))
    return value.replace("|", "\\|")


def _rows(options, path, out):
    for name, spec in options.items():
        kind = spec.get("type", "str")
        if spec.get("elements"):
            kind = "list of %s" % spec["elements"]
        if spec.get("required"):
            default = "required"
        elif "default" in spec:
            default = "`%s`" % json.dumps(spec["default"], separators=(", ", ": "))
        else:
            default = ""
        if spec.get("choices"):
            kind += ": " + ", ".join("`%s`" % c for c in spec["choices"])
        out.append("| `%s%s` | %s | %s | %s |" % (path, name, _cell(kind), _cell(default),
                                                 _cell(spec.get("description", ""))))
        if spec.get("options"):
            _rows(spec["options"], "%s%s%s." % (path, name, "[]" if spec.get("elements") else ""), out)


def docs_text():
    out = ["# Every intent variable and key", "",
           "Generated from `roles/<design>/meta/argument_specs.yml` by `scripts/gen_schema.py` (do not edit: a unit",
           "test fails when this page and the specs differ). `docs/intent.md` explains them design by design.",
           "A variable or key not listed here is refused, with the nearest listed name.", ""]
    for design in DESIGNS:
        out += ["## %s" % design, "", "| variable / key | type | required or default | description |",
                "|---|---|---|---|"]
        _rows(_options(design), "", out)
        out.append("")
    return "\n".join(out)


def main(argv):
    wanted = {TARGET: text(), DOCS: docs_text()}
    if "--check" in argv:
        stale = []
        for path, content in wanted.items():
            current = open(path).read() if os.path.exists(path) else ""
            if current != content:
                stale.append(os.path.relpath(path, ROOT))
        if stale:
            print("%s out of date with roles/*/meta/argument_specs.yml: run python scripts/gen_schema.py"
                  % " and ".join(stale))
            return 1
        return 0
    for path, content in wanted.items():
        with open(path, "w") as handle:
            handle.write(content)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
