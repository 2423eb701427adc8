#!/usr/bin/env bash
# Every test stage, in order; a stage's failure does not stop the others, but fails the run.
#   packages  the set-up is complete: every program the roles, scenarios and lab call comes from a package
#             scripts/apt-packages.txt installs (scripts/check_setup.py names the program and package)
#   unit      pytest tests/unit (against the collection installed from its tarball)
#   sanity    ansible-test sanity on the installed collection, no ignore file
#   lint      ansible-lint, production profile
#   packaging what Galaxy and AWX/AAP users get: galaxy-importer on the tarball and what it holds,
#             antsibull-changelog on changelogs/ and CHANGELOG.rst, ansible-builder create on
#             execution-environment.yml and the collection's own EE requirements
#   molecule  every scenario under extensions/molecule/ (create, converge, idempotence, verify, destroy)
# Usage: scripts/test.sh [stage ...]   (default: all stages)
# bench/ansible_core_matrix.py (make matrix) runs the unit and sanity stages with another ansible-core:
#   NETDESIGN_VENV=DIR          the virtualenv whose python, ansible and ansible-test run (default .venv)
#   NETDESIGN_TEST_LOGS=DIR     where the stage logs go (default build/test)
#   NETDESIGN_UNIT_COVERAGE=0   unit without coverage (and so without its floor)
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
venv=$(realpath "${NETDESIGN_VENV:-$root/.venv}")
logs=${NETDESIGN_TEST_LOGS:-build/test}
export PATH="$venv/bin:$PATH"
export ANSIBLE_CONFIG="$root/ansible.cfg"
installed="$root/build/collections/ansible_collections/netdesign/resilience"
stages=("$@")
((${#stages[@]})) || stages=(packages unit sanity lint packaging molecule)
mkdir -p build/test "$logs"
declare -a summary=()
passed=0 failed=0

run_stage() {  # name, detail-producing function
  local name=$1; shift
  local start=$SECONDS log="$logs/$name.log"
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
    packaging) grep -E '^packaging:' "$2" | tail -1 | sed 's/^packaging: //' ;;
  esac
}

stage_packages() {
  python scripts/check_setup.py
}

stage_unit() {
  [[ -d "$installed" ]] || { echo "collection not installed: run scripts/bootstrap.sh"; return 1; }
  # Coverage of the installed plugins; the floor guards against untested code landing.
  local coverage=(--cov="$installed/plugins" --cov-report=term:skip-covered --cov-fail-under=95)
  [[ ${NETDESIGN_UNIT_COVERAGE:-1} == 0 ]] && coverage=()
  python -m pytest -q -p no:cacheprovider -n 2 tests/unit tests/integration "${coverage[@]}"
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
  # from these machines): seed its cache with scripts/ansible-test-get-pip.py, which uses ensurepip, and
  # the wheels of what ansible-test asks it for (pip; ansible-core 2.16 also pins setuptools and wheel).
  # The sanity tests run on the venv's own Python (ansible-core 2.20+ needs 3.12 on the controller).
  local pins pip_version cache wheels spec pyver
  pyver=$(python -c 'import sys; print("%d.%d" % sys.version_info[:2])')
  pins=$(python -c 'import sys; from ansible_test._internal.python_requirements import get_venv_packages as g; from ansible_test._internal.host_configs import NativePythonConfig as P; print(" ".join("%s==%s" % kv for kv in sorted(g(P(version=sys.argv[1])).items())))' "$pyver" 2>/dev/null || echo pip==24.2)
  pip_version=$(tr ' ' '\n' <<<"$pins" | sed -n 's/^pip==//p')
  cache="$HOME/.ansible/test/cache/get_pip_${pip_version//./_}.py"
  wheels="$(dirname "$cache")/pip-wheels"
  if ! [[ -s "$cache" ]] || grep -q 'Stand-in for the pip bootstrap' "$cache"; then
    mkdir -p "$wheels" && cp scripts/ansible-test-get-pip.py "$cache"
    for spec in $pins; do
      ls "$wheels/${spec%%==*}-${spec#*==}-"*.whl >/dev/null 2>&1 ||
        python -m pip download -q --no-deps --only-binary=:all: -d "$wheels" "$spec"
    done
  fi
  (cd "$scratch/ansible_collections/netdesign/resilience" && ansible-test sanity --venv --python "$pyver" --color no)
  rc=$?
  rm -rf "$scratch"
  return $rc
}

stage_lint() {
  ansible-lint --profile production --offline --nocolor
}

stage_packaging() {
  local tarball ok=() bad=() check started
  tarball=$(ls build/dist/netdesign-resilience-*.tar.gz 2>/dev/null | head -1)
  [[ -n "$tarball" ]] || { echo "no collection tarball: run scripts/bootstrap.sh"; return 1; }
  for check in importer changelog ee; do
    echo "---- packaging: $check"
    started=$SECONDS
    if "packaging_$check" "$tarball"; then ok+=("$check"); else bad+=("$check"); fi
    echo "---- packaging: $check: $((SECONDS - started)) s"
  done
  echo "packaging: ${#ok[@]} checks passed (${ok[*]}), ${#bad[@]} failed${bad:+ (${bad[*]})}"
  ((${#bad[@]} == 0))
}

packaging_importer() {  # Galaxy's own import check on the tarball, and what the tarball holds
  local tarball=$1 dir=build/test/galaxy-importer venv=build/galaxy-importer-venv rc
  [[ -x "$venv/bin/python" ]] || { echo "no $venv: run scripts/bootstrap.sh"; return 1; }
  rm -rf "$dir" && mkdir -p "$dir"
  # galaxy-importer.cfg turns off what other stages run (ansible-lint, ansible-test) and says why. It writes
  # importer_result.json into its working directory; its ansible-doc is its own venv's, with the collection
  # alone on the collections path as on Galaxy (no ANSIBLE_CONFIG: the repository's ansible.cfg is not a
  # user's). With that configuration the importer prints no warning on this collection, so any WARNING line
  # fails the check, and so does any ERROR line (some are logged without failing the import): fix it, or if
  # it cannot be fixed, explain it here and filter that line out before the grep below.
  (cd "$dir" && env -u ANSIBLE_CONFIG PATH="$root/$venv/bin:$PATH" \
    GALAXY_IMPORTER_CONFIG="$root/galaxy-importer.cfg" \
    "$root/$venv/bin/python" -m galaxy_importer.main "$root/$tarball") > "$dir/output.txt" 2>&1
  rc=$?
  grep -v '^Loading ' "$dir/output.txt"
  echo "($(grep -c '^Loading ' "$dir/output.txt") 'Loading' lines of the contents: $dir/output.txt)"
  if ((rc != 0)) || grep -qE '^(ERROR|WARNING|CRITICAL):' "$dir/output.txt" ||
    ! [[ -s "$dir/importer_result.json" ]]; then
    echo "galaxy-importer: the import failed or warned (exit $rc)"; rc=1
  else
    # what Galaxy would show: every plugin with the docs ansible-doc gave, every role with its README
    python - "$dir/importer_result.json" <<'PY' || rc=1
import collections, json, sys
r = json.load(open(sys.argv[1]))
kinds = collections.Counter(c["content_type"] for c in r["contents"])
shown = [c for c in r["docs_blob"]["contents"] if c["content_type"] not in ("module_utils", "doc_fragments", "playbook")]
documented = {(c["content_type"], c["content_name"]) for c in shown if c["doc_strings"] or c["readme_file"]}
# an action plugin's documentation is its module's, as for ansible.builtin.copy (ansible-doc shows the module)
bare = ["%s %s" % (c["content_type"], c["content_name"]) for c in shown
        if (c["content_type"], c["content_name"]) not in documented
        and not (c["content_type"] == "action" and ("module", c["content_name"]) in documented)]
print("galaxy-importer: imported %s.%s %s, %s, requires_ansible %s; %d of %d plugins and roles with docs" % (
    r["metadata"]["namespace"], r["metadata"]["name"], r["metadata"]["version"],
    ", ".join("%d %s" % (n, k) for k, n in sorted(kinds.items())), r["requires_ansible"],
    len(shown) - len(bare), len(shown)))
for what in bare:
    print("galaxy-importer: no documentation for %s" % what)
sys.exit(1 if bare else 0)
PY
  fi
  python scripts/check_packaging.py tarball "$tarball" || rc=1
  return $rc
}

packaging_changelog() {  # changelogs/ as antsibull-changelog reads it, and CHANGELOG.rst generated from it
  local rc=0 fragments
  antsibull-changelog lint || rc=1
  antsibull-changelog lint-changelog-yaml changelogs/changelog.yaml || rc=1
  antsibull-changelog generate --output build/test/CHANGELOG.rst || rc=1
  if ! diff -u CHANGELOG.rst build/test/CHANGELOG.rst; then
    echo "CHANGELOG.rst is not what changelogs/changelog.yaml makes (antsibull-changelog generate, then commit it)"
    rc=1
  fi
  fragments=$(find changelogs/fragments -name '*.y*ml' 2>/dev/null | wc -l)
  # keep_fragments is false: a released fragment is removed, so each one here is for the next release
  # (`antsibull-changelog release --version V --update-existing` adds them to a release V not yet published)
  ((rc == 0)) && echo "changelog: fragments and changelogs/changelog.yaml lint clean, CHANGELOG.rst up to" \
    "date; $fragments fragment(s) not released yet"
  return $rc
}

packaging_ee() {  # the AWX/AAP execution environment: ansible-builder's build context, no container engine
  local tarball=$1 context=build/ee-context found=build/test/ee-introspect copied
  rm -rf "$context" "$found" && mkdir -p "$found"
  ansible-builder create --file execution-environment.yml --context "$context" --output-filename Containerfile ||
    return 1
  # what the image build's introspection step will find: the context's own introspect.py, on the collection
  # installed from the context's tarball, as the Containerfile runs it on /usr/share/ansible/collections
  copied=$(ls "$context"/_build/collections/netdesign-resilience-*.tar.gz 2>/dev/null | head -1)
  if [[ -n "$copied" ]]; then
    ansible-galaxy collection install --force --no-deps -p "$found" "$copied" >/dev/null 2>"$found/install.err" ||
      cat "$found/install.err"
    python "$context/_build/scripts/introspect.py" introspect "$found" \
      --write-pip "$found/requirements.txt" --write-bindep "$found/bindep.txt" >/dev/null
  fi
  python scripts/check_packaging.py ee "$context" "$tarball" "$found/requirements.txt" "$found/bindep.txt"
}


stage_molecule() {
  local scenarios=() s
  # make site's shorter sequence (scripts/site.sh) never here: make test proves check mode and idempotence
  unset NETDESIGN_MOLECULE_SEQUENCE
  for s in extensions/molecule/*/molecule.yml; do
    [[ -e "$s" ]] || continue
    s=$(basename "$(dirname "$s")")
    # a scenario can opt out of make test (netdesign_lab.make_test: false, with its reason beside it);
    # scripts/lab_molecule.py still runs it
    if grep -qE '^ +make_test: false' "extensions/molecule/$s/molecule.yml"; then
      echo "---- $s: skipped ($(grep -E '^ +make_test: false' "extensions/molecule/$s/molecule.yml" | sed 's/^[^#]*# *//'))"; continue
    fi
    scenarios+=("$s")
  done
  if ((${#scenarios[@]} == 0)); then
    echo "molecule: no scenarios yet (0 run)"; return 0
  fi
  # each scenario runs on this kernel, or when it needs a feature this kernel lacks, in a throwaway VM:
  # one VM for all of those, one after another, while the others run here beside them; a scenario also
  # fails when its lab left anything behind
  python scripts/lab_molecule.py --many "${scenarios[@]}"
}

for stage in "${stages[@]}"; do
  case $stage in
    packages|unit|sanity|lint|packaging|molecule) run_stage "$stage" "stage_$stage" ;;
    *) echo "unknown stage: $stage (packages, unit, sanity, lint, packaging, molecule)"; exit 2 ;;
  esac
done

printf '\n======== summary ========\n'
printf '%s\n' "${summary[@]}"
echo "stages: $passed passed, $failed failed"
((failed == 0))
