#!/bin/sh
# The manual page: `somarkiv help --man` writes somarkiv(1) in roff from the
# command and option tables that drive parsing and --help, so every command
# and option --help knows is in the page, the roff is clean for a formatter
# (groff -ww, man --warnings or mandoc -T lint, whichever is installed), and
# what the tables say is escaped for roff.
. "$(dirname "$0")/lib.sh"

# The page's source with its minus signs as plain hyphens, to grep.
plain() {
	sed -e 's/\\-/-/g' somarkiv.1
}

# The commands of `somarkiv --help`'s list, one a line ("account add").
help_commands() {
	"$SOMARKIV" --help | sed -n '/^commands:$/,/^$/p' |
		sed -n 's/^  \([a-z-]*\( [a-z-][a-z-]*\)\{0,1\}\)  .*/\1/p'
}

# The long options of a command's --help (its own, not the global ones).
help_options() {
	# shellcheck disable=SC2086 # a command of two words is two arguments
	"$SOMARKIV" help $1 | sed -n '/^options:$/,/^$/p' |
		sed -n 's/^ *\(-., \)\{0,1\}--\([a-z-]*\).*/\2/p'
}

# Warnings of whichever formatter is installed, to stdout; fails without one.
lint() {
	if command -v groff >/dev/null 2>&1; then
		groff -man -Tutf8 -ww -z "$1" 2>&1
	elif command -v man >/dev/null 2>&1; then
		MANWIDTH=80 man --warnings -l "$1" 2>&1 >/dev/null
	elif command -v mandoc >/dev/null 2>&1; then
		mandoc -T lint -W warning "$1" 2>&1
	else
		return 1
	fi
}

expect_success 'help --man writes the page, without a store' '
	"$SOMARKIV" help --man >somarkiv.1 2>err &&
	test_must_be_empty err &&
	test ! -e "$SOMARKIV_HOME" &&
	grep "^\.TH SOMARKIV 1 \"[0-9-]*\" \"somarkiv [0-9.]*\"" somarkiv.1
'

expect_success 'the page has the sections of a manual page, in order' '
	sed -n "s/^\.SH //p" somarkiv.1 >actual &&
	cat >expect <<-\EOF &&
	NAME
	SYNOPSIS
	DESCRIPTION
	COMMANDS
	"GLOBAL OPTIONS"
	ENVIRONMENT
	"EXIT STATUS"
	FILES
	"SEE ALSO"
	EOF
	test_cmp expect actual
'

expect_success 'the list of commands is read from --help' '
	help_commands >commands &&
	grep -x init commands &&
	grep -x "account add" commands &&
	grep -x "retention approve" commands &&
	test_line_count -gt 30 commands
'

expect_success 'every command of --help has its synopsis in the page' '
	test_line_count -gt 30 commands &&
	plain >page &&
	while read -r cmd; do
		grep -F "\\fBsomarkiv $cmd\\fR" page >/dev/null ||
		{ echo "no synopsis of ${SQ}$cmd${SQ}"; exit 1; }
	done <commands
'

expect_success 'and each of its options, in its own entry' '
	test_line_count -gt 30 commands &&
	plain >page &&
	n=0 &&
	while read -r cmd; do
		# The entry: from the synopsis to the end of its indented part.
		awk -v head="\\\\fBsomarkiv $cmd\\\\fR" "
			index(\$0, head) == 1 { on = 1 }
			on { print }
			on && /^\\.RE\$/ { exit }
		" page >entry &&
		test -s entry &&
		# Its options: the tags of its .TP paragraphs, as long names.
		sed -n "/^\.TP\$/{n;p;}" entry |
			sed -e "s/\\\\f[BIR]//g" -e "s/\\\\ .*//" -e "s/^-., //" >tags &&
		for opt in $(help_options "$cmd"); do
			grep -x -F -e "--$opt" tags >/dev/null ||
			{ echo "${SQ}$cmd${SQ}: no --$opt"; cat entry; exit 1; }
			n=$((n + 1))
		done
	done <commands &&
	echo "$n options" &&
	test "$n" -gt 100
'

expect_success 'the global options, the environment and the exit codes are there' '
	plain >page &&
	sed -n "/^\.SH \"GLOBAL OPTIONS\"/,/^\.SH ENVIRONMENT/p" page >globals &&
	for opt in store actor quiet help version; do
		grep -F -e "\\fB--$opt\\fR" globals >/dev/null ||
		{ echo "no global --$opt"; exit 1; }
	done &&
	sed -n "/^\.SH ENVIRONMENT/,/^\.SH \"EXIT STATUS\"/p" page >env &&
	for var in SOMARKIV_HOME SOMARKIV_NOW SOMARKIV_SCHEMA_DIR TZ; do
		grep -x "\.B $var" env >/dev/null || { echo "no $var"; exit 1; }
	done &&
	sed -n "/^\.SH \"EXIT STATUS\"/,/^\.SH FILES/p" page | sed -n "s/^\.B //p" >actual &&
	printf "%s\n" 0 1 2 3 4 >expect &&
	test_cmp expect actual &&
	sed -n "/^\.SH FILES/,/^\.SH \"SEE ALSO\"/p" page >files &&
	grep -x "\.I store.db" files &&
	grep -x "\.I objects/" files &&
	grep -x "\.I store.lock" files
'

expect_success 'what the tables say is escaped for roff' '
	# Only the requests and macros the generator writes start a line;
	# table text starting with a dot or an apostrophe is behind \&.
	grep "^[.${SQ}]" somarkiv.1 | sed "s/ .*//" | sort -u >requests &&
	{ grep -v -x -e ".\\\\\"" -e .TH -e .SH -e .SS -e .TP -e .PP -e .RS -e .RE \
		-e .B -e .I -e .BR -e .br -e .ad -e .nh requests >odd || test $? -eq 1; } &&
	test_must_be_empty odd &&
	# Hyphens are minus signs (\-), outside the date and the comment.
	sed -e "/^\.TH /d" -e "/^\.\\\\\"/d" -e "s/\\\\-//g" somarkiv.1 >no-minus &&
	{ grep -n -e - no-minus >hyphens || test $? -eq 1; } &&
	test_must_be_empty hyphens &&
	# Text outside ASCII is written as \[uXXXX], whatever the input encoding.
	{ LC_ALL=C grep -n "[^ -~]" somarkiv.1 >raw || test $? -eq 1; } &&
	test_must_be_empty raw &&
	grep -F "register items (diarief\\[u00F6]ring)" somarkiv.1
'

expect_success 'SOURCE_DATE_EPOCH fixes the date; the page is otherwise the same' '
	SOURCE_DATE_EPOCH=0 "$SOMARKIV" help --man >a.1 &&
	SOURCE_DATE_EPOCH=0 "$SOMARKIV" help --man >b.1 &&
	test_cmp a.1 b.1 &&
	grep "^\.TH SOMARKIV 1 \"1970-01-01\"" a.1 &&
	sed "/^\.TH /d" somarkiv.1 >x &&
	sed "/^\.TH /d" a.1 >y &&
	test_cmp x y
'

expect_failure 'help --man with more words is a usage error' 2 '
	"$SOMARKIV" help --man init >out 2>err
'

expect_failure 'a page that cannot be written is a runtime error' 3 '
	"$SOMARKIV" help --man >/dev/full 2>err
'

expect_success 'and says so, on one line' '
	"$SOMARKIV" help --man >/dev/full 2>err || :
	echo "somarkiv: help: cannot write the manual page" >expect &&
	test_cmp expect err
'

if command -v groff >/dev/null 2>&1 || command -v man >/dev/null 2>&1 ||
   command -v mandoc >/dev/null 2>&1; then
	expect_success 'the formatter warns of a bad page (the check can fail)' '
		printf ".TH X 1 2026-01-01\n.SH NAME\nx \\\\- y\n.XX bogus\nz\n" >bad.1 &&
		lint bad.1 >warnings || : &&
		cat warnings &&
		test -s warnings
	'
	expect_success 'the formatter has no warning about the page' '
		lint somarkiv.1 >warnings &&
		test_must_be_empty warnings
	'
else
	skip 'the formatter warns of a bad page' \
		'no groff, man or mandoc (Debian: groff-base, man-db or mandoc)'
	skip 'the formatter has no warning about the page' \
		'no groff, man or mandoc (Debian: groff-base, man-db or mandoc)'
fi

test_done
