/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-file-target.h: write a file by name without ever destroying one
 *
 * What trawl-cli -w, Save As and Export do with the path they are given,
 * decided from what is there when the write starts (symbolic links are
 * followed: the file a link names is written, the link stays):
 *
 *  - nothing: the bytes go to a hidden temporary file next to the target,
 *    which is flushed to disk (fsync) and renamed into place, and the
 *    folder is flushed too: a crash leaves the old name absent or whole;
 *  - a regular file: the user must be able to open it for writing (a
 *    read-only file is refused, even in a folder that would let the user
 *    replace it); then the same temporary file and rename, the new file
 *    taking the old one's mode, owner and group;
 *  - a regular file that a rename would change in a way the user sees —
 *    one with other hard links, or one whose owner or group the user
 *    cannot give to a new file — is written in place, as tshark and
 *    dumpcap always do: the bytes first go to the temporary file (a failed
 *    or cancelled write leaves the target untouched), then the target's
 *    new size is reserved (posix_fallocate: a full disk is found before
 *    the old bytes are touched) and the bytes are copied over it;
 *  - anything else that can be opened for writing (a terminal, /dev/null,
 *    /dev/full, a FIFO) is written through, as tshark does.
 *
 * The file being read is never written in place (its mapping would see
 * the bytes change under it): over the file being read, the rename is
 * used even when it splits hard links or changes the owner.
 */
#pragma once

#include <sys/types.h>

#include <glib.h>

G_BEGIN_DECLS

typedef struct _TrawlFileTarget TrawlFileTarget;

/* Decide how to write @path and open what the bytes go to.  @reading, when
 * not NULL, is the path of the file being read. */
TrawlFileTarget *trawl_file_target_open   (const char       *path,
                                           const char       *reading,
                                           GError          **error);
/* The descriptor to write the bytes to (owned by @self). */
int              trawl_file_target_get_fd (TrawlFileTarget  *self);
/* Put the written bytes in place (rename, copy or nothing). */
gboolean         trawl_file_target_commit (TrawlFileTarget  *self,
                                           GError          **error);
/* Drop what was written, leaving the target as it was, and free @self;
 * NULL is allowed.  After a commit, only frees. */
void             trawl_file_target_free   (TrawlFileTarget  *self);

/* Remove the temporary file of the write in progress, if any.  Only
 * async-signal-safe calls: for a SIGINT/SIGTERM handler (trawl-cli). */
void             trawl_file_target_remove_temporary_on_signal (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TrawlFileTarget, trawl_file_target_free)

G_END_DECLS
