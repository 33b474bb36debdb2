# The benchmark tools and the classifier's evaluation, built by `make tools`
# (and by `make check`, so they stay warning-free) into $(BUILD)/tools/;
# tools/bench-ingest, tools/bench-search and tools/eval-classify run them.
# Included by the top Makefile; never installed.

TOOLS_BIN = $(BUILD)/tools/bench-gen $(BUILD)/tools/bench-baseline $(BUILD)/tools/bench-run \
            $(BUILD)/tools/eval-classify $(BUILD)/tools/bench-search
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

# The evaluation classifies through the library, exactly as the store does.
$(BUILD)/tools/eval-classify: tools/eval-classify.c tools/corpus.h $(STATIC_LIB)
	@mkdir -p $(dir $@)
	$(call say,CC,$<)
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(STATIC_LIB) $(PC_LIBS)

# bench-search times som_search() and, beside it, the same MATCH on a bare
# FTS5 table: the library and SQLite both.
$(BUILD)/tools/bench-search: tools/bench-search.c $(STATIC_LIB)
	@mkdir -p $(dir $@)
	$(call say,CC,$<)
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(STATIC_LIB) $(PC_LIBS)

-include $(TOOLS_BIN:=.d)
