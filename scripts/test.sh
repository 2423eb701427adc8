#!/usr/bin/env bash
# Every test stage, in order; a stage's failure does not stop the others, but fails the run.
#   packages  the set-up is complete: every program the roles, scenarios and lab call comes from a package
#             scripts/apt-packages.txt installs (scripts/check_setup.py names the program and package)
#   unit      pytest tests/unit (against the collection installed from its tarball)
#   sanity    ansible-test sanity on the installed collection, no ignore file
#   lint      ansible-lint, production profile
#   molecule  every scenario under molecule/ (create, converge, idempotence, verify, destroy)
# Usage: scripts/test.sh [stage ...]   (default: all stages)
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export PATH="$root/.venv/bin:$PATH"
export ANSIBLE_CONFIG="$root/ansible.cfg"
installed="$root/build/collections/ansible_collections/netdesign/resilience"
stages=("$@")
((${#stages[@]})) || stages=(packages unit sanity lint molecule)
mkdir -p build/test
declare -a summary=()
passed=0 failed=0

run_stage() {  # name, detail-producing function
  local name=$1; shift
  local start=$SECONDS log="build/test/$name.log"
  printf '\n======== stage %s ========\n' "$name"
  if "$@" 2>&1 | tee "$log"; test "${PIPESTATUS[0]}" -eq 0; then
    summary+=("$(printf '%-9s PASS  %4ss  %s' "$name" $((SECONDS - start)) "$(detail "$name" "$log")")")
    passed=$((passed + 1))
  else
    summary+=("$(printf '%-9s FAIL  %4ss  %s (log: %s)' "$name" $((SECONDS - start)) "$(detail "$name" "$log")" "$log")")
    failed=$((failed + 1))
  fi
}

detail() {
  case $1 in
    packages) grep -E '^setup-check: [0-9]' "$2" | tail -1 | sed 's/^setup-check: //' ;;
    unit) echo "$(grep -E '[0-9]+ (passed|failed|errors?)' "$2" | tail -1 | tr -d '=' | xargs)," \
            "coverage $(grep -E '^TOTAL' "$2" | awk '{print $NF}')" ;;
    sanity) echo "$(grep -c '^Running sanity test' "$2") sanity tests run" ;;
    lint) grep -E '^(Passed|Failed)' "$2" | tail -1 ;;
    molecule) grep -E '^molecule:' "$2" | tail -1 ;;
  esac
}

stage_packages() {
  python scripts/check_setup.py
}

stage_unit() {
  [[ -d "$installed" ]] || { echo "collection not installed: run scripts/bootstrap.sh"; return 1; }
  # Coverage of the installed plugins; the floor guards against untested code landing.
  python -m pytest -q -p no:cacheprovider -n 2 tests/unit tests/integration \
    --cov="$installed/plugins" --cov-report=term:skip-covered --cov-fail-under=95
}

stage_sanity() {
  # ansible-test lists files with git when it finds a .git above the collection, and build/ is
  # git-ignored: so the tarball is installed into a scratch tree outside the repository.
  local tarball scratch rc
  tarball=$(ls build/dist/netdesign-resilience-*.tar.gz 2>/dev/null | head -1)
  [[ -n "$tarball" ]] || { echo "no collection tarball: run scripts/bootstrap.sh"; return 1; }
  scratch=$(mktemp -d "${TMPDIR:-/tmp}/netdesign-sanity.XXXXXX")
  ansible-galaxy collection install --force --no-deps -p "$scratch" "$tarball" >/dev/null || return 1
  if ls "$scratch"/ansible_collections/netdesign/resilience/tests/sanity/ignore-*.txt >/dev/null 2>&1; then
    echo "tests/sanity/ignore-*.txt exists: the project keeps no ignore file"; rm -rf "$scratch"; return 1
  fi
  # ansible-test --venv bootstraps pip with a script from a host that may be unreachable (it is
  # from these machines): seed its cache with scripts/ansible-test-get-pip.py, which uses ensurepip.
  local pip_version cache
  pip_version=$(python -c 'from ansible_test._internal.python_requirements import get_venv_packages as g; from ansible_test._internal.host_configs import NativePythonConfig as P; print(g(P(version="3.11"))["pip"])' 2>/dev/null || echo 24.2)
  cache="$HOME/.ansible/test/cache/get_pip_${pip_version//./_}.py"
  if ! [[ -s "$cache" ]] || grep -q 'Stand-in for the pip bootstrap' "$cache"; then
    mkdir -p "$(dirname "$cache")/pip-wheels" && cp scripts/ansible-test-get-pip.py "$cache"
    ls "$(dirname "$cache")/pip-wheels/pip-$pip_version-"*.whl >/dev/null 2>&1 ||
      python -m pip download -q --no-deps --only-binary=:all: -d "$(dirname "$cache")/pip-wheels" "pip==$pip_version"
  fi
  (cd "$scratch/ansible_collections/netdesign/resilience" && ansible-test sanity --venv --python 3.11 --color no)
  rc=$?
  rm -rf "$scratch"
  return $rc
}

stage_lint() {
  ansible-lint --profile production --offline --nocolor
}

stage_molecule() {
  local scenarios=() s rc=0 ok=0 bad=0
  for s in molecule/*/molecule.yml; do [[ -e "$s" ]] && scenarios+=("$(basename "$(dirname "$s")")"); done
  if ((${#scenarios[@]} == 0)); then
    echo "molecule: no scenarios yet (0 run)"; return 0
  fi
  for s in "${scenarios[@]}"; do
    # a scenario can opt out of make test (netdesign_lab.make_test: false, with its reason beside it);
    # scripts/lab_molecule.py still runs it
    if grep -qE '^ +make_test: false' "molecule/$s/molecule.yml"; then
      echo "---- $s: skipped ($(grep -E '^ +make_test: false' "molecule/$s/molecule.yml" | sed 's/^[^#]*# *//'))"; continue
    fi
    # runs on this kernel, or in a throwaway VM when the scenario needs a feature this kernel lacks
    echo "---- molecule test -s $s"
    # lab_molecule.py also fails the scenario when its lab left anything behind on this machine
    local started=$SECONDS
    if python scripts/lab_molecule.py "$s"; then ok=$((ok + 1)); else bad=$((bad + 1)); rc=1; fi
    echo "---- $s: $((SECONDS - started)) s"
  done
  echo "molecule: $ok scenarios passed, $bad failed"
  return $rc
}

for stage in "${stages[@]}"; do
  case $stage in
    packages|unit|sanity|lint|molecule) run_stage "$stage" "stage_$stage" ;;
    *) echo "unknown stage: $stage (packages, unit, sanity, lint, molecule)"; exit 2 ;;
  esac
done

printf '\n======== summary ========\n'
printf '%s\n' "${summary[@]}"
echo "stages: $passed passed, $failed failed"
((failed == 0))
