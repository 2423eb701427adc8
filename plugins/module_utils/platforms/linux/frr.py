# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Apply an integrated FRR configuration with FRR's own tools.

The change is computed by ``frr-reload.py --test`` (running config against the
candidate), applied by ``frr-reload.py --reload`` (one vtysh session, only the
delta), or by the init script when FRR is not running yet or the set of daemons
changed (``frrinit.sh reload`` restarts watchfrr with the new daemons and then
runs frr-reload itself).  The candidate is syntax-checked with ``vtysh --dryrun``
first, so a typo never reaches a running router.  After an apply the delta must
be empty, or the module fails naming the lines FRR did not take.
"""

from __future__ import annotations

import ipaddress
import os
import re
import tempfile
import time

from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I

RELOAD = "/usr/lib/frr/frr-reload.py"
INIT = "/usr/lib/frr/frrinit.sh"
DAEMONS = ("bgpd", "ospfd", "ospf6d", "ripd", "ripngd", "isisd", "pimd", "pim6d", "ldpd", "nhrpd", "eigrpd",
           "babeld", "sharpd", "pbrd", "bfdd", "fabricd", "vrrpd", "pathd", "staticd")
SERVICES = ("frrinit", "systemd", "none")
_HEADER = re.compile(r"^Lines To (Delete|Add)$")


class FrrError(Exception):
    """A step failed; the message says which and what FRR printed."""


def parse_delta(text):
    """``frr-reload.py --test`` output -> ``{'delete': [...], 'add': [...]}`` (config lines, in order)."""
    delta = {"delete": [], "add": []}
    section = None
    for line in text.splitlines():
        match = _HEADER.match(line.strip())
        if match:
            section = "delete" if match.group(1) == "Delete" else "add"
            continue
        if section is None or not line.strip() or set(line.strip()) == {"="}:
            continue
        delta[section].append(line.rstrip())
    return delta


def with_hostname(config, nodename):
    """``config`` with ``hostname <nodename>`` after its ``frr defaults`` line when it names no host.

    FRR's running config always shows a hostname (the system's, unless configured), so a candidate
    without one would make frr-reload delete it on every run.
    """
    lines = config.splitlines()
    if any(line.startswith("hostname ") for line in lines):
        return config
    at = 1 if lines and lines[0].startswith("frr defaults") else 0
    return "\n".join(lines[:at] + ["hostname %s" % nodename] + lines[at:]) + "\n"


def daemons_text(current, wanted):
    """/etc/frr/daemons with each daemon in ``wanted`` set to ``yes`` (others untouched)."""
    unknown = [d for d in wanted if d not in DAEMONS]
    if unknown:
        raise I.IntentError("daemons", "%s is not an FRR daemon (one of %s)" % (unknown[0], ", ".join(DAEMONS)))
    lines = (current or "").splitlines()
    seen = set()
    for index, line in enumerate(lines):
        key = line.split("=", 1)[0].strip()
        if key in wanted and "=" in line and not line.lstrip().startswith("#"):
            lines[index] = "%s=yes" % key
            seen.add(key)
    lines += ["%s=yes" % d for d in wanted if d not in seen]
    return "\n".join(lines) + "\n"


def _checked(run, argv, what):
    rc, out, err = run(argv)
    if rc != 0:
        raise FrrError("%s failed (%s, rc %d): %s" % (what, " ".join(argv), rc, (err or out).strip()[-2000:]))
    return out


def running(run):
    """Whether watchfrr and the enabled daemons run (``frrinit.sh status``)."""
    return run([INIT, "status"])[0] == 0


def delta(run, candidate_path):
    """The lines frr-reload would delete and add to make the running config the candidate."""
    return cosmetic_removed(parse_delta(_checked(run, [RELOAD, "--test", candidate_path], "frr-reload --test")))


def _canonical(line):
    """A config line with every IPv6 literal in Python's spelling and a leading ``no`` dropped."""
    words = []
    for word in line.strip().split():
        if ":" in word:
            try:
                address, sep, length = word.partition("/")
                word = str(ipaddress.IPv6Address(address)) + sep + length
            except ValueError:
                pass
        words.append(word)
    if words and words[0] == "no":
        words = words[1:]
    return " ".join(words)


def cosmetic_removed(lines):
    """The delta without changes that only respell an address.

    frr-reload shows an IPv4-compatible next hop from the running config as ``::10.1.1.2`` and the same
    address from the file as ``::a01:102``; a "change" between the two is no change. Context lines
    (``route-map ...``) that are left with nothing under them go too.
    """
    adds = [_canonical(line) for line in lines["add"]]
    kept_delete = []
    for line in lines["delete"]:
        key = _canonical(line)
        if line.startswith(" ") and key in adds:
            adds[adds.index(key)] = None
            continue
        kept_delete.append(line)
    kept_add = [line for line, key in zip(lines["add"], adds) if key is not None or not line.startswith(" ")]
    return {"delete": _drop_empty_contexts(kept_delete), "add": _drop_empty_contexts(kept_add)}


def _drop_empty_contexts(lines):
    """``lines`` without context lines left with nothing under them. FRR 10's frr-reload closes each context of
    its delta with ``exit`` (FRR 8.4's does not); such a context goes with its ``exit`` (seen on FRR 10.3: a
    respelled route-map next hop left ``exit`` alone in both lists, so every run would have reloaded)."""
    out = []
    dropped = False
    for index, line in enumerate(lines):
        if dropped and line.strip() in ("exit", "exit-vrf"):
            dropped = False
            continue
        dropped = False
        if not line.startswith(" "):
            following = lines[index + 1] if index + 1 < len(lines) else ""
            if not following.startswith(" ") and _is_context(line):
                dropped = True
                continue
        out.append(line)
    return out


def _is_context(line):
    return line.split()[0] in ("route-map", "router", "interface", "vrf", "address-family") if line.strip() else False


def settle(run, path, sleep, after_start=False, attempts=40, pause=2):
    """Wait until the running config is the file's (``frr-reload --test`` shows no delta); returns what is left.

    Daemons just started load the file themselves, some seconds later on a slow machine; what a start
    leaves (kernel forwarding off shows as "no ip forwarding") needs an frr-reload, done once the daemons
    had two rounds to load (``after_start``). On a busy machine a daemon can still be starting then: the
    reload fails ("% Unknown command: ipv6 ospf6 area ..." failed a scenario that way), and is tried again
    on the next round; or it succeeds without that daemon's lines (every OSPF and PIM line of the anycast_rp
    scenario was still missing after a successful reload, on a machine with both cores busy), and is tried
    again three rounds later while lines are missing. What the last failed reload said is returned as
    ``error``.
    """
    left = {"delete": [], "add": []}
    due = 2
    for attempt in range(attempts):
        rc, out, _err = run([RELOAD, "--test", path])
        if rc == 0:
            left = cosmetic_removed(parse_delta(out))
            if not left["delete"] and not left["add"]:
                return left
            if after_start and attempt >= due:
                rc, out, err = run([RELOAD, "--reload", path])
                if rc == 0:
                    due = attempt + 3
                    left.pop("error", None)
                else:
                    due = attempt + 1
                    left["error"] = (err or out).strip()[-2000:]
        sleep(pause)
    return left


# FRR 10's mgmtd hands these daemons their configuration (FRR 9 and 10: mgmtd/mgmt_be_adapter.c's backend clients;
# zebra is always one). A backend that never connects holds nothing: its lines are in mgmtd's running config, which
# is what frr-reload compares, but not in the daemon (a sixto4_bgp site on FRR 10.3 in the lab VM: staticd never
# connected, so its routes never reached the RIB: docs/linux-frr.md).
MGMTD_BACKENDS = ("staticd", "ripd", "ripngd")
_BACKEND = re.compile(r"^\s*Client:\s+(\S+)\s*$")


def mgmtd_backends(text):
    """The clients of ``show mgmt backend-adapter all`` (FRR 9+), or None where FRR has no mgmtd (it answers
    ``% Unknown command``)."""
    if "Unknown command" in text or "MGMTD Backend Adapters" not in text:
        return None
    return [m.group(1) for m in map(_BACKEND.match, text.splitlines()) if m]


def check_backends(run, daemons, sleep, attempts=15, pause=2):
    """Wait until every enabled daemon that takes its configuration from mgmtd is its backend; FrrError if one
    never connects (FRR before 9 has no mgmtd: nothing to check)."""
    wanted = [d for d in daemons if d in MGMTD_BACKENDS]
    if not wanted:
        return
    missing, listed = wanted, []
    for _attempt in range(attempts):
        _rc, out, err = run(["vtysh", "-c", "show mgmt backend-adapter all"])
        listed = mgmtd_backends(out or err or "")
        if listed is None:  # FRR 8 (no mgmtd), or vtysh could not ask: nothing to check
            return
        missing = [d for d in wanted if d not in listed]
        if not missing:
            return
        sleep(pause)
    raise FrrError("%s %s not connected to mgmtd (show mgmt backend-adapter all lists %s): on FRR 10 such a "
                   "daemon never gets its configuration, so its lines show in the running config but do nothing "
                   "(static routes never reach the RIB); restart FRR (frrinit.sh restart) and look at the "
                   "daemon's log" % (", ".join(missing), "is" if len(missing) == 1 else "are",
                                     ", ".join(listed) or "none"))


def converge(run, read, write, config, daemons, path="/etc/frr/frr.conf", daemons_path="/etc/frr/daemons",
             service="frrinit", check_mode=False, sleep=time.sleep, nodename=None):
    """Make FRR run ``config`` with ``daemons`` enabled; returns what changed.

    ``read(path) -> text|None`` and ``write(path, text) -> changed`` are the host's file primitives
    (``write`` honours check mode itself); ``run(argv) -> (rc, out, err)``.
    """
    nodename = nodename or os.uname().nodename
    if service not in SERVICES:
        raise I.IntentError("service", "%r is not one of %s" % (service, ", ".join(SERVICES)))
    config = with_hostname(config, nodename)
    old_daemons = read(daemons_path)
    new_daemons = daemons_text(old_daemons, daemons)
    directory = os.path.dirname(path) or "."
    fd, candidate = tempfile.mkstemp(prefix=".netdesign-frr-", suffix=".conf", dir=directory if os.path.isdir(
        directory) else None)
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(config)
        _checked(run, ["vtysh", "--dryrun", "--inputfile", candidate], "syntax check of the new configuration")
        is_running = service != "none" and running(run)
        lines = delta(run, candidate) if is_running else {"delete": [], "add": []}
    finally:
        os.unlink(candidate)
    result = {"running": is_running, "delete": lines["delete"], "add": lines["add"], "action": None}
    file_changed = write(path, config)
    daemons_changed = write(daemons_path, new_daemons)
    if service == "none":
        result["changed"] = file_changed or daemons_changed
        return result
    if not is_running:
        result["action"] = "start"
    elif daemons_changed:
        result["action"] = "reload daemons"
    elif lines["delete"] or lines["add"]:
        result["action"] = "frr-reload"
    result["changed"] = bool(file_changed or daemons_changed or result["action"])
    if check_mode:
        return result
    if result["action"] is None:
        check_backends(run, daemons, sleep)
        return result
    if result["action"] == "frr-reload":
        _checked(run, [RELOAD, "--reload", path], "frr-reload --reload")
    elif service == "systemd":
        _checked(run, ["systemctl", "reload-or-restart" if is_running else "start", "frr"], "systemctl")
    else:
        _checked(run, [INIT, "reload" if is_running else "start"], "frrinit.sh")
    if result["action"] != "frr-reload":
        for _attempt in range(30):  # every enabled daemon up before their config is judged
            if running(run):
                break
            sleep(1)
    left = settle(run, path, sleep, after_start=result["action"] != "frr-reload")
    if left["delete"] or left["add"]:
        # which daemons run, for the reader of the error (a daemon that never came up explains a whole block)
        rc, out, err = run([INIT, "status"])
        raise FrrError("FRR did not take the configuration; still to delete: %s; still to add: %s%s; frrinit.sh "
                       "status (rc %d): %s" % (
                           left["delete"] or "nothing", left["add"] or "nothing",
                           "; the last frr-reload --reload said: %s" % left["error"] if left.get("error") else "",
                           rc, " ".join((out or err).split())[-500:] or "no output"))
    check_backends(run, daemons, sleep)
    return result
