#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""Stand-in for the pip bootstrap script ansible-test downloads for `--venv`.

ansible-test fetches get-pip-<ver>.py from a CI file host that these machines cannot reach, and
runs it as ``python get_pip_<ver>.py <pip install options> <packages>`` inside a fresh venv without
pip. This does the same from what is available: the standard library's ``ensurepip`` installs its
bundled pip, which then installs the requested pip from the wheel that scripts/test.sh downloaded
with the project's own pip into ``pip-wheels/`` beside this file (the bundled pip is too old for
some TLS-intercepting proxies). scripts/test.sh puts this file in ansible-test's cache only when
the real script is not there.
"""

import ensurepip
import os
import subprocess
import sys

# get-pip's own flags (not pip's): do not add setuptools / wheel beyond what is asked for.
OWN_FLAGS = ("--no-setuptools", "--no-wheel")
WHEELS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pip-wheels")

ensurepip.bootstrap(upgrade=True)
args = [arg for arg in sys.argv[1:] if arg not in OWN_FLAGS]
local = ["--no-index", "--find-links", WHEELS] if os.path.isdir(WHEELS) else []
sys.exit(subprocess.call([sys.executable, "-m", "pip", "install"] + local + args))
