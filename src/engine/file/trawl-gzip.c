/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-gzip.c: inflate a gzip-compressed capture to a temporary file
 *
 * The inflated bytes go to a temporary file that is unlinked at once:
 * the capture is then mapped like any other, the page cache holds it
 * (not our heap), and it disappears when the last descriptor closes.
 * Several gzip members in a row (cat a.gz b.gz) are inflated one after
 * the other, as gzip(1) does.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <zlib.h>

#include "trawl-capture-file-private.h"

#define GZIP_BUF_SIZE (256 * 1024)

static gboolean
write_all (int           fd,
           const guint8 *buf,
           gsize         len)
{
  while (len > 0)
    {
      ssize_t n = write (fd, buf, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      buf += n;
      len -= n;
    }
  return TRUE;
}

static ssize_t
read_some (int     fd,
           guint8 *buf,
           gsize   len)
{
  ssize_t n;

  do
    n = read (fd, buf, len);
  while (n < 0 && errno == EINTR);
  return n;
}

static int
open_tmp (const char  *display_name,
          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *tmp_path = NULL;
  int fd;

  fd = g_file_open_tmp ("trawl-XXXXXX.inflated", &tmp_path, &local_error);
  if (fd < 0)
    {
      g_set_error (error, TRAWL_CAPTURE_FILE_ERROR, TRAWL_CAPTURE_FILE_ERROR_NOT_FOUND,
                   "could not decompress ‘%s’: %s", display_name, local_error->message);
      return -1;
    }
  /* Nobody else needs the name; the data lives until we close it. */
  g_unlink (tmp_path);
  return fd;
}

/* Copies a plain capture stream (a pipe) into @out_fd. */
static gboolean
stream_copy (int           fd,
                   const guint8 *head,
                   gsize         n_head,
                   int           out_fd,
                   const char   *display_name,
                   gint         *stop,
                   guint64      *produced_out,
                   GError      **error)
{
  g_autofree guint8 *buf = g_malloc (GZIP_BUF_SIZE);
  guint64 produced = 0;

  for (;;)
    {
      ssize_t n;

      if (n_head > 0)
        {
          memcpy (buf, head, n_head);
          n = (ssize_t) n_head;
          n_head = 0;
        }
      else
        n = read_some (fd, buf, GZIP_BUF_SIZE);
      if (n < 0)
        {
          g_set_error (error, TRAWL_CAPTURE_FILE_ERROR, TRAWL_CAPTURE_FILE_ERROR_NOT_FOUND,
                       "reading ‘%s’ failed: %s", display_name, g_strerror (errno));
          return FALSE;
        }
      if (n == 0)
        return TRUE;
      if (!write_all (out_fd, buf, n))
        {
          g_set_error (error, TRAWL_CAPTURE_FILE_ERROR, TRAWL_CAPTURE_FILE_ERROR_NOT_FOUND,
                       "copying ‘%s’ to a temporary file failed: %s", display_name, g_strerror (errno));
          return FALSE;
        }
      produced += n;
      if (produced_out != NULL)
        __atomic_store_n (produced_out, produced, __ATOMIC_RELEASE);
      if (stop != NULL && g_atomic_int_get (stop))
        return TRUE;
    }
}

/* The largest inflated size read without asking: a few kilobytes of
 * gzip can hold gigabytes of zeros.  TRAWL_GZIP_LIMIT (bytes, or with a
 * K, M, G or T suffix) raises it. */
#define DEFAULT_LIMIT (G_GUINT64_CONSTANT (32) << 30)

guint64
trawl_gzip_limit (void)
{
  const char *env = g_getenv ("TRAWL_GZIP_LIMIT");
  char *end;
  guint64 v;

  if (env == NULL || !g_ascii_isdigit (*env))
    return DEFAULT_LIMIT;
  v = g_ascii_strtoull (env, &end, 10);
  switch (g_ascii_toupper (*end))
    {
    case 'T': v <<= 10; G_GNUC_FALLTHROUGH;
    case 'G': v <<= 10; G_GNUC_FALLTHROUGH;
    case 'M': v <<= 10; G_GNUC_FALLTHROUGH;
    case 'K': v <<= 10; break;
    default: break;
    }
  return v > 0 ? v : DEFAULT_LIMIT;
}

/* Whether the first inflated bytes are a capture's magic number: a
 * compressed file that holds something else is refused before it is
 * inflated in full. */
static gboolean
check_magic (const guint8  *p,
             gsize          n,
             const char    *display_name,
             GError       **error)
{
  guint32 magic;

  if (n < 4)
    return TRUE;  /* the reader says what is wrong with a tiny file */
  magic = ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
  switch (magic)
    {
    case 0xa1b2c3d4: case 0xd4c3b2a1: case 0xa1b23c4d: case 0x4d3cb2a1:
    case 0x0a0d0d0a: case 0xa1b2cd34: case 0x34cdb2a1:
      return TRUE;
    default:
      g_set_error (error, TRAWL_CAPTURE_FILE_ERROR, TRAWL_CAPTURE_FILE_ERROR_NOT_CAPTURE,
                   "‘%s’ is compressed, but what it holds is not a capture file: "
                   "unknown magic number 0x%08x at byte 0 once decompressed",
                   display_name, magic);
      return FALSE;
    }
}

/**
 * trawl_gzip_inflate:
 * @fd: the compressed input (a file or a pipe), read from where it is
 * @out_fd: where the inflated bytes go
 * @stop: (nullable): atomic; non-zero stops early (not an error)
 * @produced: (nullable): atomic; the bytes written so far
 *
 * Inflates every gzip member of @fd into @out_fd, checking the capture
 * magic number first and stopping past trawl_gzip_limit () bytes.
 * Damage is a @warning (what came before it is kept); FALSE with @error
 * when it cannot start, cannot write, holds no capture or is too big.
 */
gboolean
trawl_gzip_inflate (int           fd,
                    const guint8 *head,
                    gsize         n_head,
                    int           out_fd,
                    const char   *display_name,
                    gint         *stop,
                    guint64      *produced_out,
                    char        **warning,
                    GError      **error)
{
  g_autofree guint8 *in = g_malloc (GZIP_BUF_SIZE);
  g_autofree guint8 *out = g_malloc (GZIP_BUF_SIZE);
  z_stream zs = { 0 };
  gboolean pending = FALSE;
  guint64 produced = 0;
  guint64 limit = trawl_gzip_limit ();
  gboolean in_member = FALSE;
  gboolean eof = FALSE;
  int tmp_fd = out_fd;

  /* 16 + MAX_WBITS: gzip wrapper only. */
  if (inflateInit2 (&zs, 16 + MAX_WBITS) != Z_OK)
    {
      g_set_error (error, TRAWL_CAPTURE_FILE_ERROR, TRAWL_CAPTURE_FILE_ERROR_UNSUPPORTED,
                   "could not decompress ‘%s’: zlib failed to start", display_name);
      return FALSE;
    }

  for (;;)
    {
      int ret;
      gsize n_out;

      if (zs.avail_in == 0 && n_head > 0)
        {
          /* Bytes the caller read before it knew this was gzip. */
          memcpy (in, head, n_head);
          zs.next_in = in;
          zs.avail_in = n_head;
          n_head = 0;
        }
      if (zs.avail_in == 0 && !eof)
        {
          ssize_t n = read_some (fd, in, GZIP_BUF_SIZE);

          if (n < 0)
            {
              *warning = g_strdup_printf ("reading the compressed file failed: %s", g_strerror (errno));
              break;
            }
          eof = n == 0;
          zs.next_in = in;
          zs.avail_in = n;
        }
      /* At the end of the input, stop unless zlib still holds output
       * (the previous call filled the buffer) or a member is open. */
      if (zs.avail_in == 0 && eof && !pending)
        break;

      zs.next_out = out;
      zs.avail_out = GZIP_BUF_SIZE;
      in_member = TRUE;
      ret = inflate (&zs, Z_NO_FLUSH);
      n_out = GZIP_BUF_SIZE - zs.avail_out;
      pending = zs.avail_out == 0;

      if (produced == 0 && !check_magic (out, n_out, display_name, error))
        {
          inflateEnd (&zs);
          return FALSE;
        }
      if (produced + n_out > limit)
        {
          inflateEnd (&zs);
          g_set_error (error, TRAWL_CAPTURE_FILE_ERROR, TRAWL_CAPTURE_FILE_ERROR_UNSUPPORTED,
                       "‘%s’ decompresses to more than %" G_GUINT64_FORMAT " MiB; if that is"
                       " expected, raise the limit with TRAWL_GZIP_LIMIT (e.g. TRAWL_GZIP_LIMIT=200G)",
                       display_name, limit >> 20);
          return FALSE;
        }
      if (!write_all (tmp_fd, out, n_out))
        {
          int saved_errno = errno;

          inflateEnd (&zs);
          g_set_error (error, TRAWL_CAPTURE_FILE_ERROR, TRAWL_CAPTURE_FILE_ERROR_NOT_FOUND,
                       "could not decompress ‘%s’: writing the temporary file failed: %s",
                       display_name, g_strerror (saved_errno));
          return FALSE;
        }
      produced += n_out;
      if (produced_out != NULL)
        __atomic_store_n (produced_out, produced, __ATOMIC_RELEASE);
      if (stop != NULL && g_atomic_int_get (stop))
        break;

      if (ret == Z_STREAM_END)
        {
          /* Another member may follow (gzip files concatenate). */
          in_member = FALSE;
          pending = FALSE;
          inflateReset (&zs);
          continue;
        }
      if (ret == Z_OK)
        continue;
      if (ret == Z_BUF_ERROR)
        {
          /* No progress possible: more input needed, or none is left. */
          pending = FALSE;
          if (eof && zs.avail_in == 0)
            break;
          continue;
        }

      *warning = g_strdup_printf ("the compressed data is damaged (%s); the %" G_GUINT64_FORMAT
                                  " bytes decompressed before that are shown",
                                  zs.msg ? zs.msg : "zlib error", produced);
      in_member = FALSE;
      break;
    }

  if (in_member && *warning == NULL)
    *warning = g_strdup_printf ("the compressed data is cut short; the %" G_GUINT64_FORMAT
                                " bytes decompressed before the end are shown", produced);

  inflateEnd (&zs);
  return TRUE;
}

int
trawl_gzip_inflate_to_tmp (int          fd,
                           const char  *display_name,
                           char       **warning,
                           GError     **error)
{
  int tmp_fd = open_tmp (display_name, error);

  if (tmp_fd < 0)
    return -1;
  if (lseek (fd, 0, SEEK_SET) < 0 ||
      !trawl_gzip_inflate (fd, NULL, 0, tmp_fd, display_name, NULL, NULL, warning, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, TRAWL_CAPTURE_FILE_ERROR, TRAWL_CAPTURE_FILE_ERROR_NOT_FOUND,
                     "could not decompress ‘%s’: %s", display_name, g_strerror (errno));
      close (tmp_fd);
      return -1;
    }
  return tmp_fd;
}

/**
 * trawl_capture_stream_feed:
 *
 * Copies the capture stream @fd (a pipe, a FIFO, stdin, a file), or
 * inflates it when it is gzip, into @out_fd until its end or until
 * *@stop (atomic) is set.  *@produced (atomic) counts the bytes written,
 * so that a growing TrawlCaptureFile on @out_fd's file can index them
 * as they come.  Damage in compressed data is a @warning.
 */
gboolean
trawl_capture_stream_feed (int           fd,
                           int           out_fd,
                           const char   *display_name,
                           gint         *stop,
                           guint64      *produced,
                           char        **warning,
                           GError      **error)
{
  guint8 head[16];
  gsize n_head = 0;

  g_return_val_if_fail (fd >= 0 && out_fd >= 0, FALSE);

  /* Two bytes tell gzip from a capture. */
  while (n_head < 2)
    {
      ssize_t n = read_some (fd, head + n_head, 2 - n_head);

      if (n < 0)
        {
          g_set_error (error, TRAWL_CAPTURE_FILE_ERROR, TRAWL_CAPTURE_FILE_ERROR_NOT_FOUND,
                       "reading ‘%s’ failed: %s", display_name, g_strerror (errno));
          return FALSE;
        }
      if (n == 0)
        break;
      n_head += n;
    }
  if (n_head == 2 && head[0] == 0x1f && head[1] == 0x8b)
    return trawl_gzip_inflate (fd, head, n_head, out_fd, display_name, stop, produced, warning, error);
  return stream_copy (fd, head, n_head, out_fd, display_name, stop, produced, error);
}
