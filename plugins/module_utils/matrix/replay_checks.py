# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""How the replay judges a row's state and invariants from what a probe read (issue #19). Pure Python.

A check is made per row (``for_row``: the class in the registry's ``replay`` of the row's design, in
``designs/<design>/replay.py``); it names the keys its probe must read at every poll (``poll_keys``)
and once at the end of each phase (``final_keys``), judges a predicted state (``state``) and each invariant
(``invariant``: ``(held, detail)``, or None when this poll says nothing about it). Observations use the
plan's names (the lab side maps its own back):

- ``vrrp_masters``: the routers holding the virtual address on an interface that is up (plan names);
  ``gateway_answers``: the virtual address answers a client;
- ``routes``: ``{"<vrf> <prefix>": [next hops]}`` (``[]``: no route or a blackhole); ``nat_box``: the box
  whose translations carry a client's traffic; ``bonds_up``: ``{"<box> <bond>": bool}``; ``bond_members``:
  ``{"<box> <bond>": [members collecting and distributing]}``; ``public_address``: the source a server outside
  sees for a client;
- ``sessions``: ``{"<site>-<site>": bool}``, an iBGP session Established at both ends; ``reach``: ``{site: {other
  site: how many of its networks the site routes}}``; ``networks``: ``{site: how many networks it advertises}``
  (sixto4_bgp); ``rp_routes``: ``{router: {family: [RP routers by their prefixes, longest first]}}`` and
  ``rp_routers`` (anycast_rp, designs/anycast_rp/replay.py).
"""

from __future__ import annotations

from ansible_collections.netdesign.resilience.plugins.module_utils.core import design as D


def for_row(row):
    """The check of a row's design, or None when the lab has no probe for it."""
    each = D.described(row["design"])
    made = each.replay.check if each is not None and each.replay is not None else None
    return made(row) if made else None
