/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-capture-protocol.c: framing and payload parsing for the capture control channel
 *
 * Every read below is checked against the length it was given: the bytes
 * come from another process.  Payload lines are parsed by hand with strict
 * rules (digits only, fixed key order) rather than sscanf, so a hostile
 * line cannot overflow a number or a name.
 */
#include "trawl-capture-protocol.h"

#include <string.h>

#define MAX_INTERFACES 64

G_DEFINE_QUARK (trawl-capture-protocol-error-quark, trawl_capture_protocol_error)

struct _TrawlCaptureDecoder
{
  GByteArray *buf;
  gsize       consumed;   /* bytes of buf already handed out */
  gboolean    broken;
  char       *payload;    /* the last message's payload, NUL-terminated */
};

gboolean
trawl_capture_msg_type_is_valid (guint type)
{
  switch (type)
    {
    case TRAWL_CAPTURE_MSG_STARTED:
    case TRAWL_CAPTURE_MSG_PROGRESS:
    case TRAWL_CAPTURE_MSG_ERROR:
    case TRAWL_CAPTURE_MSG_STOPPED:
    case TRAWL_CAPTURE_MSG_QUIT:
      return TRUE;
    default:
      return FALSE;
    }
}

gboolean
trawl_capture_msg_encode (GByteArray *out,
                          guint8      type,
                          const char *payload,
                          gsize       len)
{
  guint8 header[TRAWL_CAPTURE_MSG_HEADER_SIZE];

  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (payload != NULL || len == 0, FALSE);

  if (len > TRAWL_CAPTURE_MSG_MAX_PAYLOAD || !trawl_capture_msg_type_is_valid (type))
    return FALSE;

  header[0] = type;
  header[1] = (len >> 16) & 0xff;
  header[2] = (len >> 8) & 0xff;
  header[3] = len & 0xff;
  g_byte_array_append (out, header, sizeof header);
  if (len > 0)
    g_byte_array_append (out, (const guint8 *) payload, len);
  return TRUE;
}

TrawlCaptureDecoder *
trawl_capture_decoder_new (void)
{
  TrawlCaptureDecoder *self = g_new0 (TrawlCaptureDecoder, 1);

  self->buf = g_byte_array_new ();
  return self;
}

void
trawl_capture_decoder_free (TrawlCaptureDecoder *self)
{
  if (self == NULL)
    return;
  g_byte_array_unref (self->buf);
  g_free (self->payload);
  g_free (self);
}

void
trawl_capture_decoder_push (TrawlCaptureDecoder *self,
                            const guint8        *data,
                            gsize                len)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (data != NULL || len == 0);

  if (self->broken || len == 0)
    return;
  /* Drop what was handed out before growing, so the buffer stays within
   * one message plus what arrived behind it. */
  if (self->consumed > 0)
    {
      g_byte_array_remove_range (self->buf, 0, self->consumed);
      self->consumed = 0;
    }
  g_byte_array_append (self->buf, data, len);
}

static gboolean
payload_is_text (const char *p,
                 gsize       len)
{
  return memchr (p, '\0', len) == NULL && g_utf8_validate (p, len, NULL);
}

gboolean
trawl_capture_decoder_next (TrawlCaptureDecoder *self,
                            guint8              *type,
                            const char         **payload,
                            gsize               *len,
                            GError             **error)
{
  const guint8 *p;
  gsize avail, plen;

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->broken)
    {
      g_set_error (error, TRAWL_CAPTURE_PROTOCOL_ERROR, TRAWL_CAPTURE_PROTOCOL_ERROR_TEXT,
                   "control stream already broken");
      return FALSE;
    }

  g_assert (self->consumed <= self->buf->len);
  avail = self->buf->len - self->consumed;
  if (avail < TRAWL_CAPTURE_MSG_HEADER_SIZE)
    return FALSE;

  p = self->buf->data + self->consumed;
  plen = ((gsize) p[1] << 16) | ((gsize) p[2] << 8) | p[3];
  if (!trawl_capture_msg_type_is_valid (p[0]))
    {
      self->broken = TRUE;
      g_set_error (error, TRAWL_CAPTURE_PROTOCOL_ERROR, TRAWL_CAPTURE_PROTOCOL_ERROR_TYPE,
                   "unknown message type 0x%02x", p[0]);
      return FALSE;
    }
  if (plen > TRAWL_CAPTURE_MSG_MAX_PAYLOAD)
    {
      self->broken = TRUE;
      g_set_error (error, TRAWL_CAPTURE_PROTOCOL_ERROR, TRAWL_CAPTURE_PROTOCOL_ERROR_LENGTH,
                   "message of %" G_GSIZE_FORMAT " bytes is too long", plen);
      return FALSE;
    }
  if (avail - TRAWL_CAPTURE_MSG_HEADER_SIZE < plen)
    return FALSE;
  if (!payload_is_text ((const char *) p + TRAWL_CAPTURE_MSG_HEADER_SIZE, plen))
    {
      self->broken = TRUE;
      g_set_error (error, TRAWL_CAPTURE_PROTOCOL_ERROR, TRAWL_CAPTURE_PROTOCOL_ERROR_TEXT,
                   "message payload is not UTF-8 text");
      return FALSE;
    }

  g_free (self->payload);
  self->payload = g_strndup ((const char *) p + TRAWL_CAPTURE_MSG_HEADER_SIZE, plen);
  self->consumed += TRAWL_CAPTURE_MSG_HEADER_SIZE + plen;
  if (type)
    *type = p[0];
  if (payload)
    *payload = self->payload;
  if (len)
    *len = plen;
  return TRUE;
}

gboolean
trawl_capture_interface_name_is_valid (const char *name)
{
  gsize n;

  if (name == NULL)
    return FALSE;
  n = strlen (name);
  if (n == 0 || n > 15 || strcmp (name, ".") == 0 || strcmp (name, "..") == 0)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isalnum (name[i]) && strchr ("_.:-", name[i]) == NULL)
      return FALSE;
  return TRUE;
}

/* ---- payload parsing ---- */

typedef struct
{
  const char *p;
  const char *end;
} Scan;

/* Decimal digits only, no sign, at most @max. */
static gboolean
scan_number (Scan    *s,
             guint64  max,
             guint64 *out)
{
  guint64 v = 0;
  const char *start = s->p;

  while (s->p < s->end && g_ascii_isdigit (*s->p))
    {
      guint d = *s->p - '0';

      if (v > (max - d) / 10)
        return FALSE;
      v = v * 10 + d;
      s->p++;
    }
  if (s->p == start)
    return FALSE;
  *out = v;
  return TRUE;
}

static gboolean
scan_literal (Scan       *s,
              const char *lit)
{
  gsize n = strlen (lit);

  if ((gsize) (s->end - s->p) < n || memcmp (s->p, lit, n) != 0)
    return FALSE;
  s->p += n;
  return TRUE;
}

/* An interface name up to @stop, copied into @name[16]. */
static gboolean
scan_name (Scan *s,
           char  stop,
           char  name[16])
{
  const char *start = s->p;
  gsize n;

  while (s->p < s->end && *s->p != stop)
    s->p++;
  n = s->p - start;
  if (n == 0 || n > 15)
    return FALSE;
  memcpy (name, start, n);
  name[n] = '\0';
  return trawl_capture_interface_name_is_valid (name);
}

static gboolean
malformed (GError    **error,
           const char *what)
{
  g_set_error (error, TRAWL_CAPTURE_PROTOCOL_ERROR, TRAWL_CAPTURE_PROTOCOL_ERROR_TEXT,
               "malformed %s message", what);
  return FALSE;
}

GArray *
trawl_capture_parse_started (const char  *payload,
                             gsize        len,
                             GError     **error)
{
  g_autoptr(GArray) ifs = g_array_new (FALSE, TRUE, sizeof (TrawlCaptureStartedIf));
  Scan s = { payload, payload + len };

  g_return_val_if_fail (payload != NULL || len == 0, NULL);

  while (s.p < s.end)
    {
      TrawlCaptureStartedIf one = { 0 };
      guint64 lt, snap;

      if (ifs->len >= MAX_INTERFACES
          || !scan_name (&s, '\t', one.name) || !scan_literal (&s, "\t")
          || !scan_number (&s, G_MAXUINT32, &lt) || !scan_literal (&s, "\t")
          || !scan_number (&s, G_MAXUINT32, &snap) || !scan_literal (&s, "\n"))
        {
          malformed (error, "started");
          return NULL;
        }
      one.linktype = lt;
      one.snaplen = snap;
      g_array_append_val (ifs, one);
    }
  if (ifs->len == 0)
    {
      malformed (error, "started");
      return NULL;
    }
  return g_steal_pointer (&ifs);
}

GArray *
trawl_capture_parse_progress (const char  *payload,
                              gsize        len,
                              guint64     *packets,
                              guint64     *filesize,
                              GError     **error)
{
  g_autoptr(GArray) ifs = g_array_new (FALSE, TRUE, sizeof (TrawlCaptureIfCounters));
  Scan s = { payload, payload + len };
  guint64 n, size;

  g_return_val_if_fail (payload != NULL || len == 0, NULL);

  if (!scan_literal (&s, "packets=") || !scan_number (&s, G_MAXUINT64, &n)
      || !scan_literal (&s, " filesize=") || !scan_number (&s, G_MAXUINT64, &size)
      || !scan_literal (&s, "\n"))
    {
      malformed (error, "progress");
      return NULL;
    }
  while (s.p < s.end)
    {
      TrawlCaptureIfCounters one = { 0 };

      if (ifs->len >= MAX_INTERFACES
          || !scan_literal (&s, "if=") || !scan_name (&s, ' ', one.name)
          || !scan_literal (&s, " recv=") || !scan_number (&s, G_MAXUINT64, &one.recv)
          || !scan_literal (&s, " drop=") || !scan_number (&s, G_MAXUINT64, &one.drop)
          || !scan_literal (&s, " ifdrop=") || !scan_number (&s, G_MAXUINT64, &one.ifdrop)
          || !scan_literal (&s, "\n"))
        {
          malformed (error, "progress");
          return NULL;
        }
      g_array_append_val (ifs, one);
    }
  if (packets)
    *packets = n;
  if (filesize)
    *filesize = size;
  return g_steal_pointer (&ifs);
}
