# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: netns
short_description: Run tasks inside a node of a netdesign.resilience namespace lab
version_added: 1.0.0
description:
  - Runs commands, modules and file transfers inside a lab node created by
    M(netdesign.resilience.lab) (a network namespace with its own mount and UTS namespaces), by
    entering the namespaces of the node's holder process with C(nsenter). The node sees its own
    interfaces, routes, C(/etc), C(/var), C(/run) and C(/tmp) and the host's programs.
  - Runs on the controller as root; the lab must be on the same machine, or inside the fallback VM
    started by C(scripts/lab_molecule.py), reached through the lab agent named by the environment
    variable C(NETDESIGN_LAB_AGENT) (C(host:port)); the controller itself stays on the host.
author: netdesign.resilience maintainers (@netdesign)
options:
  remote_addr:
    description: The node's namespace name, C(<lab>-<node>) (what M(netdesign.resilience.lab) reports as C(netns)).
    type: str
    default: inventory_hostname
    vars:
      - name: inventory_hostname
      - name: ansible_host
      - name: netdesign_lab_netns
"""

import os
import subprocess

from ansible.errors import AnsibleConnectionFailure, AnsibleError, AnsibleFileNotFound
from ansible.module_utils.common.text.converters import to_bytes
from ansible.plugins.connection import ConnectionBase
from ansible.utils.display import Display

from ansible_collections.netdesign.resilience.plugins.module_utils.lab import namespace as L
from ansible_collections.netdesign.resilience.plugins.module_utils.lab import agent as A
from ansible_collections.netdesign.resilience.plugins.module_utils.lab import warm as W

display = Display()

# A node is a host of its own: its commands get a plain environment, not the controller's
# (whose PATH may hold virtualenvs or pyenv shims that interpreter discovery would pick up).
NODE_ENV = {
    "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "HOME": "/root",
    "LANG": "C.UTF-8",
    "LC_ALL": "C.UTF-8",
    "USER": "root",
    "LOGNAME": "root",
    "SHELL": "/bin/sh",
    "TERM": "dumb",
}


class Connection(ConnectionBase):
    """Enter a lab node's namespaces with nsenter."""

    transport = "netdesign.resilience.netns"
    has_pipelining = True
    default_user = "root"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._netns = None

    def _prefix(self):
        try:
            return L.node_command(self._netns, [])
        except L.LabError as exc:
            raise AnsibleConnectionFailure(str(exc)) from None

    def _run(self, argv, stdin=None, warm=None):
        """Run argv in the node: here with nsenter, or through the lab agent when the lab is in the VM
        (where a pipelined module run may take the agent's warm interpreter: lab_warm)."""
        if A.address() is not None:
            try:
                return A.run(argv, node=self._netns, stdin=stdin, env=NODE_ENV, warm=warm)
            except A.AgentError as exc:
                raise AnsibleConnectionFailure(str(exc)) from None
        proc = subprocess.run(self._prefix() + argv, input=stdin, capture_output=True, check=False, env=NODE_ENV)
        return proc.returncode, proc.stdout, proc.stderr

    def _connect(self):
        self._netns = self.get_option("remote_addr")
        if A.address() is None:
            if os.geteuid() != 0:
                raise AnsibleConnectionFailure("the netns connection needs root on the controller (nsenter)")
            self._prefix()
        if not self._connected:
            display.vvv("ENTER LAB NODE %s" % self._netns, host=self._netns)
            self._connected = True
        return self

    def exec_command(self, cmd, in_data=None, sudoable=False):
        super().exec_command(cmd, in_data=in_data, sudoable=sudoable)
        display.vvv("EXEC %s" % cmd, host=self._netns)
        warm = None
        if A.address() is not None and os.environ.get(W.OFF) != "1":
            found = W.pipelined_python(cmd, in_data)
            if found:
                warm = {"python": found[0], "env": found[1], "site": W.controller_site()}
        return self._run(["/bin/sh", "-c", cmd], in_data, warm)

    def put_file(self, in_path, out_path):
        super().put_file(in_path, out_path)
        display.vvv("PUT %s TO %s" % (in_path, out_path), host=self._netns)
        if not os.path.exists(to_bytes(in_path, errors="surrogate_or_strict")):
            raise AnsibleFileNotFound("file or module does not exist: %s" % in_path)
        with open(to_bytes(in_path, errors="surrogate_or_strict"), "rb") as source:
            rc, _out, err = self._run(["/bin/sh", "-c", 'cat > "$1"', "put", out_path], source.read())
        if rc != 0:
            raise AnsibleError("failed to transfer %s to %s on %s: %s"
                               % (in_path, out_path, self._netns, err.decode(errors="replace")))

    def fetch_file(self, in_path, out_path):
        super().fetch_file(in_path, out_path)
        display.vvv("FETCH %s TO %s" % (in_path, out_path), host=self._netns)
        rc, out, err = self._run(["cat", "--", in_path])
        if rc != 0:
            raise AnsibleError("failed to fetch %s from %s: %s" % (in_path, self._netns, err.decode(errors="replace")))
        with open(to_bytes(out_path, errors="surrogate_or_strict"), "wb") as target:
            target.write(out)

    def close(self):
        self._connected = False
