#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: controller_file
short_description: Write a file on the controller (plans, rendered configurations), with secrets kept out of the diff
version_added: 1.0.0
description:
  - Makes O(path) on the Ansible controller hold O(content) with O(mode), atomically, creating its directory
    when missing; only a file whose content or mode differs is written. Runs in the controller's own process
    whatever the host's connection (no module run, no C(delegate_to) needed), so a play over many hosts writes
    their files quickly.
  - The new text is never readable by more than O(mode) allows, not even for a moment (a 0600 file may hold
    a secret).
  - Check mode reports whether the file would change. Diff mode shows the old and new text with the secrets
    of O(secrets_of) (the TACACS+ key and SNMP community of a vrf_static_tracking plan) as their markers
    C(<secret:management.tacacs_key>) and C(<secret:management.snmp.community>), also when the file it
    replaces held them.
  - The main job (C(playbooks/site.yml)) and the design_check role write their plans and C(.ios) files with it.
options:
  path:
    description: The file, on the controller (relative to the directory Ansible runs in).
    type: path
    required: true
  content:
    description: The text the file holds afterwards.
    type: str
    required: true
  mode:
    description: Its permissions, three octal digits.
    type: str
    default: "0644"
  secrets_of:
    description:
      - A plan (P(netdesign.resilience.design_plan#filter)) whose secrets must never be shown; they are masked
        in the diff. Never shown itself.
    type: dict
attributes:
  check_mode:
    description: Reports whether the file would change, writes nothing.
    support: full
  diff_mode:
    description: The old and new text, the secrets of O(secrets_of) as their markers.
    support: full
author:
  - netdesign.resilience maintainers (@netdesign)
"""

EXAMPLES = r"""
- name: Keep the plan on the controller, its secrets as markers
  netdesign.resilience.controller_file:
    path: build/site/plans/{{ inventory_hostname }}.plan.json
    content: "{{ design_check_plan | netdesign.resilience.redact_secrets | to_nice_json }}\n"
    secrets_of: "{{ design_check_plan }}"
"""

RETURN = r"""
path:
  description: The file's absolute path.
  returned: always
  type: str
  sample: /srv/automation/build/site/plans/lin-router.vrf_static_tracking.plan.json
mode:
  description: Its permissions.
  returned: always
  type: str
  sample: "0644"
"""
