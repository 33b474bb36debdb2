#!/bin/sh
# somarkiv serve seen with curl: security headers on every answer, the
# login form's anti-forgery token, failed logins audited and slowed down
# (with the clock fixed, a locked-out user stays locked out), a change
# that finds another writer holding the store waits, then says so in
# Swedish while reading goes on, HTTPS with a certificate, and a clean stop
# on SIGTERM. The browser tests (tests/browser/) use the pages as people do.
. "$(dirname "$0")/lib.sh"

skip_unless_command curl
skip_unless_command flock

SOMARKIV_NOW=2026-03-10T09:00:00Z
export SOMARKIV_NOW

# start_server NAME [serve options]: serves in the background; $NAME.url, $NAME.pid.
start_server() {
	name=$1
	shift
	rm -f "$name.rc"
	(
		"$SOMARKIV" serve --listen 127.0.0.1:0 --threads 2 "$@" >"$name.out" 2>"$name.err" &
		echo $! >"$name.pid"
		wait $!
		echo $? >"$name.rc"
	) &
	while [ ! -s "$name.pid" ]; do sleep 0.1; done
	i=0
	while ! grep -q "listening on" "$name.out" 2>/dev/null; do
		i=$((i + 1))
		if [ $i -gt 300 ] || ! kill -0 "$(cat "$name.pid")" 2>/dev/null; then
			cat "$name.err"
			return 1
		fi
		sleep 0.1
	done
	sed -n "s/.*listening on \([^ ]*\) .*/\1/p" "$name.out" >"$name.url"
}

# stop_server NAME: SIGTERM; it must exit 0 with nothing on stderr.
stop_server() {
	kill -TERM "$(cat "$1.pid")" || return 1
	while [ ! -f "$1.rc" ]; do sleep 0.1; done
	test "$(cat "$1.rc")" = 0 && test_must_be_empty "$1.err"
}

# login NAME PASSWORD JAR URL: the form with its token, posted; headers to login.h.
login() {
	curl -s -c "$3" -b "$3" "$4logga-in" >form.html &&
	csrf=$(sed -n "s/.*name=\"csrf\" value=\"\([0-9a-f]*\)\".*/\1/p" form.html) &&
	curl -s -c "$3" -b "$3" -D login.h -o login.html --data-urlencode "csrf=$csrf" \
		--data-urlencode "namn=$1" --data-urlencode "losenord=$2" "$4logga-in"
}

expect_success 'setup: a store with two users; the server' '
	"$SOMARKIV" init -q &&
	echo "ett-långt-lösenord" | "$SOMARKIV" user add "Anna Ek" --role registrar &&
	echo "ett-annat-lösenord" | "$SOMARKIV" user add "Bo Berg" --role reader &&
	start_server s1
'

expect_success 'every answer carries the security headers' '
	U=$(cat s1.url) &&
	curl -s -D h -o /dev/null "$U" &&
	grep "^HTTP/1.1 303" h && grep -i "^location: /logga-in" h &&
	curl -s -D h -o page "${U}logga-in" &&
	grep -i "^content-security-policy: default-src .none.; script-src .self.; style-src .self.;" h &&
	grep -i "^x-content-type-options: nosniff" h &&
	grep -i "^x-frame-options: DENY" h &&
	grep -i "^cache-control: no-store" h &&
	grep -i "^set-cookie: somarkiv_login=[0-9a-f]\{64\}; Path=/; HttpOnly; SameSite=Strict" h &&
	! grep -i "^set-cookie:.*Secure" h &&
	grep "<html lang=\"sv\">" page &&
	! grep -i "<script>\|style=\|onclick" page
'

expect_success 'the style sheet and script come from the program' '
	U=$(cat s1.url) &&
	curl -s -D h -o css "${U}static/style.css" &&
	grep -i "^content-type: text/css" h && grep -i "^cache-control: public" h &&
	grep -q "@media print" css &&
	curl -sf -o /dev/null "${U}static/app.js" &&
	test "$(curl -s -o /dev/null -w "%{http_code}" "${U}static/../store.db")" = 404
'

expect_failure 'a login without the form token is refused' 0 '
	U=$(cat s1.url) &&
	code=$(curl -s -o out -w "%{http_code}" --data-urlencode "namn=Anna Ek" \
		--data-urlencode "losenord=ett-långt-lösenord" "${U}logga-in") &&
	test "$code" = 403 && grep "Formuläret godtogs inte" out &&
	! "$SOMARKIV" log --json | grep -q "user.login\""
'

expect_success 'a good login: a session cookie, the search page' '
	U=$(cat s1.url) &&
	login "Anna Ek" "ett-långt-lösenord" anna.jar "$U" &&
	grep "^HTTP/1.1 303" login.h && grep -i "^location: /sok" login.h &&
	grep -i "^set-cookie: somarkiv_session=[0-9a-f]\{64\}; Path=/; HttpOnly; SameSite=Strict" login.h &&
	curl -s -b anna.jar "${U}sok" | grep "Anna Ek (registrator)" &&
	token=$(sed -n "s/.*somarkiv_session\t\([0-9a-f]*\)$/\1/p" anna.jar) &&
	test -n "$token" &&
	! sqlite3 "$SOMARKIV_HOME/store.db" "SELECT token_hash FROM user_session" | grep -q "$token"
'

expect_success 'failed logins are audited; after three in a row the user must wait' '
	U=$(cat s1.url) &&
	for i in 1 2 3; do
		login "Bo Berg" "fel-lösenord-$i" bo.jar "$U" &&
		grep "^HTTP/1.1 401" login.h && grep "Fel användarnamn eller lösenord" login.html || exit 1
	done &&
	login "Bo Berg" "ett-annat-lösenord" bo.jar "$U" &&
	grep "^HTTP/1.1 429" login.h &&
	grep "För många misslyckade inloggningar i rad" login.html &&
	"$SOMARKIV" log --json >log &&
	test $(grep -c "\"action\":\"user.login-failed\",\"target\":\"user:Bo Berg\"" log) = 3 &&
	"$SOMARKIV" user list --json | grep "\"name\":\"Bo Berg\".*\"failed_logins\":3" &&
	login "Nobody" "vad-som-helst-1" x.jar "$U" &&
	grep "^HTTP/1.1 401" login.h &&
	test $(grep -c "\"action\":\"user.login-failed\",\"target\":\"user\"" log) = 0 &&
	"$SOMARKIV" log --json | grep -c "\"action\":\"user.login-failed\",\"target\":\"user\"" &&
	! "$SOMARKIV" log --json | grep -q "vad-som-helst\|fel-lösenord\|Nobody"
'

expect_success 'a change waits for another writer, then says so; reading goes on' '
	U=$(cat s1.url)
	flock "$SOMARKIV_HOME/store.lock" sh -c "echo locked >held; sleep 6" &
	while [ ! -f held ]; do sleep 0.1; done
	curl -s -b anna.jar -o sok.html -w "%{http_code}" "${U}sok" >code &&
	test "$(cat code)" = 200 &&
	csrf=$(sed -n "s/.*name=\"csrf\" value=\"\([0-9a-f]*\)\".*/\1/p" sok.html | head -n 1) &&
	curl -s -b anna.jar -D h -o out --data-urlencode "csrf=$csrf" "${U}logga-ut" &&
	grep "^HTTP/1.1 503" h && grep -i "^retry-after:" h &&
	grep "Arkivet är upptaget" out &&
	wait
'

expect_success 'a reader may not change anything (403), logging out ends the session' '
	U=$(cat s1.url) &&
	echo "ett-tredje-lösenord" | "$SOMARKIV" user add "Cecilia" --role reader &&
	login "Cecilia" "ett-tredje-lösenord" c.jar "$U" &&
	csrf=$(curl -s -b c.jar "${U}sok" | sed -n "s/.*name=\"csrf\" value=\"\([0-9a-f]*\)\".*/\1/p" | head -n 1) &&
	code=$(curl -s -b c.jar -o out -w "%{http_code}" --data-urlencode "csrf=$csrf" \
		--data-urlencode "serie=KS" --data-urlencode "titel=Försök" "${U}arenden/nytt") &&
	test "$code" = 403 && grep "Ingen behörighet" out &&
	! "$SOMARKIV" log --json | grep -q "case.open" &&
	code=$(curl -s -b c.jar -c c.jar -o out -w "%{http_code}" --data-urlencode "csrf=$csrf" "${U}logga-ut") &&
	test "$code" = 303 &&
	"$SOMARKIV" log --json | grep "\"actor\":\"Cecilia\",\"action\":\"user.logout\"" &&
	test "$(sqlite3 "$SOMARKIV_HOME/store.db" "SELECT count(*) FROM user_session s JOIN user u ON u.id = s.user_id WHERE u.name = '"'"'Cecilia'"'"'")" = 0
'

expect_success 'a request body over 1 MiB is refused' '
	U=$(cat s1.url) &&
	head -c 1100000 /dev/zero | tr "\0" a >big &&
	test "$(curl -s -o /dev/null -w "%{http_code}" --data-binary @big "${U}logga-in")" = 413
'

expect_success 'SIGTERM stops the server cleanly' '
	stop_server s1
'

expect_failure 'a bad listen address' 3 '
	"$SOMARKIV" serve --listen nowhere 2>err; rc=$?; cat err;
	grep "not ADDRESS:PORT" err; exit $rc
'

expect_failure 'no store' 4 '
	"$SOMARKIV" --store nothing-here serve --listen 127.0.0.1:0
'

expect_success 'HTTPS with a certificate: cookies marked Secure, HSTS' '
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
		-subj "/CN=localhost" -keyout key.pem -out cert.pem 2>/dev/null &&
	start_server s2 --cert cert.pem --key key.pem &&
	U=$(cat s2.url) &&
	case $U in https://*) ;; *) exit 1 ;; esac &&
	curl -s --cacert cert.pem -D h -o page "$(echo "$U" | sed s/127.0.0.1/localhost/)logga-in" &&
	grep -i "^set-cookie: somarkiv_login=[0-9a-f]\{64\}; Path=/; HttpOnly; SameSite=Strict; Secure" h &&
	grep -i "^strict-transport-security: max-age=" h &&
	grep "Logga in" page &&
	stop_server s2
'

test_done
