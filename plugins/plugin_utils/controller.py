# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the collection's controller-side actions (controller_file, render_configs, site_render) share: they run
in Ansible's own process, need no connection, and write files with module_utils/host.write."""

from __future__ import annotations

import os

from ansible.plugins.action import ActionBase


class Writer:
    """What host.write needs of an AnsibleModule: check mode and an atomic move (here: a rename)."""

    def __init__(self, check_mode):
        self.check_mode = check_mode

    @staticmethod
    def atomic_move(source, dest):
        os.replace(source, dest)


class ControllerAction(ActionBase):
    """An action that does its work in the controller's process: no connection, no file transfer."""

    TRANSFERS_FILES = False
    _requires_connection = False

    def writer(self):
        return Writer(self._task.check_mode)
