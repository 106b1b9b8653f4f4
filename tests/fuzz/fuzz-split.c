/*
 * fuzz-split.c - libFuzzer harness for the np-split core (filter_record).
 */
#define main np_split_main
#include "../../filters/np-split.c"
#undef main

#define FUZZ_PROG "np-split"
#define FUZZ_RAW filter_raw
#include "filter-harness.h"
