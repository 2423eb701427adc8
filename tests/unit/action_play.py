# -*- coding: utf-8 -*-
"""One task of a collection action on localhost, through ansible-playbook with the json callback: its result and
the whole output (the action tests: controller_file, render_configs)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def play(tmp_path, action, args, *flags):
    """Run ``netdesign.resilience.<action>`` with ``args`` (and ansible-playbook ``flags``); returns (result, output)."""
    book = tmp_path / "play.yml"
    book.write_text(yaml.safe_dump([{"hosts": "localhost", "gather_facts": False, "tasks": [
        {"name": action, "netdesign.resilience.%s" % action: args, "ignore_errors": True}]}]))
    env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"), ANSIBLE_STDOUT_CALLBACK="json",
               ANSIBLE_LOAD_CALLBACK_PLUGINS="1", ANSIBLE_LOCALHOST_WARNING="0", ANSIBLE_INVENTORY_UNPARSED_WARNING="0")
    # the ansible-playbook on PATH, as the integration tests (make matrix puts another ansible-core first)
    playbook = shutil.which("ansible-playbook") or os.path.join(ROOT, ".venv", "bin", "ansible-playbook")
    proc = subprocess.run([playbook, str(book)] + list(flags),
                          capture_output=True, text=True, env=env, check=False, cwd=str(tmp_path))
    out = proc.stdout[proc.stdout.index("{"):]
    return json.loads(out)["plays"][0]["tasks"][0]["hosts"]["localhost"], proc.stdout + proc.stderr
