# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:  # pylint: disable=too-few-public-methods
    """The options of the filters that parse a command's output (ios_show, linux_show): the output and which
    command it is; each filter adds the ``choices`` of its ``kind``."""

    DOCUMENTATION = r"""
options:
  _input:
    description: The command's output.
    type: str
    required: true
  kind:
    description: Which command it is.
    type: str
    required: true
"""
