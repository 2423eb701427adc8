# -*- coding: utf-8 -*-
"""Lab nodes on an image (issue #18): the topology's ``image``, a clear error for an image not built, and a node
on the debian13 image (Debian 13, FRR 10, python3 3.13) beside one on this machine's userland, linked."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from ansible_collections.netdesign.resilience.plugins.module_utils import lab as L
from ansible_collections.netdesign.resilience.plugins.module_utils import lab_image

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="namespaces need root")


def two_nodes(name, image="debian13"):
    return {"name": name, "links": [["a:e1", "b:e1"]], "nodes": {
        "a": {"image": image, "interfaces": {"e1": {"addresses": ["10.98.0.1/30"]}}},
        "b": {"interfaces": {"e1": {"addresses": ["10.98.0.2/30"]}}}}}


def test_the_image_is_part_of_the_topology():
    parsed = L.parse_topology(two_nodes("uti"))
    assert parsed["nodes"]["a"]["image"] == "debian13" and parsed["nodes"]["b"]["image"] is None
    assert parsed["digest"] != L.parse_topology(two_nodes("uti", image=None))["digest"]


@pytest.mark.parametrize("image", ["Debian13", "../etc", "", 13, "a" * 16])
def test_an_image_name_is_a_plain_name(image):
    with pytest.raises(L.LabError, match="topology.nodes.a.image: must be the name of a lab image"):
        L.parse_topology(two_nodes("uti", image=image))


def test_an_image_not_built_says_how_to_build_it(tmp_path, monkeypatch):
    monkeypatch.setenv("NETDESIGN_LAB_IMAGES", str(tmp_path))
    with pytest.raises(L.LabError, match=r"lab image debian13 is not built in .*: build it with "
                                         r"`.venv/bin/python scripts/lab_image.py debian13`"):
        lab_image.rootfs("debian13")
    (tmp_path / "debian13" / "rootfs").mkdir(parents=True)     # a root without its stamp is half built
    with pytest.raises(L.LabError, match="is not built"):
        lab_image.rootfs("debian13")


@needs_root
def test_a_node_on_the_image_beside_one_on_this_userland():
    # the image is built (about 30 s, from Debian's packages) or reused, as make test's molecule stage does
    built = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "lab_image.py"), "debian13"],
                           capture_output=True, text=True, check=False)
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    name = "uti%d" % (os.getpid() % 10000)
    try:
        L.create(two_nodes(name))
        on_image = L.node_exec(L.netns_name(name, "a"), ["sh", "-c", "cat /etc/debian_version; python3 -V; "
                                                         "test -x /usr/lib/frr/pim6d && echo pim6d"]).stdout.decode()
        assert on_image.startswith("13.") and "Python 3.13" in on_image and "pim6d" in on_image
        with open("/etc/debian_version") as handle:
            here = handle.read().strip()
        assert L.node_exec(L.netns_name(name, "b"), ["cat", "/etc/debian_version"]).stdout.decode().strip() == here
        # the image is not written to: the node's changes stay in its own overlay
        L.node_exec(L.netns_name(name, "a"), ["sh", "-c", "echo changed > /etc/motd"])
        with open(os.path.join(lab_image.rootfs("debian13"), "etc", "motd")) as handle:
            assert "changed" not in handle.read()
        assert L.node_exec(L.netns_name(name, "a"), ["ping", "-c1", "-W2", "10.98.0.2"], check=False).returncode == 0
    finally:
        L.destroy(name)
    assert L.leftovers(name) == []


@needs_root
def test_anycast_rp_rendering_for_frr_10_is_what_frr_10_runs_and_shows(intent_of):
    """On the image's FRR 10.3: the rendered frr.conf loads, pim6d has the plan's RP, MLD runs on the host segment,
    and frr-reload finds nothing to change (so the role's second run changes nothing)."""
    from ansible_collections.netdesign.resilience.plugins.module_utils import design as D
    from ansible_collections.netdesign.resilience.plugins.module_utils import frr as F
    from ansible_collections.netdesign.resilience.plugins.module_utils import linux_render as R
    built = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "lab_image.py"), "debian13"],
                           capture_output=True, text=True, check=False)
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    intent = dict(intent_of("anycast_rp"), igp={"protocol": "ospfv3", "loopback_network_type": "point-to-point"},
                  loopback_interface="rp0", ipv4_address="10.255.0.1", ipv4_primary_prefixlen=25)
    plan = D.plan("anycast_rp", intent)
    name = "utf%d" % (os.getpid() % 10000)
    topo = {"name": name, "links": [["d1:toc1", "c1:tod1"], ["d1:lan1", "h1:eth0"]], "nodes": {
        "d1": {"image": "debian13", "interfaces": {"toc1": {"addresses": ["10.0.1.2/30"]},
                                                   "lan1": {"addresses": ["10.1.1.1/24", "2001:db8:1::1/64"]}},
               "sysctls": {"net.ipv4.ip_forward": 1, "net.ipv6.conf.all.forwarding": 1}},
        "c1": {"interfaces": {"tod1": {"addresses": ["10.0.1.1/30"]}}},
        "h1": {"interfaces": {"eth0": {"addresses": ["10.1.1.10/24"]}}}}}
    rendered = R.frr(plan, "d1", {"router_id": "10.0.0.3", "igp_interfaces": ["toc1"], "host_interfaces": ["lan1"],
                                  "frr_version": "10.3-3+deb13u1"})
    try:
        L.create(topo)
        node = L.netns_name(name, "d1")
        daemons = " ".join("s/^%s=no/%s=yes/;" % (d, d) for d in rendered["daemons"])
        L.node_exec(node, ["sh", "-c", "sed -i '%s' /etc/frr/daemons && cat > /etc/frr/frr.conf && "
                           "/usr/lib/frr/frrinit.sh start </dev/null >/dev/null 2>&1" % daemons],
                    input_data=F.with_hostname(rendered["config"], "d1").encode(), timeout=120)
        shown = ""
        for _try in range(30):
            shown = L.node_exec(node, ["vtysh", "-c", "show ipv6 pim rp-info", "-c", "show ipv6 mld interface"],
                                check=False).stdout.decode()
            if "2001:db8:afe:fe00::1" in shown and "lan1" in shown:
                break
            time.sleep(1)
        assert "ff00::/8" in shown and "2001:db8:afe:fe00::1" in shown and "lan1" in shown, shown

        def run(argv):   # what frr_config's converge runs, here in the node
            proc = L.node_exec(node, argv, check=False, timeout=120)
            return proc.returncode, proc.stdout.decode(), proc.stderr.decode()
        # the judgement of the role's frr_config: nothing to delete or add, so a second run changes nothing
        assert F.delta(run, "/etc/frr/frr.conf") == {"delete": [], "add": []}
    finally:
        L.destroy(name)
