# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the designs' IOS renderings (``designs/<design>/ios.py``) share: values as IOS writes them."""

from __future__ import annotations

from ansible_collections.netdesign.resilience.plugins.module_utils.core import intent as I


def subinterface_vlan(name, vlan):
    """A sub-interface's VLAN; refused when missing (design_check reports it as subinterface-vlan-missing), since
    IOS would then take no address on the interface."""
    if vlan is None:
        raise I.IntentError("vlan", "interface %r is a sub-interface without a vlan: encapsulation dot1Q cannot be "
                            "rendered (subinterface-vlan-missing)" % name)
    return vlan


def ipv6(address):
    """An IPv6 address (or prefix) the way IOS shows it in its running config: upper case."""
    return address.upper()
