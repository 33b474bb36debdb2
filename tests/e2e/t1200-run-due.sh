#!/bin/sh
# The schedule: `run-due` runs the plan's jobs that are due (moved through
# time with --now), records each run, runs a job once per period, retries
# a failed job (exit non-zero until it succeeds), is safe to start twice
# at once or while another writer holds the store; `jobs` shows it all.
. "$(dirname "$0")/lib.sh"

ITEMS="$DATA/exempelby-comments.ndjson"

# The example plan with its schedule replaced by ours.
make_plan() {
	awk -v jobs="$1" '
		/<schedule>/ { print; print jobs; skip = 1; next }
		/<\/schedule>/ { skip = 0 }
		!skip { print }
	' "$DATA/plans/exempelby.xml" >plan.xml
}

runs() {
	sqlite3 store/store.db "SELECT job, period, outcome FROM job_run ORDER BY id"
}

expect_success 'setup: a store, an account, comments, a plan with a schedule' '
	"$SOMARKIV" init -q &&
	"$SOMARKIV" account add -q --platform mastodon --handle @exempelby@social.exempelby.se &&
	"$SOMARKIV" ingest -q --account 1 "$ITEMS" &&
	make_plan "<job name=\"classify\" every=\"PT1H\"/>
<job name=\"export\" cron=\"0 2 * * mon\" out=\"$TRASH/pkgs/{date}-{seq}.tar\"/>
<job name=\"verify-exports\" every=\"PT1H\"/>
<job name=\"verify-audit\" cron=\"*/30 * * * *\"/>
<job name=\"retention\" cron=\"0 3 * * *\"/>" &&
	"$SOMARKIV" plan use -q plan.xml
'

expect_success 'jobs before any run: every job due now, never run' '
	"$SOMARKIV" jobs --now 2026-11-24T03:10Z >out &&
	head -n 1 out | grep "^JOB  *RECURRENCE  *LAST RUN  *OUTCOME  *NEXT DUE  *SUMMARY$" &&
	grep "^classify  *PT1H  *-  *-  *now  *-$" out &&
	grep "^export  *0 2 \* \* mon  *-  *-  *now" out &&
	test_line_count = 6 out
'

expect_failure 'a failing job (its out folder is a file) exits non-zero; the others run' 3 '
	echo "not a folder" >pkgs &&
	"$SOMARKIV" run-due --now 2026-11-24T03:10Z >out 2>err ||
	{ rc=$?
	  cat out err
	  grep "^classify (2026-11-24T03:10:00Z): ok: 11 classified" out &&
	  grep "^verify-audit (2026-11-24T03:00:00Z): ok: " out &&
	  grep "^retention (2026-11-24T03:00:00Z): ok: " out &&
	  grep "^somarkiv: run-due: job .export. (2026-11-23T02:00:00Z): failed: " err &&
	  test_line_count = 1 err &&
	  exit $rc; }
'

expect_success 'the failure is visible in jobs, and export is still due' '
	"$SOMARKIV" jobs --now 2026-11-24T03:11Z >out &&
	grep "^export  *0 2 \* \* mon  *20[0-9-]*T[0-9:]*Z  *failed  *now  " out &&
	"$SOMARKIV" jobs --json --now 2026-11-24T03:11Z >json &&
	grep "\"job\":\"export\".*\"last_outcome\":\"failed\".*\"last_ok\":null.*\"due\":true" json &&
	grep "\"job\":\"classify\".*\"last_ok\":\"2026-11-24T03:10:00Z\",\"next_due\":\"2026-11-24T04:10:00Z\",\"due\":false" json
'

expect_success 'the failed job is retried next time and succeeds; nothing else runs twice' '
	rm pkgs &&
	"$SOMARKIV" run-due --now 2026-11-24T03:12Z >out.txt &&
	cat out.txt &&
	grep "^export (2026-11-23T02:00:00Z): ok: package .*/pkgs/2026-11-23-1.tar.: 11 items$" out.txt &&
	test_line_count = 1 out.txt &&
	test -f pkgs/2026-11-23-1.tar
'

expect_success 'run-due twice in a row runs the due jobs once' '
	"$SOMARKIV" run-due --now 2026-11-24T03:13Z >out.txt &&
	grep "^no job due$" out.txt &&
	runs >runs.txt &&
	cat runs.txt &&
	test "$(grep -c "^classify|" runs.txt)" -eq 1 &&
	test "$(grep -c "^export|.*|ok$" runs.txt)" -eq 1 &&
	test "$(grep -c "^export|.*|failed$" runs.txt)" -eq 1
'

expect_success 'later: the due jobs run for their new periods; verify-exports records verified_at' '
	"$SOMARKIV" run-due --now 2026-11-24T04:30Z >out.txt &&
	cat out.txt &&
	grep "^classify (2026-11-24T04:30:00Z): ok: 0 classified" out.txt &&
	grep "^verify-exports (2026-11-24T04:30:00Z): ok: 1 packages verified, 0 failed$" out.txt &&
	grep "^verify-audit (2026-11-24T04:30:00Z): ok: " out.txt &&
	test_line_count = 3 out.txt &&
	test "$(sqlite3 store/store.db "SELECT count(*) FROM export WHERE verified_at IS NOT NULL")" -eq 1
'

expect_success 'two run-due at once: each due job runs once' '
	"$SOMARKIV" run-due --now 2026-11-24T06:00Z >a.out 2>a.err &
	a=$!
	"$SOMARKIV" run-due --now 2026-11-24T06:00Z >b.out 2>b.err &
	b=$!
	wait $a && wait $b &&
	cat a.out a.err b.out b.err &&
	test "$(cat a.out b.out | grep -c "^classify (2026-11-24T06:00:00Z): ok")" -eq 1 &&
	test "$(cat a.out b.out | grep -c "^verify-audit (2026-11-24T06:00:00Z): ok")" -eq 1 &&
	test "$(runs | grep -c "|2026-11-24T06:00:00Z|")" -eq 3
'

expect_success 'while another writer holds the store, run-due exits cleanly and runs nothing' '
	mkfifo fifo
	"$SOMARKIV" ingest --account 1 --format ndjson - <fifo >writer.out 2>writer.err &
	pid=$!
	exec 9>fifo
	i=0
	until grep -q "^$pid\$" store/store.lock 2>/dev/null; do
		i=$((i + 1))
		test $i -lt 100 || { echo "the writer never took the lock"; exit 1; }
		sleep 0.1
	done
	runs >before &&
	"$SOMARKIV" run-due --now 2026-11-24T07:00Z >out.txt 2>err &&
	grep "^somarkiv: run-due: .*locked by pid $pid.*; nothing run$" err &&
	test_must_be_empty out.txt &&
	"$SOMARKIV" -q run-due --now 2026-11-24T07:00Z 2>err &&
	test_must_be_empty err &&
	exec 9>&- &&
	wait $pid &&
	runs >after &&
	test_cmp before after
'

expect_success 'an interrupted run (left "running") is marked failed and retried' '
	sqlite3 store/store.db "INSERT INTO job_run(job, period, started, outcome)
		VALUES ('"'"'classify'"'"', '"'"'2026-11-24T08:00:00Z'"'"', '"'"'x'"'"', '"'"'running'"'"')" &&
	"$SOMARKIV" run-due --now 2026-11-24T08:00Z >out.txt &&
	cat out.txt &&
	grep "^1 interrupted runs marked failed$" out.txt &&
	grep "^classify (2026-11-24T08:00:00Z): ok" out.txt &&
	runs | grep "^classify|2026-11-24T08:00:00Z|failed$"
'

expect_failure 'a bad --now is a usage error' 2 '
	"$SOMARKIV" run-due --now tomorrow 2>err ||
	{ rc=$?; grep "^somarkiv: run-due: --now: not a time: .tomorrow." err; exit $rc; }
'

expect_success 'a store without a plan: no jobs, exit 0' '
	"$SOMARKIV" --store store2 init -q &&
	"$SOMARKIV" --store store2 run-due >out.txt &&
	grep "^no plan in use: no jobs$" out.txt
'

test_done
