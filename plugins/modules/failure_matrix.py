#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: failure_matrix
short_description: Predict the failure matrix of a design from its plan or intent, with no lab
version_added: 1.0.0
description:
  - Returns one row per single failure the design cares about, predicted offline (the same rows as
    P(netdesign.resilience.failure_matrix#filter)) - what to inject, the predicted steady state, the time
    bound of the design's timers with its arithmetic, the state after the repair and its bound, and the
    invariants to check during the transition. The rows are predictions, not measurements.
  - Given O(intent), the intent is planned even when the design check refuses it, and each error finding
    that changes a failover is shown on the rows it breaks (RV(findings) holds them all, RV(unshown) those no
    row shows).
  - "Changes nothing anywhere; usually run with C(delegate_to: localhost). Needs the Python library
    C(netaddr) where it runs."
options:
  plan:
    description: The design's plan (P(netdesign.resilience.design_plan#filter)); give this or O(intent).
    type: dict
  intent:
    description: The design's intent; give this or O(plan).
    type: dict
  hosts:
    description: The plan's hosts (the router, the NAT box), used in the rows' names and injections.
    type: list
    elements: str
    default: []
  peers:
    description: The other plans of the network, each with the keys C(design), C(plan), C(hosts) and C(options).
    type: list
    elements: dict
    default: []
  options:
    description: Values the plan does not keep (C(check_interval), C(fast), C(bond_options)) and protocol timers.
    type: dict
    default: {}
extends_documentation_fragment:
  - netdesign.resilience.design
  - netdesign.resilience.design.offline
author: netdesign.resilience maintainers (@netdesign)
"""

EXAMPLES = r"""
- name: What a WAN failure of this branch would do, and how long it may take
  netdesign.resilience.failure_matrix:
    design: wan_backup_vrrp
    intent: "{{ hostvars[inventory_hostname] | netdesign.resilience.design_intent('wan_backup_vrrp') }}"
    hosts: ["{{ inventory_hostname }}"]
  delegate_to: localhost
  register: matrix
"""

RETURN = r"""
rows:
  description: The rows (see P(netdesign.resilience.failure_matrix#filter) for their keys); every one predicted.
  returned: success
  type: list
  elements: dict
findings:
  description: With O(intent), the design check's findings; empty with O(plan).
  returned: success
  type: list
  elements: dict
unshown:
  description: With O(intent), the error findings no row shows (they break a rendering or management, not a failover).
  returned: success
  type: list
  elements: dict
"""

from ansible.module_utils.basic import AnsibleModule, missing_required_lib
from ansible_collections.netdesign.resilience.plugins.module_utils.core import design as D
from ansible_collections.netdesign.resilience.plugins.module_utils.matrix import predict as FM
from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I
from ansible_collections.netdesign.resilience.plugins.module_utils.core import redact as R


def _secrets(params):
    """The secrets of the intent and of every plan given (a vrf_static_tracking router's among the peers too)."""
    found = R.values(params.get("intent"), R.INTENT_SECRETS) + R.values(params.get("plan"), R.PLAN_SECRETS)
    for peer in params.get("peers") or []:
        if isinstance(peer, dict):
            found += R.values(peer.get("plan"), R.PLAN_SECRETS)
    return set(value for _marker, value in found if value)


class _Module(AnsibleModule):
    """The intent's and plan's secrets are named before AnsibleModule logs its invocation."""

    def _log_invocation(self):
        self.no_log_values.update(_secrets(self.params))
        super()._log_invocation()

    def fail_json(self, msg, **kwargs):
        # also when the arguments are refused while the module is built, before main() could name the secrets
        self.no_log_values.update(_secrets(getattr(self, "params", None) or {}))
        super().fail_json(msg, **kwargs)


def main():
    module = _Module(
        argument_spec=dict(
            design=dict(type="str", required=True, choices=sorted(D.DESIGNS)),
            plan=dict(type="dict"),
            intent=dict(type="dict"),
            hosts=dict(type="list", elements="str", default=[]),
            peers=dict(type="list", elements="dict", default=[]),
            options=dict(type="dict", default={}),
        ),
        mutually_exclusive=[("plan", "intent")],
        required_one_of=[("plan", "intent")],
        supports_check_mode=True,
    )
    if I.netaddr is None:
        module.fail_json(msg=missing_required_lib("netaddr"))
    module.no_log_values.update(_secrets(module.params))
    params = module.params
    try:
        if params["intent"] is not None:
            result = FM.for_intent(params["design"], params["intent"], params["hosts"], params["peers"])
            module.exit_json(changed=False, rows=result["rows"], findings=result["findings"], unshown=result["unshown"])
        rows = FM.matrix(params["design"], params["plan"], params["options"], params["hosts"], params["peers"])
    except (ValueError, TypeError) as exc:
        module.fail_json(msg=str(exc))
    module.exit_json(changed=False, rows=rows, findings=[], unshown=[])


if __name__ == "__main__":
    main()
