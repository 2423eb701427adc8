#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: lab
short_description: Create or destroy a namespace lab (nodes, veth links, bridged segments)
version_added: 1.0.0
description:
  - A lab node is a network namespace with its own mount and UTS namespaces, a writable private
    C(/etc) and C(/var) (overlays of the host's) and fresh C(/run) and C(/tmp), on the host's programs;
    a container without an image. FRR, keepalived, conntrackd and nftables run in it as on a host.
  - Links are veth pairs; a link with more than two endpoints is a bridge in the lab's switch
    namespace C(<name>-sw). Nothing is created in the host's own network namespace.
  - O(state=present) is idempotent (a lab already running the same topology is left alone; a changed
    topology is rebuilt). O(state=absent) removes every namespace, process and state file of the lab,
    also after a failed or interrupted run.
  - Tasks reach a node with the connection plugin P(netdesign.resilience.netns#connection), using
    C(ansible_host=<name>-<node>).
  - Must run as root on the machine that holds the lab (usually C(localhost)).
options:
  name:
    description: Lab name, 1-15 lowercase letters, digits or C(_); prefixes every namespace.
    type: str
    required: true
  state:
    description: Whether the lab should exist.
    type: str
    choices: [present, absent]
    default: present
  nodes:
    description:
      - "Nodes by name, each with optional C(interfaces) mapping an interface name to C({addresses:
        [address/len, ...]}). C(lo) may carry addresses too."
      - "Nodes that no role configures (clients, servers, plain routers) can also have C(routes), a list of
        C({to: prefix|default, via: address, dev: interface, metric: n}), and C(sysctls), a mapping of
        C(net.*) keys to values (per network namespace), both applied when the lab is created."
      - "A node may have C(image), the name of a lab image (for example C(debian13): Debian 13 with FRR 10, built
        from Debian's packages by the repository's C(scripts/lab_image.py)); it then runs chrooted into a private
        overlay of that image, its programs the image's. Without it a node runs on the host's userland."
    type: dict
    default: {}
  links:
    description:
      - Links, each a list of C(node:interface) endpoints (two for a veth pair, more for a bridged
        segment) or a mapping with C(name) and C(endpoints).
    type: list
    elements: raw
    default: []
  inventory:
    description:
      - Write an Ansible inventory of the nodes to this path (group C(<name>), C(ansible_host=<name>-<node>),
        C(ansible_connection=netdesign.resilience.netns)). Removed again with O(state=absent).
    type: path
attributes:
  check_mode:
    description: Reports whether the lab would be created, rebuilt or removed, and changes nothing.
    support: full
  diff_mode:
    description: Not supported.
    support: none
notes:
  - Needs iproute2, util-linux (C(nsenter), C(unshare)) and kernel support for network namespaces,
    veth, bridge and overlayfs.
author: netdesign.resilience maintainers (@netdesign)
"""

EXAMPLES = r"""
- name: Two FRR routers over a veth, and a LAN segment with two hosts
  netdesign.resilience.lab:
    name: demo
    nodes:
      r1: {interfaces: {eth1: {addresses: [10.0.12.1/30]}, eth2: {addresses: [10.9.0.1/24]}}}
      r2: {interfaces: {eth1: {addresses: [10.0.12.2/30]}}}
      h1: {interfaces: {eth0: {addresses: [10.9.0.11/24]}}}
      h2: {interfaces: {eth0: {addresses: [10.9.0.12/24]}}}
    links:
      - [r1:eth1, r2:eth1]
      - {name: lan, endpoints: [r1:eth2, h1:eth0, h2:eth0]}
    inventory: "{{ playbook_dir }}/lab-inventory.yml"
  delegate_to: localhost

- name: Tear it down
  netdesign.resilience.lab:
    name: demo
    state: absent
  delegate_to: localhost
"""

RETURN = r"""
nodes:
  description: The running nodes, by name.
  returned: state is present
  type: dict
  sample: {"r1": {"netns": "demo-r1", "pid": 4242}}
leftovers:
  description: What of the lab still exists after O(state=absent) (empty when the teardown was clean).
  returned: state is absent
  type: list
  elements: str
  sample: []
"""

import json
import os

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.netdesign.resilience.plugins.module_utils.lab import namespace as L
from ansible_collections.netdesign.resilience.plugins.module_utils.lab import agent as A


def _inventory(name, state):
    hosts = {node: {"ansible_host": info["netns"], "ansible_connection": "netdesign.resilience.netns"}
             for node, info in sorted(state["nodes"].items())}
    # JSON is YAML: the file is a valid .yml inventory without needing PyYAML where the module runs.
    return json.dumps({"all": {"children": {name: {"hosts": hosts}}}}, indent=2, sort_keys=True) + "\n"


def main():
    module = AnsibleModule(
        argument_spec=dict(
            name=dict(type="str", required=True),
            state=dict(type="str", default="present", choices=["present", "absent"]),
            nodes=dict(type="dict", default={}),
            links=dict(type="list", elements="raw", default=[]),
            inventory=dict(type="path"),
        ),
        supports_check_mode=True,
    )
    name, inventory = module.params["name"], module.params["inventory"]
    if os.geteuid() != 0:
        module.fail_json(msg="the lab needs root (network namespaces, mounts)")
    with A.failing(module):
        if module.params["state"] == "absent":
            changed = bool(A.lab("leftovers", name)) or A.lab("load_state", name) is not None
            if changed and not module.check_mode:
                A.lab("destroy", name)
            if inventory and os.path.exists(inventory):
                changed = True
                if not module.check_mode:
                    os.unlink(inventory)
            module.exit_json(changed=changed, leftovers=[] if module.check_mode else A.lab("leftovers", name))
        topology = {"name": name, "nodes": module.params["nodes"], "links": module.params["links"]}
        running = A.lab("is_running", L.parse_topology(topology))
        if module.check_mode:
            module.exit_json(changed=not running, nodes=running["nodes"] if running else {})
        changed, state = A.lab("create", topology)
        if inventory:
            text = _inventory(name, state)
            old = open(inventory).read() if os.path.exists(inventory) else None
            if old != text:
                with open(inventory, "w") as handle:
                    handle.write(text)
                changed = True
        module.exit_json(changed=changed, nodes=state["nodes"])


if __name__ == "__main__":
    main()
