/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-dfilter-lexer.c: display-filter text to tokens
 *
 * Like Wireshark's scanner, most of what is not punctuation is one "word"
 * (tcp.port, 80, 10.0.0.0/8, fe80::1, aa:bb:cc): whether a word is a field
 * or a literal is decided later, when the checker knows what it is
 * compared with.  Inside [ ] the text between commas is a slice range.
 */
#include "config.h"

#include <string.h>

#include "trawl-dfilter-private.h"

typedef struct
{
  const char *kw;
  DfTokType   type;
} Keyword;

/* Wireshark 4.0 takes these in lower case only ("AND" is a word). */
static const Keyword keywords[] = {
  { "and", DF_TOK_AND },
  { "or", DF_TOK_OR },
  { "xor", DF_TOK_XOR },
  { "not", DF_TOK_NOT },
  { "any", DF_TOK_ANY },
  { "all", DF_TOK_ALL },
  { "eq", DF_TOK_EQ },
  { "any_eq", DF_TOK_EQ },
  { "ne", DF_TOK_NE },
  { "all_ne", DF_TOK_NE },
  { "all_eq", DF_TOK_ALL_EQ },
  { "any_ne", DF_TOK_ANY_NE },
  { "gt", DF_TOK_GT },
  { "ge", DF_TOK_GE },
  { "lt", DF_TOK_LT },
  { "le", DF_TOK_LE },
  { "contains", DF_TOK_CONTAINS },
  { "matches", DF_TOK_MATCHES },
  { "in", DF_TOK_IN },
  { "bitand", DF_TOK_BITAND },
};

/* Longest first, so "!==" wins over "!=" and "!". */
static const Keyword puncts[] = {
  { "===", DF_TOK_ALL_EQ },
  { "!==", DF_TOK_ANY_NE },
  { "==", DF_TOK_EQ },
  { "!=", DF_TOK_NE },
  { "~=", DF_TOK_ANY_NE },
  { ">=", DF_TOK_GE },
  { "<=", DF_TOK_LE },
  { "&&", DF_TOK_AND },
  { "||", DF_TOK_OR },
  { "^^", DF_TOK_XOR },
  { "..", DF_TOK_DOTDOT },
  { ">", DF_TOK_GT },
  { "<", DF_TOK_LT },
  { "!", DF_TOK_NOT },
  { "~", DF_TOK_MATCHES },
  { "&", DF_TOK_BITAND },
  { "+", DF_TOK_PLUS },
  { "-", DF_TOK_MINUS },
  { "*", DF_TOK_STAR },
  { "/", DF_TOK_SLASH },
  { "%", DF_TOK_PERCENT },
  { "(", DF_TOK_LPAREN },
  { ")", DF_TOK_RPAREN },
  { "{", DF_TOK_LBRACE },
  { "}", DF_TOK_RBRACE },
  { "[", DF_TOK_LBRACKET },
  { "]", DF_TOK_RBRACKET },
  { ",", DF_TOK_COMMA },
};

const char *
df_token_name (DfTokType type)
{
  switch (type)
    {
    case DF_TOK_EOF: return "end of filter";
    case DF_TOK_WORD: return "word";
    case DF_TOK_STRING: return "string";
    case DF_TOK_CHARCONST: return "character constant";
    case DF_TOK_RANGE: return "range";
    default:
      for (guint i = 0; i < G_N_ELEMENTS (puncts); i++)
        if (puncts[i].type == type)
          return puncts[i].kw;
      for (guint i = 0; i < G_N_ELEMENTS (keywords); i++)
        if (keywords[i].type == type)
          return keywords[i].kw;
      return "?";
    }
}

void
df_fail (GError                 **error,
         TrawlFilterLocation     *where,
         TrawlDisplayFilterError  code,
         guint                    start,
         guint                    len,
         const char              *format,
         ...)
{
  va_list args;

  if (where != NULL)
    {
      where->start = start;
      where->len = len;
    }
  if (error == NULL)
    return;
  va_start (args, format);
  *error = g_error_new_valist (TRAWL_DISPLAY_FILTER_ERROR, code, format, args);
  va_end (args);
}

static gboolean
is_word_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '.' || c == ':' || c == '-' || c == '/';
}

static void
push (GArray     *tokens,
      DfTokType   type,
      guint       start,
      guint       len,
      const char *text,
      gssize      text_len)
{
  DfToken t = { type, start, len, NULL, 0 };

  if (text != NULL)
    {
      if (text_len < 0)
        text_len = (gssize) strlen (text);
      t.text = g_strndup (text, (gsize) text_len);
      t.text_len = (guint) text_len;
    }
  g_array_append_val (tokens, t);
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* One escape after a backslash at @p (pointing past it): appends the byte
 * and returns the number of characters used, 0 if invalid. */
static guint
read_escape (const char *p,
             GString    *out)
{
  switch (*p)
    {
    case 'a': g_string_append_c (out, '\a'); return 1;
    case 'b': g_string_append_c (out, '\b'); return 1;
    case 'f': g_string_append_c (out, '\f'); return 1;
    case 'n': g_string_append_c (out, '\n'); return 1;
    case 'r': g_string_append_c (out, '\r'); return 1;
    case 't': g_string_append_c (out, '\t'); return 1;
    case 'v': g_string_append_c (out, '\v'); return 1;
    case 'x':
      {
        int h1 = hex_value (p[1]), h2;

        if (h1 < 0)
          return 0;
        h2 = hex_value (p[2]);
        if (h2 < 0)
          {
            g_string_append_c (out, (char) h1);
            return 2;
          }
        g_string_append_c (out, (char) (h1 * 16 + h2));
        return 3;
      }
    case '0': case '1': case '2': case '3':
    case '4': case '5': case '6': case '7':
      {
        guint v = 0, n = 0;

        while (n < 3 && p[n] >= '0' && p[n] <= '7')
          v = v * 8 + (guint) (p[n++] - '0');
        if (v > 255)
          return 0;
        g_string_append_c (out, (char) v);
        return n;
      }
    case '\0':
      return 0;
    default:
      /* \\ \" \' and any other character stand for themselves */
      g_string_append_c (out, *p);
      return 1;
    }
}

/* A quoted string or character constant starting at text[i] (the quote).
 * Returns the index past the closing quote, or 0 on error. */
static guint
lex_quoted (const char          *text,
            guint                i,
            gboolean             raw,
            GArray              *tokens,
            TrawlFilterLocation *where,
            GError             **error)
{
  char quote = text[i];
  guint start = raw ? i - 1 : i;
  g_autoptr(GString) s = g_string_new (NULL);
  guint j = i + 1;

  while (text[j] != '\0' && text[j] != quote)
    {
      if (text[j] == '\\')
        {
          guint used;

          if (raw)
            {
              /* a raw string keeps the backslash, and \" does not end it */
              g_string_append_c (s, '\\');
              if (text[j + 1] == '\0')
                break;
              g_string_append_c (s, text[j + 1]);
              j += 2;
              continue;
            }
          used = read_escape (text + j + 1, s);
          if (used == 0)
            {
              df_fail (error, where, TRAWL_DISPLAY_FILTER_ERROR_SYNTAX, j,
                       text[j + 1] != '\0' ? 2 : 1,
                       "Invalid escape sequence in string.");
              return 0;
            }
          j += 1 + used;
          continue;
        }
      g_string_append_c (s, text[j]);
      j++;
    }
  if (text[j] != quote)
    {
      df_fail (error, where, TRAWL_DISPLAY_FILTER_ERROR_SYNTAX, start, j - start,
               quote == '"' ? "The final quote was missing from a quoted string."
                            : "The final quote was missing from a character constant.");
      return 0;
    }
  if (quote == '\'' && s->len != 1)
    {
      df_fail (error, where, TRAWL_DISPLAY_FILTER_ERROR_SYNTAX, start, j + 1 - start,
               "%.*s is not a valid character constant.", (int) (j + 1 - start), text + start);
      return 0;
    }
  push (tokens, quote == '"' ? DF_TOK_STRING : DF_TOK_CHARCONST,
        start, j + 1 - start, s->str, (gssize) s->len);
  return j + 1;
}

/* The ranges inside [ ], from just after '[': "0:3", "-2:", "1-4", ... */
static guint
lex_ranges (const char          *text,
            guint                i,
            GArray              *tokens,
            TrawlFilterLocation *where,
            GError             **error)
{
  for (;;)
    {
      guint s, e;

      while (g_ascii_isspace (text[i]))
        i++;
      s = i;
      while (text[i] != '\0' && text[i] != ',' && text[i] != ']' && !g_ascii_isspace (text[i]))
        i++;
      e = i;
      while (g_ascii_isspace (text[i]))
        i++;
      if (e > s)
        push (tokens, DF_TOK_RANGE, s, e - s, text + s, e - s);
      if (text[i] == ',')
        {
          push (tokens, DF_TOK_COMMA, i, 1, NULL, 0);
          i++;
          continue;
        }
      if (text[i] == ']')
        {
          push (tokens, DF_TOK_RBRACKET, i, 1, NULL, 0);
          return i + 1;
        }
      if (text[i] == '\0')
        return i;   /* the parser reports the missing ] */
      df_fail (error, where, TRAWL_DISPLAY_FILTER_ERROR_SYNTAX, i, 1,
               "\"%c\" was unexpected in this context.", text[i]);
      return 0;
    }
}

GArray *
df_lex (const char          *text,
        TrawlFilterLocation *where,
        GError             **error)
{
  g_autoptr(GArray) tokens = g_array_new (FALSE, TRUE, sizeof (DfToken));
  guint i = 0;

  while (text[i] != '\0')
    {
      char c = text[i];
      guint k;

      if (g_ascii_isspace (c))
        {
          i++;
          continue;
        }

      if (c == '"' || c == '\'' || (c == 'r' && text[i + 1] == '"'))
        {
          gboolean raw = c == 'r';

          i = lex_quoted (text, raw ? i + 1 : i, raw, tokens, where, error);
          if (i == 0)
            goto fail;
          continue;
        }

      if (is_word_char (c) && c != '-' && !(c == '.' && text[i + 1] == '.') && c != '/')
        {
          guint s = i;

          /* ".." ends a word: 80..90 is a range in a set */
          while (is_word_char (text[i]) && !(text[i] == '.' && text[i + 1] == '.'))
            i++;
          for (k = 0; k < G_N_ELEMENTS (keywords); k++)
            if (strlen (keywords[k].kw) == i - s && strncmp (keywords[k].kw, text + s, i - s) == 0)
              break;
          if (k < G_N_ELEMENTS (keywords))
            push (tokens, keywords[k].type, s, i - s, text + s, i - s);
          else
            push (tokens, DF_TOK_WORD, s, i - s, text + s, i - s);
          continue;
        }

      for (k = 0; k < G_N_ELEMENTS (puncts); k++)
        {
          gsize n = strlen (puncts[k].kw);

          if (strncmp (puncts[k].kw, text + i, n) == 0)
            break;
        }
      if (k == G_N_ELEMENTS (puncts))
        {
          gunichar uc = g_utf8_get_char_validated (text + i, -1);
          guint n = 1;

          if (uc != (gunichar) -1 && uc != (gunichar) -2)
            n = (guint) (g_utf8_next_char (text + i) - (text + i));
          df_fail (error, where, TRAWL_DISPLAY_FILTER_ERROR_SYNTAX, i, n,
                   "\"%.*s\" was unexpected in this context.", (int) n, text + i);
          goto fail;
        }
      push (tokens, puncts[k].type, i, (guint) strlen (puncts[k].kw), puncts[k].kw, -1);
      i += (guint) strlen (puncts[k].kw);
      if (puncts[k].type == DF_TOK_LBRACKET)
        {
          i = lex_ranges (text, i, tokens, where, error);
          if (i == 0)
            goto fail;
        }
    }

  push (tokens, DF_TOK_EOF, i, 0, NULL, 0);
  return g_steal_pointer (&tokens);

fail:
  df_tokens_free (g_steal_pointer (&tokens));
  return NULL;
}

void
df_tokens_free (GArray *tokens)
{
  if (tokens == NULL)
    return;
  for (guint i = 0; i < tokens->len; i++)
    g_free (g_array_index (tokens, DfToken, i).text);
  g_array_unref (tokens);
}
