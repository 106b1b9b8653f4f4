/*
 * fuzz-dates.c - libFuzzer harness for the np-dates core (filter_record).
 */
#define main np_dates_main
#include "../../filters/np-dates.c"
#undef main

#define FUZZ_PROG "np-dates"
#define FUZZ_RAW filter_raw
#include "filter-harness.h"
