# -*- coding: utf-8 -*-
from __future__ import annotations

import os
import shutil

from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.linux import host


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


class WritingModule:
    """atomic_move as Ansible's: the source gets the replaced file's mode (or a new file 0644); records
    the modes the text had on the way."""

    check_mode = False

    def __init__(self):
        self.seen = []

    def atomic_move(self, src, dest):
        self.seen.append(os.stat(src).st_mode & 0o777)
        if os.path.exists(dest):
            shutil.copystat(dest, src)
            self.seen.append(os.stat(src).st_mode & 0o777)
            os.rename(src, dest)
        else:
            os.rename(src, dest)
            os.chmod(dest, 0o644)


def test_write_never_shows_a_private_text_to_others(tmp_path):
    module = WritingModule()
    path = tmp_path / "lin-router.ios"
    # a new file, 0600: the text was never readable by others on the way
    assert host.write(module, str(path), "key secret\n", 0o600)
    assert (os.stat(path).st_mode & 0o777) == 0o600 and all(m & 0o077 == 0 for m in module.seen)
    # replacing a 0644 file with a private text: the old file is narrowed first
    path.write_text("key <secret:management.tacacs_key>\n")
    os.chmod(path, 0o644)
    module.seen = []
    assert host.write(module, str(path), "key secret\n", 0o600)
    assert (os.stat(path).st_mode & 0o777) == 0o600 and all(m & 0o077 == 0 for m in module.seen)
    # and back to a public text: 0644 after the move, nothing left behind
    assert host.write(module, str(path), "key <secret:management.tacacs_key>\n", 0o644)
    assert (os.stat(path).st_mode & 0o777) == 0o644 and sorted(os.listdir(tmp_path)) == ["lin-router.ios"]
    assert not host.write(module, str(path), "key <secret:management.tacacs_key>\n", 0o644)
    # an executable hook keeps working (mode widened after the move)
    hook = tmp_path / "hook"
    assert host.write(module, str(hook), "#!/bin/sh\n", 0o755) and (os.stat(hook).st_mode & 0o777) == 0o755
