/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-dfilter-eval.c: run a checked filter on one dissected packet
 *
 * Values are gathered into arrays in the packet's arena (reset with every
 * dissection), so matching allocates nothing from the heap per frame, and
 * the filter itself is only read: any number of threads may run it.
 *
 * Fields that occur several times give several values; a relation is
 * true when any pair of values satisfies it, or with "all" (!=, ===) when
 * every pair does, as in Wireshark 4.0.  A missing field makes every
 * relation on it false.
 */
#include "config.h"

#include <string.h>

#include "dissect/trawl-format.h"
#include "trawl-dfilter-private.h"

typedef struct
{
  DfValue *v;
  guint    n;
} Values;

typedef struct
{
  const TrawlPacket *pkt;
  TrawlArena        *arena;
} Eval;

static void eval_values (Eval *e, const DfNode *n, Values *out);

static void
values_alloc (Eval   *e,
              Values *out,
              guint   n)
{
  out->n = 0;
  out->v = n > 0 ? trawl_arena_alloc (e->arena, n * sizeof (DfValue)) : NULL;
}

static gboolean
node_value (const TrawlPacket *pkt,
            const TrawlNode   *node,
            DfValue           *out)
{
  out->prefix = 0;
  if (node->field->type == TRAWL_FT_PROTOCOL)
    {
      const TrawlDataSource *src = node->ds < pkt->n_sources ? &pkt->sources[node->ds] : NULL;
      guint32 start, len;

      if (node->ds == 0 || src == NULL || src->data == NULL)
        {
          out->v.b.p = pkt->data;
          len = pkt->caplen;
        }
      else
        {
          out->v.b.p = src->data;
          len = src->len;
        }
      /* Wireshark's protocol value is its tvb: from the layer's start to
       * the end of the data, payload included (tcp contains "curl") */
      start = MIN (node->start, len);
      out->v.b.p = out->v.b.p ? out->v.b.p + start : (const guint8 *) "";
      out->v.b.n = len - start;
      return TRUE;
    }
  G_STATIC_ASSERT (sizeof out->v == sizeof node->v);
  memcpy (&out->v, &node->v, sizeof out->v);
  if (df_type_is_bytes (node->field->type) && out->v.b.p == NULL)
    {
      out->v.b.p = (const guint8 *) "";
      out->v.b.n = 0;
    }
  return TRUE;
}

static guint
count_field (const TrawlNode *node,
             int              id)
{
  guint n = 0;

  /* iterative pre-order walk: trees from hostile packets can be deep */
  for (const TrawlNode *c = node->first_child; c != NULL;)
    {
      if (c->field != NULL && c->field->id == id)
        n++;
      if (c->first_child != NULL)
        {
          c = c->first_child;
          continue;
        }
      while (c != NULL && c->next == NULL)
        {
          c = c->parent;
          if (c == node)
            return n;
        }
      if (c == NULL)
        break;
      c = c->next;
    }
  return n;
}

static void
collect_field (Eval         *e,
               const DfNode *n,
               Values       *out)
{
  const TrawlNode *root = e->pkt->root;
  int id = n->field->id;
  guint count;

  out->n = 0;
  out->v = NULL;
  if (root == NULL)
    return;
  count = count_field (root, id);
  if (count == 0)
    return;
  values_alloc (e, out, count);
  for (const TrawlNode *c = root->first_child; c != NULL && out->n < count;)
    {
      if (c->field != NULL && c->field->id == id)
        node_value (e->pkt, c, &out->v[out->n++]);
      if (c->first_child != NULL)
        {
          c = c->first_child;
          continue;
        }
      while (c != NULL && c->next == NULL)
        {
          c = c->parent;
          if (c == root)
            return;
        }
      if (c == NULL)
        break;
      c = c->next;
    }
}

/* The bytes of @src picked by the ranges, or FALSE when one falls outside
 * (Wireshark: the slice then has no value). */
static gboolean
slice_one (Eval         *e,
           const DfNode *n,
           const DfValue *src,
           DfValue      *out)
{
  gsize total = 0;
  guint8 *buf;

  for (guint pass = 0; pass < 2; pass++)
    {
      gsize pos = 0;

      for (guint i = 0; i < n->ranges->len; i++)
        {
          const DfRange *r = &g_array_index (n->ranges, DfRange, i);
          gint64 start = r->start < 0 ? (gint64) src->v.b.n + r->start : r->start;
          gint64 len = r->to_end ? (gint64) src->v.b.n - start : r->len;

          if (start < 0 || len < 0 || start + len > (gint64) src->v.b.n)
            return FALSE;
          if (pass == 0)
            total += (gsize) len;
          else
            {
              memcpy (buf + pos, src->v.b.p + start, (gsize) len);
              pos += (gsize) len;
            }
        }
      if (pass == 0)
        {
          if (n->ranges->len == 1)
            {
              const DfRange *r = &g_array_index (n->ranges, DfRange, 0);
              gint64 start = r->start < 0 ? (gint64) src->v.b.n + r->start : r->start;

              /* one range: point into the value, no copy */
              out->v.b.p = src->v.b.p + start;
              out->v.b.n = (guint32) total;
              out->prefix = 0;
              return TRUE;
            }
          buf = trawl_arena_alloc (e->arena, MAX (total, 1));
        }
    }
  out->v.b.p = buf;
  out->v.b.n = (guint32) total;
  out->prefix = 0;
  return TRUE;
}

static gboolean
is_signed_type (TrawlFieldType t)
{
  return !df_type_is_uint (t);
}

static gboolean
arith_one (Eval          *e,
           const DfNode  *n,
           const DfValue *a,
           const DfValue *b,
           DfValue       *out)
{
  TrawlFieldType t = n->type;

  out->prefix = 0;
  if (t == TRAWL_FT_BYTES)
    {
      guint32 len = MIN (a->v.b.n, b->v.b.n);
      guint8 *r = trawl_arena_alloc (e->arena, MAX (len, 1));

      for (guint32 k = 0; k < len; k++)
        r[k] = a->v.b.p[k] & b->v.b.p[k];
      out->v.b.p = r;
      out->v.b.n = len;
      return TRUE;
    }
  if (t == TRAWL_FT_FLOAT || t == TRAWL_FT_DOUBLE)
    {
      switch (n->arith)
        {
        case DF_ARITH_ADD: out->v.d = a->v.d + b->v.d; return TRUE;
        case DF_ARITH_SUB: out->v.d = a->v.d - b->v.d; return TRUE;
        case DF_ARITH_MUL: out->v.d = a->v.d * b->v.d; return TRUE;
        case DF_ARITH_DIV: out->v.d = a->v.d / b->v.d; return b->v.d != 0;
        case DF_ARITH_MOD: return FALSE;
        case DF_ARITH_BITAND: return FALSE;
        }
      return FALSE;
    }
  /* integers and times: 64-bit, wrapping as unsigned */
  switch (n->arith)
    {
    case DF_ARITH_BITAND: out->v.u = a->v.u & b->v.u; return TRUE;
    case DF_ARITH_ADD: out->v.u = a->v.u + b->v.u; return TRUE;
    case DF_ARITH_SUB: out->v.u = a->v.u - b->v.u; return TRUE;
    case DF_ARITH_MUL: out->v.u = a->v.u * b->v.u; return TRUE;
    case DF_ARITH_DIV:
      if (b->v.u == 0)
        return FALSE;
      if (is_signed_type (t))
        {
          if (a->v.i == G_MININT64 && b->v.i == -1)
            return FALSE;
          out->v.i = a->v.i / b->v.i;
        }
      else
        out->v.u = a->v.u / b->v.u;
      return TRUE;
    case DF_ARITH_MOD:
      if (b->v.u == 0)
        return FALSE;
      if (is_signed_type (t))
        {
          if (a->v.i == G_MININT64 && b->v.i == -1)
            return FALSE;
          out->v.i = a->v.i % b->v.i;
        }
      else
        out->v.u = a->v.u % b->v.u;
      return TRUE;
    }
  return FALSE;
}

static int
cmp_values (TrawlFieldType  t,
            const DfValue  *a,
            const DfValue  *b)
{
  if (t == TRAWL_FT_IPv4)
    {
      guint prefix = b->prefix ? b->prefix : a->prefix ? a->prefix : 32;
      guint32 mask = prefix == 0 ? 0 : 0xffffffffu << (32 - prefix);
      guint32 x = (guint32) a->v.u & mask, y = (guint32) b->v.u & mask;

      return x < y ? -1 : x > y;
    }
  if (t == TRAWL_FT_IPv6 && (a->prefix || b->prefix) && a->v.b.n == 16 && b->v.b.n == 16)
    {
      guint prefix = b->prefix ? b->prefix : a->prefix;

      for (guint i = 0; i < 16; i++)
        {
          guint bits = prefix > i * 8 ? MIN (prefix - i * 8, 8) : 0;
          guint8 m = (guint8) (bits == 0 ? 0 : 0xff << (8 - bits));
          guint8 x = a->v.b.p[i] & m, y = b->v.b.p[i] & m;

          if (x != y)
            return x < y ? -1 : 1;
        }
      return 0;
    }
  if (df_type_is_bytes (t))
    {
      int r = memcmp (a->v.b.p, b->v.b.p, MIN (a->v.b.n, b->v.b.n));

      if (r != 0)
        return r < 0 ? -1 : 1;
      return a->v.b.n < b->v.b.n ? -1 : a->v.b.n > b->v.b.n;
    }
  if (t == TRAWL_FT_FLOAT || t == TRAWL_FT_DOUBLE)
    return a->v.d < b->v.d ? -1 : a->v.d > b->v.d ? 1 : (a->v.d == b->v.d ? 0 : 2);
  if (t == TRAWL_FT_BOOLEAN)
    return (a->v.u != 0) == (b->v.u != 0) ? 0 : (a->v.u != 0) ? 1 : -1;
  if (df_type_is_uint (t))
    return a->v.u < b->v.u ? -1 : a->v.u > b->v.u;
  return a->v.i < b->v.i ? -1 : a->v.i > b->v.i;
}

static gboolean
cmp_holds (DfCmp op,
           int   r)
{
  if (r == 2)   /* NaN: only != holds */
    return op == DF_CMP_NE;
  switch (op)
    {
    case DF_CMP_EQ: return r == 0;
    case DF_CMP_NE: return r != 0;
    case DF_CMP_GT: return r > 0;
    case DF_CMP_GE: return r >= 0;
    case DF_CMP_LT: return r < 0;
    case DF_CMP_LE: return r <= 0;
    }
  return FALSE;
}

/* Types of two compared operands may differ within a class (uint16 and
 * int32): compare as signed if either is. */
static TrawlFieldType
cmp_type (const DfNode *a,
          const DfNode *b)
{
  if (df_type_is_int (a->type) && df_type_is_int (b->type))
    {
      if (a->type == TRAWL_FT_BOOLEAN && b->type == TRAWL_FT_BOOLEAN)
        return TRAWL_FT_BOOLEAN;
      /* Wireshark computes in signed 64 bits: tcp.srcport - tcp.dstport < 0 */
      if (!df_type_is_uint (a->type) || !df_type_is_uint (b->type) ||
          a->kind == DF_N_ARITH || a->kind == DF_N_NEG || a->kind == DF_N_FUNC ||
          b->kind == DF_N_ARITH || b->kind == DF_N_NEG || b->kind == DF_N_FUNC)
        return TRAWL_FT_INT64;
      return TRAWL_FT_UINT64;
    }
  return a->type;
}

static void
eval_func (Eval         *e,
           const DfNode *n,
           Values       *out)
{
  const DfNode *arg0 = g_ptr_array_index (n->args, 0);
  Values a;

  out->n = 0;
  switch (n->func)
    {
    case DF_FUNC_COUNT:
      values_alloc (e, out, 1);
      out->v[0].v.u = e->pkt->root ? count_field (e->pkt->root, arg0->field->id) : 0;
      out->v[0].prefix = 0;
      out->n = 1;
      return;

    case DF_FUNC_LEN:
      eval_values (e, arg0, &a);
      values_alloc (e, out, a.n);
      for (guint i = 0; i < a.n; i++)
        {
          out->v[i].v.u = a.v[i].v.b.n;
          out->v[i].prefix = 0;
        }
      out->n = a.n;
      return;

    case DF_FUNC_UPPER:
    case DF_FUNC_LOWER:
      eval_values (e, arg0, &a);
      values_alloc (e, out, a.n);
      for (guint i = 0; i < a.n; i++)
        {
          guint8 *s = trawl_arena_alloc (e->arena, a.v[i].v.b.n + 1);

          for (guint32 k = 0; k < a.v[i].v.b.n; k++)
            s[k] = (guint8) (n->func == DF_FUNC_UPPER ? g_ascii_toupper ((char) a.v[i].v.b.p[k])
                                                      : g_ascii_tolower ((char) a.v[i].v.b.p[k]));
          s[a.v[i].v.b.n] = 0;
          out->v[i].v.b.p = s;
          out->v[i].v.b.n = a.v[i].v.b.n;
          out->v[i].prefix = 0;
        }
      out->n = a.n;
      return;

    case DF_FUNC_STRING:
      {
        const TrawlNode *root = e->pkt->root;
        guint count = root ? count_field (root, arg0->field->id) : 0;
        GString *s;

        if (count == 0)
          return;
        values_alloc (e, out, count);
        s = g_string_sized_new (64);
        for (const TrawlNode *c = root->first_child; c != NULL && out->n < count;)
          {
            if (c->field != NULL && c->field->id == arg0->field->id)
              {
                g_string_truncate (s, 0);
                trawl_format_field_value (c, s);
                out->v[out->n].v.b.p = (const guint8 *) trawl_arena_strndup (e->arena, s->str, s->len);
                out->v[out->n].v.b.n = (guint32) s->len;
                out->v[out->n].prefix = 0;
                out->n++;
              }
            if (c->first_child != NULL)
              {
                c = c->first_child;
                continue;
              }
            while (c != NULL && c->next == NULL)
              {
                c = c->parent;
                if (c == root)
                  c = NULL;
              }
            if (c == NULL)
              break;
            c = c->next;
          }
        g_string_free (s, TRUE);
        return;
      }

    case DF_FUNC_ABS:
      eval_values (e, arg0, &a);
      values_alloc (e, out, a.n);
      for (guint i = 0; i < a.n; i++)
        {
          out->v[i] = a.v[i];
          if (n->type == TRAWL_FT_FLOAT || n->type == TRAWL_FT_DOUBLE)
            out->v[i].v.d = a.v[i].v.d < 0 ? -a.v[i].v.d : a.v[i].v.d;
          else if (a.v[i].v.i < 0 && a.v[i].v.i != G_MININT64)
            out->v[i].v.i = -a.v[i].v.i;
        }
      out->n = a.n;
      return;

    case DF_FUNC_MAX:
    case DF_FUNC_MIN:
      {
        gboolean have = FALSE;
        DfValue best = { 0 };

        /* one value: the extreme over every value of every argument */
        for (guint k = 0; k < n->args->len; k++)
          {
            const DfNode *an = g_ptr_array_index (n->args, k);

            eval_values (e, an, &a);
            for (guint i = 0; i < a.n; i++)
              {
                int r = have ? cmp_values (n->type, &a.v[i], &best) : 0;

                if (!have || (n->func == DF_FUNC_MAX ? r > 0 && r != 2 : r < 0))
                  best = a.v[i];
                have = TRUE;
              }
          }
        if (!have)
          return;
        values_alloc (e, out, 1);
        out->v[0] = best;
        out->n = 1;
        return;
      }
    }
}

static void
eval_values (Eval         *e,
             const DfNode *n,
             Values       *out)
{
  out->n = 0;
  out->v = NULL;

  switch (n->kind)
    {
    case DF_N_FIELD:
      collect_field (e, n, out);
      return;

    case DF_N_VALUE:
      out->v = (DfValue *) &n->value;
      out->n = 1;
      return;

    case DF_N_SLICE:
      {
        Values src;

        eval_values (e, n->a, &src);
        values_alloc (e, out, src.n);
        for (guint i = 0; i < src.n; i++)
          if (slice_one (e, n, &src.v[i], &out->v[out->n]))
            out->n++;
        return;
      }

    case DF_N_FUNC:
      eval_func (e, n, out);
      return;

    case DF_N_NEG:
      {
        Values a;

        eval_values (e, n->a, &a);
        values_alloc (e, out, a.n);
        for (guint i = 0; i < a.n; i++)
          {
            out->v[i] = a.v[i];
            if (n->type == TRAWL_FT_FLOAT || n->type == TRAWL_FT_DOUBLE)
              out->v[i].v.d = -a.v[i].v.d;
            else
              out->v[i].v.u = 0 - a.v[i].v.u;
          }
        out->n = a.n;
        return;
      }

    case DF_N_ARITH:
      {
        Values a, b;

        eval_values (e, n->a, &a);
        if (a.n == 0)
          return;
        eval_values (e, n->b, &b);
        if (b.n == 0)
          return;
        /* Wireshark combines the first value of each side */
        values_alloc (e, out, a.n);
        for (guint i = 0; i < a.n; i++)
          if (arith_one (e, n, &a.v[i], &b.v[b.n == a.n ? i : 0], &out->v[out->n]))
            out->n++;
        return;
      }

    default:
      return;
    }
}

static gboolean
eval_cmp (Eval         *e,
          const DfNode *n)
{
  TrawlFieldType t = cmp_type (n->a, n->b);
  Values a, b;

  eval_values (e, n->a, &a);
  if (a.n == 0)
    return FALSE;
  eval_values (e, n->b, &b);
  if (b.n == 0)
    return FALSE;

  for (guint i = 0; i < a.n; i++)
    for (guint j = 0; j < b.n; j++)
      {
        gboolean ok = cmp_holds (n->cmp, cmp_values (t, &a.v[i], &b.v[j]));

        if (n->all && !ok)
          return FALSE;
        if (!n->all && ok)
          return TRUE;
      }
  return n->all;
}

static gboolean
contains_one (const DfValue *hay,
              const DfValue *needle)
{
  if (needle->v.b.n == 0)
    return TRUE;
  if (needle->v.b.n > hay->v.b.n)
    return FALSE;
  /* memchr for the first byte, then memcmp: memchr is vectorised */
  {
    const guint8 *p = hay->v.b.p;
    const guint8 *last = hay->v.b.p + (hay->v.b.n - needle->v.b.n);
    guint8 first = needle->v.b.p[0];

    while (p <= last)
      {
        p = memchr (p, first, (gsize) (last - p) + 1);
        if (p == NULL)
          return FALSE;
        if (memcmp (p, needle->v.b.p, needle->v.b.n) == 0)
          return TRUE;
        p++;
      }
    return FALSE;
  }
}

static gboolean
eval_contains (Eval         *e,
               const DfNode *n)
{
  Values a, b;

  eval_values (e, n->a, &a);
  if (a.n == 0)
    return FALSE;
  if (n->kind == DF_N_MATCHES)
    {
      for (guint i = 0; i < a.n; i++)
        {
          gboolean ok = g_regex_match_full (n->regex, (const char *) a.v[i].v.b.p,
                                            (gssize) a.v[i].v.b.n, 0, 0, NULL, NULL);

          if (n->all != ok)
            return ok;
        }
      return n->all;
    }
  eval_values (e, n->b, &b);
  if (b.n == 0)
    return FALSE;
  for (guint i = 0; i < a.n; i++)
    for (guint j = 0; j < b.n; j++)
      {
        gboolean ok = contains_one (&a.v[i], &b.v[j]);

        if (n->all != ok)
          return ok;
      }
  return n->all;
}

static gboolean
in_set (Eval          *e,
        const DfNode  *n,
        const DfValue *v)
{
  GPtrArray *elems = n->b->args;
  TrawlFieldType t = n->a->type;

  for (guint i = 0; i + 1 < elems->len; i += 2)
    {
      const DfNode *lo = g_ptr_array_index (elems, i);
      const DfNode *hi = g_ptr_array_index (elems, i + 1);
      Values l, h;

      eval_values (e, lo, &l);
      if (hi == NULL)
        {
          for (guint k = 0; k < l.n; k++)
            if (cmp_values (cmp_type (n->a, lo), v, &l.v[k]) == 0)
              return TRUE;
          continue;
        }
      eval_values (e, hi, &h);
      if (l.n > 0 && h.n > 0 &&
          cmp_holds (DF_CMP_GE, cmp_values (t, v, &l.v[0])) &&
          cmp_holds (DF_CMP_LE, cmp_values (t, v, &h.v[0])))
        return TRUE;
    }
  return FALSE;
}

static gboolean
eval_in (Eval         *e,
         const DfNode *n)
{
  Values a;

  eval_values (e, n->a, &a);
  if (a.n == 0)
    return FALSE;
  for (guint i = 0; i < a.n; i++)
    {
      gboolean ok = in_set (e, n, &a.v[i]);

      if (n->all != ok)
        return ok;
    }
  return n->all;
}

static gboolean
value_true (TrawlFieldType t,
            const DfValue *v)
{
  if (t == TRAWL_FT_FLOAT || t == TRAWL_FT_DOUBLE)
    return v->v.d != 0;
  if (df_type_is_bytes (t))
    {
      for (guint32 k = 0; k < v->v.b.n; k++)
        if (v->v.b.p[k] != 0)
          return TRUE;
      return FALSE;
    }
  return v->v.u != 0;
}

static gboolean
eval_test (Eval         *e,
           const DfNode *n)
{
  switch (n->kind)
    {
    case DF_N_AND:
      return eval_test (e, n->a) && eval_test (e, n->b);
    case DF_N_OR:
      return eval_test (e, n->a) || eval_test (e, n->b);
    case DF_N_XOR:
      return eval_test (e, n->a) != eval_test (e, n->b);
    case DF_N_NOT:
      return !eval_test (e, n->a);
    case DF_N_EXISTS:
      if (n->a->kind == DF_N_FIELD)
        return e->pkt->root != NULL && trawl_node_find (e->pkt->root, n->a->field->id) != NULL;
      else
        {
          Values v;

          eval_values (e, n->a, &v);
          return v.n > 0;
        }
    case DF_N_TRUTH:
      {
        Values v;

        eval_values (e, n->a, &v);
        for (guint i = 0; i < v.n; i++)
          if (value_true (n->a->type, &v.v[i]))
            return TRUE;
        return FALSE;
      }
    case DF_N_CMP:
      return eval_cmp (e, n);
    case DF_N_CONTAINS:
    case DF_N_MATCHES:
      return eval_contains (e, n);
    case DF_N_IN:
      return eval_in (e, n);
    case DF_N_CONST_TEST:
      return n->truth;
    default:
      return FALSE;
    }
}

gboolean
df_eval_test (const DfNode      *node,
              const TrawlPacket *pkt)
{
  Eval e = { pkt, pkt->arena };

  if (node == NULL)
    return TRUE;
  return eval_test (&e, node);
}

void
df_collect_fields (const DfNode *n,
                   guint8       *mask,
                   guint         n_bits)
{
  if (n == NULL)
    return;
  if (n->kind == DF_N_FIELD && n->field != NULL && (guint) n->field->id < n_bits)
    mask[n->field->id >> 3] |= (guint8) (1u << (n->field->id & 7));
  df_collect_fields (n->a, mask, n_bits);
  df_collect_fields (n->b, mask, n_bits);
  if (n->args != NULL)
    for (guint i = 0; i < n->args->len; i++)
      df_collect_fields (g_ptr_array_index (n->args, i), mask, n_bits);
}
