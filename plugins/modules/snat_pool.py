#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: snat_pool
short_description: Deterministic SNAT of a client range onto a public pool, keyed by the client's last octet
version_added: 1.0.0
description:
  - Maps the last octet (0-255) of every client address onto the usable addresses of O(pool) in
    contiguous, balanced ranges (the plan of the P(netdesign.resilience.snat_pool_plan#filter) filter),
    so one client always leaves with the same public address.
  - "O(backend=nftables) (default): table C(ip netdesign_snat) with one interval map keyed by
    C(ip saddr & 0.0.0.255), replaced in one C(nft -f) transaction."
  - O(backend=iptables_u32) is the eduroam write-up's form, C(-m u32 --u32 "0xc&0xff=LOW:HIGH") rules in
    the nat chain C(NETDESIGN-SNAT), loaded with one C(iptables-restore --noflush) commit.
  - O(backend=ipset) loads one C(hash:ip) set per public address with every client address of those
    last octets (C(ipset restore), about a million entries for a /12), then switches the chain to
    the new sets in one commit and destroys the old ones.
  - Never half-applied, never touches rules it does not own (the nft table, the chain, the one
    POSTROUTING jump carrying its comment, sets named C(nds-*)). Switching backend removes the
    other backend's objects after the switch.
options:
  clients:
    description: The client range (IPv4 prefix), for example C(10.16.0.0/12).
    type: str
  pool:
    description: The public pool (IPv4 prefix of at most 256 usable addresses), for example C(192.76.8.0/26).
    type: str
  out_interface:
    description: Translate only packets leaving this interface (the write-up's C(-o bond1)).
    type: str
  backend:
    description: How the kernel does it.
    type: str
    choices: [nftables, iptables_u32, ipset]
    default: nftables
  split:
    description:
      - C(balanced) gives every usable pool address a contiguous range of last octets, the sizes differing by
        at most one; a number N gives N last octets per address from the first usable one, the last range
        cut at 255 (the write-up's 5, so that C(.48) gets 235-239).
    type: raw
    default: balanced
  iptables_save:
    description:
      - Take the mapping from existing rules instead, the text of C(iptables-save) (or the write-up's
        C(iptables -A ...) lines) whose SNAT rules match the last octet with
        C(-m u32 --u32 "0xc&0xff=LOW:HIGH") and SNAT to one pool address each. Together they must map every
        last octet exactly once; then any backend gives every client the same public address as the old
        rules did. Mutually exclusive with O(split).
    type: str
  path:
    description:
      - With O(backend=nftables), also write the nft script here so it loads at boot (include it
        from C(/etc/nftables.conf)). The other backends are persisted by their own tools
        (iptables-persistent, ipset-persistent).
    type: path
  state:
    description: C(present) applies the mapping; C(absent) removes everything of ours.
    type: str
    choices: [present, absent]
    default: present
attributes:
  check_mode:
    description: Computes the change from the kernel's state without applying it.
    support: full
  diff_mode:
    description: Shows our rules before and after (ipset contents are summarised as counts).
    support: full
requirements:
  - nft (nftables), or iptables-restore/iptables-save with the u32 match, or ipset
notes:
  - Runs on the Linux NAT box itself and needs root.
author: netdesign.resilience maintainers (@netdesign)
"""

EXAMPLES = r"""
- name: The eduroam mapping, clients 10.16.0.0/12 onto 192.76.8.0/26 out of bond1
  netdesign.resilience.snat_pool:
    clients: 10.16.0.0/12
    pool: 192.76.8.0/26
    out_interface: bond1
    path: /etc/nftables.d/netdesign-snat.nft

- name: The same with the write-up's iptables u32 rules
  netdesign.resilience.snat_pool:
    clients: 10.16.0.0/12
    pool: 192.76.8.0/26
    out_interface: bond1
    backend: iptables_u32

- name: Move from the write-up's own u32 rules to nftables, every client keeping its public address
  netdesign.resilience.snat_pool:
    clients: 10.16.0.0/12
    pool: 192.76.8.0/26
    out_interface: bond1
    iptables_save: "{{ lookup('ansible.builtin.file', 'old-nat-rules.txt') }}"

- name: The write-up's fixed split (five last octets per address) with nftables
  netdesign.resilience.snat_pool:
    clients: 10.16.0.0/12
    pool: 192.76.8.0/26
    out_interface: bond1
    split: 5

- name: Remove it
  netdesign.resilience.snat_pool:
    state: absent
"""

RETURN = r"""
plan:
  description: The mapping applied, one row per public address.
  returned: state is present
  type: list
  elements: dict
  sample: [{"public": "192.76.8.1", "octets": [0, 4], "u32": "0xc&0xff=0x00:0x04"}]
digest:
  description: Digest of the applied state (carried in the rule comment, so a second run can tell it is in place).
  returned: state is present
  type: str
  sample: 3f1c0a9d22b7
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.linux import host
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.linux import snat as S
from ansible_collections.netdesign.resilience.plugins.module_utils.designs.nat_gateway.snat_plan import row


def main():
    module = AnsibleModule(
        argument_spec=dict(
            clients=dict(type="str"),
            pool=dict(type="str"),
            out_interface=dict(type="str"),
            backend=dict(type="str", default="nftables", choices=list(S.BACKENDS)),
            split=dict(type="raw", default="balanced"),
            iptables_save=dict(type="str"),
            path=dict(type="path"),
            state=dict(type="str", default="present", choices=["present", "absent"]),
        ),
        required_if=[("state", "present", ["clients", "pool"])],
        mutually_exclusive=[("split", "iptables_save")],
        supports_check_mode=True,
    )
    params = module.params
    run = host.runner(module)
    try:
        if params["state"] == "absent":
            result = S.converge(run, {"absent": True}, module.check_mode)
            if params["path"]:
                result["changed"] |= host.write(module, params["path"], None)
            extra = {}
        else:
            state = S.desired(params["clients"], params["pool"], params["backend"], params["out_interface"],
                              params["split"], params["iptables_save"])
            result = S.converge(run, state, module.check_mode)
            if params["path"] and params["backend"] == "nftables":
                result["changed"] |= host.write(module, params["path"], S.nft_render(state))
            extra = {"plan": [row(public, low, high) for low, high, public in state["rows"]],
                     "digest": state["digest"]}
    except (ValueError, S.ApplyError) as exc:
        module.fail_json(msg=str(exc))
    out = dict(changed=result["changed"], **extra)
    if module._diff:  # pylint: disable=protected-access
        out["diff"] = {"before": result["before"], "after": result["after"]}
    module.exit_json(**out)


if __name__ == "__main__":
    main()
