# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Deterministic SNAT by last octet on a Linux box: three backends, one plan.

The plan comes from :func:`snat_plan.snat_mapping`; each backend renders it, reads back what
the kernel holds, and applies the difference in one atomic step:

* ``nftables`` (default): table ``ip netdesign_snat`` with an interval map keyed by
  ``ip saddr & 0.0.0.255``; one ``nft -f`` transaction replaces the table.
* ``iptables_u32``: the write-up's u32 rules in our own nat chain ``NETDESIGN-SNAT`` plus one jump
  from POSTROUTING, one ``iptables-restore --noflush`` commit.
* ``ipset``: one ``hash:ip`` set per public address holding every client address with those last
  octets (the write-up's alternative), loaded with ``ipset restore`` under names that carry the
  plan's digest, then switched to in one ``iptables-restore`` commit; old sets are destroyed after.

Only what we own is touched: the nft table, our chain and the jump that carries our comment, and
sets named ``nds-*``.  ``run(argv, data=None)`` returns ``(rc, stdout, stderr)``; nothing here
imports Ansible.
"""

from __future__ import annotations

import hashlib
import json
import re

from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I
from ansible_collections.netdesign.resilience.plugins.module_utils.designs.nat_gateway.plan import pow2_at_least
from ansible_collections.netdesign.resilience.plugins.module_utils.designs.nat_gateway.snat_plan import snat_mapping

BACKENDS = ("nftables", "iptables_u32", "ipset")
OWNER = "netdesign.resilience snat"
NFT_TABLE = "netdesign_snat"
CHAIN = "NETDESIGN-SNAT"
SET_PREFIX = "nds-"


class ApplyError(RuntimeError):
    """A command failed while applying; the message names the command and what it said."""


def desired(clients, pool, backend="nftables", out_interface=None, split="balanced", iptables_save=None):
    """The state a backend must reach: rows of the plan (split as asked, or imported from existing u32
    rules: snat_plan.snat_mapping) and a digest of everything that matters."""
    backend = I.choice(backend, "backend", BACKENDS)
    rows = snat_mapping(clients, pool, split, iptables_save, ("split", "iptables_save"))
    if out_interface is not None:
        out_interface = I.text(out_interface, "out_interface")
        if not re.match(r"^[A-Za-z0-9_.:@-]{1,15}$", out_interface):
            raise I.IntentError("out_interface", "%s is not a valid interface name" % I.show(out_interface))
    state = {
        "backend": backend,
        "clients": str(I.ip_prefix(clients, "clients", 4)),
        "pool": str(I.ip_prefix(pool, "pool", 4)),
        "out_interface": out_interface,
        "rows": [[r["octets"][0], r["octets"][1], r["public"]] for r in rows],
    }
    state["digest"] = hashlib.sha256(json.dumps(state, sort_keys=True).encode()).hexdigest()[:12]
    return state


def _octet(address):
    return int(address.rsplit(".", 1)[1])


def _must(run, argv, data=None):
    rc, out, err = run(argv, data)
    if rc != 0:
        raise ApplyError("%s failed (rc %d): %s" % (" ".join(argv[:3]), rc, (err or out).strip()))
    return out


def _comment(state):
    return "%s %s" % (OWNER, state["digest"])


# --------------------------------------------------------------------------------------------
# nftables

def nft_render(state):
    """nft script: create-if-missing, delete, re-create (one transaction when given to ``nft -f``)."""
    elements = ", ".join("0.0.0.%d-0.0.0.%d : %s" % (low, high, public) if low != high
                         else "0.0.0.%d : %s" % (low, public) for low, high, public in state["rows"])
    match = "ip saddr %s" % state["clients"]
    if state["out_interface"]:
        match += ' oifname "%s"' % state["out_interface"]
    return "\n".join([
        "table ip %s {" % NFT_TABLE,
        "}",
        "delete table ip %s" % NFT_TABLE,
        "table ip %s {" % NFT_TABLE,
        "\tmap pool {",
        "\t\ttype ipv4_addr : ipv4_addr",
        "\t\tflags interval",
        "\t\telements = { %s }" % elements,
        "\t}",
        "",
        "\tchain postrouting {",
        "\t\ttype nat hook postrouting priority srcnat; policy accept;",
        '\t\t%s snat to ip saddr & 0.0.0.255 map @pool comment "%s"' % (match, _comment(state)),
        "\t}",
        "}",
        "",
    ])


def _nft_key(key):
    """[low, high] last octets of a map key as nft -j prints it (address, range, or aligned prefix)."""
    if isinstance(key, dict) and "range" in key:
        return [_octet(key["range"][0]), _octet(key["range"][1])]
    if isinstance(key, dict) and "prefix" in key:
        low = _octet(key["prefix"]["addr"])
        return [low, low + (1 << (32 - key["prefix"]["len"])) - 1]
    return [_octet(key), _octet(key)]


def _nft_current(run):
    rc, out, _err = run(["nft", "-j", "list", "table", "ip", NFT_TABLE])
    if rc != 0:
        return None
    rows, comments = [], []
    for item in json.loads(out).get("nftables", []):
        if "map" in item and item["map"].get("name") == "pool":
            for key, value in item["map"].get("elem", []):
                rows.append(_nft_key(key) + [value])
        elif "rule" in item:
            comments.append(item["rule"].get("comment", ""))
    text = run(["nft", "list", "table", "ip", NFT_TABLE])[1]
    return {"rows": sorted(rows), "comments": comments, "text": text}


# --------------------------------------------------------------------------------------------
# iptables (u32 and set matches share the chain handling)

def _jump_spec(state):
    spec = "-s %s" % state["clients"]
    if state["out_interface"]:
        spec += " -o %s" % state["out_interface"]
    return '%s -m comment --comment "%s" -j %s' % (spec, _comment(state), CHAIN)


def set_name(state, index):
    return "%s%s-%d" % (SET_PREFIX, state["digest"], index + 1)


def _chain_rules(state):
    if state["backend"] == "iptables_u32":
        # iptables-save's own spelling, which in_sync compares with: unpadded hex, and one value alone
        # when the range holds one octet ("0xc&0xff=0xff", seen with iptables 1.8.9 here)
        return ['-A %s -m u32 --u32 "0xc&0xff=%s" -j SNAT --to-source %s'
                % (CHAIN, "0x%x" % low if low == high else "0x%x:0x%x" % (low, high), public)
                for low, high, public in state["rows"]]
    return ["-A %s -m set --match-set %s src -j SNAT --to-source %s" % (CHAIN, set_name(state, index), row[2])
            for index, row in enumerate(state["rows"])]


def _ipt_current(run):
    rc, out, err = run(["iptables-save", "-t", "nat"])
    if rc == 127:  # no iptables on this box: nothing of ours can be there
        return {"jumps": [], "rules": [], "exists": False}
    if rc != 0:
        raise ApplyError("iptables-save -t nat failed (rc %d): %s" % (rc, err.strip()))
    jumps = [line[len("-A POSTROUTING "):] for line in out.splitlines()
             if line.startswith("-A POSTROUTING ") and line.endswith("-j %s" % CHAIN)]
    rules = [line for line in out.splitlines() if line.startswith("-A %s " % CHAIN)]
    exists = any(line.startswith(":%s " % CHAIN) for line in out.splitlines())
    return {"jumps": jumps, "rules": rules, "exists": exists}


def ipt_render(state, current=None):
    """iptables-restore --noflush input: our chain (declared, hence flushed) and one jump to it."""
    lines = ["*nat", ":%s - [0:0]" % CHAIN]
    for jump in (current or {}).get("jumps", []):
        lines.append("-D POSTROUTING %s" % jump)
    lines.append("-A POSTROUTING %s" % _jump_spec(state))
    lines += _chain_rules(state)
    lines += ["COMMIT", ""]
    return "\n".join(lines)


def _ipt_remove_text(current):
    lines = ["*nat"] + ["-D POSTROUTING %s" % jump for jump in current["jumps"]]
    if current["exists"]:
        lines += ["-F %s" % CHAIN, "-X %s" % CHAIN]
    return "\n".join(lines + ["COMMIT", ""])


def _ipt_text(current):
    return "\n".join(["-A POSTROUTING %s" % j for j in current["jumps"]] + current["rules"]) + "\n"


# --------------------------------------------------------------------------------------------
# ipset

def ipset_members(state, index):
    """Every usable client address whose last octet falls in row ``index`` (a generator)."""
    low, high = state["rows"][index][0], state["rows"][index][1]
    net = I.netaddr.IPNetwork(state["clients"])
    first, last = net.first, net.last
    if net.prefixlen < 31:
        first, last = first + 1, last - 1
    base = first & ~0xFF
    while base <= last:
        for octet in range(low, high + 1):
            value = base | octet
            if first <= value <= last:
                yield "%d.%d.%d.%d" % (value >> 24, (value >> 16) & 255, (value >> 8) & 255, value & 255)
        base += 256


def ipset_count(state, index):
    return sum(1 for _member in ipset_members(state, index))


def ipset_render(state):
    """``ipset restore`` input creating and filling this plan's sets (large for a /12: ~1M lines)."""
    out = []
    for index in range(len(state["rows"])):
        members = list(ipset_members(state, index))
        name = set_name(state, index)
        out.append("create %s hash:ip family inet hashsize %d maxelem %d" % (
            name, max(1024, pow2_at_least(len(members) // 2)), max(65536, len(members))))
        out.extend("add %s %s" % (name, member) for member in members)
    return "\n".join(out) + "\n"


def _ipset_current(run):
    rc, out, _err = run(["ipset", "list", "-t"])
    sets = {}
    name = None
    for line in (out.splitlines() if rc == 0 else []):
        if line.startswith("Name: "):
            name = line[6:].strip()
        elif line.startswith("Number of entries: ") and name and name.startswith(SET_PREFIX):
            sets[name] = int(line.split(":")[1])
    return sets


# --------------------------------------------------------------------------------------------
# one entry point

def current(run, backend):
    """What the kernel holds of ours, for ``backend`` (``None`` when nothing)."""
    if backend == "nftables":
        return _nft_current(run)
    ipt = _ipt_current(run)
    if backend == "ipset":
        ipt["sets"] = _ipset_current(run)
    return ipt if (ipt["jumps"] or ipt["exists"] or ipt.get("sets")) else None


def in_sync(state, cur):
    if cur is None:
        return False
    if state["backend"] == "nftables":
        return cur["comments"] == [_comment(state)] and cur["rows"] == sorted(state["rows"])
    want_rules = [r.replace('"', "") for r in _chain_rules(state)]
    have_rules = [r.replace('"', "") for r in cur["rules"]]
    if cur["jumps"] != [_jump_spec(state)] or have_rules != want_rules:
        return False
    if state["backend"] == "ipset":
        want = {set_name(state, i): ipset_count(state, i) for i in range(len(state["rows"]))}
        return cur["sets"] == want
    return True


def describe(state):
    """Human text of the desired state, for diffs (sets are summarised, not listed)."""
    if state["backend"] == "nftables":
        return nft_render(state).split("delete table ip %s\n" % NFT_TABLE, 1)[1]
    text = "\n".join(["-A POSTROUTING %s" % _jump_spec(state)] + _chain_rules(state)) + "\n"
    if state["backend"] == "ipset":
        text += "".join("ipset %s: %d addresses\n" % (set_name(state, i), ipset_count(state, i))
                        for i in range(len(state["rows"])))
    return text


def describe_current(backend, cur):
    if cur is None:
        return ""
    if backend == "nftables":
        return cur["text"]
    text = _ipt_text(cur)
    for name, count in sorted(cur.get("sets", {}).items()):
        text += "ipset %s: %d addresses\n" % (name, count)
    return text


def apply(run, state, cur):
    """Bring the kernel to ``state`` in one atomic switch (never half-applied)."""
    backend = state["backend"]
    if backend == "nftables":
        _must(run, ["nft", "-f", "-"], nft_render(state))
        return
    ipt = cur or {"jumps": [], "exists": False, "sets": {}}
    if backend == "iptables_u32":
        _must(run, ["iptables-restore", "--noflush"], ipt_render(state, ipt))
        return
    new = [set_name(state, i) for i in range(len(state["rows"]))]
    old = [name for name in ipt.get("sets", {}) if name not in new]
    for name in new:  # a leftover of an interrupted run with this very digest
        if name in ipt.get("sets", {}):
            run(["ipset", "destroy", name])
    try:
        _must(run, ["ipset", "restore"], ipset_render(state))
        _must(run, ["iptables-restore", "--noflush"], ipt_render(state, ipt))
    except ApplyError:
        for name in new:
            run(["ipset", "destroy", name])
        raise
    for name in old:
        _must(run, ["ipset", "destroy", name])


def remove(run, backend, cur):
    """Remove everything of ours for ``backend`` (atomic for the rules, then the sets)."""
    if cur is None:
        return
    if backend == "nftables":
        _must(run, ["nft", "delete", "table", "ip", NFT_TABLE])
        return
    _must(run, ["iptables-restore", "--noflush"], _ipt_remove_text(cur))
    for name in cur.get("sets", {}):
        _must(run, ["ipset", "destroy", name])


def converge(run, state, check_mode=False):
    """Make the kernel hold ``state`` (a dict from :func:`desired`), or nothing of ours when
    ``state`` is ``{'absent': True}``.  Leftovers of another backend are removed too, after the
    switch.  Returns ``{'changed', 'before', 'after'}`` (texts for a diff)."""
    nft = current(run, "nftables")
    ipt = current(run, "ipset")  # our chain, jumps and sets: shared by both iptables backends
    before = describe_current("nftables", nft) + describe_current("ipset", ipt)
    if state.get("absent"):
        changed = nft is not None or ipt is not None
        if changed and not check_mode:
            remove(run, "nftables", nft)
            remove(run, "ipset", ipt)
        return {"changed": changed, "before": before, "after": ""}
    mine = nft if state["backend"] == "nftables" else ipt
    others = ipt if state["backend"] == "nftables" else nft
    changed = not in_sync(state, mine) or others is not None
    if state["backend"] == "iptables_u32" and ipt and ipt.get("sets"):
        changed = True
    if changed and not check_mode:
        if not in_sync(state, mine):
            apply(run, state, mine)
        if state["backend"] == "nftables":
            remove(run, "ipset", others)
        else:
            remove(run, "nftables", others)
            if state["backend"] == "iptables_u32":
                for name in (ipt or {}).get("sets", {}):
                    _must(run, ["ipset", "destroy", name])
    return {"changed": changed, "before": before, "after": describe(state)}
