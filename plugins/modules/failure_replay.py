#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: failure_replay
short_description: Replay a design's failure matrix in a running lab and record predicted against measured
version_added: 1.0.0
description:
  - Takes the failure matrix rows of the design's plan (the same rows as M(netdesign.resilience.failure_matrix)
    and the main job's report give, predicted from O(intent)) and replays each in a lab made by
    M(netdesign.resilience.lab) (here or in the VM fallback). It waits for the normal state, injects the failure,
    polls the live state until the predicted state holds or the row's Linux bound plus O(margin) passes,
    checks the row's invariants at every poll, repairs, and polls the return the same way.
  - Prints one progress line per row on the console as it runs and writes O(output), a JSON list with one
    record per row (C(id), C(status) passed/failed/skipped, C(platform) linux, C(switch_seconds),
    C(return_seconds), C(state), C(invariants), C(why), C(bounds) - the Linux bounds and margin its times were
    judged by); see docs/failure-matrix.md.
  - Fails when a row failed (its records are written first). Rows the lab cannot replay are skipped, with why.
  - Runs on the controller (an action), whatever the host; designs with a lab probe so far - C(wan_backup_vrrp),
    C(nat_gateway) (its bond members; a box's own row with the router in front of the boxes among O(peers)),
    C(vrf_static_tracking) (the routes in the router's VRFs), C(sixto4_bgp) (each site's iBGP sessions and BGP routes;
    one plan with every site) and C(anycast_rp) (which RP router every router routes the RP address to).
options:
  design:
    description: The design whose rows are replayed.
    type: str
    required: true
  intent:
    description: The design's intent (its C(<design>_*) variables without the prefix), as the main job plans it.
    type: dict
  hosts:
    description: The plan's hosts as the main job names them (the first names the rows, for example C(main-router)).
    type: list
    elements: str
  plans:
    description: Several plans of the design (each C({intent, hosts})), replayed one after the other, instead of
      O(intent) and O(hosts) (the NAT pair is two plans, C(nat1) and C(nat2)).
    type: list
    elements: dict
  peers:
    description:
      - Plans of other designs the rows read, each C({design, intent, hosts}), as the main job gives them to the
        matrix (every other plan of O(plans) is a peer too). C(nat_gateway) - the C(vrf_static_tracking) router in
        front of the boxes (at most one); with it, a box's own row predicts the router's routes and which box NATs
        afterwards, and the probe reads that router's VRFs (map its node) and names the box its next hops lead to.
    type: list
    elements: dict
  mapping:
    description:
      - The plan's names in the lab, explicit and validated against the rows (a row naming a node or interface
        the mapping lacks fails before anything is injected).
      - "C(nodes): C({<plan node>: {node: <lab node>, interfaces: {<plan interface>: <lab interface>},
        start: [<argv>, ...]}}); C(start) are the commands a power-on runs in the node (its daemons, interfaces of
        its own configuration) before its links come back, with the lab's addresses and routes of the node, for a
        C(node_up) repair; the return is timed from there, so they must leave the links down."
      - "A lab interface is the node's own (a failure shuts it down there, which on Linux also removes the routes
        over it) or C({node: <lab node>, interface: <lab interface>}), the far end of the link (a failure takes that
        down, and the plan's node sees a carrier loss, as when the cable or the neighbour fails)."
      - "C(skip): C({<row key or id>: <why>}): rows not replayed in this lab."
    type: dict
    required: true
  client:
    description: C(wan_backup_vrrp) - the lab node that checks the gateway answers (a host on the LAN).
    type: str
  traffic:
    description:
      - "C(nat_gateway) - where the public address a client gets is read: C({client, server, destination, port})
        (lab nodes, the server's address, a free TCP port), one connection at the end of each phase. Without it the
        address is not read, and each record says C(public-address-unchanged) was not checked in this lab."
    type: dict
  output:
    description: Where the records go (C(build/lab-results/<scenario>.replay.json)).
    type: path
    required: true
  progress:
    description:
      - A file that gets the progress lines too, one per line as they are printed (emptied first), for a caller
        that runs the scenario with its output in a log (C(scripts/site.sh) shows them on the console).
    type: path
  margin:
    description:
      - Seconds added to each Linux bound before a row counts as too slow. Default 1 on this kernel, 3 in the VM
        fallback (NETDESIGN_LAB_AGENT set); docs/failure-matrix.md says why.
    type: float
  rows:
    description: Replay only these rows (ids or their last part, for example C(wan-Multilink1)).
    type: list
    elements: str
  settle:
    description: Seconds to wait for the normal state before a row.
    type: float
    default: 90
  soak:
    description:
      - After the replay, a soak (module_utils/matrix/soak.py) - random sequences of the rows' failures and repairs,
        each row judged as in the replay, with flaps put in at random places. A flap injects a row's failure and
        repairs it a moment later - shorter than the delays that guard the row where the matrix says so (the
        row's C(failure.flap), vrf_static_tracking's track delays), when it must not switch - then waits for
        the return within what is left of the row's failure bound plus its return bound; the row's invariants are checked throughout.
      - "Keys: C(sequences) (how many) or C(minutes) (sequences until this many minutes have passed, up to a week; a
        sequence is never cut), C(seed) (the same seed gives the same events; default 0), C(flaps) (default 10, spread evenly over
        the sequences), C(flap_seconds) (default half the guarded time, else 1; up to 3600). Where some rows carry C(failure.flap), only
        those are flapped."
      - Where the task does not set it, the environment variables C(NETDESIGN_SOAK_MINUTES) and
        C(NETDESIGN_SOAK_SEED) turn it on (C(make soak)).
      - The events and their counts go to O(output) with C(.soak.json) for C(.replay.json); the task fails when a
        row or flap failed or an invariant predicted to hold was seen broken.
    type: dict
seealso:
  - module: netdesign.resilience.failure_matrix
  - module: netdesign.resilience.lab_fault
extends_documentation_fragment:
  - netdesign.resilience.lab
author:
  - netdesign.resilience maintainers (@netdesign)
"""

EXAMPLES = r"""
- name: Replay the VRRP branch's failure matrix
  netdesign.resilience.failure_replay:
    lab: vrrp
    design: wan_backup_vrrp
    intent: "{{ intent }}"
    hosts: [main-router]
    client: host
    output: build/lab-results/wan_backup_vrrp.replay.json
    mapping:
      nodes:
        main-router:
          node: main
          interfaces: {Multilink1: wan, FastEthernet0/0: eth0}
          start: [[keepalived, --use-file, /etc/keepalived/keepalived.conf]]
        netgate:
          node: netgate
          interfaces: {FastEthernet0/0: eth0}

- name: Replay the NAT boxes' own rows, judged by the router in front of them
  netdesign.resilience.failure_replay:
    lab: vst
    design: nat_gateway
    plans:
      - {hosts: [nat1], intent: "{{ nat1_intent }}"}
      - {hosts: [nat2], intent: "{{ nat2_intent }}"}
    peers:
      - {design: vrf_static_tracking, hosts: [lin-router], intent: "{{ router_intent }}"}
    rows: [box-nat1, box-nat2]
    output: build/lab-results/nat_boxes.replay.json
    mapping:
      nodes:
        lin-router: {node: r}
        nat1: {node: nat1}
        nat2: {node: nat2}
"""

RETURN = r"""
records:
  description: One record per row, as written to O(output).
  returned: success or a failed row
  type: list
  elements: dict
summary:
  description: C({passed, failed, skipped}) counts.
  returned: success or a failed row
  type: dict
margin:
  description: The margin used, in seconds.
  returned: success or a failed row
  type: float
output:
  description: The file written.
  returned: success or a failed row
  type: str
soak:
  description:
    - The soak's C(seed), C(sequences), C(seconds), C(flaps), C(summary) (C(rows) and C(flaps) each
      C({passed, failed, skipped}), C(invariant_violations)), C(stopped) (why it ended early, else empty) and
      C(output), the file with every event.
  returned: with O(soak) or NETDESIGN_SOAK_MINUTES
  type: dict
"""
