/* trawl-cli.c: placeholder */
#include "config.h"

#include "dissect/trawl-dissect.h"

int
main (int argc, char **argv)
{
  trawl_dissectors_init ();
  g_print ("%u fields\n", trawl_field_count ());
  return 0;
}
