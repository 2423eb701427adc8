# -*- coding: utf-8 -*-
"""The lab and lab_fault modules, with check mode and idempotence, on real namespaces (root only)."""
from __future__ import annotations

import json
import os

import pytest
from module_args import patch_module_args

from ansible_collections.netdesign.resilience.plugins.module_utils.lab import namespace as L
from ansible_collections.netdesign.resilience.plugins.modules import lab as lab_module
from ansible_collections.netdesign.resilience.plugins.modules import lab_fault

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="namespaces need root")

# a name of this run's own: two test runs on one machine (two clones) must not share a lab
LAB = "um%d" % (os.getpid() % 100000)
NODES = {"a": {"interfaces": {"eth1": {"addresses": ["10.97.0.1/30"]}}},
         "b": {"interfaces": {"eth1": {"addresses": ["10.97.0.2/30"]}}}}


def run(module, capsys, **args):
    with patch_module_args(args), pytest.raises(SystemExit) as info:
        module.main()
    return info.value.code, json.loads(capsys.readouterr().out)


@pytest.fixture
def cleanup():
    yield
    L.destroy(LAB)


def test_lab_module(capsys, tmp_path, cleanup):
    inv = str(tmp_path / "inv.yml")
    args = dict(name=LAB, nodes=NODES, links=[["a:eth1", "b:eth1"]], inventory=inv)
    code, result = run(lab_module, capsys, _ansible_check_mode=True, **args)
    assert code == 0 and result["changed"] is True and L.load_state(LAB) is None   # check mode: nothing made
    code, result = run(lab_module, capsys, **args)
    assert code == 0 and result["changed"] and result["nodes"]["a"]["netns"] == LAB + "-a"
    inventory = json.load(open(inv))
    assert inventory["all"]["children"][LAB]["hosts"]["b"] == {
        "ansible_host": LAB + "-b", "ansible_connection": "netdesign.resilience.netns"}
    code, result = run(lab_module, capsys, **args)
    assert code == 0 and result["changed"] is False                                 # idempotent
    code, result = run(lab_fault, capsys, lab=LAB, node="a", interface="eth1", action="link_flap",
                       down_seconds=0.2)
    assert code == 0 and result["up_at"] - result["at"] >= 0.2
    code, result = run(lab_module, capsys, name=LAB, state="absent", inventory=inv)
    assert code == 0 and result["changed"] and result["leftovers"] == [] and not os.path.exists(inv)
    code, result = run(lab_module, capsys, name=LAB, state="absent")
    assert code == 0 and result["changed"] is False


def test_lab_module_bad_topology(capsys):
    code, result = run(lab_module, capsys, name=LAB, nodes=NODES, links=[["a:eth1", "c:eth1"]])
    assert code == 1 and result["msg"] == "topology.links[0].endpoints[1]: 'c' is not a node of the lab"


def test_lab_fault_needs_interface(capsys):
    code, result = run(lab_fault, capsys, lab=LAB, node="a", action="link_down")
    assert code == 1 and "interface" in result["msg"]
