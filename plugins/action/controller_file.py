# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""controller_file: write a file on the controller, in-process (documentation: plugins/modules/controller_file.py).

Why not ``ansible.builtin.copy`` with ``delegate_to: localhost``: that runs a module per file through a
local connection (about 0.5 s each, measured in the main job's profile: writing the plan and the .ios file
of each host was a third of ``site.yml``'s time), and its diff needed a Jinja guard, written twice, so a
file that held secrets was never shown. Here the write is host.write's (one copy, shared with the
render_configs action: atomic, never readable by more than ``mode`` allows) and the diff shows the plan's
secrets as their markers.
"""

from __future__ import annotations

import os
import re

from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.linux import host
from ansible_collections.netdesign.resilience.plugins.module_utils.core import redact
from ansible_collections.netdesign.resilience.plugins.plugin_utils.controller import ControllerAction

ARGUMENT_SPEC = {
    "path": {"type": "path", "required": True},
    "content": {"type": "str", "required": True},
    "mode": {"type": "str", "default": "0644"},
    "secrets_of": {"type": "dict", "no_log": True},
}
MODE = re.compile(r"^0?[0-7]{3}$")


class ActionModule(ControllerAction):

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        _validation, args = self.validate_argument_spec(argument_spec=ARGUMENT_SPEC)
        if not MODE.match(args["mode"]):
            result.update(failed=True, msg="controller_file: mode must be three octal digits such as 0644, got %r"
                          % args["mode"])
            return result
        path, plan = os.path.abspath(args["path"]), args.get("secrets_of")
        before = host.read(path)
        try:
            changed = host.write(self.writer(), path, args["content"], int(args["mode"], 8))
        except OSError as exc:
            result.update(failed=True, msg="controller_file: %s: %s" % (path, exc.strerror or exc))
            return result
        if changed and self._task.diff:
            def shown(text):  # the plan's secrets as their markers, in the old text as in the new
                return redact.mask(text, plan) if plan else text
            result["diff"] = {"before": shown(before or ""), "after": shown(args["content"]),
                              "before_header": path, "after_header": path}
        result.update(changed=changed, path=path, mode="0%03o" % int(args["mode"], 8))
        return result
