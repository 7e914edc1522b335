/*
 * The polling budget (FAULTS B25), on a fake clock: three tabs with the
 * widget open (one hidden) and no conversation for 10 minutes make no
 * poll; with a conversation the open panel polls every poll_ms, a closed
 * panel or a hidden tab at most every 30 s; one request in flight per
 * tab; 503 with Retry-After: 60 for 2 minutes is honoured.  Requests are
 * counted by interception and checked against nginx's access log.
 */
'use strict';
const fs = require('fs');
const T = require('./lib');

const polls = (p) => p.api.filter((a) => /^GET .*\/messages\?after=/.test(a));

T.main(async (browser) => {
	const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
	await ctx.clock.install();
	await ctx.clock.pauseAt(new Date('2026-12-03T14:05:00Z'));
	let clock = 0, outage = false, mocked = 0;
	const flight = new Map(), maxFlight = new Map();

	await ctx.route('**/frontdesk/api/v1/**', (route) => {
		if (outage) {
			mocked++;
			return route.fulfill({ status: 503, contentType: 'application/json',
			    headers: { 'Retry-After': '60' },
			    body: '{"error":{"code":"unavailable","message":"down"}}' });
		}
		return route.continue();
	});
	async function tab(hidden) {
		const p = await T.page(ctx);
		p.times = [];
		if (hidden)
			await p.addInitScript(() => {
				Object.defineProperty(document, 'hidden', { get: () => true });
				Object.defineProperty(document, 'visibilityState',
				    { get: () => 'hidden' });
			});
		p.on('request', (r) => {
			if (r.url().indexOf('/api/') < 0)
				return;
			if (!/after=/.test(r.url()))
				return;
			p.times.push(clock);
			/* B25: polls, not settings or messages, one at a time. */
			const n = (flight.get(p) || 0) + 1;
			flight.set(p, n);
			maxFlight.set(p, Math.max(n, maxFlight.get(p) || 0));
		});
		const done = (r) => {
			if (/after=/.test(r.url()))
				flight.set(p, flight.get(p) - 1);
		};
		p.on('requestfinished', done);
		p.on('requestfailed', done);
		await p.goto(T.env.demo + 'riverside-physio.html');
		await p.waitForSelector('frontdesk-chat', { state: 'attached' });
		return p;
	}
	async function run(ms, step) {
		for (let t = 0; t < ms; t += step) {
			await ctx.clock.runFor(step);
			clock += step;
			await T.sleep(15);
		}
		await T.sleep(200);
	}
	const total = (tabs) => tabs.reduce((n, p) => n + p.api.length, 0);

	/* 10 minutes, three open tabs, one hidden, no conversation. */
	const tabs = [await tab(false), await tab(false), await tab(true)];
	for (const p of tabs) {
		await p.locator('frontdesk-chat >> .launch').click();
		await T.until(p, (r) => r.querySelector('h2').textContent !== 'Chat');
	}
	await run(600000, 5000);
	T.is(tabs.map((p) => polls(p).length).join(','), '0,0,0',
	    'no conversation, 10 minutes open in 3 tabs: no poll at all');
	T.is(total(tabs), 3, 'only the three settings requests on open');

	/* A conversation in tab 1: open panel polls at poll_ms. */
	const p = tabs[0];
	await T.ask(p, 'Is there parking?');
	const base = polls(p).length, t0 = clock;
	await run(60000, 500);
	const open = polls(p).length - base;
	T.ok(open >= 8 && open <= 16, 'open panel: ' + open + ' polls in 60 s ' +
	    '(poll_ms 4000)', p.times);
	const gaps = p.times.slice(1).map((t, i) => t - p.times[i])
	    .filter((g, i) => p.times[i] >= t0);
	/* seen at 500 ms steps: a gap may read one step short */
	T.ok(gaps.length && gaps.every((g) => g >= 3500) &&
	    gaps.reduce((x, y) => x + y, 0) / gaps.length >= 3950,
	    'never closer than poll_ms apart', gaps);

	/* Closed: at most every 30 s. */
	await p.keyboard.press('Escape');
	let b = polls(p).length;
	await run(120000, 1000);
	let n = polls(p).length - b;
	T.ok(n >= 2 && n <= 5, 'closed panel: ' + n + ' polls in 120 s (at most every 30 s)');

	/* The hidden tab picks the conversation up on reload: 30 s at most. */
	const h = tabs[2];
	await h.reload();
	await h.waitForSelector('frontdesk-chat', { state: 'attached' });
	await h.locator('frontdesk-chat >> .launch').click();
	b = polls(h).length;
	await run(120000, 1000);
	n = polls(h).length - b;
	T.ok(n >= 2 && n <= 5, 'hidden tab, panel open: ' + n + ' polls in 120 s');
	await h.close();

	/* 503 with Retry-After: 60 for 2 minutes, panel open. */
	await p.locator('frontdesk-chat >> .launch').click();
	await run(10000, 500);
	const before = total(tabs);
	b = polls(p).length;
	outage = true;
	await run(120000, 500);
	n = polls(p).length - b;
	outage = false;
	T.ok(n >= 1 && n <= 3, 'a 2-minute outage with Retry-After: 60: ' + n +
	    ' polls (backoff, Retry-After honoured)');
	const bar = await T.inShadow(p, (r) => !r.querySelector('.bar').hidden);
	T.ok(bar, 'the outage is shown, with Retry');
	const mid = polls(p).length;
	await run(130000, 1000);
	T.ok(polls(p).length > mid, 'polling resumes after the outage');
	const hidden = await T.inShadow(p, (r) => r.querySelector('.bar').hidden);
	T.ok(hidden, 'and the error goes away');
	T.ok(total(tabs) - before + 3 <= 60,
	    'budget: ≤ 60 requests for the 12 minutes of B25 (' +
	    (total(tabs) - before + 3) + ' here)');

	T.ok(Array.from(maxFlight.values()).every((v) => v <= 1),
	    'at most one poll in flight per tab', Array.from(maxFlight.values()));

	/* Cross-check with nginx's access log. */
	const lines = fs.readFileSync(T.env.log, 'utf8').split('\n')
	    .filter((l) => l.indexOf('/frontdesk/api/v1/') >= 0 && l.indexOf('health') < 0);
	const seen = tabs.reduce((s, t) => s + t.api.length, 0) - mocked;
	T.is(lines.length, seen, 'nginx logged exactly the requests the tabs made (' +
	    seen + ')');
});
