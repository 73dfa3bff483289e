/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c: the trawl program */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <unistd.h>

#include "trawl-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(TrawlApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* As Wireshark does: said, not refused (a test machine runs as root). */
  if (geteuid () == 0)
    g_printerr (_("trawl: running as root is not needed and not advised: only trawl-capture "
                  "holds capture rights (tools/enable-capture.sh grants them to your user).\n"));
  app = trawl_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
