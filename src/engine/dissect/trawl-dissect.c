/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-dissect.c: dissector tables and the entry point of a dissection */
#include "config.h"

#include <string.h>

#include "trawl-dissect.h"

/* Keys below DIRECT_KEYS (ports, ethertypes, IP protocols and the common
 * link types) are looked up in a flat array: every frame looks up three
 * or four keys, and a hash lookup per layer shows in profiles.  Larger
 * keys (rare link types) go to a hash table. */
#define DIRECT_KEYS 65536

static TrawlDissector *direct[TRAWL_TABLE_N];  /* DIRECT_KEYS entries each */
static GHashTable     *tables[TRAWL_TABLE_N];  /* larger key -> TrawlDissector */
static GPtrArray      *heuristics[TRAWL_HEUR_N];

void
trawl_dissectors_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      for (guint i = 0; i < TRAWL_TABLE_N; i++)
        {
          direct[i] = g_new0 (TrawlDissector, DIRECT_KEYS);
          tables[i] = g_hash_table_new (NULL, NULL);
        }
      for (guint i = 0; i < TRAWL_HEUR_N; i++)
        heuristics[i] = g_ptr_array_new ();
#define TRAWL_PROTOCOL(name) trawl_register_##name ();
#include "trawl-protocols.h"
#undef TRAWL_PROTOCOL
      g_once_init_leave (&done, 1);
    }
}

void
trawl_dissector_table_add (TrawlTableId   table,
                           guint32        key,
                           TrawlDissector dissector)
{
  g_return_if_fail (table < TRAWL_TABLE_N);
  g_return_if_fail (dissector != NULL);

  if (key < DIRECT_KEYS)
    direct[table][key] = dissector;
  else
    g_hash_table_insert (tables[table], GUINT_TO_POINTER (key), (gpointer) dissector);
}

TrawlDissector
trawl_dissector_table_lookup (TrawlTableId table,
                              guint32      key)
{
  g_return_val_if_fail (table < TRAWL_TABLE_N, NULL);

  if (G_LIKELY (key < DIRECT_KEYS))
    return direct[table][key];
  return (TrawlDissector) g_hash_table_lookup (tables[table], GUINT_TO_POINTER (key));
}

gboolean
trawl_dissector_table_try (TrawlTableId table,
                           guint32      key,
                           TrawlPacket *pkt,
                           TrawlCursor *cur,
                           TrawlNode   *parent)
{
  TrawlDissector d = trawl_dissector_table_lookup (table, key);

  if (d == NULL)
    return FALSE;
  return d (pkt, cur, parent);
}

void
trawl_heuristic_add (TrawlHeurId    table,
                     TrawlDissector dissector)
{
  g_return_if_fail (table < TRAWL_HEUR_N);

  g_ptr_array_add (heuristics[table], (gpointer) dissector);
}

gboolean
trawl_heuristic_try (TrawlHeurId  table,
                     TrawlPacket *pkt,
                     TrawlCursor *cur,
                     TrawlNode   *parent)
{
  g_return_val_if_fail (table < TRAWL_HEUR_N, FALSE);

  for (guint i = 0; i < heuristics[table]->len; i++)
    {
      TrawlDissector d = (TrawlDissector) g_ptr_array_index (heuristics[table], i);
      if (d (pkt, cur, parent))
        return TRUE;
    }
  return FALSE;
}

void
trawl_dissect_ethertype (TrawlPacket *pkt,
                         guint16      ethertype,
                         TrawlCursor *cur,
                         TrawlNode   *parent)
{
  /* Wireshark lists a pseudo-protocol "ethertype" in frame.protocols. */
  if (trawl_packet_protocols_wanted (pkt))
    g_string_append (pkt->protocols, pkt->protocols->len ? ":ethertype" : "ethertype");
  if (!trawl_dissector_table_try (TRAWL_TABLE_ETHERTYPE, ethertype, pkt, cur, parent))
    trawl_dissect_data (pkt, cur, parent);
}

void
trawl_dissect_port_pair (TrawlPacket  *pkt,
                         TrawlNode    *top,
                         TrawlCursor  *cur,
                         TrawlPortType ptype,
                         int           hf_srcport,
                         int           hf_dstport,
                         int           hf_port)
{
  TrawlNode *n;

  pkt->srcport = trawl_cursor_get_u16 (cur, 0);
  pkt->dstport = trawl_cursor_get_u16 (cur, 2);
  pkt->ptype = (guint8) ptype;
  trawl_node_append_text (pkt, top, ", Src Port: %u, Dst Port: %u", pkt->srcport, pkt->dstport);
  trawl_tree_add_item (pkt, top, hf_srcport, cur, 0, 2, TRAWL_ENC_BE);
  trawl_tree_add_item (pkt, top, hf_dstport, cur, 2, 2, TRAWL_ENC_BE);
  /* PROTO.port: hidden, once per port, for `tcp.port == 80` filters. */
  n = trawl_tree_add_item (pkt, top, hf_port, cur, 0, 2, TRAWL_ENC_BE);
  trawl_node_set_flags (n, TRAWL_NODE_HIDDEN);
  n = trawl_tree_add_item (pkt, top, hf_port, cur, 2, 2, TRAWL_ENC_BE);
  trawl_node_set_flags (n, TRAWL_NODE_HIDDEN);
}

/* The layers up to the transport: their fields never depend on what is
 * found in the payload. */
static gboolean
is_lower_layer (const char *abbrev,
                gsize       proto_len)
{
  static const char *const below[] = {
    "frame", "eth", "vlan", "ieee8021ad", "ieee8021ah", "sll", "null", "raw",
    "arp", "ip", "ipv6", "icmp", "icmpv6", "tcp", "udp",
  };

  for (guint i = 0; i < G_N_ELEMENTS (below); i++)
    if (strlen (below[i]) == proto_len && strncmp (abbrev, below[i], proto_len) == 0)
      return TRUE;
  return FALSE;
}

/* The application protocols whose dissection a field of protocol
 * @abbrev (its first @proto_len bytes) needs; 0 for one of no
 * application protocol (data): then nothing may be skipped. */
static guint32
apps_of (const char *abbrev,
         gsize       proto_len)
{
  static const struct { const char *proto; guint32 apps; } apps[] = {
    { "dns", TRAWL_APP_DNS },
    { "dhcp", TRAWL_APP_DHCP },
    { "http", TRAWL_APP_HTTP },
    { "urlencoded-form", TRAWL_APP_HTTP },
    /* WebSocket text is shown as line-based text too. */
    { "data-text-lines", TRAWL_APP_HTTP | TRAWL_APP_WEBSOCKET },
    { "websocket", TRAWL_APP_WEBSOCKET },
    { "tls", TRAWL_APP_TLS },
  };

  for (guint i = 0; i < G_N_ELEMENTS (apps); i++)
    if (strlen (apps[i].proto) == proto_len && strncmp (abbrev, apps[i].proto, proto_len) == 0)
      return apps[i].apps;
  return 0;
}

/* Fields whose value comes from what the application protocols make of
 * the payload, whatever layer they belong to. */
static gboolean
depends_on_payload (const char *abbrev)
{
  /* Every protocol's name; the PDU size an application announces. */
  return strcmp (abbrev, "frame.protocols") == 0 || g_str_has_prefix (abbrev, "tcp.pdu.");
}

guint32
trawl_field_mask_skippable_apps (const guint8 *mask,
                                 guint         mask_bits)
{
  guint32 skippable = TRAWL_APP_DNS | TRAWL_APP_DHCP | TRAWL_APP_HTTP |
                      TRAWL_APP_WEBSOCKET | TRAWL_APP_TLS;

  if (mask == NULL)
    return 0;
  for (guint id = 0; id < mask_bits; id++)
    {
      const TrawlField *f;
      gsize proto_len;
      guint32 apps;

      if ((mask[id >> 3] & (1u << (id & 7))) == 0 || (f = trawl_field_get ((int) id)) == NULL)
        continue;
      if (depends_on_payload (f->abbrev))
        return 0;
      proto_len = strcspn (f->abbrev, ".");
      if (is_lower_layer (f->abbrev, proto_len))
        continue;
      apps = apps_of (f->abbrev, proto_len);
      if (apps == 0)
        return 0;
      skippable &= ~apps;
    }
  return skippable;
}

TrawlDepth
trawl_field_mask_depth (const guint8 *mask,
                        guint         mask_bits)
{
  TrawlDepth depth = TRAWL_DEPTH_FRAME;

  if (mask == NULL)
    return TRAWL_DEPTH_ALL;
  for (guint id = 0; id < mask_bits; id++)
    {
      const TrawlField *f;
      gsize proto_len;

      if ((mask[id >> 3] & (1u << (id & 7))) == 0 || (f = trawl_field_get ((int) id)) == NULL)
        continue;
      proto_len = strcspn (f->abbrev, ".");
      if (depends_on_payload (f->abbrev) || !is_lower_layer (f->abbrev, proto_len))
        return TRAWL_DEPTH_ALL;
      if (!(proto_len == 5 && strncmp (f->abbrev, "frame", 5) == 0))
        depth = TRAWL_DEPTH_TRANSPORT;
    }
  return depth;
}

gboolean
trawl_field_mask_has_forward_refs (const guint8 *mask,
                                   guint         mask_bits)
{
  /* Fields whose value names (or depends on) a later frame: only an
   * analysis that has seen the whole capture knows them. */
  static const char *const forward[] = {
    "dns.response_in", "http.response_in", "http.next_request_in",
    "http.next_response_in", "tcp.pdu.last_frame", "tcp.pdu.time",
    "icmp.resp_in", "icmp.no_resp", "icmpv6.resp_in", "icmpv6.no_resp",
  };

  if (mask == NULL)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (forward); i++)
    {
      const TrawlField *f = trawl_field_lookup (forward[i]);

      if (f != NULL && (guint) f->id < mask_bits && (mask[f->id >> 3] & (1u << (f->id & 7))))
        return TRUE;
    }
  return FALSE;
}
