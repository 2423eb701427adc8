# -*- coding: utf-8 -*-
"""``patch_module_args``: ansible-core's own test helper (2.19+), or the same by hand for 2.16 to 2.18.

Before 2.19, AnsibleModule reads its arguments from ``basic._ANSIBLE_ARGS`` (JSON bytes) when set, as the
helper of 2.19 patches them too (bench/ansible_core_matrix.py runs the tests on each supported version).
"""

from __future__ import annotations

__all__ = ["patch_module_args"]

try:
    from ansible.module_utils.testing import patch_module_args  # ansible-core 2.19+
except ImportError:  # ansible-core 2.16 to 2.18
    import contextlib
    import json
    from unittest import mock

    from ansible.module_utils import basic

    @contextlib.contextmanager
    def patch_module_args(args=None):
        """Expose the given module args to AnsibleModule instances created within this context."""
        if not isinstance(args, (dict, type(None))):
            raise TypeError("The `args` arg must be a dict or None.")
        with mock.patch.object(basic, "_ANSIBLE_ARGS", json.dumps({"ANSIBLE_MODULE_ARGS": args or {}}).encode()):
            yield
