#!/usr/bin/env bash
# The main job: ansible-playbook site.yml on the embedded example inventory, then a short summary.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
export ANSIBLE_CONFIG="$PWD/ansible.cfg"
mkdir -p build/site/plans build/site/configs
ansible-playbook site.yml "$@" | tee build/site/site.log
plans=$(ls build/site/plans/*.plan.json 2>/dev/null | wc -l)
echo "==> site: ansible-playbook site.yml succeeded; $plans plans in build/site/plans/, log in build/site/site.log"
