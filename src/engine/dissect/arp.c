/* arp.c: placeholder until the dissector is written */
#include "config.h"

#include "trawl-dissect.h"

void
trawl_register_arp (void)
{
}
