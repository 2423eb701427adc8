#!/usr/bin/env python3
"""The main job's last step: the lab's measurements merged into the predicted failure matrix (issue #19).

Reads build/site/report.json (written by site.yml: the predictions) and every build/lab-results/*.replay.json
(written by the lab's replay: one record per replayed row), merges them (module_utils/report/measured.py),
rewrites build/site/report.json, report.md and report.html (when there was a record, or the report was merged
before), prints one line per design and exits with
netlab validate's codes:

  0  every row replayed and passed
  1  some row failed (measured over its bound, an invariant predicted to hold not held, or the replay failed)
  2  nothing ran: no row replayed (no replay file, or every record skipped)
  3  warnings only: no row failed, but some rows were not replayed (skipped, or no record)

--no-lab (scripts/site.sh with NETDESIGN_SITE_LAB=0): no replay file is read, the report holds the predictions
alone, and the exit is 0 (the user asked for no lab: nothing failed). --newer-than PATH ignores (and names)
replay files not newer than PATH: an earlier lab run's results never pass for this one's. A record whose id is
no row of report.json, or a file that is not a list of records, is an error (exit 4, nothing rewritten).
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "build", "collections"))

from ansible_collections.netdesign.resilience.plugins.module_utils.matrix import predict as FM
from ansible_collections.netdesign.resilience.plugins.module_utils.report import html as H
from ansible_collections.netdesign.resilience.plugins.module_utils.report import measured as M

EXIT_BAD_INPUT = 4


def records_of(paths):
    """Every record of the replay files, in the order of the files (sorted) and of each file."""
    records = []
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            try:
                data = json.load(handle)
            except ValueError as exc:
                raise M.ReplayError("%s: not JSON (%s)" % (path, exc)) from None
        if not isinstance(data, list):
            raise M.ReplayError("%s: must be a list of replay records, got %s" % (path, type(data).__name__))
        records += data
    return records


def write(path, text):
    temporary = path + ".tmp"
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(temporary, path)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", default=os.path.join(ROOT, "build", "site"),
                        help="the folder of report.json (default: build/site)")
    parser.add_argument("--results", default=os.path.join(ROOT, "build", "lab-results"),
                        help="the folder of the *.replay.json files (default: build/lab-results)")
    parser.add_argument("--no-lab", action="store_true", help="read no replay file; the predictions alone, exit 0")
    parser.add_argument("--newer-than", metavar="PATH", help="ignore replay files not newer than PATH")
    args = parser.parse_args(argv)
    source = os.path.join(args.site, "report.json")
    try:
        with open(source, encoding="utf-8") as handle:
            report = json.load(handle)
    except (OSError, ValueError) as exc:
        print("site_report: cannot read %s (%s): run ansible-playbook site.yml first" % (source, exc), file=sys.stderr)
        return EXIT_BAD_INPUT
    paths = [] if args.no_lab else sorted(glob.glob(os.path.join(args.results, "*.replay.json")))
    if args.newer_than and paths:
        if not os.path.exists(args.newer_than):
            print("site_report: %s does not exist (--newer-than)" % args.newer_than, file=sys.stderr)
            return EXIT_BAD_INPUT
        since = os.stat(args.newer_than).st_mtime
        stale = [p for p in paths if os.stat(p).st_mtime <= since]
        for path in stale:
            print("site_report: %s is older than this run (%s): ignored" % (path, args.newer_than))
        paths = [p for p in paths if p not in stale]
    try:
        records = records_of(paths)
        merged = M.merge_measured(report, records)
    except M.ReplayError as exc:
        print("site_report: %s (nothing rewritten)" % exc, file=sys.stderr)
        return EXIT_BAD_INPUT
    if records or report.get("replayed"):   # else site.yml's report (the predictions) stays as site.yml wrote it
        write(source, FM.report_json(merged))
        write(os.path.join(args.site, "report.md"), FM.report_markdown(merged))
        write(os.path.join(args.site, "report.html"), H.report_html(merged))
    for line in M.design_lines(merged):
        print("site_report: " + line)
    code = M.exit_code(merged)
    verdict = {0: "all passed", 1: "some FAILED", 2: "nothing ran (no row replayed)",
               3: "warnings only (no failure, some rows not replayed)"}[code]
    if args.no_lab:
        verdict, code = "lab skipped: the report holds the predictions alone", 0
    print("site_report: %d replay files; %s: exit %d; %s" % (len(paths), verdict, code, os.path.join(args.site, "report.html")))
    return code


if __name__ == "__main__":
    sys.exit(main())
