/* trawl-tcp-analysis.c: placeholder */
#include "config.h"
