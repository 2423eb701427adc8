# -*- coding: utf-8 -*-
"""The walkthrough of docs/development.md ("Adding a sixth design"), proved: a toy design registered in
core/design.py's DESIGNS (and given a schema) is planned, checked, rendered for IOS and Linux, given its hosts,
its failure matrix, its replay check, its picture and its codes by the generic code, which names no design."""

from __future__ import annotations

import pytest

from ansible_collections.netdesign.resilience.plugins.module_utils.core import design as D
from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I
from ansible_collections.netdesign.resilience.plugins.module_utils.core import render as RA
from ansible_collections.netdesign.resilience.plugins.module_utils.core import schema
from ansible_collections.netdesign.resilience.plugins.module_utils.core import site
from ansible_collections.netdesign.resilience.plugins.module_utils.core.description import Design, Ios, Linux, Matrix, Replay
from ansible_collections.netdesign.resilience.plugins.module_utils.matrix import common as C
from ansible_collections.netdesign.resilience.plugins.module_utils.matrix import predict as FM
from ansible_collections.netdesign.resilience.plugins.module_utils.matrix import replay_checks as K
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.ios import render as ios_render
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.linux import common as LC
from ansible_collections.netdesign.resilience.plugins.module_utils.platforms.linux import render as linux_render
from ansible_collections.netdesign.resilience.plugins.module_utils.report import drawing as G
from ansible_collections.netdesign.resilience.plugins.module_utils.report import topology as T

TOY = "toy_loopback"


# what designs/toy_loopback/{plan,ios,linux,matrix,replay,topology}.py would hold
def _plan(intent):
    address = I.ip_interface(I.required(intent, "address", "intent"), "address", 4)
    return {"design": TOY, "summary": "a loopback %s on r1 and r2" % address, "hosts": ["r1", "r2"],
            "address": str(address), "knob": intent.get("knob", 1)}


def _check(intent):
    return [I.finding("toy-no-knob", "warning", "no knob set", "knob")] if "knob" not in intent else []


def _ios(plan, _host):
    return {"global": [{"type": "ipv6_unicast_routing", "ipv6_unicast_routing": True}]}


def _frr(plan, host, _options):
    return LC.frr_head("%s on %s" % (TOY, host)) + ["interface toy0", " ip address %s" % plan["address"], "exit"]


def _interfaces(_plan, _host):
    return LC.stanza("toy0", [("link-type", "dummy")])


def _predict(plan, opts, hosts, _peers, plan_id):
    node = hosts[0] if hosts else "r1"
    failure = {"inject": C.inject("node_down", node), "text": "%s stops" % node}
    repair = {"inject": C.inject("node_up", node), "text": "%s back" % node, "predicted": {"text": "back"},
              "bounds": []}
    return [C.row(TOY, plan_id, "node-%s" % node, failure, {"text": "knob %s" % opts["knob"]},
                  [C.bound("nothing moves", "ios, linux", [])], repair, [])]


class _Check:
    poll_keys = final_keys = ()

    def __init__(self, row):
        self.row = row


def _draw(plan):
    return {"nodes": [G.node("r", plan["hosts"][0], plan["address"], 0)], "links": [], "caption": "toy"}


DESIGN = Design(
    name=TOY, plan=_plan, check=_check, host_part=None,
    codes=("toy-no-knob",),
    hosts=lambda plan: list(plan["hosts"]), not_named="name the toy's routers r1 and r2",
    ios=Ios(render=_ios, cisco=None, is_host=lambda plan, host: host == "r1"),
    linux=Linux(frr=_frr, daemons=lambda _plan, _options: ["staticd"], frr_requires=(), keepalived=None,
                interfaces=_interfaces),
    matrix=Matrix(predict=_predict, options={"knob": 1}, peer=False),
    replay=Replay(check=_Check, probe=None),
    topology=_draw,
)


@pytest.fixture
def toy(monkeypatch):
    """The registry line and the generated schema entry of the walkthrough, for one test."""
    monkeypatch.setitem(D.DESIGNS, TOY, DESIGN)
    monkeypatch.setitem(schema.SPECS, TOY, {"address": {"type": "str", "required": True}, "knob": {"type": "int"}})
    return D.plan(TOY, {"address": "10.9.9.1/32"})


def test_a_registered_design_is_planned_and_checked(toy):
    assert toy["summary"] == "a loopback 10.9.9.1/32 on r1 and r2"
    assert [f["code"] for f in D.check(TOY, {"address": "10.9.9.1/32"})] == ["toy-no-knob"]
    with pytest.raises(ValueError, match="^toy_loopback_adress: is not a variable of the toy_loopback role"):
        D.plan(TOY, {"adress": "10.9.9.1/32"})
    # CODES is built once, at import: the registry's codes now
    codes = D._codes()   # pylint: disable=protected-access
    assert codes["toy-no-knob"] == TOY
    assert codes["host-not-in-plan"] == "sixto4_bgp, wan_backup_vrrp, toy_loopback (the main job)"
    assert site.not_named(TOY, toy, ["r3"])[0]["message"].endswith(": name the toy's routers r1 and r2")


def test_a_registered_design_is_rendered(toy):
    assert TOY in ios_render.ios_designs()
    assert ios_render.is_ios_host(TOY, toy, "r1") and not ios_render.is_ios_host(TOY, toy, "r2")
    assert ios_render.cisco_ios_config(TOY, toy, "r1") == {}
    assert linux_render.frr(toy, "r2") == {"config": "frr defaults traditional\n! netdesign.resilience toy_loopback on "
                                           "r2 (rendered; do not edit)\ninterface toy0\n ip address 10.9.9.1/32\nexit\n",
                                           "daemons": ["staticd"]}
    with pytest.raises(ValueError, match="^design: 'toy_loopback' has no keepalived rendering"):
        linux_render.keepalived(toy, "r1")
    files = RA.render_all(toy, ("ios", "linux"), rendered=lambda module, config: [])
    assert sorted(files) == ["r1.toy_loopback.frr.conf", "r1.toy_loopback.interfaces", "r1.toy_loopback.ios",
                             "r2.toy_loopback.frr.conf", "r2.toy_loopback.interfaces"]
    assert files["r1.toy_loopback.ios"] == "! netdesign.resilience toy_loopback for r1\nipv6 unicast-routing\n"
    assert files["r2.toy_loopback.interfaces"] == ("# netdesign.resilience toy_loopback (rendered; do not edit)\n\n"
                                                   "auto toy0\niface toy0\n    link-type dummy\n")


def test_a_registered_design_has_its_matrix_replay_and_picture(toy):
    rows = FM.for_intent(TOY, {"address": "10.9.9.1/32", "knob": 7}, ["r2"])["rows"]
    assert [(r["id"], r["predicted"]["text"]) for r in rows] == [("toy_loopback/r2/node-r2", "knob 7")]
    assert isinstance(K.for_row(rows[0]), _Check)
    assert T.topology(TOY, toy)["nodes"] == [{"id": "r", "label": "r1", "detail": "10.9.9.1/32", "column": 0}]


def test_an_unregistered_design_is_refused_everywhere():
    plan = {"design": TOY}
    with pytest.raises(ValueError, match="^design: must be one of anycast_rp, nat_gateway, sixto4_bgp"):
        D.plan(TOY, {})
    with pytest.raises(ValueError, match="^design: 'toy_loopback' has no FRR rendering"):
        linux_render.frr(plan, "r1")
    with pytest.raises(ValueError, match="^design: must be one of"):
        FM.matrix(TOY, plan)
    assert not ios_render.is_ios_host(TOY, plan, "r1") and RA.hosts_of(plan) == [] and T.topology(TOY, plan) is None
