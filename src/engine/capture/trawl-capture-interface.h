/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-capture-interface.h: one interface trawl-capture can capture on */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TRAWL_TYPE_CAPTURE_INTERFACE (trawl_capture_interface_get_type ())
G_DECLARE_FINAL_TYPE (TrawlCaptureInterface, trawl_capture_interface, TRAWL, CAPTURE_INTERFACE, GObject)

const char         *trawl_capture_interface_get_name           (TrawlCaptureInterface *self);
/* libpcap's description, or NULL. */
const char         *trawl_capture_interface_get_description    (TrawlCaptureInterface *self);
const char * const *trawl_capture_interface_get_addresses      (TrawlCaptureInterface *self);
gboolean            trawl_capture_interface_is_up              (TrawlCaptureInterface *self);
gboolean            trawl_capture_interface_is_running         (TrawlCaptureInterface *self);
gboolean            trawl_capture_interface_is_loopback        (TrawlCaptureInterface *self);
gboolean            trawl_capture_interface_is_wireless        (TrawlCaptureInterface *self);
/* LINKTYPE_ values, the first the default; names as libpcap gives them. */
const guint32      *trawl_capture_interface_get_linktypes      (TrawlCaptureInterface *self,
                                                                guint                 *n_linktypes);
const char * const *trawl_capture_interface_get_linktype_names (TrawlCaptureInterface *self);
/* FALSE when the helper could not open the device to ask (no privilege):
 * the link types are then its guess from the kernel's interface type. */
gboolean            trawl_capture_interface_get_linktypes_probed (TrawlCaptureInterface *self);

/* Runs `trawl-capture --list-interfaces --format=keyfile`: a GPtrArray of
 * TrawlCaptureInterface, in the helper's order. */
GPtrArray          *trawl_capture_list_interfaces        (GCancellable         *cancellable,
                                                          GError              **error);
void                trawl_capture_list_interfaces_async  (GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
GPtrArray          *trawl_capture_list_interfaces_finish (GAsyncResult         *result,
                                                          GError              **error);

/* Parses the helper's keyfile listing (exposed for tests). */
GPtrArray          *trawl_capture_interfaces_from_keyfile (const char          *data,
                                                           gsize                length,
                                                           GError             **error);

G_END_DECLS
