#!/bin/sh
# The snapshot's rendering runs nothing and fetches nothing: every page
# carries a Content-Security-Policy, and an attachment a browser could run
# (HTML, SVG, anything whose type or file name is not plainly passive) is
# offered as a download only, never shown inline nor linked to be opened.
. "$(dirname "$0")/lib.sh"

skip_unless_command bsdtar
SOMARKIV_SCHEMA_DIR="$REPO/schemas"
export SOMARKIV_SCHEMA_DIR
CSP="default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
R=unpacked/snap-active/representations/rendering/data

# A canonical NDJSON post with attachments: path and claimed type pairs.
expect_success 'setup: an account whose post carries HTML, SVG, PNG and text attachments' '
	mkdir export &&
	printf "\211PNG\r\n\032\n" >export/photo.png &&
	echo "<script>alert(document.cookie)</script>" >export/page.html &&
	echo "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>" >export/drawing.svg &&
	echo "<script>alert(2)</script>" >export/disguised.html &&
	echo "<html><script>alert(3)</script></html>" >export/notes.txt &&
	echo "<script>alert(4)</script>" >export/unknown.xhtml &&
	cat >export/items.ndjson <<-\EOF &&
	{"platform":"other","id":"p1","kind":"post","created":"2026-01-02T03:04:05Z","text":"Bilagor","attachments":[{"path":"photo.png","mime":"image/png"},{"path":"page.html","mime":"text/html"},{"path":"drawing.svg","mime":"image/svg+xml"},{"path":"disguised.html","mime":"image/png"},{"path":"notes.txt","mime":"text/plain"},{"path":"unknown.xhtml"}]}
	EOF
	"$SOMARKIV" init -q &&
	"$SOMARKIV" account add -q --platform other --handle @exempelby --name "Exempelby kommun" &&
	"$SOMARKIV" plan use -q "$DATA/plans/exempelby.xml" &&
	"$SOMARKIV" snapshot -q @exempelby --source export --out snap.tar --package-id snap-active \
		--reason "kontot avslutas" &&
	mkdir unpacked && bsdtar -xf snap.tar -C unpacked &&
	find $R -name "*.html" >pages &&
	test -s pages
'

expect_success 'every page carries the Content-Security-Policy' '
	for p in $(cat pages); do
		grep -F "<meta http-equiv=\"Content-Security-Policy\" content=\"$CSP\">" "$p" >/dev/null ||
		{ echo "no policy in $p"; exit 1; }
	done
'

expect_success 'HTML, SVG, a disguised and an unknown type: download links only' '
	cat $R/index.html | tr ">" ">\n" | grep "attachments/" >links &&
	cat links &&
	for f in page.html drawing.svg disguised.html unknown.xhtml; do
		grep "href=\"[^\"]*-$f\" download type=\"application/octet-stream\" rel=\"noopener noreferrer\"" links >/dev/null ||
		{ echo "$f is not a download"; exit 1; }
	done &&
	! grep "<img[^>]*\(svg\|html\)" links
'

expect_success 'a PNG is shown; plain text is a plain link' '
	grep "<img src=\"[^\"]*-photo.png\"" links &&
	grep "href=\"[^\"]*-notes.txt\">" links &&
	! grep "notes.txt\" download" links
'

test_done
