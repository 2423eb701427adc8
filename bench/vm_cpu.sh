#!/usr/bin/env bash
# How busy the emulated VM keeps this machine through one Molecule scenario (issue #20: is there room to run the VM's
# scenarios side by side?). Samples, every 5 s while `scripts/lab_molecule.py SCENARIO` runs, the machine's CPU time
# (/proc/stat) and qemu's (utime + stime of /proc/<qemu>/stat), then prints the averages in cores over the run.
# Usage (after make setup): bash bench/vm_cpu.sh SCENARIO     (not part of make test or make bench)
set -uo pipefail
cd "$(dirname "$0")/.."
scenario=${1:?usage: bench/vm_cpu.sh SCENARIO}
samples=$(mktemp)
( while sleep 5; do
    q=$(pgrep -f qemu-system | head -1); qt=0
    [ -n "$q" ] && qt=$(awk '{print $14 + $15}' "/proc/$q/stat" 2>/dev/null || echo 0)
    echo "$(date +%s) $(head -1 /proc/stat | cut -d' ' -f3-) $qt" >> "$samples"
  done ) &
sampler=$!
PATH="$PWD/.venv/bin:$PATH" ANSIBLE_CONFIG="$PWD/ansible.cfg" .venv/bin/python scripts/lab_molecule.py "$scenario" \
  > "build/test/vm_cpu-$scenario.log" 2>&1
rc=$?
kill "$sampler"
python3 - "$samples" "$scenario" "$rc" <<'PY'
import sys
rows = [list(map(int, line.split())) for line in open(sys.argv[1]) if len(line.split()) >= 10]
first, last = rows[0], rows[-1]
wall = last[0] - first[0]
delta = [b - a for a, b in zip(first[1:9], last[1:9])]   # user nice system idle iowait irq softirq steal
busy = (sum(delta) - delta[3] - delta[4]) / 100.0
qemu = (last[-1] - first[-1]) / 100.0
print("%s (exit %s): %d s sampled; this machine %.2f cores busy on average, qemu %.2f cores" % (
    sys.argv[2], sys.argv[3], wall, busy / wall, qemu / wall))
PY
rm -f "$samples"
exit $rc
