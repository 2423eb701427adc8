# -*- coding: utf-8 -*-
"""The main job end to end: site.yml on the example inventory renders the write-ups' IOS configuration.

Runs ansible-playbook (cisco.ios resource modules in state rendered, no device) into a temporary
directory and compares with the golden files, normalising only white space and the order of
independent blocks. The write-up shows two of the eight interface blocks ("rinse and repeat"), so
interface blocks may be more than the golden's; every other block must match exactly. In BGP blocks,
two spellings IOS treats as one are normalised: cisco.ios renders ``address-family ipv6 unicast``
and closes it with ``exit-address-family``, the 6to4 write-up types ``address-family ipv6`` and no
closing line; IOS-XE numbers a named ACL's entries and shows a single address bare (`10 permit 192.0.2.1`
for `permit host 192.0.2.1`), the write-up types them unnumbered and bare; and
cisco.ios renders `snmp-server community ... ro` for IOS's `RO`. The files hold the TACACS+ key and the
SNMP community as markers (see SECRETS below).
"""
from __future__ import annotations

import os
import re
import subprocess

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
GOLDEN = os.path.join(ROOT, "tests", "unit", "plugins", "module_utils", "golden")
# every file the main job writes for the example inventory, byte for byte (plans and .ios files): a change to any
# of them must be a commit that says why. After such a change: NETDESIGN_UPDATE_EXPECTED=1 rewrites them.
EXPECTED = os.path.join(ROOT, "tests", "integration", "site_expected")

# site.yml writes the .ios files with markers in place of the secrets (unless
# netdesign_ios_files_with_secrets is set; module_utils/core/redact.py), and the goldens hold the example
# inventory's values in the write-up's placeholders: compared with the markers substituted for them.
SECRETS = {"example-key": "<secret:management.tacacs_key>", "example-community": "<secret:management.snmp.community>"}


def with_markers(text):
    for value, marker in SECRETS.items():
        text = text.replace(value, marker)
    return text


SAME = {"address-family ipv6 unicast": "address-family ipv6"}
# keywords IOS takes in any case (cisco.ios renders `ro`, IOS shows `RO`)
KEYWORDS = re.compile(r"^(snmp-server community \S+) ro\b")
# IOS-XE shows (and we render) a named ACL's entries numbered 10, 20, ...; the write-up types them bare
ACE_SEQUENCE = re.compile(r"^ \d+ |(?<=permit )host |(?<=deny )host ")


def blocks(text):
    out, current = {}, None
    for line in text.splitlines():
        if not line.strip() or line.startswith(("#", "!")) or line.strip() == "exit-address-family" and \
                current.startswith("router "):
            continue
        line = line.replace(line.strip(), SAME.get(line.strip(), line.strip()))
        line = KEYWORDS.sub(r"\1 RO", line)
        if current and current.startswith("ip access-list ") and line.startswith(" "):
            line = ACE_SEQUENCE.sub(" ", line)
        if line.startswith(" "):
            out[current].append(" ".join(line.split()))
        else:
            current = " ".join(line.split())
            out[current] = []
    return out


@pytest.fixture(scope="module")
def configs(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")                  # the playbook creates plans/ and configs/
    # what an earlier run left for a host no longer in the inventory: removed (a user's own file stays)
    for stale in ("plans/gone.sixto4_bgp.plan.json", "configs/gone.sixto4_bgp.ios", "configs/notes.txt"):
        (out / stale).parent.mkdir(exist_ok=True)
        (out / stale).write_text("old")
    env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"))
    proc = subprocess.run(
        ["ansible-playbook", "site.yml", "-e", "netdesign_output_dir=%s" % (out / "plans")],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert not (out / "plans" / "gone.sixto4_bgp.plan.json").exists()
    assert not (out / "configs" / "gone.sixto4_bgp.ios").exists()
    assert (out / "configs" / "notes.txt").exists()
    assert len(list((out / "plans").glob("*.plan.json"))) == 9 and len(list((out / "configs").glob("*.ios"))) == 7
    (out / "configs" / "notes.txt").unlink()
    return out / "configs"


def written(top):
    return {os.path.relpath(os.path.join(d, n), top): open(os.path.join(d, n), "rb").read()
            for d, _dirs, names in os.walk(top) for n in names}


def test_site_writes_exactly_the_expected_files(configs):
    got = written(configs.parent)
    if os.environ.get("NETDESIGN_UPDATE_EXPECTED") == "1":
        for name, data in got.items():
            os.makedirs(os.path.dirname(os.path.join(EXPECTED, name)), exist_ok=True)
            with open(os.path.join(EXPECTED, name), "wb") as handle:
                handle.write(data)
    want = written(EXPECTED)
    assert sorted(got) == sorted(want)
    assert [name for name in sorted(want) if got[name] != want[name]] == []


# lines the example inventory renders beyond its write-up, on purpose (each said in docs/intent.md): the 6to4 sites'
# BGP timers (the write-up runs IOS's 60/180 s, so a failed site stays routed to for 3 minutes)
BEYOND = {"sixto4_bgp": {"router bgp 65100": ["timers bgp 5 15"]}}


def without_beyond(ours, design):
    """``ours`` (blocks) less the lines BEYOND lists for ``design``, each asserted there first."""
    for head, lines in BEYOND.get(design, {}).items():
        assert [line for line in ours[head] if line in lines] == lines, head
        ours[head] = [line for line in ours[head] if line not in lines]
    return ours


@pytest.mark.parametrize("config, golden, extra_interfaces", [
    ("lin-router.vrf_static_tracking.ios", "eduroam_routing.cfg+mgmt_vty_aaa.cfg+mgmt_services.cfg", True),
    ("ace1.sixto4_bgp.ios", "sixto4_ace1.cfg", False),
    ("ace2.sixto4_bgp.ios", "sixto4_ace2.cfg", False),
    ("ace3.sixto4_bgp.ios", "sixto4_ace3.cfg", False),
    ("main-router.wan_backup_vrrp.ios", "anira_vrrp.cfg", False),
    ("c1.anycast_rp.ios", "anycast_c1.cfg", False),
    ("c2.anycast_rp.ios", "anycast_c2.cfg", False),
])
def test_site_renders_the_write_ups(configs, config, golden, extra_interfaces):
    ours = without_beyond(blocks((configs / config).read_text()), config.split(".")[1])
    want = {}
    for part in golden.split("+"):
        want.update(blocks(with_markers(open(os.path.join(GOLDEN, part)).read())))
    for head, children in want.items():
        assert ours.get(head) == children, head
    extra = set(ours) - set(want)
    if extra_interfaces:
        extra = {head for head in extra if not head.startswith("interface Port-channel")}
    assert extra == set()
