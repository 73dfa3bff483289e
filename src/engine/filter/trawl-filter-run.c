/* trawl-filter-run.c: placeholder */
#include "config.h"
