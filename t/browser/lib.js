/*
 * What the widget's browser tests share: TAP output, Chromium, and helpers
 * to reach inside the widget's shadow root.  Run by the t/7x-*.t wrappers
 * (t/lib/fdbrowser.py), which set FD_BASE, FD_HOST, FD_EVIL, FD_OUT.
 */
'use strict';
const path = require('path');
const { chromium } = require('playwright-core');

const env = {
	base: process.env.FD_BASE,
	host: process.env.FD_HOST,
	evil: process.env.FD_EVIL,
	log: process.env.FD_ACCESS_LOG,
	out: process.env.FD_OUT || path.join(__dirname, '..', 'out'),
};
env.demo = env.base + 'static/demo/';

let n = 0, failed = 0;

function ok(cond, name, diag) {
	n++;
	console.log((cond ? '' : 'not ') + 'ok ' + n + ' - ' + name);
	if (!cond) {
		failed++;
		if (diag !== undefined)
			note(typeof diag === 'string' ? diag : JSON.stringify(diag));
	}
	return !!cond;
}

function is(got, want, name) {
	return ok(got === want, name, 'got ' + JSON.stringify(got) +
	    ', want ' + JSON.stringify(want));
}

function note(s) {
	String(s).split('\n').forEach((l) => console.log('# ' + l));
}

function skip(name, why) {
	n++;
	console.log('ok ' + n + ' - ' + name + ' # SKIP ' + why);
}

function todo(name, why) {
	n++;
	console.log('not ok ' + n + ' - ' + name + ' # TODO ' + why);
}

let browser = null;

/* playwright gives every launch a fresh --user-data-dir of its own. */
async function launch() {
	browser = await chromium.launch({
		executablePath: process.env.FD_CHROMIUM || '/usr/bin/chromium',
		args: ['--headless', '--no-sandbox', '--disable-gpu',
		    '--disable-background-networking', '--disable-component-update',
		    '--disable-sync', '--no-first-run'],
	});
	return browser;
}

async function finish() {
	if (browser)
		await browser.close().catch(() => {});
	console.log('1..' + n);
	process.exit(failed ? 1 : 0);
}

/* Runs main(browser); any exception is one failed test. */
function main(fn) {
	launch().then(fn).catch((e) => {
		ok(false, 'the test ran to its end', e && e.stack || String(e));
	}).then(finish);
	setTimeout(() => {
		ok(false, 'the test finished within 5 minutes');
		finish();
	}, 300000).unref();
}

/* A page with a record of every API request it made. */
async function page(ctx, opts) {
	const p = await ctx.newPage(opts);
	p.setDefaultTimeout(20000);
	p.api = [];
	p.dialogs = [];
	p.on('request', (r) => {
		if (r.url().indexOf('/frontdesk/api/') >= 0)
			p.api.push(r.method() + ' ' + r.url().replace(/^.*\/frontdesk\//, ''));
	});
	p.on('dialog', (d) => {
		p.dialogs.push(d.message());
		d.dismiss().catch(() => {});
	});
	return p;
}

/* Evaluates fn(shadowRoot, arg) in the page. */
function inShadow(p, fn, arg) {
	return p.evaluate(([src, a]) => {
		const host = document.querySelector('frontdesk-chat');
		const f = new Function('return ' + src)();
		return f(host && host.shadowRoot, a);
	}, [fn.toString(), arg]);
}

/* Waits until fn(shadowRoot, arg) is truthy in the page; returns it. */
async function until(p, fn, arg, ms) {
	const h = await p.waitForFunction(([src, a]) => {
		const host = document.querySelector('frontdesk-chat');
		const f = new Function('return ' + src)();
		return host && host.shadowRoot && f(host.shadowRoot, a);
	}, [fn.toString(), arg], { timeout: ms || 15000, polling: 100 });
	return h.jsonValue();
}

/* The texts of the messages shown, as "from: text". */
function messages(p) {
	return inShadow(p, (root) => Array.from(root.querySelectorAll('.m'))
	    .map((m) => m.className.split(' ')[1] + ': ' +
	    m.querySelector('.b').textContent));
}

/* Types text into the chat and waits for a reply after it. */
async function ask(p, text) {
	const before = await inShadow(p, (r) => r.querySelectorAll('.m').length);
	const input = p.locator('frontdesk-chat >> #fd-in');
	await input.fill(text);
	await input.press('Enter');
	return until(p, (r, n) => {
		const ms = Array.from(r.querySelectorAll('.m:not(.pending)'));
		const last = ms[ms.length - 1];
		return ms.length > n + 1 && !last.classList.contains('patient') &&
		    r.querySelector('.typing').hidden &&
		    last.querySelector('.b').textContent;
	}, before);
}

/* The contrast ratio of two CSS rgb() colours. */
function contrast(a, b) {
	const lum = (s) => {
		const c = s.match(/\d+(\.\d+)?/g).slice(0, 3).map((v) => {
			v = v / 255;
			return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
		});
		return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
	};
	const x = lum(a), y = lum(b);
	return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

function sleep(ms) {
	return new Promise((r) => setTimeout(r, ms));
}

module.exports = {
	env, ok, is, note, skip, todo, main, page, inShadow, until, messages,
	ask, contrast, sleep,
};
