/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-packet.h: one frame being dissected, and its field tree
 *
 * A TrawlPacket carries the frame's bytes and metadata in, and the field
 * tree, the summary columns and the per-layer facts (addresses, ports)
 * out.  Tree nodes and strings live in the packet's arena.
 *
 * When want_tree is FALSE (the analysis pass, or a summary line) the
 * trawl_tree_* functions still return nodes for protocol layers (so the
 * caller sees which protocols were present) but skip leaf fields, and
 * every trawl_node_* function accepts NULL, so dissectors never branch on
 * it.  Dissectors that compute text only for the tree can test
 * trawl_packet_tree_wanted().
 */
#pragma once

#include <glib.h>
#include <string.h>

#include "trawl-arena.h"
#include "trawl-cursor.h"
#include "trawl-field.h"
#include "trawl-printf.h"

G_BEGIN_DECLS

typedef struct _TrawlNode     TrawlNode;
typedef struct _TrawlPacket   TrawlPacket;
typedef struct _TrawlAnalysis TrawlAnalysis;
typedef struct _TrawlTcpInfo  TrawlTcpInfo;

/* How deep a dissection must go for the fields it is asked for. */
typedef enum
{
  TRAWL_DEPTH_ALL,        /* every layer */
  TRAWL_DEPTH_TRANSPORT,  /* TCP and UDP stop at their payload */
  TRAWL_DEPTH_FRAME,      /* the frame's own fields: no link layer */
} TrawlDepth;

typedef enum
{
  TRAWL_NODE_GENERATED = 1 << 0,  /* computed, not in the bytes: shown in [ ] */
  TRAWL_NODE_HIDDEN    = 1 << 1,  /* usable in filters and -T fields, not shown in trees */
  TRAWL_NODE_MALFORMED = 1 << 2,  /* this layer is damaged/truncated */
  TRAWL_NODE_EXPERT    = 1 << 3,  /* an expert-info text line */
  /* A bitfield node's label normally starts with its bit pattern
   * ("0100 .... = "), also when the dissector set its text; this flag
   * leaves the pattern out (tshark's "Flags: 0x002 (SYN)" line). */
  TRAWL_NODE_NO_BITS   = 1 << 4,
} TrawlNodeFlags;

typedef enum
{
  TRAWL_EXPERT_NONE,
  TRAWL_EXPERT_CHAT,
  TRAWL_EXPERT_NOTE,
  TRAWL_EXPERT_WARN,
  TRAWL_EXPERT_ERROR,
} TrawlExpertSeverity;

/* Wireshark's expert groups ("[Expert Info (Chat/Sequence): ...]"). */
typedef enum
{
  TRAWL_EXPERT_GROUP_NONE,      /* shown as Malformed for errors, else Protocol */
  TRAWL_EXPERT_GROUP_CHECKSUM,
  TRAWL_EXPERT_GROUP_SEQUENCE,
  TRAWL_EXPERT_GROUP_RESPONSE_CODE,
  TRAWL_EXPERT_GROUP_REQUEST_CODE,
  TRAWL_EXPERT_GROUP_UNDECODED,
  TRAWL_EXPERT_GROUP_REASSEMBLE,
  TRAWL_EXPERT_GROUP_MALFORMED,
  TRAWL_EXPERT_GROUP_PROTOCOL,
  TRAWL_EXPERT_GROUP_COMMENTS,
} TrawlExpertGroup;

/* Byte encodings for trawl_tree_add_item(). */
typedef enum
{
  TRAWL_ENC_BE = 0,
  TRAWL_ENC_LE = 1,
} TrawlEncoding;

struct _TrawlNode
{
  const TrawlField *field;  /* NULL for a text-only line */
  TrawlNode        *parent;
  TrawlNode        *first_child;
  TrawlNode        *last_child;
  TrawlNode        *next;
  guint32           start;  /* byte range in data source ds */
  guint32           len;
  guint8            ds;     /* 0: the frame; n: pkt->sources[n] */
  guint8            flags;  /* TrawlNodeFlags */
  guint8            severity; /* TrawlExpertSeverity for expert lines */
  guint8            group;    /* TrawlExpertGroup for expert lines */
  union
  {
    guint64 u;             /* unsigned ints, booleans (0/1), framenum, char, IPv4 (host order) */
    gint64  i;             /* signed ints; times in ns */
    double  d;             /* float, double */
    struct
    {
      const guint8 *p;     /* bytes, ether (6), IPv6 (16); strings: NUL-terminated */
      guint32       n;
    } b;
  } v;
  const char       *text;  /* full label overriding the default "Name: value", or NULL */
  const char       *suffix;/* appended to the default label (e.g. " (relative sequence number)") */
};

#define TRAWL_MAX_SOURCES 8

typedef struct
{
  const guint8 *data;
  guint32       len;
  const char   *name;      /* "Unmasked data", "Reassembled TCP" */
} TrawlDataSource;

typedef enum
{
  TRAWL_AT_NONE,
  TRAWL_AT_ETHER,
  TRAWL_AT_IPv4,
  TRAWL_AT_IPv6,
} TrawlAddressType;

typedef struct
{
  guint8 type;             /* TrawlAddressType */
  guint8 len;
  guint8 data[16];
} TrawlAddress;

typedef enum
{
  TRAWL_PT_NONE,
  TRAWL_PT_TCP,
  TRAWL_PT_UDP,
} TrawlPortType;

struct _TrawlPacket
{
  /* ---- in: the frame (set by the caller before trawl_dissect_frame) ---- */
  guint32        number;          /* 1-based frame number */
  const guint8  *data;
  guint32        caplen;
  guint32        wirelen;
  gint64         ts_ns;           /* absolute time, ns since the epoch */
  gint64         first_ts_ns;     /* time of frame 1 */
  gint64         prev_ts_ns;      /* time of the previous captured frame */
  gint64         prev_dis_ts_ns;  /* time of the previous displayed frame */
  guint32        linktype;        /* LINKTYPE_ value of the frame's interface */
  guint32        iface;           /* interface id */
  const char    *iface_name;      /* may be NULL */
  const char    *iface_descr;     /* may be NULL */
  guint32        section;         /* pcapng section, 1-based; 0 for pcap files */
  const char    *comment;         /* pcapng packet comment, may be NULL */
  guint32        file_offset;     /* where the record starts in the file (informational) */
  TrawlAnalysis *analysis;        /* cross-frame facts; may be NULL */
  gboolean       first_pass;      /* TRUE during the analysis pass: dissectors record facts */
  gboolean       want_tree;       /* build leaf fields */
  gboolean       want_columns;    /* fill the columns */
  const guint8  *field_mask;      /* with want_tree: make only these fields (bit per id), or NULL for all */
  guint          field_mask_bits; /* number of bits in field_mask */
  gboolean       no_protocols;    /* with want_columns: skip frame.protocols (a summary
                                   * line without colouring never reads it) */
  gboolean       no_forward_refs; /* tshark's single pass: show nothing that a later frame
                                   * taught (the reply to a request), even when the analysis knows it */
  guint32        skip_apps;       /* not the first pass: TrawlAppProto bits of application
                                   * protocols to claim without dissecting (a mask that
                                   * names none of their fields) */
  TrawlDepth     depth;           /* not the first pass: how deep the layers go
                                   * (trawl_field_mask_depth() of the field mask) */

  /* ---- out ---- */
  TrawlArena    *arena;
  TrawlNode     *root;            /* children are the protocol layers, first "frame" */
  TrawlDataSource sources[TRAWL_MAX_SOURCES];
  guint          n_sources;       /* 1 + extra sources; sources[0] is the frame */

  const char    *col_protocol;    /* short name of the highest layer */
  GString       *col_info;
  guint          col_fence;       /* Info text before this offset survives clear/set (trawl_col_set_fence) */
  char           col_src[64];     /* written at the end of trawl_dissect_frame () */
  char           col_dst[64];
  guint8         col_src_len;     /* strlen (col_src) */
  guint8         col_dst_len;
  /* Source and Destination as the deepest layer set them
   * (trawl_col_set_addresses): formatted once, after the last layer. */
  gboolean       col_addr_set;
  gint8          protocols_wanted;  /* -1: not decided yet this frame */
  /* Without a tree (the analysis pass, summary lines, the window's rows)
   * trawl_tree_add_protocol returns this one node for every layer:
   * nothing reads a tree that is not wanted, and a node per layer was a
   * tenth of the work of such a dissection. */
  TrawlNode      layer;
  TrawlAddress   col_addr_src, col_addr_dst;
  GString       *protocols;       /* frame.protocols: "eth:ethertype:ip:tcp" */
  gboolean       malformed;
  guint8         expert_max;      /* highest TrawlExpertSeverity */

  /* ---- between layers ---- */
  TrawlAddress   dl_src, dl_dst;  /* link layer */
  TrawlAddress   net_src, net_dst;/* network layer */
  guint16        srcport, dstport;
  guint8         ptype;           /* TrawlPortType */
  guint8         ip_proto;
  guint16        ip_depth;        /* how many IP layers so far (ICMP errors carry one) */
  TrawlTcpInfo  *tcp;             /* current TCP segment facts, or NULL */
  gboolean       in_error_pkt;    /* dissecting the packet inside an ICMP error */
  guint8         vlan_depth;      /* VLAN / 802.1ad tags so far */
  guint8         ip_ttl;          /* TTL / hop limit of the innermost IP header (ICMP's Info) */
  gboolean       ip_fragment;     /* the IP payload is a fragment (checksums can't be verified) */
};

/* How a frame is dissected: what the caller wants out of it.  Every
 * caller (the analysis pass, summary lines, trees, filters, -T fields,
 * the window's rows) says it with one of these instead of setting the
 * packet's mode fields one by one (trawl_packet_set_options). */
typedef struct
{
  gboolean      first_pass;      /* the analysis pass: dissectors record facts */
  gboolean      tree;            /* build leaf fields */
  gboolean      columns;         /* fill the summary columns */
  const guint8 *field_mask;      /* with tree: only these fields (bit per id), NULL: all */
  guint         field_mask_bits;
  TrawlDepth    depth;           /* how deep the layers go (trawl_field_mask_depth ()) */
  guint32       skip_apps;       /* application protocols to claim without dissecting */
  gboolean      no_protocols;    /* with columns: skip frame.protocols */
  gboolean      no_forward_refs; /* show nothing a later frame taught (tshark's one pass) */
  gboolean      prev_displayed_set; /* prev_displayed_ns is the previous displayed frame's time */
  gint64        prev_displayed_ns;  /* ...otherwise it is the previous captured frame's */
} TrawlDissectOptions;

/* Set @pkt's mode fields from @opts (after the frame's input fields). */
static inline void
trawl_packet_set_options (TrawlPacket               *pkt,
                          const TrawlDissectOptions *opts)
{
  pkt->first_pass = opts->first_pass;
  pkt->want_tree = opts->tree;
  pkt->want_columns = opts->columns;
  pkt->field_mask = opts->field_mask;
  pkt->field_mask_bits = opts->field_mask_bits;
  pkt->depth = opts->depth;
  pkt->skip_apps = opts->skip_apps;
  pkt->no_protocols = opts->no_protocols;
  pkt->no_forward_refs = opts->no_forward_refs;
  if (opts->prev_displayed_set)
    pkt->prev_dis_ts_ns = opts->prev_displayed_ns;
}

/* Set up @pkt for repeated use with @arena.  trawl_packet_clear() frees
 * what init allocated (the GStrings), not the arena. */
void        trawl_packet_init          (TrawlPacket  *pkt,
                                        TrawlArena   *arena);
void        trawl_packet_clear         (TrawlPacket  *pkt);
/* Forget the previous dissection's output before the next frame. */
void        trawl_packet_reset_output  (TrawlPacket  *pkt);

static inline gboolean
trawl_packet_tree_wanted (const TrawlPacket *pkt)
{
  return pkt->want_tree;
}

/* Whether node labels are wanted: a masked tree (a filter's fields,
 * -T fields) is never shown, so a dissector need not format them. */
static inline gboolean
trawl_packet_labels_wanted (const TrawlPacket *pkt)
{
  return pkt->want_tree && pkt->field_mask == NULL;
}


/* Whether this dissection lists its protocols (frame.protocols): for
 * columns, a whole tree or a mask that names it. */
gboolean    trawl_packet_protocols_wanted (TrawlPacket *pkt);

/* Add an extra data source (unmasked or reassembled bytes); returns its
 * index for TrawlCursor.ds, or 0 if the table is full. */
guint8      trawl_packet_add_source    (TrawlPacket  *pkt,
                                        const guint8 *data,
                                        guint32       len,
                                        const char   *name);

/* ---- columns ---- */

/* g_string_append_len() without the call when the text fits, which is
 * nearly always for column text (GLib 2.74 has no inline fast path). */
static inline void
trawl_string_append_len (GString    *s,
                         const char *text,
                         gsize       len)
{
  if (G_LIKELY (s->len + len < s->allocated_len))
    {
      memcpy (s->str + s->len, text, len);
      s->len += len;
      s->str[s->len] = '\0';
    }
  else
    g_string_append_len (s, text, (gssize) len);
}

void        trawl_col_set_protocol     (TrawlPacket  *pkt,
                                        const char   *proto);
/* Clearing and setting Info keep the text before the fence. */
void        trawl_col_clear_info       (TrawlPacket  *pkt);
void        trawl_col_set_info         (TrawlPacket  *pkt,
                                        const char   *format,
                                        ...) G_GNUC_PRINTF (2, 3);
void        trawl_col_append_info      (TrawlPacket  *pkt,
                                        const char   *format,
                                        ...) G_GNUC_PRINTF (2, 3);
/* Append with a separator if info is not empty (Wireshark's col_append_sep_fstr). */
void        trawl_col_append_sep_info  (TrawlPacket  *pkt,
                                        const char   *sep,
                                        const char   *format,
                                        ...) G_GNUC_PRINTF (3, 4);
/* A fence (Wireshark's col_set_fence): what Info holds now stays when a
 * higher layer clears or sets it; appending still appends. */
void        trawl_col_set_fence        (TrawlPacket  *pkt);
/* Put @str in front of Info and the fence after it (or move the fence
 * by its length): TCP's "[TCP Retransmission] " prefix outlives the
 * Info of the protocol above (Wireshark's col_prepend_fence_fstr). */
void        trawl_col_prepend_fence_str (TrawlPacket *pkt,
                                        const char   *str);
/* Fast appenders for the hottest Info texts (no printf): a string, and
 * an unsigned integer in decimal.  Like the others, no-ops when
 * !pkt->want_columns. */

static inline void
trawl_col_append_str (TrawlPacket *pkt,
                      const char  *str)
{
  /* inline: strlen of a literal is known when compiling */
  if (pkt->want_columns)
    trawl_string_append_len (pkt->col_info, str, strlen (str));
}

static inline void
trawl_col_append_uint (TrawlPacket *pkt,
                       guint64      value)
{
  char buf[24];

  if (pkt->want_columns)
    trawl_string_append_len (pkt->col_info, buf, (gsize) (trawl_format_uint (buf, value) - buf));
}
void        trawl_col_set_addresses    (TrawlPacket  *pkt,
                                        const TrawlAddress *src,
                                        const TrawlAddress *dst);
/* Writes col_src/col_dst from the last trawl_col_set_addresses (); the
 * frame dissector calls it after the last layer. */
void        trawl_col_finish_addresses (TrawlPacket  *pkt);
/* Format an address as text ("127.0.0.1", "::1", "00:11:22:33:44:55");
 * returns its length. */
gsize       trawl_address_to_string    (const TrawlAddress *addr,
                                        char         *buf,
                                        gsize         size);
void        trawl_address_set          (TrawlAddress *addr,
                                        TrawlAddressType type,
                                        const guint8 *data);

/* ---- the tree ----
 * All add functions take the range in the cursor's window (relative
 * offset @off and length @len) and return the new node, or NULL when the
 * tree is not wanted (protocol nodes are always made) or @parent is NULL
 * while the tree is wanted.  A range outside the window is clipped and the
 * node flagged malformed. */
TrawlNode  *trawl_tree_add_protocol    (TrawlPacket  *pkt,
                                        TrawlNode    *parent,
                                        int           proto_id,
                                        TrawlCursor  *cur,
                                        guint32       off,
                                        guint32       len);
/* Would a trawl_tree_add_* of field @id under @parent make a node?  For
 * a dissector that must compute a value (format text) before adding it.
 * With a field mask (a display filter's fields), only those fields are
 * made, and they hang under the root when their parent was not made: a
 * filter needs the values, not the shape.  Text lines (id < 0) are
 * skipped. */
static inline gboolean
trawl_packet_field_wanted (const TrawlPacket *pkt,
                           const TrawlNode   *parent,
                           int                id)
{
  if (!pkt->want_tree)
    return FALSE;
  if (pkt->field_mask == NULL)
    return parent != NULL;
  return id >= 0 && (guint) id < pkt->field_mask_bits &&
         (pkt->field_mask[id >> 3] & (1u << (id & 7))) != 0;
}

/* Read the value from the bytes as the field's type says (integers of
 * their width, booleans and bitfields through the mask, addresses, bytes,
 * strings of @len bytes). */
TrawlNode  *trawl_tree_add_item_leaf   (TrawlPacket  *pkt,
                                        TrawlNode    *parent,
                                        int           id,
                                        TrawlCursor  *cur,
                                        guint32       off,
                                        guint32       len,
                                        TrawlEncoding enc);
/* Inline: the analysis pass makes no leaves, and a filter few: no call
 * for each of the others. */
static inline TrawlNode *
trawl_tree_add_item (TrawlPacket  *pkt,
                     TrawlNode    *parent,
                     int           id,
                     TrawlCursor  *cur,
                     guint32       off,
                     guint32       len,
                     TrawlEncoding enc)
{
  if (!trawl_packet_field_wanted (pkt, parent, id))
    return NULL;
  return trawl_tree_add_item_leaf (pkt, parent, id, cur, off, len, enc);
}

TrawlNode  *trawl_tree_add_uint_leaf   (TrawlPacket  *pkt,
                                        TrawlNode    *parent,
                                        int           id,
                                        TrawlCursor  *cur,
                                        guint32       off,
                                        guint32       len,
                                        guint64       value);
static inline TrawlNode *
trawl_tree_add_uint (TrawlPacket  *pkt,
                     TrawlNode    *parent,
                     int           id,
                     TrawlCursor  *cur,
                     guint32       off,
                     guint32       len,
                     guint64       value)
{
  if (!trawl_packet_field_wanted (pkt, parent, id))
    return NULL;
  return trawl_tree_add_uint_leaf (pkt, parent, id, cur, off, len, value);
}

TrawlNode  *trawl_tree_add_int         (TrawlPacket  *pkt,
                                        TrawlNode    *parent,
                                        int           id,
                                        TrawlCursor  *cur,
                                        guint32       off,
                                        guint32       len,
                                        gint64        value);
TrawlNode  *trawl_tree_add_boolean_leaf (TrawlPacket  *pkt,
                                        TrawlNode    *parent,
                                        int           id,
                                        TrawlCursor  *cur,
                                        guint32       off,
                                        guint32       len,
                                        guint64       value);
static inline TrawlNode *
trawl_tree_add_boolean (TrawlPacket  *pkt,
                        TrawlNode    *parent,
                        int           id,
                        TrawlCursor  *cur,
                        guint32       off,
                        guint32       len,
                        guint64       value)
{
  if (!trawl_packet_field_wanted (pkt, parent, id))
    return NULL;
  return trawl_tree_add_boolean_leaf (pkt, parent, id, cur, off, len, value);
}

TrawlNode  *trawl_tree_add_double      (TrawlPacket  *pkt,
                                        TrawlNode    *parent,
                                        int           id,
                                        TrawlCursor  *cur,
                                        guint32       off,
                                        guint32       len,
                                        double        value);
/* Times in ns (absolute: since the epoch; relative: a duration). */
TrawlNode  *trawl_tree_add_time        (TrawlPacket  *pkt,
                                        TrawlNode    *parent,
                                        int           id,
                                        TrawlCursor  *cur,
                                        guint32       off,
                                        guint32       len,
                                        gint64        ns);
/* Strings are copied into the arena (NUL-terminated). */
TrawlNode  *trawl_tree_add_string      (TrawlPacket  *pkt,
                                        TrawlNode    *parent,
                                        int           id,
                                        TrawlCursor  *cur,
                                        guint32       off,
                                        guint32       len,
                                        const char   *str,
                                        gssize        str_len);
/* Bytes, ether and IPv6 values point at @value (copied into the arena). */
TrawlNode  *trawl_tree_add_bytes       (TrawlPacket  *pkt,
                                        TrawlNode    *parent,
                                        int           id,
                                        TrawlCursor  *cur,
                                        guint32       off,
                                        guint32       len,
                                        const guint8 *value,
                                        guint32       value_len);
TrawlNode  *trawl_tree_add_ipv4        (TrawlPacket  *pkt,
                                        TrawlNode    *parent,
                                        int           id,
                                        TrawlCursor  *cur,
                                        guint32       off,
                                        guint32       len,
                                        guint32       addr_host_order);
/* A text-only line ("Options: (12 bytes), Maximum segment size, ..."). */
TrawlNode  *trawl_tree_add_text        (TrawlPacket  *pkt,
                                        TrawlNode    *parent,
                                        TrawlCursor  *cur,
                                        guint32       off,
                                        guint32       len,
                                        const char   *format,
                                        ...) G_GNUC_PRINTF (6, 7);
/* An expert-info line under @parent ("[Expert Info (Chat/Sequence): ...]"):
 * also raises pkt->expert_max and, for errors, marks the packet malformed. */
TrawlNode  *trawl_tree_add_expert      (TrawlPacket  *pkt,
                                        TrawlNode    *parent,
                                        TrawlExpertSeverity severity,
                                        const char   *format,
                                        ...) G_GNUC_PRINTF (4, 5);
/* Mark @layer (a protocol node) as truncated/malformed: adds Wireshark's
 * "[Malformed Packet: PROTO]" line and sets pkt->malformed. */
void        trawl_tree_mark_malformed  (TrawlPacket  *pkt,
                                        TrawlNode    *layer,
                                        const char   *proto_short_name);

/* Node helpers, all NULL-safe. */
void        trawl_node_set_text        (TrawlPacket  *pkt,
                                        TrawlNode    *node,
                                        const char   *format,
                                        ...) G_GNUC_PRINTF (3, 4);
void        trawl_node_append_text     (TrawlPacket  *pkt,
                                        TrawlNode    *node,
                                        const char   *format,
                                        ...) G_GNUC_PRINTF (3, 4);
/* Labels are made for shown trees only: skip the call, and the arguments
 * (often formatted text), when they are not. */
#define trawl_node_set_text(pkt, ...) \
  (trawl_packet_labels_wanted (pkt) ? trawl_node_set_text (pkt, __VA_ARGS__) : (void) 0)
#define trawl_node_append_text(pkt, ...) \
  (trawl_packet_labels_wanted (pkt) ? trawl_node_append_text (pkt, __VA_ARGS__) : (void) 0)
void        trawl_node_set_flags       (TrawlNode    *node,
                                        guint8        flags);
void        trawl_node_set_len         (TrawlNode    *node,
                                        guint32       len);

static inline void
trawl_node_set_expert_group (TrawlNode        *node,
                             TrawlExpertGroup  group)
{
  if (node)
    node->group = (guint8) group;
}

/* Walk: first node of field @id in the subtree of @node (depth first). */
TrawlNode  *trawl_node_find            (TrawlNode    *node,
                                        int           id);

G_END_DECLS
