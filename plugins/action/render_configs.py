# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""render_configs: every host's files of one plan, in the controller's process (documentation:
plugins/modules/render_configs.py). An action, not a module, because its ``.ios`` files are the main job's
(module_utils/core/site.py): cisco.ios's parts come from cisco.ios's modules run in this process
(plugin_utils/cisco_ios.py), which a module running elsewhere could not call."""

from __future__ import annotations

import os

from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.linux import host
from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I
from ansible_collections.netdesign.resilience.plugins.module_utils.core import redact
from ansible_collections.netdesign.resilience.plugins.module_utils.core import render
from ansible_collections.netdesign.resilience.plugins.plugin_utils.cisco_ios import Renderer, RenderError
from ansible_collections.netdesign.resilience.plugins.plugin_utils.controller import ControllerAction

ARGUMENT_SPEC = {
    "plan": {"type": "dict", "required": True, "no_log": False},
    "dest": {"type": "path", "required": True},
    "platforms": {"type": "list", "elements": "str", "choices": list(render.PLATFORMS),
                  "default": list(render.PLATFORMS)},
    "hosts": {"type": "list", "elements": "str"},
    "options": {"type": "dict", "default": {}},
    "with_secrets": {"type": "bool", "default": False},
}


class ActionModule(ControllerAction):

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        _validation, args = self.validate_argument_spec(argument_spec=ARGUMENT_SPEC)
        plan, dest = args["plan"], os.path.abspath(args["dest"])
        try:
            # rendered from the redacted plan: markers in every line, the secrets put back only below
            with Renderer() as rendered:
                files = render.render_all(redact.redact(plan), args["platforms"], args["hosts"], args["options"],
                                          rendered=rendered)
        except (I.DesignError, RenderError, KeyError) as exc:
            result.update(failed=True, msg="render_configs: %s" % redact.mask(str(exc), plan))
            return result
        writer, changed, diffs = self.writer(), [], []
        for name in sorted(files):
            path = os.path.join(dest, name)
            text, mode = files[name], 0o644
            if name.endswith(".ios") and args["with_secrets"]:
                text, mode = redact.reveal(text, plan), 0o600
            before = host.read(path)
            try:
                if not host.write(writer, path, text, mode):
                    continue
            except OSError as exc:
                result.update(failed=True, msg="render_configs: %s: %s" % (path, exc.strerror or exc))
                return result
            changed.append(path)
            if self._task.diff:   # markers, never the secrets (an older file may hold them)
                diffs.append({"before": redact.mask(before or "", plan), "after": files[name],
                              "before_header": path, "after_header": path})
        result.update(changed=bool(changed), files=[os.path.join(dest, n) for n in sorted(files)],
                      changed_files=changed)
        if diffs:
            result["diff"] = diffs
        return result
