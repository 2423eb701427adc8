# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one way our Linux modules run commands: ``run(argv, data=None) -> (rc, stdout, stderr)``.

A missing program answers rc 127 instead of failing the module, so a backend can tell
"nothing of ours is there" from "the command failed".
"""

from __future__ import annotations


def runner(module):
    """A ``run`` callable over ``module.run_command`` (no shell, text in and out)."""
    def run(argv, data=None):
        binary = module.get_bin_path(argv[0])
        if binary is None:
            return 127, "", "%s: command not found" % argv[0]
        return module.run_command([binary] + list(argv[1:]), data=data, binary_data=False,
                                  check_rc=False, encoding="utf-8")
    return run
