/* trawl-capture-file.c: placeholder until the reader is written */
#include "config.h"

#include "trawl-capture-file.h"

struct _TrawlCaptureFile
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE (TrawlCaptureFile, trawl_capture_file, G_TYPE_OBJECT)
G_DEFINE_QUARK (trawl-capture-file-error-quark, trawl_capture_file_error)

static void trawl_capture_file_class_init (TrawlCaptureFileClass *klass) {}
static void trawl_capture_file_init (TrawlCaptureFile *self) {}

TrawlCaptureFile *
trawl_capture_file_load (const char *path, GError **error)
{
  g_set_error (error, TRAWL_CAPTURE_FILE_ERROR, TRAWL_CAPTURE_FILE_ERROR_UNSUPPORTED, "not yet");
  return NULL;
}
guint32 trawl_capture_file_get_n_frames (TrawlCaptureFile *self) { return 0; }
void trawl_capture_file_fill_packet (TrawlCaptureFile *self, guint32 index, TrawlPacket *pkt) {}
