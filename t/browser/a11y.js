/*
 * Accessibility and phones: a keyboard-only conversation (open, send,
 * pick a quick reply, Escape, focus back on the launcher), labelled
 * controls, the live region announcing replies only; on a phone-sized
 * screen a full-screen panel with inputs of at least 16px; right-to-left
 * layout for an Urdu conversation.
 */
'use strict';
const T = require('./lib');

/* The element that has the focus, inside the widget or not. */
function focused(p) {
	return p.evaluate(() => {
		const h = document.querySelector('frontdesk-chat');
		const a = document.activeElement === h ? h.shadowRoot.activeElement :
		    document.activeElement;
		return a ? (a.id || a.className || a.tagName) + ':' +
		    (a.getAttribute('aria-label') || a.textContent || '').trim() : '';
	});
}

T.main(async (browser) => {
	const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
	const p = await T.page(ctx);
	await p.goto(T.env.host + 'plain.html');
	await p.waitForSelector('frontdesk-chat', { state: 'attached' });

	/* Tab from the top of the page to the launcher. */
	let at = '', i;
	for (i = 0; i < 10 && !/^launch/.test(at); i++) {
		await p.keyboard.press('Tab');
		at = await focused(p);
	}
	T.ok(/^launch/.test(at), 'Tab reaches the launcher', at);
	T.like = (s, re, name) => T.ok(re.test(s), name, s);
	T.like(at, /Chat with us/, 'which has a name');
	const exp0 = await T.inShadow(p, (r) => r.querySelector('.launch').getAttribute('aria-expanded'));
	T.is(exp0, 'false', 'and says it is collapsed');
	await p.keyboard.press('Enter');
	await T.until(p, (r) => r.querySelector('h2').textContent !== 'Chat');
	T.like(await focused(p), /^fd-in/, 'Enter opens the chat with focus in the message box');
	const aria = await T.inShadow(p, (r) => {
		const panel = r.querySelector('.panel');
		const lab = r.getElementById(panel.getAttribute('aria-labelledby'));
		const unnamed = Array.from(r.querySelectorAll('button, textarea, input'))
		    .filter((c) => !(c.getAttribute('aria-label') || c.textContent.trim() ||
		    (c.id && r.querySelector('label[for="' + c.id + '"]'))));
		return [panel.getAttribute('role'), lab && lab.textContent,
		    r.querySelector('.launch').getAttribute('aria-expanded'),
		    unnamed.length, r.querySelectorAll('[aria-live]').length,
		    r.querySelector('[aria-live]').textContent];
	});
	T.is(aria[0], 'dialog', 'the panel is a dialog');
	T.is(aria[1], 'Oakwood Dental Practice', "named by the clinic's name");
	T.is(aria[2], 'true', 'the launcher says it is expanded');
	T.is(aria[3], 0, 'every control has a name');
	T.is(aria[4], 1, 'there is one live region');
	T.is(aria[5], '', 'the greeting is not announced');

	await p.keyboard.type('Do you see children?');
	await p.keyboard.press('Enter');
	await T.until(p, (r) => r.querySelectorAll('.m:not(.pending)').length >= 3 &&
	    r.querySelector('.typing').hidden);
	const live = await T.inShadow(p, (r) => [r.querySelector('[aria-live]').textContent,
	    Array.from(r.querySelectorAll('.m')).pop().querySelector('.b').textContent]);
	T.ok(live[0] && live[0] === live[1], 'the reply, and only it, is announced', live);
	T.like(await focused(p), /^fd-in/, 'focus stays in the message box after sending');

	/* Tab through the panel: every control reachable, none trapped. */
	const seen = [];
	for (i = 0; i < 12; i++) {
		await p.keyboard.press('Shift+Tab');
		seen.push(await focused(p));
	}
	T.ok(seen.some((s) => /Start a new conversation/.test(s)) &&
	    seen.some((s) => /Close chat/.test(s)) &&
	    seen.some((s) => /^log/.test(s)),
	    'Shift+Tab reaches the conversation, Start again and Close', seen);
	await p.keyboard.press('Escape');
	at = await focused(p);
	T.like(at, /^launch/, 'Escape closes and puts focus back on the launcher');
	T.is(await T.inShadow(p, (r) => r.querySelector('.panel').hidden), true, 'closed');
	await p.keyboard.press('Enter');
	T.like(await focused(p), /^fd-in/, 'reopened from the keyboard');
	for (i = 0; i < 6 && !/Close chat/.test(at); i++) {
		await p.keyboard.press('Shift+Tab');
		at = await focused(p);
	}
	if (/Close chat/.test(at)) {
		await p.keyboard.press('Enter');
		T.like(await focused(p), /^launch/, 'the Close button closes it, focus on the launcher');
	} else {
		T.ok(false, 'the Close button is reachable backwards from the log', at);
	}
	const ring = await T.inShadow(p, (r) => {
		const s = getComputedStyle(r.querySelector('.launch'));
		return [s.outlineStyle, parseFloat(s.outlineWidth)];
	});
	T.ok(ring[0] !== 'none' && ring[1] >= 2, 'the focused launcher shows a focus ring', ring);
	await ctx.close();

	/* A phone. */
	const phone = await browser.newContext({ viewport: { width: 390, height: 844 },
	    deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'ur-PK' });
	const m = await T.page(phone);
	await m.goto(T.env.demo + 'oakwood-dental.html');
	await m.waitForSelector('frontdesk-chat', { state: 'attached' });
	await m.locator('frontdesk-chat >> .launch').tap();
	await T.until(m, (r) => r.querySelector('h2').textContent !== 'Chat');
	const box = await T.inShadow(m, (r) => {
		const b = r.querySelector('.panel').getBoundingClientRect();
		return [b.left, b.top, b.width, b.height,
		    parseFloat(getComputedStyle(r.querySelector('#fd-in')).fontSize),
		    r.querySelector('.panel').getAttribute('dir'),
		    r.querySelector('.panel').getAttribute('lang')];
	});
	T.is(box.slice(0, 4).join(','), '0,0,390,844', 'on a phone the panel fills the screen');
	T.ok(box[4] >= 16, 'the message box is at least 16px, so iOS does not zoom (B27)');
	T.is(box[5] + ' ' + box[6], 'rtl ur', "an Urdu visitor's panel is laid out right to left");
	const sendBox = await m.locator('frontdesk-chat >> .compose .go').boundingBox();
	T.ok(sendBox.width >= 44 && sendBox.height >= 44, 'the send button is a large target');
	await m.locator('frontdesk-chat >> #fd-in').fill('کیا آپ بچوں کو دیکھتے ہیں؟');
	await m.locator('frontdesk-chat >> .compose .go').tap();
	await T.until(m, (r) => r.querySelectorAll('.m:not(.pending)').length >= 3);
	const dirs = await T.inShadow(m, (r) => Array.from(r.querySelectorAll('.m'))
	    .map((x) => x.className.split(' ')[1] + '=' + x.dir + '/' + x.getAttribute('lang')));
	T.ok(dirs.every((d) => /=rtl|=auto/.test(d)), 'the messages are laid out right to left', dirs);
	await m.screenshot({ path: T.env.out + '/widget-phone.png' });
	const tap = await T.inShadow(m, (r) => {
		const c = r.querySelector('.hb').getBoundingClientRect();
		return [c.width, c.height];
	});
	T.ok(tap[0] >= 24 && tap[1] >= 24, 'header buttons are at least 24px (WCAG 2.5.8)', tap);
	await phone.close();
});
