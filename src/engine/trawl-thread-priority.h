/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-thread-priority.h: run a worker thread below a more urgent one
 *
 * Loading, filtering and sorting keep both cores busy for seconds; on a
 * busy machine the kernel then shares the CPU evenly with the main thread,
 * which stalls the window (a 110 ms CPU step took 0.9 s of wall time).
 * trawl-cli's output threads likewise give way to the analysis pass they
 * follow, which is the longest of the jobs running at once.
 * A worker lowers its own niceness while it runs a job, so the main
 * thread wins whenever it has work, and puts it back before the GLib
 * thread pool reuses the thread.  On Linux, setpriority() on a thread id
 * changes that thread only.
 */
#pragma once

#include <glib.h>

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <errno.h>
#endif

#define TRAWL_WORKER_NICENESS 10

/* Returns the previous niceness, to give to trawl_thread_priority_restore(). */
static inline int
trawl_thread_priority_lower (void)
{
#ifdef __linux__
  pid_t tid = (pid_t) syscall (SYS_gettid);
  int old;

  errno = 0;
  old = getpriority (PRIO_PROCESS, (id_t) tid);
  if (errno != 0)
    return G_MININT;
  if (old < TRAWL_WORKER_NICENESS)
    (void) setpriority (PRIO_PROCESS, (id_t) tid, TRAWL_WORKER_NICENESS);
  return old;
#else
  return G_MININT;
#endif
}

static inline void
trawl_thread_priority_restore (int old)
{
#ifdef __linux__
  /* Lowering back needs no privilege only when we run as root; for a
   * user the thread keeps the lower priority, which is what every later
   * job on a pool thread wants anyway. */
  if (old != G_MININT)
    (void) setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), old);
#else
  (void) old;
#endif
}
