#!/bin/sh
# tools/eval-classify: corpora side by side (in-sample, the development
# fifth of a split, held-out), every held-out miss listed, a crime item
# left temporary without the flag counted, --json naming each line's
# corpus, and bad arguments refused.
. "$(dirname "$0")/lib.sh"

EVAL="$(dirname "$SOMARKIV")/tools/eval-classify"
VGR="$REPO/retention/vgr-2.10.xml"

[ -x "$EVAL" ] || { echo "1..0 # skip no $EVAL (make tools)"; exit 0; }

expect_success 'setup: a small labelled corpus and a held-out one' '
	cat >in.ndjson <<-\JSON &&
	{"id": "a1", "kind": "comment", "author_is_account": false, "text": "Tack för en fin kväll!", "class": "temporary", "flags": []}
	{"id": "a2", "kind": "comment", "author_is_account": false, "text": "Klagomål: ingen har plogat Björkvägen på en vecka.", "class": "important", "flags": []}
	JSON
	cat >held.ndjson <<-\JSON
	{"id": "h1", "kind": "comment", "author_is_account": false, "text": "Tack så mycket för hjälpen!", "class": "temporary", "flags": ["crime"]}
	{"id": "h2", "kind": "comment", "author_is_account": false, "text": "Jag ska döda dig, din byråkrat.", "class": "important", "flags": ["crime"]}
	JSON
'

expect_success 'side by side, held-out misses listed, a crime left temporary counted' '
	"$EVAL" --plan "$VGR" shared=in.ndjson heldout-x=held.ndjson >out &&
	grep "^  *shared   *heldout-x$" out &&
	grep "^  *in-sample  *held-out$" out &&
	grep "^  items  *2  *2$" out &&
	grep "^  crime temporary, no flag  *0  *1$" out &&
	grep "^  heldout-x: keep recall 1.000 (met), precision 1.000 (met); crime recall 0.500 (not met); crime left temporary 1 (not met)$" out &&
	grep "^heldout-x: every item classified otherwise than labelled:$" out &&
	grep "^h1  labelled temporary+crime, got temporary  rules: temporary.tack-och-berom$" out &&
	! grep "^shared: every item" out
'

expect_success '--errors lists the misses of the in-sample corpora too; --json names the corpus' '
	"$EVAL" --plan "$VGR" --errors shared=held.ndjson >out &&
	grep "^shared: every item classified otherwise than labelled:$" out &&
	"$EVAL" --plan "$VGR" --json shared=in.ndjson heldout-x=held.ndjson >out &&
	test_line_count = 4 out &&
	grep "^{\"corpus\":\"heldout-x\",\"id\":\"h2\",\"class\":\"important\",\"flags\":\[\"crime\"\],\"review\":true,\"rules\":\[\"crime.olaga-hot.ord\"" out
'

expect_success 'a split: /train and /dev take the four fifths and the fifth by id' '
	python3 -c "
import json
for i in range(50):
    print(json.dumps({\"id\": \"T-%04d\" % i, \"kind\": \"comment\", \"author_is_account\": False, \"text\": \"Tack!\", \"class\": \"temporary\", \"flags\": []}))
" >split.ndjson &&
	"$EVAL" --plan "$VGR" t/train=split.ndjson t/dev=split.ndjson all=split.ndjson >out &&
	grep "^  *in-sample  *not tuned  *in-sample$" out &&
	items=$(sed -n "s/^  items  *//p" out) &&
	set -- $items &&
	test "$(($1 + $2))" -eq 50 && test "$3" -eq 50 && test "$2" -gt 0 && test "$2" -lt 25
'

expect_failure 'a bad part of a split is a usage error' 2 '
	"$EVAL" --plan "$VGR" t/most=split.ndjson 2>err ||
	{ rc=$?; grep "a part is /train or /dev" err; exit $rc; }
'

test_done
