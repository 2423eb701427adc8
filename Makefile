# The two commands of the README:
#   make site   - set up everything missing, then run the main job (ansible-playbook site.yml)
#   make test   - set up everything missing, then run every test stage
.PHONY: site test test-debian13 setup packages unit sanity lint packaging molecule bench matrix lab-frr10 soak site-timed clean

site: setup
	scripts/site.sh

test: setup
	scripts/test.sh

setup:
	scripts/bootstrap.sh

# The set-up and the packages, unit and lint stages on a fresh Debian 13 machine: a root built from Debian's packages
# (scripts/lab_image.py debian13-host, reused while current), a fresh clone of HEAD in a throwaway overlay of it
# (issue #18; what CI runs after make test): see docs/development.md
test-debian13: setup
	scripts/test_debian13.sh

# Single stages (after `make setup`):
packages unit sanity lint packaging molecule: setup
	scripts/test.sh $@

# Benchmarks (not part of make test; writes bench/results/): see bench/README.md
bench: setup
	.venv/bin/pip install -q -r bench/requirements.txt
	.venv/bin/python bench/nat_classifier.py
	.venv/bin/python bench/nat_failover.py
	.venv/bin/python bench/nat_flowrate.py
	.venv/bin/python bench/render_scale.py
	.venv/bin/python bench/site_scale.py
	.venv/bin/python bench/overlap_scale.py
	.venv/bin/python bench/render_designs.py
	.venv/bin/python bench/lab_lifecycle.py
	.venv/bin/python bench/vm_profile.py
	.venv/bin/python bench/lab_timings.py

# ansible-core 2.16 to 2.21, each in a venv of its own under build/matrix/: unit, sanity, and smoke_bgp on the
# oldest and newest (not part of make test; writes bench/results/ansible_core_matrix.*): see bench/README.md
matrix: setup
	.venv/bin/python bench/ansible_core_matrix.py

# IPv6 multicast through the anycast RP on FRR 10 (pim6d; routers on the debian13 lab image) beside the IPv4 twin on
# FRR 8.4, in one run, and their failover timings side by side (not part of make test: 7 more minutes in the VM;
# writes bench/results/lab_timings.*): see docs/linux-frr.md
lab-frr10: setup
	.venv/bin/python scripts/lab_molecule.py --many anycast_rp anycast_rp_ipv6
	.venv/bin/python bench/lab_timings.py --note "Samples: make lab-frr10 (anycast_rp and anycast_rp_ipv6 in one run) and earlier runs in build/lab-results/history."

# Soak (issue #19; not part of make test): the replayed designs' failures, repairs and flaps in random sequences for
# SOAK_MINUTES (default 30) per scenario after their replay, invariants checked throughout; writes bench/results/soak.*
SOAK_MINUTES ?= 30
soak: setup
	.venv/bin/python bench/soak.py --minutes $(SOAK_MINUTES)

# The main job timed (issue #19; not part of make test): scripts/site.sh after the set-up, its console followed; the
# time of each part, each scenario's split and every replayed row against its bounds: bench/results/site_run.*
site-timed: setup
	.venv/bin/python bench/site_run.py

clean:
	rm -rf build .pytest_cache .hypothesis
