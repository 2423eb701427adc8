#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: design_plan
short_description: Plan one of the five resilience designs and check it for known pitfalls
version_added: 1.0.0
description:
  - Validates the intent of a design, reports the pitfalls its write-up describes (the same findings as
    P(netdesign.resilience.design_check#filter)) and returns the complete, deterministic plan that the
    collection's IOS, FRR and Linux renderers consume (the same as P(netdesign.resilience.design_plan#filter)).
  - Fails when there are findings at or above O(fail_on); a malformed intent fails with a message naming
    the field and the value.
  - "Changes nothing anywhere; usually run with C(delegate_to: localhost). Needs the Python library
    C(netaddr) where it runs."
  - "The returned plan has the intent's secrets (the TACACS+ key and SNMP community of vrf_static_tracking's
    management intent) replaced by the markers C(<secret:management.tacacs_key>) and
    C(<secret:management.snmp.community>), and they are masked wherever else they would appear in the result.
    To apply a plan to a device, plan with P(netdesign.resilience.design_plan#filter) or the design_check role,
    which keep them."
options:
  fail_on:
    description: Fail on findings of this severity or worse; V(never) only reports them.
    type: str
    default: error
    choices: [error, warning, never]
extends_documentation_fragment:
  - netdesign.resilience.design
  - netdesign.resilience.design.offline
  - netdesign.resilience.design.intent
author: netdesign.resilience maintainers (@netdesign)
"""

EXAMPLES = r"""
- name: Plan the VRRP WAN backup of this office and refuse a plan with pitfalls
  netdesign.resilience.design_plan:
    design: wan_backup_vrrp
    intent:
      interface: FastEthernet0/0
      virtual_ip: 10.0.10.1
      address: 10.0.10.2/24
      main: {priority: 110, preempt_delay: 60, track: [{object: 1, interface: Multilink1, decrement: 100}]}
      backup: {priority_min: 50, priority_max: 75}
  delegate_to: localhost
  register: vrrp

- name: Plan a design from the inventory variables of this host
  netdesign.resilience.design_plan:
    design: sixto4_bgp
    intent: "{{ hostvars[inventory_hostname] | netdesign.resilience.design_intent('sixto4_bgp') }}"
    fail_on: warning
  delegate_to: localhost
"""

RETURN = r"""
plan:
  description:
    - The plan; its keys depend on the design. Always has C(design) and a one-line C(summary).
    - Secrets as markers (see P(netdesign.resilience.redact_secrets#filter)).
  returned: success
  type: dict
  sample: {"design": "wan_backup_vrrp", "summary": "VRRP 1 on FastEthernet0/0: main priority 110 ..."}
findings:
  description: Findings (code, severity, message, where), errors first; empty when the intent is sound.
  returned: always
  type: list
  elements: dict
  sample: [{"code": "vrrp-priority", "severity": "error", "message": "...", "where": "main.track"}]
"""

from ansible.module_utils.basic import AnsibleModule, missing_required_lib
from ansible_collections.netdesign.resilience.plugins.module_utils.core import design as D
from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I
from ansible_collections.netdesign.resilience.plugins.module_utils.core import redact as R

LEVELS = {"error": ("error",), "warning": ("error", "warning"), "never": ()}


def _secrets(params):
    return set(value for _marker, value in R.values(params.get("intent"), R.INTENT_SECRETS) if value)


class _Module(AnsibleModule):
    """AnsibleModule logs its invocation (the controller's syslog or journal) while it is being built,
    before main() could name the intent's secrets: named here first, they are masked there too."""

    def _log_invocation(self):
        self.no_log_values.update(_secrets(self.params))
        super()._log_invocation()


def main():
    module = _Module(
        argument_spec=dict(
            design=dict(type="str", required=True, choices=sorted(D.DESIGNS)),
            intent=dict(type="dict", required=True),
            fail_on=dict(type="str", default="error", choices=["error", "warning", "never"]),
        ),
        supports_check_mode=True,
    )
    if I.netaddr is None:
        module.fail_json(msg=missing_required_lib("netaddr"), findings=[])
    design, intent = module.params["design"], module.params["intent"]
    # the intent's secrets are masked wherever they would appear in the result, module_args included
    module.no_log_values.update(_secrets(module.params))
    try:
        findings = D.check(design, intent)
    except (ValueError, TypeError) as exc:
        module.fail_json(msg="intent: %s" % exc, findings=[])
    blocking = [f for f in findings if f["severity"] in LEVELS[module.params["fail_on"]]]
    if blocking:
        module.fail_json(
            msg="%s has %d blocking finding(s): %s" % (design, len(blocking), "; ".join(D.finding_text(f) for f in blocking)),
            findings=findings)
    try:
        plan = D.plan(design, intent)
    except (ValueError, TypeError) as exc:
        module.fail_json(msg="intent: %s" % exc, findings=findings)
    module.exit_json(changed=False, plan=R.redact(plan), findings=findings)


if __name__ == "__main__":
    main()
