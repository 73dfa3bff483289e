/* trawl-dfilter-eval.c: placeholder */
#include "config.h"
