/*
 * Unit tests of the classifier (src/classify/): Swedish folding, word
 * boundaries, prefixes and phrases, regular expressions over folded text,
 * normalised words (stems, elongations, emoji), concept lexicons
 * (compounds, misspellings, kept-out entries), <near>, the model that only
 * raises,
 * case numbers of several series formats, personal identity and
 * coordination numbers (Luhn, dates, '+', with and without century), phone
 * numbers and addresses, class precedence, <otherwise> and review, the
 * explanation; and classification in the store (src/classify/store_classify.c):
 * history kept, a person's decision surviving automatic runs, the review
 * list, the audit log.
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
#include "plan/plan.h"
#include "helpers.h"

/* A plan of RULES (SERIES: the registry series). */
#define PLAN_FMT \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
	"<plan xmlns=\"urn:somarkiv:plan:1\" version=\"t1\">\n" \
	"  <decision><body>Exempelby kommun</body><title>T</title><reference>KS 2026/1</reference><date>2026-01-15</date></decision>\n" \
	"  <classes>\n" \
	"    <class id=\"temporary\"><name lang=\"sv\">Tillfällig</name></class>\n" \
	"    <class id=\"important\"><name lang=\"sv\">Av vikt</name></class>\n" \
	"    <class id=\"case\"><name lang=\"sv\">Ärende</name></class>\n" \
	"  </classes>\n" \
	"  <series>%s</series>\n" \
	"  <rules>\n%s    <otherwise class=\"%s\"/>\n  </rules>\n" \
	"  <retention><rule id=\"keep\" class=\"important\" action=\"keep\"/></retention>\n" \
	"  <registration><route class=\"important\" series=\"KS\"/></registration>\n" \
	"</plan>\n"

#define SERIES \
	"<serie prefix=\"KS\" format=\"{prefix} {year}/{case}\"><name>KS</name></serie>" \
	"<serie prefix=\"RS\" format=\"{prefix} {year}-{case:5}\"><name>RS</name></serie>" \
	"<serie prefix=\"KF\" format=\"{year}.{case} {prefix}\"><name>KF</name></serie>" \
	"<serie prefix=\"BMN\" format=\"{prefix} {year}/{case}-{doc}\"><name>BMN</name></serie>"

/* One rule `id` of class `cls` (or a flag, when cls names one) with WHEN inside <when>. */
#define RULE(id, attrs, when) \
	"    <rule id=\"" id "\" " attrs "><description>d</description><when>" when "</when></rule>\n"

static som_plan *plan_of(const char *series, const char *rules, const char *otherwise)
{
	char text[32768];
	som_plan *plan = NULL;
	int error;

	snprintf(text, sizeof(text), PLAN_FMT, series, rules, otherwise);
	error = som_plan_load_buffer(&plan, text, strlen(text), "test.xml");
	if (error)
		fprintf(stderr, "plan: %s\n", som_error_last());
	assert_int_equal(error, 0);
	return plan;
}

static som_classify_result *run(const som_plan *plan, const char *text, const char *kind,
	int by_account, int is_answer)
{
	som_classify_input in = SOM_CLASSIFY_INPUT_INIT;
	som_classify_result *r = NULL;

	in.text = text;
	in.kind = kind;
	in.by_account = by_account;
	in.is_answer = is_answer;
	assert_int_equal(som_classify_text(&r, plan, &in), 0);
	return r;
}

/* Does a rule of that id match the text (a comment by others)? */
static int matches(const som_plan *plan, const char *text, const char *id)
{
	som_classify_result *r = run(plan, text, "comment", 0, 1);
	int found = 0;

	for (size_t i = 0; i < r->n_rules; i++)
		if (strcmp(r->rules[i].id, id) == 0)
			found = 1;
	som_classify_result_free(r);
	return found;
}

/* The first evidence text of rule `id` for `text`, into `out`. */
static const char *evidence_of(const som_plan *plan, const char *text, const char *id,
	char *out, size_t size)
{
	som_classify_result *r = run(plan, text, "comment", 0, 1);

	out[0] = '\0';
	for (size_t i = 0; i < r->n_rules; i++)
		if (strcmp(r->rules[i].id, id) == 0 && r->rules[i].n_evidence &&
		    r->rules[i].evidence[0].text)
			snprintf(out, size, "%s", r->rules[i].evidence[0].text);
	som_classify_result_free(r);
	return out;
}

static void expect_fold(const char *in, const char *want)
{
	som_buf b = SOM_BUF_INIT;

	assert_int_equal(som_classify__fold(&b, in, strlen(in)), 0);
	assert_string_equal(b.ptr, want);
	som_buf_dispose(&b);
}

static void test_classify__folding(void **state)
{
	(void)state;
	expect_fold("KLAGOMÅL på ÄLDREBOENDET Öster", "klagomål på äldreboendet öster");
	expect_fold("ÅÄÖ åäö ÉÜØÆ", "åäö åäö éüøæ");
	/* å ä ö stay letters of their own. */
	expect_fold("Mål mal MÅL", "mål mal mål");
	/* Decomposed å, ä, ö, é are composed. */
	expect_fold("Ma\xcc\x8al a\xcc\x88r o\xcc\x88ppen ide\xcc\x81", "mål är öppen idé");
	/* White space of every kind is one space; invisible characters go. */
	expect_fold("  hets\t\xc2\xa0mot\n\nfolk\xe2\x80\x8bgrupp  ", "hets mot folkgrupp");
	/* Dashes are '-'; full-width and mathematical letters are plain. */
	expect_fold("KS 2026\xe2\x80\x93" "123", "ks 2026-123");
	expect_fold("\xef\xbc\xa8\xef\xbd\x85\xef\xbd\x8a", "hej");
	expect_fold("\xf0\x9d\x90\x87\xf0\x9d\x90\x8e\xf0\x9d\x90\x93", "hot");
	/* Cyrillic and Greek. */
	expect_fold("\xd0\x9f\xd0\xa0\xd0\x98\xd0\x92\xd0\x95\xd0\xa2", "\xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82");
	expect_fold("\xce\x91\xce\x98\xce\x97\xce\x9d\xce\x91", "\xce\xb1\xce\xb8\xce\xb7\xce\xbd\xce\xb1");
	/* Bad UTF-8 becomes U+FFFD. */
	expect_fold("a\xff" "b", "a\xef\xbf\xbd" "b");
	expect_fold("", "");
}

static void test_classify__word_boundaries(void **state)
{
	som_plan *plan = plan_of(SERIES,
		RULE("hot", "class=\"important\"", "<words>hot 112</words>")
		RULE("prefix", "class=\"important\"", "<words>klagomål*</words>")
		RULE("compound", "class=\"important\"", "<words>*hot</words>")
		RULE("mal", "class=\"important\"", "<words>mål</words>"),
		"temporary");

	(void)state;
	assert_true(matches(plan, "Det här är ett HOT!", "hot"));
	assert_true(matches(plan, "hot\xf0\x9f\x94\xa5", "hot"));
	assert_true(matches(plan, "\"hot\"", "hot"));
	assert_false(matches(plan, "Fint hotell", "hot"));
	assert_false(matches(plan, "ett dödshot", "hot"));
	assert_true(matches(plan, "ring 112 nu", "hot"));
	assert_false(matches(plan, "ring 1177", "hot"));
	assert_false(matches(plan, "ring 1123", "hot"));
	/* Inflection by prefix. */
	assert_true(matches(plan, "Klagomålet gäller skolan", "prefix"));
	assert_true(matches(plan, "KLAGOMÅLEN", "prefix"));
	assert_true(matches(plan, "ett klagomål.", "prefix"));
	assert_false(matches(plan, "mitt klagomal", "prefix"));
	assert_false(matches(plan, "ettklagomål", "prefix"));
	/* The last part of a compound. */
	assert_true(matches(plan, "ett dödshot mot honom", "compound"));
	assert_true(matches(plan, "hot", "compound"));
	assert_false(matches(plan, "hotfull", "compound"));
	/* å is not a. */
	assert_true(matches(plan, "Vilket MÅL!", "mal"));
	assert_false(matches(plan, "en mal i garderoben", "mal"));
	som_plan_free(plan);
}

static void test_classify__phrases(void **state)
{
	som_plan *plan = plan_of(SERIES,
		RULE("hets", "class=\"important\" flag=\"crime\"", "<phrase>hets mot folkgrupp*</phrase>")
		RULE("wait", "class=\"case\"", "<phrase>väntat * månader</phrase>")
		RULE("dash", "class=\"important\"", "<words>e-tjänst*</words>"),
		"temporary");
	char ev[128];

	(void)state;
	assert_true(matches(plan, "Det är HETS MOT, folkgrupper!", "hets"));
	assert_string_equal(evidence_of(plan, "Det är HETS MOT, folkgrupper!", "hets", ev,
		sizeof(ev)), "hets mot, folkgrupper");
	assert_false(matches(plan, "hets folkgrupp mot", "hets"));
	assert_false(matches(plan, "hets mot", "hets"));
	assert_true(matches(plan, "Jag har väntat åtta månader", "wait"));
	assert_false(matches(plan, "Jag har väntat i åtta månader", "wait"));
	assert_true(matches(plan, "e-tjänsten fungerar inte", "dash"));
	assert_true(matches(plan, "E tjänsten", "dash"));
	assert_false(matches(plan, "etjänsten", "dash"));
	som_plan_free(plan);
}

static void test_classify__regex(void **state)
{
	som_plan *plan = plan_of(SERIES,
		RULE("re", "class=\"important\"", "<regex>klagom(å|a)l</regex>")
		RULE("bracket", "class=\"important\"", "<regex>^[åäö]+$</regex>")
		RULE("spaces", "class=\"important\"", "<regex>hets mot</regex>"),
		"temporary");
	char ev[128];

	(void)state;
	assert_true(matches(plan, "ett KLAGOMÅL", "re"));
	assert_string_equal(evidence_of(plan, "ett KLAGOMÅL", "re", ev, sizeof(ev)), "klagomål");
	assert_true(matches(plan, "klagomal", "re"));
	/* A bracket matches one character, å being one (UTF-8). */
	assert_true(matches(plan, "ÅÄÖ", "bracket"));
	assert_false(matches(plan, "åx", "bracket"));
	/* Folded white space: one space. */
	assert_true(matches(plan, "HETS\n\t MOT", "spaces"));
	som_plan_free(plan);
}

/* The strings one of which any match of `pattern` holds, joined by '|' ("" for none). */
static void expect_literals(const char *pattern, const char *want)
{
	char **lits = NULL, got[256] = "";
	size_t n = 0, len = 0;

	assert_int_equal(som_classify__regex_literals(&lits, &n, pattern), 0);
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(got + len, sizeof(got) - len, "%s%s", i ? "|" : "", lits[i]);
	som_classify__free_literals(lits, n);
	if (strcmp(got, want) != 0)
		fprintf(stderr, "pattern '%s': got '%s', want '%s'\n", pattern, got, want);
	assert_string_equal(got, want);
}

static void test_classify__regex_literals(void **state)
{
	(void)state;
	expect_literals("klagom(å|a)l", "klagom");
	expect_literals("(^|[^[:alnum:]])vet (var|vart) (du|hon) bor", "vet");
	expect_literals("hot|hota", "hot|hota");
	expect_literals("\\bBOMB\\b", "bomb");
	expect_literals("KS [0-9]+", "ks");
	expect_literals("©", "©");
	expect_literals("[åä]x", "x");
	expect_literals("[]a]bc", "bc");
	expect_literals("[[:alpha:]]+ur", "ur");
	expect_literals("colou?r", "colo");
	expect_literals("a{0,3}b", "b");
	expect_literals("(ab)+c", "ab");
	expect_literals("\\.se", ".se");
	expect_literals("ÅNGRA", "ångra");
	/* Nothing every match must hold: no hint. */
	expect_literals("a*b?", "");
	expect_literals("(x|y*)", "");
	expect_literals("x|[0-9]", "");
	expect_literals("\\w+", "");
	expect_literals(" ", "");
	expect_literals("(unclosed", "");
}

static void test_classify__case_references(void **state)
{
	som_plan *plan = plan_of(SERIES
		"<serie prefix=\"AN\" format=\"{year}-{case}\"><name>AN</name></serie>",
		RULE("ref", "class=\"case\"", "<case-reference/>"),
		"temporary");
	char ev[128];

	(void)state;
	assert_true(matches(plan, "Angående KS 2026/123, när?", "ref"));
	assert_string_equal(evidence_of(plan, "Angående KS 2026/123, när?", "ref", ev, sizeof(ev)),
		"ks 2026/123");
	assert_true(matches(plan, "ks2026/123", "ref"));
	assert_true(matches(plan, "KS 2026-123", "ref"));
	assert_true(matches(plan, "KS 2026 / 87", "ref"));
	assert_true(matches(plan, "min anmälan RS 2023-05437?", "ref"));
	assert_true(matches(plan, "Ang. 2022.277 KF \xe2\x80\x93 medborgarförslaget", "ref"));
	assert_true(matches(plan, "BMN 2025/88-3", "ref"));
	assert_true(matches(plan, "BMN 2025/88", "ref"));
	/* Any registry number after "dnr" or "ärende". */
	assert_true(matches(plan, "upphandling Dnr 2025/0412 'Ramavtal'", "ref"));
	assert_true(matches(plan, "(dnr MBN 2025-000341)", "ref"));
	assert_true(matches(plan, "Ärendenumret är SN 2025/302.", "ref"));
	/* A format without a prefix still needs a number standing alone. */
	assert_true(matches(plan, "mitt ärende 2025-1043 om avgift", "ref"));
	assert_true(matches(plan, "nummer 2025-1043", "ref"));
	assert_false(matches(plan, "mötet 2025-11-24 kl 18", "ref"));
	/* Not case numbers. */
	assert_false(matches(plan, "Vi på KS Bygg AB: projektet 2024/2025", "ref"));
	assert_false(matches(plan, "avsnitt 2023/124 av podden", "ref"));
	assert_false(matches(plan, "säsongskorten 2025/26", "ref"));
	assert_false(matches(plan, "XKS 2026/123", "ref"));
	assert_false(matches(plan, "KS 2026/123456789012", "ref"));
	assert_false(matches(plan, "ärende 14 på dagordningen", "ref"));
	som_plan_free(plan);
}

static void test_classify__personal_identity_numbers(void **state)
{
	som_plan *plan = plan_of(SERIES,
		RULE("pnr", "flag=\"personal-data\"", "<personal-identity-number/>"),
		"temporary");
	char ev[128];

	(void)state;
	/* Valid: with and without century and separator, '+', coordination numbers. */
	assert_true(som_classify__is_pnr("850714-9964", 11));
	assert_true(som_classify__is_pnr("8507149964", 10));
	assert_true(som_classify__is_pnr("198109129984", 12));
	assert_true(som_classify__is_pnr("19880523-9848", 13));
	assert_true(som_classify__is_pnr("260302+9840", 11));
	assert_true(som_classify__is_pnr("870374-9922", 11));       /* samordningsnummer: 14 + 60 */
	assert_true(som_classify__is_pnr("000229-1235", 11));       /* 29 February of a leap year */
	assert_true(som_classify__is_pnr("20000229-1235", 13));
	/* Invalid: the Luhn digit, the date, the shape. */
	assert_false(som_classify__is_pnr("850714-9965", 11));
	assert_false(som_classify__is_pnr("241203-0042", 11));
	assert_false(som_classify__is_pnr("851314-9966", 11));      /* month 13 */
	assert_false(som_classify__is_pnr("850631-1235", 11));      /* 31 June */
	assert_false(som_classify__is_pnr("010229-1234", 11));      /* 29 February 2001 */
	assert_false(som_classify__is_pnr("19000229-1235", 13));    /* 1900 was no leap year */
	assert_false(som_classify__is_pnr("850792-9969", 11));      /* coordination day 32 */
	assert_false(som_classify__is_pnr("16850714-9964", 13));    /* century 16 */
	assert_false(som_classify__is_pnr("85071-49964", 11));
	assert_false(som_classify__is_pnr("850714--9964", 12));
	assert_false(som_classify__is_pnr("85071499641", 11));

	/* In text: found standing alone, masked in the explanation. */
	assert_true(matches(plan, "Jag heter Dragan, 850714-9964. Jag vill överklaga.", "pnr"));
	assert_string_equal(evidence_of(plan, "Jag heter Dragan, 850714-9964.", "pnr", ev,
		sizeof(ev)), "850714-****");
	assert_true(matches(plan, "personnummer är 260302+9840 om ni", "pnr"));
	assert_true(matches(plan, "Mitt personnummer är 198109129984 om", "pnr"));
	assert_true(matches(plan, "samordningsnummer, 870374-9922, kan", "pnr"));
	assert_true(matches(plan, "pnr:19880523-9848", "pnr"));
	assert_true(matches(plan, "Ella 20150304\xe2\x80\x93" "9866 som", "pnr"));
	assert_false(matches(plan, "ordernr 241203-0042", "pnr"));
	assert_false(matches(plan, "nummer 12850714-9964", "pnr"));
	assert_false(matches(plan, "nummer 850714-99641", "pnr"));
	assert_false(matches(plan, "tel 070-850714-9964", "pnr"));
	som_plan_free(plan);
}

static void test_classify__phones_and_addresses(void **state)
{
	som_plan *plan = plan_of(SERIES,
		RULE("phone", "flag=\"personal-data\"", "<phone-number/>")
		RULE("address", "flag=\"personal-data\"", "<street-address/>"),
		"temporary");
	char ev[128];

	(void)state;
	assert_true(matches(plan, "Ring mig /Jonna 070-174 06 12", "phone"));
	assert_string_equal(evidence_of(plan, "ring 070-174 06 12!", "phone", ev, sizeof(ev)),
		"070-174 ** **");
	assert_true(matches(plan, "kundtjänst på 031-390 06 00, vardagar", "phone"));
	assert_true(matches(plan, "Best, Amir Haddad, +46 70 174 06 45", "phone"));
	assert_true(matches(plan, "0701740612", "phone"));
	assert_true(matches(plan, "ring 0701740612 2 gånger", "phone"));
	assert_false(matches(plan, "ring 1177 eller 112", "phone"));
	assert_false(matches(plan, "den 2025-11-24", "phone"));
	assert_false(matches(plan, "hyran är 7 450 kr", "phone"));
	assert_false(matches(plan, "kl 07.40 från Alingsås", "phone"));
	assert_false(matches(plan, "nr 4471 029 883", "phone"));

	assert_true(matches(plan, "hon bor på Lärkvägen 4B nu", "address"));
	assert_string_equal(evidence_of(plan, "hon bor på Lärkvägen 4B nu", "address", ev,
		sizeof(ev)), "lärkvägen 4b");
	assert_true(matches(plan, "Roger på Granvägen 7 i Östansjö", "address"));
	assert_true(matches(plan, "Storgatan 18", "address"));
	assert_false(matches(plan, "vägen 4 gånger", "address"));
	assert_false(matches(plan, "på Lindvägen kl 05.40", "address"));
	assert_false(matches(plan, "BJÖRKVÄGEN ÄR EN SKANDAL", "address"));
	assert_false(matches(plan, "Storgatan 1234", "address"));
	som_plan_free(plan);
}

static void test_classify__conditions(void **state)
{
	som_plan *plan = plan_of(SERIES,
		RULE("kind", "class=\"important\"", "<kind>post message</kind>")
		RULE("own", "class=\"important\"", "<author>account</author>")
		RULE("others", "class=\"important\"", "<author>others</author>")
		RULE("top", "class=\"important\"", "<position>top</position>")
		RULE("answer", "class=\"important\"", "<position>answer</position>")
		RULE("short", "class=\"temporary\"", "<max-length>5</max-length>")
		RULE("unless", "class=\"important\"", "<words>tack</words><unless><words>ingenting</words></unless>")
		RULE("any", "class=\"important\"", "<any><words>aaa</words><words>bbb</words></any><words>ccc</words>"),
		"temporary");
	som_classify_result *r;
	som_classify_input in;

	(void)state;
	r = run(plan, "x", "post", 1, 0);
	assert_true(r->n_rules == 4);   /* kind, own, top, short */
	assert_string_equal(r->rules[0].id, "kind");
	assert_string_equal(r->rules[0].evidence[0].on, "kind");
	assert_string_equal(r->rules[0].evidence[0].text, "post");
	assert_string_equal(r->rules[1].id, "own");
	assert_string_equal(r->rules[2].id, "top");
	assert_string_equal(r->rules[3].id, "short");
	som_classify_result_free(r);
	r = run(plan, "sex tecken", "reply", 0, 1);
	assert_int_equal(r->n_rules, 2);   /* others, answer */
	assert_string_equal(r->rules[0].id, "others");
	assert_string_equal(r->rules[1].id, "answer");
	som_classify_result_free(r);
	/* Length counts characters, not bytes: five of them here. */
	assert_true(matches(plan, " åäöÅÄ ", "short"));
	assert_false(matches(plan, "åäöÅÄÖ", "short"));
	assert_true(matches(plan, "Tack!", "unless"));
	assert_false(matches(plan, "Tack för ingenting", "unless"));
	assert_true(matches(plan, "aaa ccc", "any"));
	assert_true(matches(plan, "bbb ccc", "any"));
	assert_false(matches(plan, "aaa bbb", "any"));
	/* NULL text and kind. */
	r = run(plan, NULL, NULL, 0, 0);
	assert_int_equal(r->n_rules, 3);   /* others, top, short */
	som_classify_result_free(r);
	/* How the store sees an item: an answer when it has a parent, or is a comment or reply. */
	som_classify_input_for(&in, "t", "post", 1, NULL);
	assert_false(in.is_answer);
	assert_true(in.by_account);
	som_classify_input_for(&in, "t", "post", 0, "p1");
	assert_true(in.is_answer);
	som_classify_input_for(&in, "t", "comment", 0, NULL);
	assert_true(in.is_answer);
	som_classify_input_for(&in, "t", "message", 0, "");
	assert_false(in.is_answer);
	som_plan_free(plan);
}

static void test_classify__precedence(void **state)
{
	som_plan *plan = plan_of(SERIES,
		RULE("thanks", "class=\"temporary\"", "<words>tack</words>")
		RULE("complaint", "class=\"important\"", "<words>klagomål*</words>")
		RULE("ref", "class=\"case\"", "<case-reference/>")
		RULE("threat", "class=\"important\" flag=\"crime\"", "<phrase>vet var du bor</phrase>")
		RULE("pnr", "flag=\"personal-data\"", "<personal-identity-number/>")
		RULE("unsure", "flag=\"secrecy\" review=\"true\"", "<words>sjuk*</words>"),
		"important");
	som_classify_result *r;

	(void)state;
	r = run(plan, "Tack!", "comment", 0, 1);
	assert_int_equal(r->cls, SOM_CLASS_TEMPORARY);
	assert_int_equal(r->flags, 0);
	assert_false(r->review);
	assert_false(r->otherwise);
	assert_string_equal(r->plan_version, "t1");
	som_classify_result_free(r);
	/* When in doubt keep: a higher class rule wins over the temporary one. */
	r = run(plan, "Tack för inget, här är mitt klagomål", "comment", 0, 1);
	assert_int_equal(r->cls, SOM_CLASS_IMPORTANT);
	assert_int_equal(r->n_rules, 2);
	som_classify_result_free(r);
	r = run(plan, "Tack, klagomålet i KS 2026/9 och vi vet var du bor", "comment", 0, 1);
	assert_int_equal(r->cls, SOM_CLASS_CASE);
	assert_int_equal(r->flags, SOM_FLAG_CRIME);
	assert_int_equal(r->n_rules, 4);
	som_classify_result_free(r);
	/* Flags of every matching rule; a review rule marks for review. */
	r = run(plan, "Tack! 850714-9964 är sjukskriven", "comment", 0, 1);
	assert_int_equal(r->cls, SOM_CLASS_TEMPORARY);
	assert_int_equal(r->flags, SOM_FLAG_PERSONAL_DATA | SOM_FLAG_SECRECY);
	assert_true(r->review);
	assert_false(r->otherwise);
	som_classify_result_free(r);
	som_plan_free(plan);
}

static void test_classify__otherwise_and_review(void **state)
{
	som_plan *plan = plan_of(SERIES,
		RULE("thanks", "class=\"temporary\"", "<words>tack</words>")
		RULE("pnr", "flag=\"personal-data\"", "<personal-identity-number/>"),
		"important");
	som_classify_result *r;

	(void)state;
	r = run(plan, "Något helt annat", "comment", 0, 1);
	assert_int_equal(r->cls, SOM_CLASS_IMPORTANT);
	assert_true(r->otherwise);
	assert_true(r->review);
	assert_int_equal(r->n_rules, 0);
	som_classify_result_free(r);
	/* A flag rule alone is no class rule: still <otherwise>. */
	r = run(plan, "850714-9964", "comment", 0, 1);
	assert_int_equal(r->cls, SOM_CLASS_IMPORTANT);
	assert_true(r->otherwise);
	assert_int_equal(r->flags, SOM_FLAG_PERSONAL_DATA);
	som_classify_result_free(r);
	som_plan_free(plan);
}

static void test_classify__explanation_json(void **state)
{
	som_plan *plan = plan_of(SERIES,
		RULE("complaint", "class=\"important\"", "<words>klagomål* missnöjd</words><author>others</author>")
		RULE("pnr", "flag=\"personal-data\"", "<personal-identity-number/>"),
		"temporary");
	som_classify_result *r = run(plan, "Klagomål! \"Missnöjd\" 850714-9964", "comment", 0, 1);
	som_classify_result *back = NULL;
	som_buf json = SOM_BUF_INIT;

	(void)state;
	assert_int_equal(som_classify_result_to_json(&json, r), 0);
	assert_true(contains(json.ptr, "\"plan\":\"t1\""));
	assert_true(contains(json.ptr, "\"class\":\"important\""));
	assert_true(contains(json.ptr, "\"flags\":[\"personal-data\"]"));
	assert_true(contains(json.ptr,
		"{\"on\":\"words\",\"pattern\":\"klagomål*\",\"text\":\"klagomål\"}"));
	assert_true(contains(json.ptr, "{\"on\":\"words\",\"pattern\":\"missnöjd\",\"text\":\"missnöjd\"}"));
	assert_true(contains(json.ptr, "{\"on\":\"author\",\"text\":\"others\"}"));
	assert_true(contains(json.ptr, "850714-****"));
	assert_false(contains(json.ptr, "9964"));
	assert_int_equal(som_classify_result_from_json(&back, json.ptr), 0);
	assert_int_equal(back->cls, r->cls);
	assert_int_equal(back->flags, r->flags);
	assert_int_equal(back->n_rules, 2);
	assert_string_equal(back->rules[0].id, "complaint");
	assert_int_equal(back->rules[0].n_evidence, 3);
	assert_string_equal(back->rules[0].evidence[0].pattern, "klagomål*");
	assert_int_equal(back->rules[1].flag, SOM_FLAG_PERSONAL_DATA);
	assert_int_equal(back->rules[1].cls, SOM_CLASS_NONE);
	som_classify_result_free(back);
	assert_int_equal(som_classify_result_from_json(&back, "{\"x\":1}"), SOM_EINVALID);
	assert_int_equal(som_classify_result_from_json(&back, "not json"), SOM_EINVALID);
	som_buf_dispose(&json);
	som_classify_result_free(r);
	som_plan_free(plan);
}

typedef struct countdown {
	int left;
	int failed;
} countdown;

static int fail_at(size_t size, void *payload)
{
	countdown *c = payload;

	(void)size;
	if (c->left-- == 0) {
		c->failed = 1;
		return 1;
	}
	return 0;
}

/* Load the plan `text` with every allocation failing in turn: SOM_ENOMEM, no plan, no leak. */
static som_plan *load_failing(const char *text)
{
	som_plan *plan = NULL;
	countdown c;
	int error;

	for (int n = 0;; n++) {
		c.left = n;
		c.failed = 0;
		som_alloc_set_fail_hook(fail_at, &c);
		error = som_plan_load_buffer(&plan, text, strlen(text), "t.xml");
		som_alloc_set_fail_hook(NULL, NULL);
		if (!c.failed) {
			assert_int_equal(error, 0);
			return plan;
		}
		assert_int_equal(error, SOM_ENOMEM);
		assert_null(plan);
	}
}

/* Classify (and write the explanation) with every allocation failing in turn; how many did. */
static int classify_failing(const som_plan *plan, const som_classify_input *in)
{
	som_classify_result *r = NULL;
	som_buf json = SOM_BUF_INIT;
	countdown c;
	int error, n;

	for (n = 0;; n++) {
		c.left = n;
		c.failed = 0;
		som_alloc_set_fail_hook(fail_at, &c);
		error = som_classify_text(&r, plan, in);
		if (!error)
			error = som_classify_result_to_json(&json, r);
		som_alloc_set_fail_hook(NULL, NULL);
		som_buf_dispose(&json);
		som_classify_result_free(r);
		r = NULL;
		if (!c.failed) {
			assert_int_equal(error, 0);
			return n;
		}
		assert_int_equal(error, SOM_ENOMEM);
	}
}

/* Every allocation of loading and classifying may fail: SOM_ENOMEM, no crash, no leak. */
static void test_classify__allocation_failures(void **state)
{
	char text[32768];
	som_plan *plan = NULL;
	som_classify_input in = SOM_CLASSIFY_INPUT_INIT;

	(void)state;
	snprintf(text, sizeof(text), PLAN_FMT, SERIES,
		RULE("complaint", "class=\"important\"", "<words>klagomål* missnöjd</words><author>others</author>")
		RULE("hets", "class=\"important\" flag=\"crime\"", "<phrase>hets mot folkgrupp*</phrase>")
		RULE("re", "class=\"important\"", "<regex>klagom(å|a)l</regex>")
		RULE("ref", "class=\"case\"", "<case-reference/>")
		RULE("pnr", "flag=\"personal-data\"", "<personal-identity-number/>")
		RULE("contact", "flag=\"personal-data\"", "<any><phone-number/><street-address/></any>"),
		"important");
	plan = load_failing(text);
	in.text = "Klagomål! Hets mot folkgrupper, KS 2026/12, 850714-9964, 070-174 06 12, Lärkvägen 4";
	in.kind = "comment";
	assert_true(classify_failing(plan, &in) > 10);
	som_plan_free(plan);
}

/* ---- normalised words, lexicons, <near>, the model ----------------------- */

/* A plan of LEXICONS (<lexicon> elements) and RULES, series KS. */
#define LEX_PLAN_FMT \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
	"<plan xmlns=\"urn:somarkiv:plan:1\" version=\"t2\">\n" \
	"  <decision><body>Exempelby kommun</body><title>T</title><reference>KS 2026/1</reference><date>2026-01-15</date></decision>\n" \
	"  <classes>\n" \
	"    <class id=\"temporary\"><name lang=\"sv\">Tillfällig</name></class>\n" \
	"    <class id=\"important\"><name lang=\"sv\">Av vikt</name></class>\n" \
	"    <class id=\"case\"><name lang=\"sv\">Ärende</name></class>\n" \
	"  </classes>\n" \
	"  <series><serie prefix=\"KS\" format=\"{prefix} {year}/{case}\"><name>KS</name></serie></series>\n" \
	"  <lexicons>%s</lexicons>\n" \
	"  <rules>\n%s    <otherwise class=\"important\"/>\n  </rules>\n" \
	"  <retention><rule id=\"keep\" class=\"important\" action=\"keep\"/></retention>\n" \
	"  <registration><route class=\"important\" series=\"KS\"/></registration>\n" \
	"</plan>\n"

#define LEXICON(name, entries) "<lexicon name=\"" name "\">" entries "</lexicon>"

static int lex_plan_load(som_plan **out, const char *lexicons, const char *rules)
{
	char text[32768];

	snprintf(text, sizeof(text), LEX_PLAN_FMT, lexicons, rules);
	return som_plan_load_buffer(out, text, strlen(text), "lex.xml");
}

static som_plan *lex_plan(const char *lexicons, const char *rules)
{
	som_plan *plan = NULL;
	int error = lex_plan_load(&plan, lexicons, rules);

	if (error)
		fprintf(stderr, "plan: %s\n", som_error_last());
	assert_int_equal(error, 0);
	return plan;
}

/* How the concept rule "c" matched the text ("stem", "compound", ...; "" for not at all). */
static const char *how_of(const som_plan *plan, const char *text, char *out, size_t size)
{
	som_classify_result *r = run(plan, text, "comment", 0, 1);

	snprintf(out, size, "%s", "");
	for (size_t i = 0; i < r->n_rules; i++)
		if (strcmp(r->rules[i].id, "c") == 0 && r->rules[i].n_evidence &&
		    r->rules[i].evidence[0].how)
			snprintf(out, size, "%s", r->rules[i].evidence[0].how);
	som_classify_result_free(r);
	return out;
}

/* A text and how the lexicon's concept rule "c" must match it ("" for not at all). */
typedef struct how_case {
	const char *text;
	const char *how;
} how_case;

static void expect_hows(const char *lexicon, const how_case *cases, size_t n)
{
	som_plan *plan = lex_plan(lexicon, RULE("c", "class=\"important\"", "<concept name=\"v\"/>"));
	char how[32];

	for (size_t i = 0; i < n; i++) {
		if (strcmp(how_of(plan, cases[i].text, how, sizeof(how)), cases[i].how) != 0)
			fprintf(stderr, "'%s': matched as '%s', not '%s'\n", cases[i].text, how,
				cases[i].how);
		assert_string_equal(how, cases[i].how);
	}
	som_plan_free(plan);
}

static void test_classify__stems_and_forms(void **state)
{
	static const how_case cases[] = {
		/* Inflections by their stem. */
		{ "De hotade honom", "stem" }, { "Han dödade fåglarna", "stem" },
		/* A definite ending Snowball keeps ("-et", "-n" after a vowel, "-eln"). */
		{ "Hotet kom i går", "stem" }, { "Misshandeln anmäldes", "stem" },
		/* "=skott" only as written; a short stem never matches a bare short word. */
		{ "Skott hördes", "word" }, { "Vi har skottat", "" }, { "Ge dem en chans", "" },
	};

	(void)state;
	expect_hows(LEXICON("v", "hot\nmisshandel\nkniv+\n=skott\ndöda\ndemens\n"), cases,
		SOM_ARRAY_SIZE(cases));
}

static void test_classify__compounds(void **state)
{
	static const how_case cases[] = {
		/* The last part of a compound, in any inflection. */
		{ "Ett mordhot mot rektorn", "compound" }, { "dödshoten fortsätter", "compound" },
		{ "sprängladdningen hittades", "compound" },
		/* The first part only for "ord+". */
		{ "Han blev knivhuggen", "compound" },
		/* Endings are no parts: "bifogas" holds no "gas"; "hotell" no "hot". */
		{ "Protokollet bifogas", "" }, { "Hotellet är fullt", "" },
	};

	(void)state;
	expect_hows(LEXICON("v", "hot\nkniv+\ngasas\nladdning\n"), cases, SOM_ARRAY_SIZE(cases));
}

static void test_classify__elongation_misspelling_emoji(void **state)
{
	static const how_case cases[] = {
		{ "jag ska dööööda dig", "word" }, { "Hon är sjukskriiven", "misspelling" },
		{ "Hon är sjukskirven", "misspelling" }, { "Hon är sjuk", "" },
		/* Each emoji a word of its own. */
		{ "vi ses🔪🔪", "word" },
	};
	som_plan *plan = lex_plan(LEXICON("t", "tack\n👍\n"),
		RULE("thanks", "class=\"temporary\"", "<concept name=\"t\"/>"));

	(void)state;
	expect_hows(LEXICON("v", "döda\nsjukskriven\n🔪\n"), cases, SOM_ARRAY_SIZE(cases));
	/* Skin tones and variation selectors aside. */
	assert_true(matches(plan, "TAAACK 👍🏽", "thanks"));
	assert_true(matches(plan, "👍", "thanks"));
	assert_false(matches(plan, "Tackla problemet", "thanks"));
	som_plan_free(plan);
}

static void test_classify__kept_out(void **state)
{
	static const how_case cases[] = {
		{ "De sköt upp mötet", "" }, { "Vi skjuter upp beslutet", "" },
		{ "Jag ska skjuta honom", "word" }, { "Han skjuter", "stem" },
		{ "Dödsbra konsert", "" }, { "Långt därifrån", "" }, { "Ett bankrån", "compound" },
	};

	(void)state;
	expect_hows(LEXICON("v", "skjuta\ndöd\n-skjuta upp\n-dödsbra\n-*ifrån\nrån\n"), cases,
		SOM_ARRAY_SIZE(cases));
}

static void test_classify__near(void **state)
{
	som_plan *plan = lex_plan(
		LEXICON("person", "=du\n=dig\npolitiker\n") LEXICON("violence", "döda\nbränna\n"),
		RULE("threat", "class=\"important\" flag=\"crime\"",
			"<near within=\"4\"><concept name=\"person\"/><concept name=\"violence\"/></near>"));
	som_classify_result *r;

	(void)state;
	/* Any order, any form, within four words. */
	assert_true(matches(plan, "Jag ska döda dig", "threat"));
	assert_true(matches(plan, "Dig ska jag döda", "threat"));
	assert_true(matches(plan, "Då ska vi bränna politikerna", "threat"));
	assert_false(matches(plan, "Döda fåglar i parken, vad ska jag göra med dem", "threat"));
	assert_false(matches(plan, "Du, vi ska sedan i morgon eller så bränna riset", "threat"));
	r = run(plan, "Då ska jag döda dig", "comment", 0, 1);
	assert_int_equal(r->flags, SOM_FLAG_CRIME);
	assert_int_equal(r->n_rules, 1);
	assert_int_equal(r->rules[0].n_evidence, 3);
	assert_string_equal(r->rules[0].evidence[0].on, "concept");
	assert_string_equal(r->rules[0].evidence[2].on, "near");
	assert_string_equal(r->rules[0].evidence[2].pattern, "within 4 words");
	assert_string_equal(r->rules[0].evidence[2].text, "döda dig");
	som_classify_result_free(r);
	som_plan_free(plan);
}

static void test_classify__lexicon_errors(void **state)
{
	som_plan *plan = NULL;

	(void)state;
	assert_int_equal(lex_plan_load(&plan, LEXICON("v", "döda\n@compounds maybe\n"),
		RULE("c", "class=\"important\"", "<concept name=\"v\"/>")), SOM_EINVALID);
	assert_non_null(strstr(som_error_last(), "unknown setting '@compounds maybe'"));
	assert_int_equal(lex_plan_load(&plan, LEXICON("v", "döda\n?!\n"),
		RULE("c", "class=\"important\"", "<concept name=\"v\"/>")), SOM_EINVALID);
	assert_non_null(strstr(som_error_last(), "entry line 2: '?!' has no letter"));
	assert_int_equal(lex_plan_load(&plan, LEXICON("v", "döda"),
		RULE("c", "class=\"important\"", "<concept name=\"w\"/>")), SOM_EINVALID);
	assert_non_null(strstr(som_error_last(), "no lexicon 'w'"));
	assert_int_equal(lex_plan_load(&plan, "<lexicon name=\"v\" src=\"v.txt\"/>",
		RULE("c", "class=\"important\"", "<concept name=\"v\"/>")), SOM_EINVALID);
	assert_non_null(strstr(som_error_last(), "a plan not read from a file cannot read 'v.txt'"));
	assert_int_equal(lex_plan_load(&plan, LEXICON("v", "döda"),
		RULE("c", "class=\"important\"", "<near within=\"3\"><concept name=\"v\"/><author>others</author></near>")),
		SOM_EINVALID);
	assert_non_null(strstr(som_error_last(), "<near> holds only what has a place"));
	assert_null(plan);
}

static void test_classify__looks_like_pnr(void **state)
{
	som_plan *plan = lex_plan(LEXICON("v", "x"),
		RULE("pnr", "flag=\"personal-data\"", "<personal-identity-number/>")
		RULE("pnr-form", "flag=\"personal-data\" review=\"true\"",
			"<personal-identity-number checked=\"false\"/>"));
	som_classify_result *r;

	(void)state;
	/* 850714-9965: the right shape and date, the wrong check digit. */
	r = run(plan, "Mitt personnummer är 850714-9965", "comment", 0, 1);
	assert_int_equal(r->flags, SOM_FLAG_PERSONAL_DATA);
	assert_int_equal(r->n_rules, 1);
	assert_string_equal(r->rules[0].id, "pnr-form");
	assert_string_equal(r->rules[0].evidence[0].pattern,
		"looks like a personnummer (its check digit is wrong)");
	assert_string_equal(r->rules[0].evidence[0].text, "850714-****");
	som_classify_result_free(r);
	/* No date: not one. A valid number: both rules, and no "looks like". */
	assert_false(matches(plan, "Order 851399-1234", "pnr-form"));
	r = run(plan, "Nummer 850714-9964", "comment", 0, 1);
	assert_int_equal(r->n_rules, 2);
	assert_null(r->rules[1].evidence[0].pattern);
	som_classify_result_free(r);
	som_plan_free(plan);
}

static void test_classify__model_only_raises(void **state)
{
	som_plan *plan = NULL;
	som_classify_scores sc;
	som_classify_input in = SOM_CLASSIFY_INPUT_INIT;
	int error;

	(void)state;
	/* The model may not make an item temporary, even inside <unless>. */
	assert_int_equal(lex_plan_load(&plan, LEXICON("v", "tack"),
		RULE("m", "class=\"temporary\"", "<concept name=\"v\"/><unless><model-score label=\"keep\" min=\"0.5\"/></unless>")),
		SOM_EINVALID);
	assert_non_null(strstr(som_error_last(),
		"rule 'm' proposes class 'temporary' on the model's score"));
	assert_null(plan);
	/* Raising is fine: a flag, or a kept class. */
	plan = lex_plan(LEXICON("v", "tack"),
		RULE("m", "class=\"important\" review=\"true\"", "<model-score label=\"keep\" min=\"0\"/>")
		RULE("t", "class=\"temporary\"", "<concept name=\"v\"/>"));
	in.text = "Tack för hjälpen!";
	error = som_classify_model_scores(&sc, &in);
	if (error == SOM_ENOTFOUND) {
		/* Built without a training corpus: the condition never holds. */
		assert_false(matches(plan, "Tack", "m"));
	} else {
		assert_int_equal(error, 0);
		assert_true(sc.trained_on > 0);
		assert_true(sc.keep >= 0 && sc.keep <= 1 && sc.crime >= 0 && sc.crime <= 1);
		/* min 0: the model's rule holds, and the item is kept, never temporary. */
		som_classify_result *r = run(plan, "Tack", "comment", 0, 1);
		assert_int_equal(r->cls, SOM_CLASS_IMPORTANT);
		assert_true(r->review);
		assert_string_equal(r->rules[0].evidence[0].on, "model-score");
		assert_string_equal(r->rules[0].evidence[0].pattern, "keep >= 0.00");
		som_classify_result_free(r);
	}
	som_plan_free(plan);
}

static void test_classify__words_as_read(void **state)
{
	som_buf out = SOM_BUF_INIT;

	(void)state;
	assert_int_equal(som_classify_words(&out, "Jag ska DÖÖÖDA dig🔪!", 0), 0);
	assert_string_equal(out.ptr, "jag ska döööda=döda[död] dig 🔪");
	som_buf_clear(&out);
	assert_int_equal(som_classify_words(&out, "Hotet", 1), 0);
	assert_string_equal(out.ptr, "[{\"text\":\"hotet\",\"norm\":\"hotet\",\"stem\":\"hotet\"}]");
	som_buf_dispose(&out);
}

static void test_classify__concept_explanation(void **state)
{
	som_plan *plan = lex_plan(LEXICON("violence", "döda\n"),
		RULE("c", "class=\"important\"", "<concept name=\"violence\"/>"));
	som_classify_result *r = run(plan, "De dödade", "comment", 0, 1), *back = NULL;
	som_buf json = SOM_BUF_INIT;

	(void)state;
	assert_int_equal(som_classify_result_to_json(&json, r), 0);
	assert_true(contains(json.ptr,
		"{\"on\":\"concept\",\"pattern\":\"violence: döda\",\"text\":\"dödade\",\"how\":\"stem\"}"));
	assert_int_equal(som_classify_result_from_json(&back, json.ptr), 0);
	assert_string_equal(back->rules[0].evidence[0].how, "stem");
	som_classify_result_free(back);
	som_classify_result_free(r);
	som_buf_dispose(&json);
	som_plan_free(plan);
}

/* Loading and classifying with lexicons and <near>: every allocation may fail cleanly. */
static void test_classify__lexicon_allocation_failures(void **state)
{
	char text[32768];
	som_plan *plan = NULL;
	som_classify_input in = SOM_CLASSIFY_INPUT_INIT;

	(void)state;
	snprintf(text, sizeof(text), LEX_PLAN_FMT,
		LEXICON("p", "=dig\npolitiker\n") LEXICON("v", "döda\nkniv+\nsjukskriven\n-skjuta upp\nvet var du bor\n*hot\n"),
		RULE("t", "class=\"important\" flag=\"crime\"", "<near within=\"5\"><concept name=\"p\"/><concept name=\"v\"/></near>")
		RULE("pf", "flag=\"personal-data\"", "<personal-identity-number checked=\"false\"/>"));
	plan = load_failing(text);
	in.text = "Vi vet var du bor. Jag ska dööda dig med kniven, dödshot, 850714-9965";
	in.kind = "comment";
	assert_true(classify_failing(plan, &in) > 10);
	som_plan_free(plan);
}

/* ---- in the store ------------------------------------------------------ */

typedef struct fixture {
	char dir[256];
	char store_dir[300];
	som_store *store;
} fixture;

#define ITEMS \
	"{\"platform\":\"mastodon\",\"id\":\"p1\",\"kind\":\"post\",\"by_account\":true,\"created\":\"2026-01-01T10:00:00Z\",\"text\":\"Välkomna till vår nya sida!\"}\n" \
	"{\"platform\":\"mastodon\",\"id\":\"c1\",\"kind\":\"comment\",\"parent_id\":\"p1\",\"created\":\"2026-01-02T10:00:00Z\",\"text\":\"Tack!\"}\n" \
	"{\"platform\":\"mastodon\",\"id\":\"c2\",\"kind\":\"comment\",\"parent_id\":\"p1\",\"created\":\"2026-01-03T10:00:00Z\",\"text\":\"Klagomål: ingen plogning på Björkvägen.\"}\n" \
	"{\"platform\":\"mastodon\",\"id\":\"c3\",\"kind\":\"comment\",\"parent_id\":\"p1\",\"created\":\"2026-01-04T10:00:00Z\",\"text\":\"Hur går det med KS 2026/12? Mitt personnummer är 850714-9964.\"}\n" \
	"{\"platform\":\"mastodon\",\"id\":\"c4\",\"kind\":\"comment\",\"parent_id\":\"p1\",\"created\":\"2026-01-05T10:00:00Z\",\"text\":\"Något helt annat.\"}\n"

#define STORE_RULES \
	RULE("thanks", "class=\"temporary\"", "<words>tack välkomna</words>") \
	RULE("complaint", "class=\"important\"", "<words>klagomål*</words>") \
	RULE("ref", "class=\"case\"", "<case-reference/>") \
	RULE("pnr", "flag=\"personal-data\"", "<personal-identity-number/>")

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	char path[512], text[32768];
	som_account acc;
	som_capture *cap = NULL;
	som_plan *plan = NULL;
	int64_t id;

	if (!f || make_tmpdir(f->dir, sizeof(f->dir), "classify") != 0) {
		free(f);
		return -1;
	}
	snprintf(f->store_dir, sizeof(f->store_dir), "%s/store", f->dir);
	setenv("SOMARKIV_NOW", "2026-11-24T05:25:10Z", 1);
	memset(&acc, 0, sizeof(acc));
	acc.platform = "mastodon";
	acc.handle = "@exempelby@social.exempelby.se";
	path_join(path, sizeof(path), f->dir, "items.ndjson");
	snprintf(text, sizeof(text), PLAN_FMT, SERIES, STORE_RULES, "important");
	if (write_text(path, ITEMS) != 0 ||
	    som_store_init(&f->store, f->store_dir, "registrator") != 0 ||
	    som_account_add(&id, f->store, &acc) != 0 ||
	    som_ingest(&cap, f->store, id, path, NULL) != 0 ||
	    som_plan_load_buffer(&plan, text, strlen(text), "t.xml") != 0 ||
	    som_plan_use(NULL, f->store, plan) != 0) {
		fprintf(stderr, "setup: %s\n", som_error_last());
		som_capture_free(cap);
		som_plan_free(plan);
		som_store_free(f->store);
		remove_tree(f->dir);
		free(f);
		return -1;
	}
	som_capture_free(cap);
	som_plan_free(plan);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	som_store_free(f->store);
	unsetenv("SOMARKIV_NOW");
	remove_tree(f->dir);
	free(f);
	return 0;
}

static int64_t item_id(fixture *f, const char *platform_id)
{
	som_item *item = NULL;
	int64_t id;

	assert_int_equal(som_item_lookup(&item, f->store, platform_id), 0);
	id = item->id;
	som_item_free(item);
	return id;
}

static int current_class(fixture *f, const char *platform_id)
{
	som_classification *c = NULL;
	int cls;

	assert_int_equal(som_classification_get(&c, f->store, item_id(f, platform_id)), 0);
	cls = c->cls;
	som_classification_free(c);
	return cls;
}

static void test_classify__store_run(void **state)
{
	fixture *f = *state;
	som_classify_stats stats;
	som_classification *c = NULL;

	assert_int_equal(som_classification_get(&c, f->store, item_id(f, "c1")), SOM_ENOTFOUND);
	assert_int_equal(som_classify_store(&stats, f->store, 0), 0);
	assert_int_equal(stats.classified, 5);
	assert_int_equal(stats.by_class[SOM_CLASS_TEMPORARY], 2);
	assert_int_equal(stats.by_class[SOM_CLASS_IMPORTANT], 2);
	assert_int_equal(stats.by_class[SOM_CLASS_CASE], 1);
	assert_int_equal(stats.flagged, 1);
	assert_int_equal(stats.review, 1);
	assert_string_equal(stats.plan_version, "t1");
	assert_int_equal(current_class(f, "c3"), SOM_CLASS_CASE);
	assert_int_equal(som_classification_get(&c, f->store, item_id(f, "c3")), 0);
	assert_int_equal(c->flags, SOM_FLAG_PERSONAL_DATA);
	assert_string_equal(c->plan_version, "t1");
	assert_false(c->by_person);
	assert_null(c->reason);
	assert_string_equal(c->actor, "registrator");
	assert_true(contains(c->explanation, "\"id\":\"ref\""));
	assert_true(contains(c->explanation, "ks 2026/12"));
	som_classification_free(c);
	/* Audited with the counts. */
	assert_int_equal(db_int(f->store_dir,
		"SELECT count(*) FROM audit WHERE action = 'classify' AND details LIKE "
		"'%\"classified\":5%\"case\":1%'"), 1);
	/* Again: nothing new to do, nothing written, nothing audited. */
	assert_int_equal(som_classify_store(&stats, f->store, 0), 0);
	assert_int_equal(stats.classified, 0);
	assert_int_equal(db_count(f->store_dir, "classification"), 5);
	assert_int_equal(db_int(f->store_dir, "SELECT count(*) FROM audit WHERE action = 'classify'"), 1);
	/* --all under the same plan: the same outcome, so nothing written. */
	assert_int_equal(som_classify_store(&stats, f->store, 1), 0);
	assert_int_equal(stats.classified, 0);
	assert_int_equal(stats.unchanged, 5);
	assert_int_equal(db_count(f->store_dir, "classification"), 5);
}

static void test_classify__new_plan_keeps_history(void **state)
{
	fixture *f = *state;
	som_classify_stats stats;
	som_plan *plan = NULL;
	char text[32768];

	assert_int_equal(som_classify_store(&stats, f->store, 0), 0);
	/* A new plan that calls "Tack" important. */
	snprintf(text, sizeof(text), PLAN_FMT, SERIES,
		RULE("thanks", "class=\"important\"", "<words>tack välkomna</words>")
		RULE("complaint", "class=\"important\"", "<words>klagomål*</words>")
		RULE("ref", "class=\"case\"", "<case-reference/>")
		RULE("pnr", "flag=\"personal-data\"", "<personal-identity-number/>"),
		"important");
	memcpy(strstr(text, "version=\"t1\""), "version=\"t2\"", 12);
	assert_int_equal(som_plan_load_buffer(&plan, text, strlen(text), "t2.xml"), 0);
	assert_int_equal(som_plan_use(NULL, f->store, plan), 0);
	som_plan_free(plan);
	/* Without --all nothing changes: every item has a classification. */
	assert_int_equal(som_classify_store(&stats, f->store, 0), 0);
	assert_int_equal(stats.classified, 0);
	assert_int_equal(som_classify_store(&stats, f->store, 1), 0);
	assert_int_equal(stats.classified, 5);
	assert_string_equal(stats.plan_version, "t2");
	assert_int_equal(current_class(f, "c1"), SOM_CLASS_IMPORTANT);
	/* History: the old rows superseded, never deleted. */
	assert_int_equal(db_count(f->store_dir, "classification"), 10);
	assert_int_equal(db_int(f->store_dir,
		"SELECT count(*) FROM classification WHERE superseded = 1"), 5);
	assert_int_equal(db_int(f->store_dir,
		"SELECT count(*) FROM classification c JOIN plan p ON p.id = c.plan_id "
		"WHERE superseded = 0 AND p.version = 't2'"), 5);
}

typedef struct hist {
	int n;
	int cls[8];
	int by_person[8];
	int superseded[8];
} hist;

static int hist_cb(const som_classification *c, void *payload)
{
	hist *h = payload;

	h->cls[h->n] = c->cls;
	h->by_person[h->n] = c->by_person;
	h->superseded[h->n++] = c->superseded;
	return 0;
}

static void test_classify__person_decides(void **state)
{
	fixture *f = *state;
	som_classify_stats stats;
	som_decision d = SOM_DECISION_INIT;
	som_classification *c = NULL;
	int64_t c1 = item_id(f, "c1");
	hist h;

	assert_int_equal(som_classify_store(&stats, f->store, 0), 0);
	/* A reason is required; so is a class. */
	d.cls = SOM_CLASS_IMPORTANT;
	assert_int_equal(som_classification_set(f->store, c1, &d), SOM_EINVALID);
	d.reason = "  ";
	assert_int_equal(som_classification_set(f->store, c1, &d), SOM_EINVALID);
	assert_true(contains(som_error_last(), "reason"));
	d.reason = "ironi: ett klagomål på snöröjningen";
	d.cls = SOM_CLASS_NONE;
	assert_int_equal(som_classification_set(f->store, c1, &d), SOM_EINVALID);
	d.cls = SOM_CLASS_IMPORTANT;
	assert_int_equal(som_classification_set(f->store, 9999, &d), SOM_ENOTFOUND);
	assert_int_equal(som_classification_set(f->store, c1, &d), 0);
	assert_int_equal(som_classification_get(&c, f->store, c1), 0);
	assert_int_equal(c->cls, SOM_CLASS_IMPORTANT);
	assert_true(c->by_person);
	assert_int_equal(c->plan_id, 0);
	assert_null(c->plan_version);
	assert_string_equal(c->reason, "ironi: ett klagomål på snöröjningen");
	assert_true(contains(c->explanation, "\"previous\":{"));
	som_classification_free(c);
	assert_int_equal(db_int(f->store_dir,
		"SELECT count(*) FROM audit WHERE action = 'classification.set' AND target = 'item:2' "
		"AND details LIKE '%ironi%'"), 1);
	/* Automatic runs, --all included, leave it alone. */
	assert_int_equal(som_classify_store(&stats, f->store, 1), 0);
	assert_int_equal(stats.by_person, 1);
	assert_int_equal(current_class(f, "c1"), SOM_CLASS_IMPORTANT);
	memset(&h, 0, sizeof(h));
	assert_int_equal(som_classification_history(f->store, c1, hist_cb, &h), 0);
	assert_int_equal(h.n, 2);
	assert_int_equal(h.cls[0], SOM_CLASS_TEMPORARY);
	assert_false(h.by_person[0]);
	assert_true(h.superseded[0]);
	assert_true(h.by_person[1]);
	assert_false(h.superseded[1]);
}

typedef struct review {
	int n;
	int64_t ids[16];
	char why[16][16];
} review;

static int review_cb(const som_review_entry *e, void *payload)
{
	review *r = payload;

	r->ids[r->n] = e->item_id;
	snprintf(r->why[r->n++], sizeof(r->why[0]), "%s", e->why);
	return 0;
}

static void test_classify__review_list(void **state)
{
	fixture *f = *state;
	som_classify_stats stats;
	som_decision d = SOM_DECISION_INIT;
	review r;

	/* Before any run: all five unclassified, oldest first; --limit. */
	memset(&r, 0, sizeof(r));
	assert_int_equal(som_review_foreach(f->store, 0, review_cb, &r), 0);
	assert_int_equal(r.n, 5);
	assert_string_equal(r.why[0], "unclassified");
	assert_int_equal(r.ids[0], item_id(f, "p1"));
	memset(&r, 0, sizeof(r));
	assert_int_equal(som_review_foreach(f->store, 2, review_cb, &r), 0);
	assert_int_equal(r.n, 2);
	/* After: the flagged one and the one no rule matched. */
	assert_int_equal(som_classify_store(&stats, f->store, 0), 0);
	memset(&r, 0, sizeof(r));
	assert_int_equal(som_review_foreach(f->store, 0, review_cb, &r), 0);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.ids[0], item_id(f, "c3"));
	assert_string_equal(r.why[0], "flagged");
	assert_int_equal(r.ids[1], item_id(f, "c4"));
	assert_string_equal(r.why[1], "review");
	/* A person decides: the uncertain one leaves the list... */
	d.cls = SOM_CLASS_TEMPORARY;
	d.reason = "småprat";
	assert_int_equal(som_classification_set(f->store, item_id(f, "c4"), &d), 0);
	/* ...the flagged one only once its flags are resolved. */
	d.cls = SOM_CLASS_CASE;
	d.reason = "rätt ärende";
	assert_int_equal(som_classification_set(f->store, item_id(f, "c3"), &d), 0);
	memset(&r, 0, sizeof(r));
	assert_int_equal(som_review_foreach(f->store, 0, review_cb, &r), 0);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.why[0], "flagged");
	d.resolve_flags = 1;
	d.reason = "personnumret maskat i källan";
	assert_int_equal(som_classification_set(f->store, item_id(f, "c3"), &d), 0);
	memset(&r, 0, sizeof(r));
	assert_int_equal(som_review_foreach(f->store, 0, review_cb, &r), 0);
	assert_int_equal(r.n, 0);
	/* Flags can be set by a person too. */
	d.set_flags = 1;
	d.flags = SOM_FLAG_CRIME;
	d.resolve_flags = 0;
	d.reason = "hot, polisanmält";
	assert_int_equal(som_classification_set(f->store, item_id(f, "c1"), &d), 0);
	memset(&r, 0, sizeof(r));
	assert_int_equal(som_review_foreach(f->store, 0, review_cb, &r), 0);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.ids[0], item_id(f, "c1"));
}

static void test_classify__needs_plan_and_writer(void **state)
{
	fixture *f = *state;
	som_classify_stats stats;
	som_store *reader = NULL;

	assert_int_equal(db_exec(f->store_dir, "UPDATE plan SET current = 0"), SQLITE_OK);
	assert_int_equal(som_classify_store(&stats, f->store, 0), SOM_ENOTFOUND);
	assert_true(contains(som_error_last(), "plan use"));
	assert_int_equal(db_count(f->store_dir, "classification"), 0);
	assert_int_equal(som_store_open(&reader, f->store_dir, SOM_STORE_OPEN_READ, NULL), 0);
	assert_int_equal(som_classify_store(&stats, reader, 0), SOM_EINVALID);
	som_store_free(reader);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classify__folding),
		cmocka_unit_test(test_classify__word_boundaries),
		cmocka_unit_test(test_classify__phrases),
		cmocka_unit_test(test_classify__regex),
		cmocka_unit_test(test_classify__regex_literals),
		cmocka_unit_test(test_classify__case_references),
		cmocka_unit_test(test_classify__personal_identity_numbers),
		cmocka_unit_test(test_classify__phones_and_addresses),
		cmocka_unit_test(test_classify__conditions),
		cmocka_unit_test(test_classify__precedence),
		cmocka_unit_test(test_classify__otherwise_and_review),
		cmocka_unit_test(test_classify__explanation_json),
		cmocka_unit_test(test_classify__allocation_failures),
		cmocka_unit_test(test_classify__stems_and_forms),
		cmocka_unit_test(test_classify__compounds),
		cmocka_unit_test(test_classify__elongation_misspelling_emoji),
		cmocka_unit_test(test_classify__kept_out),
		cmocka_unit_test(test_classify__near),
		cmocka_unit_test(test_classify__lexicon_errors),
		cmocka_unit_test(test_classify__looks_like_pnr),
		cmocka_unit_test(test_classify__model_only_raises),
		cmocka_unit_test(test_classify__words_as_read),
		cmocka_unit_test(test_classify__concept_explanation),
		cmocka_unit_test(test_classify__lexicon_allocation_failures),
		cmocka_unit_test_setup_teardown(test_classify__store_run, setup, teardown),
		cmocka_unit_test_setup_teardown(test_classify__new_plan_keeps_history, setup, teardown),
		cmocka_unit_test_setup_teardown(test_classify__person_decides, setup, teardown),
		cmocka_unit_test_setup_teardown(test_classify__review_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_classify__needs_plan_and_writer, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
