/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-detail-node.c: one line of the detail tree
 *
 * Wraps a node of the selected frame's field tree.  Labels are made once,
 * when GTK asks for the line (children only when their parent opens).
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dissect/trawl-format.h"
#include "trawl-detail-node.h"

struct _TrawlDetailNode
{
  GObject          parent_instance;
  TrawlDissection *dissection; /* what node points into; NULL for a text line */
  const TrawlNode *node;     /* NULL for a text line */
  char            *label;
  char            *key;
};

G_DEFINE_FINAL_TYPE (TrawlDetailNode, trawl_detail_node, G_TYPE_OBJECT)

static void
trawl_detail_node_finalize (GObject *object)
{
  TrawlDetailNode *self = TRAWL_DETAIL_NODE (object);

  g_free (self->label);
  g_free (self->key);
  g_clear_pointer (&self->dissection, trawl_dissection_unref);
  G_OBJECT_CLASS (trawl_detail_node_parent_class)->finalize (object);
}

static void
trawl_detail_node_class_init (TrawlDetailNodeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = trawl_detail_node_finalize;
}

static void
trawl_detail_node_init (TrawlDetailNode *self)
{
}

static char *
make_key (const char *parent_key,
          const char *name)
{
  return parent_key && *parent_key ? g_strconcat (parent_key, "/", name, NULL) : g_strdup (name);
}

TrawlDetailNode *
trawl_detail_node_new (TrawlDissection *dissection,
                       const TrawlNode *node,
                       const char      *parent_key)
{
  TrawlDetailNode *self;
  GString *label = g_string_new (NULL);
  g_autofree char *name = NULL;

  g_return_val_if_fail (dissection != NULL, NULL);
  g_return_val_if_fail (node != NULL, NULL);

  self = g_object_new (TRAWL_TYPE_DETAIL_NODE, NULL);
  self->dissection = trawl_dissection_ref (dissection);
  self->node = node;
  trawl_format_node_line (node, label);
  self->label = g_string_free (label, FALSE);
  if (node->field != NULL)
    name = g_strdup (node->field->abbrev);
  else
    {
      /* Text lines: the words before the value ("Options"). */
      const char *colon = strchr (self->label, ':');

      name = colon ? g_strndup (self->label, colon - self->label) : g_strdup (self->label);
    }
  self->key = make_key (parent_key, name);
  return self;
}

TrawlDetailNode *
trawl_detail_node_new_text (const char *text,
                            const char *parent_key)
{
  TrawlDetailNode *self = g_object_new (TRAWL_TYPE_DETAIL_NODE, NULL);

  self->label = g_strdup (text);
  self->key = make_key (parent_key, text);
  return self;
}

const TrawlNode *
trawl_detail_node_get_node (TrawlDetailNode *self)
{
  g_return_val_if_fail (TRAWL_IS_DETAIL_NODE (self), NULL);

  return self->node;
}

const char *
trawl_detail_node_get_label (TrawlDetailNode *self)
{
  g_return_val_if_fail (TRAWL_IS_DETAIL_NODE (self), "");

  return self->label;
}

const char *
trawl_detail_node_get_key (TrawlDetailNode *self)
{
  g_return_val_if_fail (TRAWL_IS_DETAIL_NODE (self), "");

  return self->key;
}

const char *
trawl_detail_node_get_abbrev (TrawlDetailNode *self)
{
  g_return_val_if_fail (TRAWL_IS_DETAIL_NODE (self), NULL);

  return self->node && self->node->field ? self->node->field->abbrev : NULL;
}

char *
trawl_detail_node_dup_tooltip (TrawlDetailNode *self)
{
  const TrawlField *field;
  GString *s;

  g_return_val_if_fail (TRAWL_IS_DETAIL_NODE (self), NULL);

  if (self->node == NULL || self->node->field == NULL)
    return NULL;
  field = self->node->field;
  s = g_string_new (NULL);
  /* Wireshark's status bar: "Source Port (tcp.srcport)", then the blurb. */
  g_string_append_printf (s, "%s (%s)", _(field->name), field->abbrev);
  if (field->blurb != NULL && *field->blurb)
    g_string_append_printf (s, "\n%s", field->blurb);
  if (self->node->len > 0)
    g_string_append_printf (s, "\n");
  if (self->node->len > 0)
    g_string_append_printf (s, ngettext ("%u byte at offset %u", "%u bytes at offset %u",
                                         self->node->len),
                            self->node->len, self->node->start);
  return g_string_free (s, FALSE);
}

gboolean
trawl_detail_node_has_children (TrawlDetailNode *self)
{
  g_return_val_if_fail (TRAWL_IS_DETAIL_NODE (self), FALSE);

  if (self->node == NULL)
    return FALSE;
  if (self->node->flags & TRAWL_NODE_EXPERT)
    return TRUE;
  for (const TrawlNode *c = self->node->first_child; c != NULL; c = c->next)
    if (!(c->flags & TRAWL_NODE_HIDDEN))
      return TRUE;
  return FALSE;
}

GListModel *
trawl_detail_node_children (TrawlDetailNode *self)
{
  GListStore *store;

  g_return_val_if_fail (TRAWL_IS_DETAIL_NODE (self), NULL);

  store = g_list_store_new (TRAWL_TYPE_DETAIL_NODE);
  if (self->node == NULL)
    return G_LIST_MODEL (store);

  if (self->node->flags & TRAWL_NODE_EXPERT)
    {
      /* As tshark -V and Wireshark show an expert item's details. */
      g_autofree char *msg = g_strdup_printf ("[%s]", self->node->text ? self->node->text : "");
      g_autofree char *sev = g_strdup_printf (_("[Severity level: %s]"),
                                              trawl_expert_severity_name (self->node->severity));
      g_autofree char *grp = g_strdup_printf (_("[Group: %s]"), trawl_expert_group_name (self->node));
      const char *lines[] = { msg, sev, grp };

      for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
        {
          g_autoptr(TrawlDetailNode) t = trawl_detail_node_new_text (lines[i], self->key);
          g_list_store_append (store, t);
        }
    }
  for (const TrawlNode *c = self->node->first_child; c != NULL; c = c->next)
    {
      g_autoptr(TrawlDetailNode) child = NULL;

      if (c->flags & TRAWL_NODE_HIDDEN)
        continue;
      child = trawl_detail_node_new (self->dissection, c, self->key);
      g_list_store_append (store, child);
    }
  return G_LIST_MODEL (store);
}
