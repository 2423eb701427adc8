# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:  # pylint: disable=too-few-public-methods
    """The options of the filters that swap a plan's secrets and their markers in text (mask_secrets, reveal_secrets)."""

    DOCUMENTATION = r"""
options:
  _input:
    description: Text, or a list of lines.
    type: raw
    required: true
  plan:
    description: The plan with its secrets.
    type: dict
    required: true
"""
