/* trawl-dfilter-parser.c: placeholder */
#include "config.h"
