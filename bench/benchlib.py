# -*- coding: utf-8 -*-
"""What every benchmark of bench/ shares: the summary of samples and matplotlib, when installed."""

from __future__ import annotations

import json
import os
import statistics


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
