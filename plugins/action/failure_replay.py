# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Replay a design's failure matrix in a running lab (issue #19), in the controller's process so each row's
progress line reaches the console as it runs. Thin: the rows are failure_matrix's (from the intent), the
replay is module_utils/failure_replay.py, the lab's probe and injector module_utils/failure_replay_lab.py.
Documentation: plugins/modules/failure_replay.py."""

from __future__ import annotations

import json
import os
import time

from ansible.utils.display import Display

from ansible_collections.netdesign.resilience.plugins.module_utils import design as D
from ansible_collections.netdesign.resilience.plugins.module_utils import failure_matrix as FM
from ansible_collections.netdesign.resilience.plugins.module_utils import failure_replay as R
from ansible_collections.netdesign.resilience.plugins.module_utils import failure_replay_lab as RL
from ansible_collections.netdesign.resilience.plugins.module_utils import intent as I
from ansible_collections.netdesign.resilience.plugins.module_utils import lab as L
from ansible_collections.netdesign.resilience.plugins.module_utils import lab_agent as A
from ansible_collections.netdesign.resilience.plugins.plugin_utils.controller import ControllerAction

ARGUMENT_SPEC = {
    "lab": {"type": "str", "required": True},
    "design": {"type": "str", "required": True},
    "intent": {"type": "dict", "required": True},
    "hosts": {"type": "list", "elements": "str", "required": True},
    "mapping": {"type": "dict", "required": True},
    "client": {"type": "str", "required": True},
    "output": {"type": "path", "required": True},
    "progress": {"type": "path"},
    "margin": {"type": "float"},
    "rows": {"type": "list", "elements": "str"},
    "settle": {"type": "float", "default": R.SETTLE},
}
PROBES = {"wan_backup_vrrp": RL.VrrpProbe}
display = Display()


class ActionModule(ControllerAction):

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        _validation, args = self.validate_argument_spec(argument_spec=ARGUMENT_SPEC)
        if self._task.check_mode:
            result.update(changed=False, skipped=True, msg="the replay changes a lab: not in check mode")
            return result
        design = args["design"]
        if design not in PROBES:
            return dict(result, failed=True, msg="failure_replay: no lab probe for %s (known: %s)" % (
                design, ", ".join(sorted(PROBES))))
        try:
            found = FM.for_intent(design, args["intent"], args["hosts"])
            rows = found["rows"]
            if args["rows"]:
                rows = [r for r in rows if r["id"] in args["rows"] or r["id"].rsplit("/", 1)[-1] in args["rows"]]
            mapping = R.check_mapping(args["mapping"], rows)
            probe = PROBES[design](args["lab"], D.DESIGNS[design].plan(args["intent"]), mapping, args["client"])
        except (I.DesignError, R.ReplayError, L.LabError) as exc:
            return dict(result, failed=True, msg="failure_replay: %s" % exc)
        margin = args["margin"] if args["margin"] is not None else \
            R.MARGIN["vm" if A.address() is not None else "namespace"]
        lab = args["lab"]
        progress = args["progress"]
        if progress:
            os.makedirs(os.path.dirname(os.path.abspath(progress)), exist_ok=True)
            with open(progress, "w"):
                pass

        def say(line):
            display.display(line)
            if progress:
                with open(progress, "a") as handle:
                    handle.write(line + "\n")

        replayer = R.Replayer(probe, lambda action: RL.inject(lab, action), clock=time.time, sleep=time.sleep,
                              say=say, margin=margin,
                              settle=args["settle"])
        records = replayer.replay(rows, mapping)
        os.makedirs(os.path.dirname(os.path.abspath(args["output"])), exist_ok=True)
        with open(args["output"] + ".tmp", "w") as handle:
            handle.write(json.dumps(records, indent=1, sort_keys=True) + "\n")
        os.replace(args["output"] + ".tmp", args["output"])
        counts = R.summary(records)
        result.update(changed=True, records=records, summary=counts, margin=margin, output=args["output"],
                      failed=counts["failed"] > 0,
                      msg="%s: %d rows, %d passed, %d failed, %d skipped (%s)" % (
                          design, len(records), counts["passed"], counts["failed"], counts["skipped"], args["output"]))
        return result
