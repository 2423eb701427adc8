#!/usr/bin/env bash
# make test-debian13 (issue #18): the set-up and the packages, unit and lint stages on a fresh Debian 13 machine.
#   1. image   the root of a fresh Debian 13 machine of the project's kind, built by scripts/lab_image.py
#              (image debian13-host: mmdebstrap from Debian's packages, what such a machine comes with and none of
#              scripts/apt-packages.txt's project packages) under the images root, or reused when its suite and
#              package list are unchanged (the image's stamp)
#   2. clone   a fresh `git clone` of this repository's HEAD, in a throwaway folder
#   3. set-up  scripts/bootstrap.sh inside a throwaway overlay of that root (chroot, in a private mount and PID
#              namespace: /proc, /sys, /dev, /run, /tmp and resolv.conf set up, a policy-rc.d so no package starts a
#              service): it apt-get installs scripts/apt-packages.txt and creates .venv with Debian 13's python3
#   4. stages  scripts/test.sh packages unit lint there
# The overlay's upper folder and the clone are removed afterwards, so the cached root stays as built. apt's
# downloaded .debs and package lists, pip's cache and the wheels of the pinned versions are kept in
# $NETDESIGN_HOST_CACHE (default /var/lib/netdesign-lab/cache/debian13-host), bind-mounted in, so a second run
# downloads little; the install itself runs every time. Logs: build/test-debian13/ (the run's output and the stages'
# logs from inside).
# Environment: NETDESIGN_LAB_IMAGES (images root), NETDESIGN_HOST_CACHE, NETDESIGN_DEBIAN13_STAGES (default
# "packages unit lint"), CI (passed in, as scripts/test.sh reads it).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
image=debian13-host
cache=${NETDESIGN_HOST_CACHE:-/var/lib/netdesign-lab/cache/$image}
read -r -a stages <<<"${NETDESIGN_DEBIAN13_STAGES:-packages unit lint}"
logs=$repo/build/test-debian13
started=$SECONDS
declare -a steps=()
say() { printf '==> test-debian13: %s\n' "$*"; }
step() { steps+=("$(printf '%-8s %-4s  %4ss  %s' "$1" "$2" "$3" "$4")"); }

[[ $(id -u) -eq 0 ]] || { echo "test-debian13: run as root (mounts and chroot)" >&2; exit 1; }
rm -rf "$logs" && mkdir -p "$logs"

# --- 1. the root of a fresh Debian 13 machine ------------------------------------------------------------
say "[1/4] image $image (scripts/lab_image.py: built, or reused when its stamp is current)"
t=$SECONDS
.venv/bin/python scripts/lab_image.py "$image" | tee "$logs/image.log"
result=$(tail -1 "$logs/image.log")
rootfs=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["rootfs"])' "$result")
what=$(python3 -c 'import json,sys; r=json.loads(sys.argv[1]); print("%s, Debian %s, %d MB, python3 %s" % (
    "built" if r["rebuilt"] else "reused", r["debian_version"], r["size_mb"], r["versions"].get("python3", "?")))' \
  "$result")
step image PASS $((SECONDS - t)) "$what"

# --- 2. a fresh clone of HEAD, and the throwaway overlay's folders -------------------------------------------
head=$(git rev-parse HEAD)
work=$(mktemp -d /var/tmp/netdesign-debian13.XXXXXX)
cleanup() {
  # the mounts live in the namespace of step 3 and went with it; should one be left here, it is unmounted before
  # anything is removed (rm must never reach a bind-mounted cache, /dev or the images root)
  local m
  for m in $(findmnt -rn -o TARGET | grep -F "$work/" | sort -r); do umount -l "$m" || true; done
  if findmnt -rn -o TARGET | grep -qF "$work/"; then
    echo "test-debian13: $work still has mounts: left in place" >&2
  else
    rm -rf "$work" || echo "test-debian13: could not remove $work" >&2
  fi
}
trap cleanup EXIT
say "[2/4] git clone of HEAD ($(git rev-parse --short HEAD)) into $work/clone"
t=$SECONDS
git clone -q --no-hardlinks "$repo" "$work/clone"
git -C "$work/clone" checkout -q --detach "$head"
mkdir -p "$work/upper" "$work/ovl" "$work/root" "$cache/apt-archives/partial" "$cache/apt-lists/partial" "$cache/pip" \
  "$cache/wheels"
step clone PASS $((SECONDS - t)) "$head"

# --- 3. and 4. inside the overlay of the root ------------------------------------------------------------------
# Runs in a private mount namespace and a PID namespace of its own (its PID 1 is this bash: when it exits, anything
# the set-up or a test left running goes with it, and every mount below with the namespace).
inner=$(cat <<'INNER'
set -euo pipefail
rootfs=$1 work=$2 cache=$3 ci=$4; shift 4
R=$work/root
mount -t overlay overlay -o "lowerdir=$rootfs,upperdir=$work/upper,workdir=$work/ovl" "$R"
mount -t proc proc "$R/proc"
mount -t sysfs sysfs "$R/sys"
mount --rbind /dev "$R/dev"
mount -t tmpfs -o mode=0755 tmpfs "$R/run"
mount -t tmpfs -o mode=1777 tmpfs "$R/tmp"
mkdir -p "$R/run/lock"
# name resolution as on this machine, and no service started by a package's postinst (Debian's policy-rc.d)
rm -f "$R/etc/resolv.conf" && cat /etc/resolv.conf > "$R/etc/resolv.conf"
# this machine's own trust anchors (certificates in its bundle that no ca-certificates file holds: a CA of the
# network's HTTPS proxy, say), as a machine of this kind has them, so pip reaches PyPI as it does here
python3 - "$R/usr/local/share/ca-certificates" <<'PY'
import glob, re, sys
pem = re.compile(r"-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----", re.S)
packaged = {re.sub(r"\s+", "", c) for f in glob.glob("/usr/share/ca-certificates/**/*.crt", recursive=True)
            for c in pem.findall(open(f).read())}
local = [c for c in pem.findall(open("/etc/ssl/certs/ca-certificates.crt").read())
         if re.sub(r"\s+", "", c) not in packaged]
for n, cert in enumerate(local):
    with open("%s/netdesign-host-%d.crt" % (sys.argv[1], n), "w") as handle:
        handle.write(cert + "\n")
print("==> test-debian13: %d local trust anchor(s) of this machine added to the root" % len(local))
PY
chroot "$R" update-ca-certificates >/dev/null 2>&1 ||
  { echo "test-debian13: update-ca-certificates failed in the root" >&2; exit 1; }
printf '#!/bin/sh\n# test-debian13: no service starts in this root\nexit 101\n' > "$R/usr/sbin/policy-rc.d"
chmod 0755 "$R/usr/sbin/policy-rc.d"
# the persistent download caches: apt's .debs and lists, pip's wheels and HTTP cache
mount --bind "$cache/apt-archives" "$R/var/cache/apt/archives"
mount --bind "$cache/apt-lists" "$R/var/lib/apt/lists"
mkdir -p "$R/root/.cache/pip" && mount --bind "$cache/pip" "$R/root/.cache/pip"
mkdir -p "$R/var/cache/netdesign-wheels" && mount --bind "$cache/wheels" "$R/var/cache/netdesign-wheels"
mkdir -p "$R/work/netdesign" && mount --bind "$work/clone" "$R/work/netdesign"
in_root() {
  chroot "$R" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb CI="$ci" \
    PIP_FIND_LINKS=/var/cache/netdesign-wheels PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    /bin/bash -c "cd /work/netdesign && $1"
}
printf '==> test-debian13: [3/4] scripts/bootstrap.sh in the Debian %s root (%s)\n' \
  "$(cat "$R/etc/debian_version")" "$(chroot "$R" python3 --version)"
t=$SECONDS
if in_root scripts/bootstrap.sh; then echo "setup-rc 0 $((SECONDS - t))" > "$work/steps"; else
  echo "setup-rc 1 $((SECONDS - t))" > "$work/steps"; exit 0; fi
# pip's HTTP cache stays empty on a network whose proxy drops PyPI's caching headers (as here): so the wheels of the
# pinned versions are also kept in a folder pip finds first (PIP_FIND_LINKS, as this kind of machine has one),
# filled once for each set of pins
in_root 'want=$( (cat requirements-dev.txt constraints.txt requirements.txt requirements-galaxy-importer.txt
  python3 --version) | sha256sum | cut -d" " -f1)
  [[ "$(cat /var/cache/netdesign-wheels/.stamp 2>/dev/null)" == "$want" ]] && exit 0
  echo "==> test-debian13: keeping the wheels of the pinned versions in the wheel cache"
  .venv/bin/python -m pip download -q -d /var/cache/netdesign-wheels pip -r requirements-dev.txt \
    -r requirements.txt -c constraints.txt &&
  build/galaxy-importer-venv/bin/python -m pip download -q -d /var/cache/netdesign-wheels \
    -r requirements-galaxy-importer.txt && echo "$want" > /var/cache/netdesign-wheels/.stamp' ||
  echo "==> test-debian13: the wheel cache was not filled (the next run downloads the wheels again)"
printf '==> test-debian13: [4/4] scripts/test.sh %s in the Debian 13 root\n' "$*"
t=$SECONDS
rc=0
in_root "scripts/test.sh $*" || rc=$?
echo "stages-rc $rc $((SECONDS - t))" >> "$work/steps"
INNER
)
rc=0
unshare --mount --propagation private --pid --fork --kill-child \
  /bin/bash -c "$inner" inner "$rootfs" "$work" "$cache" "${CI:-}" "${stages[@]}" 2>&1 | tee "$logs/run.log" ||
  rc=$?
# the stages' logs from inside, before the clone goes
cp -r "$work/clone/build/test/." "$logs/" 2>/dev/null || true
setup_rc=$(awk '$1 == "setup-rc" {print $2}' "$work/steps" 2>/dev/null || true)
setup_s=$(awk '$1 == "setup-rc" {print $3}' "$work/steps" 2>/dev/null || true)
stages_rc=$(awk '$1 == "stages-rc" {print $2}' "$work/steps" 2>/dev/null || true)
stages_s=$(awk '$1 == "stages-rc" {print $3}' "$work/steps" 2>/dev/null || true)
if [[ "$setup_rc" == 0 ]]; then
  step set-up PASS "$setup_s" "scripts/bootstrap.sh: $(grep -m1 -oE 'apt-get install' "$logs/run.log" ||
    echo 'no apt-get install'), $(grep -m1 -oE 'creating \.venv with Python [0-9.]+' "$logs/run.log" || echo '.venv')"
else
  step set-up FAIL "${setup_s:-0}" "scripts/bootstrap.sh failed (log: $logs/run.log)"
fi
if [[ -n "$stages_rc" ]]; then
  step stages "$([[ $stages_rc == 0 ]] && echo PASS || echo FAIL)" "$stages_s" \
    "$(grep -E '^stages: ' "$logs/run.log" | tail -1)"
fi

printf '\n======== test-debian13 summary ========\n'
printf '%s\n' "${steps[@]}"
if [[ -n "$stages_rc" ]]; then
  # the stages' own summary lines, from scripts/test.sh inside
  sed -n '/^======== summary ========$/,/^stages: /p' "$logs/run.log" | sed '1d;$d' | sed 's/^/  /'
fi
verdict=FAIL
[[ $rc == 0 && "$setup_rc" == 0 && "$stages_rc" == 0 ]] && verdict=PASS
echo "test-debian13: $verdict in $((SECONDS - started)) s: set-up and ${stages[*]} on Debian" \
  "$(cat "$rootfs/etc/debian_version") ($image, clone of ${head:0:7}); logs in $logs"
[[ $verdict == PASS ]]
