# The end-to-end test library, sourced by every tests/e2e/tNNNN-*.sh (after
# git's t/test-lib.sh): a fresh temporary directory per script, the program
# under test in $SOMARKIV, TAP output, and the helpers expect_success,
# expect_failure, test_cmp and skip. A script ends with test_done.
#
# Environment: SOMARKIV_BIN (the program; default build/somarkiv),
# SOMARKIV_TEST_VERBOSE=1 (show every test's output), SOMARKIV_TEST_KEEP=1
# (keep the temporary directory).

TEST_NAME=$(basename "$0" .sh)
E2E_DIR=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$E2E_DIR/../.." && pwd)
DATA="$REPO/tests/data"
SHARED="$REPO/../shared"
SQ="'"

SOMARKIV=${SOMARKIV_BIN:-$REPO/build/somarkiv}
case $SOMARKIV in
/*) ;;
*) SOMARKIV="$PWD/$SOMARKIV" ;;
esac

LC_ALL=C.UTF-8
# Cron lines read local time; the tests read it as UTC unless they say otherwise.
TZ=UTC
export TZ
export LC_ALL
unset SOMARKIV_NOW

test_count=0
test_passed=0
test_failed=0
test_skipped=0
test_skip_all=

# The scratch space: $TEST_META holds our logs, $TRASH the tests' files.
TEST_META=$(mktemp -d "${TMPDIR:-/tmp}/somarkiv-$TEST_NAME.XXXXXX") || exit 1
TRASH="$TEST_META/trash"
mkdir "$TRASH" || exit 1

test_cleanup() {
	if [ -n "${SOMARKIV_TEST_KEEP:-}" ]; then
		echo "# kept $TRASH"
	else
		rm -rf "$TEST_META"
	fi
}
trap test_cleanup EXIT
trap 'exit 130' INT TERM

cd "$TRASH" || exit 1
# Commands without --store use this store.
SOMARKIV_HOME="$TRASH/store"
export SOMARKIV_HOME

# Run a test body in a subshell that stops at its first failing command;
# its output goes to the log. Sets test_rc.
test_run() {
	(
		set -e
		eval "$1"
	) >"$TEST_META/out" 2>&1 </dev/null
	test_rc=$?
}

# Show a failed (or, verbose, any) test's commands and output as TAP comments.
test_show() {
	printf '%s\n' "$1" | sed -e '/^[[:space:]]*$/d' -e 's/^/#   /'
	if [ -s "$TEST_META/out" ]; then
		echo "# output:"
		sed -e 's/^/#   /' "$TEST_META/out"
	fi
}

test_ok() {
	test_passed=$((test_passed + 1))
	echo "ok $test_count - $1"
}

test_not_ok() {
	test_failed=$((test_failed + 1))
	echo "not ok $test_count - $1"
}

# Did the script or the caller ask to skip? Prints the TAP line when so.
test_skipping() {
	if [ -n "$test_skip_all" ]; then
		test_skipped=$((test_skipped + 1))
		echo "ok $test_count - $1 # skip $test_skip_all"
		return 0
	fi
	return 1
}

# expect_success "description" 'commands'
expect_success() {
	test_count=$((test_count + 1))
	test_skipping "$1" && return 0
	test_run "$2"
	if [ "$test_rc" -eq 0 ]; then
		test_ok "$1"
		[ -n "${SOMARKIV_TEST_VERBOSE:-}" ] && test_show "$2"
	else
		test_not_ok "$1"
		echo "# exit code $test_rc"
		test_show "$2"
	fi
	return 0
}

# expect_failure "description" CODE 'commands': the commands must exit with CODE.
expect_failure() {
	test_count=$((test_count + 1))
	test_skipping "$1" && return 0
	test_run "$3"
	if [ "$test_rc" -eq "$2" ]; then
		test_ok "$1"
		[ -n "${SOMARKIV_TEST_VERBOSE:-}" ] && test_show "$3"
	else
		test_not_ok "$1"
		echo "# expected exit code $2, got $test_rc"
		test_show "$3"
	fi
	return 0
}

# skip "description" "reason": count a test as skipped.
skip() {
	test_count=$((test_count + 1))
	test_skipped=$((test_skipped + 1))
	echo "ok $test_count - $1 # skip ${2:-}"
}

# Skip the rest of the script unless ../shared (or PATH inside it) exists.
skip_unless_shared() {
	if [ ! -e "$SHARED/${1:-}" ]; then
		test_skip_all="no $SHARED/${1:-}"
	fi
}

# Skip the rest of the script unless the command exists.
skip_unless_command() {
	if ! command -v "$1" >/dev/null 2>&1; then
		test_skip_all="no $1"
	fi
}

# test_cmp EXPECTED ACTUAL
test_cmp() {
	diff -u "$1" "$2"
}

test_must_be_empty() {
	if [ -s "$1" ]; then
		echo "'$1' is not empty:"
		cat "$1"
		return 1
	fi
}

# test_line_count OP N FILE, e.g. test_line_count = 3 out
test_line_count() {
	test_lc=$(wc -l <"$3" | tr -d ' ')
	if ! [ "$test_lc" "$1" "$2" ]; then
		echo "'$3' has $test_lc lines, expected $1 $2:"
		cat "$3"
		return 1
	fi
}

# The database of a store as SQL text, to compare a store before and after.
store_dump() {
	sqlite3 "${1:-$SOMARKIV_HOME}/store.db" .dump
}

# fails CODE MESSAGE COMMAND...: the program exits CODE with MESSAGE on
# stderr, nothing on stdout, and the store exactly as it was.
fails() {
	fails_code=$1 fails_msg=$2
	shift 2
	store_dump >before.sql
	fails_rc=0
	"$SOMARKIV" "$@" >out 2>err || fails_rc=$?
	store_dump >after.sql
	cat err
	[ "$fails_rc" -eq "$fails_code" ] || { echo "exit code $fails_rc, expected $fails_code"; return 1; }
	test_must_be_empty out &&
	grep -F -- "$fails_msg" err &&
	test_cmp before.sql after.sql
}

test_done() {
	echo "1..$test_count"
	echo "# passed $test_passed failed $test_failed skipped $test_skipped"
	[ "$test_failed" -eq 0 ]
	exit $?
}

if [ ! -x "$SOMARKIV" ]; then
	echo "not ok 1 - the program '$SOMARKIV' exists (run make, or set SOMARKIV_BIN)"
	echo "1..1"
	echo "# passed 0 failed 1 skipped 0"
	exit 1
fi
