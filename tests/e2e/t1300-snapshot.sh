#!/bin/sh
# snapshot: the pre-closure snapshot of an account (VGR rutin 6.9) on our
# own fixtures. A dry run changes nothing (store.db dump and objects/ alike)
# and lists what is unsettled, exit 1 when anything is; the snapshot ingests
# the final exports, writes one package that `verify`, bsdtar and openssl
# accept, records its items as delivered, closes the account with the
# package id, and is audited; a closed account takes no ingest and no second
# snapshot until reopened; a failure at any step, and bad input, leave the
# store as it was.
. "$(dirname "$0")/lib.sh"

skip_unless_command bsdtar
skip_unless_command openssl
SOMARKIV_SCHEMA_DIR="$REPO/schemas"
export SOMARKIV_SCHEMA_DIR
H='@exempelby@social.exempelby.se'
M1="$DATA/exempelby-mastodon-v1"
M2="$DATA/exempelby-mastodon-v2"
F1="$DATA/facebook-page-v1"
T='--created 2026-11-24T06:00:00Z'
DB="$SOMARKIV_HOME/store.db"

# The store as it is: the database as SQL, and the files under objects/.
snap_state() {
	store_dump >"$1" &&
	(cd "$SOMARKIV_HOME" && find objects -type f | sort) >>"$1"
}

expect_success 'setup: a store, a Mastodon and a Facebook account, no plan yet' '
	"$SOMARKIV" --actor kommunikator init -q &&
	"$SOMARKIV" account add -q --platform mastodon --handle "$H" --name "Exempelby kommun" &&
	"$SOMARKIV" account add -q --platform facebook --handle exempelbykommun --name "Exempelby kommun" &&
	mkdir pkg
'

expect_success 'dry run without a plan: the problems, exit 1, nothing written' '
	snap_state before &&
	rc=0 &&
	"$SOMARKIV" snapshot "$H" --source "$M1" --dry-run >out 2>err || rc=$? ;
	test "$rc" -eq 1 &&
	cat out &&
	test_must_be_empty err &&
	grep "^dry run of the snapshot of account 1 ($H): nothing written$" out &&
	grep "^source ${SQ}$M1${SQ}: 13 new, 0 changed, 0 unchanged, 0 removed, 2 attachments, 0 missing, 2 problems (mastodon)$" out &&
	grep "^no plan in use: nothing classified$" out &&
	grep "^13 items would go into the package (0 removed from the platform, 0 edited, 13 unclassified, 0 flagged, 0 attachments missing)$" out &&
	grep "^problems: 2$" out &&
	grep "^no-plan  *-  no plan in use" out &&
	grep "^unclassified  *-  13 of 13 items have no class$" out &&
	snap_state after && test_cmp before after
'

expect_success 'dry run with a plan and nothing unsettled: exit 0; a large attachment written and cleaned' '
	"$SOMARKIV" plan use -q "$DATA/plans/exempelby.xml" &&
	cp -R "$M1" big &&
	head -c 100000 /dev/urandom >big/media_attachments/files/111/222/333/444/555/666/original/9eaf57777b7f5f47.png &&
	snap_state before &&
	"$SOMARKIV" snapshot "$H" --source big --dry-run --out pkg >out &&
	cat out &&
	grep "^source ${SQ}big${SQ}: 13 new, 0 changed, 0 unchanged, 0 removed, 2 attachments, 0 missing, 2 problems (mastodon)$" out &&
	grep "^plan 2026.1: 13 items would be classified$" out &&
	grep "^13 items would go into the package (0 removed from the platform, 0 edited, 0 unclassified, 0 flagged, 0 attachments missing)$" out &&
	! grep "^problems:" out &&
	snap_state after && test_cmp before after &&
	test ! -e "$SOMARKIV_HOME/objects/tmp" || test -z "$(ls "$SOMARKIV_HOME/objects/tmp")"
'

expect_success 'dry run of the Facebook Page: the unresolved flag and the missing attachments' '
	snap_state before &&
	rc=0 &&
	"$SOMARKIV" snapshot exempelbykommun --source "$F1" --dry-run >out || rc=$? ;
	test "$rc" -eq 1 &&
	cat out &&
	grep "^problems: 3$" out &&
	grep "^flagged  *[0-9][0-9]*  flags no person has resolved: personal-data (message of 2025-02-10T19:02:00Z)$" out &&
	test "$(grep -c "^missing-attachment  *[0-9][0-9]*  attachment ${SQ}.*${SQ} is missing from the exports" out)" -eq 2 &&
	! grep "Skolgatan 4" out &&
	snap_state after && test_cmp before after
'

expect_success 'dry run --json: the same, for machines' '
	rc=0 &&
	"$SOMARKIV" snapshot exempelbykommun --source "$F1" --dry-run --json >out || rc=$? ;
	test "$rc" -eq 1 &&
	python3 -c "
import json
r = json.load(open(\"out\"))
assert r[\"dry_run\"] is True and r[\"items\"] == 15 and r[\"flagged\"] == 1 and r[\"missing\"] == 2, r
assert [p[\"what\"] for p in r[\"problems\"]] == [\"flagged\", \"missing-attachment\", \"missing-attachment\"], r
assert r[\"sources\"][0][\"new\"] == 15 and r[\"sources\"][0][\"format\"] == \"facebook\", r
"
'

expect_success 'snapshot of the Mastodon account: the final exports in, one package out, closed' '
	"$SOMARKIV" --actor kommunikator snapshot "$H" --source "$M1" "$M2" --out pkg \
		--reason "kontot avslutas" --date 2026-11-20 --package-id snap-mastodon $T >out.txt &&
	cat out.txt &&
	head -n 1 out.txt | grep "pkg/snap-mastodon.tar$" &&
	grep "^package: *snap-mastodon$" out.txt &&
	grep "^items: *15$" out.txt &&
	grep "^sha256: *$(sha256sum pkg/snap-mastodon.tar | cut -d" " -f1)$" out.txt &&
	grep "^capture 1: 13 new, 0 changed, 0 unchanged, 0 removed, 2 attachments, 0 missing, 2 problems (mastodon, ${SQ}$M1${SQ})$" out.txt &&
	grep "^capture 2: 2 new, 1 changed, 11 unchanged, 1 removed, 0 attachments, 1 missing, 3 problems (mastodon, ${SQ}$M2${SQ})$" out.txt &&
	grep "^15 items in the package (1 removed from the platform, 1 edited, 0 unclassified, 0 flagged, 1 attachments missing)$" out.txt &&
	grep "^account 1 ($H) closed on 2026-11-20 with snapshot snap-mastodon$" out.txt
'

expect_success 'somarkiv verify accepts the package' '
	"$SOMARKIV" verify --no-signature-check pkg/snap-mastodon.tar >v &&
	! grep "^FAIL" v
'

expect_success 'bsdtar lists it: METS.xml, every item, the register entry, the rendering' '
	bsdtar -tf pkg/snap-mastodon.tar >list &&
	! grep -v "^snap-mastodon/" list &&
	grep "^snap-mastodon/METS.xml$" list &&
	test "$(grep -c "^snap-mastodon/representations/rep1/data/item-[0-9]*/item.xml$" list)" -eq 15 &&
	grep "^snap-mastodon/metadata/descriptive/account.xml$" list &&
	grep "^snap-mastodon/representations/rendering/data/index.html$" list
'

expect_success 'the rendering: its interface in English, the items in their own language' '
	mkdir unpacked && bsdtar -xf pkg/snap-mastodon.tar -C unpacked &&
	I=unpacked/snap-mastodon/representations/rendering/data/index.html &&
	grep -F "<html lang=\"en\">" $I &&
	grep -F ">Profile and posts</a>" $I &&
	grep -F "<h2>Posts, newest first</h2>" $I &&
	grep -F "<span class=\"badge rm\">Removed from the platform" $I &&
	grep -F "<span class=\"badge ed\">Edited" $I &&
	test "$(grep -c "<div class=\"text\"" $I)" -gt 0 &&
	test "$(grep -c "<div class=\"text\"" $I)" = "$(grep -c "<div class=\"text\" lang=\"\">" $I)" &&
	! grep -E "Inlägg|Profil och|Redigerad|Borttaget|Äldre|Bilagan|Objekt [0-9]" unpacked/snap-mastodon/representations/rendering/data/*.html
'

expect_success 'account show: closed, the reason, the snapshot package' '
	"$SOMARKIV" account show 1 >out &&
	grep "^closed: *2026-11-20$" out &&
	grep "^reason: *kontot avslutas$" out &&
	grep "^snapshot: *snap-mastodon$" out
'

expect_success 'every item of the account delivered: export_item rows of a verified export' '
	sqlite3 "$DB" "SELECT package_id, verified_at IS NOT NULL FROM export" >got &&
	echo "snap-mastodon|1" >expect && test_cmp expect got &&
	sqlite3 "$DB" "SELECT count(*) FROM item WHERE account_id = 1" >expect &&
	sqlite3 "$DB" "SELECT count(*) FROM export_item e JOIN item i ON i.id = e.item_id
		WHERE i.account_id = 1 AND e.version = i.current_version" >got &&
	test_cmp expect got &&
	sqlite3 "$DB" "SELECT count(*) FROM export_item" >got && test_cmp expect got
'

expect_success 'audited: the snapshot with package id, sha256 and item count; the chain intact' '
	"$SOMARKIV" log --json >log &&
	sum=$(sha256sum pkg/snap-mastodon.tar | cut -d" " -f1) &&
	grep "\"actor\":\"kommunikator\",\"action\":\"snapshot\",\"target\":\"account:1\"" log >line &&
	grep -q "\"package_id\":\"snap-mastodon\",\"sha256\":\"$sum\"" line &&
	grep -q "\"items\":15" line &&
	grep -q "\"action\":\"account.close\"" log &&
	"$SOMARKIV" verify --audit | grep "chain intact"
'

expect_success 'a closed account takes no ingest, the store unchanged' '
	store_dump >before &&
	rc=0 &&
	"$SOMARKIV" ingest --account 1 "$M2" 2>err || rc=$? ;
	test "$rc" -eq 3 &&
	grep "^somarkiv: ingest: account ${SQ}$H${SQ} was closed on 2026-11-20: reopen it before capturing$" err &&
	store_dump >after && test_cmp before after
'

expect_success 'nor a second snapshot' '
	store_dump >before &&
	rc=0 &&
	"$SOMARKIV" snapshot 1 --source "$M2" --out pkg/again.tar --reason again 2>err || rc=$? ;
	test "$rc" -eq 3 &&
	grep "^somarkiv: snapshot: account ${SQ}$H${SQ} was closed on 2026-11-20: reopen it before a snapshot$" err &&
	test ! -e pkg/again.tar &&
	store_dump >after && test_cmp before after
'

expect_success 'a dry run of the closed account names the closing, reads nothing' '
	store_dump >before &&
	rc=0 &&
	"$SOMARKIV" snapshot 1 --source "$M2" --dry-run >out || rc=$? ;
	test "$rc" -eq 1 &&
	cat out &&
	grep "^source ${SQ}$M2${SQ}: not read (the account is closed)$" out &&
	grep "^closed  *-  the account was closed on 2026-11-20 with snapshot snap-mastodon: reopen it before a snapshot$" out &&
	store_dump >after && test_cmp before after
'

expect_success 'reopened, it takes captures again; a snapshot again adds nothing new' '
	"$SOMARKIV" account reopen -q 1 --reason "beslut ändrat" &&
	"$SOMARKIV" ingest --account 1 "$M2" >out &&
	grep "^capture 3: 0 new, 0 changed, 14 unchanged, 0 removed, " out &&
	"$SOMARKIV" snapshot 1 --source "$M2" --out pkg/again.tar --reason "kontot avslutas" >out &&
	grep "^capture 4: 0 new, 0 changed, 14 unchanged, 0 removed, " out &&
	grep "^account 1 ($H) closed on [0-9-]* with snapshot uuid-" out &&
	"$SOMARKIV" verify --no-signature-check pkg/again.tar >/dev/null
'

expect_success 'signed snapshot of the Facebook Page: openssl cms -verify accepts it; the problems shown' '
	openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem \
		-days 30 -subj "/CN=Kommunikator Exempelby kommun" 2>/dev/null &&
	"$SOMARKIV" snapshot exempelbykommun --source "$F1" --out pkg/fb.zip --reason "sidan avvecklas" \
		--sign key.pem --cert cert.pem --package-id snap-fb $T >out &&
	cat out &&
	grep "^signature: *pkg/fb.zip.p7s$" out &&
	grep "^problems at the snapshot: [0-9]* flagged, [0-9]* missing-attachment (${SQ}somarkiv review${SQ} lists the flagged items)$" out &&
	test "$(grep -o "[0-9]* flagged, [0-9]* missing" out | tr -cs "0-9" " " | awk "{print \$1 + \$2}")" = 3 &&
	openssl cms -verify -binary -content pkg/fb.zip -inform DER -in pkg/fb.zip.p7s \
		-CAfile cert.pem -purpose any -out /dev/null &&
	"$SOMARKIV" verify pkg/fb.zip --ca cert.pem >v && ! grep "^FAIL" v &&
	"$SOMARKIV" account show exempelbykommun | grep "^snapshot: *snap-fb$"
'

expect_success 'a failing snapshot (a key not the certificate'"'"'s) leaves all as it was: store, files, account' '
	"$SOMARKIV" account add -q --platform facebook --handle @bibliotek &&
	openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out other.pem 2>/dev/null &&
	store_dump >before &&
	rc=0 &&
	"$SOMARKIV" snapshot @bibliotek --source "$DATA/facebook-profile-2024" --out pkg/bad.tar \
		--reason x --sign other.pem --cert cert.pem 2>err || rc=$? ;
	test "$rc" -eq 3 &&
	cat err && grep "does not belong to certificate" err &&
	test ! -e pkg/bad.tar && test ! -e pkg/bad.tar.part && test ! -e pkg/bad.tar.p7s &&
	store_dump >after && test_cmp before after &&
	"$SOMARKIV" account show @bibliotek | grep "^closed: *-$"
'

# A snapshot killed with SIGKILL while it writes the package (its ingest and
# classification done, not committed): the store is as before, the account
# open; what may be left is the package's .part file and object files for
# gc. Run again, it completes.
expect_success 'killed while writing the package: the store as before; run again, it completes' '
	"$SOMARKIV" account add -q --platform other --handle @kill &&
	python3 -c "
import json
for i in range(4000):
    print(json.dumps({\"platform\": \"other\", \"id\": \"k%d\" % i, \"kind\": \"post\",
        \"by_account\": True, \"created\": \"2026-01-%02dT10:00:00Z\" % (i % 28 + 1),
        \"text\": \"Inlägg nummer %d om snöröjning och bibliotekets öppettider\" % i}))
" >kill.ndjson &&
	store_dump >before &&
	"$SOMARKIV" snapshot @kill --source kill.ndjson --out pkg/kill.tar --reason x >kout 2>kerr &
	pid=$! && i=0 &&
	while ! test -e pkg/kill.tar.part; do
		kill -0 $pid 2>/dev/null || { echo "the snapshot ended before it could be killed"; cat kout kerr; exit 1; }
		i=$((i + 1)) && test $i -lt 4000 || { echo "no package was ever written"; exit 1; }
		sleep 0.005
	done &&
	kill -9 $pid && rc=0 && { wait $pid || rc=$?; } && test "$rc" -eq 137 &&
	test "$(sqlite3 "$DB" "PRAGMA integrity_check")" = ok &&
	store_dump >after && test_cmp before after &&
	"$SOMARKIV" account show @kill | grep "^closed: *-$" &&
	test ! -e pkg/kill.tar &&
	"$SOMARKIV" verify | grep "chain intact" &&
	rm -f pkg/kill.tar.part &&
	"$SOMARKIV" snapshot @kill --source kill.ndjson --out pkg/kill.tar --reason x >out &&
	grep "^capture [0-9]*: 4000 new, " out &&
	"$SOMARKIV" account show @kill | grep "^closed: " | grep -v " -$"
'

# Bad input: one line naming the thing (and the usage line after a usage
# error), the exit code, the store unchanged. bad DESCRIPTION CODE LINE ARGS:
# ARGS are the snapshot's arguments as shell words.
bad() {
	line=$3 bad_args=$4
	expect_success "bad input: $1" '
		store_dump >before &&
		eval "set -- $bad_args" &&
		rc=0 && "$SOMARKIV" snapshot "$@" 2>err || rc=$? ;
		cat err &&
		test "$rc" -eq '"$2"' &&
		grep -x -- "$line" err && test_line_count -le 2 err &&
		store_dump >after && test_cmp before after
	'
}

bad 'an unknown account' 3 "somarkiv: snapshot: no account 'nobody'" \
	'nobody --source "$F1" --out pkg/x.tar --reason x'
bad 'a source that does not exist' 3 "somarkiv: snapshot: cannot read source 'nothing-here': No such file or directory" \
	'@bibliotek --source nothing-here --out pkg/x.tar --reason x'
bad 'an unknown format' 2 "somarkiv: snapshot: unknown format 'myspace'" \
	'@bibliotek --source "$F1" --format myspace --out pkg/x.tar --reason x'
bad 'a source of no known format (an export in HTML)' 3 \
	"somarkiv: snapshot: cannot read '$DATA/facebook-html': a Facebook export in HTML; request it again in JSON format" \
	'@bibliotek --source "$DATA/facebook-html" --out pkg/x.tar --reason x'
bad 'an existing --out' 3 "somarkiv: snapshot: cannot write the snapshot to 'pkg/fb.zip': it exists already" \
	'@bibliotek --source "$DATA/facebook-profile-2024" --out pkg/fb.zip --reason x'
bad 'a bad --date' 3 "somarkiv: snapshot: not a date (YYYY-MM-DD): '2026-02-30'" \
	'@bibliotek --source "$DATA/facebook-profile-2024" --out pkg/x.tar --reason x --date 2026-02-30'
bad 'no --reason' 2 "somarkiv: snapshot: option '--reason' is required: say why the account is closed" \
	'@bibliotek --source "$DATA/facebook-profile-2024" --out pkg/x.tar'
bad 'no --out' 2 "somarkiv: snapshot: option '--out' is required (or --dry-run)" \
	'@bibliotek --source "$DATA/facebook-profile-2024" --reason x'
bad 'standard input' 3 "somarkiv: snapshot: a snapshot reads export files or folders, not standard input" \
	'@bibliotek --source - --out pkg/x.tar --reason x'

expect_success 'after all that: nothing of @bibliotek captured, no stray package' '
	sqlite3 "$DB" "SELECT count(*) FROM capture c JOIN account a ON a.id = c.account_id
		WHERE a.handle = ${SQ}@bibliotek${SQ}" >got &&
	echo 0 >expect && test_cmp expect got &&
	test ! -e pkg/x.tar
'

test_done
