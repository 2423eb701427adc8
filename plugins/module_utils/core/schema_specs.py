# -*- coding: utf-8 -*-
# Copyright: netdesign.resilience contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The designs' intent keys, generated from roles/<design>/meta/argument_specs.yml by scripts/gen_schema.py.

Do not edit: change the argument spec and run ``python scripts/gen_schema.py``. Keys are without the
``<design>_`` prefix of the inventory variables; descriptions and defaults stay in the argument specs.
"""

from __future__ import annotations

SPECS = {
    'anycast_rp': {
        'address': {'type': 'str', 'required': True},
        'frr_service': {'type': 'str', 'choices': ['systemd', 'frrinit', 'none']},
        'host_interfaces': {'type': 'list', 'elements': 'str'},
        'igp': {
            'options': {
                'area': {'type': 'raw'},
                'loopback_network_type': {'type': 'str', 'choices': ['loopback', 'point-to-point']},
                'process': {'type': 'int'},
                'protocol': {
                    'choices': ['ospf', 'ospfv3', 'eigrp', 'isis', 'bgp', 'static'],
                    'required': True,
                    'type': 'str',
                },
            },
            'type': 'dict',
        },
        'igp_interfaces': {'type': 'list', 'elements': 'str'},
        'install_packages': {'type': 'bool'},
        'interfaces_file': {'type': 'path'},
        'ipv4_address': {'type': 'str'},
        'ipv4_primary_prefixlen': {'type': 'int'},
        'loopback_interface': {'type': 'str'},
        'primary_prefixlen': {'type': 'int', 'required': True},
        'router_id': {'type': 'str', 'required': True},
        'rp_routers': {'type': 'list', 'elements': 'str', 'required': True},
        'segments': {
            'elements': 'dict',
            'options': {
                'hosts': {'type': 'list', 'elements': 'str', 'choices': ['source', 'listener']},
                'name': {'type': 'str', 'required': True},
                'routers': {'type': 'list', 'elements': 'str', 'required': True},
            },
            'type': 'list',
        },
        'verify': {'type': 'bool'},
        'verify_timeout': {'type': 'int'},
    },
    'nat_gateway': {
        'bond_options': {'type': 'dict'},
        'bonds': {
            'elements': 'dict',
            'options': {
                'address': {'type': 'str', 'required': True},
                'members': {'type': 'list', 'elements': 'str', 'required': True},
                'name': {'type': 'str', 'required': True},
                'role': {'type': 'str', 'required': True, 'choices': ['inside', 'outside']},
            },
            'required': True,
            'type': 'list',
        },
        'clients': {'type': 'str', 'required': True},
        'conntrackd': {
            'options': {
                'enabled': {'type': 'bool'},
                'interface': {'type': 'str'},
                'peer': {'type': 'str'},
                'port': {'type': 'int'},
            },
            'type': 'dict',
        },
        'egress_table': {
            'options': {
                'id': {'type': 'int', 'required': True},
                'name': {'type': 'str', 'required': True},
            },
            'type': 'dict',
        },
        'flows_per_client': {'type': 'int'},
        'forwarding_mechanism': {'type': 'str', 'choices': ['ifupdown', 'udev', 'networkd', 'sysctl']},
        'inside_next_hop': {'type': 'str', 'required': True},
        'install_packages': {'type': 'bool'},
        'interfaces_file': {'type': 'path'},
        'kernel_tables': {'type': 'bool'},
        'manage_services': {'type': 'bool'},
        'management': {
            'options': {
                'address': {'type': 'str', 'required': True},
                'gateway': {'type': 'str'},
                'interface': {'type': 'str', 'required': True},
            },
            'required': True,
            'type': 'dict',
        },
        'nft_file': {'type': 'path'},
        'outside_next_hop': {'type': 'str', 'required': True},
        'peak_clients': {'type': 'int'},
        'pool': {'type': 'str', 'required': True},
        'port_range': {'type': 'list', 'elements': 'int'},
        'routes': {
            'elements': 'dict',
            'options': {
                'dev': {'type': 'str'},
                'prefix': {'type': 'str', 'required': True},
                'table': {'type': 'raw'},
                'via': {'type': 'str'},
            },
            'type': 'list',
        },
        'snat_backend': {'type': 'str', 'choices': ['nftables', 'iptables_u32', 'ipset']},
        'snat_import': {'type': 'str'},
        'snat_split': {'type': 'raw'},
        'verify': {'type': 'bool'},
    },
    'sixto4_bgp': {
        'asn': {'type': 'int', 'required': True},
        'core_filters': {
            'elements': 'dict',
            'options': {
                'entries': {'type': 'list', 'elements': 'str', 'required': True},
                'name': {'type': 'str', 'required': True},
            },
            'type': 'list',
        },
        'frr_service': {'type': 'str', 'choices': ['systemd', 'frrinit', 'none']},
        'install_packages': {'type': 'bool'},
        'interfaces_file': {'type': 'path'},
        'route_reflector': {'type': 'str'},
        'sites': {
            'elements': 'dict',
            'options': {
                'anchor_aggregates': {'type': 'bool'},
                'lans': {'type': 'list', 'elements': 'str'},
                'name': {'type': 'str', 'required': True},
                'networks': {'type': 'list', 'elements': 'str'},
                'tunnel_source': {'type': 'str'},
                'tunnel_source_address': {'type': 'str', 'required': True},
            },
            'required': True,
            'type': 'list',
        },
        'sysctl_file': {'type': 'path'},
        'tunnel_interface': {'type': 'str'},
        'verify': {'type': 'bool'},
        'verify_timeout': {'type': 'int'},
    },
    'vrf_static_tracking': {
        'check_interval': {'type': 'int'},
        'fast': {'type': 'bool'},
        'frr_service': {'type': 'str', 'choices': ['systemd', 'frrinit', 'none']},
        'install_packages': {'type': 'bool'},
        'inter_vrf_leaking': {'type': 'bool'},
        'interfaces': {
            'elements': 'dict',
            'options': {
                'address': {'type': 'str', 'required': True},
                'description': {'type': 'str'},
                'name': {'type': 'str', 'required': True},
                'path': {'type': 'str', 'required': True, 'choices': ['active', 'standby']},
                'track': {'type': 'int'},
                'vlan': {'type': 'int'},
                'vrf': {'type': 'str', 'required': True},
            },
            'required': True,
            'type': 'list',
        },
        'interfaces_file': {'type': 'path'},
        'keepalived_file': {'type': 'path'},
        'manage_services': {'type': 'bool'},
        'management': {
            'options': {
                'aaa_group': {'type': 'str'},
                'aaa_methods': {'type': 'list', 'elements': 'str'},
                'controllers': {'type': 'list', 'elements': 'str'},
                'domain_name': {'type': 'str'},
                'interface': {'type': 'str', 'required': True},
                'logging_facility': {
                    'choices': [
                        'auth', 'cron', 'daemon', 'kern', 'lpr', 'mail', 'news', 'syslog', 'user', 'uucp',
                        'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7',
                        'sys9', 'sys10', 'sys11', 'sys12', 'sys13', 'sys14',
                    ],
                    'type': 'str',
                },
                'logging_hosts': {'type': 'list', 'elements': 'str'},
                'logging_trap': {
                    'choices': [
                        'emergencies', 'alerts', 'critical', 'errors', 'warnings', 'notifications',
                        'informational', 'debugging', '0', '1', '2', '3', '4', '5', '6', '7',
                    ],
                    'type': 'str',
                },
                'name_servers': {'type': 'list', 'elements': 'str'},
                'ntp_servers': {'type': 'list', 'elements': 'str'},
                'snmp_acl': {'type': 'str'},
                'snmp_acl_entries': {'type': 'list', 'elements': 'str'},
                'snmp_acl_exists': {'type': 'bool'},
                'snmp_community': {'type': 'str'},
                'snmp_contact': {'type': 'str'},
                'snmp_hosts': {'type': 'list', 'elements': 'str'},
                'snmp_traps': {'type': 'list', 'elements': 'str'},
                'ssh_acl': {
                    'options': {
                        'entries': {'type': 'list', 'elements': 'str', 'required': True},
                        'name': {'type': 'str', 'required': True},
                    },
                    'required': True,
                    'type': 'dict',
                },
                'ssh_timeout': {'type': 'int'},
                'switch': {'type': 'bool'},
                'tacacs_key': {'type': 'str'},
                'tacacs_servers': {'type': 'list', 'elements': 'str'},
                'vrf': {'type': 'str', 'required': True},
                'vty_last': {'type': 'int'},
                'vty_login_list': {'type': 'str'},
            },
            'type': 'dict',
        },
        'routes': {
            'elements': 'dict',
            'options': {
                'active': {'type': 'str'},
                'interface': {'type': 'str'},
                'prefix': {'type': 'str', 'required': True},
                'standby': {'type': 'str'},
                'track': {'type': 'raw'},
                'vrf': {'type': 'str', 'required': True},
            },
            'required': True,
            'type': 'list',
        },
        'standby_distance': {'type': 'int'},
        'tracking': {
            'options': {
                'boolean': {'type': 'str', 'choices': ['and', 'or']},
                'delay': {
                    'options': {
                        'down': {'type': 'int'},
                        'up': {'type': 'int'},
                    },
                    'type': 'dict',
                },
                'parent': {'type': 'int'},
                'parent_delay': {
                    'options': {
                        'down': {'type': 'int'},
                        'up': {'type': 'int'},
                    },
                    'type': 'dict',
                },
            },
            'type': 'dict',
        },
        'tracks': {
            'elements': 'dict',
            'options': {
                'id': {'type': 'int', 'required': True},
                'prefix': {'type': 'str', 'required': True},
                'vrf': {'type': 'str'},
            },
            'type': 'list',
        },
        'verify': {'type': 'bool'},
        'verify_timeout': {'type': 'int'},
        'vrfs': {'type': 'list', 'elements': 'str', 'required': True},
    },
    'wan_backup_vrrp': {
        'address': {'type': 'str', 'required': True},
        'arp_timeout': {'type': 'int'},
        'backup': {
            'options': {
                'name': {'type': 'str'},
                'priority_max': {'type': 'int'},
                'priority_min': {'type': 'int'},
            },
            'required': True,
            'type': 'dict',
        },
        'description': {'type': 'str'},
        'group': {'type': 'int'},
        'install_packages': {'type': 'bool'},
        'interface': {'type': 'str', 'required': True},
        'interface_description': {'type': 'str'},
        'keepalived_file': {'type': 'path'},
        'main': {
            'options': {
                'name': {'type': 'str'},
                'preempt_delay': {'type': 'int'},
                'priority': {'type': 'int'},
                'track': {
                    'elements': 'dict',
                    'options': {
                        'decrement': {'type': 'int', 'required': True},
                        'interface': {'type': 'str', 'required': True},
                        'object': {'type': 'int', 'required': True},
                    },
                    'required': True,
                    'type': 'list',
                },
            },
            'required': True,
            'type': 'dict',
        },
        'manage_services': {'type': 'bool'},
        'verify': {'type': 'bool'},
        'verify_timeout': {'type': 'int'},
        'version': {'type': 'int', 'choices': [2, 3]},
        'virtual_ip': {'type': 'str', 'required': True},
        'vlan': {'type': 'int'},
        'vpn_interface': {'type': 'str'},
    },
}
