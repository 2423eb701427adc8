#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: ios_vty
short_description: IOS/IOS-XE VTY lines (access-class in vrf-also, login authentication, transport)
version_added: 1.0.0
description:
  - Manages C(line vty FIRST LAST) blocks with C(access-class ACL in vrf-also) (SSH from the management VRF
    filtered by the ACL), C(exec-timeout), C(logging synchronous), C(login authentication) and
    C(transport input), with the conventions of the cisco.ios resource modules.
  - V(deleted) removes the block's lines, never the lines themselves.
options:
  config:
    description: The VTY line ranges.
    type: list
    elements: dict
    suboptions:
      first:
        description: First line of the range.
        type: int
        required: true
      last:
        description: Last line of the range.
        type: int
        required: true
      access_class:
        description: Standard ACL applied inbound, in every VRF (C(in vrf-also)).
        type: str
      exec_timeout:
        description: Idle timeout.
        type: dict
        suboptions:
          minutes:
            description: Minutes.
            type: int
            required: true
          seconds:
            description: Seconds.
            type: int
            default: 0
      logging_synchronous:
        description: C(logging synchronous).
        type: bool
      login_authentication:
        description: AAA method list for logins.
        type: str
      transport_input:
        description: Allowed input transport.
        type: str
        choices: [ssh, telnet, all, none]
extends_documentation_fragment:
  - netdesign.resilience.ios_resource
author: netdesign.resilience maintainers (@netdesign)
"""

EXAMPLES = r"""
- name: The management write-up's VTY lines
  netdesign.resilience.ios_vty:
    config:
      - {first: 0, last: 4, access_class: SSH-ACCESS, exec_timeout: {minutes: 5}, logging_synchronous: true,
         login_authentication: TAC_PLUS, transport_input: ssh}
      - {first: 5, last: 16, exec_timeout: {minutes: 0}, logging_synchronous: true, transport_input: none}
    state: replaced
"""

RETURN = r"""
commands:
  description: The commands sent (or, in check mode, that would be sent).
  sample: [line vty 0 4, " no exec-timeout 10 0", " no transport input telnet", " access-class SSH-ACCESS in vrf-also",
      " exec-timeout 5 0", " logging synchronous", " login authentication TAC_PLUS", " transport input ssh", line vty 5 16,
      " exec-timeout 0 0", " logging synchronous"]
  returned: merged, replaced, overridden, deleted
  type: list
  elements: str
before:
  description: The device's VTY line ranges before.
  sample: [{first: 0, last: 4, exec_timeout: {minutes: 10, seconds: 0}, transport_input: telnet}, {first: 5, last: 16,
      transport_input: none}]
  returned: merged, replaced, overridden, deleted
  type: list
  elements: dict
after:
  description: The device's VTY line ranges after (as computed in check mode).
  sample: [{first: 0, last: 4, access_class: SSH-ACCESS, exec_timeout: {minutes: 5, seconds: 0}, logging_synchronous: true,
      login_authentication: TAC_PLUS, transport_input: ssh}, {first: 5, last: 16, exec_timeout: {minutes: 0, seconds: 0},
      logging_synchronous: true, transport_input: none}]
  returned: merged, replaced, overridden, deleted
  type: list
  elements: dict
rendered:
  description: The configuration lines of O(config).
  sample: [line vty 0 4, " access-class SSH-ACCESS in vrf-also", " exec-timeout 5 0", " logging synchronous",
      " login authentication TAC_PLUS", " transport input ssh", line vty 5 16, " exec-timeout 0 0", " logging synchronous",
      " transport input none"]
  returned: rendered
  type: list
  elements: str
parsed:
  description: The VTY line ranges in O(running_config).
  sample: [{first: 0, last: 4, access_class: SSH-ACCESS, exec_timeout: {minutes: 5, seconds: 0}, logging_synchronous: true,
      login_authentication: TAC_PLUS, transport_input: ssh}, {first: 5, last: 16, exec_timeout: {minutes: 0, seconds: 0},
      logging_synchronous: true, transport_input: none}]
  returned: parsed
  type: list
  elements: dict
gathered:
  description: The device's VTY line ranges.
  sample: [{first: 0, last: 4, exec_timeout: {minutes: 10, seconds: 0}, transport_input: telnet}, {first: 5, last: 16,
      transport_input: none}]
  returned: gathered
  type: list
  elements: dict
"""

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.connection import Connection

from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import module as M
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import syntax as S


def main():
    module = M.resource_module(AnsibleModule, DOCUMENTATION)
    M.run(module, S.VTY, to_items=lambda config: M.options_to_items(config, ("logging_synchronous",)),
          connection=Connection)


if __name__ == "__main__":
    main()
