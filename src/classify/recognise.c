/*
 * Recognisers of numbers and places in folded text: case numbers of a
 * plan's series and after "dnr", Swedish personal identity numbers (date
 * and Luhn checked), phone numbers and street addresses. Each finds spans
 * of the text that stand alone (not part of a longer number or word).
 */
#include <string.h>
#include "plan/plan.h"

static uint32_t cp_before(const char *t, size_t at)
{
	size_t i = at;
	uint32_t cp;

	if (!at)
		return 0;
	while (i > 0 && som_classify__is_cont((unsigned char)t[i - 1]))
		i--;
	if (i > 0)
		i--;
	som_classify__utf8_decode((const unsigned char *)t + i, at - i, &cp);
	return cp;
}

static int is_num_sep(char c)
{
	return c == '-' || c == '/' || c == '.' || c == ':' || c == '+' || c == ',';
}

/*
 * Does [start, end) stand alone: a word of its own at both ends, and not a
 * piece of a longer number (a date, a phone number)?
 */
static int stands_alone(const char *t, size_t len, size_t start, size_t end)
{
	uint32_t cp;

	if (start > 0) {
		if (som_classify__is_word_cp(cp_before(t, start)))
			return 0;
		if (is_num_sep(t[start - 1]) && start > 1 && som_classify__is_digit(t[start - 2]))
			return 0;
	}
	if (end < len) {
		som_classify__utf8_decode((const unsigned char *)t + end, len - end, &cp);
		if (som_classify__is_word_cp(cp))
			return 0;
		if (is_num_sep(t[end]) && end + 1 < len && som_classify__is_digit(t[end + 1]))
			return 0;
	}
	return 1;
}

static int find_regex(spans *out, const som_plan *plan, const regex_t *re,
	const char *t, size_t len)
{
	regmatch_t m;
	size_t at = 0;
	int error = 0;

	while (at < len && !error) {
		if (som_classify__regexec(plan->utf8, re, t + at, 1, &m, at ? REG_NOTBOL : 0) != 0)
			break;
		if (m.rm_so < 0 || m.rm_eo <= m.rm_so)
			break;
		if (stands_alone(t, len, at + (size_t)m.rm_so, at + (size_t)m.rm_eo)) {
			error = som_classify__spans_add(out, at + (size_t)m.rm_so, at + (size_t)m.rm_eo);
			at += (size_t)m.rm_eo;
		} else {
			/* Try again one character later. */
			at += (size_t)m.rm_so + 1;
			while (at < len && som_classify__is_cont((unsigned char)t[at]))
				at++;
		}
	}
	return error;
}

int som_classify__find_case_refs(spans *out, const som_plan *plan, const char *t, size_t len)
{
	int error = 0;

	for (size_t i = 0; i < plan->n_series && !error; i++)
		error = find_regex(out, plan, plan->series_re[i].re, t, len);
	if (!error && plan->dnr_re)
		error = find_regex(out, plan, plan->dnr_re, t, len);
	out->done = 1;
	return error;
}

/* ---- personal identity numbers ---------------------------------------- */

static int days_in_month(int year, int month, int century_known)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap;

	if (month != 2)
		return days[month - 1];
	if (century_known)
		leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	else
		leap = year % 4 == 0;
	return leap ? 29 : 28;
}

static int luhn_ok(const char d[10])
{
	int sum = 0;

	for (int i = 0; i < 10; i++) {
		int v = (d[i] - '0') * (i % 2 == 0 ? 2 : 1);
		sum += v > 9 ? v - 9 : v;
	}
	return sum % 10 == 0;
}

/* The shape and date of a personal identity number; with `luhn`, its check digit too. */
static int pnr_ok(const char *s, size_t len, int luhn)
{
	char digits[12];
	size_t nd = 0, sep_at = 0;
	int year, month, day, century_known;
	const char *d;

	for (size_t i = 0; i < len; i++) {
		if (som_classify__is_digit(s[i])) {
			if (nd == sizeof(digits))
				return 0;
			digits[nd++] = s[i];
		} else if ((s[i] == '-' || s[i] == '+') && !sep_at && nd > 0) {
			sep_at = nd;
		} else {
			return 0;
		}
	}
	if (nd != 10 && nd != 12)
		return 0;
	if (sep_at && sep_at != nd - 4)
		return 0;
	century_known = nd == 12;
	d = digits + (nd - 10);
	year = (d[0] - '0') * 10 + (d[1] - '0');
	if (century_known) {
		int century = (digits[0] - '0') * 10 + (digits[1] - '0');
		if (century < 18 || century > 20)
			return 0;
		year += century * 100;
	}
	month = (d[2] - '0') * 10 + (d[3] - '0');
	day = (d[4] - '0') * 10 + (d[5] - '0');
	if (day > 60)
		day -= 60;  /* samordningsnummer: the day plus 60 */
	if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month, century_known))
		return 0;
	return !luhn || luhn_ok(d);
}

int som_classify__is_pnr(const char *s, size_t len)
{
	return pnr_ok(s, len, 1);
}

static size_t digit_run(const char *t, size_t len, size_t i)
{
	size_t j = i;

	while (j < len && som_classify__is_digit(t[j]))
		j++;
	return j - i;
}

int som_classify__find_pnrs(spans *out, const char *t, size_t len, int checked)
{
	size_t i = 0, n1, n2, end;
	int error = 0;

	while (i < len && !error) {
		if (!som_classify__is_digit(t[i]) || (i > 0 && som_classify__is_digit(t[i - 1]))) {
			i++;
			continue;
		}
		n1 = digit_run(t, len, i);
		end = 0;
		if ((n1 == 10 || n1 == 12))
			end = i + n1;
		else if ((n1 == 6 || n1 == 8) && i + n1 < len &&
			 (t[i + n1] == '-' || t[i + n1] == '+') &&
			 (n2 = digit_run(t, len, i + n1 + 1)) == 4)
			end = i + n1 + 1 + n2;
		if (end && stands_alone(t, len, i, end) && pnr_ok(t + i, end - i, checked))
			error = som_classify__spans_add(out, i, end);
		i += n1;
	}
	out->done = 1;
	return error;
}

/* ---- phone numbers and street addresses (weaker signals) --------------- */

/*
 * A Swedish phone number at `i`: 0 and 7 to 9 more digits (070-174 06 12,
 * 031-390 06 00), or +46 / 0046 with 7 to 9 digits (+46 70 174 06 45), in
 * groups parted by single spaces or hyphens. The end, or 0.
 */
static size_t phone_at(const char *t, size_t len, size_t i)
{
	size_t j = i, digits = 0, best = 0;
	int intl = 0;

	if (t[j] == '+' && j + 2 < len && t[j + 1] == '4' && t[j + 2] == '6') {
		intl = 1;
		j += 3;
	} else if (j + 3 < len && memcmp(t + j, "0046", 4) == 0) {
		intl = 1;
		j += 4;
	} else if (!(t[j] == '0' && j + 1 < len && t[j + 1] >= '1' && t[j + 1] <= '9')) {
		return 0;
	}
	if (intl) {
		if (j < len && (t[j] == ' ' || t[j] == '-'))
			j++;
		if (j + 2 < len && t[j] == '(' && t[j + 1] == '0' && t[j + 2] == ')') {
			j += 3;
			if (j < len && t[j] == ' ')
				j++;
		}
		if (j >= len || !som_classify__is_digit(t[j]) || t[j] == '0')
			return 0;
	}
	while (j < len && som_classify__is_digit(t[j])) {
		while (j < len && som_classify__is_digit(t[j])) {
			j++;
			digits++;
		}
		if (intl ? (digits >= 7 && digits <= 9) : (digits >= 8 && digits <= 10))
			best = j;
		if (digits > 10)
			break;
		if (j + 1 < len && (t[j] == ' ' || t[j] == '-') && som_classify__is_digit(t[j + 1]))
			j++;
		else
			break;
	}
	return best;
}

int som_classify__find_phones(spans *out, const char *t, size_t len)
{
	size_t i = 0, end;
	int error = 0;

	while (i < len && !error) {
		if ((t[i] == '+' || som_classify__is_digit(t[i])) &&
		    (i == 0 || (!som_classify__is_digit(t[i - 1]) && t[i - 1] != '+')) &&
		    (end = phone_at(t, len, i)) != 0 && stands_alone(t, len, i, end)) {
			error = som_classify__spans_add(out, i, end);
			i = end;
			continue;
		}
		i++;
	}
	out->done = 1;
	return error;
}

/* The last part of a street's name; the word must be longer (a compound). */
static const char *const street_suffixes[] = {
	"vägen", "väg", "gatan", "gata", "gränd", "gränden", "stigen", "allén", "allé",
	"backe", "backen", "leden", "torget", "slingan", "gången", "stråket"
};

static int ends_with_street(const char *w, size_t len)
{
	for (size_t i = 0; i < SOM_ARRAY_SIZE(street_suffixes); i++) {
		size_t sl = strlen(street_suffixes[i]);
		if (len > sl + 1 && memcmp(w + len - sl, street_suffixes[i], sl) == 0)
			return 1;
	}
	return 0;
}

/* A house number: 1 to 3 digits and perhaps one letter (4, 12, 4b). */
static int is_house_number(const char *w, size_t len)
{
	size_t d = 0;

	while (d < len && som_classify__is_digit(w[d]))
		d++;
	return d >= 1 && d <= 3 && (d == len || (d + 1 == len && w[d] >= 'a' && w[d] <= 'z'));
}

int som_classify__find_addresses(spans *out, const char *t, const spans *toks)
{
	int error = 0;

	for (size_t i = 0; i + 1 < toks->n && !error; i++) {
		const span *a = &toks->v[i], *b = &toks->v[i + 1];
		int only_space = 1;
		if (!ends_with_street(t + a->start, a->end - a->start) ||
		    !is_house_number(t + b->start, b->end - b->start))
			continue;
		for (size_t k = a->end; k < b->start; k++)
			if (t[k] != ' ')
				only_space = 0;
		if (only_space)
			error = som_classify__spans_add(out, a->start, b->end);
	}
	out->done = 1;
	return error;
}

