# newsprint - Unix filters that turn OCR'd Chinese newspaper pages into data.
#
#   make            build bin/np-*
#   make demo       install missing packages, build, run the samples to out/
#   make check      every test (unit, golden, bad input, sample scores)
#   make check-asan the tests under AddressSanitizer and UBSan
#   make fuzz       libFuzzer harnesses (tests/fuzz) into build/fuzz
#   make fuzz-run   run each for FUZZ_TIME seconds (default 60)
#   make check-valgrind  samples pipeline and bad-input tests under memcheck
#   make bench      throughput, memory and scaling against jansson, cat, mlr, jq,
#                   jieba (bench/run; BENCH_ARGS='--quick' for a short run)
#   make install PREFIX=/usr/local DESTDIR=

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man/man1
BUILD ?= build
BIN ?= bin
CC ?= cc
CFLAGS ?= -O2 -g
VERSION = 0.1.0

PKG_CFLAGS := $(shell pkg-config --cflags libpcre2-8 jansson 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs libpcre2-8 jansson 2>/dev/null)
NP_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	-DNP_VERSION='"$(VERSION)"' -Wall -Wextra -Werror -Ilib $(PKG_CFLAGS)
LDLIBS = $(PKG_LIBS) -lcsv -lm

FILTERS = $(patsubst filters/%.c,%,$(wildcard filters/np-*.c))
PROGS = $(FILTERS:%=$(BIN)/%)
LIB_OBJ = $(patsubst lib/%.c,$(BUILD)/lib/%.o,$(wildcard lib/*.c)) $(BUILD)/data.o
DATA = $(sort $(wildcard data/*.txt data/*.tsv))
UNIT_SRC = $(wildcard tests/unit/test-*.c)
UNIT = $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))
MANS = $(wildcard man/*.1)

all: $(PROGS)

$(BIN)/%: $(BUILD)/filters/%.o $(BUILD)/libnp.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/libnp.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(NP_CFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/data.o: $(BUILD)/data.c
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/data.c: $(DATA) $(BUILD)/embed
	$(BUILD)/embed $@ $(DATA)

# The embed tool runs on the build machine: no sanitizer flags.
$(BUILD)/embed: tools/embed.c
	@mkdir -p $(@D)
	cc -O1 -o $@ tools/embed.c

# Unit tests include the code they test; filters' tests include the filter.
$(BUILD)/tests/%: tests/unit/%.c tests/unit/t.h $(BUILD)/libnp.a
	@mkdir -p $(@D)
	$(CC) $(NP_CFLAGS) -Wno-unused-function $(CFLAGS) -MMD -MP -o $@ $< \
		$(BUILD)/libnp.a $(LDLIBS)

unit: $(UNIT)

deps:
	@scripts/setup-deps

check: deps
	@$(MAKE) --no-print-directory all unit
	@NP_BIN=$(BIN) NP_UNIT=$(BUILD)/tests tests/run

ASAN_FLAGS = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=all
check-asan: deps
	@$(MAKE) --no-print-directory BUILD=build/asan BIN=build/asan/bin \
		CFLAGS='$(ASAN_FLAGS)' LDFLAGS='$(ASAN_FLAGS)' all unit
	@ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		NP_BIN=build/asan/bin NP_UNIT=build/asan/tests tests/run

# Benchmarks: not part of check.  jsonpass is the jansson floor, built on
# lib/ so it costs exactly the filters' own record I/O.
bench: all $(BUILD)/bench/jsonpass $(BUILD)/bench/rusage
	@NP_BIN=$(BIN) NP_JSONPASS=$(BUILD)/bench/jsonpass \
		NP_RUSAGE=$(BUILD)/bench/rusage bench/run $(BENCH_ARGS)

$(BUILD)/bench/jsonpass: bench/jsonpass.c $(BUILD)/libnp.a
	@mkdir -p $(@D)
	$(CC) $(NP_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libnp.a $(LDLIBS)

$(BUILD)/bench/rusage: bench/rusage.c
	@mkdir -p $(@D)
	$(CC) $(NP_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $<

# libFuzzer harnesses under ASan+UBSan: lib built with coverage in
# build/fuzz/obj, one binary per tests/fuzz/fuzz-NAME.c.  Two checks gcc's
# UBSan (check-asan) does not make are reported without stopping: NULL + 0
# and memcpy(NULL, p, 0), which empty np_bufs produce.
FUZZ_CC = clang-14
FUZZ_SAN = -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=all \
	-fsanitize-recover=pointer-overflow,nonnull-attribute -Wno-error
FUZZ_BINS = $(patsubst tests/fuzz/%.c,build/fuzz/%,$(wildcard tests/fuzz/fuzz-*.c))
FUZZ_TIME ?= 60

fuzz: deps
	@$(MAKE) --no-print-directory BUILD=build/fuzz/obj CC=$(FUZZ_CC) \
		CFLAGS='$(FUZZ_SAN) -fsanitize=fuzzer-no-link' build/fuzz/obj/libnp.a
	@$(MAKE) --no-print-directory $(FUZZ_BINS)

build/fuzz/fuzz-%: tests/fuzz/fuzz-%.c build/fuzz/obj/libnp.a
	$(FUZZ_CC) $(NP_CFLAGS) -Wno-unused-function $(FUZZ_SAN) -fsanitize=fuzzer \
		-MMD -MP -o $@ $< build/fuzz/obj/libnp.a $(LDLIBS)

fuzz-run: fuzz
	@FUZZ_TIME=$(FUZZ_TIME) scripts/fuzz-ci --no-build

check-valgrind: deps
	@$(MAKE) --no-print-directory all
	@scripts/check-valgrind

demo: deps
	@$(MAKE) --no-print-directory all
	@scripts/demo

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)
	cp $(PROGS) $(DESTDIR)$(BINDIR)/
	cp $(MANS) $(DESTDIR)$(MANDIR)/

uninstall:
	for f in $(FILTERS); do rm -f $(DESTDIR)$(BINDIR)/$$f $(DESTDIR)$(MANDIR)/$$f.1; done

clean:
	rm -rf $(BUILD) $(BIN) out

.PHONY: all unit deps check check-asan bench demo install uninstall clean \
	fuzz fuzz-run check-valgrind
.SECONDARY:

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
