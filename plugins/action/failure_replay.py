# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Replay a design's failure matrix in a running lab (issue #19), in the controller's process so each row's
progress line reaches the console as it runs. Thin: the rows are failure_matrix's (from the intent), the
replay is module_utils/matrix/replay.py, the lab's probe and injector module_utils/matrix/replay_lab.py.
Documentation: plugins/modules/failure_replay.py."""

from __future__ import annotations

import json
import os
import time

from ansible.utils.display import Display

from ansible_collections.netdesign.resilience.plugins.module_utils.core import design as D
from ansible_collections.netdesign.resilience.plugins.module_utils.matrix import predict as FM
from ansible_collections.netdesign.resilience.plugins.module_utils.matrix import replay as R
from ansible_collections.netdesign.resilience.plugins.module_utils.matrix import replay_lab as RL
from ansible_collections.netdesign.resilience.plugins.module_utils.matrix import soak as S
from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I
from ansible_collections.netdesign.resilience.plugins.module_utils.lab import namespace as L
from ansible_collections.netdesign.resilience.plugins.module_utils.lab import agent as A
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.linux import host as H
from ansible_collections.netdesign.resilience.plugins.plugin_utils.controller import ControllerAction

# the lab option from agent.argument_spec, as for the lab modules (doc fragment netdesign.resilience.lab)
ARGUMENT_SPEC = A.argument_spec(**{
    "design": {"type": "str", "required": True},
    "intent": {"type": "dict"},
    "hosts": {"type": "list", "elements": "str"},
    "plans": {"type": "list", "elements": "dict"},
    "peers": {"type": "list", "elements": "dict"},
    "mapping": {"type": "dict", "required": True},
    "client": {"type": "str"},
    "traffic": {"type": "dict"},
    "output": {"type": "path", "required": True},
    "progress": {"type": "path"},
    "margin": {"type": "float"},
    "rows": {"type": "list", "elements": "str"},
    "settle": {"type": "float", "default": R.SETTLE},
    "soak": {"type": "dict"},
})
# the soak mode from the environment where the task does not set it (make soak, bench/soak.py)
SOAK_ENV = ("NETDESIGN_SOAK_MINUTES", "NETDESIGN_SOAK_SEED")
display = Display()


class ActionModule(ControllerAction):

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        _validation, args = self.validate_argument_spec(argument_spec=ARGUMENT_SPEC)
        if self._task.check_mode:
            result.update(changed=False, skipped=True, msg="the replay changes a lab: not in check mode")
            return result
        design = args["design"]
        probes = {name: each.replay.probe for name, each in D.DESIGNS.items() if each.replay and each.replay.probe}
        if design not in probes:
            return dict(result, failed=True, msg="failure_replay: no lab probe for %s (known: %s)" % (
                design, ", ".join(sorted(probes))))
        plans = args["plans"] or [{"intent": args["intent"], "hosts": args["hosts"]}]
        try:
            rows, planned = [], []
            peers = [FM.peer_of_intent(*plan_given(each, "peers", design=True)) for each in args["peers"] or []]
            ours = [FM.peer_of_intent(design, *plan_given(each, "plans" if args["plans"] else "intent and hosts"))
                    for each in plans]
            for number, each in enumerate(ours):
                # the other plans of the replay are its peers too, as in the main job's report (the NAT pair)
                others = [o for n, o in enumerate(ours) if n != number] + peers
                rows += FM.for_intent(design, plans[number]["intent"], each["hosts"], others)["rows"]
                planned.append((each["hosts"][0], each["plan"]))
            if args["rows"]:
                rows = [r for r in rows if r["id"] in args["rows"] or r["id"].rsplit("/", 1)[-1] in args["rows"]]
            mapping = R.check_mapping(args["mapping"], rows)
            asked, where = soak_asked(args["soak"])
            soak = S.options(asked, where) if asked is not None else None
            probe = RL.probe(probes[design], args["lab"], planned, mapping, args,
                             [(p["design"], p["hosts"][0], p["plan"]) for p in peers])
        except (I.DesignError, R.ReplayError, S.SoakError, L.LabError) as exc:
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
        try:    # refused before the replay, not after it
            soaker = S.Soak(replayer, rows, mapping, soak) if soak is not None else None
        except S.SoakError as exc:
            return dict(result, failed=True, msg="failure_replay: %s" % exc)
        records = replayer.replay(rows, mapping)
        H.write(self.writer(), args["output"], as_json(records))
        counts = R.summary(records)
        if soak is not None:
            soaked = soaker.run()
            H.write(self.writer(), soak_path(args["output"]), as_json(soaked))
            result["soak"] = dict((k, soaked[k]) for k in ("seed", "sequences", "seconds", "flaps", "summary", "stopped"))
            result["soak"]["output"] = soak_path(args["output"])
        result.update(changed=True, records=records, summary=counts, margin=margin, output=args["output"],
                      failed=counts["failed"] > 0 or bool(soak and S.failed(result["soak"]["summary"])),
                      msg="%s: %d rows, %d passed, %d failed, %d skipped (%s)%s" % (
                          design, len(records), counts["passed"], counts["failed"], counts["skipped"], args["output"],
                          soak_text(result.get("soak"))))
        return result


def plan_given(entry, option, design=False):
    """``([design,] intent, hosts)`` of a plan given as ``{[design,] intent, hosts}`` (the plans or peers option)."""
    keys = ("design", "intent", "hosts") if design else ("intent", "hosts")
    if not isinstance(entry, dict) or set(entry) != set(keys) or not isinstance(entry["intent"], dict) or \
            not isinstance(entry["hosts"], list) or not entry["hosts"] or design and entry["design"] not in D.DESIGNS:
        raise R.ReplayError("%s: each needs %s, and nothing else (intent a dictionary, hosts a list of names%s); got %s" % (
            option, ", ".join(keys), ", design one of %s" % ", ".join(sorted(D.DESIGNS)) if design else "",
            ", ".join(sorted(entry)) if isinstance(entry, dict) else type(entry).__name__))
    return tuple(entry[k] for k in keys)


def soak_asked(given):
    """``(soak options, where they come from)``: the task's soak option, else one from NETDESIGN_SOAK_MINUTES (and
    NETDESIGN_SOAK_SEED), else None."""
    if given is not None:
        return given, "soak"
    minutes, seed = (os.environ.get(name) for name in SOAK_ENV)
    where = "the environment (%s=%s, %s=%s)" % (SOAK_ENV[0], minutes, SOAK_ENV[1], seed)
    return ({"minutes": minutes, "seed": seed or 0}, where) if minutes else (None, None)


def soak_path(output):
    """The soak's results beside the replay's: ``x.replay.json`` -> ``x.soak.json``."""
    return output[:-len(".replay.json")] + ".soak.json" if output.endswith(".replay.json") else output + ".soak.json"


def soak_text(soaked):
    if not soaked:
        return ""
    counts = soaked["summary"]
    return "; soak: %d sequences in %.0f s, rows %d passed %d failed, flaps %d passed %d failed, %d invariant " \
        "violations (%s)%s" % (soaked["sequences"], soaked["seconds"], counts["rows"]["passed"], counts["rows"]["failed"],
                               counts["flaps"]["passed"], counts["flaps"]["failed"], counts["invariant_violations"],
                               soaked["output"], "; " + soaked["stopped"] if soaked["stopped"] else "")


def as_json(data):
    """The JSON the records and the soak are written as (sorted keys, one-space indent)."""
    return json.dumps(data, indent=1, sort_keys=True) + "\n"
