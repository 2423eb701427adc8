# -*- coding: utf-8 -*-
"""What every benchmark of bench/ shares: the summary of samples and matplotlib, when installed."""

from __future__ import annotations

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
