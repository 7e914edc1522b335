/*
 * The widget on a demo clinic page: nothing requested or stored before the
 * chat is opened; open, ask, get an answer; reload and continue; start
 * again; text shown as text (B12); a screenshot of the open widget.
 */
'use strict';
const T = require('./lib');

T.main(async (browser) => {
	const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
	const p = await T.page(ctx);
	const url = T.env.demo + 'riverside-physio.html';

	await p.goto(url);
	await p.waitForSelector('frontdesk-chat', { state: 'attached' });
	await T.sleep(1500);
	T.is(p.api.length, 0, 'no API request before the chat is opened');
	const stored = await p.evaluate(() => [localStorage.length, sessionStorage.length]);
	T.is(stored.join(','), '0,0', 'nothing stored before the chat is opened');
	T.is(await p.locator('frontdesk-chat >> .panel').count(), 0,
	    'the panel is not even built yet');

	await p.locator('frontdesk-chat >> .launch').click();
	const title = await T.until(p, (r) => {
		const t = r.querySelector('h2');
		return t && t.textContent !== 'Chat' && t.textContent;
	});
	T.is(title, 'Riverside Physiotherapy', 'opened: the clinic name is shown');
	T.ok(p.api.some((r) => /^GET api\/v1\/clinics\/riverside-physio\/widget/.test(r)),
	    'the settings are fetched on open', p.api);
	const priv = await T.inShadow(p, (r) => {
		const a = r.querySelector('.intro a');
		return a && a.href;
	});
	T.is(priv, 'https://riverside-physio.example/privacy', 'the privacy notice is linked');
	const greet = await T.messages(p);
	T.ok(greet.length === 1 && /here to help/.test(greet[0]),
	    'the clinic greeting is shown', greet);
	const focus = await p.evaluate(() => {
		const h = document.querySelector('frontdesk-chat');
		return document.activeElement === h && h.shadowRoot.activeElement.id;
	});
	T.is(focus, 'fd-in', 'focus is in the message box');
	const colour = await T.inShadow(p, (r) =>
	    getComputedStyle(r.querySelector('.head')).backgroundColor);
	T.is(colour, 'rgb(11, 122, 117)', "the header has the clinic's colour");
	T.is((await p.evaluate(() => localStorage.length)), 0,
	    'opening alone stores nothing');

	const reply = await T.ask(p, 'Is there parking?');
	T.ok(reply && reply.length > 10, 'asked a question: an answer comes back', reply);
	const shown = await T.messages(p);
	T.ok(shown.some((m) => m === 'patient: Is there parking?'),
	    "the patient's message is shown", shown);
	const live = await T.inShadow(p, (r) => r.querySelector('[aria-live]').textContent);
	T.is(live, reply, 'the reply is announced in the polite live region');
	const conv = await p.evaluate(() => JSON.parse(
	    localStorage.getItem('frontdesk:riverside-physio')));
	T.ok(conv && conv.id && conv.token && conv.token.length >= 32,
	    'the conversation id and token are kept in localStorage');
	T.ok(p.api.some((r) => r === 'POST api/v1/conversations'),
	    'the conversation was created', p.api);
	await p.screenshot({ path: T.env.out + '/widget-desktop.png' });

	/* B12: markup typed by a patient is shown as the same characters. */
	const evil = '<img src=x onerror=alert(1)> <script>alert(document.cookie)' +
	    '</script> see [x](javascript:alert(2))';
	await T.ask(p, evil);
	const lit = await T.inShadow(p, (r, s) => {
		const ms = Array.from(r.querySelectorAll('.patient .b'));
		return [ms.some((b) => b.textContent === s),
		    r.querySelectorAll('.log img, .log script').length,
		    Array.from(r.querySelectorAll('.log a')).filter((a) =>
		    /^javascript:/i.test(a.getAttribute('href'))).length];
	}, evil);
	T.ok(lit[0], 'markup in a message is shown as literal text (B12)');
	T.is(lit[1] + lit[2], 0, 'no element and no javascript: link is made from it');
	T.is(p.dialogs.length, 0, 'no script ran');

	/* Reload mid-conversation, and on another page of the site. */
	const before = await T.messages(p);
	await p.reload();
	await p.waitForSelector('frontdesk-chat', { state: 'attached' });
	await p.locator('frontdesk-chat >> .launch').click();
	await T.until(p, (r, n) => r.querySelectorAll('.m').length >= n, before.length);
	const after = await T.messages(p);
	T.is(JSON.stringify(after), JSON.stringify(before),
	    'after a reload the conversation is shown again, in order');
	const again = await T.ask(p, 'Do you offer dry needling?');
	T.ok(again, 'and it goes on after the reload');
	const conv2 = await p.evaluate(() => JSON.parse(
	    localStorage.getItem('frontdesk:riverside-physio')));
	T.is(conv2 && conv2.id, conv.id, 'in the same conversation');

	const p2 = await T.page(ctx);
	await p2.goto(T.env.demo + 'riverside-physio.html#team');
	await p2.locator('frontdesk-chat >> .launch').click();
	await T.until(p2, (r) => Array.from(r.querySelectorAll('.m .b')).some(
	    (b) => b.textContent === 'Do you offer dry needling?'));
	T.ok(true, 'another page of the site continues the same conversation');
	await p2.close();

	/* Escape closes, focus back on the launcher. */
	await p.keyboard.press('Escape');
	const closed = await T.inShadow(p, (r) => [r.querySelector('.panel').hidden,
	    r.activeElement && r.activeElement.className]);
	T.is(closed.join(','), 'true,launch', 'Escape closes; focus returns to the launcher');

	/* Start again forgets the conversation. */
	await p.locator('frontdesk-chat >> .launch').click();
	await p.locator('frontdesk-chat >> text=Start again').click();
	const fresh = await T.messages(p);
	T.ok(fresh.length === 1 && /here to help/.test(fresh[0]),
	    'start again: only the greeting is left', fresh);
	T.is(await p.evaluate(() => localStorage.getItem('frontdesk:riverside-physio')),
	    null, 'and the stored conversation is forgotten');
	await T.ask(p, 'Can I buy a gift voucher?');
	const conv3 = await p.evaluate(() => JSON.parse(
	    localStorage.getItem('frontdesk:riverside-physio')));
	T.ok(conv3 && conv3.id !== conv.id, 'the next message starts a new conversation');

	/* The other clinic keeps its own conversation (key per clinic). */
	const p3 = await T.page(ctx);
	await p3.goto(T.env.demo + 'oakwood-dental.html');
	await p3.locator('frontdesk-chat >> .launch').click();
	const t3 = await T.until(p3, (r) => r.querySelector('h2').textContent !== 'Chat' &&
	    r.querySelector('h2').textContent);
	T.is(t3, 'Oakwood Dental Practice', 'the dental page opens its own clinic');
	const m3 = await T.messages(p3);
	T.ok(m3.length === 1 && /smile/.test(m3[0]),
	    'with its own greeting and no other clinic\'s messages', m3);

	/* The demo index lists the clinics; / redirects to it. */
	const idx = await T.page(ctx);
	const res = await idx.goto(T.env.base.replace(/frontdesk\/$/, ''));
	T.ok(/\/frontdesk\/static\/demo\/$/.test(idx.url()) && res.ok(),
	    '/ leads to the demo index', idx.url());
	T.is(await idx.locator('a[href="riverside-physio.html"]').count(), 1,
	    'which links the demo clinics');

	/* The widget's own labels in the page's language, from the server. */
	const labels = (r) => [r.querySelector('.launch span').textContent,
	    r.querySelector('.compose .go').textContent,
	    r.querySelector('.hb').textContent,
	    r.querySelector('#fd-in').placeholder,
	    r.querySelector('.intro').textContent,
	    r.querySelector('.panel').getAttribute('lang'),
	    r.querySelector('.panel').getAttribute('dir')];
	const ctxFr = await browser.newContext({ locale: 'en-GB' });
	const fr = await T.page(ctxFr);
	await fr.goto(T.env.host + 'fr.html');
	await fr.locator('frontdesk-chat >> .launch').click();
	await T.until(fr, (r) => r.querySelector('.compose .go').textContent !== 'Send');
	const lf = await T.inShadow(fr, labels);
	T.is(lf.slice(0, 4).join('|'),
	    'Discuter avec nous|Envoyer|Recommencer|Écrivez votre message',
	    'a French page: the widget speaks French');
	T.ok(/^Merci de ne pas/.test(lf[4]), 'its privacy line too', lf[4]);
	T.is(lf[5] + ' ' + lf[6], 'fr ltr', 'laid out left to right');
	T.ok(fr.api.some((a) => /widget\?lang=fr$/.test(a)), 'asked with lang=fr', fr.api);
	await fr.screenshot({ path: T.env.out + '/widget-french.png' });
	await ctxFr.close();

	const ctxUr = await browser.newContext({ locale: 'en-GB' });
	const ur = await T.page(ctxUr);
	await ur.goto(T.env.host + 'ur.html');
	await ur.locator('frontdesk-chat >> .launch').click();
	await T.until(ur, (r) => r.querySelector('.compose .go').textContent !== 'Send');
	const lu = await T.inShadow(ur, labels);
	T.is(lu.slice(0, 4).join('|'),
	    'ہم سے بات کریں|بھیجیں|دوبارہ شروع کریں|اپنا پیغام لکھیں',
	    'data-lang="ur": the widget speaks Urdu');
	T.is(lu[5] + ' ' + lu[6], 'ur rtl', 'laid out right to left');
	const headBox = await T.inShadow(ur, (r) => {
		const h = r.querySelector('.head h2').getBoundingClientRect();
		const x = r.querySelector('.hb').getBoundingClientRect();
		return h.left > x.left;
	});
	T.ok(headBox, 'the title on the right, the buttons on the left');
	await ur.screenshot({ path: T.env.out + '/widget-urdu.png' });
	await ctxUr.close();

	/* An English page whose patient writes French: the labels follow. */
	const ctxSw = await browser.newContext({ locale: 'en-GB' });
	const sw = await T.page(ctxSw);
	await sw.goto(T.env.host + 'plain.html');
	await sw.locator('frontdesk-chat >> .launch').click();
	await T.until(sw, (r) => r.querySelector('h2').textContent !== 'Chat');
	T.is(await T.inShadow(sw, (r) => r.querySelector('.compose .go').textContent),
	    'Send', 'an English page: English labels');
	await T.ask(sw, 'Bonjour, quels sont vos horaires d\'ouverture le samedi ?');
	const sent = await T.until(sw, (r) =>
	    r.querySelector('.compose .go').textContent !== 'Send' &&
	    r.querySelector('.compose .go').textContent, null, 5000).catch(() => 'Send');
	T.is(sent, 'Envoyer', 'a reply in French: the labels turn French');
	T.is(sw.api.filter((a) => /widget\?lang=fr$/.test(a)).length, 1,
	    'asked for once', sw.api);
	await ctxSw.close();
});
