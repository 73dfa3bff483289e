/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-capture-privs.h: giving up every capability once the devices are open */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Empties the bounding, ambient, inheritable, permitted and effective
 * capability sets and sets no_new_privs.  FALSE (errno set) when the
 * effective or permitted set could not be emptied. */
gboolean trawl_capture_drop_privileges (void);

G_END_DECLS
