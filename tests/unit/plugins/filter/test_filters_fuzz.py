# -*- coding: utf-8 -*-
"""Every public filter, fed >= 1,000 generated bad inputs, fails with a clear error naming the field.

Never a traceback: the only exception that may escape a filter is AnsibleFilterError, and its
message starts with the filter's name and the field.
"""
from __future__ import annotations

import copy
import ipaddress
import re

import pytest
from ansible.errors import AnsibleFilterError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collection_filters import collection_filter
from example_inventory import example_intent

anycast_rp_plan, design_check, sixto4_address, snat_pool_plan = (
    collection_filter(name) for name in ("anycast_rp_plan", "design_check", "sixto4_address", "snat_pool_plan"))

FUZZ = settings(max_examples=1000, deadline=None, suppress_health_check=list(HealthCheck))

JUNK = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


def _is_ipv4(text):
    try:
        ipaddress.IPv4Address(text)
        return True
    except ValueError:
        return False


def _is_net(text):
    try:
        ipaddress.ip_network(text)
        return "/" in text
    except ValueError:
        return False


def _expect(call, name, fields):
    with pytest.raises(AnsibleFilterError) as info:
        call()
    message = str(info.value)
    assert message.startswith("netdesign.resilience.%s: " % name), message
    assert re.match(r"netdesign\.resilience\.%s: (%s)[:\[.]" % (name, "|".join(fields)), message), message
    assert "Traceback" not in message


RESERVED_V4 = st.one_of(
    st.integers(0, 0x00FFFFFF), st.integers(0x7F000000, 0x7FFFFFFF), st.integers(0xE0000000, 0xEFFFFFFF),
    st.just(0xFFFFFFFF),
).map(lambda v: str(ipaddress.IPv4Address(v)))


@FUZZ
@given(st.one_of(JUNK, st.text().filter(lambda t: not _is_ipv4(t)), RESERVED_V4,
                 st.ip_addresses(v=6).map(str),
                 st.tuples(st.ip_addresses(v=4).map(str), st.integers(0, 32)).map(lambda p: "%s/%d" % p)))
def test_sixto4_address_bad_inputs(value):
    _expect(lambda: sixto4_address(value), "sixto4_address", ["ipv4"])


V6_NETS = st.tuples(st.ip_addresses(v=6), st.integers(0, 128)).map(
    lambda p: str(ipaddress.IPv6Network((p[0], p[1]), strict=False)))
V4_NETS = st.tuples(st.ip_addresses(v=4), st.integers(0, 32)).map(
    lambda p: str(ipaddress.IPv4Network((p[0], p[1]), strict=False)))
GOOD_CLIENTS = "10.16.0.0/12"
GOOD_POOL = "192.76.8.0/26"
BAD_PREFIX = st.one_of(
    JUNK, st.text().filter(lambda t: not _is_net(t)),
    st.ip_addresses(v=4).map(str),                                            # no prefix length
    st.tuples(st.integers(1, 0xFFFFFFFF), st.integers(8, 30))                 # host bits set
    .filter(lambda p: p[0] & ((1 << (32 - p[1])) - 1))
    .map(lambda p: "%s/%d" % (ipaddress.IPv4Address(p[0]), p[1])),
    V6_NETS,
)
OVERLAPPING_POOL = st.tuples(st.integers(0, 0xFFFFF), st.integers(24, 32)).map(
    lambda p: str(ipaddress.IPv4Network((0x0A100000 + (p[0] << 0 if p[1] == 32 else p[0] & ~((1 << (32 - p[1])) - 1)),
                                         p[1]))))
TOO_BIG_POOL = st.tuples(st.integers(1, 23), st.integers(0xC0000000, 0xDFFFFFFF)).map(
    lambda p: str(ipaddress.IPv4Network((p[1], p[0]), strict=False)))


@FUZZ
@given(st.one_of(
    st.tuples(BAD_PREFIX, st.just(GOOD_POOL)).map(lambda a: (a, ["clients"])),
    st.tuples(st.just(GOOD_CLIENTS), BAD_PREFIX).map(lambda a: (a, ["pool"])),
    st.tuples(st.just(GOOD_CLIENTS), OVERLAPPING_POOL).map(lambda a: (a, ["pool"])),
    st.tuples(st.just("198.18.0.0/15"), TOO_BIG_POOL).filter(
        lambda a: not ipaddress.ip_network(a[1]).overlaps(ipaddress.ip_network(a[0])))
    .map(lambda a: (a, ["pool"])),
))
def test_snat_pool_plan_bad_inputs(case):
    (clients, pool), fields = case
    _expect(lambda: snat_pool_plan(clients, pool), "snat_pool_plan", fields)


NAMES = st.text(alphabet="abcdefgh123", min_size=1, max_size=4)


@FUZZ
@given(st.one_of(
    st.tuples(st.one_of(JUNK, st.text().filter(lambda t: not (_is_ipv4(t) or ":" in t)),
                        V4_NETS, V6_NETS),
              st.just(["c1", "c2"]), st.just(120)).map(lambda a: (a, ["address"])),
    st.tuples(st.just("2001:db8::1"), st.one_of(JUNK, st.lists(NAMES, max_size=1), st.text(max_size=4)),
              st.just(120)).map(lambda a: (a, ["routers"])),
    st.tuples(st.just("2001:db8::1"), NAMES.map(lambda n: [n, "x", n]), st.just(120))
    .map(lambda a: (a, [r"routers\[\d+\]"])),
    st.tuples(st.just("2001:db8::1"), st.lists(NAMES, min_size=2, max_size=6, unique=True),
              st.one_of(st.integers(max_value=64), st.integers(min_value=129), st.text(alphabet="xyz", max_size=3),
                        st.none(), st.booleans(), st.floats())).map(lambda a: (a, ["primary_prefixlen"])),
    st.tuples(st.just("10.0.0.1"), st.lists(NAMES, min_size=2, max_size=6, unique=True),
              st.one_of(st.integers(min_value=33), st.integers(max_value=24))).map(lambda a: (a, ["primary_prefixlen"])),
))
def test_anycast_rp_plan_bad_inputs(case):
    (address, routers, length), fields = case
    _expect(lambda: anycast_rp_plan(address, routers, length), "anycast_rp_plan", fields)


# (design, host, path to a value, the kind of value it must be); kinds ending in '?' are optional
# (deleting them is fine, a wrong type is not)
REQUIRED = [
    ("vrf_static_tracking", None, ("vrfs",), "list"),
    ("vrf_static_tracking", None, ("interfaces", 0, "name"), "str"),
    ("vrf_static_tracking", None, ("interfaces", 2, "address"), "ip"),
    ("vrf_static_tracking", None, ("routes", 1, "prefix"), "ip"),
    ("vrf_static_tracking", None, ("routes", 3, "active"), "ip?"),  # absent: a nexthop-missing finding
    ("vrf_static_tracking", None, ("tracking", "parent"), "int?"),
    ("nat_gateway", "nat1", ("clients",), "ip"),
    ("nat_gateway", "nat1", ("pool",), "ip"),
    ("nat_gateway", "nat1", ("bonds",), "list"),
    ("nat_gateway", "nat1", ("bonds", 0, "members"), "list"),
    ("nat_gateway", "nat1", ("bonds", 1, "address"), "ip"),
    ("nat_gateway", "nat1", ("management", "interface"), "str"),
    ("nat_gateway", "nat1", ("peak_clients",), "int?"),
    ("sixto4_bgp", None, ("asn",), "int"),
    ("sixto4_bgp", None, ("sites",), "list"),
    ("sixto4_bgp", None, ("sites", 1, "tunnel_source_address"), "ip"),
    ("sixto4_bgp", None, ("sites", 2, "networks"), "list?"),
    ("anycast_rp", None, ("address",), "ip"),
    ("anycast_rp", None, ("rp_routers",), "list"),
    ("anycast_rp", None, ("primary_prefixlen",), "int"),
    ("anycast_rp", None, ("igp", "protocol"), "str-choice"),
    ("wan_backup_vrrp", None, ("interface",), "str"),
    ("wan_backup_vrrp", None, ("virtual_ip",), "ip"),
    ("wan_backup_vrrp", None, ("main", "track"), "list"),
    ("wan_backup_vrrp", None, ("backup", "priority_min"), "int?"),
]
BAD_FOR = {
    "list": st.one_of(st.none(), st.integers(), st.text(max_size=3),
                      st.dictionaries(st.text(max_size=2), st.none(), max_size=1)),
    "str": st.one_of(st.none(), st.integers(), st.booleans(), st.lists(st.integers(), max_size=2), st.just(""),
                     st.just(" padded ")),
    "str-choice": st.one_of(st.none(), st.integers(), st.text(alphabet="xyz", max_size=5)),
    "int": st.one_of(st.none(), st.booleans(), st.floats(), st.text(alphabet="xyz", max_size=3),
                     st.lists(st.integers(), max_size=2), st.integers(max_value=-1)),
    "ip": st.one_of(st.none(), st.integers(), st.lists(st.text(max_size=2), max_size=2),
                    st.text(alphabet="xyz.:/", max_size=8)),
}
DELETE = object()


@st.composite
def broken_intent(draw):
    design, host, path, kind = draw(st.sampled_from(REQUIRED))
    optional = kind.endswith("?")
    kind = kind.rstrip("?")
    intent = copy.deepcopy(example_intent(design, host))
    holder = intent
    for key in path[:-1]:
        holder = holder[key]
    deletable = isinstance(path[-1], str) and not optional
    bad = BAD_FOR[kind].filter(lambda v: v is not None) if optional else BAD_FOR[kind]  # None = absent
    value = draw(st.one_of(st.just(DELETE), bad)) if deletable else draw(bad)
    if value is DELETE:
        del holder[path[-1]]
    else:
        holder[path[-1]] = value
    field = "".join(("[%d]" % p) if isinstance(p, int) else ("." + p if i else p) for i, p in enumerate(path))
    return design, intent, field


@FUZZ
@given(broken_intent())
def test_design_check_bad_intents(case):
    design, intent, field = case
    # named by the inventory variable to edit: <design>_<field>
    _expect(lambda: design_check(design, intent), "design_check", [re.escape("%s_%s" % (design, field))])


@FUZZ
@given(st.one_of(JUNK, st.text(max_size=20)).filter(
    lambda d: d not in ("vrf_static_tracking", "nat_gateway", "sixto4_bgp", "anycast_rp", "wan_backup_vrrp")))
def test_design_check_bad_design(design):
    _expect(lambda: design_check(design, {}), "design_check", ["design"])
