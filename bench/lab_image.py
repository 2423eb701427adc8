#!/usr/bin/env python3
"""Issue #18: what a lab image costs: the debian13 image built from scratch (mmdebstrap from Debian's packages,
into a scratch folder, so the cached image is left alone), then the same call again (reused, nothing
rebuilt), with its size and the versions of what the lab runs on it.

    .venv/bin/python bench/lab_image.py [--repeat 2]    # writes bench/results/lab_image.{json,md}
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts"))
import benchlib  # noqa: E402  pylint: disable=wrong-import-position
import lab_image  # noqa: E402  pylint: disable=wrong-import-position


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    builds, reuses, last = [], [], None
    for _run in range(args.repeat):
        scratch = tempfile.mkdtemp(prefix="netdesign-image-")
        try:
            last = lab_image.build("debian13", root=scratch)
            builds.append(last["seconds"])
            again = lab_image.build("debian13", root=scratch)
            assert not again["rebuilt"], "the second call rebuilt the image"
            reuses.append(again["seconds"])
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        print("lab_image bench: built in %.1f s, reused in %.2f s, %d MB" % (builds[-1], reuses[-1], last["size_mb"]),
              flush=True)
    results = {"date": time.strftime("%Y-%m-%d %H:%M", time.gmtime()), "cpus": os.cpu_count(),
               "build_s": benchlib.summary(builds, "s"), "reuse_s": benchlib.summary(reuses, "s"),
               "size_mb": last["size_mb"], "debian_version": last["debian_version"], "versions": last["versions"],
               "packages": lab_image.IMAGES["debian13"]["packages"]}
    benchlib.save_json("lab_image", results)
    benchlib.save_markdown("lab_image", [
        "# The debian13 lab image (issue #18)", "",
        "`.venv/bin/python bench/lab_image.py --repeat %d` on %s (UTC), %d CPUs: `scripts/lab_image.py`'s build "
        "from scratch with mmdebstrap from deb.debian.org (Debian %s; the download is part of the time, so the "
        "mirror's speed is too), then the same call again, which finds the stamp current and rebuilds nothing." % (
            args.repeat, results["date"], results["cpus"], results["debian_version"]), "",
        "| | median | min | max |", "|---|---|---|---|",
        "| build from scratch, s | %.1f | %.1f | %.1f |" % (
            results["build_s"]["median"], results["build_s"]["min"], results["build_s"]["max"]),
        "| second call (reused), s | %.2f | %.2f | %.2f |" % (
            results["reuse_s"]["median"], results["reuse_s"]["min"], results["reuse_s"]["max"]), "",
        "Size of the root: %d MB. Packages asked for: %s. What the lab runs on it: %s." % (
            results["size_mb"], ", ".join(results["packages"]),
            ", ".join("%s %s" % kv for kv in sorted(results["versions"].items())))])
    return 0


if __name__ == "__main__":
    sys.exit(main())
