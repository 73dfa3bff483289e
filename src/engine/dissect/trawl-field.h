/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-field.h: field definitions and the one registry of them
 *
 * Every field the engine can put in a dissection tree is described once
 * here: its Wireshark name (`tcp.srcport`), type, display base, value
 * names and description.  The display-filter checker, the GUI's completion
 * and tooltips, and `trawl-cli -G fields` all read the same registry.
 *
 * Dissectors declare a static `int hf_x = -1` per field and an array of
 * TrawlFieldDef; trawl_field_register() fills in the ids.  The registry is
 * written once at start-up (trawl_dissectors_init()) and only read after,
 * so any thread may use it.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  TRAWL_FT_NONE,          /* a text-only node: no value */
  TRAWL_FT_PROTOCOL,
  TRAWL_FT_BOOLEAN,
  TRAWL_FT_CHAR,
  TRAWL_FT_UINT8,
  TRAWL_FT_UINT16,
  TRAWL_FT_UINT24,
  TRAWL_FT_UINT32,
  TRAWL_FT_UINT48,
  TRAWL_FT_UINT64,
  TRAWL_FT_INT8,
  TRAWL_FT_INT16,
  TRAWL_FT_INT32,
  TRAWL_FT_INT64,
  TRAWL_FT_FLOAT,
  TRAWL_FT_DOUBLE,
  TRAWL_FT_ABSOLUTE_TIME,
  TRAWL_FT_RELATIVE_TIME,
  TRAWL_FT_STRING,
  TRAWL_FT_STRINGZ,
  TRAWL_FT_BYTES,
  TRAWL_FT_ETHER,
  TRAWL_FT_IPv4,
  TRAWL_FT_IPv6,
  TRAWL_FT_FRAMENUM,
  TRAWL_FT_N_TYPES
} TrawlFieldType;

typedef enum
{
  TRAWL_BASE_NONE,
  TRAWL_BASE_DEC,
  TRAWL_BASE_HEX,
  TRAWL_BASE_OCT,
  TRAWL_BASE_DEC_HEX,
  TRAWL_BASE_HEX_DEC,
  TRAWL_BASE_PT_TCP,      /* a TCP port: decimal */
  TRAWL_BASE_PT_UDP,      /* a UDP port: decimal */
  TRAWL_BASE_UTC,         /* absolute time shown in UTC */
  TRAWL_BASE_LOCAL,       /* absolute time shown in local time */
  TRAWL_BASE_SHOW_ASCII,  /* bytes: also shown as text when printable */
  TRAWL_BASE_SEP_COLON,   /* bytes: hex pairs joined by ':' (02:00:fd:00:07:01) */
} TrawlFieldBase;

/* A flag or'ed into the base of an FT_BYTES field (Wireshark's
 * BASE_ALLOW_ZERO): an empty value reads "<none>" instead of
 * "<MISSING>", in tree lines and in -T fields alike. */
#define TRAWL_BASE_ALLOW_ZERO 0x1000
/* The base without its flags. */
#define TRAWL_BASE_DISPLAY(base) ((base) & ~TRAWL_BASE_ALLOW_ZERO)

/* Value names: { value, name }, ending with { 0, NULL }. */
typedef struct
{
  guint64     value;
  const char *name;
} TrawlValueName;

/* Value ranges: { low, high, name }, ending with { 0, 0, NULL }. */
typedef struct
{
  guint64     low;
  guint64     high;
  const char *name;
} TrawlRangeName;

/* True/false strings for booleans ("Set"/"Not set" when NULL). */
typedef struct
{
  const char *true_string;
  const char *false_string;
} TrawlTrueFalse;

typedef struct _TrawlField TrawlField;

/* What a dissector writes: everything but the id. */
typedef struct
{
  int                  *id;        /* filled in at registration */
  const char           *abbrev;    /* "tcp.srcport" */
  const char           *name;      /* "Source Port" (N_() marked) */
  TrawlFieldType        type;
  int                   base;      /* TrawlFieldBase, or bit width for FT_BOOLEAN */
  const TrawlValueName *vals;      /* optional */
  guint64               bitmask;   /* 0 for none */
  const char           *blurb;     /* description, optional */
  const TrawlRangeName *ranges;    /* optional */
  const TrawlTrueFalse *tfs;       /* optional, for booleans */
} TrawlFieldDef;

struct _TrawlField
{
  int                   id;
  const char           *abbrev;
  const char           *name;
  TrawlFieldType        type;
  int                   base;
  const TrawlValueName *vals;
  const TrawlRangeName *ranges;
  const TrawlTrueFalse *tfs;
  guint64               bitmask;
  guint                 bitshift;  /* trailing zero bits of bitmask */
  const char           *blurb;
  int                   proto_id;  /* id of the protocol field it belongs to */
};

/* Register a protocol (a field of type FT_PROTOCOL named @abbrev) and
 * returns its id. */
int                trawl_proto_register        (const char          *abbrev,
                                                const char          *name,
                                                const char          *short_name);
/* Register @n fields of protocol @proto_id. */
void               trawl_field_register        (int                  proto_id,
                                                const TrawlFieldDef *defs,
                                                guint                n);

const TrawlField  *trawl_field_get             (int                  id);
const TrawlField  *trawl_field_lookup          (const char          *abbrev);
guint              trawl_field_count           (void);
/* Short display name of a protocol ("TCP"), for the Protocol column. */
const char        *trawl_proto_short_name      (int                  proto_id);

const char        *trawl_field_type_name       (TrawlFieldType       type);  /* "FT_UINT16" */
const char        *trawl_field_base_name       (const TrawlField    *field); /* "BASE_DEC" */
gboolean           trawl_field_type_is_integer (TrawlFieldType       type);
gboolean           trawl_field_type_is_signed  (TrawlFieldType       type);
/* Width in bits of an integer type (8 for UINT8 ...), 0 otherwise. */
guint              trawl_field_type_bits       (TrawlFieldType       type);

const char        *trawl_value_name_lookup     (const TrawlValueName *vals,
                                                guint64               value);
const char        *trawl_range_name_lookup     (const TrawlRangeName *ranges,
                                                guint64               value);

/* Wireshark's proto_checksum_vals, for every *.checksum.status field:
 * 0 Bad, 1 Good, 2 Unverified, 3 Not present, 4 Illegal. */
extern const TrawlValueName trawl_checksum_status_vals[];

/* Names of fields at edit distance <= @max from @abbrev (for "did you
 * mean"); returns a NULL-terminated array to free with g_free (strings are
 * owned by the registry). */
const char       **trawl_field_suggest         (const char          *abbrev,
                                                guint                max_results);

G_END_DECLS
