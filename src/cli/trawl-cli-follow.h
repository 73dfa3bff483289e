/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-cli-follow.h: -z follow,tcp,MODE,FILTER[,range] as tshark 4.0 */
#pragma once

#include <stdio.h>
#include <glib.h>

#include "analysis/trawl-analysis.h"
#include "file/trawl-capture-file.h"

G_BEGIN_DECLS

typedef struct _CliFollow CliFollow;

/* Parse the argument of -z ("follow,tcp,ascii,0"); NULL with a message
 * for tshark's user in @error when it is not a follow Trawl can do.
 * FALSE from cli_follow_is_follow() means it is not a follow at all. */
gboolean   cli_follow_is_follow (const char  *spec);
CliFollow *cli_follow_parse     (const char  *spec,
                                 GError     **error);
void       cli_follow_free      (CliFollow   *follow);
/* Print the followed stream as tshark does after the frames. */
void       cli_follow_print     (CliFollow        *follow,
                                 TrawlCaptureFile *file,
                                 TrawlAnalysis    *analysis,
                                 FILE             *fp);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliFollow, cli_follow_free)

G_END_DECLS
