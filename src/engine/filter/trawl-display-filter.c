/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-display-filter.c: the compiled display filter object
 *
 * The program is the checked syntax tree (see trawl-dfilter-private.h);
 * evaluation walks it.  The field mask lists every field the tree reads,
 * so a dissection for this filter builds only those leaves.
 *
 * needs_full_tree: never, today.  Evaluation looks values up by field id
 * anywhere in the tree and never depends on its shape; protocol nodes
 * (for existence tests and slices such as `ip[12:4]`) are made even under
 * a mask; string() formats a node from its own value.  It stays in the API
 * for a future feature that needs parents (layer operators like ip.src#2).
 */
#include "config.h"

#include <arpa/inet.h>
#include <string.h>

#include "trawl-dfilter-private.h"

struct _TrawlDisplayFilter
{
  GObject   parent_instance;

  char     *text;
  DfNode   *root;
  guint8   *mask;
  guint     mask_bits;
};

G_DEFINE_FINAL_TYPE (TrawlDisplayFilter, trawl_display_filter, G_TYPE_OBJECT)

G_DEFINE_QUARK (trawl-display-filter-error-quark, trawl_display_filter_error)

/* Long filters are fine; this bounds recursion on hostile input. */
#define MAX_TOKENS 4096

static void
trawl_display_filter_finalize (GObject *object)
{
  TrawlDisplayFilter *self = (TrawlDisplayFilter *) object;

  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->root, df_node_free);
  g_clear_pointer (&self->mask, g_free);
  G_OBJECT_CLASS (trawl_display_filter_parent_class)->finalize (object);
}

static void
trawl_display_filter_class_init (TrawlDisplayFilterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = trawl_display_filter_finalize;
}

static void
trawl_display_filter_init (TrawlDisplayFilter *self)
{
}

TrawlDisplayFilter *
trawl_display_filter_new (const char          *text,
                          TrawlFilterLocation *where,
                          GError             **error)
{
  g_autoptr(TrawlDisplayFilter) self = NULL;
  GArray *tokens;
  DfNode *root = NULL;
  gboolean ok;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (where != NULL)
    where->start = where->len = 0;

  tokens = df_lex (text, where, error);
  if (tokens == NULL)
    return NULL;
  if (tokens->len > MAX_TOKENS)
    {
      df_fail (error, where, TRAWL_DISPLAY_FILTER_ERROR_SYNTAX, 0, (guint) strlen (text),
               "The filter is too long (more than %u tokens).", MAX_TOKENS);
      df_tokens_free (tokens);
      return NULL;
    }
  ok = df_parse (text, tokens, &root, where, error);
  df_tokens_free (tokens);
  if (!ok)
    return NULL;
  if (!df_check (root, where, error))
    {
      df_node_free (root);
      return NULL;
    }

  self = g_object_new (TRAWL_TYPE_DISPLAY_FILTER, NULL);
  self->text = g_strdup (text);
  self->root = root;
  self->mask_bits = trawl_field_count ();
  self->mask = g_new0 (guint8, self->mask_bits / 8 + 1);
  df_collect_fields (root, self->mask, self->mask_bits);
  return g_steal_pointer (&self);
}

const char *
trawl_display_filter_get_text (TrawlDisplayFilter *self)
{
  g_return_val_if_fail (TRAWL_IS_DISPLAY_FILTER (self), NULL);

  return self->text;
}

const guint8 *
trawl_display_filter_get_field_mask (TrawlDisplayFilter *self,
                                     guint              *n_bits)
{
  g_return_val_if_fail (TRAWL_IS_DISPLAY_FILTER (self), NULL);

  if (n_bits != NULL)
    *n_bits = self->mask_bits;
  return self->mask;
}

gboolean
trawl_display_filter_needs_full_tree (TrawlDisplayFilter *self)
{
  g_return_val_if_fail (TRAWL_IS_DISPLAY_FILTER (self), TRUE);

  return FALSE;
}

gboolean
trawl_display_filter_match (TrawlDisplayFilter *self,
                            const TrawlPacket  *pkt)
{
  g_return_val_if_fail (TRAWL_IS_DISPLAY_FILTER (self), FALSE);
  g_return_val_if_fail (pkt != NULL, FALSE);

  return df_eval_test (self->root, pkt);
}

/* ---- explain ---- */

static const char *
cmp_name (const DfNode *n)
{
  static const char *any[] = { "ANY_EQ", "ANY_NE", "ANY_GT", "ANY_GE", "ANY_LT", "ANY_LE" };
  static const char *all[] = { "ALL_EQ", "ALL_NE", "ALL_GT", "ALL_GE", "ALL_LT", "ALL_LE" };

  return n->all ? all[n->cmp] : any[n->cmp];
}

static const char *
arith_name (DfArith a)
{
  static const char *names[] = { "BITWISE_AND", "ADD", "SUBTRACT", "MULTIPLY", "DIVIDE", "MODULO" };

  return names[a];
}

static const char *
func_name (DfFunc f)
{
  static const char *names[] = { "len", "count", "upper", "lower", "string", "abs", "max", "min" };

  return names[f];
}

static void
append_value (GString      *out,
              const DfNode *n)
{
  const DfValue *v = &n->value;

  if (df_type_is_int (n->type))
    {
      if (df_type_is_uint (n->type))
        g_string_append_printf (out, "%" G_GUINT64_FORMAT, v->v.u);
      else
        g_string_append_printf (out, "%" G_GINT64_FORMAT, v->v.i);
    }
  else if (n->type == TRAWL_FT_FLOAT || n->type == TRAWL_FT_DOUBLE)
    g_string_append_printf (out, "%g", v->v.d);
  else if (n->type == TRAWL_FT_ABSOLUTE_TIME || n->type == TRAWL_FT_RELATIVE_TIME)
    g_string_append_printf (out, "%" G_GINT64_FORMAT "ns", v->v.i);
  else if (n->type == TRAWL_FT_IPv4)
    g_string_append_printf (out, "%u.%u.%u.%u/%u", (guint) (v->v.u >> 24) & 255,
                            (guint) (v->v.u >> 16) & 255, (guint) (v->v.u >> 8) & 255,
                            (guint) v->v.u & 255, v->prefix ? v->prefix : 32);
  else if (n->type == TRAWL_FT_STRING || n->type == TRAWL_FT_STRINGZ)
    {
      g_autofree char *esc = g_strescape (n->text ? n->text : "", NULL);

      g_string_append_printf (out, "\"%s\"", esc);
    }
  else if (n->type == TRAWL_FT_IPv6 && v->v.b.n == 16)
    {
      char buf[INET6_ADDRSTRLEN];

      inet_ntop (AF_INET6, v->v.b.p, buf, sizeof buf);
      g_string_append_printf (out, "%s/%u", buf, v->prefix ? v->prefix : 128);
    }
  else
    {
      for (guint32 i = 0; i < v->v.b.n; i++)
        g_string_append_printf (out, "%s%02x", i ? ":" : "", v->v.b.p[i]);
    }
}

static void
explain_node (GString      *out,
              const DfNode *n,
              guint         depth)
{
  if (n == NULL)
    return;
  g_string_append_printf (out, "%*s%u ", (int) depth * 2 + 1, "", depth);
  switch (n->kind)
    {
    case DF_N_AND: g_string_append (out, "TEST_AND:\n"); break;
    case DF_N_OR: g_string_append (out, "TEST_OR:\n"); break;
    case DF_N_XOR: g_string_append (out, "TEST_XOR:\n"); break;
    case DF_N_NOT: g_string_append (out, "TEST_NOT:\n"); break;
    case DF_N_EXISTS: g_string_append (out, "TEST_EXISTS:\n"); break;
    case DF_N_TRUTH: g_string_append (out, "TEST_NONZERO:\n"); break;
    case DF_N_CMP: g_string_append_printf (out, "TEST_%s:\n", cmp_name (n)); break;
    case DF_N_CONTAINS: g_string_append_printf (out, "TEST_%sCONTAINS:\n", n->all ? "ALL_" : ""); break;
    case DF_N_MATCHES: g_string_append_printf (out, "TEST_%sMATCHES:\n", n->all ? "ALL_" : ""); break;
    case DF_N_IN: g_string_append_printf (out, "TEST_%sIN:\n", n->all ? "ALL_" : ""); break;
    case DF_N_CONST_TEST: g_string_append_printf (out, "CONSTANT(%s)\n", n->truth ? "TRUE" : "FALSE"); break;
    case DF_N_FIELD:
      g_string_append_printf (out, "FIELD(%s <%s>)\n", n->field->abbrev,
                              trawl_field_type_name (n->type));
      break;
    case DF_N_VALUE:
      g_string_append (out, "FVALUE(");
      append_value (out, n);
      g_string_append_printf (out, " <%s>)\n", trawl_field_type_name (n->type));
      break;
    case DF_N_SLICE:
      g_string_append (out, "SLICE[");
      for (guint i = 0; i < n->ranges->len; i++)
        {
          const DfRange *r = &g_array_index (n->ranges, DfRange, i);

          g_string_append_printf (out, "%s%" G_GINT64_FORMAT ":", i ? "," : "", r->start);
          if (!r->to_end)
            g_string_append_printf (out, "%" G_GINT64_FORMAT, r->len);
        }
      g_string_append_printf (out, "] <%s>:\n", trawl_field_type_name (n->type));
      break;
    case DF_N_FUNC:
      g_string_append_printf (out, "FUNCTION(%s) <%s>:\n", func_name (n->func),
                              trawl_field_type_name (n->type));
      break;
    case DF_N_ARITH:
      g_string_append_printf (out, "OP_%s <%s>:\n", arith_name (n->arith),
                              trawl_field_type_name (n->type));
      break;
    case DF_N_NEG:
      g_string_append_printf (out, "OP_UNARY_MINUS <%s>:\n", trawl_field_type_name (n->type));
      break;
    case DF_N_SET:
      g_string_append (out, "SET:\n");
      break;
    case DF_N_WORD:
    case DF_N_STRING:
    case DF_N_CHARCONST:
    default:
      g_string_append_printf (out, "LITERAL(%s)\n", n->text ? n->text : "");
      break;
    }
  explain_node (out, n->a, depth + 1);
  explain_node (out, n->b, depth + 1);
  if (n->args != NULL)
    for (guint i = 0; i < n->args->len; i++)
      {
        const DfNode *arg = g_ptr_array_index (n->args, i);

        if (n->kind == DF_N_SET && i % 2 == 1)
          {
            if (arg != NULL)
              {
                g_string_append_printf (out, "%*s..\n", (int) (depth + 1) * 2 + 1, "");
                explain_node (out, arg, depth + 1);
              }
            continue;
          }
        explain_node (out, arg, depth + 1);
      }
}

typedef struct
{
  GString *out;
  guint    pc;
  guint    reg;
} Emit;

static guint emit_value (Emit *e, const DfNode *n);

static guint
emit (Emit       *e,
      const char *format,
      ...) G_GNUC_PRINTF (2, 3);

static guint
emit (Emit       *e,
      const char *format,
      ...)
{
  va_list args;

  g_string_append_printf (e->out, " %04u ", e->pc);
  va_start (args, format);
  g_string_append_vprintf (e->out, format, args);
  va_end (args);
  g_string_append_c (e->out, '\n');
  return e->pc++;
}

/* Values go to registers; returns the register. */
static guint
emit_value (Emit         *e,
            const DfNode *n)
{
  guint r = e->reg++, a, b;
  g_autoptr(GString) v = NULL;

  switch (n->kind)
    {
    case DF_N_FIELD:
      emit (e, "READ_TREE        %s <%s> -> reg#%u", n->field->abbrev,
            trawl_field_type_name (n->type), r);
      break;
    case DF_N_VALUE:
      v = g_string_new (NULL);
      append_value (v, n);
      emit (e, "LOAD_VALUE       %s <%s> -> reg#%u", v->str, trawl_field_type_name (n->type), r);
      break;
    case DF_N_SLICE:
      a = emit_value (e, n->a);
      emit (e, "SLICE            reg#%u[%u range%s] -> reg#%u", a, n->ranges->len,
            n->ranges->len == 1 ? "" : "s", r);
      break;
    case DF_N_FUNC:
      v = g_string_new (NULL);
      for (guint i = 0; i < n->args->len; i++)
        g_string_append_printf (v, "%sreg#%u", i ? ", " : "",
                                emit_value (e, g_ptr_array_index (n->args, i)));
      emit (e, "CALL_FUNCTION    %s(%s) -> reg#%u", func_name (n->func), v->str, r);
      break;
    case DF_N_ARITH:
      a = emit_value (e, n->a);
      b = emit_value (e, n->b);
      emit (e, "%-16s reg#%u, reg#%u -> reg#%u", arith_name (n->arith), a, b, r);
      break;
    case DF_N_NEG:
      a = emit_value (e, n->a);
      emit (e, "UNARY_MINUS      reg#%u -> reg#%u", a, r);
      break;
    default:
      break;
    }
  return r;
}

static void
emit_test (Emit         *e,
           const DfNode *n)
{
  guint a, b;

  switch (n->kind)
    {
    case DF_N_AND:
    case DF_N_OR:
      emit_test (e, n->a);
      emit (e, "IF_%s_GOTO    (skip the right side)", n->kind == DF_N_AND ? "FALSE" : "TRUE ");
      emit_test (e, n->b);
      break;
    case DF_N_XOR:
      emit_test (e, n->a);
      emit_test (e, n->b);
      emit (e, "XOR");
      break;
    case DF_N_NOT:
      emit_test (e, n->a);
      emit (e, "NOT");
      break;
    case DF_N_EXISTS:
      if (n->a->kind == DF_N_FIELD)
        emit (e, "CHECK_EXISTS     %s", n->a->field->abbrev);
      else
        emit (e, "CHECK_EXISTS     reg#%u", emit_value (e, n->a));
      break;
    case DF_N_TRUTH:
      emit (e, "CHECK_NONZERO    reg#%u", emit_value (e, n->a));
      break;
    case DF_N_CMP:
    case DF_N_CONTAINS:
      a = emit_value (e, n->a);
      b = emit_value (e, n->b);
      emit (e, "%-16s reg#%u, reg#%u", n->kind == DF_N_CMP ? cmp_name (n)
            : n->all ? "ALL_CONTAINS" : "ANY_CONTAINS", a, b);
      break;
    case DF_N_MATCHES:
      a = emit_value (e, n->a);
      emit (e, "%-16s reg#%u, /%s/i", n->all ? "ALL_MATCHES" : "ANY_MATCHES", a, n->b->text);
      break;
    case DF_N_IN:
      a = emit_value (e, n->a);
      emit (e, "%-16s reg#%u, {%u element%s}", n->all ? "ALL_IN" : "ANY_IN", a,
            n->b->args->len / 2, n->b->args->len == 2 ? "" : "s");
      break;
    default:
      emit (e, "CONSTANT         %s", n->truth ? "TRUE" : "FALSE");
      break;
    }
}

char *
trawl_display_filter_explain (TrawlDisplayFilter *self)
{
  GString *out;
  Emit e = { NULL, 0, 0 };

  g_return_val_if_fail (TRAWL_IS_DISPLAY_FILTER (self), NULL);

  out = g_string_new (NULL);
  g_string_append_printf (out, "Filter: %s\n\nSyntax tree:\n", self->text);
  if (self->root == NULL)
    g_string_append (out, " (empty: every frame matches)\n");
  explain_node (out, self->root, 0);
  g_string_append (out, "\nInstructions:\n");
  e.out = out;
  if (self->root != NULL)
    emit_test (&e, self->root);
  emit (&e, "RETURN");

  g_string_append (out, "\nFields read:");
  for (guint i = 0; i < self->mask_bits; i++)
    if (self->mask[i >> 3] & (1u << (i & 7)))
      g_string_append_printf (out, " %s", trawl_field_get ((int) i)->abbrev);
  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}
