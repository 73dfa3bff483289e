/* trawl-gzip.c: placeholder */
#include "config.h"
