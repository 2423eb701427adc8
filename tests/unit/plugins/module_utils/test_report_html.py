# -*- coding: utf-8 -*-
"""report.html (issue #19): the example's report as one self-contained page, a picture per plan drawn from its
plan, a timeline per row, every text escaped, deterministic. The page in a real browser:
tests/integration/test_report_browser.py."""
from __future__ import annotations

import copy
import json
import os
import re

from ansible_collections.netdesign.resilience.plugins.module_utils.core import design as D
from ansible_collections.netdesign.resilience.plugins.module_utils.matrix import predict as FM
from ansible_collections.netdesign.resilience.plugins.module_utils.report import html as H
from ansible_collections.netdesign.resilience.plugins.module_utils.report import measured as M
from ansible_collections.netdesign.resilience.plugins.module_utils.report import topology as T
from ansible_collections.netdesign.resilience.plugins.module_utils.core import site as S

from example_inventory import ROOT, example_intent

HOSTS = {"vrf_static_tracking": ["lin-router"], "sixto4_bgp": ["ace1", "ace2", "ace3"], "anycast_rp": ["c1", "c2"],
         "wan_backup_vrrp": ["main-router"], "nat_gateway": ["nat1", "nat2"]}
HOSTILE = '<script>document.title="pwned"</script>&"\''


def example_report(**changes):
    members = []
    for design in D.DESIGNS:
        for host in HOSTS[design]:
            intent = changes.get(design) or example_intent(design, host if design == "nat_gateway" else None)
            members.append((design, host, host if design == "nat_gateway" else design, intent, "error"))
    groups = S.group(members)
    for each in groups:
        S.plan_group(each)
    return FM.site_report(groups)


def golden():
    with open(os.path.join(ROOT, "tests", "integration", "site_expected", "report.json")) as handle:
        return json.load(handle)


def by_design(report):
    return {e["design"] + "/" + e["hosts"][0]: e["topology"] for e in report["plans"]}


def test_the_example_report_is_the_golden_one_and_the_page_is_deterministic():
    report = example_report()
    assert json.loads(FM.report_json(report)) == golden()
    page = H.report_html(report)
    assert page == H.report_html(example_report())
    with open(os.path.join(ROOT, "tests", "integration", "site_expected", "report.html")) as handle:
        assert handle.read() == page
    files, _line = FM.report_files([], [], [], "")
    assert files == {}


def test_each_plan_has_its_picture_and_each_row_its_timeline():
    report = golden()
    page = H.report_html(report)
    svgs = re.findall(r'<svg id="([^"]+)"', page)
    assert [s for s in svgs if s.startswith("topology-")] == ["topology-%d" % n for n in range(6)]
    assert len([s for s in svgs if s.startswith("timeline-")]) == report["counts"]["rows"] == 26
    assert page.count("not replayed") >= 26 * 3   # table cell + the two timeline panels per row
    assert page.endswith("</script></body></html>\n") and "data-pictures" in page


def test_the_page_is_self_contained():
    page = H.report_html(golden())
    for outside in ("http:", "https:", "//", "src=", "href=", "url(", "@import", "<link", "<iframe", "<img"):
        assert outside not in page, outside


def test_topology_from_the_plans():
    topologies = by_design(golden())
    vrf = topologies["vrf_static_tracking/lin-router"]
    assert sorted(link["path"] for link in vrf["links"]) == ["active"] * 4 + ["standby"] * 4
    assert {n["label"]: n["column"] for n in vrf["nodes"]}["NAT1 inside"] == 0
    assert {n["label"]: n["column"] for n in vrf["nodes"]}["JOUCS2"] == 2
    assert {n["label"]: n["detail"] for n in vrf["nodes"]}["NAT1 inside"] == "VRF inside: 0.0.0.0/0"
    anycast = topologies["anycast_rp/c1"]
    rps = [(n["label"], link["path"]) for n in anycast["nodes"] for link in anycast["links"] if link["b"] == n["id"]
           and n["id"].startswith("rp-")]
    assert rps == [("c1 /120 (primary)", "active"), ("c2 /119", "standby")]     # longest prefix = primary
    assert [n["label"] for n in anycast["nodes"] if n["column"] == 3] == ["listener", "source"]
    sixto4 = topologies["sixto4_bgp/ace1"]
    assert [n["label"] for n in sixto4["nodes"]] == ["IPv4-only core", "ace1 (route reflector)", "ace2", "ace3"]
    assert "iBGP client of ace1" in sixto4["nodes"][2]["detail"]
    vrrp = topologies["wan_backup_vrrp/main-router"]
    assert [n["label"] for n in vrrp["nodes"]][1:3] == ["main-router (Master)", "netgate (Backup)"]
    assert [link["path"] for link in vrrp["links"]] == ["active", "standby", "active", "standby"]
    nat = topologies["nat_gateway/nat1"]
    assert [link["label"].split()[0] for link in nat["links"] if link["path"] == "active"] == [
        "bond0/eth5", "bond0/eth7", "bond1/eth4", "bond1/eth6"]


def test_topology_reads_no_secret_and_tells_when_it_cannot_draw():
    plan = D.plan("vrf_static_tracking", example_intent("vrf_static_tracking"))
    drawn = json.dumps(T.topology("vrf_static_tracking", plan, ["lin-router"]))
    for secret in ("example-key", "example-community"):    # in the plan (not redacted here), never in the picture
        assert secret in json.dumps(plan) and secret not in drawn
    assert T.topology("vrf_static_tracking", None) is None and T.topology("ospf", plan) is None
    broken = T.topology("sixto4_bgp", {"sites": [{"role": "client"}]})
    assert broken["nodes"] == [] and broken["caption"].startswith("no picture: the plan is incomplete")
    assert "No picture: no picture: the plan is incomplete" in H.topology_svg(broken, "x")
    assert H.topology_svg(None, "x") == '<p class="note">No picture: no plan</p>'
    assert T.topology("vrf_static_tracking", dict(plan, vrfs=[]))["caption"].startswith("router: VRF - on the left")


def test_a_refused_or_unplannable_design_is_shown_without_a_picture():
    broken = example_intent("wan_backup_vrrp")
    broken["main"] = dict(broken["main"], track=[{"object": 1, "interface": "Multilink1", "decrement": 20}])
    page = H.report_html(example_report(wan_backup_vrrp=broken))
    assert "Refused by the design check: vrrp-priority" in page and "(broken: vrrp-priority)" in page
    hopeless = H.report_html(example_report(wan_backup_vrrp={"interface": "Fa0/0"}))
    assert "No plan can be made from this intent." in hopeless and "No picture: no plan" in hopeless


def hostile_report():
    report = golden()
    entry = report["plans"][0]
    entry["plan_summary"] = HOSTILE
    entry["hosts"] = [HOSTILE]
    entry["blocking"] = [{"code": HOSTILE, "where": HOSTILE, "message": HOSTILE}]
    entry["topology"]["nodes"][1]["label"] = HOSTILE
    entry["topology"]["nodes"][1]["detail"] = HOSTILE
    entry["topology"]["links"][0]["label"] = HOSTILE
    entry["topology"]["caption"] = HOSTILE
    row = entry["rows"][0]
    row["failure"]["text"] = row["predicted"]["text"] = row["repair"]["predicted"]["text"] = HOSTILE
    row["bounds"][0]["arithmetic"] = row["bounds"][0]["what"] = HOSTILE
    row["invariants"][0]["id"] = HOSTILE
    report["note"] = HOSTILE
    return M.merge_measured(report, [{"id": row["id"], "status": "failed", "platform": HOSTILE, "switch_seconds": 1,
                                      "return_seconds": None, "state": HOSTILE, "why": HOSTILE,
                                      "invariants": [{"id": HOSTILE, "held": False, "detail": HOSTILE}]}])


def test_every_text_is_escaped():
    page = H.report_html(hostile_report())
    assert HOSTILE not in page and "<script>document" not in page and 'pwned"' not in page
    assert page.count("&lt;script&gt;document.title=&quot;pwned&quot;&lt;/script&gt;&amp;&quot;&#x27;") >= 15
    assert page.count("<script>") == 2     # the page's own two scripts, nothing else


def test_measured_rows_on_the_timeline_and_in_the_table():
    report = golden()
    rows = [r for e in report["plans"] for r in e["rows"]]
    merged = M.merge_measured(report, [
        {"id": rows[0]["id"], "status": "passed", "platform": "linux", "switch_seconds": 4.25, "return_seconds": 5.0,
         "state": "all routes on the standby path", "invariants": [{"id": "no-hybrid-path", "held": True}]},
        {"id": rows[1]["id"], "status": "passed", "platform": "linux", "switch_seconds": 9.5, "return_seconds": 1},
        {"id": rows[2]["id"], "status": "skipped", "why": "no lab for it"}])
    page = H.report_html(merged)
    assert "Failure matrix (predicted and replayed in the lab)" in page and 'data-status="failed"' in page
    assert "replayed in the lab: 2 rows, 1 passed, 1 failed" in page
    assert "switch 4.25 s, return 5 s (linux)<br>all routes on the standby path<br>held no-hybrid-path" in page
    assert '<circle class="measured" cx=' in page and "measured switch: 4.25 s (linux)" in page
    assert '<circle class="fail" cx=' in page and "switch took 9.5 s, over the linux bound of 5 s" in page
    assert "measured switch: not measured" in page and "no lab for it" in page
    assert page.count("<svg ") == 32
    assert 'class="lab"' not in page   # no record said what it was judged by


def test_the_labs_own_bound_and_margin_dashed_on_the_timeline():
    report = golden()
    row = [r for e in report["plans"] for r in e["rows"]][0]    # linux bounds 5 s and 5.3 s
    merged = M.merge_measured(report, [
        {"id": row["id"], "status": "passed", "platform": "linux", "switch_seconds": 6.4, "return_seconds": 5.5,
         "bounds": {"switch": 6, "return": 6.3, "margin": 3}}])
    svg = H.timeline_svg([r for e in merged["plans"] for r in e["rows"]][0], "t")
    assert svg.count('<line class="lab"') == 2
    assert "lab: 6 s + margin 3 s (dashed)" in svg and "lab: 6.3 s + margin 3 s (dashed)" in svg
    # the scale reaches past the lab's 9.3 s, so the dashed line and the dot are inside the panel
    assert "(scale 10.7 s)" in svg and '<circle class="measured"' in svg


def test_only_so_many_plans_and_rows_are_drawn():
    report = golden()
    sixto4 = report["plans"][3]
    sixto4["rows"] = [dict(sixto4["rows"][0], id="r%d" % n) for n in range(H.ROWS_LISTED + 3)]
    report["plans"] += [copy.deepcopy(report["plans"][5]) for _number in range(H.PLANS_LISTED)]
    page = H.report_html(report)
    assert "... and 3 more rows (all in report.json)." in page
    assert "wan_backup_vrrp: and 1 more plans (all in report.json)." in page
    many = dict(report["plans"][3], hosts=["h%d" % n for n in range(8)])
    assert "h0, h1, h2, h3, h4, and 3 more" in H.report_html(dict(report, plans=[many]))


def test_picture_geometry():
    topology = {"caption": "c", "nodes": [{"id": "a", "label": "a", "detail": "", "column": 0},
                                          {"id": "b", "label": "b", "detail": "", "column": 0}],
                "links": [{"a": "b", "b": "a", "label": "up", "path": "active"},
                          {"a": "a", "b": "gone", "label": "skipped", "path": "plain"}]}
    svg = H.topology_svg(topology, "t")
    # b under a in one column: the line from b's top edge to a's bottom edge, its label at the middle
    assert '<line class="link active" x1="125" y1="82" x2="125" y2="60">' in svg and "skipped" not in svg
    assert '<text x="125" y="71" font-size="9" text-anchor="middle">up</text>' in svg
    plan = D.plan("vrf_static_tracking", example_intent("vrf_static_tracking"))
    odd = dict(plan, interfaces=plan["interfaces"] + [{"name": "Loopback0", "path": None}],
               routes=plan["routes"] + [{"vrf": "inside", "prefix": "10.0.0.0/8", "next_hop": None}])
    assert len(T.topology("vrf_static_tracking", odd)["nodes"]) == 9
