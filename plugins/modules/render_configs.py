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
    writes one file per host and part into O(dest) - C(<host>.<design>.ios) (the IOS lines no cisco.ios
    resource module covers), C(<host>.<design>.frr.conf), C(.keepalived.conf) and C(.interfaces) (the
    Linux parts, see P(netdesign.resilience.linux_render#filter)).
  - For config pipelines and large inventories - a thousand 6to4 sites are one plan and one task, not a
    thousand plans and template tasks (see bench/README.md, render scale).
  - Only files whose content differs are written (atomically). Check mode reports which would change; diff
    mode shows their old and new text, with the plan's secrets as markers.
  - "The plan's secrets (the TACACS+ key and SNMP community of vrf_static_tracking's management intent) are
    never in the result or the diff. By default the C(.ios) files hold the markers C(<secret:management.tacacs_key>)
    and C(<secret:management.snmp.community>) instead (mode 0644, for review); with O(with_secrets=true) they
    hold the secrets, deployable, and are written mode 0600."
  - "Run it on the controller (C(delegate_to: localhost) or a localhost play)."
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
author:
  - netdesign.resilience maintainers (@netdesign)
"""

EXAMPLES = r"""
- name: All 6to4 sites' configurations, from one plan
  netdesign.resilience.render_configs:
    plan: "{{ 'sixto4_bgp' | netdesign.resilience.design_plan(intent) }}"
    dest: build/configs
  delegate_to: localhost
  run_once: true

- name: The core router's IOS lines, deployable (the TACACS+ key and SNMP community in them, mode 0600)
  netdesign.resilience.render_configs:
    plan: "{{ design_check_plan }}"
    dest: build/configs
    hosts: [lin-router]
    platforms: [ios]
    with_secrets: true
  delegate_to: localhost
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

import os

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.netdesign.resilience.plugins.module_utils import host
from ansible_collections.netdesign.resilience.plugins.module_utils import redact
from ansible_collections.netdesign.resilience.plugins.module_utils import render


def _secrets(params):
    return set(value for _marker, value in redact.values(params.get("plan")) if value)


class _Module(AnsibleModule):
    """AnsibleModule logs its invocation (the controller's syslog or journal) while it is being built,
    before main() could name the plan's secrets: named here first, they are masked there too."""

    def _log_invocation(self):
        self.no_log_values.update(_secrets(self.params))
        super()._log_invocation()


def main():
    module = _Module(
        argument_spec=dict(
            plan=dict(type="dict", required=True),
            dest=dict(type="path", required=True),
            platforms=dict(type="list", elements="str", choices=list(render.PLATFORMS), default=list(render.PLATFORMS)),
            hosts=dict(type="list", elements="str"),
            options=dict(type="dict", default={}),
            with_secrets=dict(type="bool", default=False),
        ),
        supports_check_mode=True,
    )
    params = module.params
    plan = params["plan"]
    # the secrets are masked wherever they would appear in the result, module_args included
    module.no_log_values.update(_secrets(params))
    try:
        # rendered from the redacted plan: markers in every line, the secrets put back only below
        files = render.render_all(redact.redact(plan), params["platforms"], params["hosts"], params["options"])
    except (ValueError, TypeError, KeyError) as exc:
        module.fail_json(msg="render_configs: %s" % exc)
    changed, diffs = [], []
    for name in sorted(files):
        path = os.path.join(params["dest"], name)
        text, mode = files[name], 0o644
        if name.endswith(".ios") and params["with_secrets"]:
            text, mode = redact.reveal(text, plan), 0o600
        before = host.read(path)
        if host.write(module, path, text, mode):
            changed.append(path)
            if module._diff:  # pylint: disable=protected-access
                # markers, never the secrets (an older file may hold them)
                diffs.append({"before": redact.mask(before or "", plan), "after": files[name],
                              "before_header": path, "after_header": path})
    result = {"changed": bool(changed), "files": [os.path.join(params["dest"], n) for n in sorted(files)],
              "changed_files": changed}
    if diffs:
        result["diff"] = diffs
    module.exit_json(**result)


if __name__ == "__main__":
    main()
