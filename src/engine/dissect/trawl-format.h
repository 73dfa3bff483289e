/* trawl-format.h: field values and tree lines as text, as Wireshark shows them
 *
 * Two forms: the value alone as tshark -T fields prints it ("38588",
 * "0x0002", "127.0.0.1", "1"), and the tree line as -V and the GUI show
 * it ("Source Port: 38588", ".... ..1. = Syn: Set").
 */
#pragma once

#include "trawl-packet.h"

G_BEGIN_DECLS

/* Append the value of @node as `tshark -T fields` prints it. */
void trawl_format_field_value (const TrawlNode *node,
                               GString         *out);
/* Append the tree line of @node (without indentation or newline). */
void trawl_format_node_label  (const TrawlNode *node,
                               GString         *out);
/* Append the value as the tree line shows it ("Set", "TCP (6)", "0x0002"). */
void trawl_format_display_value (const TrawlNode *node,
                                 GString         *out);

G_END_DECLS
