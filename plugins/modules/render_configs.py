#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: render_configs
short_description: Write every host's configuration files of one design plan, in one task
version_added: 1.0.0
description:
  - Renders, from one plan computed once, the configuration of every host the plan names (or O(hosts)) and
    writes one file per host and part into O(dest) - C(<host>.<design>.ios) (the same file the main job writes,
    the collection's lines and cisco.ios's parts, rendered by cisco.ios's own resource modules in state
    C(rendered)), C(<host>.<design>.frr.conf), C(.keepalived.conf) and C(.interfaces) (the Linux parts, see
    P(netdesign.resilience.linux_render#filter)).
  - Runs in the controller's own process whatever the host's connection (an action; no C(delegate_to) needed).
  - An IOS rendering that names a login list, ACL, AAA group, track or VRF it never defines fails the task.
  - For config pipelines and large inventories - a thousand 6to4 sites are one plan and one task, not a
    thousand plans and template tasks (see bench/README.md, render scale).
  - Only files whose content differs are written (atomically). Check mode reports which would change; diff
    mode shows their old and new text, with the plan's secrets as markers.
  - "The plan's secrets (the TACACS+ key and SNMP community of vrf_static_tracking's management intent) are
    never in the result or the diff. By default the C(.ios) files hold the markers C(<secret:management.tacacs_key>)
    and C(<secret:management.snmp.community>) instead (mode 0644, for review); with O(with_secrets=true) they
    hold the secrets, deployable, and are written mode 0600."
options:
  plan:
    description: The plan, from P(netdesign.resilience.design_plan#filter) or the design_check role.
    type: dict
    required: true
  dest:
    description: Directory for the files (created when missing).
    type: path
    required: true
  platforms:
    description: What to render.
    type: list
    elements: str
    choices: [ios, linux]
    default: [ios, linux]
  hosts:
    description: Hosts to render for; default every host the plan names (sites, RP routers, VRRP peers).
    type: list
    elements: str
  options:
    description: "Per-host Linux rendering options, C({host: {...}}) (see P(netdesign.resilience.linux_render#filter))."
    type: dict
    default: {}
  with_secrets:
    description:
      - Write the plan's secrets into the C(.ios) files (mode 0600) instead of their markers (mode 0644).
      - The Linux files never hold a secret and are always 0644.
    type: bool
    default: false
attributes:
  check_mode:
    description: Reports which files would change, writes nothing.
    support: full
  diff_mode:
    description: The old and new text of every file that changes, secrets as their markers.
    support: full
author:
  - netdesign.resilience maintainers (@netdesign)
"""

EXAMPLES = r"""
- name: All 6to4 sites' configurations, from one plan
  netdesign.resilience.render_configs:
    plan: "{{ 'sixto4_bgp' | netdesign.resilience.design_plan(intent) }}"
    dest: build/configs
  run_once: true

- name: The core router's IOS lines, deployable (the TACACS+ key and SNMP community in them, mode 0600)
  netdesign.resilience.render_configs:
    plan: "{{ design_check_plan }}"
    dest: build/configs
    hosts: [lin-router]
    platforms: [ios]
    with_secrets: true
"""

RETURN = r"""
files:
  description: Every file rendered (path).
  returned: always
  type: list
  elements: str
changed_files:
  description: The files written (or that would be, in check mode).
  returned: always
  type: list
  elements: str
"""
