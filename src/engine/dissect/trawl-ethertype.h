/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-ethertype.h: the EtherType numbers the dissectors use (IEEE 802
 * numbers, as tcpdump's ethertype.h), in one place: the link layers that
 * carry them, the protocols that register under them, and ICMP errors
 * that quote an IP header all name them from here.
 */
#pragma once

#define TRAWL_ETHERTYPE_IPV4 0x0800
#define TRAWL_ETHERTYPE_ARP  0x0806
#define TRAWL_ETHERTYPE_RARP 0x8035
#define TRAWL_ETHERTYPE_VLAN 0x8100  /* 802.1Q */
#define TRAWL_ETHERTYPE_IPV6 0x86dd
#define TRAWL_ETHERTYPE_QINQ 0x88a8  /* 802.1ad */
