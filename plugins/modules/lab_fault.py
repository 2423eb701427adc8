#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: lab_fault
short_description: Inject failures into a namespace lab (link down/up/flap, node stop/start) with timestamps
version_added: 1.0.0
description:
  - Takes a lab node's interface down or up, flaps it for a given time, or stops and starts a whole node
    (every interface down and every process killed, like pulling its plugs), and returns the wall-clock
    time of each action so a verify play can measure failover and recovery times.
  - Always reports a change; in check mode it does nothing.
options:
  node:
    description: The node.
    type: str
    required: true
  action:
    description: What to do.
    type: str
    required: true
    choices: [link_down, link_up, link_flap, node_stop, node_start]
  interface:
    description: The node's interface, for the link actions.
    type: str
  down_seconds:
    description: How long O(action=link_flap) keeps the interface down.
    type: float
    default: 1.0
  watch:
    description:
      - Right after the action, poll a command on a node until its output contains (or, with
        C(present=false), no longer contains) a text, and report when. This measures failover from the
        moment of the fault without an Ansible task in between.
      - "Keys: C(node), C(command) (argv list), C(text), C(present) (default true), C(timeout) seconds
        (default 30), C(interval) seconds between polls (default 0.05)."
      - When the condition is not met within the timeout the module still succeeds, with C(watch.met) false
        (a flap shorter than a delay must change nothing).
    type: dict
extends_documentation_fragment:
  - netdesign.resilience.lab
author: netdesign.resilience maintainers (@netdesign)
"""

EXAMPLES = r"""
- name: Cut the active linknet and remember when
  netdesign.resilience.lab_fault:
    lab: vst
    node: router
    interface: po10
    action: link_down
  delegate_to: localhost
  register: cut

- name: A flap shorter than the tracking delay
  netdesign.resilience.lab_fault:
    lab: vst
    node: router
    interface: po10
    action: link_flap
    down_seconds: 1
  delegate_to: localhost
"""

RETURN = r"""
at:
  description: Unix time (seconds, float) when the action took effect (the down time for a flap).
  returned: success
  type: float
up_at:
  description: Unix time when a flapped interface came back up.
  returned: action is link_flap
  type: float
watch:
  description: "C({met, at, elapsed, polls, output}): whether the watched condition happened, when, seconds
    after the action (after the interface came back for a flap's O(watch)), and the last output."
  returned: O(watch) was given
  type: dict
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.netdesign.resilience.plugins.module_utils.lab import agent as A


def main():
    module = AnsibleModule(
        argument_spec=A.argument_spec(
            node=dict(type="str", required=True),
            action=dict(type="str", required=True,
                        choices=["link_down", "link_up", "link_flap", "node_stop", "node_start"]),
            interface=dict(type="str"),
            down_seconds=dict(type="float", default=1.0),
            watch=dict(type="dict"),
        ),
        required_if=[("action", "link_down", ["interface"]), ("action", "link_up", ["interface"]),
                     ("action", "link_flap", ["interface"])],
        supports_check_mode=True,
    )
    p = module.params
    if module.check_mode:
        module.exit_json(changed=True)
    watch = p["watch"]
    if watch is not None:
        missing = [k for k in ("node", "command", "text") if k not in watch]
        if missing or not isinstance(watch.get("command"), list):
            module.fail_json(msg="watch: needs node, command (a list) and text; got %r" % (watch,))
    result = {"changed": True}
    with A.failing(module):
        if p["action"] == "link_flap":
            result["at"], result["up_at"] = A.lab("link_flap", p["lab"], p["node"], p["interface"], p["down_seconds"])
        elif p["action"] in ("link_down", "link_up"):
            result["at"] = A.lab("link_set", p["lab"], p["node"], p["interface"], p["action"] == "link_up")
        elif p["action"] == "node_stop":
            result["at"] = A.lab("node_stop", p["lab"], p["node"])
        else:
            result["at"] = A.lab("node_start", p["lab"], p["node"])
        if watch is not None:
            seen = A.lab("watch", p["lab"], watch["node"], [str(a) for a in watch["command"]], str(watch["text"]),
                         present=bool(watch.get("present", True)), timeout=float(watch.get("timeout", 30)),
                         interval=float(watch.get("interval", 0.05)))
            seen["elapsed"] = round(seen["at"] - result.get("up_at", result["at"]), 3)
            result["watch"] = seen
    module.exit_json(**result)


if __name__ == "__main__":
    main()
