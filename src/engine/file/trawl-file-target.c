/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-file-target.c: write a file by name without ever destroying one
 * (the rules are in trawl-file-target.h)
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "trawl-file-target.h"

typedef enum
{
  TARGET_RENAME,    /* temporary file renamed over the target */
  TARGET_IN_PLACE,  /* temporary file copied over the target */
  TARGET_THROUGH,   /* the target itself: a device, a FIFO */
} TargetHow;

struct _TrawlFileTarget
{
  TargetHow   how;
  char       *path;      /* the target, symbolic links followed */
  char       *tmp_path;  /* the temporary file, while it exists */
  int         fd;        /* what the bytes are written to */
  gboolean    committed;
};

/* The temporary file of the latest write, for a signal handler: a fixed
 * buffer and a flag, as a handler may only read them. */
static char signal_tmp_path[PATH_MAX];
static volatile sig_atomic_t signal_tmp_set;
G_LOCK_DEFINE_STATIC (signal_tmp);

static void
signal_tmp_register (const char *path)
{
  G_LOCK (signal_tmp);
  signal_tmp_set = 0;
  if (strlen (path) < sizeof signal_tmp_path)
    {
      strcpy (signal_tmp_path, path);
      signal_tmp_set = 1;
    }
  G_UNLOCK (signal_tmp);
}

static void
signal_tmp_unregister (const char *path)
{
  G_LOCK (signal_tmp);
  if (signal_tmp_set && strcmp (signal_tmp_path, path) == 0)
    signal_tmp_set = 0;
  G_UNLOCK (signal_tmp);
}

void
trawl_file_target_remove_temporary_on_signal (void)
{
  if (signal_tmp_set)
    unlink (signal_tmp_path);
}

static gboolean
set_errno_error (GError **error,
                 int      errsv)
{
  g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (errsv), g_strerror (errsv));
  return FALSE;
}

/* @path with every symbolic link of its last component followed, as
 * open() would; the result may not exist yet (a dangling link names the
 * file to create). */
static char *
resolve_links (const char *path,
               GError    **error)
{
  g_autofree char *cur = g_strdup (path);

  for (guint hops = 0; hops < 40; hops++)
    {
      struct stat st;
      g_autofree char *link = NULL;

      if (lstat (cur, &st) != 0 || !S_ISLNK (st.st_mode))
        return g_steal_pointer (&cur);
      link = g_file_read_link (cur, error);
      if (link == NULL)
        return NULL;
      if (!g_path_is_absolute (link))
        {
          g_autofree char *dir = g_path_get_dirname (cur);
          g_free (cur);
          cur = g_build_filename (dir, link, NULL);
        }
      else
        {
          g_free (cur);
          cur = g_steal_pointer (&link);
        }
    }
  set_errno_error (error, ELOOP);
  return NULL;
}

/* A new hidden file in @dir named after the target. */
static gboolean
create_temporary (TrawlFileTarget *self,
                  const char      *dir,
                  GError         **error)
{
  g_autofree char *base = g_path_get_basename (self->path);

  for (guint attempt = 0; attempt < 100; attempt++)
    {
      g_autofree char *name = g_strdup_printf (".%s.%08x.trawl-tmp", base, g_random_int ());
      g_autofree char *tmp = g_build_filename (dir, name, NULL);
      int fd;

      /* Read and write: in place, it is copied over the target.
       * Registered before it exists, so a signal in between cannot miss
       * it (unlinking a name that is not there is harmless). */
      signal_tmp_register (tmp);
      fd = open (tmp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY, 0666);
      if (fd >= 0)
        {
          self->fd = fd;
          self->tmp_path = g_steal_pointer (&tmp);
          return TRUE;
        }
      signal_tmp_unregister (tmp);
      if (errno != EEXIST)
        return set_errno_error (error, errno);
    }
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                       _("Could not create a temporary file"));
  return FALSE;
}

static gboolean
same_file (const struct stat *st,
           const char        *other)
{
  struct stat ost;

  return other != NULL && stat (other, &ost) == 0 &&
         ost.st_dev == st->st_dev && ost.st_ino == st->st_ino;
}

/* The temporary file takes the old file's mode, owner and group; FALSE
 * when the user may not give it that owner or group. */
static gboolean
take_identity (TrawlFileTarget   *self,
               const struct stat *old)
{
  struct stat st;

  if (fchmod (self->fd, old->st_mode & 07777) != 0 || fstat (self->fd, &st) != 0)
    return FALSE;
  if (st.st_uid == old->st_uid && st.st_gid == old->st_gid)
    return TRUE;
  return fchown (self->fd, old->st_uid, old->st_gid) == 0;
}

/* An existing regular file @st at self->path. */
static gboolean
open_regular (TrawlFileTarget   *self,
              const struct stat *st,
              const char        *reading,
              GError           **error)
{
  g_autofree char *dir = g_path_get_dirname (self->path);
  g_autoptr(GError) local_error = NULL;
  gboolean is_reading = same_file (st, reading);
  int fd;

  /* Only what the user could open for writing may be replaced. */
  fd = open (self->path, O_WRONLY | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0)
    return set_errno_error (error, errno);
  close (fd);

  if (st->st_nlink > 1 && !is_reading)
    self->how = TARGET_IN_PLACE;
  if (!create_temporary (self, dir, &local_error))
    {
      /* In place, the bytes may wait anywhere (a writable file in a
       * folder the user may not create files in). */
      if (self->how != TARGET_IN_PLACE ||
          !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      return create_temporary (self, g_get_tmp_dir (), error);
    }
  if (self->how == TARGET_RENAME && !take_identity (self, st) && !is_reading)
    self->how = TARGET_IN_PLACE;
  return TRUE;
}

/* A device or a FIFO: written through, as tshark does (a folder fails
 * here; a FIFO waits for its reader). */
static gboolean
open_through (TrawlFileTarget *self,
              const char      *path,
              GError         **error)
{
  self->how = TARGET_THROUGH;
  g_free (self->path);
  self->path = g_strdup (path);
  self->fd = open (path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
  if (self->fd < 0)
    return set_errno_error (error, errno);
  return TRUE;
}

TrawlFileTarget *
trawl_file_target_open (const char  *path,
                        const char  *reading,
                        GError     **error)
{
  g_autoptr(TrawlFileTarget) self = NULL;
  struct stat st;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (TrawlFileTarget, 1);
  self->fd = -1;
  self->how = TARGET_RENAME;
  /* A device or a FIFO, even through links the kernel alone can follow
   * (/dev/stdout -> /proc/self/fd/1 -> "pipe:[…]"), is written through. */
  if (stat (path, &st) == 0 && !S_ISREG (st.st_mode))
    return open_through (self, path, error) ? g_steal_pointer (&self) : NULL;

  self->path = resolve_links (path, error);
  if (self->path == NULL)
    return NULL;
  if (stat (self->path, &st) != 0)
    {
      g_autofree char *dir = g_path_get_dirname (self->path);

      if (errno != ENOENT)
        {
          set_errno_error (error, errno);
          return NULL;
        }
      return create_temporary (self, dir, error) ? g_steal_pointer (&self) : NULL;
    }
  if (S_ISREG (st.st_mode))
    return open_regular (self, &st, reading, error) ? g_steal_pointer (&self) : NULL;
  return open_through (self, self->path, error) ? g_steal_pointer (&self) : NULL;
}

int
trawl_file_target_get_fd (TrawlFileTarget *self)
{
  g_return_val_if_fail (self != NULL, -1);

  return self->fd;
}

static gboolean
close_fd (TrawlFileTarget *self,
          GError         **error)
{
  int fd = self->fd;

  self->fd = -1;
  if (close (fd) != 0)
    return set_errno_error (error, errno);
  return TRUE;
}

/* A rename is on disk once its folder is. */
static void
sync_folder (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
}

static gboolean
commit_rename (TrawlFileTarget *self,
               GError         **error)
{
  if (fsync (self->fd) != 0)
    return set_errno_error (error, errno);
  if (!close_fd (self, error))
    return FALSE;
  if (rename (self->tmp_path, self->path) != 0)
    return set_errno_error (error, errno);
  signal_tmp_unregister (self->tmp_path);
  g_clear_pointer (&self->tmp_path, g_free);
  sync_folder (self->path);
  return TRUE;
}

/* Copy the temporary file (@size bytes) over the open target @out. */
static gboolean
copy_over (int      in,
           int      out,
           off_t    size,
           GError **error)
{
  g_autofree char *buf = g_malloc (1 << 20);

  for (off_t off = 0; off < size;)
    {
      ssize_t n = pread (in, buf, (size_t) MIN ((off_t) (1 << 20), size - off), off);
      ssize_t done = 0;

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return set_errno_error (error, n < 0 ? errno : EIO);
      while (done < n)
        {
          ssize_t w = pwrite (out, buf + done, (size_t) (n - done), off + done);
          if (w < 0 && errno == EINTR)
            continue;
          if (w < 0)
            return set_errno_error (error, errno);
          done += w;
        }
      off += n;
    }
  return TRUE;
}

static gboolean
commit_in_place (TrawlFileTarget *self,
                 GError         **error)
{
  struct stat tmp_st, old_st;
  int out, r;
  gboolean ok;

  if (fstat (self->fd, &tmp_st) != 0)
    return set_errno_error (error, errno);
  out = open (self->path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
  if (out < 0)
    return set_errno_error (error, errno);
  if (fstat (out, &old_st) != 0)
    {
      set_errno_error (error, errno);
      close (out);
      return FALSE;
    }
  /* Reserve the new size before touching a byte: a full disk fails here
   * and leaves the old file as it was (file systems without fallocate
   * take their chance, as tshark always does). */
  r = tmp_st.st_size > 0 ? posix_fallocate (out, 0, tmp_st.st_size) : 0;
  if (r != 0 && r != EOPNOTSUPP && r != EINVAL)
    {
      if (ftruncate (out, old_st.st_size) != 0)
        g_debug ("could not cut %s back to its size: %s", self->path, g_strerror (errno));
      close (out);
      return set_errno_error (error, r);
    }
  ok = copy_over (self->fd, out, tmp_st.st_size, error);
  if (ok && ftruncate (out, tmp_st.st_size) != 0)
    ok = set_errno_error (error, errno);
  if (ok && fsync (out) != 0)
    ok = set_errno_error (error, errno);
  if (close (out) != 0 && ok)
    ok = set_errno_error (error, errno);
  return ok;
}

gboolean
trawl_file_target_commit (TrawlFileTarget *self,
                          GError         **error)
{
  gboolean ok = FALSE;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (!self->committed, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  switch (self->how)
    {
    case TARGET_RENAME:
      ok = commit_rename (self, error);
      break;
    case TARGET_IN_PLACE:
      ok = commit_in_place (self, error);
      break;
    case TARGET_THROUGH:
      ok = close_fd (self, error);
      break;
    }
  self->committed = ok;
  return ok;
}

void
trawl_file_target_free (TrawlFileTarget *self)
{
  if (self == NULL)
    return;
  if (self->fd >= 0)
    close (self->fd);
  if (self->tmp_path != NULL)
    {
      g_unlink (self->tmp_path);
      signal_tmp_unregister (self->tmp_path);
    }
  g_free (self->tmp_path);
  g_free (self->path);
  g_free (self);
}
