/*
 * The staff dashboard in Chromium: sign in, open a conversation whose
 * patient typed markup (shown as text, FAULTS B12), take it over, reply
 * and see the reply arrive through the widget API, then turn a knowledge
 * gap into an FAQ.  Run by t/85-admin-browser.t, which sets FD_BASE,
 * FD_CONV, FD_TOKEN, FD_EMAIL, FD_PASSWORD and FD_XSS.  Prints TAP.
 */
'use strict';
const { chromium } = require('playwright-core');

const env = process.env;
const base = env.FD_BASE;
const admin = base + 'static/admin/';
let n = 0, failed = 0;

function ok(cond, name, diag) {
	n++;
	console.log((cond ? '' : 'not ') + 'ok ' + n + ' - ' + name);
	if (!cond) {
		failed++;
		if (diag !== undefined)
			console.log('# ' + JSON.stringify(diag));
	}
}

function is(got, want, name) {
	ok(got === want, name, { got: got, want: want });
}

async function signIn(page) {
	const resp = await page.goto(admin + 'index.html');
	const csp = resp.headers()['content-security-policy'] || '';
	ok(/script-src 'self'/.test(csp) && !/unsafe-inline/.test(csp),
	    'the pages have a strict Content-Security-Policy', csp);
	await page.fill('#email', env.FD_EMAIL);
	await page.fill('#password', 'wrong password');
	await page.click('button[type=submit]');
	await page.waitForFunction(() => /Wrong/.test(
	    document.getElementById('status').textContent));
	ok(true, 'a wrong password is refused on the page');
	await page.fill('#password', env.FD_PASSWORD);
	await page.click('button[type=submit]');
	await page.waitForURL(/conversations\.html/);
	ok(true, 'signing in leads to the conversations');
}

async function checkCookie(ctx, page) {
	const c = (await ctx.cookies()).find((x) => x.name === 'fd_admin');
	ok(c && c.httpOnly && c.sameSite === 'Strict' && c.path ===
	    '/frontdesk/', 'the session cookie is HttpOnly, SameSite=Strict',
	    c);
	const visible = await page.evaluate(() => document.cookie);
	ok(visible.indexOf('fd_admin') < 0, 'and scripts cannot read it');
}

async function takeOverAndReply(page) {
	const row = 'tr[data-id="' + env.FD_CONV + '"] a';
	await page.waitForSelector(row);
	await page.click(row);
	await page.waitForSelector('#messages li.patient');
	is(await page.textContent('#messages li.patient .text'), env.FD_XSS,
	    'the patient\'s markup is shown as text');
	is((await page.$$('#messages img, #messages script')).length, 0,
	    'no element was made from it');
	await page.click('#takeover');
	await page.waitForFunction(() => /staff/.test(
	    document.getElementById('conv-status').textContent));
	ok(true, 'take over: the status shows staff');
	const reply = 'Hello, this is Ann from reception 👋';
	await page.fill('#text', reply);
	await page.click('#reply button[type=submit]');
	await page.waitForSelector('#messages li.staff');
	is(await page.textContent('#messages li.staff .text'), reply,
	    'the reply appears in the conversation');
	const r = await fetch(base + 'api/v1/conversations/' + env.FD_CONV +
	    '/messages?after=0', { headers: {
		Authorization: 'Bearer ' + env.FD_TOKEN } });
	const j = await r.json();
	ok(j.messages.some((m) => m.from === 'staff' && m.text === reply),
	    'the patient\'s widget API gets it, from staff',
	    j.messages.map((m) => m.from));
}

async function answerGap(page) {
	await page.click('nav a[href="gaps.html"]');
	await page.waitForSelector('.gap');
	const gap = page.locator('.gap', { hasText: 'needling' });
	is(await gap.locator('.question').textContent(),
	    'Do you do <b>dry</b> needling?', 'a gap is listed, as text');
	is((await page.$$('.gap b, .gap img, .gap script')).length, 0,
	    'the questions\' markup makes no elements');
	await gap.locator('.faq-a').fill('Yes, our physiotherapists do.');
	await gap.locator('button[type=submit]').click();
	await page.waitForFunction(() => /Added to the FAQs/.test(
	    document.getElementById('status').textContent));
	ok(true, 'answering it adds an FAQ');
	await gap.waitFor({ state: 'detached' });
	ok(true, 'and it leaves the list');
}

async function main() {
	const dialogs = [], refused = [];
	let browser = null;

	try {
		browser = await chromium.launch({
			executablePath: env.FD_CHROMIUM || '/usr/bin/chromium',
			args: ['--headless', '--no-sandbox', '--disable-gpu',
			    '--disable-background-networking',
			    '--no-first-run'],
		});
		const ctx = await browser.newContext();
		const page = await ctx.newPage();
		page.setDefaultTimeout(15000);
		page.on('dialog', (d) => {
			dialogs.push(d.message());
			d.dismiss().catch(() => {});
		});
		page.on('console', (m) => {
			if (/Content Security Policy|Refused to/.test(m.text()))
				refused.push(m.text());
		});
		await signIn(page);
		await checkCookie(ctx, page);
		await takeOverAndReply(page);
		await answerGap(page);
		is(dialogs.length, 0, 'no script from the data ran');
		is(refused.length, 0, 'the pages break no CSP rule');
		if (refused.length)
			console.log('# ' + refused.join('\n# '));
	} catch (e) {
		ok(false, 'the test ran to its end', String(e && e.stack || e));
	} finally {
		if (browser)
			await browser.close().catch(() => {});
	}
	console.log('1..' + n);
	process.exit(failed ? 1 : 0);
}

main();
