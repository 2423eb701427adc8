# -*- coding: utf-8 -*-
from __future__ import annotations

from ansible_collections.netdesign.resilience.plugins.module_utils import host


class FakeModule:
    def __init__(self):
        self.calls = []

    def get_bin_path(self, name):
        return {"nft": "/usr/sbin/nft"}.get(name)

    def run_command(self, argv, **kwargs):
        self.calls.append((argv, kwargs))
        return 0, "out", ""


def test_runner_resolves_the_program_and_passes_stdin():
    module = FakeModule()
    run = host.runner(module)
    assert run(["nft", "-f", "-"], "table ip x {}") == (0, "out", "")
    argv, kwargs = module.calls[0]
    assert argv == ["/usr/sbin/nft", "-f", "-"] and kwargs["data"] == "table ip x {}"
    assert kwargs["check_rc"] is False and kwargs["binary_data"] is False


def test_missing_program_is_rc_127_not_a_failure():
    module = FakeModule()
    assert host.runner(module)(["iptables-save", "-t", "nat"]) == (127, "", "iptables-save: command not found")
    assert module.calls == []
