/*
 * The default subject of a registration (ärendemening): the first of the
 * plan's templates that fits the item's class, kind and words, with the
 * platform and the kind filled in; never the item's own text, which may
 * hold names, personal identity numbers or health details (OSL 5:2 asks
 * for a brief description of what the document concerns).
 */
#include <ctype.h>
#include <string.h>
#include "plan/plan.h"
#include "registry/registry.h"

static const char *const platforms[][2] = {
	{ "facebook", "Facebook" }, { "instagram", "Instagram" }, { "x", "X" },
	{ "linkedin", "LinkedIn" }, { "youtube", "YouTube" }, { "mastodon", "Mastodon" },
};

static const char *const kinds[][2] = {
	{ "post", "inlägg" }, { "comment", "kommentar" }, { "reply", "svar" },
	{ "share", "delning" }, { "message", "meddelande" },
};

static const char *platform_name(const char *platform)
{
	for (size_t i = 0; platform && i < SOM_ARRAY_SIZE(platforms); i++)
		if (strcmp(platform, platforms[i][0]) == 0)
			return platforms[i][1];
	return "sociala medier";
}

static const char *kind_name(const char *kind)
{
	for (size_t i = 0; kind && i < SOM_ARRAY_SIZE(kinds); i++)
		if (strcmp(kind, kinds[i][0]) == 0)
			return kinds[i][1];
	return "meddelande";
}

static int is_word_byte(unsigned char c)
{
	return c >= 0x80 || isalnum(c);
}

/* Does folded `text` hold one of the (folded) `words`, "plog*" a prefix? */
static int has_word(const char *text, const char *words)
{
	const char *w = words;

	while (*w) {
		size_t wl, tl;
		int prefix;
		const char *t = text;

		while (*w == ' ')
			w++;
		wl = strcspn(w, " ");
		if (!wl)
			break;
		prefix = w[wl - 1] == '*';
		for (; *t; t += tl) {
			while (*t && !is_word_byte((unsigned char)*t))
				t++;
			for (tl = 0; t[tl] && is_word_byte((unsigned char)t[tl]); tl++)
				;
			if (!tl)
				break;
			if (prefix ? tl >= wl - 1 && memcmp(t, w, wl - 1) == 0 :
			    tl == wl && memcmp(t, w, wl) == 0)
				return 1;
		}
		w += wl;
	}
	return 0;
}

/* Append `text` with {platform}, {kind} and {Kind} filled in. */
static int fill(som_buf *out, const char *text, const char *platform, const char *kind)
{
	const char *k = kind_name(kind);
	int error = 0;

	for (const char *p = text; *p && !error; ) {
		if (strncmp(p, "{platform}", 10) == 0) {
			error = som_buf_puts(out, platform_name(platform));
			p += 10;
		} else if (strncmp(p, "{kind}", 6) == 0) {
			error = som_buf_puts(out, k);
			p += 6;
		} else if (strncmp(p, "{Kind}", 6) == 0) {
			/* The kinds' names begin with an ASCII letter. */
			error = som_buf_putc(out, (char)toupper((unsigned char)*k));
			if (!error)
				error = som_buf_puts(out, k + 1);
			p += 6;
		} else {
			error = som_buf_putc(out, *p++);
		}
	}
	return error;
}

int som_registry__default_subject(som_buf *out, const som_plan *plan, int cls,
	const char *kind, const char *platform, const char *text)
{
	som_buf folded = SOM_BUF_INIT, words = SOM_BUF_INIT;
	unsigned int bit = som_kind_bit(kind);
	int error = 0;

	for (size_t i = 0; plan && i < som_plan_subject_count(plan) && !error; i++) {
		const som_plan_subject *t = som_plan_subject_at(plan, i);

		if ((t->cls != SOM_CLASS_NONE && t->cls != cls) || !(t->kinds & bit))
			continue;
		if (t->words) {
			if (!folded.ptr && (error = som_classify__fold(&folded, text ? text : "",
					text ? strlen(text) : 0)) != 0)
				break;
			som_buf_clear(&words);
			if ((error = som_classify__fold(&words, t->words, strlen(t->words))) != 0)
				break;
			if (!has_word(folded.ptr ? folded.ptr : "", words.ptr ? words.ptr : ""))
				continue;
		}
		error = fill(out, t->text, platform, kind);
		goto done;
	}
	if (!error)
		error = fill(out, "{Kind} via {platform}", platform, kind);
done:
	som_buf_dispose(&folded);
	som_buf_dispose(&words);
	return error;
}
