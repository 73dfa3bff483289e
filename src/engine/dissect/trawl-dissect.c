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
  if (pkt->want_tree || pkt->want_columns)
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

gboolean
trawl_field_mask_needs_payload (const guint8 *mask,
                                guint         mask_bits)
{
  /* The layers up to the transport; their fields never depend on what
   * is found in the payload, except the two named below. */
  static const char *const below[] = {
    "frame", "eth", "vlan", "ieee8021ad", "ieee8021ah", "sll", "null", "raw",
    "arp", "ip", "ipv6", "icmp", "icmpv6", "tcp", "udp",
  };

  if (mask == NULL)
    return TRUE;
  for (guint id = 0; id < mask_bits; id++)
    {
      const TrawlField *f;
      gsize proto_len;
      gboolean known = FALSE;

      if ((mask[id >> 3] & (1u << (id & 7))) == 0 || (f = trawl_field_get ((int) id)) == NULL)
        continue;
      /* Every protocol's name; the PDU size an application announces. */
      if (strcmp (f->abbrev, "frame.protocols") == 0 || g_str_has_prefix (f->abbrev, "tcp.pdu."))
        return TRUE;
      proto_len = strcspn (f->abbrev, ".");
      for (guint i = 0; i < G_N_ELEMENTS (below) && !known; i++)
        known = strlen (below[i]) == proto_len && strncmp (f->abbrev, below[i], proto_len) == 0;
      if (!known)
        return TRUE;
    }
  return FALSE;
}
