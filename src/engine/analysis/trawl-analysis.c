/* trawl-analysis.c: placeholder */
#include "config.h"

#include "trawl-analysis.h"
