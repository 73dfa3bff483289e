/* trawl-display-filter.c: placeholder */
#include "config.h"
