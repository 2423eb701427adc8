# -*- coding: utf-8 -*-
"""Nothing reaches a device line unchecked (issue #16 row 2): every injection attempt is refused with the
field and the value, before anything is rendered; secrets are checked without being shown."""

from __future__ import annotations

import copy

import pytest

from example_inventory import example_intent

from ansible_collections.netdesign.resilience.plugins.module_utils.core import design as D
from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import render as R
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import parts as P

INJECT = "LAN\nusername evil privilege 15 secret 0 x"


def _set(intent, path, value):
    node = intent
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value


CASES = [
    # (design, host for the nat box, path into the intent, value, field in the message)
    ("wan_backup_vrrp", None, ["description"], INJECT, "description"),
    ("wan_backup_vrrp", None, ["description"], "LAN\r", "description"),
    ("wan_backup_vrrp", None, ["interface_description"], "Internal \x07Network", "interface_description"),
    ("wan_backup_vrrp", None, ["interface_description"], "Internal Network \U0001f600", "interface_description"),
    ("wan_backup_vrrp", None, ["description"], "x" * 81, "description"),
    ("wan_backup_vrrp", None, ["interface"], "GigabitEthernet0/1\n ip address 10.0.0.1 255.0.0.0", "interface"),
    ("wan_backup_vrrp", None, ["main", "track", 0, "interface"], "Multilink1\nshutdown", "main.track[0].interface"),
    ("vrf_static_tracking", None, ["vrfs", 0], "in side", "vrfs[0]"),
    ("vrf_static_tracking", None, ["interfaces", 0, "name"], "Port-channel10\n shutdown", "interfaces[0].name"),
    ("vrf_static_tracking", None, ["interfaces", 0, "description"], "to NAT1\tinside", "interfaces[0].description"),
    ("vrf_static_tracking", None, ["management", "aaa_group"], "TAC PLUS", "management.aaa_group"),
    ("vrf_static_tracking", None, ["management", "ssh_acl", "name"], "SSH-ACCESS\nline vty 0 4",
     "management.ssh_acl.name"),
    ("vrf_static_tracking", None, ["management", "snmp_traps"], "tty", "management.snmp_traps"),
    ("vrf_static_tracking", None, ["management", "snmp_traps"], ["tty; reload"], "management.snmp_traps[0]"),
    ("vrf_static_tracking", None, ["management", "logging_trap"], "debugging\nno logging", "management.logging_trap"),
    ("vrf_static_tracking", None, ["management", "domain_name"], "lom.example; reload", "management.domain_name"),
    ("vrf_static_tracking", None, ["management", "aaa_methods"], ["username evil privilege 15"],
     "management.aaa_methods[0]"),
    ("sixto4_bgp", None, ["tunnel_interface"], "Tunnel 2002", "tunnel_interface"),
    ("sixto4_bgp", None, ["sites", 0, "tunnel_source"], "GigabitEthernet0/0\n shutdown", "sites[0].tunnel_source"),
    ("anycast_rp", None, ["loopback_interface"], "Loopback0\ninterface Loopback1", "loopback_interface"),
    ("nat_gateway", "nat1", ["bonds", 0, "members", 0], "eth5; reboot", "bonds[0].members[0]"),
    ("nat_gateway", "nat1", ["bonds", 0, "name"], "a-very-long-bond-name", "bonds[0].name"),
]


@pytest.mark.parametrize("design, host, path, value, field", CASES)
def test_injection_is_refused_naming_field_and_value(design, host, path, value, field):
    intent = copy.deepcopy(example_intent(design, host))
    _set(intent, path, value)
    for call in (D.plan, D.check):
        with pytest.raises((I.IntentError, I.IntentTypeError)) as caught:
            call(design, intent)
        assert caught.value.field == "%s_%s" % (design, field)   # the inventory variable to edit
        message = str(caught.value)
        assert "\n" not in message and "\r" not in message
        if isinstance(value, str) and len(repr(value)) <= 80:
            assert repr(value) in message


@pytest.mark.parametrize("key, value", [("tacacs_key", "secret\nline"), ("tacacs_key", " lead"),
                                        ("tacacs_key", "why?"), ("snmp_community", "two words"),
                                        ("snmp_community", "caf\u00e9")])
def test_a_bad_secret_is_refused_without_showing_it(key, value):
    intent = copy.deepcopy(example_intent("vrf_static_tracking"))
    intent["management"][key] = value
    with pytest.raises(I.IntentError) as caught:
        D.plan("vrf_static_tracking", intent)
    assert caught.value.field == "vrf_static_tracking_management." + key
    assert value.strip() not in str(caught.value) and "not shown" in str(caught.value)


def test_the_example_inventory_still_plans_and_every_ios_line_is_printable_ascii():
    for design, host in (("vrf_static_tracking", "lin-router"), ("sixto4_bgp", "ace1"), ("anycast_rp", "c1"),
                         ("wan_backup_vrrp", "main-router")):
        plan = D.plan(design, example_intent(design))
        for line in P.ios_lines(design, plan, host):
            assert I.PRINTABLE.match(line), line


@pytest.mark.parametrize("name", ["GigabitEthernet0/0/1.100", "Port-channel10", "Tunnel2002", "Loopback0", "eth0", "wan", "po10",
                                  "Vlan10"])
def test_interface_names_ios_and_linux_share(name):
    assert I.interface_name(name, "f") == name


def test_vty_login_list_must_be_defined():
    intent = copy.deepcopy(example_intent("vrf_static_tracking"))
    intent["management"]["vty_login_list"] = "TAC_PLUS"
    with pytest.raises(I.IntentError, match="management.vty_login_list: names the login list 'TAC_PLUS', but "
                                            "aaa_methods define only default: IOS would refuse every SSH login"):
        D.plan("vrf_static_tracking", intent)
    intent["management"]["aaa_methods"] = ["aaa authentication login VTY group TAC_PLUS local"]
    intent["management"]["vty_login_list"] = "VTY"
    lines = P.ios_lines("vrf_static_tracking", D.plan("vrf_static_tracking", intent), "lin-router")
    assert " login authentication VTY" in lines


def test_a_vrrp_track_object_listed_twice_is_refused():
    intent = copy.deepcopy(example_intent("wan_backup_vrrp"))
    intent["main"]["track"] = intent["main"]["track"] * 2
    with pytest.raises(I.IntentError, match=r"main.track\[1\].object: track object \d+ is listed twice"):
        D.plan("wan_backup_vrrp", intent)


def _string_leaves(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            if key != "type":
                yield from _string_leaves(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _string_leaves(value, path + (index,))
    elif isinstance(node, str):
        yield path


@pytest.mark.parametrize("attack", ["\nusername evil privilege 15 secret 0 x", "\r\n shutdown", " extra words",
                                    "\x00", "caf\u00e9"])
def test_every_table_refuses_a_value_that_would_not_stay_its_line(attack):
    """The last check, in the syntax tables themselves (for values that reach them without a planner, e.g.
    a module's options): every string field of every item the example inventory renders, with an
    injection attempt appended, is refused by the table (or, where a field is free text, such as a
    description, stays one line that reads back the same)."""
    from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import syntax as S
    checked = 0
    for design, host in (("vrf_static_tracking", "lin-router"), ("sixto4_bgp", "ace1"), ("anycast_rp", "c1"),
                         ("wan_backup_vrrp", "main-router")):
        config = R.ios_config(design, D.plan(design, example_intent(design)), host)
        for name, items in config.items():
            syntax = S.SYNTAXES[R.SYNTAX_OF.get(name, name)]
            for index, item in enumerate(items):
                for path in _string_leaves(item):
                    bad = copy.deepcopy(items)
                    _set(bad[index], list(path), _get(item, path) + attack)
                    try:
                        lines = syntax.render(bad)
                    except ValueError:
                        checked += 1
                        continue
                    # accepted: only where the field takes the rest of the line (descriptions) and the
                    # attack has no line break or control character
                    assert attack == " extra words", (name, path, lines)
                    assert all(I.PRINTABLE.match(line) for line in lines)
    assert checked > 40


def _get(node, path):
    for key in path:
        node = node[key]
    return node
