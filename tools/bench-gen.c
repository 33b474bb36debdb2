/*
 * bench-gen: writes N synthetic items of a municipality's account to
 * standard output in the canonical NDJSON format, or (--format) as the main
 * file of a platform's export, for tools/bench-ingest.
 * Swedish text from word lists, realistic thread shapes and increasing times;
 * the same N and SEED always give the same bytes (own PRNG, not rand()).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEXT_MIN 20
#define TEXT_MAX 600
#define CITIZENS 50000
#define RECENT_POSTS 8
#define RECENT_COMMENTS 64
#define START_UNIX 1767225600ULL /* 2026-01-01T00:00:00Z */

/* ---- the PRNG: splitmix64, small and good enough for synthetic data ---- */

static uint64_t rng_state;

static uint64_t rng_next(void)
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n), n > 0 (Lemire's multiply-shift, bias negligible here). */
static uint32_t rng_below(uint32_t n)
{
	return (uint32_t)(((rng_next() >> 32) * (uint64_t)n) >> 32);
}

/* Uniform in [0, 1). */
static double rng_unit(void)
{
	return (double)(rng_next() >> 11) * (1.0 / 9007199254740992.0);
}

/* ---- word lists ---- */

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static const char *const street_prefix[] = {
	"Björk", "Ek", "Lind", "Gran", "Tall", "Asp", "Al", "Sjö", "Kyrk", "Skol",
	"Mölle", "Ängs", "Åkers", "Backa", "Häll", "Kvarn", "Smeds", "Torg", "Park",
	"Rönn", "Hassel", "Lönn", "Syren", "Fläder", "Vide", "Ljung", "Tran", "Svan",
	"Örn", "Rosen", "Hag", "Norr", "Söder", "Öster", "Väster", "Stations",
};
static const char *const street_suffix[] = {
	"vägen", "gatan", "stigen", "gränd", "backen", "allén", "torget",
	"slingan", "svängen", "liden",
};
static const char *const places[] = {
	"biblioteket", "simhallen", "återvinningscentralen", "stadshuset",
	"kulturhuset", "fritidsgården", "vårdcentralen", "idrottshallen",
	"medborgarkontoret", "ishallen", "konsthallen", "badplatsen vid Sjövik",
	"lekplatsen i Ekparken", "träffpunkten för seniorer", "resecentrum",
};
static const char *const schools[] = {
	"Ekbackens skola", "Åsenskolan", "Norrängsskolan", "Björkhagens förskola",
	"Solrosens förskola", "Kyrkbyskolan", "Hällby gymnasium", "Östra skolan",
	"Lövängens skola", "Tallbackaskolan", "Mölnbyskolan", "Ängsgårdens förskola",
};
static const char *const units[] = {
	"tekniska förvaltningen", "samhällsbyggnadsförvaltningen",
	"barn- och utbildningsförvaltningen", "kultur- och fritidsförvaltningen",
	"VA-avdelningen", "miljö- och byggnadsnämnden", "gatu- och parkenheten",
	"kommunens kundtjänst", "socialförvaltningen", "räddningstjänsten",
};
static const char *const weekdays[] = {
	"måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag",
};
static const char *const months[] = {
	"januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
	"september", "oktober", "november", "december",
};
static const char *const time_refs[] = {
	"sedan i morse", "sedan i går kväll", "sedan i måndags", "i över en vecka",
	"i flera dagar", "sedan jul", "hela helgen", "i snart två veckor",
	"sedan förra fredagen", "i flera månader",
};
static const char *const bad[] = {
	"helt oacceptabelt", "under all kritik", "inte okej", "riktigt dåligt",
	"skandalöst", "pinsamt för kommunen", "inte rimligt", "märkligt",
};
static const char *const good[] = {
	"jättebra", "toppen", "mycket uppskattat", "ett stort lyft",
	"precis vad vi behövde", "bra gjort", "fantastiskt",
};
static const char *const emoji[] = {
	"🙂", "👍", "😡", "❄️", "🙄", "❤️", "😊", "🤔", "👏", "😅", "🙏",
};
static const char *const hashtags[] = {
	"#Exempelby", "#snöröjning", "#bygglov", "#skola", "#biblioteket",
	"#vatten", "#avfall", "#återvinning", "#kommun", "#trafik", "#kultur",
};

/* A first name with the ASCII form used in handles. */
typedef struct name {
	const char *display;
	const char *ascii;
} name;

static const name first_names[] = {
	{ "Anna", "anna" }, { "Lars", "lars" }, { "Åsa", "asa" },
	{ "Björn", "bjorn" }, { "Maja", "maja" }, { "Göran", "goran" },
	{ "Eva", "eva" }, { "Mikael", "mikael" }, { "Karin", "karin" },
	{ "Anders", "anders" }, { "Sofia", "sofia" }, { "Jörgen", "jorgen" },
	{ "Ingrid", "ingrid" }, { "Per", "per" }, { "Elin", "elin" },
	{ "Håkan", "hakan" }, { "Linnéa", "linnea" }, { "Erik", "erik" },
	{ "Malin", "malin" }, { "Johan", "johan" }, { "Astrid", "astrid" },
	{ "Olof", "olof" }, { "Ebba", "ebba" }, { "Stefan", "stefan" },
	{ "Sara", "sara" }, { "Magnus", "magnus" }, { "Ulla", "ulla" },
	{ "Fredrik", "fredrik" }, { "Hanna", "hanna" }, { "Mats", "mats" },
	{ "Britt", "britt" }, { "Ali", "ali" }, { "Fatima", "fatima" },
	{ "Nils", "nils" }, { "Ida", "ida" }, { "Kent", "kent" },
	{ "Agneta", "agneta" }, { "Jonas", "jonas" }, { "Märta", "marta" },
	{ "Emil", "emil" },
};
static const name last_names[] = {
	{ "Andersson", "andersson" }, { "Johansson", "johansson" },
	{ "Karlsson", "karlsson" }, { "Nilsson", "nilsson" },
	{ "Eriksson", "eriksson" }, { "Larsson", "larsson" },
	{ "Olsson", "olsson" }, { "Persson", "persson" },
	{ "Svensson", "svensson" }, { "Gustafsson", "gustafsson" },
	{ "Lindqvist", "lindqvist" }, { "Bergström", "bergstrom" },
	{ "Åberg", "aberg" }, { "Öberg", "oberg" }, { "Lindström", "lindstrom" },
	{ "Holmgren", "holmgren" }, { "Sjöberg", "sjoberg" }, { "Wester", "wester" },
	{ "Hedlund", "hedlund" }, { "Ekström", "ekstrom" }, { "Nyström", "nystrom" },
	{ "Dahl", "dahl" }, { "Sundberg", "sundberg" }, { "Forsberg", "forsberg" },
	{ "Blom", "blom" }, { "Engström", "engstrom" }, { "Lundgren", "lundgren" },
	{ "Mattsson", "mattsson" }, { "Jönsson", "jonsson" }, { "Hassan", "hassan" },
	{ "Mohammed", "mohammed" }, { "Nordin", "nordin" }, { "Björk", "bjork" },
	{ "Håkansson", "hakansson" }, { "Wallin", "wallin" }, { "Strand", "strand" },
	{ "Fors", "fors" }, { "Eklund", "eklund" }, { "Nord", "nord" },
	{ "Ahmadi", "ahmadi" },
};
static const char *const instances[] = {
	"mastodon.nu", "mastodon.social", "fikaverse.club", "social.spejset.org",
	"mastodon.online", "det.social", "toot.community",
};

#define ACCOUNT_NAME "Exempelby kommun"
#define ACCOUNT_ID "@bench"
#define ACCOUNT_URL "https://mastodon.example.se/@bench/"
#define ACCOUNT_ACTOR "https://mastodon.example.se/users/bench"
#define ACCOUNT_STATUS ACCOUNT_ACTOR "/statuses/"

/*
 * Templates. A '$' and a letter is a slot: g street, p place, s school,
 * u unit, n first name, w weekday, m month, d number 2-30, t time, a bad,
 * b good, e emoji, h hashtag, k case number.
 */
static const char *const posts[] = {
	"Snöröjningen pågår för fullt i hela kommunen. Först prioriteras huvudgator, busshållplatser och gång- och cykelvägar, därefter bostadsgator som $g. Tack för ert tålamod! $h $h",
	"På $w stängs vattnet av på $g mellan klockan 8 och 15 på grund av ledningsarbete. Fyll gärna några kannor med vatten i förväg. $h",
	"Nu kan du söka bygglov digitalt via vår e-tjänst. Handläggningstiden är just nu cirka $d veckor från komplett ansökan. $h",
	"Biblioteket har nya öppettider från och med $w: vardagar 10–19 och lördagar 11–15. Välkommen! $h",
	"Sophämtningen är försenad i delar av kommunen på grund av halka. Kärl som inte töms i dag töms på $w. $h",
	"Välkommen på öppet hus på $s på $w klockan 17–19! Rektor och personal finns på plats och svarar på frågor.",
	"Påminnelse: ansökan till förskoleklass och byte av skola är öppen till och med den $d $m. Ansök via e-tjänsten på kommunens webbplats.",
	"Välkommen till medborgardialog om den nya detaljplanen för området kring $g. Vi ses i $p på $w klockan 18. Alla är välkomna! $h",
	"Kokningsrekommendationen för $g och närliggande gator är nu hävd. Vattnet går bra att dricka igen. Tack för ert tålamod under veckan.",
	"Från och med den $d $m införs matavfallsinsamling i hela kommunen. Alla hushåll får bruna påsar och ett nytt kärl. Läs mer om hur du sorterar rätt. ♻️ $h",
	"Under sportlovet har $p extra öppet med aktiviteter för barn och unga. Allt är gratis och ingen föranmälan behövs! $e",
	"Vi söker nu sommarjobbare till $u. Du som är 16–19 år och bor i kommunen kan söka fram till den $d $m. $h",
	"Trafikomläggning på $g från $w och cirka $d veckor framåt på grund av byggnation av ny gång- och cykelväg.",
	"Återvinningscentralen har stängt på $w på grund av personalutbildning. Vi ber om överseende.",
	"Kommunfullmäktige sammanträder på $w klockan 18.30 i stadshuset. Mötet sänds också direkt på webben. $h",
	"Nu är det halt! Sandlådor finns utplacerade vid bland annat $g och $p. Ta gärna sand till din egen trappa.",
	"Vi har fått många frågor om den nya taxan för vatten och avlopp. Höjningen är $d procent och beror främst på stora investeringar i ledningsnätet.",
	"Sommarens lovskola på $s startar på $w. Anmälan görs via skolans mentor.",
};

static const char *const comments[] = {
	"Varför har ingen plogat $g än? Vi har väntat $t.",
	"Det är $a att sophämtningen på $g har uteblivit igen. Tredje gången på en månad!",
	"Tack för informationen! $e",
	"När öppnar $p igen efter renoveringen?",
	"Min dotter går på $s och det är alldeles för trångt i klasserna. Vad gör ni åt det?",
	"Hur lång är handläggningstiden för bygglov just nu? Jag skickade in min ansökan i $m och har inte hört något.",
	"Vattnet är brunt i kranen här på $g $t. Är det säkert att dricka? $e",
	"Återvinningsstationen vid $g är full igen, det ligger kartonger och plast överallt. Helt ärligt, det är $a.",
	"Bra jobbat med snöröjningen i år! Mycket bättre än förra vintern. $e",
	"Biblioteket borde ha längre öppettider på helgerna. Många av oss jobbar på vardagarna.",
	"Kan någon förklara varför avgiften för vatten och avlopp höjs med $d procent? Det märks i plånboken.",
	"Gatlyktorna på $g har varit släckta $t. Det är mörkt och otryggt för barnen som går till $s.",
	"Varför får grannen bygga ett garage precis vid tomtgränsen när jag fick avslag på min bygglovsansökan?",
	"Det här är $b! $e",
	"Skattepengar som slösas bort, som vanligt. $e",
	"Vad betyder \"tillfällig avstängning\" egentligen? Hur länge är tillfälligt?",
	"Bussen går inte längre via $g, hur ska äldre ta sig till $p nu?",
	"Jag har ringt $u tre gånger utan att få svar. Mitt ärende $k har legat still $t.",
	"Finns det någon plan för fler förskoleplatser i vårt område? Kön till $s är lång.",
	"Snöhögarna vid korsningen $g/$g är så höga att man inte ser bilarna. Någon kommer att bli påkörd.",
	"Tack till personalen på $p som alltid är så hjälpsamma! ❤️",
	"Vi är flera grannar på $g som undrar när asfalteringen blir klar.",
	"Hur sorterar man pizzakartonger? Matavfall eller kartong? 🤔",
	"Det luktar avlopp vid $p $t. Har någon annan märkt det?",
	"Skolmaten på $s har blivit mycket bättre i år, $b!",
	"Är det sant att $p ska läggas ner? Det vore $a.",
	"Mina barn cyklar till $s varje dag och det saknas cykelbana längs $g. Snälla, gör något innan någon skadas.",
	"Äntligen! Har väntat länge på det här. 👏",
	"Hur gör man för att få ett nytt sopkärl? Vårt gick sönder när sopbilen tömde det i veckan.",
	"Öppettiderna på återvinningscentralen passar inte oss som pendlar. Öppna gärna på söndagar också.",
	"Varför plogas cykelbanorna före bilvägarna? Jag har ingen cykel men jag måste ta mig till jobbet.",
	"Är det någon som vet om $p har öppet på $w?",
	"Det har stått vatten på $g $t, det måste vara en läcka någonstans.",
	"Bygglovsavgiften är orimligt hög för ett litet attefallshus. Hur räknar ni egentligen?",
};

static const char *const citizen_replies[] = {
	"Håller helt med dig $n, det är $a.",
	"Samma problem här på $g. $e",
	"Nej, det stämmer inte. Jag ringde $u i går och de sa att det är åtgärdat.",
	"Du kan göra en felanmälan på kommunens webbplats, då brukar det gå snabbare.",
	"Haha, välkommen till $g 😅",
	"Har du testat att ringa kundtjänst? De var väldigt hjälpsamma när jag ringde om mitt bygglov.",
	"Exakt så! Och ingen tar ansvar.",
	"Fast snöröjarna jobbar ju dygnet runt, lite tålamod får man ha.",
	"Instämmer, det är $b att någon lyfter frågan.",
};

static const char *const account_replies[] = {
	"Hej $n! Tack för att du hör av dig. Vi har skickat vidare till $u som återkommer så snart som möjligt.",
	"Hej! Snöröjningen på $g är planerad till $w. Vi ber om ursäkt för dröjsmålet.",
	"Hej $n, kontakta gärna kundtjänst på telefon 0123-45 67 89 så hjälper vi dig vidare med ditt ärende.",
	"Tack för ditt tips! Vi har gjort en felanmälan och någon från $u åker ut och tittar.",
	"Hej! Vi kan tyvärr inte svara på frågor om enskilda ärenden här. Skicka ett mejl till kommunen så hjälper vi dig.",
	"Hej $n. Vattnet är säkert att dricka. Missfärgningen beror på arbete i ledningsnätet och ska försvinna om några timmar. Spola kallvatten en stund.",
	"Tack för dina synpunkter! Vi tar med oss dem i arbetet med nästa års budget.",
	"Hej! Pizzakartonger med matrester sorteras som brännbart, rena kartonger som pappersförpackningar. ♻️",
	"Hej $n, $p har öppet som vanligt på $w. Välkommen!",
	"Vi förstår att det är frustrerande. Handläggningstiden är just nu cirka $d veckor, men vi arbetar för att korta den.",
	"Hej! Vi har tagit bort en kommentar i tråden som bröt mot våra regler för kommentarer.",
};

/* ---- output ---- */

#define OUT_SIZE (1u << 20)
#define OUT_ROOM 8192 /* more than one line can take */

static char out_buf[OUT_SIZE];
static size_t out_len;

static void out_flush(void)
{
	if (out_len && fwrite(out_buf, 1, out_len, stdout) != out_len) {
		if (errno != EPIPE)
			fprintf(stderr, "bench-gen: cannot write to standard output\n");
		exit(1);
	}
	out_len = 0;
}

static void out_mem(const char *s, size_t n)
{
	memcpy(out_buf + out_len, s, n);
	out_len += n;
}

#define OUT_LIT(s) out_mem(s, sizeof(s) - 1)

static void out_str(const char *s)
{
	out_mem(s, strlen(s));
}

static void out_u64(uint64_t v)
{
	char tmp[24];
	size_t i = sizeof(tmp);

	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	out_mem(tmp + i, sizeof(tmp) - i);
}

/* A JSON string's contents (without quotes); text holds no bad UTF-8. */
static void out_json(const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	char *o = out_buf + out_len;
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\') {
			*o++ = '\\';
			*o++ = (char)c;
		} else if (c == '\n') {
			*o++ = '\\';
			*o++ = 'n';
		} else if (c < 0x20) {
			memcpy(o, "\\u00", 4);
			o[4] = hex[c >> 4];
			o[5] = hex[c & 15];
			o += 6;
		} else {
			*o++ = (char)c;
		}
	}
	out_len = (size_t)(o - out_buf);
}

static void two_digits(char *o, unsigned v)
{
	o[0] = (char)('0' + v / 10);
	o[1] = (char)('0' + v % 10);
}

/* Unix seconds as "YYYY-MM-DDTHH:MM:SSZ" (Howard Hinnant's civil_from_days). */
static void out_time(uint64_t t)
{
	char s[20];
	uint64_t days = t / 86400, sec = t % 86400;
	uint64_t z = days + 719468, era = z / 146097, doe = z - era * 146097;
	uint64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	uint64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	uint64_t mp = (5 * doy + 2) / 153;
	unsigned d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	unsigned m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	unsigned y = (unsigned)(yoe + era * 400 + (m <= 2));

	two_digits(s, y / 100);
	two_digits(s + 2, y % 100);
	s[4] = '-';
	two_digits(s + 5, m);
	s[7] = '-';
	two_digits(s + 8, d);
	s[10] = 'T';
	two_digits(s + 11, (unsigned)(sec / 3600));
	s[13] = ':';
	two_digits(s + 14, (unsigned)(sec / 60 % 60));
	s[16] = ':';
	two_digits(s + 17, (unsigned)(sec % 60));
	s[19] = 'Z';
	out_mem(s, sizeof(s));
}

/* Unix seconds as Twitter's "Wed Oct 10 20:19:24 +0000 2018". */
static void out_twitter_time(uint64_t t)
{
	static const char *const wd[] = { "Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed" };
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul",
		"Aug", "Sep", "Oct", "Nov", "Dec" };
	char iso[20];

	/* Reuse the ISO form's fields. */
	out_time(t);
	out_len -= sizeof(iso);
	memcpy(iso, out_buf + out_len, sizeof(iso));
	out_str(wd[(t / 86400) % 7]);
	OUT_LIT(" ");
	out_str(mon[(iso[5] - '0') * 10 + (iso[6] - '0') - 1]);
	OUT_LIT(" ");
	out_mem(iso + 8, 2);
	OUT_LIT(" ");
	out_mem(iso + 11, 8);
	OUT_LIT(" +0000 ");
	out_mem(iso, 4);
}

/* Text as Mastodon's HTML content, inside a JSON string: <p>, &amp; &lt; &gt;. */
static void out_html_json(const char *s, size_t n)
{
	size_t start = 0;

	OUT_LIT("<p>");
	for (size_t i = 0; i < n; i++) {
		const char *rep = s[i] == '&' ? "&amp;" : s[i] == '<' ? "&lt;" :
			s[i] == '>' ? "&gt;" : s[i] == '\n' ? "</p><p>" : NULL;
		if (!rep)
			continue;
		out_json(s + start, i - start);
		out_str(rep);
		start = i + 1;
	}
	out_json(s + start, n - start);
	OUT_LIT("</p>");
}

/* ---- text ---- */

static char text[TEXT_MAX + 1024];
static size_t text_len;

static void text_mem(const char *s, size_t n)
{
	if (n > sizeof(text) - text_len)
		n = sizeof(text) - text_len;
	memcpy(text + text_len, s, n);
	text_len += n;
}

static void text_str(const char *s)
{
	text_mem(s, strlen(s));
}

static void text_num(unsigned v)
{
	char tmp[12];
	size_t i = sizeof(tmp);

	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	text_mem(tmp + i, sizeof(tmp) - i);
}

#define PICK(list) ((list)[rng_below((uint32_t)N_OF(list))])

static void fill_slot(char code)
{
	switch (code) {
	case 'g':
		text_str(PICK(street_prefix));
		text_str(PICK(street_suffix));
		if (rng_below(4) == 0) {
			text_mem(" ", 1);
			text_num(1 + rng_below(80));
		}
		break;
	case 'p': text_str(PICK(places)); break;
	case 's': text_str(PICK(schools)); break;
	case 'u': text_str(PICK(units)); break;
	case 'n': text_str(PICK(first_names).display); break;
	case 'w': text_str(PICK(weekdays)); break;
	case 'm': text_str(PICK(months)); break;
	case 'd': text_num(2 + rng_below(29)); break;
	case 't': text_str(PICK(time_refs)); break;
	case 'a': text_str(PICK(bad)); break;
	case 'b': text_str(PICK(good)); break;
	case 'e': text_str(PICK(emoji)); break;
	case 'h': text_str(PICK(hashtags)); break;
	case 'k':
		text_str(rng_below(2) ? "KS 2026/" : "BN 2025/");
		text_num(1 + rng_below(900));
		break;
	default:
		text_mem("$", 1);
		text_mem(&code, 1);
		break;
	}
}

static void expand(const char *tpl)
{
	const char *p = tpl, *dollar;

	while ((dollar = strchr(p, '$')) != NULL && dollar[1]) {
		text_mem(p, (size_t)(dollar - p));
		fill_slot(dollar[1]);
		p = dollar + 2;
	}
	text_str(p);
}

/*
 * Fill `text` with sentences from `list` up to about `target` bytes, then
 * cut at a space (so never inside a UTF-8 sequence) to stay within TEXT_MAX.
 */
static void make_text(const char *const *list, size_t n, size_t target,
	int paragraphs)
{
	text_len = 0;
	while (text_len < target) {
		if (text_len)
			text_str(paragraphs && rng_below(3) == 0 ? "\n\n" : " ");
		expand(list[rng_below((uint32_t)n)]);
	}
	if (text_len > TEXT_MAX) {
		size_t cut = TEXT_MAX;

		while (cut > TEXT_MIN && text[cut] != ' ')
			cut--;
		if (cut == TEXT_MIN) /* no space: cut before a UTF-8 lead byte */
			for (cut = TEXT_MAX; (text[cut] & 0xC0) == 0x80; cut--)
				;
		text_len = cut;
	}
}

/* ---- items ---- */

/* An item others may answer; author is a citizen, or ACCOUNT. */
typedef struct ref {
	uint64_t id;
	uint32_t author;
} ref;

#define ACCOUNT UINT32_MAX

/* A citizen's handle: ASCII first and last name, a number past the first 1600. */
static void out_handle(uint32_t citizen)
{
	uint32_t nf = (uint32_t)N_OF(first_names), nl = (uint32_t)N_OF(last_names);

	out_str(first_names[citizen % nf].ascii);
	out_str(last_names[citizen / nf % nl].ascii);
	if (citizen / (nf * nl))
		out_u64(citizen / (nf * nl));
}

static void out_author(uint32_t citizen)
{
	uint32_t nf = (uint32_t)N_OF(first_names), nl = (uint32_t)N_OF(last_names);

	if (citizen == ACCOUNT) {
		OUT_LIT("\"author\":{\"name\":\"" ACCOUNT_NAME "\",\"id\":\"" ACCOUNT_ID "\"}");
		return;
	}
	OUT_LIT("\"author\":{\"name\":\"");
	out_str(first_names[citizen % nf].display);
	OUT_LIT(" ");
	out_str(last_names[citizen / nf % nl].display);
	OUT_LIT("\",\"id\":\"@");
	out_handle(citizen);
	OUT_LIT("@");
	out_str(instances[citizen % N_OF(instances)]);
	OUT_LIT("\"}");
}

static void out_url(uint32_t citizen, uint64_t id)
{
	if (citizen == ACCOUNT) {
		OUT_LIT(ACCOUNT_URL);
	} else {
		OUT_LIT("https://");
		out_str(instances[citizen % N_OF(instances)]);
		OUT_LIT("/@");
		out_handle(citizen);
		OUT_LIT("/");
	}
	out_u64(id);
}

/* A citizen, a few of them far more active than the rest. */
static uint32_t pick_citizen(void)
{
	double u = rng_unit();

	return (uint32_t)(u * u * CITIZENS);
}

/* An index into a ring of `count` recent entries, the newest most likely. */
static size_t pick_recent(size_t count, size_t cap, size_t next)
{
	double u = rng_unit();
	size_t back = (size_t)(u * u * (double)count);

	return (next + cap - 1 - back) % cap;
}

/* Text as Facebook and Instagram write it: every UTF-8 byte its own \u00XX. */
static void out_mojibake_json(const char *str, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t start = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)str[i];
		if (c < 0x80)
			continue;
		out_json(str + start, i - start);
		OUT_LIT("\\u00");
		out_mem(&hex[c >> 4], 1);
		out_mem(&hex[c & 15], 1);
		start = i + 1;
	}
	out_json(str + start, n - start);
}

/* A CSV field, quoted, quotes doubled. */
static void out_csv(const char *str, size_t n)
{
	size_t start = 0;

	OUT_LIT("\"");
	for (size_t i = 0; i < n; i++) {
		if (str[i] != '"')
			continue;
		out_mem(str + start, i - start + 1);
		OUT_LIT("\"");
		start = i + 1;
	}
	out_mem(str + start, n - start);
	OUT_LIT("\"");
}

/* An entry of a Facebook your_posts_1.json (the account's own posts). */
static void emit_facebook(uint64_t i, uint64_t t)
{
	if (i)
		OUT_LIT(",\n");
	OUT_LIT("{\"timestamp\":");
	out_u64(t);
	OUT_LIT(",\"data\":[{\"post\":\"");
	out_mojibake_json(text, text_len);
	OUT_LIT("\"}],\"title\":\"Exempelby kommun\"}");
}

/* A single-photo post of an Instagram posts_1.json; its caption is media[0].title. */
static void emit_instagram(uint64_t i, uint64_t id, uint64_t t)
{
	if (i)
		OUT_LIT(",\n");
	OUT_LIT("{\"media\":[{\"uri\":\"media/posts/202601/");
	out_u64(id);
	OUT_LIT(".jpg\",\"creation_timestamp\":");
	out_u64(t);
	OUT_LIT(",\"title\":\"");
	out_mojibake_json(text, text_len);
	OUT_LIT("\"}]}");
}

/* A row of LinkedIn's Shares.csv. */
static void emit_linkedin(uint64_t id, uint64_t t)
{
	out_time(t);
	out_buf[out_len - 10] = ' '; /* "YYYY-MM-DD HH:MM:SS" */
	out_len--;                   /* no Z */
	OUT_LIT(",https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A");
	out_u64(id);
	OUT_LIT(",");
	out_csv(text, text_len);
	OUT_LIT(",,,MEMBER_NETWORK\r\n");
}

/* A row of YouTube's comments.csv (Google Takeout); text as JSON segments. */
static void emit_youtube(uint64_t id, uint64_t parent, uint64_t t)
{
	size_t mark;

	OUT_LIT("Ugw");
	out_u64(id);
	OUT_LIT(",UCexempelbyKommun0000001,");
	out_time(t);
	OUT_LIT(",0,");
	if (parent) {
		OUT_LIT("Ugw");
		out_u64(parent);
	}
	OUT_LIT(",,video");
	out_u64(id % 1000);
	OUT_LIT(",");
	/* The segment {"text":"..."} as a CSV field: its quotes doubled. */
	mark = out_len;
	OUT_LIT("{\"text\":\"");
	out_json(text, text_len);
	OUT_LIT("\"}");
	{
		char seg[TEXT_MAX * 6 + 64];
		size_t n = out_len - mark;
		memcpy(seg, out_buf + mark, n);
		out_len = mark;
		out_csv(seg, n);
	}
	OUT_LIT(",\n");
}

/* One line of the canonical NDJSON format. */
static void emit_ndjson(uint64_t id, const char *kind, uint64_t parent, uint32_t author,
	uint64_t t)
{
	OUT_LIT("{\"platform\":\"mastodon\",\"id\":\"");
	out_u64(id);
	OUT_LIT("\",\"kind\":\"");
	out_str(kind);
	if (parent) {
		OUT_LIT("\",\"parent_id\":\"");
		out_u64(parent);
		OUT_LIT("\",");
	} else {
		OUT_LIT("\",\"parent_id\":null,");
	}
	out_author(author);
	if (author == ACCOUNT)
		OUT_LIT(",\"by_account\":true,\"created\":\"");
	else
		OUT_LIT(",\"by_account\":false,\"created\":\"");
	out_time(t);
	/* A few items were edited within the hour. */
	if (rng_below(50) == 0) {
		OUT_LIT("\",\"edited\":\"");
		out_time(t + 30 + rng_below(3600));
	}
	OUT_LIT("\",\"text\":\"");
	out_json(text, text_len);
	OUT_LIT("\",\"url\":\"");
	out_url(author, id);
	OUT_LIT("\",\"attachments\":[]}\n");
}

/*
 * An activity of a Mastodon outbox.json (a Create wrapping a Note). An
 * outbox holds only the account's own statuses: every item is the account's.
 */
static void emit_mastodon(uint64_t i, uint64_t id, uint64_t parent, uint64_t t)
{
	if (i)
		OUT_LIT(",\n");
	OUT_LIT("{\"id\":\"" ACCOUNT_STATUS);
	out_u64(id);
	OUT_LIT("/activity\",\"type\":\"Create\",\"actor\":\"" ACCOUNT_ACTOR "\",\"published\":\"");
	out_time(t);
	OUT_LIT("\",\"to\":[\"https://www.w3.org/ns/activitystreams#Public\"],\"cc\":[\""
		ACCOUNT_ACTOR "/followers\"],\"object\":{\"id\":\"" ACCOUNT_STATUS);
	out_u64(id);
	OUT_LIT("\",\"type\":\"Note\",\"summary\":null,\"inReplyTo\":");
	if (parent) {
		OUT_LIT("\"" ACCOUNT_STATUS);
		out_u64(parent);
		OUT_LIT("\"");
	} else {
		OUT_LIT("null");
	}
	OUT_LIT(",\"published\":\"");
	out_time(t);
	OUT_LIT("\",\"url\":\"" ACCOUNT_URL);
	out_u64(id);
	OUT_LIT("\",\"attributedTo\":\"" ACCOUNT_ACTOR "\",\"to\":[\"https://www.w3.org/ns/"
		"activitystreams#Public\"],\"cc\":[],\"sensitive\":false,\"content\":\"");
	out_html_json(text, text_len);
	OUT_LIT("\",\"attachment\":[],\"tag\":[]}}");
}

/* A tweet of an X archive's tweets.js. */
static void emit_x(uint64_t i, uint64_t id, uint64_t parent, uint64_t t)
{
	if (i)
		OUT_LIT(",\n");
	OUT_LIT("{\"tweet\":{\"id_str\":\"");
	out_u64(id);
	OUT_LIT("\",\"id\":\"");
	out_u64(id);
	OUT_LIT("\",\"full_text\":\"");
	out_json(text, text_len);
	OUT_LIT("\",\"created_at\":\"");
	out_twitter_time(t);
	OUT_LIT("\",");
	if (parent) {
		OUT_LIT("\"in_reply_to_status_id_str\":\"");
		out_u64(parent);
		OUT_LIT("\",\"in_reply_to_status_id\":\"");
		out_u64(parent);
		OUT_LIT("\",");
	}
	OUT_LIT("\"favorite_count\":\"0\",\"retweet_count\":\"0\",\"lang\":\"sv\","
		"\"entities\":{\"hashtags\":[],\"symbols\":[],\"urls\":[],\"user_mentions\":[]}}}");
}

static int parse_u64(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

#define USAGE "usage: bench-gen [--format ndjson|mastodon|x|facebook|instagram|linkedin|youtube] N [SEED]\n"

int main(int argc, char **argv)
{
	uint64_t n, seed = 1, i, t = START_UNIX;
	ref recent_posts[RECENT_POSTS], recent_comments[RECENT_COMMENTS];
	size_t n_posts = 0, n_comments = 0, next_post = 0, next_comment = 0;
	const char *format = "ndjson";

	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		printf(USAGE "Write N synthetic items of a municipality's account to standard output:\n"
		       "in the canonical NDJSON format, or as the main file of a platform's export\n"
		       "(outbox.json, tweets.js, your_posts_1.json, posts_1.json, Shares.csv, comments.csv).\n");
		return 0;
	}
	if (argc >= 3 && !strcmp(argv[1], "--format")) {
		format = argv[2];
		argc -= 2;
		argv += 2;
	}
	if (strcmp(format, "ndjson") && strcmp(format, "mastodon") && strcmp(format, "x") &&
	    strcmp(format, "facebook") && strcmp(format, "instagram") &&
	    strcmp(format, "linkedin") && strcmp(format, "youtube")) {
		fprintf(stderr, "bench-gen: unknown format '%s'\n" USAGE, format);
		return 2;
	}
	if (argc < 2 || argc > 3 || parse_u64(argv[1], &n) ||
	    (argc == 3 && parse_u64(argv[2], &seed))) {
		fprintf(stderr, USAGE);
		return 2;
	}
	if (!strcmp(format, "mastodon")) {
		OUT_LIT("{\"@context\":\"https://www.w3.org/ns/activitystreams\",\"id\":\"outbox.json\","
			"\"type\":\"OrderedCollection\",\"totalItems\":");
		out_u64(n);
		OUT_LIT(",\"orderedItems\":[\n");
	} else if (!strcmp(format, "x")) {
		OUT_LIT("window.YTD.tweets.part0 = [\n");
	} else if (!strcmp(format, "facebook") || !strcmp(format, "instagram")) {
		OUT_LIT("[\n");
	} else if (!strcmp(format, "linkedin")) {
		OUT_LIT("Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\r\n");
	} else if (!strcmp(format, "youtube")) {
		OUT_LIT("Comment ID,Channel ID,Comment create timestamp,Price,Parent comment ID,"
			"Post ID,Video ID,Comment text,Top-level comment ID\n");
	}
	rng_state = seed;

	for (i = 0; i < n; i++) {
		uint32_t roll = rng_below(100), author;
		uint64_t id, parent = 0;
		const char *kind;

		t += 1 + rng_below(60);
		/* Like Mastodon's ids: milliseconds since the epoch, shifted, plus a sequence. */
		id = ((t * 1000 + rng_below(1000)) << 16) | (i & 0xFFFF);

		if (n_posts == 0 || roll < 10) {
			kind = "post";
			author = ACCOUNT;
			make_text(posts, N_OF(posts), 120 + rng_below(TEXT_MAX - 120 + 1), 1);
			recent_posts[next_post] = (ref){ id, author };
			next_post = (next_post + 1) % RECENT_POSTS;
			if (n_posts < RECENT_POSTS)
				n_posts++;
		} else {
			double u = rng_unit();
			size_t target = TEXT_MIN + (size_t)(u * u * u * (TEXT_MAX - TEXT_MIN));

			if (roll < 80 || n_comments == 0) {
				kind = "comment";
				author = pick_citizen();
				parent = recent_posts[pick_recent(n_posts, RECENT_POSTS, next_post)].id;
				make_text(comments, N_OF(comments), target, 0);
				recent_comments[next_comment] = (ref){ id, author };
				next_comment = (next_comment + 1) % RECENT_COMMENTS;
				if (n_comments < RECENT_COMMENTS)
					n_comments++;
			} else {
				const ref *to = &recent_comments[pick_recent(n_comments,
					RECENT_COMMENTS, next_comment)];

				kind = "reply";
				parent = to->id;
				if (rng_below(100) < 40) {
					author = ACCOUNT;
					make_text(account_replies, N_OF(account_replies), target / 2, 0);
				} else {
					do
						author = pick_citizen();
					while (author == to->author);
					if (rng_below(2))
						make_text(citizen_replies, N_OF(citizen_replies), target, 0);
					else
						make_text(comments, N_OF(comments), target, 0);
				}
			}
		}

		if (!strcmp(format, "mastodon"))
			emit_mastodon(i, id, parent, t);
		else if (!strcmp(format, "x"))
			emit_x(i, id, parent, t);
		else if (!strcmp(format, "facebook"))
			emit_facebook(i, t);
		else if (!strcmp(format, "instagram"))
			emit_instagram(i, id, t);
		else if (!strcmp(format, "linkedin"))
			emit_linkedin(id, t);
		else if (!strcmp(format, "youtube"))
			emit_youtube(id, parent, t);
		else
			emit_ndjson(id, kind, parent, author, t);
		if (out_len > OUT_SIZE - OUT_ROOM)
			out_flush();
	}
	if (!strcmp(format, "mastodon"))
		OUT_LIT("\n]}\n");
	else if (!strcmp(format, "x") || !strcmp(format, "facebook") || !strcmp(format, "instagram"))
		OUT_LIT("\n]\n");
	out_flush();
	return 0;
}
