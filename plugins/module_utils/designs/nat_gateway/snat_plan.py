# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The SNAT mapping of design ``nat_gateway``: client last octets 0-255 onto the public pool.

Balanced ranges by default, the write-up's fixed split (N octets per address), or the mapping of u32
rules already in service read from ``iptables-save``. One row per public address:
``{"public", "octets": [low, high], "u32"}``; every backend of ``snat`` renders these rows.
"""

from __future__ import annotations

import re

from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I

MAX_POOL = 256
_U32 = re.compile(r'--u32\s+"?0x0*c&0xff=(0x[0-9a-f]+|[0-9]+)(?::(0x[0-9a-f]+|[0-9]+))?"?(?:\s|$)', re.I)
_TO_SOURCE = re.compile(r"--to-source\s+(\S+)")


def _pool_addresses(clients, pool):
    client_net = I.ip_prefix(clients, "clients", version=4)
    pool_net = I.ip_prefix(pool, "pool", version=4)
    if I.overlap(client_net, pool_net):
        raise I.IntentError("pool", "%s overlaps the client range %s" % (pool_net, client_net))
    usable = pool_net.size if pool_net.prefixlen >= 31 else pool_net.size - 2
    if usable > MAX_POOL:
        raise I.IntentError(
            "pool", "%s has %d usable addresses; a last-octet map can use at most %d (use a /24 or longer)"
            % (pool_net, usable, MAX_POOL))
    return list(pool_net) if pool_net.prefixlen >= 31 else list(pool_net)[1:-1]


def row(public, low, high):
    # two hex digits, as issue #4 specified and the write-up writes them (0xeb:0xef); the iptables_u32
    # backend renders its rules in iptables-save's own spelling itself (snat._chain_rules)
    return {"public": str(public), "octets": [low, high], "u32": "0xc&0xff=0x%02x:0x%02x" % (low, high)}


def snat_pool_plan(clients, pool, split="balanced", split_field="split"):
    """Map last octets 0-255 of the clients onto the usable pool addresses.

    ``split="balanced"``: each usable address of ``pool`` gets one contiguous range of last octets; the
    ranges cover 0-255 exactly once and their sizes differ by at most one (the lowest addresses get the
    larger ranges). ``split=N`` (an integer): N last octets per address from the first usable one, the
    last range cut at 255 (the write-up's five: .1 gets 0-4, .48 gets 235-239); the pool must hold
    enough addresses. Sorted by public address.
    """
    addresses = _pool_addresses(clients, pool)
    count = len(addresses)
    if split == "balanced":
        size, extra = divmod(MAX_POOL, count)
        sizes = [size + (1 if index < extra else 0) for index in range(count)]
    else:
        if isinstance(split, bool) or not isinstance(split, int) and not (isinstance(split, str) and split.isdigit()):
            raise I.IntentError(split_field, "%s is neither 'balanced' nor a number of last octets per address"
                                % I.show(split))
        size = I.integer(split, split_field, 1, MAX_POOL)
        needed = -(-MAX_POOL // size)
        if needed > count:
            raise I.IntentError(split_field, "%d last octets per address need %d addresses; %s has %d usable"
                                % (size, needed, pool, count))
        sizes = [min(size, MAX_POOL - index * size) for index in range(needed)]
    result, low = [], 0
    for address, width in zip(addresses, sizes):
        result.append(row(address, low, low + width - 1))
        low += width
    return result


def snat_rows_from_iptables_save(text, clients, pool, field="iptables_save"):
    """The SNAT mapping of existing iptables rules of the write-up's u32 form, as plan rows.

    ``text`` is ``iptables-save`` output (or the write-up's ``iptables -A ...`` lines): every rule with
    ``-j SNAT`` must match the last octet with ``-m u32 --u32 "0xc&0xff=LOW:HIGH"`` and SNAT to one
    address of ``pool``; its ``-s``, when given, must lie in or hold ``clients``. Together the rules must
    map every last octet 0-255 exactly once, so that moving to another backend changes no client's
    public address. Errors name the line.
    """
    addresses = {str(a) for a in _pool_addresses(clients, pool)}
    client_net = I.ip_prefix(clients, "clients", version=4)
    rows, owner = [], {}
    if not isinstance(text, str):
        raise I.IntentTypeError(field, "must be the text of iptables-save, got %s" % I.show(text))
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if line and not I.PRINTABLE.match(line):
            raise I.IntentError("%s line %d" % (field, number), "%s, got %s" % (I.ONE_LINE, I.show(line[:200])))
        words = line.split()
        if "-j" not in words or words[words.index("-j") + 1:words.index("-j") + 2] != ["SNAT"]:
            continue
        where = "%s line %d" % (field, number)
        u32, target = _U32.search(line), _TO_SOURCE.search(line)
        if not u32:
            raise I.IntentError(where, "a SNAT rule without the last-octet match -m u32 --u32 \"0xc&0xff=LOW:HIGH\": "
                                "%s" % I.show(line.strip()[:200]))
        if not target or target.group(1) not in addresses:
            raise I.IntentError(where, "SNAT to %s, which is no usable address of the pool %s"
                                % (I.show(target.group(1) if target else None), pool))
        if "-s" in words:
            source = I.ip_prefix((words[words.index("-s") + 1:] or [""])[0], where, version=4)
            if not I.overlap(source, client_net):
                raise I.IntentError(where, "matches source %s, outside the client range %s" % (source, client_net))
        low = int(u32.group(1), 0)
        high = int(u32.group(2), 0) if u32.group(2) else low
        if not 0 <= low <= high <= 255:
            raise I.IntentError(where, "last octets %d-%d are not a range within 0-255" % (low, high))
        for octet in range(low, high + 1):
            if octet in owner:
                raise I.IntentError(where, "last octet %d is mapped already, by line %d" % (octet, owner[octet]))
            owner[octet] = number
        rows.append(row(target.group(1), low, high))
    missing = [o for o in range(MAX_POOL) if o not in owner]
    if missing:
        raise I.IntentError(field, "no rule maps last octet%s %s: those clients would leave un-NATed"
                            % ("s" if len(missing) > 1 else "", _ranges(missing)))
    return sorted(rows, key=lambda r: (I.netaddr.IPAddress(r["public"]), r["octets"]))


def _ranges(octets):
    spans, start = [], octets[0]
    for previous, current in zip(octets, octets[1:] + [None]):
        if current != previous + 1:
            spans.append(str(start) if start == previous else "%d-%d" % (start, previous))
            start = current
    return ", ".join(spans)


def snat_mapping(clients, pool, split="balanced", iptables_save=None, fields=("snat_split", "snat_import")):
    """The SNAT rows: imported from existing u32 rules when given, else split as asked. ``fields``: the
    names of the two inputs where they come from (the intent's keys, or the snat_pool module's options)."""
    if iptables_save:
        if split != "balanced":
            raise I.IntentError(fields[0], "give either %s or %s, not both" % fields)
        return snat_rows_from_iptables_save(iptables_save, clients, pool, fields[1])
    return snat_pool_plan(clients, pool, split, fields[0])


def public_for_client(plan_rows, client):
    """The public address a client gets under ``plan_rows`` (one lookup, for verify steps)."""
    octet = int(I.ip_address(client, "client", version=4)) & 0xFF
    for each in plan_rows:
        if each["octets"][0] <= octet <= each["octets"][1]:
            return each["public"]
    raise I.IntentError("client", "last octet %d is not covered by the plan" % octet)
