#!/bin/sh
# The shipped VGR plan's scheduled export runs on a fresh store: its
# relative out= pattern (export/...) is the store folder's, whatever folder
# run-due is started in, and the missing folder is made (0750; the package
# 0640). verify-exports later finds the package by the path it recorded.
. "$(dirname "$0")/lib.sh"

PLAN="$REPO/retention/vgr-2.10.xml"
SOMARKIV_SCHEMA_DIR="$REPO/schemas"
export SOMARKIV_SCHEMA_DIR

expect_success 'setup: a fresh store under the VGR plan, with items' '
	"$SOMARKIV" init -q &&
	"$SOMARKIV" account add -q --platform mastodon --handle @exempelby &&
	"$SOMARKIV" ingest -q --account 1 "$DATA/exempelby-mastodon-v1" &&
	"$SOMARKIV" plan use -q "$PLAN" &&
	grep "<job name=\"export\" cron=\"0 3 1 \* \*\" out=\"export/" "$PLAN" &&
	! test -e "$SOMARKIV_HOME/export"
'

expect_success 'run-due from another folder: every job ok, the package in the store folder' '
	mkdir elsewhere &&
	(cd elsewhere && "$SOMARKIV" run-due --now 2026-12-01T03:10Z) >out &&
	cat out &&
	grep "^export (2026-12-01T03:00:00Z): ok: package .$SOMARKIV_HOME/export/vgr-sociala-medier-2026-12-01-1.tar.: 13 items$" out &&
	! grep -v ": ok: " out &&
	test -f "$SOMARKIV_HOME/export/vgr-sociala-medier-2026-12-01-1.tar" &&
	! test -e elsewhere/export
'

expect_success 'the folder made is 0750, the package 0640' '
	test "$(stat -c %a "$SOMARKIV_HOME/export")" = 750 &&
	test "$(stat -c %a "$SOMARKIV_HOME/export/vgr-sociala-medier-2026-12-01-1.tar")" = 640
'

expect_success 'verify-exports finds it by the path recorded, from any folder' '
	(cd / && "$SOMARKIV" run-due --now 2027-01-02T04:10Z) >out &&
	cat out &&
	grep "^verify-exports (2027-01-02T04:00:00Z): ok: 1 packages verified, 0 failed$" out &&
	test "$(sqlite3 "$SOMARKIV_HOME/store.db" "SELECT count(*) FROM export WHERE verified_at IS NOT NULL")" -eq 1
'

test_done
