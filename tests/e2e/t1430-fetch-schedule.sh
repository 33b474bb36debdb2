#!/bin/sh
# The plan's fetch jobs: run-due fetches every open account with an API (or
# the one a job names), 'jobs' and 'account list' show each account's last
# capture and warn when it is older than the plan allows; fetch --all; and
# LinkedIn, which has no open API for organisation pages, said so.
. "$(dirname "$0")/lib.sh"
. "$E2E_DIR/replay.sh"

M="$API/mastodon"
H=@exempelby@social.exempelby.se

make_plan() {
	awk -v jobs="$1" '
		/<schedule>/ { print; print jobs; skip = 1; next }
		/<\/schedule>/ { skip = 0 }
		!skip { print }
	' "$DATA/plans/exempelby.xml" >plan.xml
}

replay_start "$M/v1.rules" "$M"

expect_success 'setup: a Mastodon account with an API, a LinkedIn page, a plan that fetches hourly' '
	"$SOMARKIV" init -q &&
	"$SOMARKIV" account add -q --platform mastodon --handle $H --api-url "$BASE" &&
	"$SOMARKIV" account add -q --platform linkedin --handle exempelby-kommun &&
	make_plan "<job name=\"fetch\" every=\"PT1H\"/>" &&
	"$SOMARKIV" plan check plan.xml &&
	"$SOMARKIV" plan use -q plan.xml
'

expect_success 'the schema and the plan check: account= belongs to fetch jobs' '
	make_plan "<job name=\"classify\" every=\"PT1H\" account=\"1\"/>" &&
	! "$SOMARKIV" plan check plan.xml 2>err &&
	grep "job .classify.: account= is for fetch jobs only" err
'

expect_success 'jobs before any fetch: due now; the account never captured, warned of' '
	"$SOMARKIV" jobs --now 2026-03-10T08:00Z >out 2>err &&
	cat out err &&
	grep "^fetch  *PT1H  *-  *-  *now  *-$" out &&
	grep "^ACCOUNT  *HANDLE  *LAST CAPTURE  *FETCH EVERY$" out &&
	grep "^ *1  $H  never (stale)  1 h$" out &&
	! grep exempelby-kommun out &&
	grep "^somarkiv: jobs: warning: account .$H.: never captured, though the plan fetches it every 1 h$" err
'

expect_success 'run-due fetches it' '
	SOMARKIV_NOW=2026-03-10T08:00:30Z "$SOMARKIV" run-due --now 2026-03-10T08:00Z >out 2>err &&
	cat out err &&
	grep "^fetch (2026-03-10T08:00:00Z): ok: account 1: capture 1, 17 new, 0 changed, 0 removed$" out
'

expect_success 'account list shows the last capture; within the hour, no warning' '
	SOMARKIV_NOW=2026-03-10T08:40:00Z "$SOMARKIV" account list >out 2>err &&
	cat out err &&
	head -n 1 out | grep "LAST CAPTURE$" &&
	grep "^ *1  mastodon  *$H .* 2026-03-10T08:00:30Z$" out &&
	grep "^ *2  linkedin .*  -$" out &&
	test_must_be_empty err &&
	SOMARKIV_NOW=2026-03-10T08:40:00Z "$SOMARKIV" account list --json >json &&
	grep "\"last_capture\":\"2026-03-10T08:00:30Z\",\"fetch_interval\":3600,\"stale\":false" json
'

expect_success 'two hours without a capture: account list and jobs warn' '
	SOMARKIV_NOW=2026-03-10T10:10:00Z "$SOMARKIV" account list >out 2>err &&
	cat out err &&
	grep "^ *1  mastodon .* 2026-03-10T08:00:30Z (stale)$" out &&
	grep "^somarkiv: account list: warning: account .$H.: its last capture (1, 2026-03-10T08:00:30Z) is older than the plan.s fetch every 1 h allows$" err &&
	"$SOMARKIV" jobs --now 2026-03-10T10:10Z >out 2>err &&
	grep "^ *1  $H  2026-03-10T08:00:30Z (stale)  1 h$" out &&
	grep "warning: account .$H.: its last capture" err &&
	"$SOMARKIV" jobs --json --now 2026-03-10T10:10Z >json &&
	grep "\"job\":\"fetch\".*\"accounts\":\[{\"account\":1,\"last_capture\":\"2026-03-10T08:00:30Z\",\"fetch_interval\":3600,\"stale\":true}\]" json
'

expect_success 'LinkedIn has no open API for organisation pages: fetch says so' '
	! "$SOMARKIV" fetch exempelby-kommun 2>err &&
	grep "^somarkiv: fetch: account .exempelby-kommun.: LinkedIn has no open API for organisation pages: ingest its export (somarkiv ingest --format linkedin)$" err
'

expect_success 'fetch --all fetches the accounts with an API only' '
	"$SOMARKIV" fetch --all >out 2>err &&
	cat out err &&
	test_line_count = 1 out &&
	grep "^capture 2: 0 new, 0 changed, 17 unchanged" out &&
	! "$SOMARKIV" fetch --all 1 2>err &&
	grep "give the accounts, or --all" err
'

expect_success 'an account the job cannot fetch fails the job; the others are fetched all the same' '
	"$SOMARKIV" account add -q --platform facebook --handle exempelbykommun &&
	make_plan "<job name=\"fetch\" every=\"PT1H\"/>" &&
	"$SOMARKIV" plan use -q plan.xml &&
	! SOMARKIV_NOW=2026-03-10T12:00:30Z "$SOMARKIV" run-due --now 2026-03-10T12:00Z >out 2>err &&
	cat out err &&
	grep "^somarkiv: run-due: job .fetch. (2026-03-10T12:00:00Z): failed: account 1: capture 3, 0 new, 0 changed, 0 removed; account 3 failed: account .exempelbykommun.: no credentials: " err
'

expect_success 'a fetch job of one account keeps its own runs and interval' '
	make_plan "<job name=\"fetch\" every=\"PT15M\" account=\"$H\"/>" &&
	sed "s/version=\"2026.1\"/version=\"2026.2\"/" plan.xml >plan2.xml &&
	"$SOMARKIV" plan use -q plan2.xml &&
	SOMARKIV_NOW=2026-03-10T12:30:30Z "$SOMARKIV" run-due --now 2026-03-10T12:30Z >out 2>err &&
	cat out err &&
	grep "^fetch $H (2026-03-10T12:30:00Z): ok: account 1: capture 4, 0 new" out &&
	"$SOMARKIV" jobs --now 2026-03-10T12:31Z >out 2>err &&
	cat out err &&
	grep "^fetch $H  *PT15M  *2026-03-10T12:30:30Z  *ok  *2026-03-10T12:45:00Z" out &&
	grep "^ *1  $H  2026-03-10T12:30:30Z  15 min$" out &&
	! grep exempelbykommun out
'

test_done
