/* trawl-pcap-reader.c: placeholder */
#include "config.h"
