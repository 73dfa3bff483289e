/* trawl-format.c: placeholder */
#include "config.h"

#include "trawl-format.h"
