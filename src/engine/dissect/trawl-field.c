/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-field.c: the field registry */
#include "config.h"

#include <string.h>

#include "trawl-field.h"

static GPtrArray  *fields;       /* TrawlField*, index = id */
static GHashTable *by_abbrev;    /* const char* -> TrawlField* */
static GHashTable *short_names;  /* GINT_TO_POINTER(proto id) -> const char* */

static void
ensure_tables (void)
{
  if (fields != NULL)
    return;
  fields = g_ptr_array_new ();
  by_abbrev = g_hash_table_new (g_str_hash, g_str_equal);
  short_names = g_hash_table_new (NULL, NULL);
}

static TrawlField *
add_field (const char     *abbrev,
           const char     *name,
           TrawlFieldType  type,
           int             base,
           int             proto_id)
{
  TrawlField *f;

  ensure_tables ();
  if (g_hash_table_lookup (by_abbrev, abbrev) != NULL)
    g_error ("field %s registered twice", abbrev);

  f = g_new0 (TrawlField, 1);
  f->id = (int) fields->len;
  f->abbrev = abbrev;
  f->name = name;
  f->type = type;
  f->base = base;
  f->proto_id = proto_id < 0 ? f->id : proto_id;
  g_ptr_array_add (fields, f);
  g_hash_table_insert (by_abbrev, (gpointer) abbrev, f);
  return f;
}

int
trawl_proto_register (const char *abbrev,
                      const char *name,
                      const char *short_name)
{
  TrawlField *f;

  g_return_val_if_fail (abbrev != NULL, -1);

  f = add_field (abbrev, name, TRAWL_FT_PROTOCOL, TRAWL_BASE_NONE, -1);
  g_hash_table_insert (short_names, GINT_TO_POINTER (f->id), (gpointer) short_name);
  return f->id;
}

void
trawl_field_register (int                  proto_id,
                      const TrawlFieldDef *defs,
                      guint                n)
{
  g_return_if_fail (defs != NULL || n == 0);

  for (guint i = 0; i < n; i++)
    {
      const TrawlFieldDef *d = &defs[i];
      TrawlField *f = add_field (d->abbrev, d->name, d->type, d->base, proto_id);

      f->vals = d->vals;
      f->ranges = d->ranges;
      f->tfs = d->tfs;
      f->bitmask = d->bitmask;
      f->bitshift = d->bitmask ? (guint) __builtin_ctzll (d->bitmask) : 0;
      f->blurb = d->blurb;
      if (d->id != NULL)
        *d->id = f->id;
    }
}

const TrawlField *
trawl_field_get (int id)
{
  if (fields == NULL || id < 0 || (guint) id >= fields->len)
    return NULL;
  return g_ptr_array_index (fields, id);
}

const TrawlField *
trawl_field_lookup (const char *abbrev)
{
  g_return_val_if_fail (abbrev != NULL, NULL);

  if (by_abbrev == NULL)
    return NULL;
  return g_hash_table_lookup (by_abbrev, abbrev);
}

guint
trawl_field_count (void)
{
  return fields ? fields->len : 0;
}

const char *
trawl_proto_short_name (int proto_id)
{
  const char *s;

  if (short_names == NULL)
    return NULL;
  s = g_hash_table_lookup (short_names, GINT_TO_POINTER (proto_id));
  if (s == NULL)
    {
      const TrawlField *f = trawl_field_get (proto_id);
      return f ? f->abbrev : NULL;
    }
  return s;
}

static const char *type_names[TRAWL_FT_N_TYPES] = {
  [TRAWL_FT_NONE] = "FT_NONE",
  [TRAWL_FT_PROTOCOL] = "FT_PROTOCOL",
  [TRAWL_FT_BOOLEAN] = "FT_BOOLEAN",
  [TRAWL_FT_CHAR] = "FT_CHAR",
  [TRAWL_FT_UINT8] = "FT_UINT8",
  [TRAWL_FT_UINT16] = "FT_UINT16",
  [TRAWL_FT_UINT24] = "FT_UINT24",
  [TRAWL_FT_UINT32] = "FT_UINT32",
  [TRAWL_FT_UINT48] = "FT_UINT48",
  [TRAWL_FT_UINT64] = "FT_UINT64",
  [TRAWL_FT_INT8] = "FT_INT8",
  [TRAWL_FT_INT16] = "FT_INT16",
  [TRAWL_FT_INT32] = "FT_INT32",
  [TRAWL_FT_INT64] = "FT_INT64",
  [TRAWL_FT_FLOAT] = "FT_FLOAT",
  [TRAWL_FT_DOUBLE] = "FT_DOUBLE",
  [TRAWL_FT_ABSOLUTE_TIME] = "FT_ABSOLUTE_TIME",
  [TRAWL_FT_RELATIVE_TIME] = "FT_RELATIVE_TIME",
  [TRAWL_FT_STRING] = "FT_STRING",
  [TRAWL_FT_STRINGZ] = "FT_STRINGZ",
  [TRAWL_FT_BYTES] = "FT_BYTES",
  [TRAWL_FT_ETHER] = "FT_ETHER",
  [TRAWL_FT_IPv4] = "FT_IPv4",
  [TRAWL_FT_IPv6] = "FT_IPv6",
  [TRAWL_FT_FRAMENUM] = "FT_FRAMENUM",
};

const char *
trawl_field_type_name (TrawlFieldType type)
{
  if (type >= TRAWL_FT_N_TYPES)
    return "FT_NONE";
  return type_names[type];
}

const char *
trawl_field_base_name (const TrawlField *field)
{
  static const char *names[] = {
    [TRAWL_BASE_NONE] = "BASE_NONE",
    [TRAWL_BASE_DEC] = "BASE_DEC",
    [TRAWL_BASE_HEX] = "BASE_HEX",
    [TRAWL_BASE_OCT] = "BASE_OCT",
    [TRAWL_BASE_DEC_HEX] = "BASE_DEC_HEX",
    [TRAWL_BASE_HEX_DEC] = "BASE_HEX_DEC",
    [TRAWL_BASE_PT_TCP] = "BASE_PT_TCP",
    [TRAWL_BASE_PT_UDP] = "BASE_PT_UDP",
    [TRAWL_BASE_UTC] = "ABSOLUTE_TIME_UTC",
    [TRAWL_BASE_LOCAL] = "ABSOLUTE_TIME_LOCAL",
    [TRAWL_BASE_SHOW_ASCII] = "BASE_SHOW_ASCII_PRINTABLE",
  };

  g_return_val_if_fail (field != NULL, "");

  /* For booleans Wireshark prints the bit width of the parent field. */
  if (field->type == TRAWL_FT_BOOLEAN)
    {
      static char widths[65][4];
      int b = field->base;

      if (b <= 0 || b > 64)
        return "BASE_NONE";
      if (widths[b][0] == '\0')
        g_snprintf (widths[b], sizeof widths[b], "%d", b);
      return widths[b];
    }
  if (field->base < 0 || (gsize) field->base >= G_N_ELEMENTS (names))
    return "BASE_NONE";
  return names[field->base];
}

gboolean
trawl_field_type_is_integer (TrawlFieldType type)
{
  return (type >= TRAWL_FT_CHAR && type <= TRAWL_FT_INT64) || type == TRAWL_FT_FRAMENUM;
}

gboolean
trawl_field_type_is_signed (TrawlFieldType type)
{
  return type >= TRAWL_FT_INT8 && type <= TRAWL_FT_INT64;
}

guint
trawl_field_type_bits (TrawlFieldType type)
{
  switch (type)
    {
    case TRAWL_FT_CHAR:
    case TRAWL_FT_UINT8:
    case TRAWL_FT_INT8:
      return 8;
    case TRAWL_FT_UINT16:
    case TRAWL_FT_INT16:
      return 16;
    case TRAWL_FT_UINT24:
      return 24;
    case TRAWL_FT_UINT32:
    case TRAWL_FT_INT32:
    case TRAWL_FT_FRAMENUM:
      return 32;
    case TRAWL_FT_UINT48:
      return 48;
    case TRAWL_FT_UINT64:
    case TRAWL_FT_INT64:
      return 64;
    default:
      return 0;
    }
}

const char *
trawl_value_name_lookup (const TrawlValueName *vals,
                         guint64               value)
{
  if (vals == NULL)
    return NULL;
  for (; vals->name != NULL; vals++)
    if (vals->value == value)
      return vals->name;
  return NULL;
}

const TrawlValueName trawl_checksum_status_vals[] = {
  { 0, "Bad" },
  { 1, "Good" },
  { 2, "Unverified" },
  { 3, "Not present" },
  { 4, "Illegal" },
  { 0, NULL }
};

const char *
trawl_range_name_lookup (const TrawlRangeName *ranges,
                         guint64               value)
{
  if (ranges == NULL)
    return NULL;
  for (; ranges->name != NULL; ranges++)
    if (value >= ranges->low && value <= ranges->high)
      return ranges->name;
  return NULL;
}

/* Levenshtein distance of @a and @b, of lengths @la and @lb. */
static guint
edit_distance (const char *a,
               gsize       la,
               const char *b,
               gsize       lb)
{
  g_autofree guint *row = g_new (guint, lb + 1);

  for (gsize j = 0; j <= lb; j++)
    row[j] = (guint) j;
  for (gsize i = 1; i <= la; i++)
    {
      guint prev = row[0];
      row[0] = (guint) i;
      for (gsize j = 1; j <= lb; j++)
        {
          guint cur = row[j];
          guint cost = a[i - 1] == b[j - 1] ? 0 : 1;
          guint v = MIN (MIN (row[j] + 1, row[j - 1] + 1), prev + cost);
          row[j] = v;
          prev = cur;
        }
    }
  return row[lb];
}

typedef struct
{
  guint       dist;
  const char *abbrev;
} Suggestion;

static int
suggestion_cmp (gconstpointer a,
                gconstpointer b)
{
  const Suggestion *x = a, *y = b;
  if (x->dist != y->dist)
    return x->dist < y->dist ? -1 : 1;
  return strcmp (x->abbrev, y->abbrev);
}

const char **
trawl_field_suggest (const char *abbrev,
                     guint       max_results)
{
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (Suggestion));
  const char **out;
  gsize la, limit;

  g_return_val_if_fail (abbrev != NULL, NULL);

  la = strlen (abbrev);
  limit = MAX (2, la / 4);
  for (guint i = 0; fields != NULL && i < fields->len; i++)
    {
      const TrawlField *f = g_ptr_array_index (fields, i);
      gsize lb = strlen (f->abbrev);
      guint d;

      /* The distance is at least the difference of the lengths: a name
       * far longer than any field (a pasted megabyte) costs nothing here,
       * where the full comparison took la * lb steps per field. */
      if (la > lb + limit || lb > la + limit)
        continue;
      d = edit_distance (abbrev, la, f->abbrev, lb);
      if (d <= limit)
        {
          Suggestion s = { d, f->abbrev };
          g_array_append_val (found, s);
        }
    }
  g_array_sort (found, suggestion_cmp);
  out = g_new0 (const char *, MIN (found->len, max_results) + 1);
  for (guint i = 0; i < found->len && i < max_results; i++)
    out[i] = g_array_index (found, Suggestion, i).abbrev;
  return out;
}
