# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Lab nodes on a userland other than the host's (issue #18): a node with ``image: debian13`` runs chrooted
into a private, writable overlay of that image's root.

An image is a Debian root the project builds itself from Debian's packages (``scripts/lab_image.py``; nothing
prebuilt is downloaded) under ``$NETDESIGN_LAB_IMAGES`` (default ``/var/lib/netdesign-lab/images``, outside
any clone, so a new clone on the same machine reuses it): ``<name>/rootfs`` and ``<name>/stamp`` (what it was
built from). The node's holder mounts the overlay, the kernel's /proc, /sys and /dev and a private /run and
/tmp inside it, then chroots; ``nsenter -r`` takes every command of the node into that root, so the node's
programs (FRR, keepalived, python3 for Ansible's modules) are the image's.
"""

from __future__ import annotations

import os
import shlex

from ansible_collections.netdesign.resilience.plugins.module_utils.lab.topology import LabError

# outside any clone (a new clone on this machine reuses it) and visible in the VM fallback, whose virtme-ng root
# shows the host's /var/lib (its /var/cache is an empty tmpfs there: an image under it failed to mount, tried)
DEFAULT_ROOT = "/var/lib/netdesign-lab/images"

# Appended to a lab node's /etc/frr/daemons (its own copy; both holders): watchfrr kills a start or restart command
# still running after --restart-timeout (FRR's default 20 s, sized for real CPUs) and retries 60 s to 600 s later. In
# the emulated VM with both cores busy, zebra alone took 17 s to start: watchfrr killed "restart all" at 20 s, then
# every daemon's restart, and ospfd, ospf6d and pimd never ran on any of the four anycast_rp routers (their lab.log,
# 2026-12-04). A lab node allows 120 s; FRR's daemons, config and checks are otherwise untouched.
FRR_LAB_OPTIONS = 'watchfrr_options="--restart-timeout 120"'
# What both holders run for FRR in the node's own root (the host's userland or the image's): one copy, an argument
# of each HOLDER_SCRIPT. /run/frr on the fresh /run; the line above where FRR is installed.
FRR_NODE_SETUP = ("if getent passwd frr >/dev/null; then mkdir -p /run/frr && chown frr:frr /run/frr; fi; "
                  "if [ -f /etc/frr/daemons ]; then echo %s >> /etc/frr/daemons; fi" % shlex.quote(FRR_LAB_OPTIONS))

# "ready" is said from inside the chroot: the caller takes it as "the holder's root is the image" (nsenter -r enters
# the holder's root). Said before the chroot, a busy machine ran a node's first command in the host's root: a test
# rewrote this machine's /etc/frr and started its FRR there (frr-reload in the image then found no daemon).
HOLDER_SCRIPT = r"""
set -e
mount --make-rprivate /
R="$1/root"
mount -t overlay overlay -o lowerdir="$3",upperdir="$1/root.upper",workdir="$1/root.work" "$R"
mount -t proc proc "$R/proc"
mount -t sysfs sysfs "$R/sys"
mount --rbind /dev "$R/dev"
mount -t tmpfs -o mode=0755 tmpfs "$R/run"
mount -t tmpfs -o mode=1777 tmpfs "$R/tmp"
mkdir -p "$R/run/lock" "$R/run/netns" "$R/run/network"
hostname "$2"
echo "$2" > "$R/etc/hostname"
chroot "$R" /bin/sh -c "$4"
ip link set lo up
exec chroot "$R" /bin/sh -c 'echo ready; exec sleep infinity'
"""


def images_root():
    return os.environ.get("NETDESIGN_LAB_IMAGES") or DEFAULT_ROOT


def rootfs(name):
    """The root of image ``name``; a LabError that says how to build it when it is not built."""
    base = os.path.join(images_root(), name)
    if not os.path.isfile(os.path.join(base, "stamp")) or not os.path.isdir(os.path.join(base, "rootfs")):
        raise LabError("lab image %s is not built in %s: build it with `.venv/bin/python scripts/lab_image.py %s` "
                       "(make test builds the images its scenarios name)" % (name, images_root(), name))
    return os.path.join(base, "rootfs")


def holder(base, node, image):
    """The holder's shell arguments for a node on ``image`` (its folders made under ``base``)."""
    for sub in ("root", "root.upper", "root.work"):
        os.makedirs(os.path.join(base, sub), exist_ok=True)
    return ["/bin/sh", "-c", HOLDER_SCRIPT, "holder", base, node, rootfs(image), FRR_NODE_SETUP]
