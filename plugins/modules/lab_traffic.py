#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: lab_traffic
short_description: Send real TCP, UDP or multicast traffic between two lab nodes and report what arrived
version_added: 1.0.0
description:
  - Starts a listener in the O(receiver) node, sends O(count) TCP connections or UDP datagrams from the
    O(sender) node to O(destination) (a unicast address or a multicast group the receiver joins), and
    returns every message the receiver got with the source address and port it saw, so a verify play
    can assert reachability, which public address a NATed client arrived with, or multicast delivery.
  - "Runs on the controller (C(delegate_to: localhost)) against a lab made by M(netdesign.resilience.lab).
    Sends only between the lab's own namespaces."
  - Never changes anything; always reports C(changed=false).
options:
  sender:
    description: The node that sends.
    type: str
    required: true
  receiver:
    description: The node that listens.
    type: str
    required: true
  destination:
    description: Where the sender sends to; a multicast group makes the receiver join it (UDP only).
    type: str
    required: true
  proto:
    description: Transport.
    type: str
    choices: [tcp, udp]
    default: udp
  port:
    description: Destination port.
    type: int
    default: 50000
  count:
    description: How many connections or datagrams to send.
    type: int
    default: 3
  source:
    description: Source address the sender binds to (and, for multicast, the interface it sends from).
    type: str
  listen:
    description: Address the receiver binds to (for multicast, the address of the interface that joins).
    type: str
    default: 0.0.0.0
  timeout:
    description: Seconds the receiver waits for all messages.
    type: float
    default: 10.0
  ttl:
    description: Multicast TTL / hop limit.
    type: int
    default: 16
  session:
    description:
      - With O(proto=tcp), hold ONE connection open for this many seconds instead of O(count) short ones,
        sending a numbered line every O(interval) that the receiver echoes; O(timeout) is how long one
        echo may take. Run it with C(async) and inject a fault meanwhile to see whether an established
        connection survives. Returns RV(session).
    type: float
    default: 0
  interval:
    description: Seconds between messages (O(session) only; O(count) messages keep their own pacing).
    type: float
    default: 0.1
  talker:
    description:
      - Which end of a O(session) sends the numbered lines and waits for their echo - C(client) (the
        sender, which always opens the connection) or C(server) (a server push, as a download).
    type: str
    choices: [client, server]
    default: client
attributes:
  check_mode:
    description: Sends the traffic in check mode too; it changes nothing.
    support: full
extends_documentation_fragment:
  - netdesign.resilience.lab
author: netdesign.resilience maintainers (@netdesign)
"""

EXAMPLES = r"""
- name: A client's UDP reaches the server, which sees the public address SNAT gave it
  netdesign.resilience.lab_traffic:
    lab: nat
    sender: client1
    receiver: server
    destination: 198.51.100.10
    proto: udp
  delegate_to: localhost
  register: seen

- name: Multicast on a segment
  netdesign.resilience.lab_traffic:
    lab: mcast
    sender: src
    receiver: listener
    destination: 239.1.1.1
    source: 10.0.1.10
    listen: 10.0.2.20
  delegate_to: localhost
"""

RETURN = r"""
sent:
  description: How many connections or datagrams the sender got out.
  returned: unless O(session) is set
  type: int
received:
  description: What the receiver got, in order.
  returned: unless O(session) is set
  type: list
  elements: dict
  contains:
    from:
      description: Source address the receiver saw.
      type: str
    port:
      description: Source port the receiver saw.
      type: int
    payload:
      description: The message.
      type: str
sources:
  description: The distinct source addresses the receiver saw, sorted.
  returned: unless O(session) is set
  type: list
  elements: str
session:
  description: Result of a held connection (O(session)), with C(from) and C(port), the source address and port the
    receiver saw, as in RV(received).
  returned: O(session) > 0
  type: dict
  contains:
    sent:
      description: Lines sent.
      type: int
    echoed:
      description: Lines echoed back.
      type: int
    max_gap:
      description: Longest time in seconds between two echoes (the outage the connection lived through).
      type: float
    error:
      description: Why the connection broke, or null when it did not.
      type: str
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.netdesign.resilience.plugins.module_utils.lab import agent as A


def main():
    module = AnsibleModule(
        argument_spec=A.argument_spec(
            sender=dict(type="str", required=True),
            receiver=dict(type="str", required=True),
            destination=dict(type="str", required=True),
            proto=dict(type="str", default="udp", choices=["tcp", "udp"]),
            port=dict(type="int", default=50000),
            count=dict(type="int", default=3),
            source=dict(type="str"),
            listen=dict(type="str", default="0.0.0.0"),
            timeout=dict(type="float", default=10.0),
            ttl=dict(type="int", default=16),
            session=dict(type="float", default=0.0),
            interval=dict(type="float", default=0.1),
            talker=dict(type="str", default="client", choices=["client", "server"]),
        ),
        supports_check_mode=True,
    )
    p = module.params
    if p["session"] > 0:
        if p["proto"] != "tcp":
            module.fail_json(msg="session: needs proto tcp, got proto %s" % p["proto"])
        with A.failing(module):
            result = A.lab("session", p["lab"], p["sender"], p["receiver"], p["destination"], port=p["port"],
                           seconds=p["session"], interval=p["interval"], source=p["source"], wait=p["timeout"],
                           talker=p["talker"])
        module.exit_json(changed=False, session=result)
    with A.failing(module):
        result = A.lab("traffic", p["lab"], p["sender"], p["receiver"], p["destination"], proto=p["proto"],
                       port=p["port"], count=p["count"], source=p["source"], listen=p["listen"], timeout=p["timeout"],
                       ttl=p["ttl"])
    module.exit_json(changed=False, sent=result["sent"], received=result["received"],
                     sources=sorted({r["from"] for r in result["received"]}))


if __name__ == "__main__":
    main()
