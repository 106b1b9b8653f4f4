/*
 * fuzz-dates.c - libFuzzer harness for the np-dates core (filter_record).
 */
#define main np_dates_main
#include "../../filters/np-dates.c"
#undef main

#define FUZZ_PROG "np-dates"
#include "filter-harness.h"
