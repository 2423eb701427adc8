# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""cisco.ios's resource modules in state ``rendered``, run in the controller's own process.

Which code and why: the module's own ``main()`` (``ansible_collections.cisco.ios.plugins.modules.<name>``),
so its argument spec validation, defaults and rendering classes are exactly what a task running the module
would use; only the way the arguments come in (Ansible's documented unit-test hook for module arguments)
and the way the result goes out (``exit_json``/``fail_json`` raise instead of printing and exiting) differ.
A task per host and module costs a module process each (the main job at 100 6to4 sites spent 5 of its 6
minutes there: bench/results/site_scale.md); in-process a call costs about 3 ms, so N hosts render in time
linear in N. State ``rendered`` touches no device and no connection.
"""

from __future__ import annotations

import contextlib
import importlib
import json
from unittest import mock

from ansible.module_utils import basic

try:   # ansible-core 2.19 and later: the supported hook (it also sets the serialisation profile)
    from ansible.module_utils.testing import patch_module_args as _patch_module_args
except ImportError:   # 2.16 to 2.18 read the arguments from basic._ANSIBLE_ARGS as bytes
    _patch_module_args = None

MISSING = "the collection cisco.ios is required (ansible-galaxy collection install -r requirements.yml)"


class RenderError(Exception):
    """A cisco.ios module refused its arguments; the message is the module's own."""


class _Result(Exception):
    def __init__(self, failed, result):
        super().__init__(result.get("msg", ""))
        self.failed, self.result = failed, result


def _exit_json(_module, **result):
    raise _Result(False, result)


def _fail_json(_module, msg, **result):
    raise _Result(True, dict(result, msg=msg))


@contextlib.contextmanager
def _arguments(args):
    if _patch_module_args is not None:
        with _patch_module_args(args):
            yield
        return
    with mock.patch.object(basic, "_ANSIBLE_ARGS", json.dumps({"ANSIBLE_MODULE_ARGS": args}).encode()):
        yield


class Renderer:
    """``with Renderer() as render: render('ios_bgp_global', config)`` gives the module's rendered lines."""

    def __init__(self):
        self._stack = contextlib.ExitStack()
        self._modules = {}

    def __enter__(self):
        self._stack.enter_context(mock.patch.object(basic.AnsibleModule, "exit_json", _exit_json))
        self._stack.enter_context(mock.patch.object(basic.AnsibleModule, "fail_json", _fail_json))
        return self

    def __exit__(self, *exc):
        return self._stack.__exit__(*exc)

    def _module(self, name):
        if name not in self._modules:
            try:
                self._modules[name] = importlib.import_module("ansible_collections.cisco.ios.plugins.modules." + name)
            except ImportError:
                raise RenderError(MISSING) from None
        return self._modules[name]

    def __call__(self, name, config):
        main = self._module(name).main
        # _ansible_no_log: AnsibleModule then writes no syslog line per call (a task's module would, on its host)
        with _arguments({"config": config, "state": "rendered", "_ansible_no_log": True}):
            try:
                main()
            except _Result as done:
                if done.failed:
                    raise RenderError("cisco.ios.%s: %s" % (name, done.result.get("msg"))) from None
                return list(done.result.get("rendered") or [])
        raise RenderError("cisco.ios.%s returned without a result" % name)
