/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-packet.c: the packet being dissected and its field tree */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>

#include "trawl-packet.h"

void
trawl_packet_init (TrawlPacket *pkt,
                   TrawlArena  *arena)
{
  g_return_if_fail (pkt != NULL);
  g_return_if_fail (arena != NULL);

  memset (pkt, 0, sizeof *pkt);
  pkt->arena = arena;
  pkt->col_info = g_string_sized_new (128);
  pkt->protocols = g_string_sized_new (64);
  pkt->want_tree = TRUE;
  pkt->depth = TRAWL_DEPTH_ALL;
  pkt->skip_apps = 0;
  pkt->no_forward_refs = FALSE;
  pkt->want_columns = TRUE;
  pkt->protocols_wanted = -1;
}

void
trawl_packet_clear (TrawlPacket *pkt)
{
  g_return_if_fail (pkt != NULL);

  if (pkt->col_info)
    g_string_free (pkt->col_info, TRUE);
  if (pkt->protocols)
    g_string_free (pkt->protocols, TRUE);
  pkt->col_info = NULL;
  pkt->protocols = NULL;
}

void
trawl_packet_reset_output (TrawlPacket *pkt)
{
  g_return_if_fail (pkt != NULL);

  trawl_arena_reset (pkt->arena);
  pkt->root = trawl_arena_alloc0 (pkt->arena, sizeof (TrawlNode));
  pkt->sources[0].data = pkt->data;
  pkt->sources[0].len = pkt->caplen;
  pkt->sources[0].name = "Frame";
  pkt->n_sources = 1;
  pkt->col_protocol = NULL;
  g_string_truncate (pkt->col_info, 0);
  pkt->col_fence = 0;
  pkt->col_src[0] = '\0';
  pkt->col_dst[0] = '\0';
  pkt->col_src_len = pkt->col_dst_len = 0;
  pkt->col_addr_set = FALSE;
  pkt->protocols_wanted = -1;
  g_string_truncate (pkt->protocols, 0);
  pkt->malformed = FALSE;
  pkt->expert_max = TRAWL_EXPERT_NONE;
  memset (&pkt->dl_src, 0, sizeof pkt->dl_src);
  memset (&pkt->dl_dst, 0, sizeof pkt->dl_dst);
  memset (&pkt->net_src, 0, sizeof pkt->net_src);
  memset (&pkt->net_dst, 0, sizeof pkt->net_dst);
  pkt->srcport = pkt->dstport = 0;
  pkt->ptype = TRAWL_PT_NONE;
  pkt->ip_proto = 0;
  pkt->ip_depth = 0;
  pkt->tcp = NULL;
  pkt->in_error_pkt = FALSE;
  pkt->vlan_depth = 0;
}

guint8
trawl_packet_add_source (TrawlPacket  *pkt,
                         const guint8 *data,
                         guint32       len,
                         const char   *name)
{
  g_return_val_if_fail (pkt != NULL, 0);

  if (pkt->n_sources >= TRAWL_MAX_SOURCES)
    return 0;
  pkt->sources[pkt->n_sources].data = data;
  pkt->sources[pkt->n_sources].len = len;
  pkt->sources[pkt->n_sources].name = name;
  return (guint8) pkt->n_sources++;
}

/* ---- columns ---- */

void
trawl_col_set_protocol (TrawlPacket *pkt,
                        const char  *proto)
{
  pkt->col_protocol = proto;
}

void
trawl_col_clear_info (TrawlPacket *pkt)
{
  g_string_truncate (pkt->col_info, MIN (pkt->col_fence, pkt->col_info->len));
}

void
trawl_col_set_fence (TrawlPacket *pkt)
{
  pkt->col_fence = pkt->col_info->len;
}

void
trawl_col_prepend_fence_str (TrawlPacket *pkt,
                             const char  *str)
{
  gsize n;

  if (!pkt->want_columns)
    return;
  n = strlen (str);
  g_string_prepend_len (pkt->col_info, str, (gssize) n);
  pkt->col_fence += n;
}

/* Info texts are mostly literal text with %s and %u in them ("Standard
 * query 0x1a2b A example.com" is several appends): formatted without
 * printf when trawl_format_vsimple () can. */
static void
col_vappend (GString    *s,
             const char *format,
             va_list     args)
{
  char buf[512];
  gssize n = trawl_format_vsimple (buf, sizeof buf, format, args);

  if (n >= 0)
    trawl_string_append_len (s, buf, (gsize) n);
  else
    g_string_append_vprintf (s, format, args);
}

void
trawl_col_set_info (TrawlPacket *pkt,
                    const char  *format,
                    ...)
{
  va_list args;

  if (!pkt->want_columns)
    return;
  g_string_truncate (pkt->col_info, MIN (pkt->col_fence, pkt->col_info->len));
  va_start (args, format);
  col_vappend (pkt->col_info, format, args);
  va_end (args);
}

void
trawl_col_append_info (TrawlPacket *pkt,
                       const char  *format,
                       ...)
{
  va_list args;

  if (!pkt->want_columns)
    return;
  va_start (args, format);
  col_vappend (pkt->col_info, format, args);
  va_end (args);
}

void
trawl_col_append_sep_info (TrawlPacket *pkt,
                           const char  *sep,
                           const char  *format,
                           ...)
{
  va_list args;

  if (!pkt->want_columns)
    return;
  if (pkt->col_info->len > 0 && sep != NULL)
    g_string_append (pkt->col_info, sep);
  va_start (args, format);
  col_vappend (pkt->col_info, format, args);
  va_end (args);
}


void
trawl_address_set (TrawlAddress     *addr,
                   TrawlAddressType  type,
                   const guint8     *data)
{
  guint8 len = type == TRAWL_AT_ETHER ? 6 : type == TRAWL_AT_IPv4 ? 4 : type == TRAWL_AT_IPv6 ? 16 : 0;

  /* Fixed-size copies: this runs twice per layer of every frame. */
  addr->type = (guint8) type;
  addr->len = len;
  memset (addr->data, 0, sizeof addr->data);
  if (len == 4)
    memcpy (addr->data, data, 4);
  else if (len == 6)
    memcpy (addr->data, data, 6);
  else if (len == 16)
    memcpy (addr->data, data, 16);
}

gsize
trawl_address_to_string (const TrawlAddress *addr,
                         char               *buf,
                         gsize               size)
{
  static const char hex[] = "0123456789abcdef";
  const guint8 *d = addr->data;
  char tmp[24];
  /* Every summary line formats two addresses: no printf, and straight
   * into @buf when it has room for the longest text (17 + NUL). */
  char *start = size >= sizeof tmp ? buf : tmp, *p = start;

  switch (addr->type)
    {
    case TRAWL_AT_ETHER:
      for (guint i = 0; i < 6; i++)
        {
          if (i)
            *p++ = ':';
          *p++ = hex[d[i] >> 4];
          *p++ = hex[d[i] & 0xf];
        }
      break;
    case TRAWL_AT_IPv4:
      for (guint i = 0; i < 4; i++)
        {
          guint v = d[i];
          if (i)
            *p++ = '.';
          if (v >= 100)
            *p++ = (char) ('0' + v / 100);
          if (v >= 10)
            *p++ = (char) ('0' + v / 10 % 10);
          *p++ = (char) ('0' + v % 10);
        }
      break;
    case TRAWL_AT_IPv6:
      /* glibc's inet_ntop writes RFC 5952 text, as Wireshark does. */
      if (inet_ntop (AF_INET6, d, buf, (socklen_t) size) == NULL)
        {
          if (size)
            buf[0] = '\0';
          return 0;
        }
      return strlen (buf);
    default:
      break;
    }
  *p = '\0';
  if (start == tmp)
    return g_strlcpy (buf, tmp, size);
  return (gsize) (p - buf);
}

void
trawl_col_set_addresses (TrawlPacket        *pkt,
                         const TrawlAddress *src,
                         const TrawlAddress *dst)
{
  if (!pkt->want_columns)
    return;
  /* A copy, not the text: Ethernet's addresses are replaced by IP's in
   * most frames, and a dissector may reuse the addresses it passed. */
  pkt->col_addr_src = *src;
  pkt->col_addr_dst = *dst;
  pkt->col_addr_set = TRUE;
}

void
trawl_col_finish_addresses (TrawlPacket *pkt)
{
  if (!pkt->col_addr_set)
    return;
  pkt->col_src_len = (guint8) trawl_address_to_string (&pkt->col_addr_src, pkt->col_src, sizeof pkt->col_src);
  pkt->col_dst_len = (guint8) trawl_address_to_string (&pkt->col_addr_dst, pkt->col_dst, sizeof pkt->col_dst);
  pkt->col_addr_set = FALSE;
}

/* ---- the tree ---- */

static TrawlNode *
node_new (TrawlPacket *pkt,
          TrawlNode   *parent,
          const TrawlField *field,
          TrawlCursor *cur,
          guint32      off,
          guint32      len)
{
  TrawlNode *n = trawl_arena_alloc0 (pkt->arena, sizeof (TrawlNode));
  guint32 wlen = trawl_cursor_len (cur);

  if (parent == NULL)
    parent = pkt->root;
  n->field = field;
  n->parent = parent;
  if (off > wlen || len > wlen - off)
    {
      n->flags |= TRAWL_NODE_MALFORMED;
      if (off > wlen)
        off = wlen;
      len = wlen - off;
    }
  n->start = trawl_cursor_abs (cur, off);
  n->len = len;
  n->ds = cur->ds;
  if (parent->last_child)
    parent->last_child->next = n;
  else
    parent->first_child = n;
  parent->last_child = n;
  return n;
}

static gboolean
protocols_wanted (const TrawlPacket *pkt)
{
  static gint protocols_id = -2;  /* -2: not looked up yet */
  gint id = g_atomic_int_get (&protocols_id);

  if ((pkt->want_columns && !pkt->no_protocols) || (pkt->want_tree && pkt->field_mask == NULL))
    return TRUE;
  if (!pkt->want_tree)
    return FALSE;
  if (id == -2)
    {
      const TrawlField *f = trawl_field_lookup ("frame.protocols");

      id = f != NULL ? f->id : -1;
      g_atomic_int_set (&protocols_id, id);
    }
  return trawl_packet_field_wanted (pkt, pkt->root, id);
}

/* Asked at every layer: decided once a frame (trawl_packet_reset_output
 * forgets it). */
gboolean
trawl_packet_protocols_wanted (TrawlPacket *pkt)
{
  if (pkt->protocols_wanted < 0)
    pkt->protocols_wanted = protocols_wanted (pkt) ? 1 : 0;
  return pkt->protocols_wanted;
}

TrawlNode *
trawl_tree_add_protocol (TrawlPacket *pkt,
                         TrawlNode   *parent,
                         int          proto_id,
                         TrawlCursor *cur,
                         guint32      off,
                         guint32      len)
{
  const TrawlField *f = trawl_field_get (proto_id);
  TrawlNode *n;

  g_return_val_if_fail (f != NULL, NULL);

  if (!pkt->want_tree)
    {
      n = &pkt->layer;
      memset (n, 0, sizeof *n);
      n->field = f;
      n->parent = parent != NULL ? parent : pkt->root;
    }
  else
    {
      n = node_new (pkt, parent, f, cur, off, len);
      /* A truncated layer is reported by its dissector, not by the node. */
      n->flags &= ~TRAWL_NODE_MALFORMED;
    }
  /* frame.protocols is shown in trees and used by the packet list; the
   * analysis pass (neither) and most filters skip it. */
  if (trawl_packet_protocols_wanted (pkt))
    {
      if (pkt->protocols->len > 0)
        g_string_append_c (pkt->protocols, ':');
      g_string_append (pkt->protocols, f->abbrev);
    }
  return n;
}

static guint64
read_uint (TrawlCursor  *cur,
           guint32       off,
           guint32       len,
           TrawlEncoding enc)
{
  const guint8 *p = trawl_cursor_ptr (cur, off, len);
  guint64 v = 0;

  if (p == NULL || len > 8)
    return 0;
  if (enc == TRAWL_ENC_LE)
    for (guint32 i = len; i > 0; i--)
      v = (v << 8) | p[i - 1];
  else
    for (guint32 i = 0; i < len; i++)
      v = (v << 8) | p[i];
  return v;
}

TrawlNode *
trawl_tree_add_item_leaf (TrawlPacket  *pkt,
                          TrawlNode    *parent,
                          int           id,
                          TrawlCursor  *cur,
                          guint32       off,
                          guint32       len,
                          TrawlEncoding enc)
{
  const TrawlField *f;
  TrawlNode *n;

  /* Most fields of a masked dissection are not wanted: ask that first. */
  if (!trawl_packet_field_wanted (pkt, parent, id))
    return NULL;
  f = trawl_field_get (id);
  g_return_val_if_fail (f != NULL, NULL);

  n = node_new (pkt, parent, f, cur, off, len);
  if (n->flags & TRAWL_NODE_MALFORMED)
    {
      cur->error = TRUE;
      return n;
    }

  switch (f->type)
    {
    case TRAWL_FT_BOOLEAN:
    case TRAWL_FT_CHAR:
    case TRAWL_FT_UINT8:
    case TRAWL_FT_UINT16:
    case TRAWL_FT_UINT24:
    case TRAWL_FT_UINT32:
    case TRAWL_FT_UINT48:
    case TRAWL_FT_UINT64:
    case TRAWL_FT_FRAMENUM:
      {
        guint64 v = read_uint (cur, off, len, enc);
        if (f->bitmask)
          v = (v & f->bitmask) >> f->bitshift;
        if (f->type == TRAWL_FT_BOOLEAN)
          v = v != 0;
        n->v.u = v;
      }
      break;
    case TRAWL_FT_INT8:
    case TRAWL_FT_INT16:
    case TRAWL_FT_INT32:
    case TRAWL_FT_INT64:
      {
        guint64 v = read_uint (cur, off, len, enc);
        guint bits = len * 8;
        if (f->bitmask)
          {
            bits = 64 - (guint) __builtin_clzll (f->bitmask) - f->bitshift;
            v = (v & f->bitmask) >> f->bitshift;
          }
        if (bits > 0 && bits < 64 && (v & (G_GUINT64_CONSTANT (1) << (bits - 1))))
          v |= ~((G_GUINT64_CONSTANT (1) << bits) - 1);
        n->v.i = (gint64) v;
      }
      break;
    case TRAWL_FT_IPv4:
      n->v.u = (guint32) read_uint (cur, off, 4, TRAWL_ENC_BE);
      break;
    case TRAWL_FT_STRING:
    case TRAWL_FT_STRINGZ:
      {
        const guint8 *p = trawl_cursor_ptr (cur, off, len);
        guint32 slen = len;
        if (p && f->type == TRAWL_FT_STRINGZ)
          {
            const guint8 *z = memchr (p, 0, len);
            if (z)
              slen = (guint32) (z - p);
          }
        n->v.b.p = (const guint8 *) trawl_arena_strndup (pkt->arena, p ? (const char *) p : "", p ? slen : 0);
        n->v.b.n = p ? slen : 0;
      }
      break;
    case TRAWL_FT_BYTES:
    case TRAWL_FT_ETHER:
    case TRAWL_FT_IPv6:
    case TRAWL_FT_PROTOCOL:
    case TRAWL_FT_NONE:
    default:
      /* Point into the data source: it outlives the tree. */
      n->v.b.p = trawl_cursor_ptr (cur, off, len);
      n->v.b.n = len;
      break;
    }
  return n;
}

#define ADD_VALUE(member, value)                                  \
  const TrawlField *f;                                            \
  TrawlNode *n;                                                   \
  if (!trawl_packet_field_wanted (pkt, parent, id))               \
    return NULL;                                                  \
  f = trawl_field_get (id);                                       \
  g_return_val_if_fail (f != NULL, NULL);                         \
  n = node_new (pkt, parent, f, cur, off, len);                   \
  n->v.member = (value);                                          \
  return n

TrawlNode *
trawl_tree_add_uint_leaf (TrawlPacket *pkt,
                          TrawlNode   *parent,
                          int          id,
                          TrawlCursor *cur,
                          guint32      off,
                          guint32      len,
                          guint64      value)
{
  ADD_VALUE (u, value);
}

TrawlNode *
trawl_tree_add_int (TrawlPacket *pkt,
                    TrawlNode   *parent,
                    int          id,
                    TrawlCursor *cur,
                    guint32      off,
                    guint32      len,
                    gint64       value)
{
  ADD_VALUE (i, value);
}

TrawlNode *
trawl_tree_add_boolean_leaf (TrawlPacket *pkt,
                             TrawlNode   *parent,
                             int          id,
                             TrawlCursor *cur,
                             guint32      off,
                             guint32      len,
                             guint64      value)
{
  ADD_VALUE (u, value != 0);
}

TrawlNode *
trawl_tree_add_double (TrawlPacket *pkt,
                       TrawlNode   *parent,
                       int          id,
                       TrawlCursor *cur,
                       guint32      off,
                       guint32      len,
                       double       value)
{
  ADD_VALUE (d, value);
}

TrawlNode *
trawl_tree_add_time (TrawlPacket *pkt,
                     TrawlNode   *parent,
                     int          id,
                     TrawlCursor *cur,
                     guint32      off,
                     guint32      len,
                     gint64       ns)
{
  ADD_VALUE (i, ns);
}

TrawlNode *
trawl_tree_add_ipv4 (TrawlPacket *pkt,
                     TrawlNode   *parent,
                     int          id,
                     TrawlCursor *cur,
                     guint32      off,
                     guint32      len,
                     guint32      addr_host_order)
{
  ADD_VALUE (u, addr_host_order);
}

TrawlNode *
trawl_tree_add_string (TrawlPacket *pkt,
                       TrawlNode   *parent,
                       int          id,
                       TrawlCursor *cur,
                       guint32      off,
                       guint32      len,
                       const char  *str,
                       gssize       str_len)
{
  const TrawlField *f;
  TrawlNode *n;
  gsize sl;

  /* Most fields of a masked dissection are not wanted: ask that first. */
  if (!trawl_packet_field_wanted (pkt, parent, id))
    return NULL;
  f = trawl_field_get (id);
  g_return_val_if_fail (f != NULL, NULL);
  if (str == NULL)
    str = "";
  sl = str_len < 0 ? strlen (str) : (gsize) str_len;
  n = node_new (pkt, parent, f, cur, off, len);
  n->v.b.p = (const guint8 *) trawl_arena_strndup (pkt->arena, str, sl);
  n->v.b.n = (guint32) sl;
  return n;
}

TrawlNode *
trawl_tree_add_bytes (TrawlPacket  *pkt,
                      TrawlNode    *parent,
                      int           id,
                      TrawlCursor  *cur,
                      guint32       off,
                      guint32       len,
                      const guint8 *value,
                      guint32       value_len)
{
  const TrawlField *f;
  TrawlNode *n;
  guint8 *copy;

  /* Most fields of a masked dissection are not wanted: ask that first. */
  if (!trawl_packet_field_wanted (pkt, parent, id))
    return NULL;
  f = trawl_field_get (id);
  g_return_val_if_fail (f != NULL, NULL);
  n = node_new (pkt, parent, f, cur, off, len);
  copy = trawl_arena_alloc (pkt->arena, MAX (value_len, 1));
  if (value_len)
    memcpy (copy, value, value_len);
  n->v.b.p = copy;
  n->v.b.n = value_len;
  return n;
}

TrawlNode *
trawl_tree_add_text (TrawlPacket *pkt,
                     TrawlNode   *parent,
                     TrawlCursor *cur,
                     guint32      off,
                     guint32      len,
                     const char  *format,
                     ...)
{
  TrawlNode *n;
  va_list args;

  if (!trawl_packet_field_wanted (pkt, parent, -1))
    return NULL;
  n = node_new (pkt, parent, NULL, cur, off, len);
  va_start (args, format);
  n->text = trawl_arena_vprintf (pkt->arena, format, args);
  va_end (args);
  return n;
}

TrawlNode *
trawl_tree_add_expert (TrawlPacket        *pkt,
                       TrawlNode          *parent,
                       TrawlExpertSeverity severity,
                       const char         *format,
                       ...)
{
  TrawlCursor empty;
  TrawlNode *n;
  va_list args;

  if (severity > pkt->expert_max)
    pkt->expert_max = (guint8) severity;
  if (severity >= TRAWL_EXPERT_ERROR)
    pkt->malformed = TRUE;
  if (!trawl_packet_field_wanted (pkt, parent, -1))
    return NULL;

  trawl_cursor_init (&empty, NULL, 0);
  n = node_new (pkt, parent, NULL, &empty, 0, 0);
  n->start = parent->start;
  n->ds = parent->ds;
  n->flags |= TRAWL_NODE_EXPERT | TRAWL_NODE_GENERATED;
  n->severity = (guint8) severity;
  va_start (args, format);
  n->text = trawl_arena_vprintf (pkt->arena, format, args);
  va_end (args);
  return n;
}

void
trawl_tree_mark_malformed (TrawlPacket *pkt,
                           TrawlNode   *layer,
                           const char  *proto_short_name)
{
  pkt->malformed = TRUE;
  if (pkt->expert_max < TRAWL_EXPERT_ERROR)
    pkt->expert_max = TRAWL_EXPERT_ERROR;
  if (layer == NULL)
    return;
  layer->flags |= TRAWL_NODE_MALFORMED;
  if (pkt->want_tree)
    trawl_tree_add_expert (pkt, layer, TRAWL_EXPERT_ERROR,
                           "Malformed Packet: %s", proto_short_name);
}

void
(trawl_node_set_text) (TrawlPacket *pkt,
                     TrawlNode   *node,
                     const char  *format,
                     ...)
{
  va_list args;

  /* A masked tree (a display filter's fields) is never shown: no labels. */
  if (node == NULL || !pkt->want_tree || pkt->field_mask != NULL)
    return;
  va_start (args, format);
  node->text = trawl_arena_vprintf (pkt->arena, format, args);
  va_end (args);
}

void
(trawl_node_append_text) (TrawlPacket *pkt,
                        TrawlNode   *node,
                        const char  *format,
                        ...)
{
  va_list args;
  char *more;

  if (node == NULL || !pkt->want_tree || pkt->field_mask != NULL)
    return;
  va_start (args, format);
  more = trawl_arena_vprintf (pkt->arena, format, args);
  va_end (args);
  if (node->suffix)
    node->suffix = trawl_arena_printf (pkt->arena, "%s%s", node->suffix, more);
  else
    node->suffix = more;
}

void
trawl_node_set_flags (TrawlNode *node,
                      guint8     flags)
{
  if (node)
    node->flags |= flags;
}

void
trawl_node_set_len (TrawlNode *node,
                    guint32    len)
{
  if (node)
    node->len = len;
}

TrawlNode *
trawl_node_find (TrawlNode *node,
                 int        id)
{
  if (node == NULL)
    return NULL;
  for (TrawlNode *c = node->first_child; c != NULL; c = c->next)
    {
      TrawlNode *hit;
      if (c->field && c->field->id == id)
        return c;
      hit = trawl_node_find (c, id);
      if (hit)
        return hit;
    }
  return NULL;
}
