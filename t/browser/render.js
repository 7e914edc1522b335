/*
 * What the widget makes of each kind of message, against a scripted API
 * (request interception): quick replies, forms with validation, booking
 * card, emergency with tel: links, staff label, right-to-left languages,
 * retry with the same Idempotency-Key, error states, a lost conversation,
 * colours kept readable whatever the clinic's colour.
 */
'use strict';
const T = require('./lib');

const TOKEN = 't'.repeat(43);
let nextId = 1;

function msg(from, text, extra) {
	return Object.assign({
		id: nextId++, from: from, text: text, language: 'en',
		created_at: '2026-12-03T14:05:00Z', choices: null, form: null,
		booking: null, emergency: false
	}, extra || {});
}

/* A scripted API: replies[] answers the POSTs in turn (a function of the
 * body), polls[] the GETs; every request is recorded in api.log. */
async function scripted(ctx, settings) {
	const api = { log: [], replies: [], polls: [], settingsFail: 0 };
	await ctx.route('**/frontdesk/api/v1/**', async (route) => {
		const r = route.request(), u = new URL(r.url());
		const body = r.postData() ? JSON.parse(r.postData()) : null;
		const h = await r.allHeaders();
		api.log.push({ method: r.method(), path: u.pathname + u.search, body: body,
		    idem: h['idempotency-key'], auth: h.authorization });
		const json = (status, obj, headers) => route.fulfill({ status: status,
		    contentType: 'application/json', headers: headers || {},
		    body: JSON.stringify(obj) });
		if (/\/widget$/.test(u.pathname)) {
			if (api.settingsFail-- > 0)
				return json(503, { error: { code: 'unavailable', message: 'x' } });
			return json(200, settings);
		}
		if (/\/conversations$/.test(u.pathname))
			return json(201, { conversation: 7, token: TOKEN,
			    messages: [msg('assistant', settings.greeting)] });
		if (r.method() === 'GET') {
			const f = api.polls.shift();
			if (f)
				return f(json);
			return json(200, { messages: [], last_id: nextId - 1, poll_ms: 1000 });
		}
		const f = api.replies.shift();
		if (!f)
			return json(500, { error: { code: 'x', message: 'unscripted' } });
		return f(json, body);
	});
	return api;
}

function answer(list) {
	return (json, body) => {
		const mine = msg('patient', body.text || (body.choice ? 'picked' : 'details'));
		return json(200, { messages: [mine].concat(list), last_id: nextId - 1 });
	};
}

function lastPost(api) {
	return api.log.filter((l) => l.method === 'POST' &&
	    /messages$/.test(l.path)).pop();
}

async function open(p, url) {
	await p.goto(url);
	await p.waitForSelector('frontdesk-chat', { state: 'attached' });
	await p.locator('frontdesk-chat >> .launch').click();
	await T.until(p, (r) => r.querySelector('h2').textContent !== 'Chat');
}

const SETTINGS = {
	name: 'Riverside Physiotherapy', greeting: 'Hello, how can I help?',
	colour: '#0b7a75', languages: ['en', 'ur'], open_now: false, proactive: [],
	privacy_notice_url: 'https://riverside-physio.example/privacy'
};

T.main(async (browser) => {
	const url = T.env.demo + 'riverside-physio.html';
	const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
	const api = await scripted(ctx, SETTINGS);
	const p = await T.page(ctx);
	await open(p, url);
	T.like = (s, re, name) => T.ok(re.test(s), name, s);

	/* Quick replies. */
	api.replies.push(answer([msg('assistant', 'I have these times:', {
		choices: [{ label: 'Thu 15 Oct, 14:00', value: 'slot:abc' },
		    { label: 'Fri 16 Oct, 16:30', value: 'slot:def' }] })]));
	await T.ask(p, 'I want to book');
	const first = lastPost(api);
	T.is(first.auth, 'Bearer ' + TOKEN, 'messages carry the token in a header');
	T.ok(/^[0-9a-f]{32}$/.test(first.idem || ''), 'and a random Idempotency-Key');
	T.is(JSON.stringify(first.body), '{"text":"I want to book"}', 'text is sent as {"text"}');
	const labels = await T.inShadow(p, (r) => Array.from(
	    r.querySelectorAll('.ch button')).map((b) => b.textContent));
	T.is(labels.join('|'), 'Thu 15 Oct, 14:00|Fri 16 Oct, 16:30',
	    'choices become buttons with their labels');
	api.replies.push(answer([msg('assistant', 'Your details, please.', {
		form: { fields: [
			{ name: 'name', label: 'Full name', type: 'text' },
			{ name: 'phone', label: 'Mobile number', type: 'tel' },
			{ name: 'date_of_birth', label: 'Date of birth', type: 'date' },
			{ name: 'email', label: 'E-mail', type: 'email' }] } })]));
	await p.locator('frontdesk-chat >> .ch button >> nth=0').click();
	await T.until(p, (r) => r.querySelector('.f'));
	const pick = lastPost(api);
	T.is(JSON.stringify(pick.body), '{"choice":"slot:abc"}',
	    'a picked choice is sent as {"choice": value}');
	T.ok(pick.idem && pick.idem !== first.idem, 'with a key of its own');
	const gone = await T.inShadow(p, (r) => Array.from(
	    r.querySelectorAll('.ch button')).every((b) => b.disabled));
	T.ok(gone, 'answered choices can no longer be picked');

	/* A form: native inputs by type, validation messages. */
	const fields = await T.inShadow(p, (r) => Array.from(
	    r.querySelectorAll('.f input')).map((i) => [i.type,
	    r.querySelector('label[for="' + i.id + '"]').textContent,
	    parseFloat(getComputedStyle(i).fontSize)]));
	T.is(fields.map((f) => f[0]).join(','), 'text,tel,date,email',
	    'form fields are native inputs of their types');
	T.is(fields.map((f) => f[1]).join(','), 'Full name,Mobile number,Date of birth,E-mail',
	    'each with its label');
	T.ok(fields.every((f) => f[2] >= 16), 'inputs are at least 16px');
	const posts = api.log.length;
	await p.locator('frontdesk-chat >> .f button').click();
	let errs = await T.inShadow(p, (r) => [Array.from(r.querySelectorAll('.f .err'))
	    .map((e) => e.textContent), r.activeElement && r.activeElement.name,
	    r.querySelector('.f input').getAttribute('aria-invalid')]);
	T.ok(errs[0].every((e) => e.length > 5), 'an empty form: every field says what is missing', errs);
	T.is(errs[1], 'name', 'focus goes to the first field to fix');
	T.is(errs[2], 'true', 'marked aria-invalid');
	T.is(api.log.length, posts, 'and nothing is sent');
	await p.locator('frontdesk-chat >> input[name=name]').fill('Aoife Byrne');
	await p.locator('frontdesk-chat >> input[name=phone]').fill('07700 900123');
	await p.locator('frontdesk-chat >> input[name=date_of_birth]').fill('1988-04-05');
	await p.locator('frontdesk-chat >> input[name=email]').fill('aoife@example');
	await p.locator('frontdesk-chat >> .f button').click();
	errs = await T.inShadow(p, (r) => Array.from(r.querySelectorAll('.f .err'))
	    .map((e) => e.textContent));
	T.ok(!errs[0] && !errs[1] && !errs[2] && /e-mail/.test(errs[3]),
	    'a wrong e-mail address alone is flagged', errs);
	await p.locator('frontdesk-chat >> input[name=email]').fill('aoife@example.com');
	api.replies.push(answer([msg('assistant', 'You are booked in.', {
		booking: { reference: 'RP-7K2Q', service: 'Follow-up physiotherapy session',
		    practitioner: 'Dr. Elena Martinez', start: '2027-04-06T10:00:00+01:00',
		    duration_min: 30, price: { amount: 6000, currency: 'GBP' } } })]));
	await p.locator('frontdesk-chat >> .f button').click();
	await T.until(p, (r) => r.querySelector('.card'));
	T.is(JSON.stringify(lastPost(api).body), '{"form":{"name":"Aoife Byrne",' +
	    '"phone":"07700 900123","date_of_birth":"1988-04-05",' +
	    '"email":"aoife@example.com"}}', 'the form is sent as {"form": {...}}');

	/* The booking card, in the clinic's wall-clock time (B01). */
	const card = await T.inShadow(p, (r) => r.querySelector('.card').innerText);
	T.like(card, /RP-7K2Q/, 'the booking card shows the reference');
	T.like(card, /Follow-up physiotherapy session/, 'the service');
	T.like(card, /Dr\. Elena Martinez/, 'the practitioner');
	T.like(card, /Tue 6 Apr 2027, 10:00/, 'the time as the clinic says it');
	T.like(card, /£60\.00/, 'and the price');

	/* Emergency: styled apart, numbers tappable. */
	api.replies.push(answer([msg('assistant', 'This could be an emergency. Call ' +
	    '999 now. If it is not life-threatening, call NHS 111. Samaritans: ' +
	    '116 123. The clinic: +44 20 7946 0321.', { emergency: true })]));
	await T.ask(p, 'crushing chest pain');
	const sos = await T.inShadow(p, (r) => {
		const m = r.querySelector('.sos');
		return m && [Array.from(m.querySelectorAll('a')).map((a) =>
		    a.getAttribute('href')), m.querySelector('.who').textContent,
		    getComputedStyle(m.querySelector('.b')).borderTopColor];
	});
	T.ok(sos, 'an emergency message is styled apart');
	T.is(sos && sos[0].join(' '), 'tel:999 tel:111 tel:116123 tel:+442079460321',
	    'its phone numbers are tel: links');
	T.is(sos && sos[1], 'Urgent', 'and it is labelled');
	await p.screenshot({ path: T.env.out + '/widget-emergency.png' });

	/* A typing indicator while the turn runs. */
	api.replies.push(async (json, body) => {
		await T.sleep(1500);
		return answer([msg('assistant', 'That took a moment.')])(json, body);
	});
	await p.locator('frontdesk-chat >> #fd-in').fill('slow one');
	await p.locator('frontdesk-chat >> #fd-in').press('Enter');
	await T.sleep(300);
	const typing = await T.inShadow(p, (r) => [!r.querySelector('.typing').hidden,
	    r.querySelector('[aria-live]').textContent]);
	T.ok(typing[0], 'a typing indicator shows while the turn runs');
	T.ok(!/typing/i.test(typing[1]), 'and is not announced');
	await T.until(p, (r) => r.querySelector('.typing').hidden &&
	    /a moment/.test(r.querySelector('.log').textContent));
	T.ok(true, 'it goes when the reply arrives');

	/* Server text is text, also when it looks like markup. */
	api.replies.push(answer([msg('assistant', '<b>bold</b> <a href="javascript:x">y</a>')]));
	const said = await T.ask(p, 'markup?');
	T.is(said, '<b>bold</b> <a href="javascript:x">y</a>', 'reply markup is shown literally');

	/* Staff replies arrive by polling, labelled; RTL by language. */
	api.polls.push((json) => json(200, { messages: [
		msg('staff', 'Hello, this is Sarah at reception.'),
		msg('assistant', 'السلام علیکم، میں مدد کر سکتا ہوں۔', { language: 'ur' })],
		last_id: nextId - 1, poll_ms: 1000 }));
	await T.until(p, (r) => r.querySelector('.staff'), null, 10000);
	const staff = await T.inShadow(p, (r) => [r.querySelector('.staff .who').textContent,
	    r.querySelector('[aria-live]').textContent]);
	T.is(staff[0], 'Clinic staff', 'a staff message is labelled as such');
	T.like(staff[1], /Sarah at reception/, 'and announced');
	await T.until(p, (r) => r.querySelector('.m[lang=ur]'));
	const dirs = await T.inShadow(p, (r) => [r.querySelector('.m[lang=ur]').dir,
	    r.querySelector('.staff').dir]);
	T.is(dirs.join(','), 'rtl,ltr', 'an Urdu message is laid out right to left, English left to right');
	const after = api.log.filter((l) => l.method === 'GET' && /after=/.test(l.path));
	T.ok(after.length >= 1 && after.every((l) => /after=\d+$/.test(l.path)),
	    'polls ask only for messages after the last one seen', after.map((l) => l.path));

	/* A failed send: the note and Retry with the same Idempotency-Key. */
	api.replies.push((json) => json(503, { error: { code: 'unavailable', message: 'x' } },
	    { 'Retry-After': '1' }));
	api.replies.push(answer([msg('assistant', 'Got it the second time.')]));
	await p.locator('frontdesk-chat >> #fd-in').fill('please arrive');
	await p.locator('frontdesk-chat >> #fd-in').press('Enter');
	await T.until(p, (r) => r.querySelector('.note button'));
	const pend = await T.inShadow(p, (r) => !!r.querySelector('.pending'));
	T.ok(pend, 'a message that failed stays shown as not sent, with Retry');
	const k1 = lastPost(api).idem;
	await p.locator('frontdesk-chat >> .note button').click();
	await T.until(p, (r) => /second time/.test(r.querySelector('.log').textContent));
	T.is(lastPost(api).idem, k1, 'the retry reuses the Idempotency-Key');
	const dup = await T.inShadow(p, (r) => [r.querySelectorAll('.pending').length,
	    r.querySelectorAll('.note').length]);
	T.is(dup.join(','), '0,0', 'and leaves one message, no error');

	/* The conversation is gone on the server: the widget starts afresh. */
	api.polls.push((json) => json(401, { error: { code: 'unauthorized', message: 'x' } }));
	await T.until(p, (r) => !r.querySelector('.bar').hidden, null, 10000);
	const lost = await T.inShadow(p, (r) => r.querySelector('.bar').textContent);
	T.like(lost, /ended/, 'a conversation the server no longer knows: said so');
	T.is(await p.evaluate(() => localStorage.getItem('frontdesk:riverside-physio')),
	    null, 'and forgotten');
	await p.close();

	/* Settings unavailable on open: error with Retry. */
	api.settingsFail = 1;
	const q = await T.page(ctx);
	await q.goto(url);
	await q.waitForSelector('frontdesk-chat', { state: 'attached' });
	await q.locator('frontdesk-chat >> .launch').click();
	await T.until(q, (r) => !r.querySelector('.bar').hidden);
	T.like(await T.inShadow(q, (r) => r.querySelector('.bar').textContent),
	    /unavailable/, 'settings that fail to load: an error with Retry');
	await q.locator('frontdesk-chat >> .bar button').click();
	const t2 = await T.until(q, (r) => r.querySelector('h2').textContent !== 'Chat' &&
	    r.querySelector('.bar').hidden && r.querySelector('h2').textContent);
	T.is(t2, 'Riverside Physiotherapy', 'Retry loads them');

	/* Offline: said so, and the send can be retried. */
	await ctx.setOffline(true);
	await q.locator('frontdesk-chat >> #fd-in').fill('are you there?');
	await q.locator('frontdesk-chat >> #fd-in').press('Enter');
	await T.until(q, (r) => r.querySelector('.note'));
	T.like(await T.inShadow(q, (r) => r.querySelector('.note').textContent),
	    /offline|reached/, 'offline: the message is not sent and the note says why');
	await ctx.setOffline(false);
	api.replies.push(answer([msg('assistant', 'Back online.')]));
	await q.locator('frontdesk-chat >> .note button').click();
	await T.until(q, (r) => /Back online/.test(r.querySelector('.log').textContent));
	T.ok(true, 'back online, Retry sends it');
	await q.close();
	await ctx.close();

	/* Colour: readable text whatever the clinic's colour. */
	for (const colour of ['#0b7a75', '#ffeb3b', '#7fd1ff', '#222222', 'not-a-colour']) {
		const c2 = await browser.newContext();
		await scripted(c2, Object.assign({}, SETTINGS, { colour: colour }));
		const r = await T.page(c2);
		await open(r, url);
		const st = await T.inShadow(r, (root) => {
			const h = getComputedStyle(root.querySelector('.head'));
			const l = getComputedStyle(root.querySelector('.launch'));
			const a = getComputedStyle(root.querySelector('.intro a'));
			return [h.color, h.backgroundColor, l.color, l.backgroundColor, a.color];
		});
		const w = 'rgb(255, 255, 255)';
		T.ok(T.contrast(st[0], st[1]) >= 4.5 && T.contrast(st[2], st[3]) >= 4.5 &&
		    T.contrast(st[4], w) >= 4.5, 'colour ' + colour + ': header, launcher ' +
		    'and links keep a contrast of 4.5:1', st);
		await c2.close();
	}
});
