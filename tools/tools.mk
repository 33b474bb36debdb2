# The benchmark tools, built by `make tools` (and by `make check`, so they
# stay warning-free) into $(BUILD)/tools/; tools/bench-ingest runs them.
# Included by the top Makefile; never installed.

TOOLS_BIN = $(BUILD)/tools/bench-gen $(BUILD)/tools/bench-baseline $(BUILD)/tools/bench-run
# bench-baseline is the raw SQLite measure, so it links SQLite itself.
TOOLS_SQLITE_LIBS = $(shell $(PKG_CONFIG) --libs sqlite3)

.PHONY: tools
tools: $(TOOLS_BIN)

$(BUILD)/tools/bench-gen $(BUILD)/tools/bench-run: $(BUILD)/tools/%: tools/%.c
	@mkdir -p $(dir $@)
	$(call say,CC,$<)
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $<

$(BUILD)/tools/bench-baseline: tools/bench-baseline.c
	@mkdir -p $(dir $@)
	$(call say,CC,$<)
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(TOOLS_SQLITE_LIBS)

-include $(TOOLS_BIN:=.d)
