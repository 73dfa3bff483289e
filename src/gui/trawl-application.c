/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-application.c: the Trawl application
 *
 * One window per file opened (a second `trawl FILE` while the app runs
 * opens it in the running instance, as GNOME apps do).  The main thread
 * only ever touches what is on screen; loading, filtering and sorting
 * run in GTask worker threads.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "dissect/trawl-dissect.h"
#include "trawl-application.h"
#include "trawl-window.h"

struct _TrawlApplication
{
  AdwApplication parent_instance;
  GSettings     *settings;
};

/* Debug mode: the longest gap between two 10 ms ticks of the main loop,
 * i.e. the worst stall the user would have felt. */
static gint64 last_tick, max_stall;

static gboolean
stall_tick (gpointer data)
{
  gint64 now = g_get_monotonic_time ();

  if (last_tick != 0 && now - last_tick > max_stall)
    max_stall = now - last_tick;
  /* Each stall over the 50 ms budget, to find what caused it. */
  if (last_tick != 0 && now - last_tick > 50000)
    trawl_application_debug_print ("stall %.1f ms at=%.6f", (now - last_tick) / 1e3,
                                   g_get_real_time () / 1e6);
  last_tick = now;
  return G_SOURCE_CONTINUE;
}

void
trawl_application_restart_stall_clock (void)
{
  last_tick = g_get_monotonic_time ();
  max_stall = 0;
}

/* Longest main-loop stall since the last call, in ms (debug mode only). */
double
trawl_application_take_max_stall (void)
{
  double ms = max_stall / 1000.0;

  max_stall = 0;
  return ms;
}

G_DEFINE_FINAL_TYPE (TrawlApplication, trawl_application, ADW_TYPE_APPLICATION)

gboolean
trawl_application_debug_stdout (void)
{
  static int enabled = -1;

  if (enabled < 0)
    enabled = g_getenv ("TRAWL_DEBUG_STDOUT") != NULL;
  return enabled;
}

void
trawl_application_debug_print (const char *format,
                               ...)
{
  va_list args;

  if (!trawl_application_debug_stdout ())
    return;
  va_start (args, format);
  vprintf (format, args);
  va_end (args);
  putchar ('\n');
  fflush (stdout);
}

static TrawlWindow *
empty_window (TrawlApplication *self)
{
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (self));

  /* Reuse the active window while it shows no capture. */
  if (TRAWL_IS_WINDOW (active) && !trawl_window_has_file (TRAWL_WINDOW (active)))
    return TRAWL_WINDOW (active);
  return trawl_window_new (self);
}

static void
trawl_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (trawl_window_new (TRAWL_APPLICATION (app)));
  gtk_window_present (window);
}

static void
trawl_application_open (GApplication  *app,
                        GFile        **files,
                        int            n_files,
                        const char    *hint)
{
  for (int i = 0; i < n_files; i++)
    {
      TrawlWindow *window = empty_window (TRAWL_APPLICATION (app));

      trawl_window_open_file (window, files[i]);
      gtk_window_present (GTK_WINDOW (window));
    }
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  GtkApplication *app = user_data;
  const char *developers[] = { "The Trawl developers", NULL };

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("Trawl"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("Read network captures: packet list, dissection tree and bytes"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "developers", developers,
                         NULL);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (user_data)));

  /* Each window closes as its close button would: one with a capture
   * not saved asks first (and stays if told Cancel).  The application
   * ends with its last window. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
}

static void
new_window_activated (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       user_data)
{
  gtk_window_present (GTK_WINDOW (trawl_window_new (TRAWL_APPLICATION (user_data))));
}

static const GActionEntry app_actions[] = {
  { "about", about_activated },
  { "quit", quit_activated },
  { "new-window", new_window_activated },
};

static void
trawl_application_startup (GApplication *app)
{
  static const struct { const char *action; const char *accels[3]; } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.new-window", { "<Control>n", NULL } },
    { "win.open", { "<Control>o", NULL } },
    { "win.close", { "<Control>w", NULL } },
    { "win.go-to-packet", { "<Control>g", NULL } },
    { "win.first-packet", { "<Control>Home", NULL } },
    { "win.last-packet", { "<Control>End", NULL } },
    { "win.next-packet", { "<Control>Down", NULL } },
    { "win.prev-packet", { "<Control>Up", NULL } },
    { "win.focus-filter", { "<Control>slash", NULL } },
    { "win.stop", { "<Control>period", NULL } },
    { "win.next-pane", { "F6", NULL } },
    { "win.prev-pane", { "<Shift>F6", NULL } },
    { "win.expand-all", { "<Control>Right", NULL } },
    { "win.collapse-all", { "<Control>Left", NULL } },
    { "win.reload", { "<Control>r", NULL } },
    /* Capture: Wireshark's keys (one action of each pair is enabled). */
    { "win.capture-start", { "<Control>e", NULL } },
    { "win.capture-stop", { "<Control>e", NULL } },
    { "win.capture-restart", { "<Control>r", NULL } },
    { "win.capture-interfaces", { "<Control>k", NULL } },
    { "win.save-as", { "<Control><Shift>s", NULL } },
    { "win.export", { "<Control><Shift>e", NULL } },
    /* View → Time Display Format: Wireshark's keys. */
    { "win.time-format::absolute", { "<Control><Alt>1", NULL } },
    { "win.time-format::epoch", { "<Control><Alt>3", NULL } },
    { "win.time-format::since-start", { "<Control><Alt>4", NULL } },
    { "win.time-format::since-previous", { "<Control><Alt>6", NULL } },
    { "win.time-format::utc", { "<Control><Alt>7", NULL } },
  };

  G_APPLICATION_CLASS (trawl_application_parent_class)->startup (app);

  trawl_dissectors_init ();
  /* For screenshots and tests of both styles without a desktop portal. */
  if (g_strcmp0 (g_getenv ("TRAWL_COLOR_SCHEME"), "dark") == 0)
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  else if (g_strcmp0 (g_getenv ("TRAWL_COLOR_SCHEME"), "light") == 0)
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  if (trawl_application_debug_stdout ())
    g_timeout_add (10, stall_tick, NULL);
  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action,
                                           accels[i].accels);
}

static void
trawl_application_dispose (GObject *object)
{
  TrawlApplication *self = TRAWL_APPLICATION (object);

  g_clear_object (&self->settings);
  G_OBJECT_CLASS (trawl_application_parent_class)->dispose (object);
}

static void
trawl_application_class_init (TrawlApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = trawl_application_dispose;
  app_class->activate = trawl_application_activate;
  app_class->open = trawl_application_open;
  app_class->startup = trawl_application_startup;
}

static void
trawl_application_init (TrawlApplication *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema != NULL)
    self->settings = g_settings_new (APP_ID);
}

TrawlApplication *
trawl_application_new (void)
{
  return g_object_new (TRAWL_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE * (g_getenv ("TRAWL_NON_UNIQUE") != NULL),
                       "resource-base-path", "/io/github/trawl/Trawl",
                       NULL);
}

GSettings *
trawl_application_get_settings (TrawlApplication *self)
{
  g_return_val_if_fail (TRAWL_IS_APPLICATION (self), NULL);

  return self->settings;
}
