# -*- coding: utf-8 -*-
"""The main job never shows or leaks the management secrets (issue #16 row 7).

The example inventory's TACACS+ key and SNMP community (inventories/example/group_vars/
vrf_static_tracking.yml) must not be in the output of ``ansible-playbook site.yml -v --diff`` (nor -vvv),
in the plan files, in the report (report.json, report.md, report.html), or in any file under build/site that others
can read. With ``netdesign_ios_files_with_secrets=true`` the .ios files hold them, deployable, mode 0600; going back to
the default replaces those files without --diff showing what they held.
"""
from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest
import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
with open(os.path.join(ROOT, "inventories", "example", "group_vars", "vrf_static_tracking.yml")) as _handle:
    _MGMT = yaml.safe_load(_handle)["vrf_static_tracking_management"]
SECRETS = (_MGMT["tacacs_key"], _MGMT["snmp_community"])          # example-key, example-community
MARKERS = ("<secret:management.tacacs_key>", "<secret:management.snmp.community>")
CONFIG = "lin-router.vrf_static_tracking.ios"


def site(*args):
    """ansible-playbook site.yml as scripts/site.sh runs it (the repository's ansible.cfg, from ROOT)."""
    env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"), ANSIBLE_NOCOLOR="1",
               PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    proc = subprocess.run(["ansible-playbook", "-i", os.path.join(ROOT, "inventories", "example"), "site.yml"]
                          + list(args), cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-3000:]
    return output


def found(text):
    return [secret for secret in SECRETS if secret in text]


def files_under(top):
    for directory, _dirs, names in os.walk(top):
        for name in names:
            yield os.path.join(directory, name)


def test_example_secrets_are_what_we_look_for():
    assert SECRETS == ("example-key", "example-community")


def test_main_job_shows_and_leaks_no_secret():
    """The main job as normally run: its plans in build/site/plans, its configs in build/site/configs."""
    output = site("-v", "--diff")
    assert found(output) == []
    site_dir = os.path.join(ROOT, "build", "site")
    plans = [p for p in files_under(os.path.join(site_dir, "plans")) if p.endswith(".plan.json")]
    assert plans
    for path in plans:
        assert found(open(path).read()) == [], path
    leaking = []
    for path in files_under(site_dir):
        if os.stat(path).st_mode & (stat.S_IRGRP | stat.S_IROTH):
            with open(path, errors="replace") as handle:
                if found(handle.read()):
                    leaking.append(path)
    assert leaking == []
    config = open(os.path.join(site_dir, "configs", CONFIG)).read()
    assert all(marker in config for marker in MARKERS)
    # the report (issue #19) is built from the redacted plans, and its picture never reads the management part:
    # neither a secret nor its marker (escaped or not) is in it
    for name in ("report.html", "report.json", "report.md"):
        with open(os.path.join(site_dir, name)) as handle:
            text = handle.read()
        assert found(text) == [] and "secret:" not in text, name


def test_deployable_files_hold_the_secrets_privately_and_going_back_shows_nothing(tmp_path):
    plans = tmp_path / "plans"
    config = tmp_path / "configs" / CONFIG
    output = site("-vvv", "--diff", "-e", "netdesign_output_dir=%s" % plans, "-e", "netdesign_ios_files_with_secrets=true")
    assert found(output) == []
    text = config.read_text()
    assert "server-private 192.0.2.49 key example-key" in text
    assert "snmp-server community example-community" in text and "<secret:" not in text
    for path in files_under(tmp_path):
        if found(open(path).read()):
            assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path
    assert all(found(p.read_text()) == [] for p in plans.iterdir())
    # back to the default: the file that held the secrets is replaced, the diff does not show it
    output = site("-v", "--diff", "-e", "netdesign_output_dir=%s" % plans)
    assert found(output) == []
    assert stat.S_IMODE(os.stat(config).st_mode) == 0o644 and found(config.read_text()) == []


def test_diff_of_new_files_shows_markers(tmp_path):
    """--diff of a first run shows every file's text: the .ios file's cisco.ios lines with the markers."""
    output = site("-v", "--diff", "-e", "netdesign_output_dir=%s" % (tmp_path / "plans"))
    assert found(output) == []
    assert "snmp-server community %s" % MARKERS[1] in output
    assert "server-private 192.0.2.49 key %s" % MARKERS[0] in output


@pytest.mark.parametrize("marker", MARKERS)
def test_markers_are_what_the_docs_say(marker):
    assert marker in open(os.path.join(ROOT, "docs", "ios.md")).read()
