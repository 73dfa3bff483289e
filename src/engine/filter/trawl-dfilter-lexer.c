/* trawl-dfilter-lexer.c: placeholder */
#include "config.h"
