// The harness of the browser tests (tests/browser/t*.js), the browser's
// counterpart of tests/e2e/lib.sh: a fresh store made with the real
// program, `somarkiv serve` started on a free loopback port and stopped
// with SIGTERM (its exit code and standard error checked: a sanitizer's
// report fails the script), Debian's Chromium driven headless through
// puppeteer-core, each browser context a person of their own, axe-core
// run on every page (no serious or critical WCAG 2.1 AA violation),
// screenshots decoded and their colours counted, and TAP output.
"use strict";

const assert = require("node:assert/strict");
const { execFileSync, spawn } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const zlib = require("node:zlib");
const puppeteer = require("puppeteer-core");

const REPO = path.resolve(__dirname, "../..");
const PROGRAM = process.env.SOMARKIV_BIN || path.join(REPO, "build/somarkiv");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const AXE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const trash = fs.mkdtempSync(path.join(os.tmpdir(), "somarkiv-browser-"));
const shots = path.join(trash, "screenshots");
fs.mkdirSync(shots);

let count = 0, failed = 0;
const tests = [];
// What must not outlive the script whatever failed: servers and browsers.
const leftovers = new Set();

// test("description", async () => { ... }): run in order; a failure is
// reported and the script goes on (later tests may then fail too).
function test(name, fn) {
	tests.push({ name, fn });
}

// Run the program as on the command line; returns its standard output.
function somarkiv(store, args, input) {
	return execFileSync(PROGRAM, ["--store", store, ...args], {
		input: input === undefined ? "" : input,
		encoding: "utf8",
		env: { ...process.env, LC_ALL: "C.UTF-8", TZ: "UTC" },
	});
}

// A store in the scratch space, made by `setup(store)`.
function makeStore(name, setup) {
	const store = path.join(trash, name);
	somarkiv(store, ["init", "-q"]);
	setup(store);
	return store;
}

// Start `somarkiv serve` on a free loopback port; resolves to { url, stop }.
function startServer(store, env) {
	return new Promise((resolve, reject) => {
		const child = spawn(PROGRAM, ["--store", store, "serve", "--listen", "127.0.0.1:0",
			"--threads", "4"], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
		let out = "", err = "";
		child.stdout.on("data", (d) => {
			out += d;
			const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+\/)/);
			if (m && !child.url) {
				child.url = m[1];
				resolve({ url: m[1], stop, stderr: () => err });
			}
		});
		child.stderr.on("data", (d) => { err += d; });
		leftovers.add(() => child.kill("SIGKILL"));
		child.on("exit", (code) => {
			if (!child.url)
				reject(new Error(`somarkiv serve exited (${code}) before listening: ${err}`));
		});
		// SIGTERM, then the exit code: 0 and nothing alarming on stderr.
		function stop() {
			return new Promise((done, fail) => {
				child.on("exit", (code, signal) => {
					if (code === 0 && !/ERROR: (Address|Leak)Sanitizer|runtime error:/.test(err))
						done();
					else
						fail(new Error(`somarkiv serve ended with ${code ?? signal}:\n${err}`));
				});
				child.kill("SIGTERM");
			});
		}
	});
}

async function launch() {
	const dataDir = fs.mkdtempSync(path.join(trash, "chromium-"));
	const browser = await puppeteer.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
			"--disable-background-networking", "--disable-component-update", "--disable-sync",
			"--disable-dev-shm-usage", `--user-data-dir=${dataDir}`],
		defaultViewport: { width: 1100, height: 1000 },
	});
	leftovers.add(() => browser.process() && browser.process().kill("SIGKILL"));
	return browser;
}

// A person: their own browser context (cookies of their own) and page.
// Every console error (a Content-Security-Policy violation among them)
// and uncaught script error is kept, and checked by noErrors().
async function person(browser) {
	const context = await browser.createBrowserContext();
	const page = await context.newPage();
	page.errors = [];
	page.on("console", (m) => { if (m.type() === "error") page.errors.push(m.text()); });
	page.on("pageerror", (e) => page.errors.push(String(e)));
	return page;
}

function noErrors(page, allow) {
	const left = page.errors.filter((e) => !(allow && allow.test(e)));
	page.errors = [];
	assert.deepEqual(left, [], "the page logged errors");
}

async function login(page, url, name, password) {
	await page.goto(url + "logga-in");
	await page.type("#namn", name);
	await page.type("#losenord", password);
	await Promise.all([page.waitForNavigation(), page.click("form.login button")]);
}

// A request made outside the page (the page's own CSP allows it no fetch),
// with the cookies of the person's browser, as the browser would send them.
async function fetchAs(page, url, options) {
	const jar = (await page.cookies(url)).map((c) => `${c.name}=${c.value}`).join("; ");
	return fetch(url, { redirect: "manual", ...options,
		headers: { ...(options && options.headers), cookie: jar } });
}

// The visible text of the page, white space collapsed.
async function text(page) {
	return (await page.evaluate(() => document.body.innerText)).replace(/\s+/g, " ");
}

// axe-core on the page as it is: no serious or critical violation of WCAG 2.1 A/AA.
// Evaluated through DevTools, which the page's CSP does not govern.
async function axe(page) {
	await page.evaluate(AXE);
	const r = await page.evaluate(() => window.axe.run(document, {
		runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
	}));
	const bad = r.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
	assert.deepEqual(bad.map((v) => `${v.id} (${v.impact}): ${v.help} at ` +
		v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")), [],
		"axe-core found serious or critical violations");
	return r;
}

// Decode a PNG (zlib and the PNG filters) and count the colours of every
// fourth row: a blank page has one or two.
function pngColours(file) {
	const data = fs.readFileSync(file);
	assert.equal(data.subarray(0, 8).toString("binary"), "\x89PNG\r\n\x1a\n", "not a PNG");
	let pos = 8, idat = [], w = 0, h = 0, ctype = 0, depth = 0;
	while (pos < data.length) {
		const n = data.readUInt32BE(pos), kind = data.toString("ascii", pos + 4, pos + 8);
		const body = data.subarray(pos + 8, pos + 8 + n);
		if (kind === "IHDR") {
			w = body.readUInt32BE(0); h = body.readUInt32BE(4);
			depth = body[8]; ctype = body[9];
		} else if (kind === "IDAT") {
			idat.push(body);
		}
		pos += 12 + n;
	}
	assert.ok(depth === 8 && (ctype === 2 || ctype === 6), `PNG type ${depth}/${ctype}`);
	const bpp = ctype === 2 ? 3 : 4, stride = w * bpp;
	const raw = zlib.inflateSync(Buffer.concat(idat));
	let prev = Buffer.alloc(stride);
	const colours = new Set();
	for (let y = 0; y < h; y++) {
		const f = raw[y * (stride + 1)];
		const line = Buffer.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
		for (let i = 0; i < stride; i++) {
			const a = i >= bpp ? line[i - bpp] : 0, b = prev[i], c = i >= bpp ? prev[i - bpp] : 0;
			if (f === 1) line[i] = (line[i] + a) & 255;
			else if (f === 2) line[i] = (line[i] + b) & 255;
			else if (f === 3) line[i] = (line[i] + ((a + b) >> 1)) & 255;
			else if (f === 4) {
				const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
				line[i] = (line[i] + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c)) & 255;
			}
		}
		if (y % 4 === 0)
			for (let i = 0; i < stride; i += bpp)
				colours.add((line[i] << 16) | (line[i + 1] << 8) | line[i + 2]);
		prev = line;
	}
	return { width: w, height: h, colours: colours.size };
}

// Screenshot the page as NAME.png and check it is a page, not a blank.
async function screenshot(page, name) {
	const file = path.join(shots, name + ".png");
	await page.screenshot({ path: file, fullPage: false });
	const png = pngColours(file);
	assert.ok(png.colours > 20, `${name}.png looks blank: ${png.colours} colours`);
	return png;
}

// Check a page the way every test does: no errors, axe clean, a screenshot with content.
async function lookAt(page, name, mustSay) {
	const t = await text(page);
	for (const s of mustSay || [])
		assert.ok(t.includes(s), `the page does not say "${s}": ${t.slice(0, 400)}`);
	await axe(page);
	await screenshot(page, name);
	noErrors(page);
	return t;
}

async function run() {
	for (const t of tests) {
		count++;
		try {
			await t.fn();
			console.log(`ok ${count} - ${t.name}`);
		} catch (e) {
			failed++;
			console.log(`not ok ${count} - ${t.name}`);
			for (const line of String(e && e.stack || e).split("\n"))
				console.log(`#   ${line}`);
		}
	}
	for (const kill of leftovers) {
		try { kill(); } catch (e) { /* gone already */ }
	}
	console.log(`1..${count}`);
	console.log(`# passed ${count - failed} failed ${failed}`);
	if (process.env.SOMARKIV_TEST_KEEP)
		console.log(`# kept ${trash}`);
	else
		fs.rmSync(trash, { recursive: true, force: true });
	process.exitCode = failed ? 1 : 0;
}

module.exports = {
	REPO, assert, test, run, somarkiv, makeStore, startServer, launch, person, login,
	text, fetchAs, axe, screenshot, lookAt, noErrors, pngColours, trash,
};
