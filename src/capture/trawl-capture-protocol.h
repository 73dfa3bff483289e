/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-capture-protocol.h: the framed messages between trawl-capture and its parent
 *
 * A message is a 4-byte header -- 1 byte type, 3 bytes big-endian payload
 * length -- then the payload: UTF-8 text without NUL, at most 65535 bytes.
 * Both the helper and the engine compile trawl-capture-protocol.c, so the
 * two sides cannot disagree on the framing.  The decoder is fed hostile
 * bytes (the parent cannot trust a helper it did not build, and the helper
 * must not trust its parent): every length is checked before use.
 *
 * Helper -> parent:
 *   'S' started   one line per interface "NAME\tLINKTYPE\tSNAPLEN\n", in IDB order
 *   'P' progress  "packets=N filesize=B\n" then per interface
 *                 "if=NAME recv=R drop=D ifdrop=I\n"; sent after the pcapng bytes
 *                 of those packets are written, so a reader may index up to B
 *   'E' error     one line of text
 *   'X' stopped   the reason ("stopped", "autostop: packets", "signal", ...);
 *                 the last message, after the last ISB was written
 * Parent -> helper:
 *   'Q' quit      no payload: stop capturing
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* trawl-capture's exit codes (documented in trawl-capture.c). */
typedef enum
{
  TRAWL_CAPTURE_EXIT_OK         = 0,
  TRAWL_CAPTURE_EXIT_INTERNAL   = 1,
  TRAWL_CAPTURE_EXIT_USAGE      = 2,
  TRAWL_CAPTURE_EXIT_NUMBER     = 3,
  TRAWL_CAPTURE_EXIT_INTERFACE  = 4,
  TRAWL_CAPTURE_EXIT_FILTER     = 5,
  TRAWL_CAPTURE_EXIT_FD         = 6,
  TRAWL_CAPTURE_EXIT_PERMISSION = 7,
  TRAWL_CAPTURE_EXIT_DEVICE     = 8,
  TRAWL_CAPTURE_EXIT_CAPTURE    = 9,
  TRAWL_CAPTURE_EXIT_PRIVILEGE  = 10,
} TrawlCaptureExit;

#define TRAWL_CAPTURE_MSG_HEADER_SIZE 4
#define TRAWL_CAPTURE_MSG_MAX_PAYLOAD 65535

typedef enum
{
  TRAWL_CAPTURE_MSG_STARTED  = 'S',
  TRAWL_CAPTURE_MSG_PROGRESS = 'P',
  TRAWL_CAPTURE_MSG_ERROR    = 'E',
  TRAWL_CAPTURE_MSG_STOPPED  = 'X',
  TRAWL_CAPTURE_MSG_QUIT     = 'Q',
} TrawlCaptureMsgType;

#define TRAWL_CAPTURE_PROTOCOL_ERROR (trawl_capture_protocol_error_quark ())

typedef enum
{
  TRAWL_CAPTURE_PROTOCOL_ERROR_TYPE,     /* unknown message type */
  TRAWL_CAPTURE_PROTOCOL_ERROR_LENGTH,   /* payload longer than allowed */
  TRAWL_CAPTURE_PROTOCOL_ERROR_TEXT,     /* payload not UTF-8 text, or malformed lines */
} TrawlCaptureProtocolError;

GQuark   trawl_capture_protocol_error_quark (void);

gboolean trawl_capture_msg_type_is_valid (guint type);

/* Appends one framed message to @out.  FALSE when @len is over the limit. */
gboolean trawl_capture_msg_encode (GByteArray *out,
                                   guint8      type,
                                   const char *payload,
                                   gsize       len);

/* An incremental decoder: push the bytes as they are read, then take the
 * complete messages out one at a time. */
typedef struct _TrawlCaptureDecoder TrawlCaptureDecoder;

TrawlCaptureDecoder *trawl_capture_decoder_new  (void);
void                 trawl_capture_decoder_free (TrawlCaptureDecoder *self);
void                 trawl_capture_decoder_push (TrawlCaptureDecoder *self,
                                                 const guint8        *data,
                                                 gsize                len);
/* TRUE and a message in *type / *payload (NUL-terminated, owned by the
 * decoder until the next call) when one is complete; FALSE with @error
 * set when the stream is broken (it stays broken), FALSE without an error
 * when more bytes are needed. */
gboolean             trawl_capture_decoder_next (TrawlCaptureDecoder *self,
                                                 guint8              *type,
                                                 const char         **payload,
                                                 gsize               *len,
                                                 GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TrawlCaptureDecoder, trawl_capture_decoder_free)

/* Parsed payloads. */
typedef struct
{
  char    name[16];
  guint32 linktype;
  guint32 snaplen;
} TrawlCaptureStartedIf;

typedef struct
{
  char    name[16];
  guint64 recv;
  guint64 drop;
  guint64 ifdrop;
} TrawlCaptureIfCounters;

/* Each fills a GArray of the struct above (at most 64 entries). */
GArray  *trawl_capture_parse_started  (const char  *payload,
                                       gsize        len,
                                       GError     **error);
GArray  *trawl_capture_parse_progress (const char  *payload,
                                       gsize        len,
                                       guint64     *packets,
                                       guint64     *filesize,
                                       GError     **error);

/* The interface-name rule both sides apply: 1-15 characters of
 * [A-Za-z0-9_.:-], not "." nor "..". */
gboolean trawl_capture_interface_name_is_valid (const char *name);

G_END_DECLS
