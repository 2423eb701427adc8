# -*- coding: utf-8 -*-
"""Issue #16, last bullet: hier_config (PyPI) against our own state engine, case by case, on our lines.

For each case (what a device shows and what the plan wants, the wanted text taken from the golden files in
tests/unit/plugins/module_utils/golden/), the commands that take the device from one to the other:

* hier_config        - ``WorkflowRemediation(running, intended).remediation_config`` with the library's
                       stock ``Platform.CISCO_IOS`` driver (its own IOS rules), and where a case asks for it
                       ``rollback_config``
* hier_config+rules  - the same with :class:`TunedIOS`: the stock IOS rules plus the rules our lines need
                       (what it takes to make the library right on them; ``--no-tuned`` leaves it out)
* ours merged / replaced - what ``roles/ios_apply`` sends: ``ios_resource.commands(syntax, want, have, state)``
                       for each part, in the role's task order, ``want`` and ``have`` parsed from the two
                       texts by the ``ios_syntax`` tables, ``have`` scoped as each module gathers it (its
                       ``show running-config | section/include``); the global lines always ``merged``, as the
                       role sends them; the other parts with the role's ``ios_apply_state`` (merged by default,
                       replaced when asked)

Nothing is timed: the output is the commands, as Markdown on stdout. hier_config is not a dependency of the
project; run this with an interpreter that has it:

    python3 -m venv /tmp/hc && /tmp/hc/bin/pip install hier_config
    scripts/bootstrap.sh        # the collection installed into build/collections
    /tmp/hc/bin/python bench/hier_config_eval.py [--collections build/collections] > /tmp/hier_config_eval.out.md

``--collections`` names the ``ansible_collections`` parent to import our module_utils from (default: this
repository's build/collections, where scripts/bootstrap.sh installs the collection).
"""

from __future__ import annotations

import argparse
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GOLDEN = os.path.join(ROOT, "tests", "unit", "plugins", "module_utils", "golden")

try:
    import hier_config
    from hier_config import MatchRule, Platform, TagRule, WorkflowRemediation, get_hconfig, get_hconfig_driver
    from hier_config.models import IdempotentCommandsRule, NegationSubRule, OrderingRule, PerLineSubRule
    from hier_config.platforms.cisco_ios.driver import HConfigDriverCiscoIOS
except ImportError:  # pragma: no cover - a message, not a test
    sys.exit("hier_config is not installed for %s: python3 -m venv /tmp/hc && /tmp/hc/bin/pip install hier_config, "
             "then run this with /tmp/hc/bin/python" % sys.executable)

try:
    from importlib.metadata import version as _version
    HIER_CONFIG_VERSION = _version("hier_config")
except Exception:  # pylint: disable=broad-except
    HIER_CONFIG_VERSION = getattr(hier_config, "__version__", "unknown")

R = S = M = None  # our module_utils, imported in main() from --collections


# ---------------------------------------------------------------------------------------------------------
# Texts

def golden(name, *heads):
    """A golden file without its comment lines; with ``heads``, only its top-level blocks whose first line
    starts with one of them."""
    with open(os.path.join(GOLDEN, name), encoding="utf-8") as handle:
        lines = [line.rstrip("\n") for line in handle if not line.startswith("#")]
    if not heads:
        return "\n".join(lines) + "\n"
    out, keep = [], False
    for line in lines:
        if not line.startswith(" "):
            keep = line.startswith(heads)
        if keep:
            out.append(line)
    return "\n".join(out) + "\n"


# the lines ios_globals gathers (its SHOW: show running-config | include ^...)
GLOBAL_SCOPE = re.compile(r"^(no ip route static inter-vrf|ipv6 unicast-routing|ipv6 route|ipv6 multicast-routing|"
                          r"ipv6 pim rp-address|aaa new-model|aaa authentication|aaa authorization|aaa accounting|"
                          r"ip domain|ip name-server|ip ssh)")


def global_lines(text):
    return "".join(line + "\n" for line in text.splitlines() if GLOBAL_SCOPE.match(line))


TYPE7_XLAT = "dsfd;kfoA,.iyewrkldJKDHSUBsgvca69834ncxv9873254k;fg87"  # Cisco's public type 7 sequence


def type7(clear, seed=8):
    """``clear`` as IOS shows it with ``service password-encryption`` (``type7("cisco") == "0822455D0A16"``)."""
    return "%02d" % seed + "".join("%02X" % (ord(c) ^ ord(TYPE7_XLAT[(seed + i) % len(TYPE7_XLAT)]))
                                   for i, c in enumerate(clear))


def type7_decode(text):
    offset = int(text[:2])
    return "".join(chr(int(text[i:i + 2], 16) ^ ord(TYPE7_XLAT[(offset + i // 2 - 1) % len(TYPE7_XLAT)]))
                   for i in range(2, len(text), 2))


IPV6_WORD = re.compile(r"^[0-9A-Fa-f]*:[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(/\d+)?$")


def ios_xe_view(text):
    """What IOS-XE 16/17 shows after being sent ``text`` (the behaviours issue #16 row 6 lists): ``ip domain
    name`` whichever form was typed, keys as ``key 7 HASH`` with service password-encryption, IPv6 addresses in
    upper case, ``no shutdown`` not shown, a VRF's address family with one space and no ``exit`` indent."""
    out = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped == "no shutdown":
            continue
        line = re.sub(r"^ip domain-name ", "ip domain name ", line)
        line = re.sub(r"^( server-private \S+ key )(?![067] )(\S+)$", lambda m: m.group(1) + "7 " + type7(m.group(2)),
                      line)
        if stripped in ("address-family ipv4", "exit-address-family") and line.startswith("  "):
            line = " " + stripped
        indent = line[:len(line) - len(line.lstrip(" "))]
        line = indent + " ".join(w.upper() if IPV6_WORD.match(w) else w for w in line.strip().split(" "))
        out.append(line)
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------------------
# hier_config

def _lines(config):
    """A remediation as commands, one space of indent per level (as ours; the library indents by two)."""
    return [" " * (child.depth() - 1) + child.text for child in config.all_children_sorted()]


def hc(running, intended, driver=None, tags=None):
    """(remediation, rollback) with hier_config; with ``tags`` (TagRules), only the remediation lines they tag
    ``ours``."""
    driver = driver or get_hconfig_driver(Platform.CISCO_IOS)
    flow = WorkflowRemediation(get_hconfig(driver, running), get_hconfig(driver, intended))
    if tags:
        flow.apply_remediation_tag_rules(tags)
        remediation = [" " * (c.depth() - 1) + c.text
                       for c in flow.remediation_config.all_children_sorted_by_tags({"ours"}, ())]
    else:
        remediation = _lines(flow.remediation_config)
    return remediation, _lines(flow.rollback_config)


def _ipv6_upper(config):
    """IPv6 addresses as IOS shows them (upper case), in both texts, so that case is no difference."""
    for child in tuple(config.all_children()):
        words = child.text.split(" ")
        upper = " ".join(w.upper() if IPV6_WORD.match(w) else w for w in words)
        if upper != child.text:
            child.text = upper


def _keys_clear(config):
    """``server-private A key 7 HASH`` and ``key 0 K`` as ``key K``, so that a key IOS shows encrypted compares
    with the plan's clear key (type 6, AES, cannot be decoded: left as it is)."""
    for group in config.get_children(startswith="aaa group server tacacs+ "):
        for child in tuple(group.children):
            match = re.match(r"^(server-private \S+ key )([07]) (\S+)$", child.text)
            if match:
                key = type7_decode(match.group(3)) if match.group(2) == "7" else match.group(3)
                child.text = match.group(1) + key


def _rule(*rules):
    return IdempotentCommandsRule(match_rules=tuple(MatchRule(**r) for r in rules))


class TunedIOS(HConfigDriverCiscoIOS):
    """The stock IOS driver plus the rules our lines need: which lines are one setting (a new value replaces the
    old one, no negation first), the ``ip domain name`` form, IPv6 case and type 7 keys as IOS shows them, ``no
    track N`` to delete a track, and the order (``aaa new-model`` first and last out, a track deleted after the
    VRRP lines that use it)."""

    @staticmethod
    def _instantiate_rules():
        rules = HConfigDriverCiscoIOS._instantiate_rules()
        extra = {}
        extra["idempotent_commands"] = [
            # global one-liners: one method list per kind and name, one value each
            _rule(dict(re_search=r"^aaa (authentication \S+|authorization \S+(?: \d+)?|accounting \S+(?: \d+)?) "
                                 r"(\S+) ")),
            _rule(dict(re_search=r"^ip ssh (version|time-out|source-interface) ")),
            _rule(dict(re_search=r"^ip domain-name (?!vrf )")),
            _rule(dict(re_search=r"^ip domain-name vrf (\S+) ")),
            # track: one delay, one VRF
            _rule(dict(startswith="track "), dict(startswith="delay ")),
            _rule(dict(startswith="track "), dict(startswith="ip vrf ")),
            # VRRP: one value per group and setting, one decrement per group and tracked object
            _rule(dict(startswith="interface "), dict(re_search=r"^vrrp (\d+) (priority|description|ip|preempt) ")),
            _rule(dict(startswith="interface "), dict(re_search=r"^vrrp (\d+) track (\d+) ")),
            _rule(dict(startswith="interface "), dict(startswith="arp timeout ")),
            # VTY lines: one value each
            _rule(dict(startswith="line vty "), dict(startswith="exec-timeout ")),
            _rule(dict(startswith="line vty "), dict(startswith="login authentication ")),
            _rule(dict(startswith="line vty "), dict(startswith="transport input ")),
            _rule(dict(startswith="line vty "), dict(startswith="access-class ")),
            # TACACS+ group: one key per server, one VRF, one source
            _rule(dict(startswith="aaa group server tacacs+ "), dict(re_search=r"^server-private (\S+) ")),
            _rule(dict(startswith="aaa group server tacacs+ "), dict(startswith="ip vrf forwarding ")),
            _rule(dict(startswith="aaa group server tacacs+ "), dict(startswith="ip tacacs source-interface ")),
        ]
        extra["per_line_sub"] = [PerLineSubRule(search=r"^ip domain name ", replace="ip domain-name ")]
        extra["post_load_callbacks"] = [_ipv6_upper, _keys_clear]
        extra["negation_sub"] = [NegationSubRule(match_rules=(MatchRule(startswith="track "),),
                                               search=r"^no (track \d+) .*$", replace=r"no \1")]
        extra["ordering"] = [
            OrderingRule(match_rules=(MatchRule(equals="aaa new-model"),), weight=-100),
            OrderingRule(match_rules=(MatchRule(startswith="aaa group server "),), weight=-90),
            OrderingRule(match_rules=(MatchRule(re_search=r"^aaa (authentication|authorization|accounting) "),),
                         weight=-80),
            OrderingRule(match_rules=(MatchRule(startswith="line vty "),), weight=10),
            OrderingRule(match_rules=(MatchRule(startswith="no track "),), weight=50),
            OrderingRule(match_rules=(MatchRule(equals="no aaa new-model"),), weight=100),
        ]
        # the rules model is frozen: a copy with each list extended
        return rules.model_copy(update={name: list(getattr(rules, name)) + more for name, more in extra.items()})


# the parts of a configuration our tables manage, as hier_config tags (for the scope case)
OUR_TAGS = tuple(
    TagRule(match_rules=tuple(MatchRule(**r) for r in rules), apply_tags=frozenset({"ours"})) for rules in (
        (dict(re_search=r"^(no )?track \d+ "),),
        (dict(startswith="interface "), dict(re_search=r"^(no )?(vrrp \d+ |description |ip address |arp timeout )")),
    ))


# ---------------------------------------------------------------------------------------------------------
# ours, as roles/ios_apply sends it

def role_parts(P, syntax_of):
    """(part, syntax, which wanted items, state: None = the role's ios_apply_state) of our parts, in the order
    roles/ios_apply sends them: ios_parts.ORDER, the one table (cisco.ios's parts, which come between, are not ours)."""
    out = []
    for part in P.PARTS:
        if part.syntax is None or part.module == "cisco.ios.ios_config":
            continue
        syntax = syntax_of.get(part.syntax, part.syntax)
        if part.syntax == "aaa_new_model":
            keep = lambda i: i["type"] == "aaa_new_model"  # noqa: E731
        elif part.take:
            keep = (lambda take: lambda i: i["type"] != "aaa_new_model" and take(i))(part.take)
        else:
            keep = None
        out.append((part.name, syntax, keep, part.state))
    return tuple(out)


ROLE = ()  # role_parts(...), set in main()
SELECT = {"vrrp": lambda item: "group" in item}  # ios_vrrp manages interfaces with a VRRP group


def _parse(syntax, text):
    items = S.parse_global(text) if syntax == "global" else S.SYNTAXES[syntax].parse(text)
    return [i for i in items if SELECT.get(syntax, lambda _: True)(i)]


def ours(running, intended, state):
    """The commands of every part the plan has, in the role's order (a part the plan lacks is not run)."""
    out = []
    for _part, syntax, keep, fixed in ROLE:
        want = [i for i in _parse(syntax, intended) if keep is None or keep(i)]
        if not want:
            continue
        have = _parse(syntax, running)
        if syntax == "aaa_group" and hasattr(M, "normalise_keys"):
            have = M.normalise_keys(have, want)  # ios_aaa_tacacs_group does it where the collection has it
        out += R.commands(syntax, want, have, fixed or state)
    return out


def ours_deleted(running, lines):
    """ios_globals with state deleted and ``lines`` as config: the only way the role's modules remove a global line."""
    return R.commands("global", S.parse_global(lines), S.parse_global(running), "deleted")


# ---------------------------------------------------------------------------------------------------------
# The cases

VRRP_WANT = golden("anira_vrrp.cfg").replace(
    "track 1 interface Multilink1 ip routing\n",
    "track 1 interface Multilink1 ip routing\ntrack 2 interface Multilink2 ip routing\n").replace(
    " vrrp 1 track 1 decrement 100\n", " vrrp 1 track 1 decrement 100\n vrrp 1 track 2 decrement 10\n")

VRRP_HAVE = """\
track 1 interface Multilink1 ip routing
track 3 interface Multilink3 ip routing
interface FastEthernet0/0
 description Internal Network
 ip address 10.0.10.2 255.255.255.0
 duplex auto
 speed auto
 vrrp 1 description LAN
 vrrp 1 ip 10.0.10.1
 vrrp 1 preempt delay minimum 60
 vrrp 1 priority 120
 vrrp 1 track 1 decrement 50
 vrrp 1 track 3 decrement 20
 arp timeout 60
"""

AAA_WANT = golden("mgmt_vty_aaa.cfg", "aaa group server")
VTY_WANT = golden("mgmt_vty_aaa.cfg", "line vty")
MGMT_GLOBALS_WANT = global_lines(golden("mgmt_services.cfg"))
DESIGN_GOLDEN = ("eduroam_tracking.cfg", "eduroam_routing.cfg", "anira_vrrp.cfg", "anycast_c1.cfg", "anycast_c2.cfg",
                 "sixto4_ace1.cfg", "sixto4_ace2.cfg", "sixto4_ace3.cfg", "mgmt_vty_aaa.cfg", "mgmt_services.cfg")

CASES = [
    dict(id="track-list", title="Track objects: list 1 gains objects 4 and 5 and has another delay, route track 2 "
         "lacks its `ip vrf`, track 9 is not in the plan",
         running="""\
track 1 list boolean and
 object 2
 object 3
 delay down 5 up 5
track 2 ip route 192.76.34.92 255.255.255.252 reachability
 delay down 2 up 2
track 3 ip route 192.76.34.28 255.255.255.252 reachability
 ip vrf inside
 delay down 2 up 2
track 9 interface Multilink1 ip routing
""",
         intended=golden("eduroam_tracking.cfg", "track ")),
    dict(id="track-type", title="Track 4 is an interface track on the device, a route track in the plan",
         running=golden("eduroam_tracking.cfg", "track ").replace(
             "track 4 ip route 163.1.120.0 255.255.255.252 reachability\n ip vrf outside\n delay down 2 up 2\n",
             "track 4 interface Multilink1 ip routing\n"),
         intended=golden("eduroam_tracking.cfg", "track ")),
    dict(id="vrrp", title="VRRP block: two WAN tracks planned (golden + `track 2 ... decrement 10`), the device has "
         "priority 120, track 1 at decrement 50, a removed track 3, and `duplex auto`/`speed auto`",
         running=VRRP_HAVE, intended=VRRP_WANT, rollback=True),
    dict(id="aaa-key7", title="`aaa group server tacacs+`: plan `server-private A key K`, the device (service "
         "password-encryption) shows `key 7 HASH` of the same K (second run)",
         running=ios_xe_view(AAA_WANT), intended=AAA_WANT, rollback=True),
    dict(id="aaa-key-changed", title="`aaa group server tacacs+`: the key changed in the plan (device shows the old "
         "one as `key 7`)",
         running=ios_xe_view(AAA_WANT.replace("key example-key", "key old-key")), intended=AAA_WANT),
    dict(id="vty", title="VTY lines: the device has the write-up's `login authentication TAC_PLUS` and another "
         "exec-timeout on 0 4, `transport input ssh` on 5 16",
         running="""\
line vty 0 4
 access-class SSH-ACCESS in vrf-also
 exec-timeout 10 0
 logging synchronous
 login authentication TAC_PLUS
 transport input ssh
line vty 5 16
 transport input ssh
""", intended=VTY_WANT),
    dict(id="vty-range", title="VTY lines: the device's second range is `line vty 5 15`, the plan's `5 16`",
         running=VTY_WANT.replace("line vty 5 16", "line vty 5 15"), intended=VTY_WANT),
    dict(id="global-aaa", title="Global one-liners (management): method lists with other methods, an extra "
         "`aaa accounting commands 7`, `ip domain name` (IOS-XE form), another SSH time-out",
         running="""\
aaa new-model
aaa authentication login default local
aaa authorization exec default local
aaa accounting commands 7 default stop-only group TAC_PLUS
aaa accounting commands 15 default stop-only group TAC_PLUS
ip domain name lom.oucs.ox.ac.uk
ip ssh time-out 120
ip ssh version 2
""", intended=MGMT_GLOBALS_WANT),
    dict(id="inter-vrf-add", title="`no ip route static inter-vrf` planned, the device leaks (default)",
         running="", intended="no ip route static inter-vrf\n"),
    dict(id="inter-vrf-remove", title="`no ip route static inter-vrf` on the device, the plan now allows leaking "
         "(ours: ios_globals `state: deleted` with that line, the only state that removes a global line)",
         running="no ip route static inter-vrf\n", intended="",
         deleted="no ip route static inter-vrf\n"),
    dict(id="pim-rp", title="`ipv6 pim rp-address`: the device has another RP address, the plan's is "
         "2001:DB8:AFE:FE00::1 (anycast_c1 global lines)",
         running="ipv6 multicast-routing\nipv6 pim rp-address 2001:DB8:AFE:FE00::2\n",
         intended=global_lines(golden("anycast_c1.cfg"))),
    dict(id="pim-rp-case", title="`ipv6 pim rp-address` planned in lower case, IOS shows it in upper case",
         running="ipv6 multicast-routing\nipv6 pim rp-address 2001:DB8:AFE:FE00::1\n",
         intended="ipv6 multicast-routing\nipv6 pim rp-address 2001:db8:afe:fe00::1\n"),
    dict(id="greenfield-mgmt-writeup-order", title="Greenfield (empty device), management: the VTY/AAA golden "
         "before the services golden (the AAA group before `aaa new-model` in the text)",
         running="", intended=golden("mgmt_vty_aaa.cfg") + golden("mgmt_services.cfg"), full=False),
    dict(id="greenfield-mgmt", title="Greenfield, management: the services golden first (`aaa new-model` first "
         "in the text)",
         running="", intended=golden("mgmt_services.cfg") + golden("mgmt_vty_aaa.cfg"), full=False),
    dict(id="greenfield-eduroam", title="Greenfield, vrf_static_tracking (eduroam_tracking golden)",
         running="", intended=golden("eduroam_tracking.cfg"), full=False),
    dict(id="scope", title="Scope: the device's whole running configuration (hostname, a local user, the "
         "management interface, the console) against the VRRP plan",
         running="""\
hostname branch1
username admin privilege 15 secret 9 $9$abcdefghijklmn$abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ
interface GigabitEthernet1
 vrf forwarding Mgmt-intf
 ip address 192.0.2.10 255.255.255.0
""" + VRRP_HAVE + "line con 0\n stopbits 1\n", intended=VRRP_WANT, tags=True),
]


def _block(label, lines, limit=None):
    shown = lines
    if limit is not None and len(lines) > limit:
        shown = lines[:limit] + ["... (%d more lines)" % (len(lines) - limit)]
    return "%s (%d):\n```\n%s\n```\n" % (label, len(lines), "\n".join(shown) if shown else "(nothing)")


def run_case(case, tuned):
    out = ["### %s: %s\n" % (case["id"], case["title"])]
    full = case.get("full", True)
    if full:
        out.append(_block("device (running)", case["running"].splitlines()))
        out.append(_block("plan (intended)", case["intended"].splitlines()))
    remediation, rollback = hc(case["running"], case["intended"])
    out.append(_block("hier_config, stock IOS driver", remediation))
    if case.get("tags"):
        out.append(_block("hier_config, stock driver, only the lines tagged by our scope (OUR_TAGS)",
                          hc(case["running"], case["intended"], tags=OUR_TAGS)[0]))
    if tuned:
        out.append(_block("hier_config + our rules (TunedIOS)", hc(case["running"], case["intended"], TunedIOS())[0]))
    if case.get("rollback"):
        out.append(_block("hier_config rollback (stock driver)", rollback))
    merged = ours(case["running"], case["intended"], "merged")
    replaced = ours(case["running"], case["intended"], "replaced")
    out.append(_block("ours, merged (the role's default)", merged))
    if replaced != merged:
        out.append(_block("ours, replaced", replaced))
    else:
        out.append("ours, replaced: the same as merged\n")
    if case.get("deleted"):
        out.append(_block("ours, ios_globals state deleted", ours_deleted(case["running"], case["deleted"])))
    return "\n".join(out)


def second_runs(tuned):
    """Every golden against itself and against IOS-XE's view of it: the commands of a second run."""
    tools = ["hier_config"] + (["hier_config+rules"] if tuned else []) + ["ours merged", "ours replaced"]
    head = "| golden | running | %s |" % " | ".join(tools)
    rows = [head, "|" + "---|" * (head.count("|") - 1)]
    details = []
    for name in DESIGN_GOLDEN:
        text = golden(name)
        for label, running in (("== intended", text), ("IOS-XE view", ios_xe_view(text))):
            cells = [hc(running, text)[0]]
            if tuned:
                cells.append(hc(running, text, TunedIOS())[0])
            cells += [ours(running, text, "merged"), ours(running, text, "replaced")]
            rows.append("| %s | %s | %s |" % (name, label, " | ".join(str(len(c)) for c in cells)))
            for tool, lines in zip(tools, cells):
                if lines:
                    details.append(_block("%s, %s, %s" % (name, label, tool), lines, limit=12))
    return "\n".join(rows) + "\n\nThe commands behind each non-zero count:\n\n" + "\n".join(details)


def main(argv=None):
    global R, S, M, ROLE  # pylint: disable=global-statement
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--collections", default=os.path.join(ROOT, "build", "collections"),
                        help="the directory holding ansible_collections/netdesign/resilience")
    parser.add_argument("--no-tuned", action="store_true", help="leave out hier_config with our rules")
    args = parser.parse_args(argv)
    sys.path.insert(0, os.path.abspath(args.collections))
    from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import module as M
    from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import resource as R
    from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import syntax as S
    from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import parts as P
    from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import render as ios_render
    ROLE = role_parts(P, ios_render.SYNTAX_OF)
    tuned = not args.no_tuned
    print("hier_config %s, Python %s; our module_utils from %s (normalise_keys %s)\n" % (
        HIER_CONFIG_VERSION, sys.version.split()[0], os.path.abspath(args.collections),
        "present" if hasattr(M, "normalise_keys") else "absent"))
    print("## Cases\n")
    for case in CASES:
        print(run_case(case, tuned))
    print("## Second run: each golden file against itself and against IOS-XE's view of it (number of commands)\n")
    print(second_runs(tuned))


if __name__ == "__main__":
    main()
