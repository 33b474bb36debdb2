#!/bin/sh
# Names from a source (entry names, the source's own name, attachment
# paths) reach a person and JSON escaped: a newline in a name forges no
# line in `capture show`, no escape sequence or bidirectional override
# reaches the terminal, and bytes that are not UTF-8 leave --json valid.
. "$(dirname "$0")/lib.sh"

ESC=$(printf '\033')
BAD_NAME=$(printf 'bad\377%s[31mred\342\200\256name.json' "$ESC")

# Fails when the file holds an ESC byte, a byte that is not UTF-8, or U+202E.
no_raw_bytes() {
	python3 -c '
import sys
data = open(sys.argv[1], "rb").read()
data.decode("utf-8")
assert b"\x1b" not in data, "an ESC byte"
assert "\u202e".encode() not in data, "a raw U+202E"
' "$1"
}

valid_json() {
	python3 -c 'import json, sys; json.load(open(sys.argv[1], encoding="utf-8"))' "$1"
}

expect_success 'setup: a folder with an NDJSON file and two hostile file names' '
	"$SOMARKIV" init -q &&
	"$SOMARKIV" account add -q --platform other --handle @exempelby &&
	mkdir export &&
	cp "$DATA/exempelby-comments.ndjson" export/comments.ndjson &&
	: >"export/likes
problems:    0" &&
	: >"export/$BAD_NAME" &&
	"$SOMARKIV" ingest --account 1 export >out &&
	grep "2 problems" out
'

expect_success 'capture show: a newline in a name forges no line' '
	"$SOMARKIV" capture show 1 >out &&
	cat out &&
	test "$(grep -c "^problems:" out)" -eq 1 &&
	grep "^  likes\\\\x0aproblems:    0: not read: not an NDJSON file$" out
'

expect_success 'capture show: no escape sequence, broken byte or override reaches the terminal' '
	"$SOMARKIV" capture show 1 >out &&
	no_raw_bytes out &&
	grep -F "  bad\\xff\\x1b[31mred\\u202ename.json: not read" out
'

expect_success 'capture show --json and capture list --json are valid JSON' '
	"$SOMARKIV" capture show 1 --json >show.json &&
	valid_json show.json &&
	no_raw_bytes show.json &&
	"$SOMARKIV" capture list --json >list.json &&
	valid_json list.json
'

expect_success 'a source whose own name is not UTF-8: output and JSON stay clean' '
	cp "$DATA/exempelby-comments.ndjson" "$(printf "c\377.ndjson")" &&
	"$SOMARKIV" ingest --account 1 --partial "$(printf "c\377.ndjson")" >out &&
	cat out &&
	no_raw_bytes out &&
	grep "(ndjson, .c\\\\xff.ndjson.)$" out &&
	"$SOMARKIV" capture list >list &&
	no_raw_bytes list &&
	"$SOMARKIV" capture list --json >list.json &&
	valid_json list.json &&
	"$SOMARKIV" ingest --json --account 1 --partial "$(printf "c\377.ndjson")" >ingest.json &&
	valid_json ingest.json
'

expect_failure 'an error naming a hostile archive entry is one clean line' 3 '
	python3 -c "
import io, tarfile
with tarfile.open(\"evil.tar\", \"w\") as t:
    i = tarfile.TarInfo(\"a\x1b]0;owned\x07\nsomarkiv: forged\")
    i.type = tarfile.SYMTYPE
    i.linkname = \"/etc/passwd\"
    t.addfile(i)
" &&
	"$SOMARKIV" ingest --account 1 evil.tar 2>err ||
	{ rc=$?
	  cat err
	  test_line_count = 1 err &&
	  no_raw_bytes err &&
	  grep -F "entry ${SQ}a\\x1b]0;owned\\x07" err &&
	  grep "somarkiv: forged${SQ} is a link$" err &&
	  exit $rc; }
'

expect_success 'an attachment path with a newline: show prints it on one line, --json is valid' '
	printf "%s\n" "{\"platform\":\"other\",\"id\":\"n1\",\"kind\":\"post\",\"created\":\"2026-01-02T03:04:05Z\",\"text\":\"hej\",\"attachments\":[{\"path\":\"a\\nattachments (9):\"}]}" >att.ndjson &&
	"$SOMARKIV" ingest -q --account 1 --partial att.ndjson &&
	"$SOMARKIV" show n1 >out &&
	cat out &&
	test "$(grep -c "^attachments" out)" -eq 1 &&
	grep -F "  a\\x0aattachments (9):  application/octet-stream  MISSING" out &&
	"$SOMARKIV" show n1 --json >show.json &&
	valid_json show.json
'

test_done
