# newsprint — plain Makefile (GNU make).  See README.md.

VERSION   := 0.1.0
PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
LIBDIR    ?= $(PREFIX)/lib
INCDIR    ?= $(PREFIX)/include
MANDIR    ?= $(PREFIX)/share/man
DATADIR   ?= $(PREFIX)/share/newsprint
DESTDIR   ?=

CC        ?= cc
BUILD     ?= build
PKGS      := libxml-2.0 libzip libunibreak fontconfig freetype2 fribidi icu-uc icu-i18n nettle jansson \
             harfbuzz harfbuzz-subset \
             libpng libjpeg zlib
WARN      := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes
OPT       ?= -O2 -g
CFLAGS    ?= $(OPT)
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -pthread -fvisibility=hidden $(WARN) $(CFLAGS) \
             -Iinclude -Isrc $(shell pkg-config --cflags $(PKGS) 2>/dev/null) \
             -DNP_DATADIR='"$(DATADIR)"'
SYSLIBS   := -lhpdf -lhyphen -lm -pthread   # libraries without a pkg-config file
LIBS      := $(shell pkg-config --libs $(PKGS) 2>/dev/null) $(SYSLIBS)
TEST_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null)

# One folder per stage, in dependency order (see README, "Layout of the tree").
STAGES    := util model read select layout text bundle epub pdf
LIB_SRC   := $(foreach d,$(STAGES),$(sort $(wildcard src/$(d)/*.c)))
LIB_OBJ   := $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o)
CLI_SHARED:= src/cli/cli.c
PROG_SRC  := $(filter-out $(CLI_SHARED),$(sort $(wildcard src/cli/*.c)))
PROGS     := $(PROG_SRC:src/cli/%.c=$(BUILD)/bin/%)
UNIT_SRC  := $(sort $(wildcard tests/unit/test_*.c))
UNITS     := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
LIBA      := $(BUILD)/libnewsprint.a
# Test builds: the bundle writer compiled with NP_TEST_HOOKS (hooks that stop,
# kill or fail a run from inside, for the interrupted-run tests) into
# obj-test/, linked only into the programs in test-bin/.  The hooks and the
# struct they change live in src/bundle/ alone; the other objects are shared.
HOOK_SRC  := $(sort $(wildcard src/bundle/*.c))
HOOK_OBJ  := $(HOOK_SRC:src/%.c=$(BUILD)/obj-test/%.o)
TEST_OBJ  := $(filter-out $(HOOK_SRC:src/%.c=$(BUILD)/obj/%.o),$(LIB_OBJ)) $(HOOK_OBJ)
TEST_PROGS:= $(BUILD)/test-bin/newsml2txt
DEPS      := $(LIB_OBJ:.o=.d) $(BUILD)/obj/cli/cli.d $(HOOK_OBJ:.o=.d) $(BUILD)/obj/tests/unit.d \
             $(UNITS:=.d) $(PROGS:=.d) $(TEST_PROGS:=.d)

.PHONY: all deps deps-build check test demo asan tsan bench fuzz install uninstall clean units
all: $(LIBA) $(PROGS)

deps:
	@./.ci/install-deps check
deps-build:
	@./.ci/install-deps build

$(BUILD)/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

# objects made only on the way to a program are kept (make would delete them)
.SECONDARY: $(HOOK_OBJ) $(BUILD)/obj/cli/cli.o

$(BUILD)/obj-test/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -DNP_TEST_HOOKS -MMD -MP -c -o $@ $<

# The archive holds one relocatable object in which every symbol not marked
# NP_EXPORT is made local: a program linking the library sees only np_* API.
$(LIBA): $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ $(BUILD)/newsprint.o
	$(LD) -r -o $(BUILD)/newsprint.o $^
	objcopy --localize-hidden $(BUILD)/newsprint.o
	ar rcs $@ $(BUILD)/newsprint.o

# Programs and unit tests are compiled and linked in one step; -MF keeps
# their header dependencies beside them, so a changed struct rebuilds them.
$(BUILD)/bin/%: src/cli/%.c $(BUILD)/obj/cli/cli.o $(LIBA)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -MF $@.d -MT $@ -o $@ $< $(BUILD)/obj/cli/cli.o $(LIBA) $(LIBS) $(LDFLAGS)

# Unit tests also reach private functions, so they link the objects, and
# every one links the shared helpers (tests/unit/unit.c).
$(BUILD)/obj/tests/unit.o: tests/unit/unit.c tests/unit/unit.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c tests/unit/unit.h $(BUILD)/obj/tests/unit.o $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests/unit -Wno-missing-prototypes -MMD -MP -MF $@.d -MT $@ -o $@ $< $(BUILD)/obj/tests/unit.o \
	  $(LIB_OBJ) $(TEST_LIBS) $(LIBS) $(LDFLAGS)

$(BUILD)/test-bin/%: src/cli/%.c $(BUILD)/obj/cli/cli.o $(TEST_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -MF $@.d -MT $@ -o $@ $< $(BUILD)/obj/cli/cli.o $(TEST_OBJ) $(LIBS) $(LDFLAGS)

units: $(UNITS) $(TEST_PROGS)

# make check: install what is missing, build, run every test, print "N passed, N failed".
check: deps
	@$(MAKE) --no-print-directory all units
	@BUILD=$(BUILD) ./tests/run-all

test: all units
	@BUILD=$(BUILD) ./tests/run-all

# The whole suite under AddressSanitizer + UndefinedBehaviorSanitizer.
asan: deps
	@$(MAKE) --no-print-directory BUILD=build-asan CC=clang \
	  OPT='-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined' \
	  LDFLAGS='-fsanitize=address,undefined' all units
	@ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	  UBSAN_OPTIONS=print_stacktrace=1 NP_SLOW_TESTS=0 \
	  BUILD=build-asan ./tests/run-all

# The threaded paths under ThreadSanitizer: every unit test, and the
# scripts that run several readers, writers and outputs at once.
TSAN_CHECKS := jobs archive one-parse
tsan: deps
	@$(MAKE) --no-print-directory BUILD=build-tsan \
	  OPT='-O1 -g -fsanitize=thread' LDFLAGS='-fsanitize=thread' all units
	@TSAN_OPTIONS="halt_on_error=1 exitcode=66 suppressions=$(CURDIR)/tests/tsan.supp" \
	  NP_SLOW_TESTS=0 NP_CHECKS='$(TSAN_CHECKS)' BUILD=build-tsan ./tests/run-all

demo: deps-build
	@$(MAKE) --no-print-directory all
	@./tests/demo.sh $(BUILD)

# Benchmarks (not tests): each script prints its figures; a missed goal is
# reported, not fatal, so that every figure is printed.
bench:
	@./.ci/install-deps bench
	@$(MAKE) --no-print-directory all
	@./bench/run.sh $(BUILD)
	@./bench/bundle.sh $(BUILD) || true
	@if [ -x bench/pdf.sh ]; then ./bench/pdf.sh $(BUILD) bench/data/items-1000 || true; fi

fuzz: deps
	@./fuzz/run.sh $${FUZZ_SECONDS:-60}

# For scripts that build outside this Makefile (fuzz/run.sh): `make -s print-PKGS`.
print-%:
	@echo $($*)

clean:
	rm -rf build build-asan build-tsan build-fuzz out

PROG_NAMES := $(PROG_SRC:src/cli/%.c=%)
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCDIR)/newsprint \
	  $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DATADIR)
	install -m 755 $(PROGS) $(DESTDIR)$(BINDIR)/
	install -m 644 $(LIBA) $(DESTDIR)$(LIBDIR)/
	install -m 644 include/newsprint/*.h $(DESTDIR)$(INCDIR)/newsprint/
	install -m 644 doc/*.1 $(DESTDIR)$(MANDIR)/man1/
	cp -R styles/. $(DESTDIR)$(DATADIR)/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@INCDIR@|$(INCDIR)|' \
	  -e 's|@VERSION@|$(VERSION)|' src/newsprint.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/newsprint.pc

uninstall:
	rm -f $(addprefix $(DESTDIR)$(BINDIR)/,$(PROG_NAMES)) $(DESTDIR)$(LIBDIR)/libnewsprint.a \
	  $(DESTDIR)$(LIBDIR)/pkgconfig/newsprint.pc $(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(wildcard doc/*.1)))
	rm -rf $(DESTDIR)$(INCDIR)/newsprint $(DESTDIR)$(DATADIR)

-include $(DEPS)
