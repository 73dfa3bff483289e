/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-test-util.c: dissect bytes or a capture's frame in a unit test */
#include "config.h"

#include "trawl-test-util.h"

TrawlTestDissection *
trawl_test_dissection_new (void)
{
  TrawlTestDissection *t = g_new0 (TrawlTestDissection, 1);

  trawl_dissectors_init ();
  t->arena = trawl_arena_new ();
  trawl_packet_init (&t->pkt, t->arena);
  return t;
}

TrawlTestDissection *
trawl_test_dissect_bytes (const guint8 *data,
                          gsize         len,
                          guint32       linktype)
{
  TrawlTestDissection *t = trawl_test_dissection_new ();

  t->pkt.number = 1;
  t->pkt.data = data;
  t->pkt.caplen = (guint32) len;
  t->pkt.wirelen = (guint32) len;
  t->pkt.linktype = linktype;
  trawl_dissect_frame (&t->pkt);
  return t;
}

char *
trawl_test_capture_path (const char *name)
{
  const char *dir = g_getenv ("TRAWL_CAPTURES");

  if (dir == NULL)
    dir = "tests/captures";
  return g_build_filename (dir, name, NULL);
}

TrawlTestDissection *
trawl_test_open_capture (const char *name)
{
  TrawlTestDissection *t = trawl_test_dissection_new ();
  g_autofree char *path = trawl_test_capture_path (name);
  g_autoptr(GError) error = NULL;

  t->file = trawl_capture_file_load (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (t->file);
  t->analysis = trawl_analysis_run (t->file, NULL, &error);
  g_assert_no_error (error);
  return t;
}

void
trawl_test_dissect_frame (TrawlTestDissection *t,
                          guint32              number)
{
  g_assert_nonnull (t->file);
  g_assert_cmpuint (number, >=, 1);
  g_assert_cmpuint (number, <=, trawl_capture_file_get_n_frames (t->file));
  trawl_capture_file_fill_packet (t->file, number - 1, &t->pkt);
  t->pkt.analysis = t->analysis;
  trawl_packet_set_options (&t->pkt, &(TrawlDissectOptions) { .tree = TRUE, .columns = TRUE });
  trawl_dissect_frame (&t->pkt);
}

static void
collect (TrawlNode  *node,
         int         id,
         GPtrArray  *out)
{
  for (TrawlNode *c = node->first_child; c != NULL; c = c->next)
    {
      if (c->field && c->field->id == id)
        g_ptr_array_add (out, c);
      collect (c, id, out);
    }
}

TrawlNode *
trawl_test_find (TrawlTestDissection *t,
                 const char          *abbrev)
{
  const TrawlField *f = trawl_field_lookup (abbrev);

  g_assert_nonnull (f);
  return trawl_node_find (t->pkt.root, f->id);
}

char *
trawl_test_field_values (TrawlTestDissection *t,
                         const char          *abbrev)
{
  const TrawlField *f = trawl_field_lookup (abbrev);
  g_autoptr(GPtrArray) nodes = g_ptr_array_new ();
  GString *s;

  g_assert_nonnull (f);
  collect (t->pkt.root, f->id, nodes);
  if (nodes->len == 0)
    return NULL;
  s = g_string_new (NULL);
  for (guint i = 0; i < nodes->len; i++)
    {
      if (i > 0)
        g_string_append_c (s, ',');
      trawl_format_field_value (g_ptr_array_index (nodes, i), s);
    }
  return g_string_free (s, FALSE);
}

void
trawl_test_dissection_free (TrawlTestDissection *t)
{
  if (t == NULL)
    return;
  trawl_packet_clear (&t->pkt);
  trawl_arena_free (t->arena);
  if (t->analysis)
    trawl_analysis_free (t->analysis);
  g_clear_object (&t->file);
  g_free (t);
}
