# -*- coding: utf-8 -*-
"""A VRRP pair on a fake clock for the replay's tests (test_failure_replay.py, test_failure_soak.py): the example's
VRRP rows from failure_matrix, their mapping to lab names, and a lab whose backup takes over and whose main router
returns when told."""
from __future__ import annotations

from ansible_collections.netdesign.resilience.plugins.module_utils.matrix import predict as FM
from ansible_collections.netdesign.resilience.plugins.module_utils.matrix import replay as R

from example_inventory import example_intent

MAPPING = {"nodes": {
    "main-router": {"node": "main", "interfaces": {"Multilink1": "wan", "FastEthernet0/0": "eth0"},
                    "start": [["keepalived", "--use-file", "/etc/keepalived/keepalived.conf"]]},
    "netgate": {"node": "netgate", "interfaces": {"FastEthernet0/0": "eth0"}}}}


def vrrp_rows():
    return FM.for_intent("wan_backup_vrrp", example_intent("wan_backup_vrrp"), ["main-router"])["rows"]


class FakeVrrpLab:
    """A VRRP pair on a fake clock: after a failure the backup takes over ``takeover`` s later, after the
    repair the main router is back ``back`` s later; ``both`` = (from, to) seconds after the failure when
    both hold the address (a broken invariant); ``takeover`` None: the backup never takes over."""

    def __init__(self, takeover=3.7, back=60.5, both=None):
        self.now, self.takeover, self.back, self.both = 1000.0, takeover, back, both
        self.failed_at = self.repaired_at = None
        self.actions, self.lines = [], []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds

    def inject(self, action):
        self.actions.append(action)
        if action["action"] in ("link_down", "node_stop"):
            self.failed_at, self.repaired_at = self.now, None
        else:
            self.repaired_at = self.now
        self.now += 0.01
        return self.now - 0.01

    def masters(self):
        self.now += 0.02   # a probe round takes time
        if self.failed_at is None:
            return ["main-router"]
        if self.repaired_at is not None and self.now - self.repaired_at >= self.back:
            return ["main-router"]
        since = self.now - self.failed_at
        if self.both and self.both[0] <= since < self.both[1]:
            return ["main-router", "netgate"]
        if self.takeover is not None and since >= self.takeover:
            return ["netgate"]
        return ["main-router"] if self.repaired_at is None and self.takeover is not None else []

    def probe(self, keys):
        obs = {"vrrp_masters": self.masters()}
        if "gateway_answers" in keys:
            obs["gateway_answers"] = bool(obs["vrrp_masters"])
        return obs

    def replayer(self, **kwargs):
        return R.Replayer(self.probe, self.inject, self.clock, self.sleep, say=self.lines.append, **kwargs)
