#!/bin/sh
# snapshot of real accounts (../shared/samples): the Mastodon sample and the
# Facebook sample each snapshot into a package that `verify` accepts, the
# account is closed with the package id, and the package's first HTML page
# is what a person can read: rendered by headless Chromium, its text holds
# the account's name and the newest post (found without our code, from the
# export, and checked against the store), its screenshot is a page, not a
# blank; it runs no script and loads nothing from the network.
. "$(dirname "$0")/lib.sh"

skip_unless_shared samples/mastodon/dealingwith-masto-archive
skip_unless_shared samples/facebook/kis81-dataday3
skip_unless_command bsdtar
SOMARKIV_SCHEMA_DIR="$REPO/schemas"
export SOMARKIV_SCHEMA_DIR
M="$SHARED/samples/mastodon/dealingwith-masto-archive"
F="$SHARED/samples/facebook/kis81-dataday3"
DB="$SOMARKIV_HOME/store.db"
CHROMIUM=
for c in chromium chromium-browser google-chrome; do
	if command -v "$c" >/dev/null 2>&1; then
		CHROMIUM=$c
		break
	fi
done

# The newest post with text of the Mastodon export, read without our code:
# a Create whose Note is public and answers nothing. Prints its id.
newest_mastodon() {
	python3 - "$M/outbox.json" <<-\PY
	import json, sys
	PUBLIC = ("https://www.w3.org/ns/activitystreams#Public", "as:Public", "Public")
	def public(x):
	    aud = []
	    for key in ("to", "cc"):
	        v = x.get(key) or []
	        aud += [v] if isinstance(v, str) else v
	    return any(a in PUBLIC or a.endswith("/followers") for a in aud)
	posts = [a["object"] for a in json.load(open(sys.argv[1], encoding="utf-8"))["orderedItems"]
	         if a["type"] == "Create" and not a["object"].get("inReplyTo")
	         and (public(a["object"]) or public(a)) and a["object"].get("content")]
	print(max(posts, key=lambda o: o["published"])["id"])
	PY
}

# The newest post with text of the Facebook export, read without our code
# (Facebook's mojibake undone). Prints its first 40 characters.
newest_facebook() {
	python3 - "$F/your_posts_1.json" <<-\PY
	import json, sys
	def fix(s):
	    try:
	        return s.encode("latin-1").decode("utf-8")
	    except (UnicodeEncodeError, UnicodeDecodeError):
	        return s
	best = None
	for e in json.load(open(sys.argv[1], encoding="utf-8")):
	    text = " ".join(fix(d["post"]) for d in e.get("data", []) if isinstance(d.get("post"), str) and d["post"])
	    if text and (best is None or e["timestamp"] > best[0]):
	        best = (e["timestamp"], text)
	print(" ".join(best[1].split())[:40])
	PY
}

# The newest post with text of account $1 in the store: "platform_id<TAB>text".
newest_in_store() {
	sqlite3 -separator "	" "$DB" "SELECT i.platform_id, replace(replace(v.text, char(10), ' '), char(9), ' ')
		FROM item i JOIN version v ON v.item_id = i.id AND v.seq = i.current_version
		WHERE i.account_id = $1 AND i.kind = 'post' AND v.text <> ''
		ORDER BY i.created DESC, i.id DESC LIMIT 1"
}

# The visible text of an HTML file, whitespace collapsed, to stdout.
html_text() {
	python3 - "$1" <<-\PY
	import sys
	from html.parser import HTMLParser
	class P(HTMLParser):
	    def __init__(self):
	        super().__init__()
	        self.out, self.skip = [], 0
	    def handle_starttag(self, tag, attrs):
	        self.skip += tag in ("style", "script", "title")
	    def handle_endtag(self, tag):
	        self.skip -= tag in ("style", "script", "title")
	    def handle_data(self, data):
	        if not self.skip:
	            self.out.append(data)
	p = P()
	p.feed(open(sys.argv[1], encoding="utf-8").read())
	print(" ".join(" ".join(p.out).split()))
	PY
}

# Is the PNG $1 W x H and a page rather than a blank? Decodes it (zlib,
# PNG filters) and counts the colours: a blank page has one or two.
png_check() {
	python3 - "$1" "$2" "$3" <<-\PY
	import struct, sys, zlib
	data = open(sys.argv[1], "rb").read()
	assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
	pos, idat, ihdr = 8, b"", None
	while pos < len(data):
	    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
	    body = data[pos + 8:pos + 8 + n]
	    if kind == b"IHDR":
	        ihdr = struct.unpack(">IIBBBBB", body)
	    elif kind == b"IDAT":
	        idat += body
	    pos += 12 + n
	w, h, depth, ctype, _, _, interlace = ihdr
	assert (w, h) == (int(sys.argv[2]), int(sys.argv[3])), "size %dx%d" % (w, h)
	assert depth == 8 and ctype in (2, 6) and interlace == 0, ihdr
	bpp = 3 if ctype == 2 else 4
	raw, stride = zlib.decompress(idat), w * bpp
	prev, colours = bytearray(stride), set()
	for y in range(h):
	    f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
	    for i in range(stride):
	        a = line[i - bpp] if i >= bpp else 0
	        b, c = prev[i], (prev[i - bpp] if i >= bpp else 0)
	        if f == 1: line[i] = (line[i] + a) & 255
	        elif f == 2: line[i] = (line[i] + b) & 255
	        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
	        elif f == 4:
	            p = a + b - c
	            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
	            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
	    if y % 4 == 0:
	        colours.update(bytes(line[i:i + 3]) for i in range(0, stride, bpp))
	    prev = line
	print("%dx%d, %d colours" % (w, h, len(colours)))
	assert len(colours) > 20, "a blank page: %d colours" % len(colours)
	PY
}

# Render $1 (a page of the package) with headless Chromium: $2.dom, $2.png.
render() {
	"$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
		--dump-dom "file://$1" >"$2.dom" 2>/dev/null &&
	"$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
		--hide-scrollbars --screenshot="$PWD/$2.png" --window-size=1000,1400 \
		"file://$1" >/dev/null 2>&1 &&
	test -s "$2.png"
}

expect_success 'setup: a store, the plan, the two sample accounts' '
	"$SOMARKIV" --actor kommunikator init -q &&
	"$SOMARKIV" plan use -q "$DATA/plans/exempelby.xml" &&
	"$SOMARKIV" account add -q --platform mastodon --handle @dealingwith@indieweb.social --name dealingwith &&
	"$SOMARKIV" account add -q --platform facebook --handle fero.mrkvicka --name "Fero Mrkvicka" &&
	mkdir pkg
'

# One account: snapshot, verify, closed, extracted, rendered and looked at.
check_sample() { # label, account id, handle, source, package id, name
	label=$1 id=$2 handle=$3 src=$4 pkg=$5 name=$6

	expect_success "$label: the snapshot, a package that verify accepts" '
		"$SOMARKIV" snapshot "$handle" --source "$src" --out pkg --package-id "$pkg" \
			--reason "kontot avslutas" --date 2026-11-24 >out &&
		cat out &&
		grep "^account $id ($handle) closed on 2026-11-24 with snapshot $pkg$" out &&
		n=$(sqlite3 "$DB" "SELECT count(*) FROM item WHERE account_id = $id") &&
		grep "^items: *$n$" out &&
		"$SOMARKIV" verify --no-signature-check "pkg/$pkg.tar" >v &&
		! grep "^FAIL" v
	'

	expect_success "$label: the account closed with the package id" '
		"$SOMARKIV" account show "$id" >out &&
		grep "^closed: *2026-11-24$" out &&
		grep "^snapshot: *$pkg$" out
	'

	expect_success "$label: the rendering: static HTML, no script, nothing from the network" '
		mkdir "x-$pkg" && bsdtar -xf "pkg/$pkg.tar" -C "x-$pkg" &&
		R="x-$pkg/$pkg/representations/rendering/data" &&
		test -f "$R/index.html" &&
		! grep -ril "<script" "$R" &&
		! grep -rilE "(src|srcset|poster|data)=\"?(https?:)?//" "$R" &&
		! grep -rilE "<link[^>]*href=\"?(https?:)?//" "$R" &&
		! grep -rilE "(@import|url\\()[^)]*(https?:)?//" "$R"
	'

	if [ -z "$CHROMIUM" ]; then
		skip "$label: index.html in headless Chromium: the name and the newest post" "no chromium (tools/install-deps installs it)"
		skip "$label: its screenshot is a page, not a blank" "no chromium (tools/install-deps installs it)"
		return 0
	fi

	expect_success "$label: index.html in headless Chromium: the name and the newest post" '
		R="$PWD/x-$pkg/$pkg/representations/rendering/data" &&
		render "$R/index.html" "page-$pkg" &&
		grep -qF "<html lang=\"en\">" "page-$pkg.dom" &&
		html_text "page-$pkg.dom" >"text-$pkg" &&
		head -c 300 "text-$pkg" && echo &&
		{ grep -qF "$name" "text-$pkg" || grep -qF "${handle#@}" "text-$pkg"; } &&
		want=$(cat "want-$pkg") &&
		echo "newest post: $want" &&
		grep -qF "$want" "text-$pkg"
	'

	expect_success "$label: its screenshot is a page, not a blank" '
		png_check "page-$pkg.png" 1000 1400
	'
}

expect_success 'the newest Mastodon post, from the export and from the store, agree' '
	id=$(newest_mastodon) &&
	"$SOMARKIV" ingest -q --account 1 "$M" &&
	newest_in_store 1 >row &&
	test "$(cut -f1 row)" = "$id" &&
	cut -f2 row | python3 -c "import sys; print(\" \".join(sys.stdin.read().split())[:40])" >want-snap-mastodon &&
	test -s want-snap-mastodon
'

check_sample Mastodon 1 @dealingwith@indieweb.social "$M" snap-mastodon dealingwith

expect_success 'the newest Facebook post with text, from the export and from the store, agree' '
	newest_facebook >want-snap-facebook &&
	"$SOMARKIV" ingest -q --account 2 "$F" &&
	newest_in_store 2 >row &&
	cut -f2 row | python3 -c "import sys; print(\" \".join(sys.stdin.read().split())[:40])" >from-store &&
	test_cmp want-snap-facebook from-store
'

check_sample Facebook 2 fero.mrkvicka "$F" snap-facebook "Fero Mrkvicka"

test_done
