# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""How the replay judges a ``wan_backup_vrrp`` row (issue #19): the check matrix/replay.py is given (the registry's
``replay``); what a check is and what the observations mean: matrix/replay_checks.py. Pure Python."""

from __future__ import annotations


def _masters_text(masters):
    if not masters:
        return "no VRRP Master"
    if len(masters) == 1:
        return "%s Master" % masters[0]
    return "%d VRRP Masters (%s)" % (len(masters), ", ".join(masters))


class Vrrp:
    """wan_backup_vrrp: who is VRRP Master; never two; the gateway answers after the bound."""

    poll_keys = ("vrrp_masters",)
    final_keys = ("vrrp_masters", "gateway_answers")

    def __init__(self, row):
        self.row = row

    @staticmethod
    def can_check(key):
        return key in ("one-master", "gateway-answers")

    @staticmethod
    def replayable(_row):
        return True

    @staticmethod
    def why_not(_row):
        return ""

    @staticmethod
    def describe(predicted):
        return "%s Master" % predicted["vrrp_master"]

    @staticmethod
    def state(predicted, obs):
        masters = sorted(obs["vrrp_masters"])
        return masters == [predicted["vrrp_master"]], _masters_text(masters)

    @staticmethod
    def invariant(key, obs, final, _phase):
        if key == "one-master":
            masters = sorted(obs["vrrp_masters"])
            return len(masters) <= 1, _masters_text(masters)
        if key == "gateway-answers" and final:
            return bool(obs["gateway_answers"]), "the virtual address %s" % (
                "answers" if obs["gateway_answers"] else "does not answer")
        return None
