# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:  # pylint: disable=too-few-public-methods
    """The ``design`` option of the filters and modules that take one: the list of designs written once for the docs
    (a unit test holds it equal to the registry, ``module_utils/core/design.py`` ``DESIGNS``, and for IOS to the designs
    whose description has an ``ios`` part)."""

    DOCUMENTATION = r"""
options:
  design:
    description: The design.
    type: str
    required: true
    choices: [vrf_static_tracking, nat_gateway, sixto4_bgp, anycast_rp, wan_backup_vrrp]
"""

    # the same option for the filters whose positional first argument (_input) is the design (a second literal:
    # ansible-test's yamllint reads fragments as string literals; the unit test holds both lists to the registry)
    FILTER = r"""
options:
  _input:
    description: The design.
    type: str
    required: true
    choices: [vrf_static_tracking, nat_gateway, sixto4_bgp, anycast_rp, wan_backup_vrrp]
"""

    # the options of the filters that render a plan for an IOS host (ios_render, ios_cisco_config, ios_modules): the
    # plan, the designs with an IOS rendering, and the host
    IOS = r"""
options:
  _input:
    description: The plan, from P(netdesign.resilience.design_plan#filter).
    type: dict
    required: true
  design:
    description: The design (one with an IOS rendering).
    type: str
    required: true
    choices: [vrf_static_tracking, sixto4_bgp, anycast_rp, wan_backup_vrrp]
  host:
    description: The host (an inventory name the plan holds).
    type: str
    required: true
"""

    # the intent option of design_plan (module and filter) and design_check: the one input a design is planned from
    INTENT = r"""
options:
  intent:
    description:
      - The design's intent; see the collection's C(docs/intent.md) for the keys of each design, or build
        it from inventory variables with P(netdesign.resilience.design_intent#filter).
    type: dict
    required: true
"""

    # the modules that compute their result from their arguments alone (design_plan, failure_matrix)
    OFFLINE = r"""
attributes:
  check_mode:
    description: Returns the same result in check mode; the module reads nothing but its arguments.
    support: full
  diff_mode:
    description: Changes nothing, so there is no diff.
    support: none
requirements:
  - netaddr
"""
