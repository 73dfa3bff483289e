/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-hash.h: FNV-1a over the bytes of a fixed-size key
 *
 * For GHashTables keyed by small structs compared with memcmp (the DNS
 * and ICMP request/response pairings): keys must be zeroed before they
 * are filled, so that padding bytes hash alike.
 */
#pragma once

#include <glib.h>

static inline guint
trawl_hash_bytes (const void *key,
                  gsize       len)
{
  const guint8 *b = key;
  guint h = 2166136261u;

  for (gsize i = 0; i < len; i++)
    h = (h ^ b[i]) * 16777619u;
  return h;
}
