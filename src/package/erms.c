/*
 * The registry entries and cases of a package as E-ARK CITS ERMS 3 (schema
 * 3.0.2, which METS.xml names as MDTYPEVERSION; namespace
 * "https://DILCIS.eu/XML/ERMS"; FGS Ärendehantering 2.0 adopts ERMS): cases
 * (ärenden) as aggregations of type caseFile, registrations as records
 * with running number, direction, counterparty, secrecy as restriction
 * with its regulation, and retention in disposal.
 */
#include <inttypes.h>
#include <string.h>
#include "package/package.h"

#define ESC(s) som_package__xml_escape(&e->body, (s))

struct som_erms {
	som_buf body;
	char *package_id;
	char *created;
	char *creator;
	int64_t open_case;     /* the case aggregation open in body, 0: none */
	char *open_series;     /* or the series aggregation open, for records without a case */
	int64_t n;
};

int som_package__erms_new(som_erms **out, const char *package_id,
	const char *created, const char *creator)
{
	som_erms *e = som__calloc(1, sizeof(*e));

	*out = NULL;
	if (!e || !(e->package_id = som__strdup(package_id)) ||
	    !(e->created = som__strdup(created)) || !(e->creator = som__strdup(creator))) {
		som_package__erms_free(e);
		return SOM_ENOMEM;
	}
	*out = e;
	return 0;
}

void som_package__erms_free(som_erms *e)
{
	if (!e)
		return;
	som_buf_dispose(&e->body);
	som__free(e->package_id);
	som__free(e->created);
	som__free(e->creator);
	som__free(e->open_series);
	som__free(e);
}

/* xs:dateTime from what the registry holds ("YYYY-MM-DD" or a full time). */
static int date_time(som_erms *e, const char *s)
{
	if (s && strlen(s) == 10)
		return som_buf_printf(&e->body, "%sT00:00:00Z", s);
	return ESC(s ? s : "");
}

static int elem(som_erms *e, const char *indent, const char *name, const char *text)
{
	int error;

	if (!text || !*text)
		return 0;
	if ((error = som_buf_printf(&e->body, "%s<%s>", indent, name)) != 0 || (error = ESC(text)) != 0)
		return error;
	return som_buf_printf(&e->body, "</%s>\n", name);
}

static int date_elem(som_erms *e, const char *indent, const char *tag, const char *type,
	const char *other, const char *value)
{
	int error;

	if (!value || !*value)
		return 0;
	error = som_buf_printf(&e->body, "%s<%s dateType=\"%s\"", indent, tag, type);
	if (!error && other)
		error = som_buf_printf(&e->body, " otherDateType=\"%s\"", other);
	if (!error) error = som_buf_putc(&e->body, '>');
	if (!error) error = date_time(e, value);
	if (!error) error = som_buf_printf(&e->body, "</%s>\n", tag);
	return error;
}

static int agent(som_erms *e, const char *indent, const char *type, const char *other,
	const char *name)
{
	int error;

	if (!name || !*name)
		return 0;
	error = som_buf_printf(&e->body, "%s<agent agentType=\"%s\"", indent, type);
	if (!error && other)
		error = som_buf_printf(&e->body, " otherAgentType=\"%s\"", other);
	if (!error) error = som_buf_puts(&e->body, "><name>");
	if (!error) error = ESC(name);
	if (!error) error = som_buf_puts(&e->body, "</name></agent>\n");
	return error;
}

/* Secrecy (sekretess) as a restriction with its regulation, e.g. "OSL 26:1", and its name. */
static int restriction(som_erms *e, const char *indent, const char *regulation,
	const char *name, const char *date)
{
	int error;

	if (!regulation || !*regulation)
		return 0;
	error = som_buf_printf(&e->body, "%s<restriction restrictionType=\"confidential\">\n", indent);
	if (!error && name && *name) {
		error = som_buf_printf(&e->body, "%s  <explanatoryText>", indent);
		if (!error) error = ESC(name);
		if (!error) error = som_buf_puts(&e->body, "</explanatoryText>\n");
	}
	if (!error) error = som_buf_printf(&e->body, "%s  <regulation>", indent);
	if (!error) error = ESC(regulation);
	if (!error) error = som_buf_puts(&e->body, "</regulation>\n");
	if (!error && date && *date) {
		error = som_buf_printf(&e->body, "%s  <dates>\n", indent);
		if (!error) error = date_elem(e, "            ", "date", "decision", NULL, date);
		if (!error) error = som_buf_printf(&e->body, "%s  </dates>\n", indent);
	}
	if (!error) error = som_buf_printf(&e->body, "%s</restriction>\n", indent);
	return error;
}

/* The process (klassificeringsstruktur) as classification: its code, its name as content. */
static int classification(som_erms *e, const char *indent, const char *code, const char *name)
{
	int error;

	if (!code || !*code)
		return 0;
	error = som_buf_printf(&e->body, "%s<classification classificationCode=\"", indent);
	if (!error) error = ESC(code);
	if (!error) error = som_buf_puts(&e->body, "\">");
	if (!error && name) error = ESC(name);
	if (!error) error = som_buf_puts(&e->body, "</classification>\n");
	return error;
}

/* How the case ended (avslutat), as a note: "beslut 2026-03-10: reason". */
static int closing_note(som_erms *e, const char *indent, const som_pkg_registration *r)
{
	int error;

	if (!r->case_close_how)
		return 0;
	error = som_buf_printf(&e->body, "%s<notes><note noteType=\"case closed\">", indent);
	if (!error) error = ESC(r->case_close_how);
	if (!error && r->case_closed_date) error = som_buf_putc(&e->body, ' ');
	if (!error && r->case_closed_date) error = ESC(r->case_closed_date);
	if (!error && r->case_close_reason) error = som_buf_puts(&e->body, ": ");
	if (!error && r->case_close_reason) error = ESC(r->case_close_reason);
	if (!error) error = som_buf_puts(&e->body, "</note></notes>\n");
	return error;
}

static int close_open(som_erms *e)
{
	int error = 0;

	if (e->open_case || e->open_series)
		error = som_buf_puts(&e->body, "    </aggregation>\n");
	e->open_case = 0;
	som__free(e->open_series);
	e->open_series = NULL;
	return error;
}

static int open_case(som_erms *e, const som_pkg_registration *r)
{
	int error = close_open(e);
	const char *in = "      ";

	if (!error) error = som_buf_printf(&e->body,
		"    <aggregation systemIdentifier=\"case-%" PRId64 "\" aggregationType=\"caseFile\">\n", r->case_id);
	if (!error) error = elem(e, in, "objectId", r->case_number);
	if (!error) error = classification(e, in, r->case_classification_code,
		r->case_classification_name);
	if (!error) error = elem(e, in, "title", r->case_title);
	if (!error && r->case_status)
		error = som_buf_printf(&e->body, "%s<status value=\"%s\"/>\n", in,
			strcmp(r->case_status, "closed") == 0 ? "closed" : "open");
	if (!error) error = restriction(e, in, r->case_secrecy, NULL, r->case_secrecy_date);
	if (!error && r->case_officer && *r->case_officer) {
		error = som_buf_printf(&e->body, "%s<agents>\n", in);
		if (!error) error = agent(e, "        ", "responsible_person", NULL, r->case_officer);
		if (!error) error = som_buf_printf(&e->body, "%s</agents>\n", in);
	}
	if (!error && r->case_opened) {
		error = som_buf_printf(&e->body, "%s<dates>\n", in);
		if (!error) error = date_elem(e, "        ", "date", "opened", NULL, r->case_opened);
		if (!error) error = date_elem(e, "        ", "date", "closed", NULL, r->case_closed);
		if (!error) error = som_buf_printf(&e->body, "%s</dates>\n", in);
	}
	if (!error) error = closing_note(e, in, r);
	e->open_case = r->case_id;
	return error;
}

static int open_series(som_erms *e, const char *series)
{
	int error = close_open(e);

	if (!error) error = som_buf_puts(&e->body, "    <aggregation systemIdentifier=\"series-");
	if (!error) error = ESC(series);
	if (!error) error = som_buf_puts(&e->body, "\" aggregationType=\"own_aggregation_definition\""
		" otherAggregationType=\"registry series (registrations without a case)\">\n");
	if (!error) error = elem(e, "      ", "objectId", series);
	if (!error && !(e->open_series = som__strdup(series)))
		error = SOM_ENOMEM;
	return error;
}

int som_package__erms_add(som_erms *e, const som_pkg_registration *r,
	const som_pkg_retention *ret, const char *item_path)
{
	const char *in = "        ";
	const char *dir = r->direction ? r->direction : "";
	int error = 0;

	if (r->case_id && r->case_id != e->open_case)
		error = open_case(e, r);
	else if (!r->case_id && (!e->open_series || strcmp(e->open_series, r->series ? r->series : "") != 0))
		error = open_series(e, r->series ? r->series : "");
	if (!error) error = som_buf_printf(&e->body,
		"      <record systemIdentifier=\"registration-%s-%" PRId64 "\" recordType=\"social media item\""
		" recordPhysicalOrDigital=\"digital\">\n", e->package_id, e->n + 1);
	if (!error) error = elem(e, in, "objectId", r->number);
	if (!error) error = classification(e, in, r->classification_code, r->classification_name);
	if (!error) error = elem(e, in, "title", r->subject);
	if (!error && r->doc_seq > 0)
		error = som_buf_printf(&e->body, "%s<runningNumber>%" PRId64 "</runningNumber>\n", in, r->doc_seq);
	if (!error && item_path) {
		error = som_buf_printf(&e->body, "%s<relation relationType=\"reference\">", in);
		if (!error) error = ESC(item_path);
		if (!error) error = som_buf_puts(&e->body, "</relation>\n");
	}
	if (!error) error = restriction(e, in, r->secrecy, r->secrecy_name, r->secrecy_date);
	/* Retention: the plan's rule, the disposal decision, the due date or "preserve". */
	if (!error && ret) {
		error = som_buf_printf(&e->body, "%s<disposal disposable=\"%s\">\n", in,
			ret->dispose ? "true" : "false");
		if (!error) error = elem(e, "          ", "disposalScheduleId", ret->plan_version);
		if (!error) error = elem(e, "          ", "disposalAction", ret->dispose ? "dispose" : "preserve");
		if (!error) error = elem(e, "          ", "disposalPeriod", ret->after);
		if (!error) error = elem(e, "          ", "disposalMandate", ret->decision);
		if (!error && ret->rule_id) {
			som_buf d = SOM_BUF_INIT;
			error = som_buf_printf(&d, "retention rule '%s'%s%s", ret->rule_id,
				ret->from ? ", counted from " : "", ret->from ? ret->from : "");
			if (!error) error = elem(e, "          ", "disposalDescription", d.ptr);
			som_buf_dispose(&d);
		}
		if (!error) error = som_buf_puts(&e->body, "          <dates>\n");
		if (!error)
			error = date_elem(e, "            ", "disposalDate", "retention_period_start", NULL, r->date);
		if (!error && ret->due[0])
			error = date_elem(e, "            ", "disposalDate", "action_due", NULL, ret->due);
		if (!error) error = som_buf_printf(&e->body, "          </dates>\n%s</disposal>\n", in);
	}
	if (!error) {
		if (strcmp(dir, "received") == 0)
			error = som_buf_printf(&e->body, "%s<direction directionDefinition=\"incoming\"/>\n", in);
		else if (strcmp(dir, "dispatched") == 0)
			error = som_buf_printf(&e->body, "%s<direction directionDefinition=\"outgoing\"/>\n", in);
		else
			error = som_buf_printf(&e->body, "%s<direction directionDefinition=\"other\""
				" otherDirectionDefinition=\"drawn-up (upprättad)\"/>\n", in);
	}
	if (!error && ((r->counterparty && *r->counterparty) || (r->officer && *r->officer) ||
		       (r->registrar && *r->registrar))) {
		error = som_buf_printf(&e->body, "%s<agents>\n", in);
		/* The public (masked) form where secrecy applies (OSL 5:2). */
		if (!error) error = agent(e, "          ", "counterpart", NULL, r->counterparty);
		if (!error) error = agent(e, "          ", "responsible_person", NULL, r->officer);
		if (!error) error = agent(e, "          ", "other", "registrar", r->registrar);
		if (!error) error = som_buf_printf(&e->body, "%s</agents>\n", in);
	}
	if (!error) {
		error = som_buf_printf(&e->body, "%s<dates>\n", in);
		if (!error) error = date_elem(e, "          ", "date",
			strcmp(dir, "received") == 0 ? "received" : strcmp(dir, "dispatched") == 0 ? "sent" : "created",
			NULL, r->date);
		if (!error) error = date_elem(e, "          ", "date", "other", "registered", r->registered_at);
		if (!error) error = som_buf_printf(&e->body, "%s</dates>\n", in);
	}
	if (!error) error = closing_note(e, in, r);
	if (!error) error = som_buf_puts(&e->body, "      </record>\n");
	if (!error)
		e->n++;
	return error;
}

int som_package__erms_finish(som_buf *out, som_erms *e)
{
	int error;

	if (e->n == 0)
		return 1;
	if ((error = close_open(e)) != 0)
		return error;
	error = som_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<erms xmlns=\"https://DILCIS.eu/XML/ERMS\">\n  <control>\n"
		"    <identification identificationType=\"packageId\">");
	if (!error) error = som_package__xml_escape(out, e->package_id);
	if (!error) error = som_buf_puts(out, "</identification>\n    <maintenanceInformation>\n"
		"      <maintenanceStatus value=\"new\"/>\n"
		"      <maintenanceAgency><agencyName>");
	if (!error) error = som_package__xml_escape(out, e->creator);
	if (!error) error = som_buf_printf(out, "</agencyName></maintenanceAgency>\n"
		"      <maintenanceHistory>\n        <maintenanceEvent>\n"
		"          <eventType value=\"created\"/>\n"
		"          <eventDateTime>%s</eventDateTime>\n"
		"          <agent agentType=\"creator\"><name>somarkiv</name></agent>\n"
		"        </maintenanceEvent>\n      </maintenanceHistory>\n"
		"    </maintenanceInformation>\n  </control>\n  <aggregations>\n", e->created);
	if (!error) error = som_buf_put(out, e->body.ptr, e->body.size);
	if (!error) error = som_buf_puts(out, "  </aggregations>\n</erms>\n");
	return error;
}
