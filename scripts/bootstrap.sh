#!/usr/bin/env bash
# Idempotent set-up shared by `make site` and `make test`:
#   1. Debian packages from scripts/apt-packages.txt (apt-get, only when some are missing)
#   2. the project virtualenv .venv with pinned Python tooling (only when the pins changed), and
#      galaxy-importer in build/galaxy-importer-venv (its pins conflict with .venv's)
#   3. the collection itself: built into a tarball and installed with ansible-galaxy,
#      exactly as a Galaxy user gets it, into build/collections.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '==> %s\n' "$*"; }

# --- 1. Debian packages -------------------------------------------------------
missing=()
while read -r pkg; do
  [[ -z "$pkg" || "$pkg" == \#* ]] && continue
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done < scripts/apt-packages.txt
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "missing Debian packages: ${missing[*]} (run as root, or install them first)" >&2
    exit 1
  fi
  say "apt-get install ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  say "Debian packages: all present"
fi

# --- 2. Python virtualenv -----------------------------------------------------
PYTHON=${PYTHON:-python3}
if [[ ! -x .venv/bin/python ]]; then
  say "creating .venv with $($PYTHON --version)"
  "$PYTHON" -m venv .venv
fi
want=$(cat requirements-dev.txt constraints.txt requirements.txt | sha256sum | cut -d' ' -f1)
have=$(cat .venv/.requirements.sha256 2>/dev/null || true)
if [[ "$want" != "$have" ]]; then
  say "pip install pinned tooling into .venv (ansible, ansible-lint, molecule, pytest, hypothesis, netaddr, antsibull-changelog, ansible-builder)"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -r requirements-dev.txt -r requirements.txt -c constraints.txt
  echo "$want" > .venv/.requirements.sha256
else
  say "Python tooling: pinned versions present in .venv"
fi
export PATH="$PWD/.venv/bin:$PATH"

# --- 2b. galaxy-importer in a venv of its own ------------------------------------
# Its pins conflict with .venv's (requirements-galaxy-importer.txt says which); the packaging test stage
# runs it from here.
importer=build/galaxy-importer-venv
want=$(sha256sum < requirements-galaxy-importer.txt | cut -d' ' -f1)
have=$(cat "$importer/.requirements.sha256" 2>/dev/null || true)
if [[ "$want" != "$have" ]]; then
  say "pip install galaxy-importer into $importer (requirements-galaxy-importer.txt)"
  rm -rf "$importer"
  "$PYTHON" -m venv "$importer"
  "$importer/bin/python" -m pip install -q --upgrade pip
  "$importer/bin/python" -m pip install -q -r requirements-galaxy-importer.txt
  echo "$want" > "$importer/.requirements.sha256"
else
  say "galaxy-importer: pinned versions present in $importer"
fi

# --- 3. The collection, from its own tarball ------------------------------------
version=$(python -c 'import yaml;print(yaml.safe_load(open("galaxy.yml"))["version"])')
rm -rf build/dist build/collections/ansible_collections/netdesign/resilience
mkdir -p build/dist build/collections
say "ansible-galaxy collection build (netdesign.resilience $version)"
ansible-galaxy collection build --force --output-path build/dist . >/dev/null
# Dependencies (cisco.ios, ansible.netcommon, ansible.utils, ansible.posix, community.general)
# come from the pinned `ansible` package in .venv; Galaxy is not needed (users with Galaxy:
# `ansible-galaxy collection install -r requirements.yml`).
say "ansible-galaxy collection install build/dist/netdesign-resilience-$version.tar.gz"
ansible-galaxy collection install --force --no-deps -p build/collections \
  "build/dist/netdesign-resilience-$version.tar.gz" >/dev/null
say "installed: $(ls -d build/collections/ansible_collections/netdesign/resilience)"
