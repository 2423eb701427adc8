# -*- coding: utf-8 -*-
"""Role design_check takes the intent from any variable in scope: play vars and role parameters too."""
from __future__ import annotations

import json
import os
import subprocess

from ansible.release import __version__

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CORE = tuple(int(part) for part in __version__.split(".")[:2])

PLAYBOOK = """
- hosts: localhost
  gather_facts: false
  vars:
    wan_backup_vrrp_interface: FastEthernet0/0
    wan_backup_vrrp_virtual_ip: 10.0.10.1
    wan_backup_vrrp_address: 10.0.10.2/24
  tasks:
    - ansible.builtin.include_role:
        name: netdesign.resilience.design_check
      vars:
        design_check_design: wan_backup_vrrp
        wan_backup_vrrp_main: {name: %s, priority: 110, preempt_delay: 60,
                               track: [{object: 1, interface: Multilink1, decrement: 100}]}
        wan_backup_vrrp_backup: {priority_min: 50, priority_max: 75}
    - ansible.builtin.copy:
        content: "{{ design_check_plan | to_json }}"
        dest: "%s"
        mode: "0644"
"""


def run(tmp_path, main_name, out, *extra):
    book = tmp_path / "play.yml"
    book.write_text(PLAYBOOK % (main_name, out))
    env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"), ANSIBLE_NOCOLOR="1")
    return subprocess.run(["ansible-playbook", "-i", "localhost,", "-c", "local", "-e",
                           "ansible_python_interpreter={{ ansible_playbook_python }}", str(book)] + list(extra),
                          cwd=ROOT, env=env,
                          capture_output=True, text=True, check=False)


def test_a_host_the_plan_does_not_name_is_refused(tmp_path):
    """The README's first example left main.name at its default (main): nothing would render for the host."""
    proc = run(tmp_path, "main", tmp_path / "plan.json")
    assert proc.returncode != 0
    assert "localhost is not one of the devices of this wan_backup_vrrp plan (main, backup)" in \
        " ".join(proc.stdout.split()), proc.stdout[-3000:]


def test_a_misspelled_variable_is_said_once_naming_it(tmp_path):
    proc = run(tmp_path, "localhost", tmp_path / "plan.json", "-e", "wan_backup_vrrp_gruop=2")
    assert proc.returncode != 0
    text = " ".join(proc.stdout.split())
    line = ("error intent-invalid at wan_backup_vrrp_gruop: is not a variable of the wan_backup_vrrp role "
            "(did you mean wan_backup_vrrp_group?)")
    # said by the refusal only (ansible-core 2.19+ then repeats a failed task's message in its [ERROR] line;
    # before, the task's msg is all), not also in the report of the findings that do not block, nor as a
    # templating error of the check task
    said = "wan_backup_vrrp has 1 blocking finding(s): " + line
    assert ("[ERROR]: Task failed: Action failed: " + said if CORE >= (2, 19) else "msg: '%s'" % said) in text
    assert "Report findings that do not block] *** skipping" in text and "templating" not in text, proc.stdout[-3000:]


def test_intent_from_play_vars_and_role_params(tmp_path):
    out = tmp_path / "plan.json"
    proc = run(tmp_path, "localhost", out)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    plan = json.loads(out.read_text())
    assert plan["design"] == "wan_backup_vrrp" and plan["main"]["priority"] == 110
    assert plan["interface"] == "FastEthernet0/0"
