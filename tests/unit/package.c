/*
 * Unit tests of the package module (src/package/): XML escaping of hostile
 * text, the item XML, the writer's determinism and its digests, a store
 * object whose bytes do not match refused while writing, METS.xml naming
 * every file with its checksum (and a snapshot's rendering as a second
 * representation), and ERMS with cases, records and retention.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "somarkiv.h"
#include "package/package.h"
#include "util/crypto.h"
#include "helpers.h"

typedef struct fixture {
	char dir[256];
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));

	if (!f || make_tmpdir(f->dir, sizeof(f->dir), "package") != 0) {
		free(f);
		return -1;
	}
	som_error_clear();
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	remove_tree(f->dir);
	free(f);
	return 0;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *data = NULL;
	long n;

	if (!fp)
		return NULL;
	if (fseek(fp, 0, SEEK_END) == 0 && (n = ftell(fp)) >= 0 && fseek(fp, 0, SEEK_SET) == 0 &&
	    (data = malloc((size_t)n + 1)) != NULL) {
		*len = fread(data, 1, (size_t)n, fp);
		data[*len] = '\0';
	}
	fclose(fp);
	return data;
}

static void test_package__xml_escape(void **state)
{
	som_buf b = SOM_BUF_INIT;

	(void)state;
	/* Markup, a control character, a lone continuation byte, U+FFFE, and å kept. */
	assert_int_equal(som_package__xml_escape(&b, "<a href=\"x\">&\x01\x80\xef\xbf\xbe\xc3\xa5\r\n"), 0);
	assert_string_equal(b.ptr,
		"&lt;a href=&quot;x&quot;&gt;&amp;\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xc3\xa5&#13;\n");
	som_buf_clear(&b);
	/* Truncated multi-byte sequence at the end. */
	assert_int_equal(som_package__xml_escape(&b, "ok\xe2\x82"), 0);
	assert_string_equal(b.ptr, "ok\xef\xbf\xbd\xef\xbf\xbd");
	som_buf_dispose(&b);
}

static void test_package__item_xml(void **state)
{
	som_item it;
	som_version v;
	som_attachment a;
	char *raw[] = { "source-v1.json", NULL };
	char *att[] = { NULL, NULL };
	som_pkg_item_files files = { raw, att, "case" };
	som_buf b = SOM_BUF_INIT;

	(void)state;
	memset(&it, 0, sizeof(it));
	memset(&v, 0, sizeof(v));
	memset(&a, 0, sizeof(a));
	it.id = 7;
	it.account_id = 1;
	it.platform = "mastodon";
	it.platform_id = "123";
	it.kind = "comment";
	it.created = "2026-01-14T07:12:03Z";
	it.format = "ndjson";
	it.first_capture = 1;
	v.seq = 1;
	v.capture_id = 1;
	v.observed = "2026-01-15T00:00:00Z";
	v.text = "Klagomål <b>& \"citat\"";
	v.raw_digest = "e60e704c7c67b9774b5f90fbba3e8c691668f60f4a1e1e65f16644971a7ca263";
	it.versions = &v;
	it.n_versions = 1;
	a.path = "media/missing.jpg";
	it.attachments = &a;
	it.n_attachments = 1;
	assert_int_equal(som_package__item_xml(&b, &it, &files), 0);
	assert_non_null(strstr(b.ptr, "<item xmlns=\"urn:somarkiv:item:1\" id=\"7\" account=\"1\""));
	assert_non_null(strstr(b.ptr, "<classification class=\"case\"/>"));
	assert_non_null(strstr(b.ptr, "<text>Klagomål &lt;b&gt;&amp; &quot;citat&quot;</text>"));
	assert_non_null(strstr(b.ptr, "rawFile=\"source-v1.json\""));
	assert_non_null(strstr(b.ptr, "<attachment path=\"media/missing.jpg\" missing=\"true\"/>"));
	som_buf_dispose(&b);
}

static int write_one(const char *path, const char *expect_sha)
{
	som_pkg_writer *w = NULL;
	int error = som_package__writer_new(&w, path, 0, "pkg", "2026-11-24T06:00:00Z");

	if (!error)
		error = som_package__add(w, "documentation/a.txt", "hello\n", 6, "text/plain",
			"2026-11-24T06:00:00Z");
	if (!error)
		error = som_package__begin(w, "representations/rep1/data/b.bin", 3,
			"application/octet-stream", "2026-11-24T06:00:00Z");
	if (!error)
		error = som_package__write(w, "abc", 3);
	if (!error)
		error = som_package__end(w, expect_sha);
	if (!error)
		error = som_package__close(w);
	som_package__writer_free(w);
	return error;
}

static void test_package__writer_deterministic(void **state)
{
	fixture *f = *state;
	char p1[512], p2[512], hex[65];
	char *d1, *d2;
	size_t n1 = 0, n2 = 0;
	som_pkg_writer *w = NULL;
	const som_pkg_file *files;
	size_t nf;
	int64_t size;

	path_join(p1, sizeof(p1), f->dir, "1.tar");
	path_join(p2, sizeof(p2), f->dir, "2.tar");
	assert_int_equal(write_one(p1, NULL), 0);
	assert_int_equal(write_one(p2, NULL), 0);
	d1 = slurp(p1, &n1);
	d2 = slurp(p2, &n2);
	assert_non_null(d1);
	assert_non_null(d2);
	assert_int_equal(n1, n2);
	assert_memory_equal(d1, d2, n1);

	/* Never over a file already there (a planted link included). */
	assert_int_equal(som_package__writer_new(&w, p1, 0, "pkg", "2026-11-24T06:00:00Z"),
		SOM_EEXISTS);
	assert_null(w);
	assert_int_equal(unlink(p1), 0);

	/* The manifest and the whole file's digest, computed while writing. */
	assert_int_equal(som_package__writer_new(&w, p1, 0, "pkg", "2026-11-24T06:00:00Z"), 0);
	assert_int_equal(som_package__add(w, "x.txt", "abc", 3, "text/plain", "2026-11-24T06:00:00Z"), 0);
	assert_int_equal(som_package__close(w), 0);
	files = som_package__files(w, &nf);
	assert_int_equal(nf, 1);
	assert_string_equal(files[0].sha256,
		"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	assert_int_equal(som_package__digest(hex, &size, w), 0);
	free(d1);
	d1 = slurp(p1, &n1);
	assert_int_equal((size_t)size, n1);
	{
		char check[65];
		assert_int_equal(som_sha256__hex(check, d1, n1), 0);
		assert_string_equal(check, hex);
	}
	som_package__writer_free(w);
	free(d1);
	free(d2);
}

static void test_package__writer_refuses_wrong_digest(void **state)
{
	fixture *f = *state;
	char p[512];

	path_join(p, sizeof(p), f->dir, "bad.tar");
	assert_int_equal(write_one(p, "0000000000000000000000000000000000000000000000000000000000000000"),
		SOM_ECORRUPT);
	assert_non_null(strstr(som_error_last(), "the store's object is damaged"));
}

static void test_package__mets_lists_files(void **state)
{
	som_pkg_file files[3];
	som_pkg_mets m;
	som_buf b = SOM_BUF_INIT;

	(void)state;
	memset(files, 0, sizeof(files));
	memset(&m, 0, sizeof(m));
	files[0].path = "documentation/README.txt";
	files[1].path = "metadata/preservation/premis.xml";
	files[2].path = "representations/rep1/data/item-000001/item.xml";
	for (int i = 0; i < 3; i++) {
		files[i].mime = "application/xml";
		files[i].created = "2026-11-24T06:00:00Z";
		files[i].size = 10 + i;
		snprintf(files[i].sha256, sizeof(files[i].sha256), "%064d", i);
	}
	m.package_id = "pkg-1";
	m.created = "2026-11-24T06:00:00Z";
	m.label = "L";
	m.creator = "Exempelby & co";
	m.software = "somarkiv";
	m.software_version = "0.1.0";
	m.actor = "arkivarie";
	assert_int_equal(som_package__mets(&b, &m, files, 3, NULL), 0);
	assert_non_null(strstr(b.ptr, "OBJID=\"pkg-1\""));
	assert_non_null(strstr(b.ptr, "<mets:name>Exempelby &amp; co</mets:name>"));
	assert_non_null(strstr(b.ptr, "MDTYPE=\"PREMIS\""));
	assert_non_null(strstr(b.ptr, "USE=\"Representations/rep1\""));
	assert_non_null(strstr(b.ptr, "SIZE=\"12\" CREATED=\"2026-11-24T06:00:00Z\" CHECKSUM=\"0000000000000000000000000000000000000000000000000000000000000002\" CHECKSUMTYPE=\"SHA-256\""));
	assert_non_null(strstr(b.ptr, "ADMID=\"digiprov-1\""));
	assert_non_null(strstr(b.ptr, "<mets:fptr FILEID=\"filegrp-rep1\"/>"));
	/* No rendering: no group for it, and no pointer to one. */
	assert_null(strstr(b.ptr, "filegrp-rendering"));
	som_buf_dispose(&b);
}

static void test_package__mets_snapshot(void **state)
{
	som_pkg_file files[3];
	som_pkg_mets m;
	som_buf b = SOM_BUF_INIT;
	const char *rep1, *rendering, *div;

	(void)state;
	memset(files, 0, sizeof(files));
	memset(&m, 0, sizeof(m));
	files[0].path = "metadata/descriptive/account.xml";
	files[1].path = "representations/rep1/data/item-000001/item.xml";
	files[2].path = SOM_RENDER_DIR "index.html";
	for (int i = 0; i < 3; i++) {
		files[i].mime = i == 2 ? "text/html" : "application/xml";
		files[i].created = "2026-11-24T06:00:00Z";
		files[i].size = 10 + i;
		snprintf(files[i].sha256, sizeof(files[i].sha256), "%064d", i);
	}
	m.package_id = "pkg-1";
	m.created = "2026-11-24T06:00:00Z";
	m.label = "L";
	m.creator = "C";
	m.software = "somarkiv";
	m.software_version = "0.1.0";
	m.actor = "arkivarie";
	assert_int_equal(som_package__mets(&b, &m, files, 3, NULL), 0);
	assert_non_null(strstr(b.ptr, "xlink:href=\"metadata/descriptive/account.xml\" MDTYPE=\"OTHER\""
		" OTHERMDTYPE=\"somarkiv account 1\""));
	assert_null(strstr(b.ptr, "ERMS"));
	rep1 = strstr(b.ptr, "<mets:fileGrp ID=\"filegrp-rep1\" USE=\"Representations/rep1\""
		" csip:CONTENTINFORMATIONTYPE=\"OTHER\" csip:OTHERCONTENTINFORMATIONTYPE=\"somarkiv item XML 1\">");
	rendering = strstr(b.ptr, "<mets:fileGrp ID=\"filegrp-rendering\" USE=\"Representations/rendering\""
		" csip:CONTENTINFORMATIONTYPE=\"OTHER\" csip:OTHERCONTENTINFORMATIONTYPE=\"somarkiv HTML rendering 1\">");
	assert_true(rep1 && rendering && rep1 < rendering);
	assert_true(strstr(rendering, "xlink:href=\"" SOM_RENDER_DIR "index.html\"") != NULL);
	assert_true(strstr(rendering, "MIMETYPE=\"text/html\"") != NULL);
	div = strstr(b.ptr, "<mets:div ID=\"div-representations\" LABEL=\"Representations\">\n"
		"        <mets:fptr FILEID=\"filegrp-rep1\"/>\n"
		"        <mets:fptr FILEID=\"filegrp-rendering\"/>\n      </mets:div>");
	assert_non_null(div);
	som_buf_dispose(&b);
}

static void test_package__erms_case_and_loose(void **state)
{
	som_erms *e = NULL;
	som_buf b = SOM_BUF_INIT;
	som_pkg_registration r;
	som_pkg_retention ret;
	const char *agg, *rec, *loose;

	(void)state;
	assert_int_equal(som_package__erms_new(&e, "pkg-1", "2026-11-24T06:00:00Z", "Exempelby kommun"), 0);
	/* Nothing registered: no ERMS document at all. */
	assert_int_equal(som_package__erms_finish(&b, e), 1);
	memset(&r, 0, sizeof(r));
	memset(&ret, 0, sizeof(ret));
	r.item_id = 1;
	r.item_version = 1;
	r.number = "KS 2026/1-1";
	r.series = "KS";
	r.direction = "received";
	r.date = "2026-01-14";
	r.counterparty = "Lisa <Berg>";
	r.subject = "Klagomål";
	r.secrecy = "OSL 26:1";
	r.registrar = "registrator";
	r.registered_at = "2026-03-02T09:00:00Z";
	r.doc_seq = 1;
	r.case_id = 4;
	r.case_number = "KS 2026/1";
	r.case_title = "Snöröjning";
	r.case_status = "open";
	r.case_opened = "2026-03-02T09:00:00Z";
	ret.plan_version = "2026.1";
	ret.decision = "KS 2026/14";
	ret.rule_id = "dispose-temporary";
	ret.dispose = 1;
	ret.after = "P2Y";
	memcpy(ret.due, "2028-01-14", 11);
	assert_int_equal(som_package__erms_add(e, &r, &ret, "representations/rep1/data/item-000001/item.xml"), 0);
	r.case_id = 0;
	r.number = "KS 2026/7";
	r.doc_seq = 0;
	r.secrecy = NULL;
	r.direction = "drawn-up";
	assert_int_equal(som_package__erms_add(e, &r, NULL, NULL), 0);
	assert_int_equal(som_package__erms_finish(&b, e), 0);
	agg = strstr(b.ptr, "<aggregation systemIdentifier=\"case-4\" aggregationType=\"caseFile\">");
	rec = strstr(b.ptr, "<objectId>KS 2026/1-1</objectId>");
	loose = strstr(b.ptr, "aggregationType=\"own_aggregation_definition\"");
	assert_non_null(agg);
	assert_non_null(rec);
	assert_non_null(loose);
	assert_true(agg < rec && rec < loose);
	assert_non_null(strstr(b.ptr, "<restriction restrictionType=\"confidential\">\n        "
		"  <regulation>OSL 26:1</regulation>"));
	assert_non_null(strstr(b.ptr, "<runningNumber>1</runningNumber>"));
	assert_non_null(strstr(b.ptr, "<name>Lisa &lt;Berg&gt;</name>"));
	assert_non_null(strstr(b.ptr, "<disposalDate dateType=\"action_due\">2028-01-14T00:00:00Z</disposalDate>"));
	assert_non_null(strstr(b.ptr, "<disposalMandate>KS 2026/14</disposalMandate>"));
	assert_non_null(strstr(b.ptr, "otherDirectionDefinition=\"drawn-up (upprättad)\""));
	som_buf_dispose(&b);
	som_package__erms_free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_package__xml_escape, setup, teardown),
		cmocka_unit_test_setup_teardown(test_package__item_xml, setup, teardown),
		cmocka_unit_test_setup_teardown(test_package__writer_deterministic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_package__writer_refuses_wrong_digest, setup, teardown),
		cmocka_unit_test_setup_teardown(test_package__mets_lists_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_package__mets_snapshot, setup, teardown),
		cmocka_unit_test_setup_teardown(test_package__erms_case_and_loose, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
