/*
 * fuzz-names.c - libFuzzer harness for the np-names core (filter_record).
 */
#define main np_names_main
#include "../../filters/np-names.c"
#undef main

#define FUZZ_PROG "np-names"
#define FUZZ_RAW filter_raw
#include "filter-harness.h"
