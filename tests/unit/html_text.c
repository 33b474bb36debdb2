/*
 * Unit tests of HTML to plain text (src/formats/html_text.c): Mastodon's markup,
 * character references, white space, and malformed or truncated input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "util/common.h"
#include "formats/html_text.h"

static void check_text(const char *html, const char *want)
{
	som_buf out = SOM_BUF_INIT;

	assert_int_equal(som_html__to_text(&out, html, strlen(html)), 0);
	assert_non_null(out.ptr);
	if (strcmp(out.ptr, want) != 0)
		fail_msg("'%s' gave '%s', not '%s'", html, out.ptr, want);
	som_buf_dispose(&out);
}

static void check_decode(const char *s, const char *want)
{
	som_buf out = SOM_BUF_INIT;

	assert_int_equal(som_html__decode_entities(&out, s, strlen(s)), 0);
	assert_non_null(out.ptr);
	if (strcmp(out.ptr, want) != 0)
		fail_msg("'%s' gave '%s', not '%s'", s, out.ptr, want);
	som_buf_dispose(&out);
}

static void test_html_text__mastodon(void **state)
{
	(void)state;
	check_text("<p>Hej!</p>", "Hej!");
	check_text("<p>one</p><p>two</p>", "one\n\ntwo");
	check_text("<p>one<br>two<br/>three<br />four</p>", "one\ntwo\nthree\nfour");
	check_text("<p>one<br><br>two</p>", "one\n\ntwo");
	check_text("<p>end<br></p>", "end");
	check_text("<p>a</p><p></p><p>b</p>", "a\n\nb");
	/* a shortened link keeps its hidden parts */
	check_text("<p>Read <a href=\"https://daniel.industries/2022/11/07/less-twitter-more-indieweb/\" "
		"target=\"_blank\" rel=\"nofollow noopener noreferrer\" translate=\"no\">"
		"<span class=\"invisible\">https://</span><span class=\"ellipsis\">daniel.industries/2022/11/07/l"
		"</span><span class=\"invisible\">ess-twitter-more-indieweb/</span></a></p>",
		"Read https://daniel.industries/2022/11/07/less-twitter-more-indieweb/");
	/* mentions and hashtags */
	check_text("<p><span class=\"h-card\"><a href=\"https://social.example/@kommun\" class=\"u-url mention\">"
		"@<span>kommun</span></a></span> tack! <a href=\"https://social.example/tags/val\" "
		"class=\"mention hashtag\" rel=\"tag\">#<span>val</span></a></p>",
		"@kommun tack! #val");
	check_text("<p>It&#39;s &quot;fine&quot; &amp; 1 &lt; 2 &gt; 0</p>",
		"It's \"fine\" & 1 < 2 > 0");
}

static void test_html_text__swedish(void **state)
{
	(void)state;
	check_text("<p>R&aring;d om &auml;ldre&shy;omsorg i &Ouml;rebro</p>",
		"Råd om äldre\xc2\xadomsorg i Örebro");
	check_text("<p>&Aring;&Auml;&Ouml; &aring;&auml;&ouml; &eacute;</p>", "ÅÄÖ åäö é");
	check_text("<p>&#229;&#xE4;&#XF6; &#197;</p>", "åäö Å");
	check_text("<p>Råd om äldreomsorg i Örebro</p>", "Råd om äldreomsorg i Örebro");
	check_decode("Bl&aring;b&auml;r &amp; lingon", "Blåbär & lingon");
}

static void test_html_text__entities(void **state)
{
	(void)state;
	check_decode("&#128512; &#x1F600;", "\xf0\x9f\x98\x80 \xf0\x9f\x98\x80");
	check_decode("&#x10FFFF;", "\xf4\x8f\xbf\xbf");
	check_decode("&nbsp;&hellip;&mdash;&euro;&apos;", "\xc2\xa0\xe2\x80\xa6\xe2\x80\x94\xe2\x82\xac'");
	/* unknown, invalid and unterminated references stay as they are */
	check_decode("&unknown; &amp &#; &#x; &#xD800; &#0; &#x110000; &#99999999999; &",
		"&unknown; &amp &#; &#x; &#xD800; &#0; &#x110000; &#99999999999; &");
	check_decode("AT&T &AMP; &Amp;", "AT&T &AMP; &Amp;");
	check_decode("&aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa;",
		"&aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa;");
	/* tags are not touched by decoding alone */
	check_decode("<p>&lt;p&gt;</p>", "<p><p></p>");
	check_decode("", "");
	check_text("", "");
}

static void test_html_text__whitespace(void **state)
{
	(void)state;
	check_text("  <p>\n  Hello\n   world  </p>\n\n  <p>  again </p>  ", "Hello world\n\nagain");
	check_text("a <br> b", "a\nb");
	check_text("a\t\r\nb", "a b");
	check_text("<pre>  keep\n   this</pre>after", "  keep\n   this\n\nafter");
	check_text("<ul><li>one</li><li>two</li></ul>", "one\ntwo");
	check_text("x<script>alert('<p>')</script>y<style>p{}</style>z", "xyz");
	check_text("a<!-- <p>hidden</p> -->b<!DOCTYPE html>c", "abc");
	check_text("<P>Upper<BR>Case</P>", "Upper\nCase");
	check_text("<a title=\"1 > 0\" href='x>y'>link</a>", "link");
}

static void test_html_text__malformed(void **state)
{
	static const char *const truncated[] = {
		"<p>abc</p", "<p>abc<", "<p>abc&", "<p>abc&am", "<p>abc&#", "<p>abc&#x1",
		"<a href=\"x", "<!--", "<!", "</", "<script>x", "<script>x</scr",
		"&#128512", "<br", "<", "&"
	};
	size_t i;

	(void)state;
	check_text("1 < 2 and 3 > 2", "1 < 2 and 3 > 2");
	check_text("a <3 b", "a <3 b");
	check_text("<p>abc</p", "abc</p");
	check_text("<a href=\"x", "<a href=\"x");
	check_text("x<script>never closed", "x");
	check_text("a<!-- never closed", "a");
	/* every truncation of a real status, read by the sanitizer's eyes */
	for (i = 0; i < sizeof(truncated) / sizeof(truncated[0]); i++) {
		size_t n = strlen(truncated[i]);
		char *copy = malloc(n ? n : 1);   /* exactly n bytes, no NUL */
		som_buf out = SOM_BUF_INIT;
		assert_non_null(copy);
		memcpy(copy, truncated[i], n);
		assert_int_equal(som_html__to_text(&out, copy, n), 0);
		som_buf_clear(&out);
		assert_int_equal(som_html__decode_entities(&out, copy, n), 0);
		som_buf_dispose(&out);
		free(copy);
	}
	{
		const char *status = "<p>H&auml;r &amp; nu<br><a href=\"https://x.example/\">"
			"<span class=\"invisible\">https://</span>x.example</a></p>";
		size_t n = strlen(status), k;
		for (k = 0; k <= n; k++) {
			char *copy = malloc(k ? k : 1);
			som_buf out = SOM_BUF_INIT;
			assert_non_null(copy);
			memcpy(copy, status, k);
			assert_int_equal(som_html__to_text(&out, copy, k), 0);
			som_buf_dispose(&out);
			free(copy);
		}
	}
}

static void test_html_text__appends(void **state)
{
	som_buf out = SOM_BUF_INIT;

	(void)state;
	som_buf_puts(&out, "CW\n\n");
	assert_int_equal(som_html__to_text(&out, "<p>body</p>", 11), 0);
	assert_string_equal(out.ptr, "CW\n\nbody");
	som_buf_dispose(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html_text__mastodon),
		cmocka_unit_test(test_html_text__swedish),
		cmocka_unit_test(test_html_text__entities),
		cmocka_unit_test(test_html_text__whitespace),
		cmocka_unit_test(test_html_text__malformed),
		cmocka_unit_test(test_html_text__appends),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
