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

int
trawl_gzip_inflate_to_tmp (int          fd,
                           const char  *display_name,
                           char       **warning,
                           GError     **error)
{
  g_autofree guint8 *in = g_malloc (GZIP_BUF_SIZE);
  g_autofree guint8 *out = g_malloc (GZIP_BUF_SIZE);
  z_stream zs = { 0 };
  gboolean pending = FALSE;
  guint64 produced = 0;
  gboolean in_member = FALSE;
  gboolean eof = FALSE;
  int tmp_fd;

  tmp_fd = open_tmp (display_name, error);
  if (tmp_fd < 0)
    return -1;

  /* 16 + MAX_WBITS: gzip wrapper only. */
  if (inflateInit2 (&zs, 16 + MAX_WBITS) != Z_OK)
    {
      close (tmp_fd);
      g_set_error (error, TRAWL_CAPTURE_FILE_ERROR, TRAWL_CAPTURE_FILE_ERROR_UNSUPPORTED,
                   "could not decompress ‘%s’: zlib failed to start", display_name);
      return -1;
    }

  if (lseek (fd, 0, SEEK_SET) < 0)
    eof = TRUE;

  for (;;)
    {
      int ret;
      gsize n_out;

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

      if (!write_all (tmp_fd, out, n_out))
        {
          int saved_errno = errno;

          inflateEnd (&zs);
          close (tmp_fd);
          g_set_error (error, TRAWL_CAPTURE_FILE_ERROR, TRAWL_CAPTURE_FILE_ERROR_NOT_FOUND,
                       "could not decompress ‘%s’: writing the temporary file failed: %s",
                       display_name, g_strerror (saved_errno));
          return -1;
        }
      produced += n_out;

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
  return tmp_fd;
}
