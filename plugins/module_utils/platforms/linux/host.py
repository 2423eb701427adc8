# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one way our Linux modules run commands: ``run(argv, data=None) -> (rc, stdout, stderr)``.

A missing program answers rc 127 instead of failing the module, so a backend can tell
"nothing of ours is there" from "the command failed".
"""

from __future__ import annotations

import os


def runner(module):
    """A ``run`` callable over ``module.run_command`` (no shell, text in and out)."""
    def run(argv, data=None):
        binary = module.get_bin_path(argv[0])
        if binary is None:
            return 127, "", "%s: command not found" % argv[0]
        return module.run_command([binary] + list(argv[1:]), data=data, binary_data=False,
                                  check_rc=False, encoding="utf-8")
    return run


def read(path):
    """A file's text, or None when it cannot be read."""
    try:
        with open(path) as handle:
            return handle.read()
    except OSError:
        return None


def write(module, path, text, mode=0o644):
    """Make ``path`` hold ``text`` with ``mode`` (atomically), or not exist when ``text`` is None.

    Returns whether anything changed (or would, in check mode). The mode is set after the move:
    ``atomic_move`` gives a new file the default mode, and an if-up.d hook must be executable.
    The new text is never readable by more than ``mode`` allows, not even for a moment (a 0600 file may
    hold a secret): the temporary file is created 0600, and ``atomic_move``, which gives it the mode of
    the file it replaces (or the default mode to a new file), replaces a file narrowed to ``mode`` first.
    """
    if read(path) == text and (text is None or (os.stat(path).st_mode & 0o777) == mode):
        return False
    if not module.check_mode:
        if text is None:
            os.unlink(path)
        else:
            directory = os.path.dirname(path) or "."
            os.makedirs(directory, exist_ok=True)
            tmp = os.path.join(directory, ".%s.tmp" % os.path.basename(path))
            if os.path.lexists(tmp):
                os.unlink(tmp)
            with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as handle:
                handle.write(text)
            if not os.path.lexists(path):
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            elif not os.path.islink(path):
                os.chmod(path, os.stat(path).st_mode & mode & 0o777)
            module.atomic_move(tmp, path)
            os.chmod(path, mode)
    return True
