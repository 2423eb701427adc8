# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:  # pylint: disable=too-few-public-methods
    """Options, attributes and notes every IOS resource module of ours shares (plugins/module_utils/platforms/ios/module.py)."""

    DOCUMENTATION = r"""
options:
  running_config:
    description: Running configuration text to parse with O(state=parsed).
    type: str
  state:
    description:
      - The cisco.ios resource-module states. V(merged) adds what is missing, V(replaced) also removes the
        other lines of the blocks named in O(config), V(overridden) also deletes every block O(config) does
        not name, V(deleted) deletes the blocks named (all of them when O(config) is empty).
      - V(rendered) and V(parsed) need no device; V(gathered) reads it.
    type: str
    choices: [merged, replaced, overridden, deleted, gathered, rendered, parsed]
    default: merged
attributes:
  check_mode:
    description: Returns the commands without sending them, and the state they would give.
    support: full
  diff_mode:
    description: Shows the blocks before and after, as configuration text.
    support: full
notes:
  - One declarative table of the collection (plugins/module_utils/platforms/ios/syntax.py) renders and parses the syntax,
    so O(state=rendered) and O(state=parsed) are exact inverses.
  - The states that read or change a device need C(ansible_connection=ansible.netcommon.network_cli) and
    C(ansible_network_os=cisco.ios.ios).
"""
