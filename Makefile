# somarkiv: one GNU Makefile for the library, the command-line tool, the
# tests and the tools. `make demo` and `make check` install what is missing
# first (tools/install-deps), then build.
#
# Variants: DEVELOPER=1 (-Werror), DEBUG=1 (-O0 -g3), SANITIZE=address,undefined,
# V=1 (show commands). PREFIX and DESTDIR for `make install`.

PREFIX ?= /usr/local
DESTDIR ?=
BINDIR = $(PREFIX)/bin
LIBDIR = $(PREFIX)/lib
INCDIR = $(PREFIX)/include
DATADIR = $(PREFIX)/share/somarkiv
MANDIR = $(PREFIX)/share/man
PKGDIR = $(LIBDIR)/pkgconfig

CC ?= cc
PKG_CONFIG ?= pkg-config
LIBS_PC = sqlite3 libxml-2.0 libarchive libcrypto jansson libcurl

# Variant flags decide the build directory, so variants never mix objects.
VARIANT = default
CFLAGS_OPT = -O2 -g
ifeq ($(DEBUG),1)
  CFLAGS_OPT = -O0 -g3
  VARIANT := debug
endif
ifneq ($(SANITIZE),)
  CFLAGS_OPT += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
  LDFLAGS += -fsanitize=$(SANITIZE)
  VARIANT := $(VARIANT)-san
endif
WARN = -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
       -Wmissing-prototypes -Wformat=2 -Wvla
ifeq ($(DEVELOPER),1)
  WARN += -Werror
endif

BUILD = build/$(VARIANT)
# Evaluated lazily: pkg-config runs only once the packages are installed.
PC_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(LIBS_PC))
PC_LIBS = $(shell $(PKG_CONFIG) --libs $(LIBS_PC)) $(OTHER_LIBS)
# Libraries without a pkg-config file: Snowball's stemmer (src/classify/stem.c).
OTHER_LIBS = -lstemmer -lm
CMOCKA_LIBS = $(shell $(PKG_CONFIG) --libs cmocka)
ALL_CFLAGS = $(WARN) $(CFLAGS_OPT) -D_GNU_SOURCE -fPIC -Iinclude -Isrc \
             -DSOM_SCHEMA_DIR_DEFAULT='"$(DATADIR)/schemas"' \
             $(PC_CFLAGS) -MMD -MP $(CFLAGS)

ifeq ($(V),1)
  Q =
  say =
else
  Q = @
  say = @printf '  %-6s %s\n' $(1) $(2);
endif

LIB_SRC = $(sort $(wildcard src/*/*.c))
LIB_SRC := $(filter-out src/cli/% src/web/%,$(LIB_SRC))
CLI_SRC = $(sort $(wildcard src/cli/*.c))
# The web interface (somarkiv serve) is part of the program, not the library:
# only it links libmicrohttpd.
WEB_SRC = $(sort $(wildcard src/web/*.c))
WEB_OBJ = $(WEB_SRC:%.c=$(BUILD)/%.o)
WEB_GEN_SRC = $(BUILD)/gen/web_style_css.c $(BUILD)/gen/web_app_js.c $(BUILD)/gen/web_icon_svg.c
WEB_GEN_OBJ = $(WEB_GEN_SRC:.c=.o)
MHD_CFLAGS = $(shell $(PKG_CONFIG) --cflags libmicrohttpd)
MHD_LIBS = $(shell $(PKG_CONFIG) --libs libmicrohttpd) -lpthread
UNIT_SRC = $(sort $(wildcard tests/unit/*.c))
LIB_OBJ = $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ = $(CLI_SRC:%.c=$(BUILD)/%.o)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/unit/%)
FUZZ_SRC = $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_REPLAY = $(FUZZ_SRC:tests/fuzz/fuzz_%.c=$(BUILD)/tests/fuzz/replay-%)
FUZZ_BIN = $(FUZZ_SRC:tests/fuzz/fuzz_%.c=build/fuzz/fuzz-%)

# Generated sources: the plan schema compiled into the library by
# tools/embed, so that plans validate the same installed and offline.
EMBED = $(BUILD)/tools/embed
GEN_SRC = $(BUILD)/gen/plan_xsd.c $(BUILD)/gen/osl_tsv.c $(BUILD)/gen/model.c
GEN_OBJ = $(GEN_SRC:.c=.o)
# The classifier's model, trained from the labelled corpus by
# tools/train-classify (which links the library's code without a model).
TRAIN_CORPUS = $(sort $(wildcard tests/data/corpus/train/*.ndjson))
TRAINER = $(BUILD)/tools/train-classify

STATIC_LIB = $(BUILD)/libsomarkiv.a
SHARED_LIB = $(BUILD)/libsomarkiv.so.0
PROGRAM = $(BUILD)/somarkiv
MAN_PAGE = $(BUILD)/somarkiv.1

.PHONY: all deps demo check test unit e2e install uninstall clean fuzz \
        check-banned _demo _check

all: $(PROGRAM) $(STATIC_LIB) $(SHARED_LIB) $(MAN_PAGE) build/somarkiv

# A stable path to the program of the last build, whatever the variant.
build/somarkiv: $(PROGRAM)
	$(Q)ln -sf $(VARIANT)/somarkiv $@

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(call say,CC,$<)
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(EMBED): tools/embed.c
	@mkdir -p $(dir $@)
	$(call say,CC,$<)
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $<

$(BUILD)/gen/plan_xsd.c: schemas/plan.xsd $(EMBED)
	@mkdir -p $(dir $@)
	$(call say,GEN,$@)
	$(Q)$(EMBED) som_plan__xsd $< $@

$(BUILD)/gen/osl_tsv.c: retention/osl-2009-400.tsv $(EMBED)
	@mkdir -p $(dir $@)
	$(call say,GEN,$@)
	$(Q)$(EMBED) som_registry__osl_tsv $< $@

$(TRAINER): tools/train-classify.c tools/model-untrained.c tools/corpus.h $(LIB_OBJ) \
            $(BUILD)/gen/plan_xsd.o $(BUILD)/gen/osl_tsv.o
	@mkdir -p $(dir $@)
	$(call say,CC,$<)
	$(Q)$(CC) $(filter-out -MMD -MP,$(ALL_CFLAGS)) $(LDFLAGS) -o $@ tools/train-classify.c \
		tools/model-untrained.c $(LIB_OBJ) $(BUILD)/gen/plan_xsd.o $(BUILD)/gen/osl_tsv.o \
		$(PC_LIBS)

$(BUILD)/gen/model.c: $(TRAINER) $(TRAIN_CORPUS)
	@mkdir -p $(dir $@)
	$(call say,TRAIN,$@)
	$(Q)$(TRAINER) $@.tmp $(TRAIN_CORPUS) && mv $@.tmp $@ || { rm -f $@.tmp; exit 1; }

$(GEN_OBJ): $(BUILD)/gen/%.o: $(BUILD)/gen/%.c
	$(call say,CC,$<)
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

# The web interface's style sheet and script, served from the program itself.
$(BUILD)/gen/web_style_css.c: src/web/static/style.css $(EMBED)
	@mkdir -p $(dir $@)
	$(call say,GEN,$@)
	$(Q)$(EMBED) web_style_css $< $@
$(BUILD)/gen/web_app_js.c: src/web/static/app.js $(EMBED)
	@mkdir -p $(dir $@)
	$(call say,GEN,$@)
	$(Q)$(EMBED) web_app_js $< $@
$(BUILD)/gen/web_icon_svg.c: src/web/static/icon.svg $(EMBED)
	@mkdir -p $(dir $@)
	$(call say,GEN,$@)
	$(Q)$(EMBED) web_icon_svg $< $@
$(WEB_GEN_OBJ): $(BUILD)/gen/%.o: $(BUILD)/gen/%.c
	$(call say,CC,$<)
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<
$(WEB_OBJ): ALL_CFLAGS += $(MHD_CFLAGS)

$(STATIC_LIB): $(LIB_OBJ) $(GEN_OBJ)
	$(call say,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

$(SHARED_LIB): $(LIB_OBJ) $(GEN_OBJ)
	$(call say,LD,$@)
	$(Q)$(CC) -shared -Wl,-soname,libsomarkiv.so.0 $(LDFLAGS) -o $@ $^ $(PC_LIBS)

$(PROGRAM): $(CLI_OBJ) $(WEB_OBJ) $(WEB_GEN_OBJ) $(STATIC_LIB)
	$(call say,LD,$@)
	$(Q)$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(WEB_OBJ) $(WEB_GEN_OBJ) $(STATIC_LIB) \
		$(PC_LIBS) $(MHD_LIBS)

# somarkiv(1), written by the program from the command and option tables
# that drive its parsing and --help, so the page cannot drift from it.
$(MAN_PAGE): $(PROGRAM)
	$(call say,GEN,$@)
	$(Q)$(PROGRAM) help --man >$@.tmp && mv $@.tmp $@ || { rm -f $@.tmp; exit 1; }

$(BUILD)/tests/unit/%: tests/unit/%.c $(STATIC_LIB)
	@mkdir -p $(dir $@)
	$(call say,CC,$<)
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(STATIC_LIB) $(PC_LIBS) $(CMOCKA_LIBS)

# The fetch tests' replay server (loopback HTTP and HTTPS), with OpenSSL for its TLS.
REPLAY_SERVER = $(BUILD)/tests/replay-server
$(REPLAY_SERVER): tests/replay-server.c
	@mkdir -p $(dir $@)
	$(call say,CC,$<)
	$(Q)$(CC) $(WARN) $(CFLAGS_OPT) -D_GNU_SOURCE $(LDFLAGS) -o $@ $< \
		$(shell $(PKG_CONFIG) --cflags --libs libssl libcrypto)

# Fuzz targets: replayed over their saved corpus by `make check` (any
# compiler), and built for libFuzzer with clang by `make fuzz`.
$(BUILD)/tests/fuzz/replay-%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c tests/fuzz/fuzz.h $(STATIC_LIB)
	@mkdir -p $(dir $@)
	$(call say,CC,$<)
	$(Q)$(CC) $(filter-out -MMD -MP,$(ALL_CFLAGS)) $(LDFLAGS) -o $@ $< tests/fuzz/replay.c \
		$(STATIC_LIB) $(PC_LIBS)

FUZZ_CFLAGS = -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -Iinclude -Isrc
build/fuzz/fuzz-%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(LIB_SRC) $(GEN_SRC)
	@mkdir -p $(dir $@)
	$(call say,CLANG,$@)
	$(Q)clang $(FUZZ_CFLAGS) $(PC_CFLAGS) -o $@ $< $(LIB_SRC) $(GEN_SRC) $(PC_LIBS)

fuzz: deps $(FUZZ_BIN)
	@echo "run e.g.: build/fuzz/fuzz-ndjson -max_total_time=60 tests/fuzz/corpus/ndjson"

-include tools/tools.mk

deps:
	@tools/install-deps

# The two commands of the README's quick start: each installs what is
# missing, then builds in a fresh make (so pkg-config sees the packages).
demo: deps
	@$(MAKE) --no-print-directory _demo
check:
	@tools/install-deps --tests
	@$(MAKE) --no-print-directory _check

_demo: all
	@tools/demo $(PROGRAM)

_check: all $(UNIT_BIN) $(FUZZ_REPLAY) $(TOOLS_BIN) $(REPLAY_SERVER) check-banned
	@tests/run $(BUILD)

check-banned:
	@tools/check-banned

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCDIR)/somarkiv \
	           $(DESTDIR)$(PKGDIR) $(DESTDIR)$(DATADIR)/schemas $(DESTDIR)$(DATADIR)/retention \
	           $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(PROGRAM) $(DESTDIR)$(BINDIR)/somarkiv
	install -m 644 $(STATIC_LIB) $(DESTDIR)$(LIBDIR)/libsomarkiv.a
	install -m 755 $(SHARED_LIB) $(DESTDIR)$(LIBDIR)/libsomarkiv.so.0
	ln -sf libsomarkiv.so.0 $(DESTDIR)$(LIBDIR)/libsomarkiv.so
	install -m 644 include/somarkiv.h $(DESTDIR)$(INCDIR)/somarkiv.h
	install -m 644 include/somarkiv/*.h $(DESTDIR)$(INCDIR)/somarkiv/
	install -m 644 $(MAN_PAGE) $(DESTDIR)$(MANDIR)/man1/somarkiv.1
	cp -R schemas/. $(DESTDIR)$(DATADIR)/schemas/
	cp -R retention/. $(DESTDIR)$(DATADIR)/retention/
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(shell sed -n 's/^#define SOM_VERSION "\(.*\)"/\1/p' include/somarkiv/common.h)|g' \
	    -e 's|@REQUIRES@|$(LIBS_PC)|g' -e 's|@LIBS_PRIVATE@|$(OTHER_LIBS)|g' tools/somarkiv.pc.in > $(DESTDIR)$(PKGDIR)/somarkiv.pc

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/somarkiv $(DESTDIR)$(LIBDIR)/libsomarkiv.a \
	      $(DESTDIR)$(LIBDIR)/libsomarkiv.so $(DESTDIR)$(LIBDIR)/libsomarkiv.so.0 \
	      $(DESTDIR)$(INCDIR)/somarkiv.h $(DESTDIR)$(PKGDIR)/somarkiv.pc \
	      $(DESTDIR)$(MANDIR)/man1/somarkiv.1
	rm -rf $(DESTDIR)$(INCDIR)/somarkiv $(DESTDIR)$(DATADIR)

clean:
	rm -rf build demo-store

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(WEB_OBJ:.o=.d) $(UNIT_BIN:=.d) $(GEN_OBJ:.o=.d) $(EMBED).d
