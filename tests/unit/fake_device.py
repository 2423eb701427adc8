# -*- coding: utf-8 -*-
"""A stand-in for a network_cli connection in module tests (tests/unit is on pytest's pythonpath)."""

from __future__ import annotations


class FakeDevice:
    """A running config, the commands it received (applied to it by appending) and the shows it was asked."""

    def __init__(self, running):
        self.running = running
        self.sent = []
        self.shown = []

    def __call__(self, socket_path):
        return self

    def get(self, command):
        assert command.startswith("show running-config")
        self.shown.append(command)
        return self.running

    def edit_config(self, candidate):
        self.sent.append(candidate)
        self.running += "\n" + "\n".join(candidate)
