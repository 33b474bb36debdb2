// The registrar's web interface as people use it, in headless Chromium:
// log in, search, open an item, register it into a new case, register a
// second into the same case, see the numbers, resolve flags (on the item
// and in the review queue), read the registry extract and its CSV, log
// out; a second browser sees the change; a reader cannot register; a form
// without its anti-forgery token changes nothing; every change is in the
// audit log under the logged-in person's name. Every page is checked with
// axe-core and screenshotted.
"use strict";

const path = require("node:path");
const h = require("./lib.js");
const { assert, test } = h;

const DATA = path.join(h.REPO, "tests/data");
const NOW = "2026-03-10T09:00:00Z";
const ANNA = ["Anna Ek", "snöröjning-2026"];
const BO = ["Bo Berg", "bibliotek-2026"];
const ASA = ["Åsa Läsare", "läser-bara-2026"];

let store, server, browser, anna, bo, asa;

function registered(item) {
	return JSON.parse("[" + h.somarkiv(store, ["search", "--registered", "--json"])
		.trim().split("\n").filter(Boolean).join(",") + "]").some((x) => x.item === item);
}

test("setup: a store with the Exempelby account, its plan, users; the server; the browser", async () => {
	store = h.makeStore("store", (s) => {
		h.somarkiv(s, ["plan", "use", "-q", path.join(DATA, "plans/exempelby.xml")]);
		h.somarkiv(s, ["account", "add", "-q", "--platform", "mastodon", "--handle",
			"@exempelby@social.exempelby.se", "--name", "Exempelby kommun"]);
		h.somarkiv(s, ["ingest", "-q", "--account", "1", path.join(DATA, "exempelby-mastodon-v1")]);
		h.somarkiv(s, ["ingest", "-q", "--account", "1", "--partial",
			path.join(DATA, "exempelby-comments.ndjson")]);
		h.somarkiv(s, ["classify", "-q"]);
		h.somarkiv(s, ["user", "add", ANNA[0], "--role", "registrar"], ANNA[1] + "\n");
		h.somarkiv(s, ["user", "add", BO[0], "--role", "registrar"], BO[1] + "\n");
		h.somarkiv(s, ["user", "add", ASA[0], "--role", "reader"], ASA[1] + "\n");
	});
	server = await h.startServer(store, { SOMARKIV_NOW: NOW });
	browser = await h.launch();
	anna = await h.person(browser);
	bo = await h.person(browser);
	asa = await h.person(browser);
});

test("the login page: Swedish, accessible; a wrong password is refused", async () => {
	const res = await anna.goto(server.url);
	assert.equal(res.status(), 200);
	assert.match(anna.url(), /\/logga-in$/);
	assert.equal(await anna.evaluate(() => document.documentElement.lang), "sv");
	await h.lookAt(anna, "01-login", ["Logga in", "Användarnamn", "Lösenord"]);
	await anna.type("#namn", ANNA[0]);
	await anna.type("#losenord", "fel-lösenord-123");
	const [r] = await Promise.all([anna.waitForNavigation(), anna.click("form.login button")]);
	assert.equal(r.status(), 401);
	assert.ok((await h.text(anna)).includes("Fel användarnamn eller lösenord."));
	h.noErrors(anna, /401/);
});

test("log in as a registrar: the search page, with the menu of the role", async () => {
	await h.login(anna, server.url, ...ANNA);
	assert.match(anna.url(), /\/sok$/);
	const cookies = await anna.cookies();
	const s = cookies.find((c) => c.name === "somarkiv_session");
	assert.ok(s && s.httpOnly && s.sameSite === "Strict" && /^[0-9a-f]{64}$/.test(s.value),
		JSON.stringify(cookies));
	await h.lookAt(anna, "02-search-empty", ["Sök", "Granskning", "Ärenden", "Diarium",
		"Anna Ek (registrator)", "Logga ut"]);
});

test("search: the matched word is marked, the hit leads to the item", async () => {
	await anna.type("#q", "klagomål");
	await Promise.all([anna.waitForNavigation(), anna.click("form.search button[type=submit]")]);
	const marks = await anna.$$eval("ol.hits mark", (m) => m.map((x) => x.textContent));
	assert.deepEqual(marks, ["Klagomål"]);
	const t = await h.lookAt(anna, "03-search-hits", ["Lisa Berg", "Visar träff 1–1", "Exportera CSV"]);
	assert.ok(t.includes("2026-01-14 08:12"), "the time in Swedish local time (CET)");
	await Promise.all([anna.waitForNavigation(), anna.click("ol.hits li.hit a")]);
	assert.match(anna.url(), /\/inlagg\/14$/);
	await h.lookAt(anna, "04-item", ["Kommentar 14", "Klagomål: Björkvägen", "Tråden",
		"Svarar på:", "Klassning", "Registreras (av vikt)", "Inte registrerat.", "Härkomst"]);
});

test("register the item into a new case: its number is shown", async () => {
	assert.equal(await anna.$eval("fieldset.when-befintligt", (e) => e.hidden), true,
		"the script shows only the chosen way's fields");
	await anna.click("#satt-nytt");
	await anna.type("#titel", "Snöröjning Björkvägen");
	await anna.select("#reg-serie", "KS");
	await anna.type("#handlaggare", "Anna Ek");
	await Promise.all([anna.waitForNavigation(), anna.click("form.register button[type=submit]")]);
	assert.match(anna.url(), /\/inlagg\/14\?klart=registrerad$/);
	await h.lookAt(anna, "05-item-registered", ["Inlägget är registrerat.", "KS 2026/1-1",
		"2026-01-14", "Inkommen", "Lisa Berg", "Giltig", "Rätta registreringen"]);
	assert.ok(registered(14));
});

test("a second browser (another registrar) sees the new case", async () => {
	await h.login(bo, server.url, ...BO);
	await bo.goto(server.url + "arende?nr=" + encodeURIComponent("KS 2026/1"));
	const t = await h.lookAt(bo, "06-case-second-browser", ["Ärende KS 2026/1",
		"Snöröjning Björkvägen", "KS 2026/1-1"]);
	assert.ok(!t.includes("KS 2026/1-2"));
});

test("register a second item into the same case: the next document number", async () => {
	await anna.goto(server.url + "sok?q=" + encodeURIComponent("plogförare"));
	await Promise.all([anna.waitForNavigation(), anna.click("ol.hits li.hit a")]);
	assert.match(anna.url(), /\/inlagg\/15$/);
	await anna.click("#satt-befintligt");
	assert.equal(await anna.$eval("fieldset.when-befintligt", (e) => e.hidden), false);
	await anna.type("#reg-arende", "ks 2026/1");
	await Promise.all([anna.waitForNavigation(), anna.click("form.register button[type=submit]")]);
	await h.lookAt(anna, "07-item-second", ["Inlägget är registrerat.", "KS 2026/1-2"]);
});

test("the case lists both documents in order; the second browser sees it on reload", async () => {
	await anna.click("header nav a[href='/arenden']");
	await anna.waitForSelector("table");
	await h.lookAt(anna, "08-cases", ["KS 2026/1", "Snöröjning Björkvägen", "Öppet", "Anna Ek"]);
	await Promise.all([anna.waitForNavigation(), anna.click("td.number a")]);
	const numbers = await anna.$$eval("table.registry td.number", (c) => c.map((x) => x.textContent));
	assert.deepEqual(numbers, ["KS 2026/1-1", "KS 2026/1-2"]);
	await h.lookAt(anna, "09-case", ["Avsluta ärendet"]);
	await bo.reload();
	const seen = await bo.$$eval("table.registry td.number", (c) => c.map((x) => x.textContent));
	assert.deepEqual(seen, ["KS 2026/1-1", "KS 2026/1-2"]);
	h.noErrors(bo);
});

test("resolve a flag on the item page", async () => {
	await anna.goto(server.url + "inlagg/20");
	await h.lookAt(anna, "10-item-flagged", ["Personuppgifter", "(ej åtgärdade)", "Åtgärda flaggor"]);
	await anna.type("#flagg-skal", "personnumret är maskerat i kopian");
	await Promise.all([anna.waitForNavigation(), anna.click("form[action='/atgarda-flaggor'] button")]);
	const t = await h.lookAt(anna, "11-item-resolved", ["Flaggorna är markerade som åtgärdade.",
		"(åtgärdade)", "Beslut av Anna Ek"]);
	assert.ok(!t.includes("Åtgärda flaggor"));
});

test("resolve a flag in the review queue: one click and a reason", async () => {
	await anna.click("header nav a[href='/granskning']");
	await anna.waitForSelector("ol.queue");
	await h.lookAt(anna, "12-review", ["Flaggade: 1", "Brott"]);
	await anna.type("#skal-18", "polisanmält, sparat och borttaget");
	await Promise.all([anna.waitForNavigation(),
		anna.click("li.entry form input[value='18'] ~ span button[name=atgarda]")]);
	await h.lookAt(anna, "13-review-after", ["Beslutet är sparat.", "Flaggade: 0"]);
});

test("the registry extract (Diarium) and its CSV", async () => {
	await anna.click("header nav a[href='/diarieutdrag']");
	await anna.waitForSelector("table.registry");
	await h.lookAt(anna, "14-registry", ["KS 2026/1-1", "KS 2026/1-2", "Inkommen", "Exportera CSV"]);
	const csv = await (await h.fetchAs(anna, server.url + "diarieutdrag.csv")).text();
	const lines = csv.replace(/^\ufeff/, "").trim().split("\r\n");
	assert.equal(lines.length, 3);
	assert.match(lines[1], /^KS 2026\/1-1,2026-01-14,received,Lisa Berg,/);
	const hits = await (await h.fetchAs(anna, server.url + "sok.csv?q=" +
		encodeURIComponent("klagomål"))).text();
	assert.match(hits, /\r\n14,2026-01-14 08:12,Lisa Berg,/);
});

test("a reader reads but cannot register, not even by posting the form", async () => {
	await h.login(asa, server.url, ...ASA);
	await asa.goto(server.url + "inlagg/16");
	const t = await h.lookAt(asa, "15-reader-item", ["Åsa Läsare (läsare)", "Inte registrerat."]);
	assert.ok(!t.includes("Ändra klass") && !t.includes("Åtgärda flaggor"));
	assert.equal(await asa.$("form.register"), null);
	assert.equal(await asa.$("form[action='/klassa']"), null);
	const csrf = await asa.$eval("form[action='/logga-ut'] input[name=csrf]", (i) => i.value);
	const r = await h.fetchAs(asa, server.url + "registrera", { method: "POST",
		body: new URLSearchParams({ csrf, inlagg: "16", satt: "plan" }) });
	assert.equal(r.status, 403);
	assert.match(await r.text(), /Ingen behörighet/);
	assert.ok(!registered(16));
});

test("a forged form without the anti-forgery token is refused and changes nothing", async () => {
	await anna.goto(server.url + "inlagg/16");
	const [r] = await Promise.all([anna.waitForNavigation(), anna.evaluate(() => {
		const f = document.createElement("form");
		f.method = "post";
		f.action = "/registrera";
		for (const [k, v] of [["inlagg", "16"], ["satt", "plan"]]) {
			const i = document.createElement("input");
			i.type = "hidden"; i.name = k; i.value = v;
			f.appendChild(i);
		}
		document.body.appendChild(f);
		f.submit();
	})]);
	assert.equal(r.status(), 403);
	h.noErrors(anna, /status of 403/);
	await h.lookAt(anna, "16-forged", ["Formuläret godtogs inte", "ingenting ändrades"]);
	const wrong = await h.fetchAs(anna, server.url + "registrera", { method: "POST",
		body: new URLSearchParams({ csrf: "0".repeat(64), inlagg: "16", satt: "plan" }) });
	assert.equal(wrong.status, 403);
	assert.ok(!registered(16));
});

test("every change is audited under the logged-in person's name", async () => {
	const log = h.somarkiv(store, ["log", "--json"]).trim().split("\n").map((l) => JSON.parse(l));
	const by = (action) => log.filter((e) => e.action === action).map((e) => e.actor);
	assert.deepEqual(by("registration.add"), ["Anna Ek", "Anna Ek"]);
	assert.deepEqual(by("case.open"), ["Anna Ek"]);
	assert.deepEqual(by("classification.set"), ["Anna Ek", "Anna Ek"]);
	const logins = log.filter((e) => e.action === "user.login").map((e) => e.target);
	assert.deepEqual(logins, ["user:Anna Ek", "user:Bo Berg", "user:Åsa Läsare"]);
	assert.equal(log.filter((e) => e.action === "user.login-failed").length, 1);
	assert.ok(!JSON.stringify(log).includes("fel-lösenord"), "a password in the audit log");
	h.somarkiv(store, ["verify", "--audit"]);
});

test("log out: the session ends, its cookie no longer opens a page", async () => {
	const before = (await anna.cookies()).find((c) => c.name === "somarkiv_session").value;
	await Promise.all([anna.waitForNavigation(), anna.click("header form[action='/logga-ut'] button")]);
	await h.lookAt(anna, "17-logged-out", ["Du är utloggad."]);
	await anna.setCookie({ name: "somarkiv_session", value: before, url: server.url });
	await anna.goto(server.url + "sok");
	assert.match(anna.url(), /\/logga-in$/);
	h.noErrors(anna);
});

test("teardown: the browser closes, the server stops cleanly on SIGTERM", async () => {
	await browser.close();
	await server.stop();
});

h.run();
