/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-capture-protocol.c: hostile bytes on the capture control channel
 *
 * The input is fed to the decoder in chunks whose sizes come from the
 * input itself; each message that comes out is parsed as a started and a
 * progress payload, as the engine would.  Nothing may read out of bounds
 * and every refusal must come with an error.
 */
#include <stdint.h>

#include "trawl-capture-protocol.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
parse_payload (const char *payload,
               gsize       len)
{
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;
  g_autoptr(GArray) started = trawl_capture_parse_started (payload, len, &e1);
  guint64 packets, filesize;
  g_autoptr(GArray) progress = trawl_capture_parse_progress (payload, len, &packets, &filesize, &e2);

  g_assert ((started == NULL) == (e1 != NULL));
  g_assert ((progress == NULL) == (e2 != NULL));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(TrawlCaptureDecoder) dec = trawl_capture_decoder_new ();
  gsize off = 0;

  if (size > 1 << 20)
    return 0;
  /* The raw input as a payload too: the parsers see every byte sequence. */
  parse_payload ((const char *) data, size);
  while (off < size)
    {
      gsize chunk = 1 + data[off] % 64;
      guint8 type;
      const char *payload;
      gsize len;
      g_autoptr(GError) error = NULL;

      chunk = MIN (chunk, size - off);
      trawl_capture_decoder_push (dec, data + off, chunk);
      off += chunk;
      while (trawl_capture_decoder_next (dec, &type, &payload, &len, &error))
        {
          g_assert (trawl_capture_msg_type_is_valid (type));
          g_assert (len <= TRAWL_CAPTURE_MSG_MAX_PAYLOAD);
          parse_payload (payload, len);
        }
      if (error)
        break;
    }
  return 0;
}
