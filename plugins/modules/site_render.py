#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: site_render
short_description: Plan, check and render every design of the inventory once, on the controller
version_added: 1.0.0
description:
  - The main job's step (C(playbooks/site.yml)) for all hosts at once, run once in the controller's own process.
    For each design (an inventory group named after it), the hosts of O(hosts) in its group are grouped by
    intent (their C(<design>_*) variables); each distinct intent is checked for known pitfalls once and planned
    once, so a thousand 6to4 sites sharing their group variables cost one check and one plan.
  - Each host gets C(<output_dir>/<host>.<design>.plan.json) with its part of the plan (a 6to4 site's file holds
    its own site, not the whole network) and, on a host of group C(ios), C(<output_dir>/../configs/<host>.<design>.ios)
    with the collection's lines and cisco.ios's parts, rendered by cisco.ios's resource modules in state
    C(rendered) in this process (their own C(main()), so the same validation and rendering code a task would run).
  - A design with blocking findings (C(design_check_fail_on) of its hosts, default C(error)), a plan that does not
    name a host of its group, or a rendering that names a login list, ACL, AAA group, track or VRF it never
    defines fails the task, naming the inventory variable; the other hosts' files are still written.
  - Plans and C(.ios) files of hosts or designs no longer in the inventory are removed (those of inventory hosts
    outside a C(--limit) stay).
  - The role C(netdesign.resilience.design_check) does the same check and plan for one host, inside a design role.
  - Secrets (the TACACS+ key and SNMP community of vrf_static_tracking) are markers in every plan file, diff and
    result; with O(ios_files_with_secrets) the C(.ios) files hold them and are written mode 0600.
options:
  hosts:
    description: The hosts to plan and render (the play's hosts, C(ansible_play_hosts_all)).
    type: list
    elements: str
    required: true
  output_dir:
    description:
      - Where the plan files go; the C(.ios) files go to its sibling C(configs). Empty writes nothing (the
        designs are still checked, planned and rendered).
    type: str
    default: ""
  ios_files_with_secrets:
    description: The C(.ios) files hold the secrets (deployable), mode 0600.
    type: bool
    default: false
attributes:
  check_mode:
    description: Says which files would change or be removed, writes nothing.
    support: full
  diff_mode:
    description: The old and new text of every file that changes, secrets as their markers.
    support: full
notes:
  - Runs on the controller whatever the host's connection; use it with C(run_once).
seealso:
  - module: netdesign.resilience.controller_file
author:
  - netdesign.resilience maintainers (@netdesign)
"""

EXAMPLES = r"""
- name: Plan, check and render every design of the inventory
  netdesign.resilience.site_render:
    hosts: "{{ ansible_play_hosts_all }}"
    output_dir: build/site/plans
  run_once: true
  register: site

- name: One line per design
  ansible.builtin.debug:
    msg: "{{ site.lines }}"
  run_once: true
"""

RETURN = r"""
lines:
  description: One line per design and plan (hosts named, the first five), findings that do not block, and the counts.
  returned: always
  type: list
  elements: str
findings:
  description: Every finding that does not block, with its design and hosts.
  returned: always
  type: list
  elements: dict
plans:
  description: How many distinct intents were planned.
  returned: always
  type: int
hosts:
  description: How many hosts.
  returned: always
  type: int
written:
  description: The files written (or that would be, in check mode).
  returned: always
  type: list
  elements: str
removed:
  description: The stale files removed (or that would be).
  returned: always
  type: list
  elements: str
"""
