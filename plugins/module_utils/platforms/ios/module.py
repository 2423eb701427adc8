# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every resource module of ours for an :mod:`ios_syntax` table does, with cisco.ios conventions.

A module gives its DOCUMENTATION to :func:`resource_module` (its options are read from it) and calls :func:`run`
with the module, its table (whose ``show`` is the command that gathers its part of the running config) and two
conversions between module options and table items. Here:
``rendered`` and ``parsed`` (no device), ``gathered``, and ``merged``/``replaced``/``overridden``/
``deleted`` over the ``network_cli`` connection: commands from :mod:`ios_resource`, sent unless in
check mode, ``before``/``after`` and a diff. Secret fields (keys) are masked wherever they appear,
also when they come from the device.
"""

from __future__ import annotations

import re

from ansible.module_utils.basic import missing_required_lib
from ansible.module_utils.common import yaml as Y

from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import resource as R
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import syntax as S

STATES = ["merged", "replaced", "overridden", "deleted", "gathered", "rendered", "parsed"]


# The fragment's options (doc_fragments/ios_resource.py), around each module's own
FRAGMENT_OPTIONS = dict(
    running_config=dict(type="str"),
    state=dict(type="str", default="merged", choices=STATES),
)

REQUIRED_IF = [("state", "rendered", ["config"]), ("state", "parsed", ["running_config"]),
               ("state", "merged", ["config"]), ("state", "replaced", ["config"]),
               ("state", "overridden", ["config"])]


SPEC_KEYS = ("type", "elements", "required", "default", "choices")


def _options(documented):
    spec = {}
    for name, option in documented.items():
        spec[name] = {key: option[key] for key in SPEC_KEYS if key in option}
        if "suboptions" in option:
            spec[name]["options"] = _options(option["suboptions"])
    return spec


def argument_spec(documentation, no_log=()):
    """The module's argument spec, read from its own DOCUMENTATION, so its options are written once, where
    ansible-doc shows them (as ansible.utils validates a plugin against its DOCUMENTATION); the doc fragment's
    options from :data:`FRAGMENT_OPTIONS`; ``no_log`` set on the option paths given (``config.servers.key``),
    which DOCUMENTATION cannot say. Ours rather than ansible.netcommon's ``convert_doc_to_ansible_module_kwargs``:
    that one would bring its whole utils module into every module and filter that renders IOS, and cannot set
    ``no_log``. Needs PyYAML (:func:`resource_module` says so where it is missing)."""
    spec = dict(_options(Y.yaml_load(documentation)["options"]), **FRAGMENT_OPTIONS)
    for path in no_log:
        option = {"options": spec}
        for name in path.split("."):
            option = option["options"][name]
        option["no_log"] = True
    return spec


def _documented_names(documentation):
    """The top-level option names of a DOCUMENTATION, read without a YAML parser (where PyYAML is missing)."""
    names, inside = [], False
    for line in documentation.splitlines():
        if line.startswith("options:"):
            inside = True
        elif inside and line and not line.startswith(" "):
            break
        elif inside and re.match(r"^  [A-Za-z_]\w*:\s*$", line):
            names.append(line.strip()[:-1])
    return names


def resource_module(module_class, documentation, no_log=()):
    """The module's ``module_class`` (``AnsibleModule``, which each module imports itself, as ansible-test's
    validate-modules expects of a module) with :func:`argument_spec`; what each state requires
    (:data:`REQUIRED_IF`); check mode. Where PyYAML is missing (it is there on the controller, where these
    modules run, as ansible-core needs it) the module fails saying so."""
    if not Y.HAS_YAML:
        # every documented option accepted as it comes and masked: an AnsibleModule without them would refuse the
        # arguments first, echoing them (a TACACS+ key in clear) in its error, and never say why
        masked = {name: dict(type="raw", no_log=True) for name in list(_documented_names(documentation)) + list(FRAGMENT_OPTIONS)}
        module_class(argument_spec=masked).fail_json(msg=missing_required_lib("PyYAML"))
    return module_class(argument_spec=argument_spec(documentation, no_log), required_if=REQUIRED_IF,
                        supports_check_mode=True)


def drop_unset(value):
    """Module options without the ones left unset (None), recursively; an empty dict goes too."""
    if isinstance(value, dict):
        out = {k: drop_unset(v) for k, v in value.items() if v is not None}
        return {k: v for k, v in out.items() if v != {}}
    if isinstance(value, list):
        return [drop_unset(v) for v in value]
    return value


def options_to_items(config, flags=()):
    """Module options as table items: unset options dropped, and boolean ``flags`` that are false too
    (a table has a flag's line or not)."""
    items = drop_unset(config or [])
    for item in items:
        for flag in flags:
            if item.get(flag) is False:
                del item[flag]
    return items


def items_to_options(syntax, items):
    """Table items as module options: a global line without its flag key, a TACACS+ server as
    ``{address, key}`` (the table keeps ``ADDRESS key KEY``)."""
    syntax = S.SYNTAXES[syntax] if isinstance(syntax, str) else syntax
    flags = {row.flag for row in syntax.parents if row.flag} if syntax is S.GLOBAL else set()
    out = []
    for item in items:
        item = {k: v for k, v in item.items() if k not in flags}
        if syntax is S.AAA_GROUP and "servers" in item:
            item["servers"] = [dict(zip(("address", "key"), s.split(" key ", 1))) for s in item["servers"]]
        out.append(item)
    return out


# Cisco's type 7 "encryption" (service password-encryption) is a fixed XOR sequence, publicly known and
# reversible: reading a `key 7 HASH` back to the key lets a run compare it with the intent exactly.
_TYPE7 = "dsfd;kfoA,.iyewrkldJKDHSUBsgvca69834ncxv9873254k;fg87"


def type7_decode(text):
    """The clear text of an IOS type 7 string (two decimal digits of offset, then two hex digits a
    character); ValueError when it is not one."""
    if len(text) < 4 or len(text) % 2 or not text[:2].isdigit():
        raise ValueError("not a type 7 string")
    offset = int(text[:2])
    pairs = [int(text[i:i + 2], 16) for i in range(2, len(text), 2)]
    return "".join(chr(value ^ ord(_TYPE7[(offset + i) % len(_TYPE7)])) for i, value in enumerate(pairs))


def normalise_keys(have, want, rotate=False):
    """Device AAA group items with their keys comparable to the intent's: ``key 0 K`` is ``key K``, ``key 7
    HASH`` is decoded; ``key 6 HASH`` (AES, not reversible) counts as the intent's key for that server
    unless ``rotate`` (then it differs, and the intent's key is sent again). Returns new items."""
    wanted = {s.split(" key ", 1)[0]: s.split(" key ", 1)[1] for item in want for s in item.get("servers", [])}
    out = []
    for item in have:
        item = dict(item)
        servers = []
        for server in item.get("servers", []):
            address, _sep, key = server.partition(" key ")
            kind, _space, value = key.partition(" ")
            if value and kind == "0":
                key = value
            elif value and kind == "7":
                try:
                    key = type7_decode(value)
                except ValueError:
                    pass
            elif value and kind == "6" and not rotate and address in wanted:
                key = wanted[address]
            servers.append("%s key %s" % (address, key))
        if servers:
            item["servers"] = servers
        out.append(item)
    return out


def _parse(syntax, text):
    return S.parse_global(text) if syntax is S.GLOBAL else syntax.parse(text)


def run(module, syntax, to_items=None, from_items=None, secrets=None, connection=None,  # pylint: disable=too-many-arguments
        select=None, normalise=None):
    """Carry out the module's state and exit.

    ``to_items(config)`` turns module options into table items, ``from_items(items)`` table items into
    what the module returns (both default to the identity after dropping unset options);
    ``secrets(items)`` lists the secret values in items (masked in every output); ``connection`` is
    the module's ``Connection`` class (a module passes its own so tests can stand in for a device);
    ``select(item)`` keeps the device's blocks the module manages (e.g. interfaces with a VRRP group);
    ``normalise(have, want)`` makes the device's items comparable with the wanted ones (keys IOS shows
    encrypted)."""
    to_items = to_items or (lambda config: [drop_unset(item) for item in config or []])
    from_items = from_items or (lambda items: items)
    state = module.params["state"]

    def gather(device, want=()):
        items = hide([item for item in _parse(syntax, device.get(syntax.show)) if select is None or select(item)])
        return hide(normalise(items, want)) if normalise else items

    def hide(items):
        for value in (secrets(items) if secrets else []):
            module.no_log_values.add(value)
        return items

    try:
        want = hide(to_items(module.params["config"]))
        if state == "rendered":
            module.exit_json(changed=False, rendered=syntax.render(want))
        if state == "parsed":
            module.exit_json(changed=False, parsed=from_items(hide(_parse(syntax, module.params["running_config"]))))
        device = connection(module._socket_path)  # pylint: disable=protected-access
        have = gather(device, want)
        if state == "gathered":
            module.exit_json(changed=False, gathered=from_items(have))
        commands = R.commands(syntax, want, have, state)
        if commands and not module.check_mode:
            device.edit_config(candidate=commands)
            after = gather(device, want)
        else:
            after = R.predict(syntax, want, have, state)
    except (ValueError, KeyError) as exc:
        module.fail_json(msg="config: %s" % exc)
    except Exception as exc:  # pylint: disable=broad-except
        # the connection's errors (ConnectionError) carry the device's own message
        module.fail_json(msg="device: %s" % exc)
    result = dict(changed=bool(commands), commands=commands, before=from_items(have), after=from_items(after))
    if module._diff:  # pylint: disable=protected-access
        result["diff"] = {"before": "\n".join(syntax.render(have)) + "\n",
                          "after": "\n".join(syntax.render(after)) + "\n"}
    module.exit_json(**result)
