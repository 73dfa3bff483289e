/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-reader.c: any bytes, as a capture file
 *
 * The bytes go to a memfd (no disk, nothing left behind), which is opened
 * by its /proc path like any file: format detection, gzip inflation, the
 * index pass, then every frame's record, bytes, interface and comment are
 * read, so a reader bug shows up as an out-of-bounds read under ASan.
 */
#define _GNU_SOURCE
#include "config.h"

#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "file/trawl-capture-file.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static int
bytes_to_fd (const uint8_t *data,
             size_t         size)
{
  int fd = memfd_create ("fuzz-reader", MFD_CLOEXEC);

  if (fd < 0)
    return -1;
  while (size > 0)
    {
      ssize_t n = write (fd, data, size);

      if (n <= 0)
        {
          close (fd);
          return -1;
        }
      data += n;
      size -= n;
    }
  return fd;
}

static void
touch_frames (TrawlCaptureFile *file)
{
  guint32 n = trawl_capture_file_get_n_frames (file);
  guint n_ifaces = trawl_capture_file_get_n_interfaces (file);
  const char * const *sc = trawl_capture_file_get_section_comments (file);
  volatile guint sum = 0;
  TrawlPacket pkt = { 0 };

  for (guint32 i = 0; i < n; i++)
    {
      const TrawlFrameRecord *rec = trawl_capture_file_get_record (file, i);
      const guint8 *bytes = trawl_capture_file_get_data (file, i);
      const TrawlInterface *iface = trawl_capture_file_get_interface (file, rec->iface);
      const char *comment = trawl_capture_file_get_comment (file, rec->comment);

      g_assert (iface != NULL);
      g_assert (rec->iface < n_ifaces);
      g_assert (rec->offset + rec->caplen <= trawl_capture_file_get_size (file));
      for (guint32 k = 0; k < rec->caplen; k++)
        sum += bytes[k];
      if (comment != NULL)
        sum += strlen (comment);
      if (iface->name != NULL)
        sum += strlen (iface->name);
      if (iface->description != NULL)
        sum += strlen (iface->description);

      trawl_capture_file_fill_packet (file, i, &pkt);
      g_assert (pkt.number == i + 1);
    }

  for (guint k = 0; sc[k] != NULL; k++)
    sum += strlen (sc[k]);
  (void)trawl_capture_file_get_warning (file);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(TrawlCaptureFile) file = NULL;
  g_autofree char *path = NULL;
  int fd = bytes_to_fd (data, size);

  if (fd < 0)
    return 0;

  path = g_strdup_printf ("/proc/self/fd/%d", fd);
  file = trawl_capture_file_load (path, NULL);
  if (file != NULL)
    touch_frames (file);
  g_clear_object (&file);
  /* the index read through the mapping, as trawl-cli runs it beside the
   * analysis pass */
  file = trawl_capture_file_open (path, NULL);
  if (file != NULL)
    {
      trawl_capture_file_set_index_mapped (file, TRUE);
      if (trawl_capture_file_index (file, NULL, NULL, NULL, NULL))
        touch_frames (file);
    }
  close (fd);
  return 0;
}
