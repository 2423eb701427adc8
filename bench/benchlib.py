# -*- coding: utf-8 -*-
"""What every benchmark of bench/ shares: its command line, the machine, the summary of samples, the results
files, and matplotlib, when installed."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time


def arguments(doc, repeat, report_only=False, sizes=None):
    """A benchmark's command line: its docstring's first paragraph, ``--repeat`` (default ``repeat``), with
    ``report_only``, ``--report-only`` (the report again from the kept .json) and, with ``sizes``, ``--sizes``
    (comma-separated, default ``sizes``; the parsed value is the list)."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--repeat", type=int, default=repeat)
    if sizes is not None:
        parser.add_argument("--sizes", type=lambda text: text.split(","), default=sizes)
    if report_only:
        parser.add_argument("--report-only", action="store_true", help="redo the .md and .png from the .json")
    return parser


def reported_again(args, name, *reports):
    """With ``--report-only``, each report written again from bench/results/<name>.json, and True."""
    if not args.report_only:
        return False
    results = load_json(name)
    for report in reports:
        report(results)
    return True


def method(doc, separator):
    """The results' ``method``: the docstring's second and third paragraphs, each stripped, joined by
    ``separator``."""
    return separator.join(part.strip() for part in doc.split("\n\n")[1:3])


def need_root(name, why):
    """Stop the benchmark ``name`` unless it runs as root (``why``: what needs it)."""
    if os.geteuid() != 0:
        raise SystemExit("%s: needs root (%s)" % (name, why))


def machine():
    """The machine of a run, as the results keep it."""
    return {"cpus": os.cpu_count(), "kernel": os.uname().release}


def measured(results, extra=""):
    """The report's first line: which benchmark, on which machine, how long (``extra`` before the full stop)."""
    return "Measured by `bench/%s.py` on %d CPUs, kernel %s, in %.0f s%s." % (
        results["name"], results["machine"]["cpus"], results["machine"]["kernel"], results["duration_s"], extra)


def set_ratio(entry, base):
    """A summary's ``ratio_to_baseline``: its median over ``base`` (the baseline's median); None when that is 0 or
    missing."""
    entry["ratio_to_baseline"] = entry["median"] / base if base else None


def save_run(results, started, *reports, kinds="json,md,png"):
    """The run's duration (since ``started``, a time.time()) in ``results``, kept in bench/results/<name>.json,
    then each report written from it."""
    results["duration_s"] = round(time.time() - started, 1)
    save_json(results["name"], results)
    for report in reports:
        report(results)
    print("wrote bench/results/%s.{%s} in %.0f s" % (results["name"], kinds, results["duration_s"]))


def summary(values, unit):
    """Raw samples with their median, min and max, and the unit."""
    return {"samples": list(values), "median": statistics.median(values), "min": min(values), "max": max(values),
            "unit": unit}


def pyplot():
    """matplotlib.pyplot on the Agg backend, or None (with a note) when it is not installed."""
    try:
        import matplotlib  # pylint: disable=import-outside-toplevel
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt  # pylint: disable=import-outside-toplevel
    except ImportError:
        print("matplotlib missing: no PNG (pip install -r bench/requirements.txt)")
        return None
    return plt


RESULTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results")


def png(name, dpi):
    """A report drawn with matplotlib: ``draw(plt, results)`` returns its figure, laid out and written to
    bench/results/<name>.png; nothing is drawn (with a note) when matplotlib is not installed."""
    def decorate(draw):
        def write(results):
            plt = pyplot()
            if plt is None:
                return
            fig = draw(plt, results)
            fig.tight_layout()
            fig.savefig(os.path.join(RESULTS, name + ".png"), dpi=dpi)
        return write
    return decorate


def save_json(name, results):
    """bench/results/<name>.json, as every benchmark writes it (sorted keys, one-space indent)."""
    os.makedirs(RESULTS, exist_ok=True)
    with open(os.path.join(RESULTS, name + ".json"), "w") as handle:
        json.dump(results, handle, indent=1, sort_keys=True)


def load_json(name):
    with open(os.path.join(RESULTS, name + ".json")) as handle:
        return json.load(handle)


def save_markdown(name, lines):
    """bench/results/<name>.md from its lines."""
    os.makedirs(RESULTS, exist_ok=True)
    with open(os.path.join(RESULTS, name + ".md"), "w") as handle:
        handle.write("\n".join(lines) + "\n")
