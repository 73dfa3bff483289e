/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-format.h: field values and tree lines as text, as Wireshark shows them
 *
 * Two forms: the value alone as tshark -T fields prints it ("38588",
 * "0x0002", "127.0.0.1", "1"), and the tree line as -V and the GUI show
 * it ("Source Port: 38588", ".... ..1. = Syn: Set").
 *
 * Labels: a node's text (trawl_node_set_text) replaces "Name: value", its
 * suffix (trawl_node_append_text) is appended.  A field with a bitmask
 * gets its bit pattern in front ("0100 .... = ") even when the dissector
 * set the text, unless the node has TRAWL_NODE_NO_BITS.  Generated nodes
 * are put in [brackets] by trawl_format_node_line(), not by the label.
 *
 * Expert lines read "Expert Info (Chat/Sequence): text".
 */
#pragma once

#include "trawl-packet.h"

G_BEGIN_DECLS

/* Append the value of @node as `tshark -T fields` prints it. */
void trawl_format_field_value   (const TrawlNode *node,
                                 GString         *out);
/* Append the tree line of @node (without indentation, brackets or newline). */
void trawl_format_node_label    (const TrawlNode *node,
                                 GString         *out);
/* Append the label as -V prints it: in [brackets] for generated nodes. */
void trawl_format_node_line     (const TrawlNode *node,
                                 GString         *out);
/* Append the value as the tree line shows it ("Set", "TCP (6)", "0x0002"). */
void trawl_format_display_value (const TrawlNode *node,
                                 GString         *out);

/* Building blocks, shared with trawl-cli and the GUI. */
/* "Nov 23, 2026 13:40:00.123456789 UTC" in local time (or UTC). */
void trawl_format_abs_time      (gint64           ns,
                                 gboolean         utc,
                                 GString         *out);
/* "0.000025000", "-1.500000000" */
void trawl_format_rel_time      (gint64           ns,
                                 GString         *out);
/* Wireshark's unsigned_time_secs_to_str(): "1 day, 2 hours, 5 minutes",
 * "0 seconds". */
void trawl_format_secs          (guint32          secs,
                                 GString         *out);
/* Text as Wireshark's format_text shows it: \r \n \t ... escaped, other
 * control bytes as \ooo octal. */
void trawl_format_escape        (const char      *s,
                                 gsize            len,
                                 GString         *out);
/* The bit pattern of @value (unshifted field value) under @field's mask,
 * "0100 .... = " style with the trailing " = "; nothing when no mask. */
void trawl_format_bits          (const TrawlField *field,
                                 guint64          value,
                                 GString         *out);
const char *trawl_expert_severity_name (guint severity);  /* "Chat" */
const char *trawl_expert_group_name    (const TrawlNode *node); /* "Sequence" */

G_END_DECLS
