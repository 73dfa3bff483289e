/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-dfilter-private.h: the display-filter compiler's insides
 *
 * text --lexer--> tokens --parser--> syntax tree --checker--> typed tree
 *
 * The checked tree *is* the program: every literal has been converted to
 * the type of what it is compared with, every field name resolved to its
 * registry entry and every regex compiled, so evaluation only walks it.
 * After checking nothing in it changes, which is what makes one compiled
 * filter safe to share between worker threads.
 */
#pragma once

#include "trawl-display-filter.h"

G_BEGIN_DECLS

/* ---- tokens ---- */

typedef enum
{
  DF_TOK_EOF,
  DF_TOK_WORD,       /* field names and unquoted literals: tcp.port 80 10.0.0.0/8 aa:bb */
  DF_TOK_STRING,     /* "..." or r"..." (text holds the decoded bytes) */
  DF_TOK_CHARCONST,  /* 'a' */
  DF_TOK_RANGE,      /* one range inside [ ]: "0:3", "-2:", "4" */
  DF_TOK_LPAREN,
  DF_TOK_RPAREN,
  DF_TOK_LBRACE,
  DF_TOK_RBRACE,
  DF_TOK_LBRACKET,
  DF_TOK_RBRACKET,
  DF_TOK_COMMA,
  DF_TOK_DOTDOT,
  DF_TOK_AND,
  DF_TOK_OR,
  DF_TOK_XOR,
  DF_TOK_NOT,
  DF_TOK_ANY,
  DF_TOK_ALL,
  DF_TOK_EQ,         /* == eq any_eq */
  DF_TOK_NE,         /* != ne all_ne */
  DF_TOK_ALL_EQ,     /* === all_eq */
  DF_TOK_ANY_NE,     /* !== ~= any_ne */
  DF_TOK_GT,
  DF_TOK_GE,
  DF_TOK_LT,
  DF_TOK_LE,
  DF_TOK_CONTAINS,
  DF_TOK_MATCHES,    /* matches ~ */
  DF_TOK_IN,
  DF_TOK_BITAND,     /* & bitand */
  DF_TOK_PLUS,
  DF_TOK_MINUS,
  DF_TOK_STAR,
  DF_TOK_SLASH,
  DF_TOK_PERCENT,
} DfTokType;

typedef struct
{
  DfTokType type;
  guint     start;   /* byte offset in the filter text */
  guint     len;
  char     *text;    /* words, ranges: as written; strings: decoded */
  guint     text_len;
} DfToken;

/* ---- the syntax tree ---- */

typedef enum
{
  /* tests: evaluate to TRUE/FALSE */
  DF_N_AND,
  DF_N_OR,
  DF_N_XOR,
  DF_N_NOT,
  DF_N_EXISTS,     /* a: field (or slice of one) */
  DF_N_TRUTH,      /* a: arithmetic, TRUE when any value is non-zero */
  DF_N_CMP,        /* a op b */
  DF_N_CONTAINS,
  DF_N_MATCHES,
  DF_N_IN,         /* a in set b */
  DF_N_CONST_TEST, /* a test whose result the checker knows */
  /* values: evaluate to zero or more values of node->type */
  DF_N_FIELD,
  DF_N_WORD,       /* unparsed word, before checking */
  DF_N_STRING,     /* string literal, before checking */
  DF_N_CHARCONST,
  DF_N_VALUE,      /* a converted constant */
  DF_N_SLICE,
  DF_N_FUNC,
  DF_N_ARITH,
  DF_N_NEG,
  DF_N_SET,        /* args: pairs lo, hi (hi NULL for a single value) */
} DfNodeKind;

typedef enum
{
  DF_CMP_EQ,
  DF_CMP_NE,
  DF_CMP_GT,
  DF_CMP_GE,
  DF_CMP_LT,
  DF_CMP_LE,
} DfCmp;

typedef enum
{
  DF_ARITH_BITAND,
  DF_ARITH_ADD,
  DF_ARITH_SUB,
  DF_ARITH_MUL,
  DF_ARITH_DIV,
  DF_ARITH_MOD,
} DfArith;

typedef enum
{
  DF_FUNC_LEN,
  DF_FUNC_COUNT,
  DF_FUNC_UPPER,
  DF_FUNC_LOWER,
  DF_FUNC_STRING,
  DF_FUNC_ABS,
  DF_FUNC_MAX,
  DF_FUNC_MIN,
} DfFunc;

/* One value.  Its type is the type of the node that made it. */
typedef struct
{
  union
  {
    guint64 u;
    gint64  i;
    double  d;
    struct
    {
      const guint8 *p;
      guint32       n;
    } b;
  } v;
  guint16 prefix;   /* IPv4/IPv6 literals: CIDR prefix bits */
} DfValue;

/* A slice range as written: start and, per kind, length or end. */
typedef struct
{
  gint64   start;
  gint64   len;      /* for [i:j] */
  gboolean to_end;   /* [i:] */
} DfRange;

typedef struct _DfNode DfNode;

struct _DfNode
{
  DfNodeKind        kind;
  guint             start;   /* place in the text, for errors */
  guint             len;
  DfCmp             cmp;
  gboolean          all;     /* quantifier: every value (else any) */
  DfArith           arith;
  DfFunc            func;
  const char       *op_text; /* the operator as written ("==", "eq") */
  DfNode           *a;
  DfNode           *b;
  GPtrArray        *args;    /* function parameters, set elements */
  const TrawlField *field;
  char             *text;    /* words and strings */
  guint             text_len;
  GArray           *ranges;  /* DfRange, for slices */
  TrawlFieldType    type;    /* type of the values (after checking) */
  DfValue           value;   /* DF_N_VALUE */
  gboolean          truth;   /* DF_N_CONST_TEST */
  GRegex           *regex;   /* DF_N_MATCHES */
};

/* lexer */
GArray  *df_lex            (const char          *text,
                            TrawlFilterLocation *where,
                            GError             **error);
void     df_tokens_free    (GArray              *tokens);
const char *df_token_name  (DfTokType            type);

/* parser: NULL root for an empty filter */
gboolean df_parse          (const char          *text,
                            GArray              *tokens,
                            DfNode             **root,
                            TrawlFilterLocation *where,
                            GError             **error);
DfNode  *df_node_new       (DfNodeKind           kind,
                            guint                start,
                            guint                len);
void     df_node_free      (DfNode              *node);

/* checker: resolves and converts in place */
gboolean df_check          (DfNode              *root,
                            TrawlFilterLocation *where,
                            GError             **error);
/* Wireshark's words for a type ("Unsigned integer (2 bytes)"). */
const char *df_type_description (TrawlFieldType  type);
gboolean df_type_is_bytes  (TrawlFieldType       type);
gboolean df_type_is_int    (TrawlFieldType       type);
gboolean df_type_is_uint   (TrawlFieldType       type);
/* Parse a slice range as written; FALSE when malformed. */
gboolean df_range_parse    (const char          *s,
                            DfRange             *range);

/* evaluation */
gboolean df_eval_test      (const DfNode        *node,
                            const TrawlPacket   *pkt);
/* Add the ids of every field @node reads to @mask (@n_bits wide). */
void     df_collect_fields (const DfNode        *node,
                            guint8              *mask,
                            guint                n_bits);

/* errors */
void     df_fail           (GError             **error,
                            TrawlFilterLocation *where,
                            TrawlDisplayFilterError code,
                            guint                start,
                            guint                len,
                            const char          *format,
                            ...) G_GNUC_PRINTF (6, 7);

G_END_DECLS
