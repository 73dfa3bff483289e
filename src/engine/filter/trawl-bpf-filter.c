/* trawl-bpf-filter.c: placeholder */
#include "config.h"
