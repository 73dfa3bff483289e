/* trawl-pcapng-reader.c: placeholder */
#include "config.h"
