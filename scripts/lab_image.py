#!/usr/bin/env python3
"""Build a lab node image from Debian's packages (issue #18), or say that the one built is current.

    .venv/bin/python scripts/lab_image.py debian13 [--force] [--root DIR]

An image is a Debian root made by ``mmdebstrap`` (Debian's own tool, from Debian's packages; nothing prebuilt
is downloaded) in ``$NETDESIGN_LAB_IMAGES`` (default ``/var/lib/netdesign-lab/images``; see
plugins/module_utils/lab/image.py, which runs nodes on it): ``<name>/rootfs`` and ``<name>/stamp``, the JSON of
what it was built from. It is rebuilt only when that changes (suite, mirror, package list) or with --force. The
last line printed is one JSON object: name, rebuilt or reused, seconds, size in MB, the versions of the
packages that matter (FRR, keepalived, python3, nftables, ifupdown2), and the root's /etc/debian_version.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time

# Debian 13 (trixie): FRR 10 with pim6d, keepalived 2.3, python3 for the lab agent and Ansible's modules
IMAGES = {
    "debian13": {
        "suite": "trixie",
        "mirror": "http://deb.debian.org/debian",
        "variant": "apt",
        "packages": ["conntrack", "conntrackd", "frr", "frr-pythontools", "ifupdown2", "iproute2", "iputils-ping",
                     "keepalived", "nftables", "procps", "python3"],
    },
    # a fresh Debian 13 machine of the project's kind, before its set-up: what `make test-debian13`
    # (scripts/test_debian13.sh) runs scripts/bootstrap.sh and the unit and lint stages in. Only what such a
    # machine comes with: none of scripts/apt-packages.txt's project packages (the set-up must install them)
    "debian13-host": {
        "suite": "trixie",
        "mirror": "http://deb.debian.org/debian",
        "variant": "apt",
        "packages": ["ca-certificates", "git", "make", "python3", "python3-pip", "python3-venv"],
    },
}
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "build", "collections"))
# where images live: the one answer the lab's nodes use too
from ansible_collections.netdesign.resilience.plugins.module_utils.lab.image import images_root  # noqa: E402

REPORTED = ("frr", "keepalived", "python3", "nftables", "ifupdown2", "iproute2")


def size_mb(path):
    out = subprocess.run(["du", "-sm", "-x", path], capture_output=True, text=True, check=True).stdout
    return int(out.split()[0])


def versions(rootfs):
    out = subprocess.run(["chroot", rootfs, "dpkg-query", "-W", "-f", "${Package} ${Version}\\n"] + list(REPORTED),
                         capture_output=True, text=True, check=False).stdout
    return dict(line.split(" ", 1) for line in out.splitlines() if " " in line)


def build(name, force=False, root=None):
    spec = IMAGES[name]
    base = os.path.join(root or images_root(), name)
    rootfs, stamp = os.path.join(base, "rootfs"), os.path.join(base, "stamp")
    wanted = json.dumps(spec, sort_keys=True)
    started = time.perf_counter()
    current = None
    if os.path.isfile(stamp):
        with open(stamp) as handle:
            current = handle.read()
    rebuilt = force or current != wanted or not os.path.isdir(rootfs)
    if rebuilt:
        if shutil.which("mmdebstrap") is None:
            raise SystemExit("lab_image: mmdebstrap is missing (apt-get install mmdebstrap; scripts/bootstrap.sh "
                             "installs it)")
        print("lab_image: building %s (Debian %s from %s, %d packages) in %s ..." % (
            name, spec["suite"], spec["mirror"], len(spec["packages"]), rootfs), flush=True)
        if os.path.exists(stamp):
            os.unlink(stamp)          # a half-built root is never taken for a built one
        shutil.rmtree(rootfs, ignore_errors=True)
        os.makedirs(base, exist_ok=True)
        proc = subprocess.run(["mmdebstrap", "--quiet", "--variant=" + spec["variant"],
                               "--include=" + ",".join(spec["packages"]), spec["suite"], rootfs, spec["mirror"]],
                              capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            shutil.rmtree(rootfs, ignore_errors=True)
            raise SystemExit("lab_image: mmdebstrap failed (rc %d): %s" % (proc.returncode, proc.stderr[-3000:]))
        with open(stamp, "w") as handle:
            handle.write(wanted)
    with open(os.path.join(rootfs, "etc", "debian_version")) as handle:
        debian = handle.read().strip()
    return {"name": name, "rebuilt": rebuilt, "seconds": round(time.perf_counter() - started, 1),
            "size_mb": size_mb(rootfs), "debian_version": debian, "versions": versions(rootfs), "rootfs": rootfs}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("name", choices=sorted(IMAGES))
    parser.add_argument("--force", action="store_true", help="rebuild even when the image is current")
    parser.add_argument("--root", help="where images go (default $NETDESIGN_LAB_IMAGES or %s)" % images_root())
    args = parser.parse_args(argv)
    result = build(args.name, args.force, args.root)
    print("lab_image: %s %s in %.1f s: Debian %s, %d MB, %s" % (
        args.name, "built" if result["rebuilt"] else "current (reused)", result["seconds"], result["debian_version"],
        result["size_mb"], ", ".join("%s %s" % kv for kv in sorted(result["versions"].items()))))
    print(json.dumps(result, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
