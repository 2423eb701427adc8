# -*- coding: utf-8 -*-
"""A stand-in IOS device for the tests: an SSH server (paramiko) with an IOS-like CLI over a configuration text.

Not an IOS emulator: enough of the CLI that ansible.netcommon.network_cli, the cisco.ios terminal and cliconf
plugins and the resource modules run against it unchanged - prompts, ``terminal length 0``, ``show version``,
``show running-config`` with ``| section`` and ``| include``, configuration mode with sub-modes, ``no``
forms, ``end``, ``configure terminal revert timer`` / ``configure confirm`` - and a few show commands
computed from the configuration the way IOS would (``show track`` with every object up, ``show ip route vrf
X static`` with the best route per prefix, ``show access-lists``). Two IOS behaviours the roles' order must
respect are kept: ``vrf forwarding`` clears an interface's IPv4 address, and a VTY ``access-class`` naming
an ACL that does not permit the controller locks the next login out.

What refuses a change or a login, as IOS-XE documents it (each with its source at the code):
* ``aaa group server`` before ``aaa new-model`` is refused (the command does not exist until then);
* with ``aaa new-model``, a new login goes through the VTY line's login list (``default`` unless ``login
  authentication NAME``): a list name no ``aaa authentication login`` defines disables login on the line;
  the methods are tried in order, the next only when one returns an error: by default no TACACS+ server
  answers, so ``group X`` falls through to the next method (``Device.tacacs_users`` makes them answer, and
  a rejection then ends the list); ``test aaa group`` prints IOS's verdict; ``local`` needs a ``username``
  line for the user; ``none`` lets anyone in;
* VRRPv3 (Cisco IOS XE First Hop Redundancy Protocols Configuration Guide, "FHRP - VRRPv3 Protocol
  Support"): ``vrrp N address-family ipv4`` only after ``fhrp version vrrp v3``, the VRRPv2 ``vrrp N ...``
  lines refused once it is on, the group a sub-mode shown two spaces in and closed by ``exit-vrrp``, and
  ``show vrrp brief`` in the VRRPv3 format;
* ``configure terminal revert timer N`` needs the configuration archive (``archive`` / ``path``); when the
  timer runs out without ``configure confirm``, the configuration from before the change comes back
  (``Device.minute`` seconds per minute; ``Device.run_out()`` lets a test pass the minutes at once).

How IOS-XE 16/17 shows what it was sent (``Device.as_shown``): IPv6 addresses and prefixes in upper case
(as every IOS ``show running-config`` does); ``ip domain-name X`` as ``ip domain name X``
(Cisco IOS XE command reference: ``ip domain name`` replaced the hyphenated form, which is still accepted);
with ``service password-encryption`` a TACACS+ key as ``key 7 <hash>`` (Cisco "Cisco Guide to Harden IOS
Devices", Password Encryption: type 7 for passwords and keys in the configuration), also keys configured
before the command; ``key 0 K`` as ``key K``.

Every command received is kept in ``device.log``; unknown exec commands answer ``% Invalid input``, so a
module sending something unexpected fails the test.

    python tests/integration/fake_ios.py PORT HOSTNAME [CONFIG_FILE]    # serve until killed
"""

from __future__ import annotations

import ipaddress
import re
import socket
import sys
import threading

import paramiko

MODES = (r"^interface ", r"^router ", r"^vrf definition ", r"^track \d+ ", r"^line vty ", r"^aaa group server ",
         r"^ip access-list ", r"^archive$")
# commands that only exist in global mode: seen inside a block, they leave it (as IOS's parser falls back)
GLOBAL_ONLY = re.compile(r"^(no )?(ip route|ipv6 route|logging (host|trap|facility)|ntp |snmp-server |aaa |ip domain|"
                         r"ip name-server|ip ssh|ipv6 unicast-routing|ipv6 pim|hostname|track |interface |fhrp )")
# `no` forms IOS shows in its running configuration as they are
SHOWN_NO = ("no switchport", "no ip address", "no ip route static inter-vrf", "no bgp default ipv4-unicast",
            "no bgp default route-target filter", "no auto-summary")
# lines of which a block (or the global configuration) holds one: a new value replaces the old (a VRRP
# group holds one `track` line per object, as many objects as it is given)
SINGLE = (r"^description ", r"^ip address ", r"^vrf forwarding ", r"^tunnel source ", r"^tunnel mode ", r"^delay ",
          r"^ip vrf ", r"^exec-timeout ", r"^transport input ", r"^access-class ", r"^login authentication ",
          r"^ip vrf forwarding ", r"^ip tacacs source-interface ", r"^vrrp \d+ priority ", r"^vrrp \d+ description ",
          r"^vrrp \d+ preempt", r"^vrrp \d+ track \d+ ", r"^arp timeout ", r"^hostname ", r"^logging trap ",
          r"^logging facility ", r"^ntp source ", r"^snmp-server contact ", r"^snmp-server trap-source ",
          r"^ip ssh version ", r"^ip ssh time-out ", r"^ip ssh source-interface ", r"^path ",
          # router bgp holds one `timers bgp K H [min]` (IOS-XE BGP command reference: the new values replace the
          # old; `no timers bgp` restores 60/180)
          r"^timers bgp ")

SHOW_VERSION = """Cisco IOS XE Software, Version 17.09.04a
Cisco IOS Software [Cupertino], Catalyst L3 Switch Software (CAT9K_IOSXE), Version 17.9.4a, RELEASE SOFTWARE (fc3)
{hostname} uptime is 1 week, 2 days, 3 hours, 4 minutes
System image file is "flash:packages.conf"
cisco C9500-16X (X86) processor with 1868264K/6147K bytes of memory.
Processor board ID FCW0000X0XX
"""


# The Cisco type 7 sequence; the stand-in encodes with its own code, not the collection's decoder.
XLAT = "dsfd;kfoA,.iyewrkldJKDHSUBsgvca69834ncxv9873254k;fg87"


def type7(clear, seed=9):
    return "%02d" % seed + "".join("%02X" % (ord(c) ^ ord(XLAT[(seed + i) % len(XLAT)])) for i, c in enumerate(clear))


def _is_ipv6(word):
    try:
        ipaddress.IPv6Network(word, strict=False)
    except ValueError:
        return False
    return ":" in word


class CliError(Exception):
    """A configuration line IOS refuses; its text is what the CLI answers."""


class Device:
    """The configuration (top-level lines with their indented children) and what the CLI does to it."""

    def __init__(self, hostname, config="", controller="127.0.0.1"):
        self.hostname = hostname
        self.controller = controller
        self.blocks = []            # [[top line, [child lines with their own indentation]]]
        self.log = []
        self.revert_timer = None
        self.confirmed = False
        self.rolled_back = False
        self.logins = 0
        # TACACS+: None - no server answers (unreachable, or the key is wrong: IOS cannot tell the two apart);
        # a set of user names - the servers answer, accept those users (any password) and reject the rest
        self.tacacs_users = None
        self.minute = 60.0          # seconds per minute of the revert timer
        self._timer = None
        self._expire = None
        self.lock = threading.Lock()
        self.load("hostname %s\n%s" % (hostname, config))

    # --- configuration text -----------------------------------------------------------------------------
    def load(self, text):
        for raw in text.splitlines():
            if not raw.strip() or raw.strip() == "!":
                continue
            if raw.startswith(" "):
                self.blocks[-1][1].append(raw.rstrip()[1:])
            else:
                self.blocks.append([raw.rstrip(), []])

    def running(self):
        out = []
        for head, children in self.blocks:
            out.append(head)
            out += [" " + child for child in children]
            out.append("!")
        return "\n".join(out) + "\n"

    def find(self, head):
        return next((b for b in self.blocks if b[0] == head), None)

    # --- configuration mode -----------------------------------------------------------------------------
    @staticmethod
    def _replace_single(lines, line):
        for pattern in SINGLE:
            if re.match(pattern, line):
                key = re.match(pattern, line).group(0)
                lines[:] = [l for l in lines if not l.startswith(key)]
                return

    def as_shown(self, line):
        """A configuration line the way IOS-XE shows it afterwards."""
        line = re.sub(r"^ip domain-name ", "ip domain name ", line)
        # IPv6 addresses and prefixes in upper case, whatever case they were typed in
        line = " ".join(word.upper() if _is_ipv6(word) else word for word in line.split(" "))
        match = re.match(r"^server-private (\S+) key (?:0 )?(\S+)$", line)
        if match:
            line = "server-private %s key %s" % match.groups()
            if self.find("service password-encryption") is not None:
                line = "server-private %s key 7 %s" % (match.group(1), type7(match.group(2)))
        return line

    def as_shown_after_encryption(self, child):
        match = re.match(r"^server-private (\S+) key (?:0 )?(\S+)$", child)
        return "server-private %s key 7 %s" % (match.group(1), type7(match.group(2))) if match else child

    def configure(self, context, line):
        """Apply one configuration line; returns the new context (None: global; [block, nested?])."""
        line = self.as_shown(line.strip())
        if line == "exit":
            if context and context[1]:
                return [context[0], False]
            return None
        in_vrrp3 = context is not None and str(context[1]).startswith("vrrp ")
        if in_vrrp3 and re.match(r"^(no )?track \d+ decrement \d+$", line):
            pass        # the VRRPv3 group's own `track N decrement D`, not a track object
        elif context is not None and (GLOBAL_ONLY.match(line) or any(re.match(p, line) for p in MODES)):
            context = None
        if context is None:
            return self._global(line)
        block, nested = context
        children = block[1]
        v3 = self.find("fhrp version vrrp v3") is not None
        if re.match(r"^vrrp \d+ address-family ipv[46]$", line) and not nested:
            # Cisco IOS XE First Hop Redundancy Protocols Configuration Guide, "FHRP - VRRPv3 Protocol Support":
            # "fhrp version vrrp v3" first; the group is then a sub-mode whose lines IOS shows two spaces in,
            # closed by `exit-vrrp`
            if not v3:
                raise CliError("% Invalid input detected at '^' marker.")
            if line not in children:
                children += [line, " exit-vrrp"]
            return [block, line]
        if re.match(r"^vrrp \d+ ", line) and not nested and v3:
            # the same guide: "When VRRPv3 is in use, VRRPv2 is unavailable"
            raise CliError("% Invalid input detected at '^' marker.")
        if line == "exit-vrrp":
            return [block, False]
        if line.startswith("address-family "):
            if line not in children:
                children += [line, "exit-address-family"]  # IOS shows the family closed
            return [block, line]
        if line == "exit-address-family":
            return [block, False]
        if line.startswith("no ") and line not in SHOWN_NO:
            target = line[3:]
            if not nested and target in children and self._sub_block(children, target):
                start, end = self._sub_block(children, target)
                if end < len(children) and children[end] in (" exit-vrrp", "exit-address-family"):
                    end += 1
                del children[start:end]          # the sub-block with its lines and its closing line
                return context
            block[1] = [c for c in children if not (c.strip() == target or c.strip().startswith(target + " "))]
            return context
        if line == "no ip address":
            block[1] = [c for c in children if not c.startswith("ip address ")]
        if line.startswith("vrf forwarding "):
            # IOS: "% Interface ... IPv4 disabled and address(es) removed due to enabling VRF ..."
            block[1] = [c for c in block[1] if not c.startswith("ip address ")]
        if line == "no shutdown":
            block[1] = [c for c in block[1] if c != "shutdown"]
            return context
        children = block[1]
        if nested:
            # a line of the sub-block that is open (a BGP address family, a VRRPv3 group): one value per
            # single-valued line within it, kept with it, before its closing line
            start, end = self._sub_block(children, nested)
            inner = [c[1:] for c in children[start + 1:end]]
            if nested.startswith("vrrp ") and line.endswith(" primary"):
                inner = [c for c in inner if not c.endswith(" primary")]
            self._replace_single(inner, line)
            for pattern in (r"^priority ", r"^preempt ", r"^track \d+ "):
                if nested.startswith("vrrp ") and re.match(pattern, line):
                    key = re.match(pattern, line).group(0)
                    inner = [c for c in inner if not c.startswith(key)]
            if line not in inner:
                inner.append(line)
            children[start + 1:end] = [" " + c for c in inner]
            return context
        self._replace_single(children, line)
        if line not in children:
            children.append(line)
        return context

    @staticmethod
    def _sub_block(children, opener):
        """(index of ``opener``, index of its closing line) among an interface's or router's children: the
        lines after it that IOS shows one space further in; a BGP family's `exit-address-family` is at the
        block's own depth, a VRRPv3 group's ` exit-vrrp` inside."""
        if opener not in children:
            return None
        start = children.index(opener)
        end = start + 1
        while end < len(children) and children[end].startswith(" ") and children[end] != " exit-vrrp":
            end += 1
        return start, end

    def _global(self, line):
        if line == "service password-encryption":
            for _head, children in self.blocks:   # IOS encrypts the keys already there too
                children[:] = [c if c.startswith("server-private") and " key 7 " in c else
                               (self.as_shown_after_encryption(c)) for c in children]
        if line.startswith("aaa group server ") and self.find("aaa new-model") is None:
            # Cisco IOS Security Configuration Guide, "Configuring AAA Server Groups": aaa new-model first;
            # without it the `aaa group` command does not exist
            raise CliError("% Invalid input detected at '^' marker.")
        # as IOS shows it: `snmp-server community X ro` becomes `... RO`
        line = re.sub(r"^(snmp-server community \S+) (ro|rw)\b", lambda m: "%s %s" % (m.group(1), m.group(2).upper()), line)
        if line.startswith("no ") and line not in SHOWN_NO:
            target = line[3:]
            self.blocks = [b for b in self.blocks if not (b[0] == target or b[0].startswith(target + " "))]
            return None
        for pattern in MODES:
            if re.match(pattern, line):
                block = self.find(line)
                if block is None:
                    block = [line, []]
                    self.blocks.append(block)
                return [block, False]
        heads = [b[0] for b in self.blocks]
        self._replace_single(heads, line)
        self.blocks = [b for b in self.blocks if b[0] in heads]
        if line not in heads:
            self.blocks.append([line, []])
        return None

    # --- logins and the rollback timer ---------------------------------------------------------------
    def login_allowed(self, username):
        """Whether a new VTY login of ``username`` succeeds. Before ``aaa new-model`` the line's own login
        rules apply (the stand-in lets the test's user in). With it, the line's method list decides:
        Cisco IOS Security Command Reference, ``login authentication``: "If you specify a list-name value
        that was not configured with the aaa authentication login command, you will disable login on
        this line"; ``aaa authentication login``: methods are tried in order, the next one only when a
        method returns an error (a server that does not answer), ``local`` uses the local username
        database, ``none`` always succeeds."""
        if self.locked_out():
            return False
        if self.find("aaa new-model") is None:
            return True
        vty = self.find("line vty 0 4")
        named = next((c.split()[2] for c in (vty[1] if vty else []) if c.startswith("login authentication ")),
                     "default")
        lists = {b[0].split()[3]: b[0].split()[4:] for b in self.blocks
                 if b[0].startswith("aaa authentication login ")}
        if named not in lists:
            # no such list: login disabled; only an undefined `default` falls back to the local database
            return named == "default" and self._local_user(username)
        methods = lists[named]
        index = 0
        while index < len(methods):
            method = methods[index]
            if method == "group":
                answer = self.tacacs_answer(methods[index + 1], username)
                if answer != "no-answer":
                    return answer == "accepted"   # a rejection ends the list: only an error tries the next
                index += 2
                continue
            if method == "local":
                return self._local_user(username)
            if method == "none":
                return True
            index += 1
        return False

    def tacacs_answer(self, group, username):
        """What the servers of a TACACS+ group say to ``username``: ``accepted``, ``rejected`` or ``no-answer``
        (no such group, a group without servers, or no server answering)."""
        block = self.find("aaa group server tacacs+ %s" % group)
        if self.tacacs_users is None or block is None or not any(c.startswith("server") for c in block[1]):
            return "no-answer"
        return "accepted" if username in self.tacacs_users else "rejected"

    def test_aaa(self, command):
        """``test aaa group GROUP USER PASSWORD legacy|new-code`` (Cisco IOS Security Command Reference, ``test aaa
        group``), with the verdicts of the legacy code path."""
        words = command.split()
        if len(words) != 7 or words[6] not in ("legacy", "new-code") or self.find("aaa new-model") is None:
            return None
        verdict = {"accepted": "User was successfully authenticated.",
                   "rejected": "User authentication request was rejected by server.",
                   "no-answer": "No authoritative response from any server."}[self.tacacs_answer(words[3], words[4])]
        return "Attempting authentication test to server-group %s using tacacs+\n%s\n" % (words[3], verdict)

    def _local_user(self, username):
        return any(re.match(r"^username %s( |$)" % re.escape(username), b[0]) for b in self.blocks)

    def start_revert_timer(self, minutes):
        """``configure terminal revert timer``: Cisco's "Configuration Replace and Configuration Rollback"
        guide: it needs the archive (``archive`` with ``path``), saves the running configuration, and rolls
        back to it when the timer expires without ``configure confirm``. Returns an error text or None."""
        archive = self.find("archive")
        if archive is None or not any(c.startswith("path ") for c in archive[1]):
            return "% Archive feature not enabled. Configure archive path first.\r\n"
        saved = [[head, list(children)] for head, children in self.blocks]
        self.revert_timer, self.confirmed, self.rolled_back = minutes, False, False

        def expire():
            with self.lock:
                if not self.confirmed:
                    self.blocks = saved
                    self.rolled_back = True
                    self.log.append("%% rollback after %d minute(s) without configure confirm" % minutes)

        self._expire = expire
        self._timer = threading.Timer(minutes * self.minute, expire)
        self._timer.daemon = True
        self._timer.start()
        return None

    def run_out(self):
        """The revert timer's minutes pass now (tests do not wait them out)."""
        if self._timer is not None:
            self._timer.cancel()
            self._expire()

    def confirm(self):
        self.confirmed = True
        if self._timer is not None:
            self._timer.cancel()

    def show_archive(self):
        archive = self.find("archive")
        path = next((c.split(None, 1)[1] for c in (archive[1] if archive else []) if c.startswith("path ")), None)
        if path is None:
            return "Archive feature not enabled\n"
        return ("The maximum archive configurations allowed is 10.\nThe next archive file will be named %s-1\n"
                " Archive #  Name\n   1\n" % path)

    def locked_out(self):
        """Whether the VTY access-class (if any) shuts the controller out, as IOS would at the next login.
        Its own ACL matching on purpose, not management.permits: the stand-in must not judge the code under
        test with that same code."""
        vty = self.find("line vty 0 4")
        acl = next((c.split()[1] for c in (vty[1] if vty else []) if c.startswith("access-class ")), None)
        entries = self.find("ip access-list standard %s" % acl) if acl else None
        if entries is None:
            return False          # no access-class, or one naming no ACL: IOS lets everyone in
        for entry in entries[1]:
            words = entry.split()
            if words and words[0].isdigit():
                words = words[1:]          # IOS-XE's sequence number
            words = [w for w in words if w != "host"]
            if not words or words[0] not in ("permit", "deny") or len(words) < 2:
                continue
            wildcard = int(ipaddress.IPv4Address(words[2] if len(words) > 2 else "0.0.0.0"))
            if int(ipaddress.IPv4Address(self.controller)) & ~wildcard == int(ipaddress.IPv4Address(words[1])) & ~wildcard:
                return words[0] == "deny"
        return True

    # --- show commands ----------------------------------------------------------------------------------
    def show(self, command):
        pipe = None
        if " | " in command:
            command, pipe = command.split(" | ", 1)
        if command == "show running-config":
            text = self.running()
        elif command == "show version":
            text = SHOW_VERSION.format(hostname=self.hostname)
        elif command == "show track":
            text = self._show_track()
        elif command.startswith("show ip route vrf ") and command.endswith(" static"):
            text = self._show_static(command.split()[4])
        elif command == "show access-lists":
            text = "".join("%s IP access list %s\n" % (b[0].split()[2].capitalize(), b[0].split()[3])
                           for b in self.blocks if b[0].startswith("ip access-list "))
        elif command == "show logging":
            trap = next((b[0].split()[2] for b in self.blocks if b[0].startswith("logging trap ")), "informational")
            text = "    Trap logging: level %s, 0 message lines logged\n" % trap
        elif command == "show vrrp brief":
            text = self._show_vrrp()
        elif command == "show bgp ipv6 unicast summary":
            text = self._show_bgp()
        elif command == "show snmp user":
            text = ""
        elif command == "show archive":
            text = self.show_archive()
        elif command == "show privilege":
            text = "Current privilege level is 15\n"
        elif command.startswith("test aaa group "):
            text = self.test_aaa(command)
            if text is None:
                return None
        else:
            return None
        if pipe is None:
            return text
        kind, regex = pipe.split(" ", 1)
        if kind == "include":
            return "".join(line + "\n" for line in text.splitlines() if re.search(regex, line))
        if kind == "section":
            out = []
            for head, children in self.blocks:
                if re.search(regex, head) or any(re.search(regex, " " + c) for c in children):
                    out += [head] + [" " + c for c in children]
            return "\n".join(out) + "\n" if out else ""
        return None

    def _show_track(self):
        out = []
        for head, children in self.blocks:
            match = re.match(r"^track (\d+) (.+)$", head)
            if not match:
                continue
            out.append("Track %s" % match.group(1))
            what = match.group(2)
            if what.startswith("ip route "):
                words = what.split()
                out += ["  IP route %s %s reachability" % (words[2], words[3]), "  Reachability is Up (static)"]
            elif what.startswith("list boolean "):
                out += ["  List boolean %s" % what.split()[2], "  Boolean %s is Up" % what.split()[2].upper()]
            else:
                out += ["  Interface %s %s" % (what.split()[1], " ".join(what.split()[2:])), "  IP routing is Up"]
            out.append("    1 change, last change 00:10:00")
            for child in children:
                if child.startswith("object "):
                    out.append("    object %s Up" % child.split()[1])
                elif child.startswith("delay "):
                    words = child.split()
                    out.append("  Delay up %s secs, down %s secs" % (words[4], words[2]))
                elif child.startswith("ip vrf "):
                    out.append('  VPN Routing/Forwarding table "%s"' % child.split()[2])
        return "\n".join(out) + "\n"

    def _interfaces(self):
        """Each interface block with its own IPv4 address (0.0.0.0 without one), as ``show vrrp`` lists them."""
        for head, children in self.blocks:
            if head.startswith("interface "):
                yield head, children, next((c.split()[2] for c in children if c.startswith("ip address ")), "0.0.0.0")

    def _show_vrrp(self):
        """Every configured group master, with preemption when configured; with ``fhrp version vrrp v3`` in
        IOS-XE's VRRPv3 format (an address-family column, Own/Pre as Y/N, MASTER, ``(local)``: ntc-templates'
        cisco_ios_show_vrrpv3_brief.raw)."""
        if self.find("fhrp version vrrp v3") is not None:
            return self._show_vrrp3()
        out = ["Interface          Grp Pri Time  Own Pre State   Master addr     Group addr"]
        for head, children, own in self._interfaces():
            for child in children:
                match = re.match(r"^vrrp (\d+) ip (\S+)$", child)
                if match:
                    group = match.group(1)
                    priority = next((c.split()[3] for c in children if c.startswith("vrrp %s priority " % group)), "100")
                    preempt = "Y" if any(c.startswith("vrrp %s preempt" % group) for c in children) else " "
                    out.append("%-18s %-3s %-3s 3570       %s  Master  %-15s %s" % (
                        head.split()[1], group, priority, preempt, own, match.group(2)))
        return "\n".join(out) + "\n"

    def _show_vrrp3(self):
        out = ["  Interface          Grp  A-F Pri  Time Own Pre State   Master addr/Group addr"]
        for head, children, own in self._interfaces():
            for child in children:
                match = re.match(r"^vrrp (\d+) address-family ipv4$", child)
                if not match:
                    continue
                start, end = self._sub_block(children, child)
                inner = [c.strip() for c in children[start + 1:end]]
                address = next((c.split()[1] for c in inner if c.startswith("address ")), "0.0.0.0")
                priority = next((c.split()[1] for c in inner if c.startswith("priority ")), "100")
                # VRRPv3 preempts by default (the guide: "preemption is enabled by default")
                preempt = "N" if "no preempt" in inner else "Y"
                out.append("  %-18s %4s IPv4 %3s     0  N   %s  MASTER  %s(local) %s" % (
                    head.split()[1], match.group(1), priority, preempt, own, address))
        return "\n".join(out) + "\n"

    def _show_bgp(self):
        """Every configured neighbour established, with 4 prefixes (the sessions are not simulated)."""
        block = next((b for b in self.blocks if b[0].startswith("router bgp ")), None)
        if block is None:
            return "% BGP not active\n"
        out = ["BGP router identifier 10.1.1.2, local AS number %s" % block[0].split()[2], "",
               "Neighbor        V           AS MsgRcvd MsgSent   TblVer  InQ OutQ Up/Down  State/PfxRcd"]
        for child in block[1]:
            match = re.match(r"^neighbor (\S+) remote-as (\d+)$", child)
            if match:
                out += [match.group(1), "                4 %12s      21      25       17    0    0 00:14:31        4"
                        % match.group(2)]
        return "\n".join(out) + "\n"

    def _show_static(self, vrf):
        best = {}
        for head, _children in self.blocks:
            words = head.split()
            if words[:4] != ["ip", "route", "vrf", vrf]:
                continue
            prefix = ipaddress.ip_network("%s/%s" % (words[4], words[5]))
            distance = int(words[7]) if len(words) > 7 and words[7].isdigit() else 1
            if prefix not in best or distance < best[prefix][0]:
                best[prefix] = (distance, words[6])
        out = ["Routing Table: %s" % vrf, "Codes: L - local, C - connected, S - static", ""]
        for prefix, (distance, hop) in sorted(best.items()):
            out.append("S%s    %s [%d/0] via %s" % ("*" if prefix.prefixlen == 0 else "", prefix, distance, hop))
        return "\n".join(out) + "\n"


class _Server(paramiko.ServerInterface):
    def __init__(self, device):
        self.device = device

    def _login(self, username):
        with self.device.lock:
            self.device.logins += 1
            return paramiko.AUTH_SUCCESSFUL if self.device.login_allowed(username) else paramiko.AUTH_FAILED

    def check_auth_password(self, username, password):
        return self._login(username)

    def check_auth_publickey(self, username, key):
        return self._login(username)

    def check_auth_none(self, username):
        return self._login(username)

    def get_allowed_auths(self, username):
        return "password,publickey,none"

    def check_channel_request(self, kind, chanid):
        return paramiko.OPEN_SUCCEEDED if kind == "session" else paramiko.OPEN_FAILED_ADMINISTRATIVELY_PROHIBITED

    def check_channel_pty_request(self, *args):
        return True

    def check_channel_shell_request(self, channel):
        return True


MODE_PROMPT = {"interface": "config-if", "router": "config-router", "vrf": "config-vrf", "track": "config-track",
               "line": "config-line", "aaa": "config-sg-tacacs+", "ip": "config-std-nacl", "archive": "config-archive"}


def _session(device, channel):
    mode = "exec"
    context = None

    def prompt():
        if mode == "exec":
            return "%s#" % device.hostname
        if context is None:
            return "%s(config)#" % device.hostname
        name = MODE_PROMPT.get(context[0][0].split()[0], "config-x")
        if context[1]:
            name = "config-if-vrrp" if context[1].startswith("vrrp ") else "config-router-af"
        return "%s(%s)#" % (device.hostname, name)

    channel.send("\r\n" + prompt())
    buffer = b""
    while True:
        data = channel.recv(4096)
        if not data:
            return
        buffer += data
        while b"\r" in buffer or b"\n" in buffer:
            cut = min(i for i in (buffer.find(b"\r"), buffer.find(b"\n")) if i >= 0)
            line, buffer = buffer[:cut].decode(), buffer[cut + 1:]
            if not line.strip() and cut == 0 and buffer[:1] in (b"\n",):
                continue
            command = line.strip()
            with device.lock:
                device.log.append(command)
                output = ""
                if mode == "exec":
                    if command.startswith("terminal ") or not command:
                        pass
                    elif command == "configure terminal":
                        mode, context = "config", None
                    elif re.match(r"^configure terminal revert timer \d+$", command):
                        refused = device.start_revert_timer(int(command.split()[-1]))
                        if refused is None:
                            mode, context = "config", None
                        else:
                            output = refused
                    elif command == "configure confirm":
                        device.confirm()
                    elif command == "enable":
                        pass
                    else:
                        shown = device.show(command)
                        output = "% Invalid input detected at '^' marker.\r\n" if shown is None else \
                            shown.replace("\n", "\r\n")
                elif command == "end":
                    mode, context = "exec", None
                elif command:
                    try:
                        context = device.configure(context, command)
                    except CliError as exc:
                        output = str(exc) + "\r\n"
            channel.send(command + "\r\n" + output + prompt())


def serve(device, port):
    """Accept SSH sessions on 127.0.0.1:port in a daemon thread; returns the listening socket."""
    key = paramiko.RSAKey.generate(2048)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen(8)

    gone = (OSError, EOFError, paramiko.SSHException)  # what the client hanging up raises here

    def client(conn):
        transport = paramiko.Transport(conn)
        transport.add_server_key(key)
        transport.start_server(server=_Server(device))
        channel = transport.accept(30)
        if channel is None:
            return
        try:
            _session(device, channel)
        except gone:
            pass
        try:
            channel.close()
        except gone:  # the client hung up first: nothing left to close politely
            pass

    def accept():
        while True:
            try:
                conn = listener.accept()[0]
            except OSError:
                return
            threading.Thread(target=client, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    return listener


if __name__ == "__main__":
    DEVICE = Device(sys.argv[2], open(sys.argv[3]).read() if len(sys.argv) > 3 else "")
    serve(DEVICE, int(sys.argv[1]))
    threading.Event().wait()
