/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-capture-session.h: one live capture through trawl-capture
 *
 * The session creates its output file itself (O_CREAT|O_EXCL, 0600, in the
 * user's cache directory unless told where), starts the helper with that
 * file and one end of a socketpair as its control channel, and turns the
 * helper's messages into signals on the main context it was started from:
 *
 *   ::started   the devices are open; the file holds its SHB and IDBs
 *   ::progress  (packets, filesize): the file holds that many packets in
 *               its first filesize bytes (a reader may index up to there)
 *   ::stopped   (reason): the helper exited; the file is complete
 *   ::failed    (GError): an error after ::started (before it, the error
 *               is what start_finish returns); ::stopped follows
 *
 * Routes: the helper is run directly (as root, or with the file
 * capabilities tools/enable-capture.sh gives it); when it cannot open
 * the device, start_finish fails with TRAWL_CAPTURE_ERROR_PERMISSION and a
 * message saying how to grant capture rights.  With use-pkexec the helper
 * runs through pkexec instead; pkexec closes every fd above 2, so there
 * the control socket is the helper's stdin and the output its stdout.
 */
#pragma once

#include <gio/gio.h>

#include "trawl-capture-util.h"

G_BEGIN_DECLS

typedef enum
{
  TRAWL_CAPTURE_ROUTE_DIRECT,     /* the helper itself: root, or file capabilities */
  TRAWL_CAPTURE_ROUTE_PKEXEC,     /* through pkexec and polkit */
} TrawlCaptureRoute;

typedef enum
{
  TRAWL_CAPTURE_STATE_IDLE,
  TRAWL_CAPTURE_STATE_STARTING,
  TRAWL_CAPTURE_STATE_RUNNING,
  TRAWL_CAPTURE_STATE_STOPPING,
  TRAWL_CAPTURE_STATE_STOPPED,
} TrawlCaptureState;

#define TRAWL_TYPE_CAPTURE_SESSION (trawl_capture_session_get_type ())
G_DECLARE_FINAL_TYPE (TrawlCaptureSession, trawl_capture_session, TRAWL, CAPTURE_SESSION, GObject)

TrawlCaptureSession *trawl_capture_session_new               (void);

/* Options, before start. */
void        trawl_capture_session_set_interfaces    (TrawlCaptureSession *self,
                                                     const char * const  *names);
void        trawl_capture_session_set_filter        (TrawlCaptureSession *self,
                                                     const char          *filter);
/* 0: the helper's default (262144). */
void        trawl_capture_session_set_snaplen       (TrawlCaptureSession *self,
                                                     guint                snaplen);
void        trawl_capture_session_set_promiscuous   (TrawlCaptureSession *self,
                                                     gboolean             promiscuous);
/* Kernel buffer in MiB; 0: the helper's default (2). */
void        trawl_capture_session_set_buffer_mib    (TrawlCaptureSession *self,
                                                     guint                mib);
/* Each 0 for none. */
void        trawl_capture_session_set_autostop      (TrawlCaptureSession *self,
                                                     guint64              packets,
                                                     guint                seconds,
                                                     guint64              kilobytes);
/* The file to create (it must not exist).  NULL: a new
 * trawl-DATE-XXXXXX.pcapng in $XDG_CACHE_HOME/trawl/captures/. */
void        trawl_capture_session_set_output_path   (TrawlCaptureSession *self,
                                                     const char          *path);
void        trawl_capture_session_set_use_pkexec    (TrawlCaptureSession *self,
                                                     gboolean             use_pkexec);

/* Creates the file, starts the helper; completes at ::started, or with the
 * error that kept the capture from starting. */
void        trawl_capture_session_start_async       (TrawlCaptureSession *self,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean    trawl_capture_session_start_finish      (TrawlCaptureSession *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
/* Asks the helper to stop ('Q', then closes the sending side); ::stopped
 * follows when it has written its last ISB and exited.  Never blocks. */
void        trawl_capture_session_stop              (TrawlCaptureSession *self);

TrawlCaptureState trawl_capture_session_get_state   (TrawlCaptureSession *self);
TrawlCaptureRoute trawl_capture_session_get_route   (TrawlCaptureSession *self);
/* The output file (set once start_async was called). */
const char *trawl_capture_session_get_output_path   (TrawlCaptureSession *self);
guint64     trawl_capture_session_get_packets       (TrawlCaptureSession *self);
guint64     trawl_capture_session_get_filesize      (TrawlCaptureSession *self);
/* Why it stopped ("stopped", "autostop: packets", "signal",
 * "control channel closed", "write error: ...", ...), once stopped. */
const char *trawl_capture_session_get_stop_reason   (TrawlCaptureSession *self);

/* The interfaces as the helper opened them, in IDB order (after ::started). */
guint       trawl_capture_session_get_n_interfaces  (TrawlCaptureSession *self);
const char *trawl_capture_session_get_interface_name (TrawlCaptureSession *self,
                                                      guint                index);
guint32     trawl_capture_session_get_interface_linktype (TrawlCaptureSession *self,
                                                          guint                index);
/* Packets the kernel saw, dropped for lack of buffer, and dropped by the
 * interface, as of the last ::progress.  FALSE when @index is out of range. */
gboolean    trawl_capture_session_get_interface_counters (TrawlCaptureSession *self,
                                                          guint                index,
                                                          guint64             *received,
                                                          guint64             *dropped,
                                                          guint64             *if_dropped);

G_END_DECLS
