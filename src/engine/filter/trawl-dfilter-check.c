/* trawl-dfilter-check.c: placeholder */
#include "config.h"
