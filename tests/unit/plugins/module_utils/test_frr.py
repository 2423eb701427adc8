# -*- coding: utf-8 -*-
"""frr.converge against a fake FRR: what it runs, when, and what it reports."""

from __future__ import annotations

import os

import pytest

from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.linux import frr

TEST_OUTPUT = """2026-11-21 10:48:52,515  INFO: "frr version 8.4.4" cannot be removed

Lines To Delete
===============
no hostname old

Lines To Add
============
vrf inside
 ip route 203.0.113.0/24 192.0.2.6 254
hostname r
"""


def test_parse_delta():
    assert frr.parse_delta(TEST_OUTPUT) == {
        "delete": ["no hostname old"],
        "add": ["vrf inside", " ip route 203.0.113.0/24 192.0.2.6 254", "hostname r"]}
    assert frr.parse_delta("") == {"delete": [], "add": []}


def test_daemons_text_enables_only_what_is_asked():
    current = "zebra=yes\nbgpd=no\n# staticd=no\nstaticd=no\nospfd=no\nvtysh_enable=yes\n"
    assert frr.daemons_text(current, ["bgpd", "staticd"]) == (
        "zebra=yes\nbgpd=yes\n# staticd=no\nstaticd=yes\nospfd=no\nvtysh_enable=yes\n")
    assert frr.daemons_text(None, ["pimd"]) == "pimd=yes\n"
    with pytest.raises(ValueError, match="daemons: bgp is not an FRR daemon"):
        frr.daemons_text(current, ["bgp"])


def test_with_hostname():
    assert frr.with_hostname("frr defaults traditional\nrouter bgp 1\n", "r1") == (
        "frr defaults traditional\nhostname r1\nrouter bgp 1\n")
    assert frr.with_hostname("hostname x\n", "r1") == "hostname x\n"


class FakeFrr:
    """Files in a dict; FRR 'running' or not; the delta frr-reload reports until an apply."""

    def __init__(self, running=True, delta="", files=None, broken=False, sticky=False, start_leaves="",
                 reload_fails=0, reload_misses=0, backends=""):
        self.running, self.delta, self.files = running, delta, dict(files or {})
        self.backends = backends  # what `show mgmt backend-adapter all` prints (FRR 8 has no such command)
        self.broken, self.sticky, self.calls = broken, sticky, []
        self.start_leaves = start_leaves
        self.reload_fails = reload_fails  # frr-reload --reload fails so often first (a daemon still starting)
        self.reload_misses = reload_misses  # ... or succeeds so often first without changing anything

    def run(self, argv, data=None):
        self.calls.append(argv)
        if argv == ["vtysh", "-c", "show mgmt backend-adapter all"]:
            return (0, self.backends, "") if self.backends else (1, "% Unknown command: show mgmt backend-adapter all", "")
        if argv[0] == "vtysh":
            return (1, "", "line 3: % Unknown command: rooter bgp") if self.broken else (0, "", "")
        if argv[:2] == [frr.INIT, "status"]:
            return (0 if self.running else 3), "", ""
        if argv[:2] == [frr.RELOAD, "--test"]:
            return 0, self.delta, ""
        if argv[:2] == [frr.RELOAD, "--reload"] and self.reload_fails:
            self.reload_fails -= 1
            return 1, "", "line 37: % Unknown command[42]:  ipv6 ospf6 area 0.0.0.0"
        if argv[:2] == [frr.RELOAD, "--reload"] and self.reload_misses:
            self.reload_misses -= 1
            return 0, "", ""
        if argv[0] in (frr.RELOAD, frr.INIT, "systemctl"):
            self.running = True
            if not self.sticky:
                self.delta = self.start_leaves if argv[0] != frr.RELOAD else ""
            return 0, "", ""
        raise AssertionError(argv)

    def read(self, path):
        return self.files.get(path)

    def write(self, path, text):
        changed = self.files.get(path) != text
        self.files[path] = text
        return changed


def converge(fake, **kwargs):
    kwargs.setdefault("nodename", "r1")
    return frr.converge(fake.run, fake.read, fake.write, "frr defaults traditional\nip route 10.0.0.0/8 lo\n",
                        ["staticd"], sleep=lambda _s: None, **kwargs)


def test_running_frr_gets_only_the_delta_with_frr_reload():
    fake = FakeFrr(delta=TEST_OUTPUT, files={"/etc/frr/daemons": "staticd=yes\n"})
    result = converge(fake)
    assert result["action"] == "frr-reload" and result["changed"]
    assert result["add"][1] == " ip route 203.0.113.0/24 192.0.2.6 254"
    assert [frr.RELOAD, "--reload", "/etc/frr/frr.conf"] in fake.calls
    assert fake.files["/etc/frr/frr.conf"].startswith("frr defaults traditional\nhostname r1\n")
    assert converge(fake)["changed"] is False  # second run: nothing left


def test_check_mode_reports_and_touches_nothing():
    fake = FakeFrr(delta=TEST_OUTPUT, files={"/etc/frr/daemons": "staticd=yes\n"})
    result = converge(fake, check_mode=True)
    assert result["changed"] and result["action"] == "frr-reload"
    assert not any(c[:2] == [frr.RELOAD, "--reload"] for c in fake.calls)


def test_stopped_frr_is_started_and_new_daemons_reload_the_init_script():
    fake = FakeFrr(running=False)
    assert converge(fake)["action"] == "start"
    assert [frr.INIT, "start"] in fake.calls
    fake = FakeFrr(files={"/etc/frr/daemons": "staticd=no\n"})
    assert converge(fake)["action"] == "reload daemons"
    assert [frr.INIT, "reload"] in fake.calls
    fake = FakeFrr(files={"/etc/frr/daemons": "staticd=no\n"})
    converge(fake, service="systemd")
    assert ["systemctl", "reload-or-restart", "frr"] in fake.calls


def test_syntax_error_stops_before_anything_is_written():
    fake = FakeFrr(broken=True)
    with pytest.raises(frr.FrrError, match="syntax check of the new configuration failed.*rooter bgp"):
        converge(fake)
    assert fake.files == {}


def test_a_delta_that_stays_after_the_apply_fails_naming_the_lines():
    fake = FakeFrr(delta=TEST_OUTPUT, sticky=True, files={"/etc/frr/daemons": "staticd=yes\n"})
    with pytest.raises(frr.FrrError, match="FRR did not take the configuration.*203.0.113.0/24"):
        converge(fake)


def test_service_none_only_writes_files():
    fake = FakeFrr(running=False)
    result = converge(fake, service="none")
    assert result["changed"] and result["action"] is None
    assert not any(c[0] in (frr.INIT, frr.RELOAD) for c in fake.calls)
    with pytest.raises(ValueError, match="service: 'upstart' is not one of"):
        converge(fake, service="upstart")


def test_what_a_start_leaves_behind_is_reloaded_once():
    leftover = "Lines To Delete\n===============\nno ipv6 forwarding\n"
    fake = FakeFrr(running=False, start_leaves=leftover)
    result = converge(fake)
    assert result["action"] == "start"
    assert [frr.INIT, "start"] in fake.calls and [frr.RELOAD, "--reload", "/etc/frr/frr.conf"] in fake.calls
    assert fake.delta == ""


def test_a_reload_while_a_daemon_still_starts_is_tried_again():
    leftover = "Lines To Delete\n===============\nno ipv6 forwarding\n"
    fake = FakeFrr(running=False, start_leaves=leftover, reload_fails=2)
    assert converge(fake)["action"] == "start"
    assert fake.calls.count([frr.RELOAD, "--reload", "/etc/frr/frr.conf"]) == 3 and fake.delta == ""
    fake = FakeFrr(running=False, start_leaves=leftover, reload_fails=100)
    with pytest.raises(frr.FrrError, match="still to delete: .*no ipv6 forwarding.*the last frr-reload --reload "
                                           "said: line 37: % Unknown command"):
        converge(fake)


def test_a_reload_that_left_lines_out_is_done_again():
    """A reload vtysh took while a daemon was still starting: rc 0, the daemon's lines still missing."""
    leftover = "Lines To Add\n============\ninterface rp0\n ip pim\n"
    fake = FakeFrr(running=False, start_leaves=leftover, reload_misses=2)
    assert converge(fake)["action"] == "start"
    reloads = [i for i, c in enumerate(fake.calls) if c[:2] == [frr.RELOAD, "--reload"]]
    assert len(reloads) == 3 and fake.delta == ""
    # three rounds of frr-reload --test between a reload that changed nothing and the next
    assert all(fake.calls[a:b].count([frr.RELOAD, "--test", "/etc/frr/frr.conf"]) == 3
               for a, b in zip(reloads, reloads[1:]))


def test_a_respelled_address_is_no_change():
    shown = ("Lines To Delete\n===============\nipv6 forwarding\nroute-map NETDESIGN-6TO4-NH permit 10\n"
             " no set ipv6 next-hop global ::10.1.1.2\n\nLines To Add\n============\n"
             "route-map NETDESIGN-6TO4-NH permit 10\n set ipv6 next-hop global ::a01:102\n")
    assert frr.cosmetic_removed(frr.parse_delta(shown)) == {"delete": ["ipv6 forwarding"], "add": []}
    real = ("Lines To Delete\n===============\nroute-map NH permit 10\n no set ipv6 next-hop global ::10.1.1.2\n"
            "\nLines To Add\n============\nroute-map NH permit 10\n set ipv6 next-hop global ::a01:106\n")
    assert frr.cosmetic_removed(frr.parse_delta(real)) == frr.parse_delta(real)


def test_a_respelled_address_is_no_change_on_frr_10_which_closes_contexts_with_exit():
    # frr-reload --test of FRR 10.3 (the debian13 lab image) on the sixto4_bgp rendering of site ace1, as printed
    shown = ("\nLines To Delete\n===============\nroute-map NETDESIGN-6TO4-NH permit 10\n"
             " no set ipv6 next-hop global ::10.1.1.2\nexit\n\nLines To Add\n============\n"
             "route-map NETDESIGN-6TO4-NH permit 10\n set ipv6 next-hop global ::a01:102\nexit\n")
    assert frr.cosmetic_removed(frr.parse_delta(shown)) == {"delete": [], "add": []}
    # a real change keeps its context and its exit; a top-level line between contexts stays
    real = shown.replace("::a01:102", "::a01:106") + "ip forwarding\n"
    assert frr.cosmetic_removed(frr.parse_delta(real)) == frr.parse_delta(real)


BACKENDS = os.path.join(os.path.dirname(__file__), "golden", "frr", "show_mgmt_backend_adapter_all.txt")


def test_frr_10_mgmtd_backends_from_real_output():
    """FRR 10.3's own output (the debian13 lab image, staticd on): its clients; FRR 8.4 has no such command."""
    with open(BACKENDS) as handle:
        assert frr.mgmtd_backends(handle.read()) == ["zebra", "staticd"]
    assert frr.mgmtd_backends("% Unknown command: show mgmt backend-adapter all") is None


def test_staticd_never_connected_to_mgmtd_fails_loudly_not_at_verify():
    """On FRR 10 a staticd that never connects to mgmtd's backend gets no configuration, while the running config
    (mgmtd's) shows its routes and frr-reload sees no delta: seen in the lab VM. The apply says so."""
    with open(BACKENDS) as handle:
        both = handle.read()
    zebra_only = both.split("  Client: \t\t\tstaticd")[0] + "  Total: 1\n"
    fake = FakeFrr(delta=TEST_OUTPUT, files={"/etc/frr/daemons": "staticd=yes\n"}, backends=zebra_only)
    with pytest.raises(frr.FrrError, match=r"^staticd is not connected to mgmtd \(show mgmt backend-adapter all "
                                           r"lists zebra\): on FRR 10"):
        converge(fake)
    # nothing to apply, the same: a run that changes nothing still says it
    with pytest.raises(frr.FrrError, match="staticd is not connected to mgmtd"):
        converge(fake)
    fake.backends = both
    assert converge(fake)["changed"] is False
    # FRR 8 (no mgmtd): not asked again and again
    fake.backends = ""
    converge(fake)
    assert fake.calls.count(["vtysh", "-c", "show mgmt backend-adapter all"]) == 15 + 15 + 1 + 1
