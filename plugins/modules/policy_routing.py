#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: policy_routing
short_description: Named routing tables, ip rules and routes in those tables, live and persistent
version_added: 1.0.0
description:
  - Manages what the eduroam write-up does by hand in "VRF to the rescue" - a named table in
    C(/etc/iproute2/rt_tables.d/), C(ip rule) entries that select it (by C(iif), C(from) or C(fwmark)),
    and the routes in it - on hosts without NetworkManager (no core module does this).
  - The tables listed in O(tables) are owned by this module, under O(name). Every rule pointing at
    them and every route in them is made to match O(rules) and O(routes) (extra ones are removed);
    no other rule, route or table is touched.
  - Live changes are made with C(ip); persistence is an ifupdown hook in C(/etc/network/if-up.d/)
    (run by ifupdown and ifupdown2 whenever an interface comes up - rules with C(lo), each route
    with its device) and a C(rt_tables.d) file for the names.
options:
  name:
    description: Name of this set of tables, rules and routes (names the persistence files).
    type: str
    default: netdesign
  tables:
    description: The tables this module owns.
    type: list
    elements: dict
    default: []
    suboptions:
      id:
        description: Table number, 1-252 (0 and 253-255 are the kernel's).
        type: int
        required: true
      name:
        description: Its name in C(rt_tables.d).
        type: str
        required: true
  rules:
    description: Rules selecting one of O(tables).
    type: list
    elements: dict
    default: []
    suboptions:
      priority:
        description: Rule priority (1-32765), also its identity.
        type: int
        required: true
      table:
        description: Table name or id (one of O(tables)).
        type: str
        required: true
      iif:
        description: Incoming interface (forwarded packets that arrived there).
        type: str
      from:
        description: Source prefix.
        type: str
      fwmark:
        description: Firewall mark.
        type: int
  routes:
    description: Routes in O(tables).
    type: list
    elements: dict
    default: []
    suboptions:
      table:
        description: Table name or id (one of O(tables)).
        type: str
        required: true
      to:
        description: Destination prefix or C(default).
        type: str
        required: true
      via:
        description: Next hop.
        type: str
      dev:
        description: Outgoing interface.
        type: str
      metric:
        description: Route metric.
        type: int
  persist:
    description: Also write the rt_tables.d file and the if-up.d hook.
    type: bool
    default: true
  state:
    description: C(absent) removes our rules, flushes our tables and removes the files.
    type: str
    choices: [present, absent]
    default: present
attributes:
  check_mode:
    description: Computes the change from the kernel's state and the files without making it.
    support: full
  diff_mode:
    description: Shows tables, rules and routes before and after.
    support: full
requirements:
  - iproute2 with JSON output (C(ip -j))
notes:
  - Routes are added with C(ip route replace), so their devices must exist (apply the interface
    configuration first). Rules may name interfaces that do not exist yet.
author: netdesign.resilience maintainers (@netdesign)
"""

EXAMPLES = r"""
- name: Forwarded eduroam traffic uses the egress table, the box's own traffic the main table (eth0)
  netdesign.resilience.policy_routing:
    tables: [{id: 200, name: Eduroam-egress}]
    rules: [{priority: 1000, iif: bond0, table: Eduroam-egress}]
    routes: [{table: Eduroam-egress, to: default, via: 163.1.120.2, dev: bond1}]
"""

RETURN = r"""
commands:
  description: The ip commands run (or, in check mode, that would run).
  returned: always
  type: list
  elements: str
  sample: ["ip rule add priority 1000 iif bond0 table 200"]
"""

import json
import os

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.linux import host
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.linux import policy_routing as P


def _ip_json(module, run, argv):
    rc, out, err = run(argv)
    if rc != 0 and "table does not exist" in err:  # a table with no route yet
        return []
    if rc != 0:
        module.fail_json(msg="%s failed: %s" % (" ".join(argv), err.strip()))
    return json.loads(out or "[]")


def main():
    module = AnsibleModule(
        argument_spec=dict(
            name=dict(type="str", default="netdesign"),
            tables=dict(type="list", elements="dict", default=[], options=dict(
                id=dict(type="int", required=True), name=dict(type="str", required=True))),
            rules=dict(type="list", elements="dict", default=[], options={
                "priority": dict(type="int", required=True), "table": dict(type="str", required=True),
                "iif": dict(type="str"), "from": dict(type="str"), "fwmark": dict(type="int")}),
            routes=dict(type="list", elements="dict", default=[], options=dict(
                table=dict(type="str", required=True), to=dict(type="str", required=True),
                via=dict(type="str"), dev=dict(type="str"), metric=dict(type="int"))),
            persist=dict(type="bool", default=True),
            state=dict(type="str", default="present", choices=["present", "absent"]),
        ),
        supports_check_mode=True,
    )
    params = module.params
    name = params["name"]
    if not P.NAME_RE.match(name):
        module.fail_json(msg="name: %r is not a valid name (letters, digits, _.-)" % name)
    try:
        want = P.desired(params["tables"], params["rules"], params["routes"])
    except ValueError as exc:
        module.fail_json(msg=str(exc))
    run = host.runner(module)
    have_rules = P.parse_rules(_ip_json(module, run, ["ip", "-N", "-j", "rule", "show"]), want["tables"])
    have_routes = []
    for table in sorted(want["tables"]):
        have_routes += P.parse_routes(_ip_json(module, run, ["ip", "-N", "-j", "route", "show", "table", str(table)]),
                                      table)
    absent = params["state"] == "absent"
    target = {"tables": want["tables"], "rules": [], "routes": []} if absent else want
    cmds = P.commands(target, have_rules, have_routes)
    changed = bool(cmds)
    if not module.check_mode:
        for argv in cmds:
            rc, _out, err = run(argv)
            if rc != 0:
                module.fail_json(msg="%s failed: %s" % (" ".join(argv), err.strip()), commands=[" ".join(c) for c in cmds])
    files = {os.path.join(P.TABLES_DIR, "%s.conf" % name): (P.tables_file(want), 0o644),
             os.path.join(P.HOOK_DIR, "netdesign-policy-routing-%s" % name): (P.hook_script(name, want), 0o755)}
    for path, (text, mode) in files.items():
        if params["persist"] or absent:
            changed |= host.write(module, path, None if absent else text, mode)
    result = dict(changed=changed, commands=[" ".join(c) for c in cmds])
    if module._diff:  # pylint: disable=protected-access
        result["diff"] = {"before": P.describe(want["tables"], have_rules, have_routes),
                          "after": "" if absent else P.describe(want["tables"], want["rules"], want["routes"])}
    module.exit_json(**result)


if __name__ == "__main__":
    main()
