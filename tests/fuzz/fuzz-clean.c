/*
 * fuzz-clean.c - libFuzzer harness for the np-clean core (filter_record).
 */
#define main np_clean_main
#include "../../filters/np-clean.c"
#undef main

#define FUZZ_PROG "np-clean"
#define FUZZ_RAW filter_raw
#include "filter-harness.h"
