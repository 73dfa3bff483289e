/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-dfilter-parser.c: tokens to a syntax tree
 *
 * Recursive descent over Wireshark 4.0's grammar (epan/dfilter/grammar.lemon):
 *
 *   expr     := or
 *   or       := xor { (or | ||) xor }
 *   xor      := and { (xor | ^^) and }         (not in 4.0: as in 4.2)
 *   and      := not { (and | &&) not }
 *   not      := (not | !) not | "(" expr ")" | relation
 *   relation := [any | all] arith [ cmp arith { cmp arith }
 *                                  | contains arith | matches arith
 *                                  | [not] in set ]
 *   arith    := sum { & sum }
 *   sum      := prod { (+ | -) prod }
 *   prod     := unary { (* | / | %) unary }
 *   unary    := - unary | + unary | postfix
 *   postfix  := atom { "[" range { , range } "]" }
 *   atom     := "{" arith "}" | WORD "(" [arith { , arith }] ")" | WORD | STRING | CHAR
 *   set      := "{" element { [,] element } "}"     element := unary [.. unary]
 *
 * So "not" binds tighter than "and", which binds tighter than "or", and
 * "a == b == c" means "a == b and b == c", as in Wireshark.
 */
#include "config.h"

#include <string.h>

#include "trawl-dfilter-private.h"

typedef struct
{
  const char          *text;
  GArray              *tokens;
  guint                pos;
  TrawlFilterLocation *where;
  GError             **error;
  gboolean             failed;
  guint                depth;
} Parser;

/* Nesting is bounded so hostile input cannot exhaust the stack. */
#define MAX_DEPTH 200

DfNode *
df_node_new (DfNodeKind kind,
             guint      start,
             guint      len)
{
  DfNode *n = g_new0 (DfNode, 1);

  n->kind = kind;
  n->start = start;
  n->len = len;
  n->type = TRAWL_FT_NONE;
  return n;
}

void
df_node_free (DfNode *node)
{
  if (node == NULL)
    return;
  df_node_free (node->a);
  df_node_free (node->b);
  if (node->args != NULL)
    {
      for (guint i = 0; i < node->args->len; i++)
        df_node_free (g_ptr_array_index (node->args, i));
      g_ptr_array_unref (node->args);
    }
  if (node->ranges != NULL)
    g_array_unref (node->ranges);
  if (node->regex != NULL)
    g_regex_unref (node->regex);
  g_free (node->text);
  g_free (node);
}

static const DfToken *
peek (Parser *p)
{
  return &g_array_index (p->tokens, DfToken, p->pos);
}

static const DfToken *
peek2 (Parser *p)
{
  if (p->pos + 1 < p->tokens->len)
    return &g_array_index (p->tokens, DfToken, p->pos + 1);
  return peek (p);
}

static const DfToken *
next (Parser *p)
{
  const DfToken *t = peek (p);

  if (t->type != DF_TOK_EOF)
    p->pos++;
  return t;
}

/* Wireshark's two syntax messages: the end came too soon, or a token is
 * out of place. */
static DfNode *
unexpected (Parser *p)
{
  const DfToken *t = peek (p);

  if (p->failed)
    return NULL;
  p->failed = TRUE;
  if (t->type == DF_TOK_EOF)
    df_fail (p->error, p->where, TRAWL_DISPLAY_FILTER_ERROR_SYNTAX, t->start, 0,
             "Unexpected end of filter expression.");
  else
    df_fail (p->error, p->where, TRAWL_DISPLAY_FILTER_ERROR_SYNTAX, t->start, t->len,
             "\"%.*s\" was unexpected in this context.", (int) t->len, p->text + t->start);
  return NULL;
}

static DfNode *
too_deep (Parser *p)
{
  const DfToken *t = peek (p);

  p->failed = TRUE;
  df_fail (p->error, p->where, TRAWL_DISPLAY_FILTER_ERROR_SYNTAX, t->start, t->len,
           "The filter is nested too deeply.");
  return NULL;
}

static void
span (DfNode *n,
      DfNode *first,
      DfNode *last)
{
  n->start = first->start;
  n->len = last->start + last->len - first->start;
}

static DfNode *parse_or    (Parser *p);
static DfNode *parse_arith (Parser *p);
static DfNode *parse_unary (Parser *p);

static DfNode *
binary (DfNodeKind  kind,
        const DfToken *op,
        DfNode     *a,
        DfNode     *b)
{
  DfNode *n = df_node_new (kind, op->start, op->len);

  n->op_text = NULL;
  n->a = a;
  n->b = b;
  return n;
}

static DfNode *
parse_atom (Parser *p)
{
  const DfToken *t = peek (p);
  DfNode *n;

  switch (t->type)
    {
    case DF_TOK_LBRACE:
      {
        const DfToken *open = next (p);
        DfNode *inner = parse_arith (p);

        if (inner == NULL)
          return NULL;
        if (peek (p)->type != DF_TOK_RBRACE)
          {
            df_node_free (inner);
            return unexpected (p);
          }
        inner->start = MIN (inner->start, open->start);
        next (p);
        return inner;
      }

    case DF_TOK_WORD:
      next (p);
      if (peek (p)->type == DF_TOK_LPAREN)
        {
          const DfToken *close;

          n = df_node_new (DF_N_FUNC, t->start, t->len);
          n->text = g_strdup (t->text);
          n->args = g_ptr_array_new ();
          next (p);
          if (peek (p)->type != DF_TOK_RPAREN)
            {
              for (;;)
                {
                  DfNode *arg = parse_arith (p);

                  if (arg == NULL)
                    {
                      df_node_free (n);
                      return NULL;
                    }
                  g_ptr_array_add (n->args, arg);
                  if (peek (p)->type != DF_TOK_COMMA)
                    break;
                  next (p);
                }
            }
          close = peek (p);
          if (close->type != DF_TOK_RPAREN)
            {
              df_node_free (n);
              return unexpected (p);
            }
          next (p);
          return n;
        }
      n = df_node_new (DF_N_WORD, t->start, t->len);
      n->text = g_strdup (t->text);
      n->text_len = t->text_len;
      return n;

    case DF_TOK_STRING:
    case DF_TOK_CHARCONST:
      next (p);
      n = df_node_new (t->type == DF_TOK_STRING ? DF_N_STRING : DF_N_CHARCONST, t->start, t->len);
      n->text = g_strndup (t->text, t->text_len);
      n->text_len = t->text_len;
      return n;

    default:
      return unexpected (p);
    }
}

static DfNode *
parse_postfix (Parser *p)
{
  DfNode *n = parse_atom (p);

  while (n != NULL && peek (p)->type == DF_TOK_LBRACKET)
    {
      DfNode *slice = df_node_new (DF_N_SLICE, n->start, n->len);

      slice->a = n;
      slice->ranges = g_array_new (FALSE, TRUE, sizeof (DfRange));
      n = slice;
      next (p);
      for (;;)
        {
          const DfToken *r = peek (p);
          DfRange range;

          if (r->type != DF_TOK_RANGE)
            {
              df_node_free (n);
              return unexpected (p);
            }
          if (!df_range_parse (r->text, &range))
            {
              p->failed = TRUE;
              df_fail (p->error, p->where, TRAWL_DISPLAY_FILTER_ERROR_SYNTAX, r->start, r->len,
                       "\"%s\" is not a valid range.", r->text);
              df_node_free (n);
              return NULL;
            }
          g_array_append_val (slice->ranges, range);
          next (p);
          if (peek (p)->type == DF_TOK_COMMA)
            {
              next (p);
              continue;
            }
          if (peek (p)->type != DF_TOK_RBRACKET)
            {
              df_node_free (n);
              return unexpected (p);
            }
          slice->len = peek (p)->start + 1 - slice->start;
          next (p);
          break;
        }
    }
  return n;
}

static DfNode *
parse_unary (Parser *p)
{
  const DfToken *t = peek (p);
  DfNode *n, *inner;

  if (t->type != DF_TOK_MINUS && t->type != DF_TOK_PLUS)
    return parse_postfix (p);
  if (++p->depth > MAX_DEPTH)
    return too_deep (p);
  next (p);
  inner = parse_unary (p);
  p->depth--;
  if (inner == NULL || t->type == DF_TOK_PLUS)
    return inner;
  n = df_node_new (DF_N_NEG, t->start, t->len);
  n->a = inner;
  span (n, n, inner);
  n->start = t->start;
  return n;
}

static DfNode *
parse_binary_level (Parser      *p,
                    DfNode    *(*operand) (Parser *),
                    const DfTokType *ops,
                    const DfArith   *ariths,
                    guint        n_ops)
{
  DfNode *left = operand (p);

  while (left != NULL)
    {
      const DfToken *t = peek (p);
      DfNode *right, *n;
      guint k;

      for (k = 0; k < n_ops; k++)
        if (ops[k] == t->type)
          break;
      if (k == n_ops)
        break;
      next (p);
      right = operand (p);
      if (right == NULL)
        {
          df_node_free (left);
          return NULL;
        }
      n = binary (DF_N_ARITH, t, left, right);
      n->arith = ariths[k];
      n->op_text = df_token_name (t->type);
      left = n;
    }
  return left;
}

static DfNode *
parse_prod (Parser *p)
{
  static const DfTokType ops[] = { DF_TOK_STAR, DF_TOK_SLASH, DF_TOK_PERCENT };
  static const DfArith ar[] = { DF_ARITH_MUL, DF_ARITH_DIV, DF_ARITH_MOD };

  return parse_binary_level (p, parse_unary, ops, ar, 3);
}

static DfNode *
parse_sum (Parser *p)
{
  static const DfTokType ops[] = { DF_TOK_PLUS, DF_TOK_MINUS };
  static const DfArith ar[] = { DF_ARITH_ADD, DF_ARITH_SUB };

  return parse_binary_level (p, parse_prod, ops, ar, 2);
}

static DfNode *
parse_arith (Parser *p)
{
  static const DfTokType ops[] = { DF_TOK_BITAND };
  static const DfArith ar[] = { DF_ARITH_BITAND };
  DfNode *n;

  if (++p->depth > MAX_DEPTH)
    return too_deep (p);
  n = parse_binary_level (p, parse_sum, ops, ar, 1);
  p->depth--;
  return n;
}

static gboolean
is_cmp (DfTokType type)
{
  return type >= DF_TOK_EQ && type <= DF_TOK_LE;
}

static DfNode *
make_cmp (const DfToken *t,
          const char    *text,
          DfNode        *a,
          DfNode        *b)
{
  DfNode *n = binary (DF_N_CMP, t, a, b);

  n->op_text = NULL;
  switch (t->type)
    {
    case DF_TOK_EQ: n->cmp = DF_CMP_EQ; break;
    case DF_TOK_NE: n->cmp = DF_CMP_NE; n->all = TRUE; break;
    case DF_TOK_ALL_EQ: n->cmp = DF_CMP_EQ; n->all = TRUE; break;
    case DF_TOK_ANY_NE: n->cmp = DF_CMP_NE; break;
    case DF_TOK_GT: n->cmp = DF_CMP_GT; break;
    case DF_TOK_GE: n->cmp = DF_CMP_GE; break;
    case DF_TOK_LT: n->cmp = DF_CMP_LT; break;
    case DF_TOK_LE: n->cmp = DF_CMP_LE; break;
    default: g_assert_not_reached ();
    }
  n->text = g_strndup (text + t->start, t->len);
  return n;
}

/* A copy of a value node, for the middle of "a < b < c".  Only unchecked
 * value trees reach here. */
static DfNode *
dup_node (const DfNode *src)
{
  DfNode *n;

  if (src == NULL)
    return NULL;
  n = g_new0 (DfNode, 1);
  *n = *src;
  n->a = dup_node (src->a);
  n->b = dup_node (src->b);
  if (src->text != NULL)
    n->text = g_memdup2 (src->text, MAX (src->text_len, strlen (src->text)) + 1);
  if (src->args != NULL)
    {
      n->args = g_ptr_array_new ();
      for (guint i = 0; i < src->args->len; i++)
        g_ptr_array_add (n->args, dup_node (g_ptr_array_index (src->args, i)));
    }
  if (src->ranges != NULL)
    {
      n->ranges = g_array_new (FALSE, TRUE, sizeof (DfRange));
      g_array_append_vals (n->ranges, src->ranges->data, src->ranges->len);
    }
  n->regex = NULL;
  return n;
}

static DfNode *
parse_set (Parser *p)
{
  const DfToken *open = peek (p);
  DfNode *set;

  if (open->type != DF_TOK_LBRACE)
    return unexpected (p);
  next (p);
  set = df_node_new (DF_N_SET, open->start, open->len);
  set->args = g_ptr_array_new ();
  for (;;)
    {
      DfNode *lo, *hi = NULL;

      lo = parse_unary (p);
      if (lo == NULL)
        goto fail;
      if (peek (p)->type == DF_TOK_DOTDOT)
        {
          next (p);
          hi = parse_unary (p);
          if (hi == NULL)
            {
              df_node_free (lo);
              goto fail;
            }
        }
      g_ptr_array_add (set->args, lo);
      g_ptr_array_add (set->args, hi);
      /* Wireshark 4.0 wants commas; earlier versions took spaces: take both */
      if (peek (p)->type == DF_TOK_COMMA)
        next (p);
      if (peek (p)->type == DF_TOK_RBRACE)
        break;
    }
  set->len = peek (p)->start + 1 - set->start;
  next (p);
  return set;

fail:
  df_node_free (set);
  return NULL;
}

static DfNode *
parse_relation (Parser *p)
{
  const DfToken *quant = NULL;
  const DfToken *t;
  DfNode *left, *n = NULL;

  if (peek (p)->type == DF_TOK_ANY || peek (p)->type == DF_TOK_ALL)
    quant = next (p);

  left = parse_arith (p);
  if (left == NULL)
    return NULL;
  t = peek (p);

  if (is_cmp (t->type))
    {
      DfNode *right;

      next (p);
      right = parse_arith (p);
      if (right == NULL)
        {
          df_node_free (left);
          return NULL;
        }
      n = make_cmp (t, p->text, left, right);
      /* a < b <= c: (a < b) and (b <= c) */
      while (n != NULL && is_cmp (peek (p)->type))
        {
          const DfToken *t2 = next (p);
          DfNode *prev_right = n->kind == DF_N_AND ? n->b->b : n->b;
          DfNode *third = parse_arith (p);
          DfNode *and;

          if (third == NULL)
            {
              df_node_free (n);
              return NULL;
            }
          and = df_node_new (DF_N_AND, t2->start, t2->len);
          and->a = n;
          and->b = make_cmp (t2, p->text, dup_node (prev_right), third);
          n = and;
        }
    }
  else if (t->type == DF_TOK_CONTAINS || t->type == DF_TOK_MATCHES)
    {
      DfNode *right;

      next (p);
      right = parse_arith (p);
      if (right == NULL)
        {
          df_node_free (left);
          return NULL;
        }
      n = binary (t->type == DF_TOK_CONTAINS ? DF_N_CONTAINS : DF_N_MATCHES, t, left, right);
      n->text = g_strndup (p->text + t->start, t->len);
    }
  else if (t->type == DF_TOK_IN || (t->type == DF_TOK_NOT && peek2 (p)->type == DF_TOK_IN))
    {
      gboolean negate = t->type == DF_TOK_NOT;
      const DfToken *in;
      DfNode *set;

      next (p);
      in = negate ? next (p) : t;
      set = parse_set (p);
      if (set == NULL)
        {
          df_node_free (left);
          return NULL;
        }
      n = binary (DF_N_IN, in, left, set);
      if (negate)
        {
          DfNode *not = df_node_new (DF_N_NOT, t->start, t->len);

          not->a = n;
          n = not;
        }
    }
  else
    {
      /* a bare field, slice or arithmetic: an existence or truth test */
      n = df_node_new (DF_N_EXISTS, left->start, left->len);
      n->a = left;
      if (quant != NULL)
        {
          df_node_free (n);
          return unexpected (p);
        }
    }

  if (quant != NULL)
    {
      DfNode *q = n;

      /* a chain got an AND on top: the quantifier applies to each test */
      while (q->kind == DF_N_AND)
        {
          q->b->all = quant->type == DF_TOK_ALL;
          q = q->a;
        }
      q->all = quant->type == DF_TOK_ALL;
    }
  return n;
}

static DfNode *
parse_not (Parser *p)
{
  const DfToken *t = peek (p);
  DfNode *n, *inner;

  if (++p->depth > MAX_DEPTH)
    return too_deep (p);

  if (t->type == DF_TOK_NOT)
    {
      next (p);
      inner = parse_not (p);
      p->depth--;
      if (inner == NULL)
        return NULL;
      n = df_node_new (DF_N_NOT, t->start, t->len);
      n->a = inner;
      return n;
    }

  if (t->type == DF_TOK_LPAREN)
    {
      next (p);
      inner = parse_or (p);
      p->depth--;
      if (inner == NULL)
        return NULL;
      if (peek (p)->type != DF_TOK_RPAREN)
        {
          df_node_free (inner);
          return unexpected (p);
        }
      next (p);
      return inner;
    }

  n = parse_relation (p);
  p->depth--;
  return n;
}

static DfNode *
parse_logic (Parser      *p,
             DfNode    *(*operand) (Parser *),
             DfTokType    op,
             DfNodeKind   kind)
{
  DfNode *left = operand (p);

  while (left != NULL && peek (p)->type == op)
    {
      const DfToken *t = next (p);
      DfNode *right = operand (p);

      if (right == NULL)
        {
          df_node_free (left);
          return NULL;
        }
      left = binary (kind, t, left, right);
    }
  return left;
}

static DfNode *
parse_and (Parser *p)
{
  return parse_logic (p, parse_not, DF_TOK_AND, DF_N_AND);
}

static DfNode *
parse_xor (Parser *p)
{
  return parse_logic (p, parse_and, DF_TOK_XOR, DF_N_XOR);
}

static DfNode *
parse_or (Parser *p)
{
  return parse_logic (p, parse_xor, DF_TOK_OR, DF_N_OR);
}

gboolean
df_parse (const char          *text,
          GArray              *tokens,
          DfNode             **root,
          TrawlFilterLocation *where,
          GError             **error)
{
  Parser p = { text, tokens, 0, where, error, FALSE, 0 };
  DfNode *n;

  *root = NULL;
  if (peek (&p)->type == DF_TOK_EOF)
    return TRUE;   /* the empty filter matches everything */

  n = parse_or (&p);
  if (n == NULL)
    {
      if (!p.failed)
        unexpected (&p);
      return FALSE;
    }
  if (peek (&p)->type != DF_TOK_EOF)
    {
      df_node_free (n);
      unexpected (&p);
      return FALSE;
    }
  *root = n;
  return TRUE;
}
