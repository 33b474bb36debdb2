#!/bin/sh
# TLS is verified, always: the replay server speaks HTTPS with a certificate
# of a test CA that openssl makes here. Trusted with --ca-file (or
# $SOMARKIV_CA_FILE) the fetch works; with another CA, with none, or for a
# name the certificate is not for, it fails and the store is as it was.
# Plain http is refused but to this machine.
. "$(dirname "$0")/lib.sh"
. "$E2E_DIR/replay.sh"
skip_unless_command openssl

M="$API/mastodon"
H=@exempelby@social.exempelby.se

# make_ca NAME: a self-signed CA, NAME.key and NAME.pem
make_ca() {
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
		-keyout "$1.key" -out "$1.pem" -days 2 -subj "/CN=Somarkiv test $1" \
		-addext "basicConstraints=critical,CA:true" \
		-addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
}

# make_cert NAME CA SAN: a server certificate for SAN signed by CA
make_cert() {
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$1.key" \
		-out "$1.csr" -subj "/CN=$1" 2>/dev/null &&
	printf "subjectAltName=%s\nbasicConstraints=CA:false\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n" \
		"$3" >"$1.ext" &&
	openssl x509 -req -in "$1.csr" -CA "$2.pem" -CAkey "$2.key" -CAcreateserial \
		-out "$1.pem" -days 2 -extfile "$1.ext" 2>/dev/null
}

if [ -z "$test_skip_all" ]; then
	make_ca ca && make_ca other-ca &&
	make_cert server ca IP:127.0.0.1 &&
	make_cert wrong-name ca DNS:files.exempelby.example || exit 1
	replay_start "$M/v1.rules" "$M" --tls-cert "$TRASH/server.pem" --tls-key "$TRASH/server.key"
fi

expect_success 'setup: a store and an account on the HTTPS server' '
	case "$BASE" in https://127.0.0.1:*) ;; *) false ;; esac &&
	"$SOMARKIV" init -q &&
	"$SOMARKIV" account add -q --platform mastodon --handle $H --api-url "$BASE"
'

expect_success 'a server whose CA is not trusted: refused, nothing changed' '
	store_dump >before.sql &&
	! "$SOMARKIV" fetch $H 2>err &&
	cat err &&
	grep "^somarkiv: fetch: account .$H.: the account: cannot fetch .$BASE/api/v1/accounts/lookup.: TLS: " err &&
	store_dump >after.sql &&
	test_cmp before.sql after.sql
'

expect_success 'trusting another CA does not help' '
	! "$SOMARKIV" fetch $H --ca-file other-ca.pem 2>err &&
	grep ": TLS: " err
'

expect_success 'with its CA trusted (--ca-file) the fetch is made over TLS' '
	"$SOMARKIV" fetch $H --ca-file ca.pem >out &&
	grep "^capture 1: 17 new, 0 changed, 0 unchanged, 0 removed, 2 attachments" out
'

expect_success '$SOMARKIV_CA_FILE does the same, for the schedule' '
	SOMARKIV_CA_FILE="$TRASH/ca.pem" "$SOMARKIV" fetch $H >out &&
	grep "^capture 2: 0 new, 0 changed, 17 unchanged" out
'

if [ -z "$test_skip_all" ]; then
	replay_start "$M/v1.rules" "$M" --tls-cert "$TRASH/wrong-name.pem" --tls-key "$TRASH/wrong-name.key"
fi

expect_success 'a certificate of the trusted CA for another name: refused (the name is checked)' '
	"$SOMARKIV" account update -q $H --api-url "$BASE" &&
	store_dump >before.sql &&
	! "$SOMARKIV" fetch $H --ca-file ca.pem 2>err &&
	cat err &&
	grep ": TLS: " err &&
	store_dump >after.sql &&
	test_cmp before.sql after.sql
'

expect_success 'plain http to another machine is refused before anything is asked' '
	"$SOMARKIV" account update -q $H --api-url http://social.exempelby.se &&
	! "$SOMARKIV" fetch $H 2>err &&
	cat err &&
	grep "^somarkiv: fetch: account .$H.: cannot fetch .http://social.exempelby.se.: only https is used (plain http only to this machine)$" err
'

test_done
