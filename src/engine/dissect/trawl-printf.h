/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-printf.h: number and text formatting without printf, for the
 * texts every frame builds (Info, summary lines, tree suffixes) */
#pragma once

#include <stdarg.h>
#include <glib.h>

G_BEGIN_DECLS

/* Write @value in decimal at @buf (room for 21 bytes), NUL-terminated;
 * returns the end (the NUL). */
char   *trawl_format_uint   (char       *buf,
                             guint64     value);

/* vsnprintf for the formats dissectors use most: conversions s, u, d, c,
 * x, X and %%, with a '-' or '0' flag, a width and an l or ll length.
 * Writes at most @size - 1 bytes and a NUL at @buf and returns the
 * length, or -1 when @format has anything else or the text does not
 * fit.  @args is left as it was (read through a copy), for printf. */
gssize  trawl_format_vsimple (char       *buf,
                              gsize       size,
                              const char *format,
                              va_list     args);

G_END_DECLS
