/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-capture-privs.c: capability dropping with the raw syscalls
 *
 * The raw capget/capset syscalls instead of libcap: three structs and two
 * calls do not justify a library in the one privileged program.  The
 * bounding set goes first, while CAP_SETPCAP (root) may still be held;
 * without it PR_CAPBSET_DROP fails with EPERM, which is fine: a process
 * with empty permitted and inheritable sets and no_new_privs cannot gain
 * anything back from the bounding set anyway.
 */
#include "trawl-capture-privs.h"

#include <errno.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef PR_CAP_AMBIENT
#define PR_CAP_AMBIENT 47
#define PR_CAP_AMBIENT_CLEAR_ALL 4
#endif

gboolean
trawl_capture_drop_privileges (void)
{
  struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
  struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = { { 0 } };

  for (int cap = 0; cap < 64; cap++)
    if (prctl (PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno == EINVAL)
      break;   /* past the last capability this kernel knows */
  (void) prctl (PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);

  if (syscall (SYS_capset, &hdr, data) != 0)
    return FALSE;
  if (prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
    return FALSE;

  /* Read them back: a kernel that accepted the call must show empty sets. */
  hdr.version = _LINUX_CAPABILITY_VERSION_3;
  hdr.pid = 0;
  if (syscall (SYS_capget, &hdr, data) != 0)
    return FALSE;
  for (guint i = 0; i < _LINUX_CAPABILITY_U32S_3; i++)
    if (data[i].effective || data[i].permitted || data[i].inheritable)
      {
        errno = EPERM;
        return FALSE;
      }
  return TRUE;
}
