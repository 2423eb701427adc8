# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The main job's plan-check-render step for every host at once, in the controller's process (issue #21).

Thin: it reads each host's ``<design>_*`` variables, hands them to module_utils/core/site.py (one check and one
plan per distinct intent, each host's part, its IOS file with cisco.ios's parts from plugin_utils/cisco_ios.py)
and writes the files with module_utils/platforms/linux/host.py. Documentation: plugins/modules/site_render.py.
"""

from __future__ import annotations

import glob
import json
import os

from ansible_collections.netdesign.resilience.plugins.module_utils.core import design as D
from ansible_collections.netdesign.resilience.plugins.module_utils.matrix import predict as FM
from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.linux import host as H
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import render as ios_render
from ansible_collections.netdesign.resilience.plugins.module_utils.core import redact
from ansible_collections.netdesign.resilience.plugins.module_utils.core import site as S
from ansible_collections.netdesign.resilience.plugins.plugin_utils.cisco_ios import Renderer, RenderError
from ansible_collections.netdesign.resilience.plugins.plugin_utils.controller import ControllerAction

ARGUMENT_SPEC = {
    "hosts": {"type": "list", "elements": "str", "required": True},
    "output_dir": {"type": "str", "default": ""},
    "ios_files_with_secrets": {"type": "bool", "default": False},
}
TEMPLATE_MARKS = ("{{", "{%", "{#")


def _same_for_every_host(value):
    """Whether a raw inventory value holds no template (its value is then the same for every host)."""
    if isinstance(value, str):
        return not any(mark in value for mark in TEMPLATE_MARKS)
    if isinstance(value, dict):
        return all(_same_for_every_host(k) and _same_for_every_host(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return all(_same_for_every_host(v) for v in value)
    return True


class _Intents:
    """Each host's ``<design>_*`` variables, templated in the host's context; a value with no template that
    several hosts share (group variables) is templated once and recognised by its identity, so N hosts of a
    1,000-site group cost N lookups, not N copies of the sites."""

    def __init__(self, hostvars):
        self._hostvars = hostvars
        self._shared = {}   # id(raw value) -> (raw value, its templated value)

    def _value(self, host, name, raw):
        if isinstance(raw, (str, int, float, bool)) or raw is None or not _same_for_every_host(raw):
            value = self._hostvars[host][name]
            return value, (name, json.dumps(value, sort_keys=True, default=str))
        shared = self._shared.get(id(raw))
        if shared is None or shared[0] is not raw:
            shared = self._shared[id(raw)] = (raw, self._hostvars[host][name])
        return shared[1], (name, id(raw))

    def of(self, host, design, raw_vars):
        names = sorted(k for k in raw_vars if isinstance(k, str) and k.startswith(design + "_"))
        variables, key = {}, []
        for name in names:
            variables[name], part = self._value(host, name, raw_vars[name])
            key.append(part)
        return D.intent_from_vars(variables, design), tuple(key)


class ActionModule(ControllerAction):

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        _validation, args = self.validate_argument_spec(argument_spec=ARGUMENT_SPEC)
        hostvars, groups = task_vars["hostvars"], task_vars["groups"]
        try:
            members = self._members(args["hosts"], hostvars, groups)
            found = S.group(members)
            for each in found:
                S.plan_group(each)
        except I.DesignError as exc:
            result.update(failed=True, msg="site_render: %s" % exc)
            return result
        out = os.path.abspath(args["output_dir"]) if args["output_dir"] else ""
        files, problems = self._files(found, set(groups.get("ios", ())), out, args["ios_files_with_secrets"])
        if isinstance(files, str):
            result.update(failed=True, msg="; ".join(problems))
            return result
        # the failure matrix predicted from the plans: build/site/report.json and report.md (module_utils/failure_matrix)
        report, line = FM.report_files(found, args["hosts"], {h for d in D.DESIGNS for h in groups.get(d, ())}, out)
        files.update({path: (text, 0o644, {}) for path, text in report.items()})
        result.update(self._write(files, out, groups))
        lines = S.summary_lines(found) + [line]
        warnings = [(each, f) for each in found for f in each.findings if f not in each.blocking]
        for each, finding in warnings[:S.LISTED]:
            lines.append("%s (%s): %s" % (each.design, each.hosts_text(), D.finding_text(finding)))
        if len(warnings) > S.LISTED:
            lines.append("and %d more findings that do not block (all in this task's result, shown with -v)"
                         % (len(warnings) - S.LISTED))
        lines.append(result.pop("counts"))
        blocked = [each for each in found if each.blocking]
        if blocked or problems:
            # the message alone (the callback shows it, then the result): said once, not buried in the summary
            for key in ("written", "removed"):
                result.pop(key, None)
            result.update(failed=True, msg="; ".join(
                ["%s (%s) has %d blocking finding(s): %s" % (each.design, each.hosts_text(), len(each.blocking),
                                                             "; ".join(D.finding_text(f) for f in each.blocking))
                 for each in blocked] + problems + [lines[-1] + " (of the designs that passed)"]))
            return result
        result.update(lines=lines, findings=[dict(f, design=each.design, hosts=each.hosts) for each, f in warnings],
                      plans=len(found), hosts=len({m[1] for m in members}))
        return result

    def _members(self, hosts, hostvars, groups):
        intents = _Intents(hostvars)
        members = []
        for host in hosts:
            raw = hostvars.raw_get(host)
            fail_on = raw.get("design_check_fail_on", "error")
            if not _same_for_every_host(fail_on):
                fail_on = hostvars[host]["design_check_fail_on"]
            for design in D.DESIGNS:
                if host in groups.get(design, ()):
                    intent, key = intents.of(host, design, raw)
                    members.append((design, host, key, intent, fail_on))
        return members

    def _files(self, found, ios_hosts, out, with_secrets):
        """``{path: (text, mode, plan)}`` of every file to write, and the problems that stop a host."""
        files, problems = {}, []
        configs = os.path.join(os.path.dirname(out), "configs") if out else ""
        try:
            with Renderer() as rendered:
                for each in found:
                    if each.plan is None:
                        continue
                    for name in each.hosts:
                        part = D.host_part(each.design, each.plan, name)
                        if out:
                            files[os.path.join(out, "%s.%s.plan.json" % (name, each.design))] = (
                                S.plan_text(part), 0o644, part)
                        if name not in ios_hosts or not ios_render.is_ios_host(each.design, part, name):
                            continue
                        text, undefined = S.ios_text(each.design, part, name, rendered)
                        if undefined:
                            problems.append("%s: %s" % (name, "; ".join(D.finding_text(f) for f in undefined)))
                        elif out and with_secrets:
                            files[os.path.join(configs, "%s.%s.ios" % (name, each.design))] = (
                                redact.reveal(text, part), 0o600, part)
                        elif out:
                            files[os.path.join(configs, "%s.%s.ios" % (name, each.design))] = (text, 0o644, part)
        except (RenderError, I.DesignError) as exc:
            return "failed", ["site_render: %s" % exc]
        return files, problems

    def _write(self, files, out, groups):
        """Write the files (check mode: only say which would change), remove the plans and ``.ios`` files of
        hosts or designs no longer in the inventory; returns the result's changed, diff and counts."""
        writer = self.writer()
        changed, diffs = [], []
        for path, (text, mode, part) in files.items():
            before = H.read(path)
            if H.write(writer, path, text, mode):
                changed.append(path)
                if self._task.diff:   # the secrets as their markers, in the old text as in the new
                    diffs.append({"before": redact.mask(before or "", part), "after": redact.mask(text, part),
                                  "before_header": path, "after_header": path})
        stale = []
        if out:
            # every inventory host of a design's group, not only the play's (a --limit run keeps the others' files)
            keep = {"%s.%s" % (host, design) for design in D.DESIGNS for host in groups.get(design, ())}
            for pattern, suffix in ((os.path.join(out, "*.plan.json"), ".plan.json"),
                                    (os.path.join(os.path.dirname(out), "configs", "*.ios"), ".ios")):
                stale += [p for p in sorted(glob.glob(pattern)) if os.path.basename(p)[:-len(suffix)] not in keep]
            for path in stale:
                H.write(writer, path, None)
                if self._task.diff:
                    diffs.append({"before_header": path, "after_header": path + " (removed: its host or design "
                                  "is no longer in the inventory)", "before": "", "after": ""})
        where = " under %s" % os.path.dirname(out) if out else " (no output_dir: nothing written)"
        counts = "%d files %s%s, %d unchanged; %d stale files of hosts no longer in the inventory %s" % (
            len(changed), "would change" if self._task.check_mode else "written", where, len(files) - len(changed),
            len(stale), "would be removed" if self._task.check_mode else "removed")
        result = {"changed": bool(changed or stale), "counts": counts, "written": changed, "removed": stale}
        if diffs:
            result["diff"] = diffs
        return result
