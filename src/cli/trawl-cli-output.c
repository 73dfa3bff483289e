/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-cli-output.c: tshark's text, hex, fields and JSON formats
 *
 * Layouts were matched byte for byte against tshark 4.0.17 on the
 * captures in tests/captures (tests/cli compares golden files).
 */
#include "config.h"

#include <string.h>
#include <time.h>

#include "dissect/trawl-format.h"
#include "trawl-cli-output.h"

/* ---- summary line ---- */

/* Write @len bytes of @s at @p, padded with spaces on the left (@right
 * FALSE) or the right to @width; returns the end. */
static inline char *
put_padded (char       *p,
            const char *s,
            gsize       len,
            gsize       width,
            gboolean    right)
{
  gsize pad = len < width ? width - len : 0;

  if (!right)
    {
      memset (p, ' ', pad);
      p += pad;
    }
  memcpy (p, s, len);
  p += len;
  if (right)
    {
      memset (p, ' ', pad);
      p += pad;
    }
  return p;
}

/* The summary line is written for every frame: no printf in it, and the
 * columns before Info are put together on the stack and appended at once. */
void
cli_print_summary (GString           *out,
                   const TrawlPacket *pkt,
                   guint              time_digits)
{
  /* 20 digits + 5 padding, time 32, addresses 2 x 64, arrow 5, protocol
   * (bounded below), length 20, separators */
  char line[320], num[24], tbuf[48], *p = line, *e;
  gint64 rel = pkt->ts_ns - pkt->first_ts_ns;
  guint64 a = rel < 0 ? (guint64) -rel : (guint64) rel;
  gsize proto_len = pkt->col_protocol ? strlen (pkt->col_protocol) : 0;

  /* tshark: No. right-aligned in 5, Time right-aligned in 10, Source
   * right-aligned and Destination left-aligned in 12, joined by " → ". */
  e = trawl_format_uint (num, pkt->number);
  p = put_padded (p, num, (gsize) (e - num), 5, FALSE);
  *p++ = ' ';

  e = tbuf;
  if (rel < 0)
    *e++ = '-';
  e = trawl_format_uint (e, a / 1000000000);
  if (time_digits > 0)
    {
      guint64 frac = a % 1000000000;

      for (guint i = time_digits; i < 9; i++)
        frac /= 10;
      *e++ = '.';
      for (guint i = time_digits; i > 0; i--)
        {
          e[i - 1] = (char) ('0' + frac % 10);
          frac /= 10;
        }
      e += time_digits;
    }
  p = put_padded (p, tbuf, (gsize) (e - tbuf), 10, FALSE);
  *p++ = ' ';

  p = put_padded (p, pkt->col_src, pkt->col_src_len, 12, FALSE);
  memcpy (p, " \xe2\x86\x92 ", 5);
  p += 5;
  p = put_padded (p, pkt->col_dst, pkt->col_dst_len, 12, TRUE);
  *p++ = ' ';
  if (proto_len > 64)
    {
      /* not from a dissector of ours: append it the slow way */
      trawl_string_append_len (out, line, (gsize) (p - line));
      trawl_string_append_len (out, pkt->col_protocol, proto_len);
      p = line;
    }
  else if (proto_len > 0)
    {
      memcpy (p, pkt->col_protocol, proto_len);
      p += proto_len;
    }
  *p++ = ' ';
  p = trawl_format_uint (p, pkt->wirelen);
  *p++ = ' ';
  trawl_string_append_len (out, line, (gsize) (p - line));
  trawl_string_append_len (out, pkt->col_info->str, pkt->col_info->len);
  trawl_string_append_len (out, "\n", 1);
}

/* ---- -V ---- */

static void
indent (GString *out,
        guint    depth)
{
  for (guint i = 0; i < depth; i++)
    g_string_append (out, "    ");
}

static void
print_node (GString         *out,
            const TrawlNode *node,
            guint            depth)
{
  for (const TrawlNode *n = node; n != NULL; n = n->next)
    {
      if (n->flags & TRAWL_NODE_HIDDEN)
        continue;
      indent (out, depth);
      trawl_format_node_line (n, out);
      g_string_append_c (out, '\n');
      if (n->flags & TRAWL_NODE_EXPERT)
        {
          /* tshark shows the message, severity and group under each one. */
          indent (out, depth + 1);
          g_string_append_printf (out, "[%s]\n", n->text ? n->text : "");
          indent (out, depth + 1);
          g_string_append_printf (out, "[Severity level: %s]\n",
                                  trawl_expert_severity_name (n->severity));
          indent (out, depth + 1);
          g_string_append_printf (out, "[Group: %s]\n", trawl_expert_group_name (n));
        }
      if (n->first_child)
        print_node (out, n->first_child, depth + 1);
    }
}

void
cli_print_tree (GString           *out,
                const TrawlPacket *pkt)
{
  if (pkt->root)
    print_node (out, pkt->root->first_child, 0);
  g_string_append_c (out, '\n');
}

/* ---- -x ---- */

static void
hex_source (GString      *out,
            const guint8 *data,
            guint32       len)
{
  static const char hexd[] = "0123456789abcdef";
  int width = len > 0xffff ? 8 : 4;

  for (guint32 off = 0; off < len; off += 16)
    {
      guint32 n = MIN (16, len - off);

      g_string_append_printf (out, "%0*x  ", width, off);
      for (guint32 i = 0; i < 16; i++)
        {
          if (i < n)
            {
              g_string_append_c (out, hexd[data[off + i] >> 4]);
              g_string_append_c (out, hexd[data[off + i] & 0xf]);
            }
          else
            g_string_append (out, "  ");
          if (i < 15)
            g_string_append_c (out, ' ');
        }
      g_string_append (out, "   ");
      for (guint32 i = 0; i < n; i++)
        {
          guint8 c = data[off + i];
          g_string_append_c (out, c >= 0x20 && c < 0x7f ? (char) c : '.');
        }
      g_string_append_c (out, '\n');
    }
}

void
cli_print_hex (GString           *out,
               const TrawlPacket *pkt)
{
  if (pkt->n_sources <= 1)
    hex_source (out, pkt->data, pkt->caplen);
  else
    for (guint s = 0; s < pkt->n_sources; s++)
      {
        const TrawlDataSource *ds = &pkt->sources[s];
        g_string_append_printf (out, "%s (%u byte%s):\n", ds->name ? ds->name : "Frame",
                                ds->len, ds->len == 1 ? "" : "s");
        hex_source (out, ds->data, ds->len);
      }
  g_string_append_c (out, '\n');
}

/* ---- -T fields ---- */

gboolean
cli_fields_init (CliFields *self,
                 GPtrArray *names,
                 GString   *bad)
{
  guint n = names->len;
  gboolean ok = TRUE;

  self->names = names;
  self->n_registry = trawl_field_count ();
  self->ids = g_new0 (int, n);
  self->next_col = g_new (int, n);
  self->col_of_field = g_new (int, self->n_registry);
  self->values = g_new0 (GString *, n);
  self->counts = g_new0 (guint, n);
  for (guint i = 0; i < self->n_registry; i++)
    self->col_of_field[i] = -1;

  for (guint c = 0; c < n; c++)
    {
      const TrawlField *f = trawl_field_lookup (g_ptr_array_index (names, c));

      self->values[c] = g_string_sized_new (64);
      self->next_col[c] = -1;
      if (f == NULL)
        {
          g_string_append_printf (bad, "\t%s\n", (const char *) g_ptr_array_index (names, c));
          ok = FALSE;
          self->ids[c] = -1;
          continue;
        }
      self->ids[c] = f->id;
      /* The same field may be asked for twice: chain the columns. */
      if (self->col_of_field[f->id] < 0)
        self->col_of_field[f->id] = (int) c;
      else
        {
          int last = self->col_of_field[f->id];
          while (self->next_col[last] >= 0)
            last = self->next_col[last];
          self->next_col[last] = (int) c;
        }
    }
  return ok;
}

void
cli_fields_clear (CliFields *self)
{
  if (self->values)
    for (guint c = 0; c < self->names->len; c++)
      g_string_free (self->values[c], TRUE);
  g_clear_pointer (&self->values, g_free);
  g_clear_pointer (&self->ids, g_free);
  g_clear_pointer (&self->next_col, g_free);
  g_clear_pointer (&self->col_of_field, g_free);
  g_clear_pointer (&self->counts, g_free);
}

void
cli_fields_worker_init (CliFields       *self,
                        const CliFields *proto)
{
  *self = *proto;
  self->values = NULL;
  self->counts = NULL;
  if (proto->names == NULL || proto->values == NULL)
    return;
  self->values = g_new0 (GString *, proto->names->len);
  self->counts = g_new0 (guint, proto->names->len);
  for (guint c = 0; c < proto->names->len; c++)
    self->values[c] = g_string_sized_new (64);
}

void
cli_fields_worker_clear (CliFields *self)
{
  if (self->values)
    for (guint c = 0; c < self->names->len; c++)
      g_string_free (self->values[c], TRUE);
  g_clear_pointer (&self->values, g_free);
  g_clear_pointer (&self->counts, g_free);
}

void
cli_fields_header (CliFields *self,
                   GString   *out)
{
  for (guint c = 0; c < self->names->len; c++)
    {
      if (c)
        g_string_append_c (out, self->separator);
      g_string_append (out, g_ptr_array_index (self->names, c));
    }
  g_string_append_c (out, '\n');
}

static void
collect (CliFields       *self,
         const TrawlNode *node)
{
  for (const TrawlNode *n = node; n != NULL; n = n->next)
    {
      if (n->field && (guint) n->field->id < self->n_registry)
        for (int c = self->col_of_field[n->field->id]; c >= 0; c = self->next_col[c])
          {
            GString *v = self->values[c];
            guint k = ++self->counts[c];

            if (self->occurrence == CLI_OCC_FIRST && k > 1)
              continue;
            if (self->occurrence > 0 && k != (guint) self->occurrence)
              continue;
            if (self->occurrence == CLI_OCC_LAST)
              g_string_truncate (v, 0);
            else if (self->occurrence == CLI_OCC_ALL && k > 1)
              g_string_append_c (v, self->aggregator);
            trawl_format_field_value (n, v);
          }
      if (n->first_child)
        collect (self, n->first_child);
    }
}

void
cli_fields_print (CliFields         *self,
                  GString           *out,
                  const TrawlPacket *pkt)
{
  guint n = self->names->len;

  for (guint c = 0; c < n; c++)
    {
      g_string_truncate (self->values[c], 0);
      self->counts[c] = 0;
    }
  if (pkt->root)
    collect (self, pkt->root->first_child);
  for (guint c = 0; c < n; c++)
    {
      gboolean present = self->counts[c] > 0 &&
        (self->occurrence <= 0 || self->counts[c] >= (guint) self->occurrence);

      if (c)
        g_string_append_c (out, self->separator);
      if (!present)
        continue;
      if (self->quote)
        g_string_append_c (out, self->quote);
      g_string_append_len (out, self->values[c]->str, self->values[c]->len);
      if (self->quote)
        g_string_append_c (out, self->quote);
    }
  g_string_append_c (out, '\n');
}

/* ---- -T json ---- */

static void
json_string (GString    *out,
             const char *s,
             gsize       len)
{
  g_string_append_c (out, '"');
  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar) s[i];
      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

static void
json_value (GString         *out,
            const TrawlNode *n,
            GString         *tmp)
{
  const TrawlField *f = n->field;

  g_string_truncate (tmp, 0);
  if (f->type == TRAWL_FT_STRING || f->type == TRAWL_FT_STRINGZ)
    {
      /* JSON carries the raw string, escaped the JSON way. */
      json_string (out, n->v.b.p ? (const char *) n->v.b.p : "", n->v.b.p ? n->v.b.n : 0);
      return;
    }
  if (f->type == TRAWL_FT_NONE)
    {
      g_string_append (out, "\"\"");
      return;
    }
  /* tshark's JSON writes bytes with colons, unlike -T fields. */
  if (f->type == TRAWL_FT_PROTOCOL || f->type == TRAWL_FT_BYTES)
    {
      if (n->v.b.p && n->v.b.n)
        for (guint32 i = 0; i < n->v.b.n; i++)
          g_string_append_printf (tmp, i ? ":%02x" : "%02x", n->v.b.p[i]);
    }
  else
    trawl_format_field_value (n, tmp);
  json_string (out, tmp->str, tmp->len);
}

static void json_children (GString *out, const TrawlNode *first, guint depth, GString *tmp);

/* tshark writes a protocol, and a node without a value that has children
 * (tcp.analysis, dns.opt), as the object of its children.  IP and TCP
 * options are protocols "in name only" in Wireshark, bytes-valued: they
 * keep their value and a _tree. */
static gboolean
json_is_object (const TrawlNode *n)
{
  if (n->field->type == TRAWL_FT_PROTOCOL)
    return strstr (n->field->abbrev, ".options.") == NULL;
  return n->field->type == TRAWL_FT_NONE && n->first_child != NULL;
}

static void
json_key_indent (GString *out,
                 guint    depth,
                 gboolean *first)
{
  if (!*first)
    g_string_append (out, ",\n");
  *first = FALSE;
  for (guint i = 0; i < depth; i++)
    g_string_append (out, "  ");
}

static void
json_object (GString         *out,
             const TrawlNode *first,
             guint            depth,
             GString         *tmp)
{
  g_string_append (out, "{\n");
  json_children (out, first, depth + 1, tmp);
  g_string_append_c (out, '\n');
  for (guint i = 0; i < depth; i++)
    g_string_append (out, "  ");
  g_string_append_c (out, '}');
}

static void
json_children (GString         *out,
               const TrawlNode *node,
               guint            depth,
               GString         *tmp)
{
  gboolean first = TRUE;
  g_autoptr(GString) label = g_string_new (NULL);

  for (const TrawlNode *n = node; n != NULL; n = n->next)
    {
      if (n->flags & TRAWL_NODE_EXPERT)
        {
          static const guint sev[] = { 0, 0x200000, 0x400000, 0x600000, 0x800000 };
          static const guint grp[] = { 0x09000000, 0x01000000, 0x02000000, 0x03000000, 0x04000000,
                                       0x05000000, 0x06000000, 0x07000000, 0x09000000, 0x0b000000 };
          json_key_indent (out, depth, &first);
          g_string_append (out, "\"_ws.expert\": {\n");
          for (guint i = 0; i <= depth; i++)
            g_string_append (out, "  ");
          g_string_append (out, "\"_ws.expert.message\": ");
          json_string (out, n->text ? n->text : "", n->text ? strlen (n->text) : 0);
          g_string_append (out, ",\n");
          for (guint i = 0; i <= depth; i++)
            g_string_append (out, "  ");
          g_string_append_printf (out, "\"_ws.expert.severity\": \"%u\",\n",
                                  sev[MIN (n->severity, G_N_ELEMENTS (sev) - 1)]);
          for (guint i = 0; i <= depth; i++)
            g_string_append (out, "  ");
          g_string_append_printf (out, "\"_ws.expert.group\": \"%u\"\n",
                                  n->group < G_N_ELEMENTS (grp)
                                    ? (n->group == 0 && n->severity >= TRAWL_EXPERT_ERROR ? 0x07000000 : grp[n->group])
                                    : 0x09000000);
          for (guint i = 0; i < depth; i++)
            g_string_append (out, "  ");
          g_string_append_c (out, '}');
          continue;
        }

      json_key_indent (out, depth, &first);
      if (n->field == NULL)
        {
          /* Text-only lines are keyed by their label. */
          g_string_truncate (label, 0);
          trawl_format_node_label (n, label);
          json_string (out, label->str, label->len);
          g_string_append (out, ": ");
          if (n->first_child)
            json_object (out, n->first_child, depth, tmp);
          else
            g_string_append (out, "\"\"");
          continue;
        }

      json_string (out, n->field->abbrev, strlen (n->field->abbrev));
      g_string_append (out, ": ");
      /* A node without a value that has children is the object itself
       * in tshark (tcp.analysis, dns.opt), not "" plus a _tree. */
      if (json_is_object (n))
        {
          if (n->first_child)
            json_object (out, n->first_child, depth, tmp);
          else if (n->field->type == TRAWL_FT_PROTOCOL)
            {
              /* a protocol without fields: its label ("raw": "Raw packet data") */
              g_string_truncate (label, 0);
              trawl_format_node_label (n, label);
              json_string (out, label->str, label->len);
            }
          else
            g_string_append (out, "\"\"");
          continue;
        }
      json_value (out, n, tmp);
      if (n->first_child)
        {
          g_string_append (out, ",\n");
          for (guint i = 0; i < depth; i++)
            g_string_append (out, "  ");
          g_string_append_printf (out, "\"%s_tree\": ", n->field->abbrev);
          json_object (out, n->first_child, depth, tmp);
        }
    }
}

void
cli_print_json (GString           *out,
                const TrawlPacket *pkt,
                gboolean           first)
{
  g_autoptr(GString) tmp = g_string_new (NULL);
  time_t secs = (time_t) (pkt->ts_ns / 1000000000);
  struct tm tm;
  char day[32] = "1970-01-01";

  if (localtime_r (&secs, &tm))
    strftime (day, sizeof day, "%Y-%m-%d", &tm);
  if (!first)
    g_string_append (out, ",\n");
  g_string_append (out, "  {\n");
  g_string_append_printf (out, "    \"_index\": \"packets-%s\",\n", day);
  g_string_append (out, "    \"_type\": \"doc\",\n");
  g_string_append (out, "    \"_score\": null,\n");
  g_string_append (out, "    \"_source\": {\n");
  g_string_append (out, "      \"layers\": ");
  if (pkt->root && pkt->root->first_child)
    json_object (out, pkt->root->first_child, 3, tmp);
  else
    g_string_append (out, "{\n      }");
  g_string_append (out, "\n    }\n  }");
}

/* ---- -G fields ---- */

void
cli_print_glossary (FILE *fp)
{
  guint n = trawl_field_count ();

  for (guint i = 0; i < n; i++)
    {
      const TrawlField *f = trawl_field_get ((int) i);
      const char *base = "";

      if (f == NULL)
        continue;
      if (f->type == TRAWL_FT_PROTOCOL && f->proto_id == f->id)
        {
          fprintf (fp, "P\t%s\t%s\n", f->name, f->abbrev);
          continue;
        }
      /* tshark 4.0 names the base only for integers and booleans. */
      if (f->type == TRAWL_FT_BOOLEAN)
        base = NULL;
      else if (trawl_field_type_is_integer (f->type) && f->type != TRAWL_FT_FRAMENUM)
        base = trawl_field_base_name (f);
      if (base == NULL)
        fprintf (fp, "F\t%s\t%s\t%s\t%s\t%d\t0x%" G_GINT64_MODIFIER "x\t%s\n",
                 f->name, f->abbrev, trawl_field_type_name (f->type),
                 trawl_field_get (f->proto_id) ? trawl_field_get (f->proto_id)->abbrev : "",
                 f->base, f->bitmask, f->blurb ? f->blurb : "");
      else
        fprintf (fp, "F\t%s\t%s\t%s\t%s\t%s\t0x%" G_GINT64_MODIFIER "x\t%s\n",
                 f->name, f->abbrev, trawl_field_type_name (f->type),
                 trawl_field_get (f->proto_id) ? trawl_field_get (f->proto_id)->abbrev : "",
                 base, f->bitmask, f->blurb ? f->blurb : "");
    }
}
