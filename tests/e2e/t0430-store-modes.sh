#!/bin/sh
# Every file of a store is its owner's alone (0600, folders 0700) whatever
# the umask: store.db, its WAL and index, the lock, the objects. `init
# --group-read` makes them 0640 / 0750 for readers in the owner's group. A
# store folder open to more than that is warned about; a writer narrows the
# files of an older store. Packages and their signatures are 0640.
. "$(dirname "$0")/lib.sh"

skip_unless_command openssl
SOMARKIV_SCHEMA_DIR="$REPO/schemas"
export SOMARKIV_SCHEMA_DIR

mode() {
	stat -c %a "$1"
}

# The modes of every file and folder of store $1, as "MODE TYPE NAME" lines.
modes() {
	(cd "$1" && find . -path "./objects/tmp/*" -prune -o -printf "%m %y %p\n" |
		sed "s,[0-9a-f]\{64\},HASH,; s,/[0-9a-f][0-9a-f]\$,/XX,; s,/[0-9a-f][0-9a-f]/,/XX/," | sort -k3)
}

# A capture with an attachment of 70 kB, stored as a file under objects/.
make_source() {
	mkdir -p src &&
	head -c 70000 /dev/urandom >src/big.bin &&
	printf "%s\n" "{\"platform\":\"other\",\"id\":\"p1\",\"kind\":\"post\",\"created\":\"2026-01-02T03:04:05Z\",\"text\":\"hej\",\"attachments\":[{\"path\":\"big.bin\"}]}" >src/items.ndjson
}

# In store $1: init with $2 (init options), then an account, a capture with
# a large attachment, and a second writer held open while the WAL and its
# index exist; their modes are in $1.modes.
populate() {
	"$SOMARKIV" --store "$1" init -q $2 &&
	"$SOMARKIV" --store "$1" account add -q --platform other --handle @x &&
	"$SOMARKIV" --store "$1" ingest -q --account 1 src &&
	rm -f fifo && mkfifo fifo &&
	{ "$SOMARKIV" --store "$1" ingest -q --account 1 --format ndjson - <fifo & } &&
	exec 9>fifo &&
	i=0 &&
	until test -e "$1/store.db-shm" && test -e "$1/store.db-wal"; do
		i=$((i + 1))
		test $i -lt 100 || { echo "the writer never opened the store"; return 1; }
		sleep 0.1
	done &&
	modes "$1" >"$1.modes" &&
	exec 9>&- &&
	wait
}

expect_success 'setup: a source with a large attachment' '
	make_source
'

# The modes a store's files should have: files $1, folders $2.
expect_modes() {
	sed "s/^F/$1/; s/^D/$2/" >expect <<-EOF
	D d .
	D d ./objects
	D d ./objects/XX
	F f ./objects/XX/HASH
	D d ./objects/tmp
	F f ./store.db
	F f ./store.db-shm
	F f ./store.db-wal
	F f ./store.lock
	EOF
}

for u in 000 022 077; do
	expect_success "umask $u: every file 0600, every folder 0700" '
		(umask '$u' && populate s'$u' "") &&
		cat s'$u'.modes &&
		expect_modes 600 700 &&
		test_cmp expect s'$u'.modes
	'
done

expect_success 'init --group-read under umask 077: files 0640, folders 0750' '
	(umask 077 && populate g "--group-read") &&
	cat g.modes &&
	expect_modes 640 750 &&
	test_cmp expect g.modes
'

expect_success 'a store folder open to others is warned about, once a command' '
	chmod 755 s022 &&
	"$SOMARKIV" --store s022 items >out 2>err &&
	cat err &&
	test_line_count = 1 err &&
	grep "^somarkiv: items: warning: store folder .s022. is open to others (mode 0755): .chmod 700 s022. keeps it to its owner$" err &&
	chmod 750 s022 &&
	"$SOMARKIV" --store s022 items >out 2>err &&
	grep "warning: store folder .s022. is open to its group (mode 0750)" err &&
	chmod 700 s022 &&
	"$SOMARKIV" --store s022 items >out 2>err &&
	test_must_be_empty err
'

expect_success 'a group-read store: its group may enter, others may not' '
	chmod 750 g &&
	"$SOMARKIV" --store g items >out 2>err &&
	test_must_be_empty err &&
	chmod 755 g &&
	"$SOMARKIV" --store g items >out 2>err &&
	grep "warning: store folder .g. is open to others (mode 0755): .chmod 750 g. keeps it to its owner and the group that may read it$" err &&
	chmod 750 g
'

expect_success 'an older store (store.db 0644): the next writer narrows it' '
	chmod 644 s077/store.db &&
	chmod 666 s077/store.lock &&
	"$SOMARKIV" --store s077 account add --platform other --handle @y >out 2>err &&
	cat err &&
	grep "note: .s077/store.db. narrowed to mode 0640 (it was 0644)" err &&
	grep "note: .s077/store.lock. narrowed to mode 0640 (it was 0666)" err &&
	test "$(mode s077/store.db)" = 640 &&
	test "$(mode s077/store.lock)" = 640
'

expect_success 'packages and signatures are 0640 whatever the umask' '
	openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem \
		-days 30 -subj "/CN=Arkivarie" 2>/dev/null &&
	(umask 000 && "$SOMARKIV" --store s000 export -q --out wide.tar --sign key.pem --cert cert.pem) &&
	(umask 077 && "$SOMARKIV" --store s077 export -q --out narrow.tar --sign key.pem --cert cert.pem) &&
	test "$(mode wide.tar) $(mode wide.tar.p7s)" = "640 640" &&
	test "$(mode narrow.tar) $(mode narrow.tar.p7s)" = "640 640"
'

test_done
