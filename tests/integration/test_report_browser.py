# -*- coding: utf-8 -*-
"""report.html in a real browser (issue #19): headless Chromium from Debian's packages opens the example's page
(tests/integration/site_expected/report.html, which test_site_golden.py proves is what site.yml writes) and a
measured one; the page loads with no JavaScript error and no console message, and every picture is drawn.

The page's own last script checks each <svg> (getBBox() not empty, some child drawn) and writes the result on
<body> (data-pictures="drawn/all", data-undrawn, data-errors); ``chromium --headless --dump-dom`` prints the DOM
after the load, and --enable-logging=stderr prints every console message, which must be none. The same check
fails on a page with an empty picture or a script error (so the test can fail). No Chromium is a failure, not a
skip: scripts/bootstrap.sh installs it (scripts/apt-packages.txt).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
EXPECTED = os.path.join(ROOT, "tests", "integration", "site_expected")
sys.path.insert(0, os.path.join(ROOT, "build", "collections"))

from ansible_collections.netdesign.resilience.plugins.module_utils.report import html as H
from ansible_collections.netdesign.resilience.plugins.module_utils.report import measured as M


def chromium_or_fail():
    if not shutil.which("chromium"):
        pytest.fail("chromium is missing: run scripts/bootstrap.sh (it installs Debian's chromium, listed in "
                    "scripts/apt-packages.txt)")


def opened(path, tmp_path):
    """``(the <body> attributes after the load, the console messages)`` of the page in headless Chromium."""
    chromium_or_fail()
    proc = subprocess.run(   # the argv's literal first item: scripts/check_setup.py checks the set-up installs it
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=%s" % (
            tmp_path / "profile"), "--enable-logging=stderr", "--v=0", "--dump-dom", "file://" + str(path)],
        capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    body = re.search(r"<body([^>]*)>", proc.stdout)
    assert body, proc.stdout[:2000]
    attributes = dict(re.findall(r'([\w-]+)="([^"]*)"', body.group(1)))
    console = [line for line in proc.stderr.splitlines() if ":CONSOLE" in line]
    return attributes, console


def svg_count(text):
    return len(re.findall(r"<svg[ >]", text))


def test_the_example_report_loads_and_every_picture_is_drawn(tmp_path):
    page = os.path.join(EXPECTED, "report.html")
    with open(page) as handle:
        count = svg_count(handle.read())
    attributes, console = opened(page, tmp_path)
    assert console == []
    assert attributes["data-errors"] == "" and attributes["data-undrawn"] == ""
    assert attributes["data-pictures"] == "%d/%d" % (count, count) and count == 6 + 26


def test_a_measured_report_with_hostile_text_loads_clean(tmp_path):
    with open(os.path.join(EXPECTED, "report.json")) as handle:
        report = json.load(handle)
    row = report["plans"][0]["rows"][0]
    row["failure"]["text"] = '<script>document.body.setAttribute("data-pwned","1")</script><img src=x onerror=alert(1)>'
    merged = M.merge_measured(report, [{"id": row["id"], "status": "passed", "switch_seconds": 4.5,
                                        "return_seconds": 5.1, "state": "<b>standby</b>", "invariants": []}])
    page = tmp_path / "report.html"
    page.write_text(H.report_html(merged))
    attributes, console = opened(page, tmp_path)
    assert console == [] and attributes["data-errors"] == "" and "data-pwned" not in attributes
    assert attributes["data-pictures"] == "32/32" and attributes["data-status"] == "passed"


@pytest.mark.parametrize("breakage, undrawn, error", [
    # a picture with nothing in it
    (lambda text: re.sub(r'(<svg id="topology-2"[^>]*>).*?</svg>', r"\1</svg>", text, count=1, flags=re.S),
     "topology-2", ""),
    # a picture whose only line has no length
    (lambda text: re.sub(r'(<svg id="timeline-0-0"[^>]*>).*?</svg>', r'\1<line x1="0" y1="0" x2="0" y2="0"/></svg>',
                         text, count=1, flags=re.S), "timeline-0-0", ""),
    # a script error
    (lambda text: text.replace("</h1>", "</h1><script>noSuchFunction()</script>", 1), "", "noSuchFunction"),
])
def test_the_check_fails_on_a_broken_page(tmp_path, breakage, undrawn, error):
    with open(os.path.join(EXPECTED, "report.html")) as handle:
        broken = breakage(handle.read())
    page = tmp_path / "broken.html"
    page.write_text(broken)
    attributes, console = opened(page, tmp_path)
    assert attributes["data-undrawn"] == undrawn
    if undrawn:
        assert attributes["data-pictures"] == "31/32"
    if error:
        assert error in attributes["data-errors"] and any(error in line for line in console)
