/* trawl-format.c: placeholder */
#include "config.h"

#include "trawl-format.h"
void trawl_format_field_value (const TrawlNode *node, GString *out) {}
