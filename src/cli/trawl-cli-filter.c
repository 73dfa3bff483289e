/* trawl-cli-filter.c: placeholder */
#include "config.h"
