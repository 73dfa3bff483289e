/* icmpv6.c: placeholder until the dissector is written */
#include "config.h"

#include "trawl-dissect.h"

void
trawl_register_icmpv6 (void)
{
}
