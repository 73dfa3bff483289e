/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-capture-interface.c: the interfaces trawl-capture lists
 *
 * The helper prints a GKeyFile (one group per interface) for this parser
 * and JSON for people and other tools; GLib parses the first without a
 * JSON library.  Every value is checked: the listing comes from another
 * program, and a name that fails the helper's own rule is skipped.
 */
#include "config.h"

#include "trawl-capture-interface.h"

#include <string.h>

#include "trawl-capture-protocol.h"
#include "trawl-capture-util.h"

#define MAX_LINKTYPES 64

struct _TrawlCaptureInterface
{
  GObject   parent_instance;

  char     *name;
  char     *description;
  GStrv     addresses;
  gboolean  up;
  gboolean  running;
  gboolean  loopback;
  gboolean  wireless;
  GArray   *linktypes;
  GStrv     linktype_names;
  gboolean  probed;
};

G_DEFINE_FINAL_TYPE (TrawlCaptureInterface, trawl_capture_interface, G_TYPE_OBJECT)

static void
trawl_capture_interface_finalize (GObject *object)
{
  TrawlCaptureInterface *self = TRAWL_CAPTURE_INTERFACE (object);

  g_free (self->name);
  g_free (self->description);
  g_strfreev (self->addresses);
  g_array_unref (self->linktypes);
  g_strfreev (self->linktype_names);
  G_OBJECT_CLASS (trawl_capture_interface_parent_class)->finalize (object);
}

static void
trawl_capture_interface_class_init (TrawlCaptureInterfaceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = trawl_capture_interface_finalize;
}

static void
trawl_capture_interface_init (TrawlCaptureInterface *self)
{
  self->linktypes = g_array_new (FALSE, FALSE, sizeof (guint32));
}

const char *
trawl_capture_interface_get_name (TrawlCaptureInterface *self)
{
  g_return_val_if_fail (TRAWL_IS_CAPTURE_INTERFACE (self), NULL);
  return self->name;
}

const char *
trawl_capture_interface_get_description (TrawlCaptureInterface *self)
{
  g_return_val_if_fail (TRAWL_IS_CAPTURE_INTERFACE (self), NULL);
  return self->description;
}

const char * const *
trawl_capture_interface_get_addresses (TrawlCaptureInterface *self)
{
  g_return_val_if_fail (TRAWL_IS_CAPTURE_INTERFACE (self), NULL);
  return (const char * const *) self->addresses;
}

gboolean
trawl_capture_interface_is_up (TrawlCaptureInterface *self)
{
  g_return_val_if_fail (TRAWL_IS_CAPTURE_INTERFACE (self), FALSE);
  return self->up;
}

gboolean
trawl_capture_interface_is_running (TrawlCaptureInterface *self)
{
  g_return_val_if_fail (TRAWL_IS_CAPTURE_INTERFACE (self), FALSE);
  return self->running;
}

gboolean
trawl_capture_interface_is_loopback (TrawlCaptureInterface *self)
{
  g_return_val_if_fail (TRAWL_IS_CAPTURE_INTERFACE (self), FALSE);
  return self->loopback;
}

gboolean
trawl_capture_interface_is_wireless (TrawlCaptureInterface *self)
{
  g_return_val_if_fail (TRAWL_IS_CAPTURE_INTERFACE (self), FALSE);
  return self->wireless;
}

const guint32 *
trawl_capture_interface_get_linktypes (TrawlCaptureInterface *self,
                                       guint                 *n_linktypes)
{
  g_return_val_if_fail (TRAWL_IS_CAPTURE_INTERFACE (self), NULL);
  if (n_linktypes)
    *n_linktypes = self->linktypes->len;
  return (const guint32 *) (gconstpointer) self->linktypes->data;
}

const char * const *
trawl_capture_interface_get_linktype_names (TrawlCaptureInterface *self)
{
  g_return_val_if_fail (TRAWL_IS_CAPTURE_INTERFACE (self), NULL);
  return (const char * const *) self->linktype_names;
}

gboolean
trawl_capture_interface_get_linktypes_probed (TrawlCaptureInterface *self)
{
  g_return_val_if_fail (TRAWL_IS_CAPTURE_INTERFACE (self), FALSE);
  return self->probed;
}

static gboolean
get_flag (GKeyFile   *kf,
          const char *group,
          const char *key)
{
  return g_key_file_get_boolean (kf, group, key, NULL);
}

/* One group; NULL when its name or link types are unusable. */
static TrawlCaptureInterface *
interface_from_group (GKeyFile   *kf,
                      const char *group)
{
  g_autoptr(TrawlCaptureInterface) self = NULL;
  g_autofree gint *lts = NULL;
  gsize n_lts = 0;
  g_autofree char *description = NULL;

  if (!trawl_capture_interface_name_is_valid (group))
    return NULL;
  lts = g_key_file_get_integer_list (kf, group, "linktypes", &n_lts, NULL);
  if (lts == NULL || n_lts == 0 || n_lts > MAX_LINKTYPES)
    return NULL;

  self = g_object_new (TRAWL_TYPE_CAPTURE_INTERFACE, NULL);
  self->name = g_strdup (group);
  description = g_key_file_get_string (kf, group, "description", NULL);
  if (description != NULL && *description != '\0')
    self->description = g_steal_pointer (&description);
  self->addresses = g_key_file_get_string_list (kf, group, "addresses", NULL, NULL);
  if (self->addresses == NULL)
    self->addresses = g_new0 (char *, 1);
  self->linktype_names = g_key_file_get_string_list (kf, group, "linktype-names", NULL, NULL);
  if (self->linktype_names == NULL || g_strv_length (self->linktype_names) != n_lts)
    {
      g_strfreev (self->linktype_names);
      self->linktype_names = g_new0 (char *, n_lts + 1);
      for (gsize i = 0; i < n_lts; i++)
        self->linktype_names[i] = g_strdup_printf ("%d", lts[i]);
    }
  for (gsize i = 0; i < n_lts; i++)
    {
      guint32 lt;

      if (lts[i] < 0 || lts[i] > G_MAXUINT16)
        return NULL;
      lt = lts[i];
      g_array_append_val (self->linktypes, lt);
    }
  self->up = get_flag (kf, group, "up");
  self->running = get_flag (kf, group, "running");
  self->loopback = get_flag (kf, group, "loopback");
  self->wireless = get_flag (kf, group, "wireless");
  self->probed = get_flag (kf, group, "linktypes-probed");
  return g_steal_pointer (&self);
}

GPtrArray *
trawl_capture_interfaces_from_keyfile (const char  *data,
                                       gsize        length,
                                       GError     **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_object_unref);
  g_auto(GStrv) groups = NULL;

  g_return_val_if_fail (data != NULL, NULL);

  if (!g_key_file_load_from_data (kf, data, length, G_KEY_FILE_NONE, error))
    return NULL;
  groups = g_key_file_get_groups (kf, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      TrawlCaptureInterface *iface = interface_from_group (kf, groups[i]);

      if (iface != NULL)
        g_ptr_array_add (out, iface);
    }
  return g_steal_pointer (&out);
}

GPtrArray *
trawl_capture_list_interfaces (GCancellable  *cancellable,
                               GError       **error)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *helper = trawl_capture_get_helper_path ();

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_test (helper, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_set_error (error, TRAWL_CAPTURE_ERROR, TRAWL_CAPTURE_ERROR_HELPER_MISSING,
                   "The capture helper %s is missing", helper);
      return NULL;
    }
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, error,
                           helper, "--list-interfaces", "--format=keyfile", NULL);
  if (proc == NULL || !g_subprocess_communicate_utf8 (proc, NULL, cancellable, &out, &err, error))
    return NULL;
  if (!g_subprocess_get_if_exited (proc) || g_subprocess_get_exit_status (proc) != 0)
    {
      g_set_error (error, TRAWL_CAPTURE_ERROR, TRAWL_CAPTURE_ERROR_FAILED,
                   "trawl-capture --list-interfaces failed: %s", err ? g_strstrip (err) : "");
      return NULL;
    }
  return trawl_capture_interfaces_from_keyfile (out, strlen (out), error);
}

static void
list_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *list = trawl_capture_list_interfaces (cancellable, &error);

  if (list == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, list, (GDestroyNotify) g_ptr_array_unref);
}

void
trawl_capture_list_interfaces_async (GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, trawl_capture_list_interfaces_async);
  g_task_run_in_thread (task, list_thread);
}

GPtrArray *
trawl_capture_list_interfaces_finish (GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
