/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-bpf-filter.c: tcpdump's capture-filter language on files
 *
 * libpcap compiles the expression for one link type at a time, so a file
 * whose interfaces have several link types (pcapng) gets one program per
 * link type.  Programs are compiled on first use and published in a small
 * fixed table: readers scan it without a lock (a slot is complete before
 * the count that makes it visible is raised); writers hold the mutex.
 */
#include "config.h"

#include <stdio.h>

#include <pcap/pcap.h>

#include "dissect/trawl-linktype.h"
#include "trawl-bpf-filter.h"

/* tcpdump's default snap length: BPF checks offsets against the captured
 * length anyway, so this only bounds what the compiler assumes. */
#define BPF_SNAPLEN   262144
#define MAX_LINKTYPES 32

typedef struct
{
  guint32             linktype;
  gboolean            ok;
  gboolean            has_swapped;
  struct bpf_program  prog;
  /* NULL/BSD loopback headers carry the address family in the byte order
   * of the host that captured: a second program for the other order. */
  struct bpf_program  prog_swapped;
} BpfSlot;

struct _TrawlBpfFilter
{
  GObject  parent_instance;

  char    *text;
  GMutex   lock;
  gint     n_slots;            /* published with g_atomic_int_set */
  BpfSlot  slots[MAX_LINKTYPES];
};

G_DEFINE_FINAL_TYPE (TrawlBpfFilter, trawl_bpf_filter, G_TYPE_OBJECT)
G_DEFINE_QUARK (trawl-bpf-filter-error-quark, trawl_bpf_filter_error)

/* libpcap's optimiser kept global state before 1.8; one compile at a time
 * costs nothing here (a compile per link type per file). */
static GMutex compile_lock;

static void
trawl_bpf_filter_finalize (GObject *object)
{
  TrawlBpfFilter *self = TRAWL_BPF_FILTER (object);

  for (gint i = 0; i < self->n_slots; i++)
    if (self->slots[i].ok)
      {
        pcap_freecode (&self->slots[i].prog);
        if (self->slots[i].has_swapped)
          pcap_freecode (&self->slots[i].prog_swapped);
      }
  g_free (self->text);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (trawl_bpf_filter_parent_class)->finalize (object);
}

static void
trawl_bpf_filter_class_init (TrawlBpfFilterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = trawl_bpf_filter_finalize;
}

static void
trawl_bpf_filter_init (TrawlBpfFilter *self)
{
  g_mutex_init (&self->lock);
}

/* Files carry LINKTYPE_ values; pcap_open_dead wants DLT_ values.  They
 * are equal except for a few historical ones. */
static int
dlt_of_linktype (guint32 linktype)
{
  switch (linktype)
    {
    case TRAWL_LINKTYPE_RAW:
      return DLT_RAW;
    default:
      return (int) linktype;
    }
}

/* A handle like tcpdump -r's: libpcap compiles some expressions
 * differently for files than for live captures (on a NULL link it accepts
 * every BSD value of AF_INET6, not only this host's, and swaps them for a
 * file of the other byte order), so the handle is opened on an in-memory
 * pcap file header of @linktype in native or swapped byte order. */
static pcap_t *
open_savefile_handle (guint32  linktype,
                      gboolean swapped,
                      char    *errbuf)
{
  guint32 hdr[6] = { 0xa1b2c3d4, 2 | (4u << 16), 0, 0, BPF_SNAPLEN, linktype };
  FILE *fp;
  pcap_t *p;

  if (swapped)
    {
      for (guint i = 0; i < G_N_ELEMENTS (hdr); i++)
        hdr[i] = GUINT32_SWAP_LE_BE (hdr[i]);
      /* version major/minor are 16-bit fields: swap them back into place */
      hdr[1] = GUINT16_SWAP_LE_BE (2) | ((guint32) GUINT16_SWAP_LE_BE (4) << 16);
    }
  fp = fmemopen (hdr, sizeof hdr, "rb");
  if (fp == NULL)
    return NULL;
  p = pcap_fopen_offline (fp, errbuf);
  if (p == NULL)
    fclose (fp);
  return p;
}

static gboolean
compile_for (const char          *text,
             guint32              linktype,
             gboolean             swapped,
             struct bpf_program  *prog,
             GError             **error)
{
  char errbuf[PCAP_ERRBUF_SIZE] = "";
  pcap_t *p;
  gboolean ok;

  p = open_savefile_handle (linktype, swapped, errbuf);
  if (p == NULL)
    p = pcap_open_dead (dlt_of_linktype (linktype), BPF_SNAPLEN);
  if (p == NULL)
    {
      g_set_error (error, TRAWL_BPF_FILTER_ERROR, TRAWL_BPF_FILTER_ERROR_COMPILE,
                   "libpcap cannot open a handle for link type %u: %s", linktype, errbuf);
      return FALSE;
    }

  g_mutex_lock (&compile_lock);
  ok = pcap_compile (p, prog, text, 1, PCAP_NETMASK_UNKNOWN) == 0;
  g_mutex_unlock (&compile_lock);

  if (!ok)
    g_set_error_literal (error, TRAWL_BPF_FILTER_ERROR, TRAWL_BPF_FILTER_ERROR_COMPILE,
                         pcap_geterr (p));
  pcap_close (p);
  return ok;
}

static BpfSlot *
find_slot (TrawlBpfFilter *self,
           guint32         linktype)
{
  gint n = g_atomic_int_get (&self->n_slots);

  for (gint i = 0; i < n; i++)
    if (self->slots[i].linktype == linktype)
      return &self->slots[i];
  return NULL;
}

/* The slot for @linktype, compiled now if needed; NULL only when the
 * table is full.  A slot whose compile failed has ok == FALSE. */
static BpfSlot *
get_slot (TrawlBpfFilter  *self,
          guint32          linktype,
          GError         **error)
{
  BpfSlot *slot = find_slot (self, linktype);
  g_autoptr(GError) local_error = NULL;

  if (slot != NULL)
    {
      if (!slot->ok)
        {
          /* Compile again only to word the error. */
          struct bpf_program prog;
          if (compile_for (self->text, linktype, FALSE, &prog, error))
            pcap_freecode (&prog);
        }
      return slot;
    }

  g_mutex_lock (&self->lock);
  slot = find_slot (self, linktype);
  if (slot == NULL && self->n_slots < MAX_LINKTYPES)
    {
      slot = &self->slots[self->n_slots];
      slot->linktype = linktype;
      slot->ok = compile_for (self->text, linktype, FALSE, &slot->prog, &local_error);
      if (slot->ok && linktype == TRAWL_LINKTYPE_NULL)
        slot->has_swapped = compile_for (self->text, linktype, TRUE, &slot->prog_swapped, NULL);
      g_atomic_int_set (&self->n_slots, self->n_slots + 1);
    }
  g_mutex_unlock (&self->lock);

  if (slot == NULL)
    g_set_error (error, TRAWL_BPF_FILTER_ERROR, TRAWL_BPF_FILTER_ERROR_LINKTYPE,
                 "too many link types in one file (more than %d)", MAX_LINKTYPES);
  else if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return slot;
}

TrawlBpfFilter *
trawl_bpf_filter_new (const char  *text,
                      GError     **error)
{
  g_autoptr(TrawlBpfFilter) self = NULL;
  BpfSlot *slot;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (TRAWL_TYPE_BPF_FILTER, NULL);
  self->text = g_strdup (text);

  /* Ethernet is what most files are; a syntax error shows here. */
  slot = get_slot (self, TRAWL_LINKTYPE_ETHERNET, error);
  if (slot == NULL || !slot->ok)
    return NULL;
  return g_steal_pointer (&self);
}

const char *
trawl_bpf_filter_get_text (TrawlBpfFilter *self)
{
  g_return_val_if_fail (TRAWL_IS_BPF_FILTER (self), NULL);

  return self->text;
}

gboolean
trawl_bpf_filter_prepare (TrawlBpfFilter  *self,
                          guint32          linktype,
                          GError         **error)
{
  BpfSlot *slot;

  g_return_val_if_fail (TRAWL_IS_BPF_FILTER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  slot = get_slot (self, linktype, error);
  return slot != NULL && slot->ok;
}

gboolean
trawl_bpf_filter_match (TrawlBpfFilter *self,
                        guint32         linktype,
                        const guint8   *data,
                        guint32         caplen,
                        guint32         wirelen)
{
  struct pcap_pkthdr hdr = { 0 };
  BpfSlot *slot;

  g_return_val_if_fail (TRAWL_IS_BPF_FILTER (self), FALSE);
  g_return_val_if_fail (data != NULL || caplen == 0, FALSE);

  slot = find_slot (self, linktype);
  if (G_UNLIKELY (slot == NULL))
    slot = get_slot (self, linktype, NULL);
  if (slot == NULL || !slot->ok)
    return FALSE;

  hdr.caplen = caplen;
  hdr.len = wirelen;
  if (pcap_offline_filter (&slot->prog, &hdr, data) != 0)
    return TRUE;
  return slot->has_swapped && pcap_offline_filter (&slot->prog_swapped, &hdr, data) != 0;
}
