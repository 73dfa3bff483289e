/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-linktype.h: pcap LINKTYPE_ values the engine knows */
#pragma once

#define TRAWL_LINKTYPE_NULL         0
#define TRAWL_LINKTYPE_ETHERNET     1
#define TRAWL_LINKTYPE_RAW          101
#define TRAWL_LINKTYPE_LOOP         108
#define TRAWL_LINKTYPE_LINUX_SLL    113
#define TRAWL_LINKTYPE_IPV4         228
#define TRAWL_LINKTYPE_IPV6         229
#define TRAWL_LINKTYPE_LINUX_SLL2   276
