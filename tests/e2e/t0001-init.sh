#!/bin/sh
# init: creating a store, and what the program does with its command line
# before any store is involved (help, version, usage errors, exit codes).
. "$(dirname "$0")/lib.sh"

expect_success 'init DIR creates a store there' '
	"$SOMARKIV" init mystore >out 2>err &&
	echo "initialised store in ${SQ}mystore${SQ}" >expect &&
	test_cmp expect out &&
	test_must_be_empty err &&
	test -f mystore/store.db &&
	test -d mystore/objects
'

expect_success 'init without DIR uses $SOMARKIV_HOME' '
	"$SOMARKIV" init >out &&
	grep "initialised store in ${SQ}$SOMARKIV_HOME${SQ}" out &&
	test -f "$SOMARKIV_HOME/store.db"
'

expect_success 'init with --store before the command' '
	"$SOMARKIV" --store other init >out &&
	test -f other/store.db
'

expect_success 'global options are accepted among the command options' '
	"$SOMARKIV" init -q --store third >out &&
	test_must_be_empty out &&
	test -f third/store.db
'

expect_failure 'init twice fails' 3 '
	"$SOMARKIV" init mystore 2>err
'

expect_success 'and says why, on one line' '
	"$SOMARKIV" init mystore 2>err || :
	grep "^somarkiv: init: " err &&
	grep mystore err &&
	test_line_count = 1 err
'

expect_failure 'a command on a missing store exits 4' 4 '
	"$SOMARKIV" --store nowhere account list >out 2>err
'

expect_success 'and names the store' '
	"$SOMARKIV" --store nowhere account list 2>err || :
	grep "^somarkiv: account list: .*nowhere" err &&
	test ! -e nowhere
'

expect_success '--help prints the usage to stdout and exits 0' '
	"$SOMARKIV" --help >out 2>err &&
	grep "^usage: somarkiv" out &&
	grep "ingest" out &&
	grep "account add" out &&
	test_must_be_empty err
'

expect_success 'a command'"'"'s --help lists its options' '
	"$SOMARKIV" account add --help >out &&
	grep "^usage: somarkiv account add --platform P --handle H" out &&
	grep -- "--opened YYYY-MM-DD" out &&
	grep -- "--store DIR" out
'

expect_success 'help COMMAND is the same as COMMAND --help' '
	"$SOMARKIV" ingest --help >expect &&
	"$SOMARKIV" help ingest >out &&
	test_cmp expect out &&
	"$SOMARKIV" help account close >out &&
	grep -- "--reason TEXT" out
'

expect_success '--help wins over missing arguments' '
	"$SOMARKIV" show --help >out &&
	grep "^usage: somarkiv show" out
'

expect_success '--version' '
	"$SOMARKIV" --version >out &&
	grep "^somarkiv [0-9][0-9.]*$" out
'

expect_failure 'an unknown command exits 2' 2 '
	"$SOMARKIV" frobnicate 2>err
'

expect_success 'and prints the usage line to stderr' '
	"$SOMARKIV" frobnicate >out 2>err || :
	test_must_be_empty out &&
	grep "frobnicate" err &&
	grep "^usage: somarkiv" err
'

expect_failure 'no command at all exits 2' 2 '
	"$SOMARKIV" 2>err
'

expect_failure 'an unknown option exits 2' 2 '
	"$SOMARKIV" account list --frobnicate 2>err
'

expect_success 'and names it' '
	"$SOMARKIV" account list --frobnicate 2>err || :
	grep "unknown option ${SQ}--frobnicate${SQ}" err &&
	grep "^usage: somarkiv account list" err
'

expect_success 'an option given twice is refused, not silently replaced' '
	rc=0 && "$SOMARKIV" snapshot 1 --source a --source b --out x.tar --reason r 2>err || rc=$?
	test "$rc" -eq 2 &&
	grep "option ${SQ}--source${SQ} given twice" err &&
	test ! -e x.tar
'

expect_failure 'a missing argument exits 2' 2 '
	"$SOMARKIV" account show 2>err
'

expect_failure 'an option without its value exits 2' 2 '
	"$SOMARKIV" account list --store 2>err
'

expect_failure 'an unknown subcommand exits 2' 2 '
	"$SOMARKIV" account frobnicate 2>err
'

expect_failure 'a missing subcommand exits 2' 2 '
	"$SOMARKIV" capture 2>err
'

test_done
