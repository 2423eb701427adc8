#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: frr_config
short_description: Apply an integrated FRR configuration with frr-reload.py (only the delta, atomically)
version_added: 1.0.0
description:
  - Makes FRR run O(config) (the whole integrated C(frr.conf)) with O(daemons) enabled in C(/etc/frr/daemons).
  - The candidate is syntax-checked with C(vtysh --dryrun) first; nothing is written when it fails.
  - "On a running FRR the change is C(frr-reload.py --test) (running config against the candidate) and is
    applied with C(frr-reload.py --reload): only the lines that differ, in one vtysh session. When FRR is not
    running it is started; when the set of daemons grew it is reloaded with the init script
    (C(frrinit.sh reload) or C(systemctl reload frr)), which starts the new daemons and then runs frr-reload."
  - After an apply, the delta must be empty (waiting up to 30 s for started daemons to load), else the module
    fails naming the lines FRR did not take.
  - On FRR 9 and later, every enabled daemon that gets its configuration from mgmtd (C(staticd), C(ripd), C(ripngd))
    must be listed by C(show mgmt backend-adapter all) (waiting up to 30 s), on every run, else the module fails
    naming it - such a daemon holds nothing while the running configuration shows its lines.
  - "Check mode reports the delta without touching anything; diff mode shows it (C(-) lines to delete,
    C(+) lines to add)."
  - A configuration without a C(hostname) line gets the system's host name, which FRR shows in its running
    configuration anyway (without it every run would delete and re-add it).
options:
  config:
    description: The integrated FRR configuration (for example from the P(netdesign.resilience.frr_render#filter) filter).
    type: str
    required: true
  daemons:
    description: Daemons to enable (set to C(yes)); others are left as they are. zebra always runs.
    type: list
    elements: str
    default: []
  path:
    description: The integrated configuration file.
    type: path
    default: /etc/frr/frr.conf
  daemons_path:
    description: FRR's daemons file.
    type: path
    default: /etc/frr/daemons
  service:
    description:
      - How FRR is started and reloaded. V(systemd) uses the C(frr) unit; V(frrinit) calls FRR's init script
        directly (hosts without systemd, such as lab nodes); V(none) only writes the files.
    type: str
    choices: [frrinit, systemd, none]
    default: systemd
author:
  - netdesign.resilience maintainers (@netdesign)
notes:
  - Needs FRR's C(frr-pythontools) package (frr-reload.py) and C(service integrated-vtysh-config) (Debian's default).
"""

EXAMPLES = r"""
- name: BGP of one sixto4_bgp site, rendered from the plan
  netdesign.resilience.frr_config:
    config: "{{ design_check_plan | netdesign.resilience.frr_render('sixto4_bgp', inventory_hostname) }}"
    daemons: [bgpd, staticd]
"""

RETURN = r"""
delete:
  description: Lines frr-reload removed (or would remove).
  returned: always
  type: list
  elements: str
add:
  description: Lines frr-reload added (or would add).
  returned: always
  type: list
  elements: str
action:
  description: What was done (or would be) to FRR, null when nothing.
  returned: always
  type: str
  sample: frr-reload
running:
  description: Whether FRR was running before.
  returned: always
  type: bool
"""

import time

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.linux import frr
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.linux import host


def main():
    module = AnsibleModule(
        argument_spec=dict(
            config=dict(type="str", required=True),
            daemons=dict(type="list", elements="str", default=[]),
            path=dict(type="path", default="/etc/frr/frr.conf"),
            daemons_path=dict(type="path", default="/etc/frr/daemons"),
            service=dict(type="str", default="systemd", choices=list(frr.SERVICES)),
        ),
        supports_check_mode=True,
    )
    params = module.params
    try:
        result = frr.converge(
            host.runner(module), host.read, lambda path, text: host.write(module, path, text, mode=0o640),
            params["config"], params["daemons"], path=params["path"], daemons_path=params["daemons_path"],
            service=params["service"], check_mode=module.check_mode, sleep=time.sleep)
    except (ValueError, frr.FrrError) as exc:
        module.fail_json(msg=str(exc))
    if module._diff:  # pylint: disable=protected-access
        result["diff"] = {"before": "".join(line + "\n" for line in result["delete"]),
                          "after": "".join(line + "\n" for line in result["add"]),
                          "before_header": "running FRR config (lines to delete)",
                          "after_header": "candidate (lines to add)"}
    module.exit_json(**result)


if __name__ == "__main__":
    main()
