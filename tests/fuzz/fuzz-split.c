/*
 * fuzz-split.c - libFuzzer harness for the np-split core (filter_record).
 */
#define main np_split_main
#include "../../filters/np-split.c"
#undef main

#define FUZZ_PROG "np-split"
#include "filter-harness.h"
