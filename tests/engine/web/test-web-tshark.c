/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-web-tshark.c: HTTP, WebSocket and TLS on real payloads, compared
 * with tshark's values (expected/ and payloads/ come from
 * make-expected.sh; cases.txt lists the fields).  Each case dissects one
 * TCP payload through the entry TCP would use: the heuristics, a port
 * table entry, or the WebSocket stream dissector. */
#include "config.h"

#include <string.h>

#include "trawl-test-util.h"

gboolean trawl_websocket_dissect (TrawlPacket *pkt,
                                  TrawlCursor *cur,
                                  TrawlNode   *parent);

typedef struct
{
  char  *name;
  char  *entry;
  char **fields;
} Case;

static char *
data_path (const char *sub,
           const char *name)
{
  return g_build_filename (g_getenv ("TRAWL_WEB_DATA"), sub, name, NULL);
}

static GBytes *
read_hex (const char *name)
{
  g_autofree char *file = g_strconcat (name, ".hex", NULL);
  g_autofree char *path = data_path ("payloads", file);
  g_autofree char *text = NULL;
  GByteArray *out = g_byte_array_new ();
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  for (const char *p = text; g_ascii_isxdigit (p[0]) && g_ascii_isxdigit (p[1]); p += 2)
    {
      guint8 b = (guint8) (g_ascii_xdigit_value (p[0]) << 4 | g_ascii_xdigit_value (p[1]));
      g_byte_array_append (out, &b, 1);
    }
  return g_byte_array_free_to_bytes (out);
}

static TrawlTestDissection *
dissect_payload (GBytes     *bytes,
                 const char *entry)
{
  TrawlTestDissection *t = g_new0 (TrawlTestDissection, 1);
  TrawlCursor cur;
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  gboolean took = FALSE;

  trawl_dissectors_init ();
  t->arena = trawl_arena_new ();
  trawl_packet_init (&t->pkt, t->arena);
  t->pkt.number = 1;
  t->pkt.data = data;
  t->pkt.caplen = t->pkt.wirelen = (guint32) len;
  trawl_packet_reset_output (&t->pkt);
  trawl_cursor_init (&cur, data, (guint32) len);
  if (strcmp (entry, "heur") == 0)
    took = trawl_heuristic_try (TRAWL_HEUR_TCP, &t->pkt, &cur, t->pkt.root);
  else if (strcmp (entry, "port80") == 0)
    took = trawl_dissector_table_try (TRAWL_TABLE_TCP_PORT, 80, &t->pkt, &cur, t->pkt.root);
  else if (strcmp (entry, "port443") == 0)
    took = trawl_dissector_table_try (TRAWL_TABLE_TCP_PORT, 443, &t->pkt, &cur, t->pkt.root);
  else if (strcmp (entry, "ws") == 0)
    took = trawl_websocket_dissect (&t->pkt, &cur, t->pkt.root);
  g_assert_true (took);
  return t;
}

static char *
our_value (TrawlTestDissection *t,
           const char          *field)
{
  if (strcmp (field, "_ws.col.Info") == 0)
    return g_strdup (t->pkt.col_info->str);
  if (strcmp (field, "_ws.col.Protocol") == 0)
    return g_strdup (t->pkt.col_protocol);
  return trawl_test_field_values (t, field);
}

static void
run_case (gconstpointer data)
{
  const Case *c = data;
  g_autoptr(GBytes) bytes = read_hex (c->name);
  g_autofree char *file = g_strconcat (c->name, ".txt", NULL);
  g_autofree char *path = data_path ("expected", file);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  TrawlTestDissection *t = dissect_payload (bytes, c->entry);

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] && lines[i][0]; i++)
    {
      g_auto(GStrv) kv = g_strsplit (lines[i], "\t", 2);
      g_autofree char *ours = our_value (t, kv[0]);
      const char *want = kv[1] ? kv[1] : "";

      if (g_strcmp0 (ours ? ours : "", want) != 0)
        g_error ("%s: %s: trawl \"%s\", tshark \"%s\"", c->name, kv[0], ours ? ours : "(absent)", want);
    }
  trawl_test_dissection_free (t);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *cases_path = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;

  g_test_init (&argc, &argv, NULL);
  cases_path = g_build_filename (g_getenv ("TRAWL_WEB_DATA"), "cases.txt", NULL);
  g_file_get_contents (cases_path, &text, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_auto(GStrv) w = NULL;
      Case *c;
      g_autofree char *test_path = NULL;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      w = g_strsplit_set (lines[i], " ", -1);
      if (g_strv_length (w) < 5)
        continue;
      c = g_new0 (Case, 1);
      c->name = g_strdup (w[0]);
      c->entry = g_strdup (w[3]);
      test_path = g_strdup_printf ("/web/tshark/%s", c->name);
      g_test_add_data_func (test_path, c, run_case);
    }
  return g_test_run ();
}
