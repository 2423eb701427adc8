# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:  # pylint: disable=too-few-public-methods
    """The ``lab`` option of the modules that act in a running lab (lab_fault, lab_traffic, failure_replay; its
    argument spec is ``module_utils/lab/agent.py``'s ``argument_spec``), and their attributes: a module that does
    something else in check mode says so in its own ``attributes``, which take precedence."""

    DOCUMENTATION = r"""
options:
  lab:
    description: The lab's name (as given to M(netdesign.resilience.lab)).
    type: str
    required: true
attributes:
  check_mode:
    description: Does nothing in check mode.
    support: full
  diff_mode:
    description: Not supported.
    support: none
"""
