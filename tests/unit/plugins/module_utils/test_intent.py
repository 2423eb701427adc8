# -*- coding: utf-8 -*-
from __future__ import annotations

import pytest

from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I


@pytest.mark.parametrize("value, message", [
    (None, "must be a string"),
    (5, "must be a string"),
    ("", "must not be empty"),
    (" 10.0.0.1", "leading or trailing white space"),
    ("10.0.0.1/24", "without prefix length"),
    ("10.0.0", "is not an IP address"),
    ("fe80::1%eth0", "is not an IP address"),
])
def test_ip_address_rejects(value, message):
    with pytest.raises((ValueError, TypeError), match="^f: .*" + message):
        I.ip_address(value, "f")


def test_ip_address_version():
    assert str(I.ip_address("2001:DB8::1", "f")) == "2001:db8::1"
    with pytest.raises(ValueError, match="must be an IPv4 address"):
        I.ip_address("2001:db8::1", "f", version=4)


@pytest.mark.parametrize("value, message", [
    ("10.16.0.0", "must be a prefix with a length"),
    ("10.16.1.0/12", r"has host bits set: '10.16.1.0/12' \(did you mean 10.16.0.0/12\?\)"),
    ("10.0.0.0/33", "is not an IP prefix"),
    ("2001:db8::/64", "must be an IPv4 prefix"),
])
def test_ip_prefix_rejects(value, message):
    with pytest.raises(ValueError, match=message):
        I.ip_prefix(value, "pool", version=4)


def test_ip_interface():
    assert str(I.ip_interface("192.76.34.94/30", "a").cidr) == "192.76.34.92/30"
    assert str(I.ip_interface("10.0.0.0/31", "a").ip) == "10.0.0.0"
    for bad in ("192.76.34.92/30", "192.76.34.95/30"):
        with pytest.raises(ValueError, match="network or broadcast"):
            I.ip_interface(bad, "a")


def test_integer_and_boolean():
    assert I.integer("42", "n") == 42
    assert I.integer(7, "n", 1, 10) == 7
    for bad, err in ((True, TypeError), ("4x", TypeError), (0, ValueError), (11, ValueError), (None, TypeError)):
        with pytest.raises(err, match="^n: "):
            I.integer(bad, "n", 1, 10)
    with pytest.raises(TypeError, match="must be true or false"):
        I.boolean("yes", "b")


def test_name_list_and_sequence():
    assert I.name_list(["a", "b"], "r", 2) == ["a", "b"]
    with pytest.raises(ValueError, match=r"r\[1\]: duplicate name 'a'"):
        I.name_list(["a", "a"], "r")
    with pytest.raises(ValueError, match="needs at least 2"):
        I.name_list(["a"], "r", 2)
    with pytest.raises(TypeError, match="must be a list"):
        I.sequence("ab", "r")
    with pytest.raises(TypeError, match="must be a mapping"):
        I.mapping([], "m")


def test_required_and_choice():
    with pytest.raises(ValueError, match=r"^main\.priority: is required"):
        I.required({}, "priority", "main")
    with pytest.raises(ValueError, match="^x: must be one of a, b, got 'c'"):
        I.choice("c", "x", ("b", "a"))


def test_show_truncates():
    assert len(I.show("x" * 200)) == 80


def test_error_carries_field():
    err = I.IntentError("bonds[0].members", "needs at least 1 item(s), got 0")
    assert err.field == "bonds[0].members"
    assert str(err) == "bonds[0].members: needs at least 1 item(s), got 0"


def test_netaddr_missing_is_a_clear_import_error(monkeypatch):
    monkeypatch.setattr(I, "netaddr", None)
    with pytest.raises(ImportError, match="the Python library 'netaddr' is required"):
        I.ip_address("10.0.0.1", "f")


def test_every_error_about_input_carries_its_field():
    """One base class: intent values, renderer arguments and table rows alike say where the problem is."""
    from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import (
        render as ios_render,
        resource as ios_resource,
    )
    from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.linux import frr
    cases = [(lambda: ios_render.ios_config("nat_gateway", {}, "x"), "design"),
             (lambda: ios_resource.commands("track", [], [], "deleted-all"), "state"),
             (lambda: frr.daemons_text("", ["bgp"]), "daemons"),
             (lambda: I.integer("x", "asn"), "asn")]
    for call, field in cases:
        with pytest.raises(I.DesignError) as info:
            call()
        assert info.value.field == field and str(info.value).startswith(field + ": ")
    assert issubclass(I.IntentError, ValueError) and issubclass(I.IntentTypeError, TypeError)
