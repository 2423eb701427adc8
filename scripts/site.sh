#!/usr/bin/env bash
# The main job: ansible-playbook site.yml on the embedded example inventory (plans, design checks, IOS
# configurations rendered to files), then the example inventory's Linux hosts in their lab: nat1 and
# nat2 configured by role nat_gateway and verified with real traffic and failover (the Molecule
# scenario nat_gateway), then the eduroam router's Linux twin (the scenario vrf_static_tracking), then the
# 6to4 sites over their IPv4-only core (the scenario sixto4_bgp), then the anycast RP routers with their
# sources and listeners (the scenario anycast_rp), all in one VM when this kernel has no bonding, VRF, sit or
# dummy, and beside them the VRRP branch (the scenario wan_backup_vrrp); each replays its failure matrix
# (vrf_static_tracking's the NAT boxes' own rows too, judged by the router's tracked routes).
# NETDESIGN_SITE_LAB=0 skips the lab.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
export ANSIBLE_CONFIG="$PWD/ansible.cfg"
mkdir -p build/site/plans build/site/configs
ansible-playbook site.yml "$@" | tee build/site/site.log
plans=$(ls build/site/plans/*.plan.json 2>/dev/null | wc -l)
configs=$(ls build/site/configs/*.ios 2>/dev/null | wc -l)
echo "==> site: ansible-playbook site.yml succeeded; $plans plans in build/site/plans/, $configs IOS configs in build/site/configs/, log in build/site/site.log"
if [ "${NETDESIGN_SITE_LAB:-1}" = "0" ]; then
  echo "==> site: lab skipped (NETDESIGN_SITE_LAB=0)"
  python scripts/site_report.py --no-lab | sed 's/^site_report: /==> site: report: /'
  exit 0
fi
scenarios=(nat_gateway vrf_static_tracking sixto4_bgp anycast_rp wan_backup_vrrp)
echo "==> site: the lab: ${scenarios[*]} (the NAT pair, the eduroam router's Linux twin, the 6to4 sites, the anycast RP routers, the VRRP branch), each configured by its design role, verified, and replaying its failure matrix; one line per step here, the whole log in build/site/lab.log"
# the labs share nothing: the VRRP branch runs on this kernel beside the others (in one VM where this kernel has
# no bonding, VRF, sit or dummy); scripts/lab_progress.py prints each Molecule action, each task and each replayed row of the
# failure matrices as it starts or ends, and lab_molecule's own lines (the VM booting). The logs of an earlier run go first, so that nothing of it is shown.
mkdir -p build/lab-results build/test
for s in "${scenarios[@]}"; do rm -f "build/test/molecule-$s.log" "build/lab-results/$s.replay.log"; done
started=$(date +%s)
# configure and verify (the replay in it) only: check mode and the idempotence run are make test's proofs of the
# roles, not the main job's (the scenarios' test_sequence reads this; measured in bench/results/site_run.md)
export NETDESIGN_MOLECULE_SEQUENCE="[destroy, create, prepare, converge, verify, destroy]"
python scripts/lab_molecule.py --many "${scenarios[@]}" > build/site/lab.log 2>&1 &
lab=$!
python scripts/lab_progress.py "$lab" --log build/site/lab.log --since "$started" "${scenarios[@]}" | sed -u 's/^/==> site: lab: /' &
follow=$!
lab_rc=0
wait "$lab" || lab_rc=$?
wait "$follow" || true
if [ "$lab_rc" -ne 0 ]; then
  tail -40 build/site/lab.log
  echo "==> site: the lab FAILED (build/site/lab.log; each scenario's log: build/test/molecule-<scenario>.log)"
  exit 1
fi
# what a person wants from the lab run: what each client became, and the failover
python - <<'PY'
import json
r = json.load(open("build/lab-results/nat_gateway.json"))
for client, sources in sorted(r["snat"].items()):
    print("==> site: lab: %s -> %s (plan: %s); after nat1 stopped, via nat2: %s" % (
        client, ", ".join(sources), r["planned"][client], ", ".join(r["after_failover"][client])))
s = r["failover"]["session"]
print("==> site: lab: an established TCP connection through nat1 survived its stop: %d/%d lines echoed, "
      "longest gap %.3f s, server saw %s throughout" % (s["echoed"], s["sent"], s["max_gap"], s["from"]))
PY
grep -a -E "^(---- |molecule: )" build/site/lab.log | sed 's/^/==> site: lab: /'
# the report: the lab's replay records (build/lab-results/*.replay.json of this run) merged into the predicted
# matrix, build/site/report.{json,md,html} rewritten; exit as netlab validate: 0 all passed, 1 some failed,
# 2 nothing ran, 3 warnings only (scripts/site_report.py, docs/failure-matrix.md)
set +e
python scripts/site_report.py --newer-than build/site/site.log | sed 's/^site_report: /==> site: report: /'
status=${PIPESTATUS[0]}
exit "$status"
