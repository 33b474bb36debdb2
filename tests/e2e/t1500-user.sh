#!/bin/sh
# user add|passwd|disable|enable|list: the people of the web interface.
# Passwords come from standard input (one line) when it is no terminal,
# are stored only as scrypt hashes, never appear in the audit log; names
# are unique in any letter case and listed in Swedish order.
. "$(dirname "$0")/lib.sh"

DB="$SOMARKIV_HOME/store.db"

expect_success 'setup: a store' '
	"$SOMARKIV" --actor admin init -q
'

expect_success 'user add: the password from standard input' '
	echo "ett-långt-lösenord" | "$SOMARKIV" --actor admin user add "Anna Ek" --role registrar >out &&
	grep "^added user .Anna Ek. (registrar)$" out
'

expect_success 'the password is kept as a scrypt hash only' '
	sqlite3 "$DB" "SELECT password FROM user WHERE name = '"'"'Anna Ek'"'"'" >hash &&
	grep -Eq "^scrypt[$]15[$]8[$]1[$][0-9a-f]{32}[$][0-9a-f]{64}\$" hash &&
	! grep -rq "ett-långt-lösenord" "$SOMARKIV_HOME"
'

expect_failure 'a name taken in another letter case' 3 '
	echo "ett-annat-lösenord" | "$SOMARKIV" user add "anna ek" --role reader 2>err;
	rc=$?; cat err; grep "exists already" err; exit $rc
'

expect_failure 'a password shorter than 10 characters' 3 '
	echo "kort" | "$SOMARKIV" user add "Bo Berg" --role reader 2>err;
	rc=$?; grep "at least 10 characters" err; exit $rc
'

expect_failure 'an unknown role' 2 '
	echo "ett-långt-lösenord" | "$SOMARKIV" user add "Bo Berg" --role chef
'

expect_failure 'no password on standard input' 2 '
	"$SOMARKIV" user add "Bo Berg" --role reader </dev/null
'

expect_success 'user list: Swedish order (å, ä, ö after z), roles, states' '
	for n in Örjan Zara Åsa Ärla anna Östen Erik Émile; do
		echo "lösenord-för-$n" | "$SOMARKIV" -q user add "$n" --role reader || exit 1
	done &&
	"$SOMARKIV" user list >out &&
	cat out &&
	awk "NR > 1 {print \$1}" out >names &&
	printf "%s\n" anna Anna Émile Erik Zara Åsa Ärla Örjan Östen >want &&
	test_cmp want names
'

expect_success 'user disable, enable, passwd; list --json has no hash' '
	"$SOMARKIV" --actor admin user disable Zara &&
	"$SOMARKIV" user list --json >json &&
	grep "\"name\":\"Zara\",\"role\":\"reader\",\"disabled\":true" json &&
	! grep -q scrypt json &&
	"$SOMARKIV" --actor admin user enable Zara &&
	echo "nytt-långt-lösenord" | "$SOMARKIV" --actor admin user passwd "anna ek" >out &&
	grep "^new password for .Anna Ek.; their sessions have ended$" out &&
	"$SOMARKIV" user list --json | grep "\"name\":\"Zara\",\"role\":\"reader\",\"disabled\":false"
'

expect_failure 'user passwd of nobody' 3 '
	echo "nytt-långt-lösenord" | "$SOMARKIV" user passwd Ingen
'

expect_success 'every change is audited, no password in the log' '
	"$SOMARKIV" log --json >log &&
	test $(grep -c "\"action\":\"user.add\"" log) = 9 &&
	grep "\"actor\":\"admin\",\"action\":\"user.disable\",\"target\":\"user:Zara\"" log &&
	grep "\"action\":\"user.enable\",\"target\":\"user:Zara\"" log &&
	grep "\"action\":\"user.passwd\",\"target\":\"user:Anna Ek\"" log &&
	! grep -q "lösenord" log &&
	"$SOMARKIV" verify --audit
'

test_done
