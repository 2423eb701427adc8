# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Linux/FRR renderings of the designs, from the same plans as the IOS rendering.

Pure text from a plan: the integrated FRR configuration (``frr``), the keepalived configuration
(``keepalived``) and ifupdown2 stanzas (``interfaces``) for one host. What IOS does that Linux cannot do the
same way is rendered with real Linux parts, each design in its ``designs/<design>/linux.py`` (the registry's
``linux``: what each does and why is written there); nothing here names a design.
"""

from __future__ import annotations

from ansible_collections.netdesign.resilience.plugins.module_utils.core import design as D
from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I


def linux_designs(part):
    """The designs with a Linux rendering of ``part`` (``frr``, ``keepalived``, ``interfaces``), in the registry's
    order."""
    return [name for name, each in D.DESIGNS.items() if each.linux is not None and getattr(each.linux, part)]


def _render(plan, part, what):
    """The design of ``plan`` and its Linux renderer of ``part``; an error naming ``what`` when it has none."""
    design = plan.get("design")
    each = D.described(design)
    render = getattr(each.linux, part) if each is not None and each.linux is not None else None
    if render is None:
        raise I.IntentError("design", "%s has no %s rendering%s" % (I.show(design), what, "" if part == "interfaces" else
                                                                    " (only %s)" % ", ".join(sorted(linux_designs(part)))))
    return each.linux, render


def frr(plan, host, options=None):
    """``{'config': text, 'daemons': [...]}``: the integrated frr.conf of ``host`` for ``plan``.

    ``options`` (anycast_rp): ``router_id``, ``igp_interfaces`` (router links), ``host_interfaces``
    (segments with sources or listeners: passive in the IGP, IGMP, and MLD on FRR 10), ``frr_version`` (the
    node's FRR: 10 and later get IPv6 PIM with pim6d and the RP under ``router pim``/``router pim6``).
    """
    linux, render = _render(plan, "frr", "FRR")
    daemons = list(linux.daemons(plan, dict(options or {})))
    return {"config": "\n".join(render(plan, host, dict(options or {}))) + "\n", "daemons": daemons}


def keepalived(plan, host, options=None):
    """keepalived.conf text of ``host`` for ``plan``.

    ``options``: ``fast`` (vrf_static_tracking: track the linknet interfaces themselves, no delays,
    reacting to carrier loss at once), ``check_interval`` (vrf_static_tracking: seconds between the
    linknet checks, default 1; the delays are rounded up to whole intervals) and ``vpn_interface`` (wan_backup_vrrp backup device: the
    tunnel whose state adds ``priority_max - priority_min``).
    """
    _linux, render = _render(plan, "keepalived", "keepalived")
    return "\n".join(render(plan, host, dict(options or {}))) + "\n"


def interfaces(plan, host):
    """ifupdown2 stanzas for ``host``: VRF devices and members, the 6to4 tunnel, or the anycast loopback."""
    _linux, render = _render(plan, "interfaces", "ifupdown2")
    lines = ["# netdesign.resilience %s (rendered; do not edit)" % plan.get("design"), ""]
    return "\n".join(lines + render(plan, host))
