/*
 * The widget on a third-party page (B27): a host page on another origin
 * with hostile CSS keeps its own styles and the widget keeps its looks;
 * the conversation works across origins with no cookie; an origin the
 * clinic does not allow is refused (403, no CORS header); the proactive
 * message appears once per visit on matching pages only.
 */
'use strict';
const http = require('http');
const T = require('./lib');

function raw(method, url, origin, body) {
	return new Promise((resolve, reject) => {
		const u = new URL(url);
		const req = http.request({ method: method, host: u.hostname, port: u.port,
		    path: u.pathname, headers: { Origin: origin,
		    'Content-Type': 'application/json',
		    'Access-Control-Request-Method': 'POST' } }, (res) => {
			res.resume();
			res.on('end', () => resolve(res));
		});
		req.on('error', reject);
		req.end(body || '');
	});
}

function hostStyles(p) {
	return p.evaluate(() => {
		const pick = (el) => {
			const s = getComputedStyle(el);
			return [s.fontSize, s.fontFamily, s.color, s.borderRadius,
			    s.lineHeight, s.margin].join('|');
		};
		return [pick(document.getElementById('h')),
		    pick(document.getElementById('b')),
		    pick(document.querySelector('p')), pick(document.body)];
	});
}

T.main(async (browser) => {
	const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });

	/* The host page's styles with and without the widget. */
	const bare = await T.page(ctx);
	await bare.goto(T.env.host + 'hostile-bare.html');
	const without = await hostStyles(bare);
	T.is(without[0].split('|')[0], '40px', 'the hostile host page sets its h2 to 40px');
	await bare.close();

	const p = await T.page(ctx);
	await p.goto(T.env.host + 'hostile.html');
	await p.waitForSelector('frontdesk-chat', { state: 'attached' });
	await p.locator('frontdesk-chat >> .launch').click();
	await T.until(p, (r) => r.querySelector('h2').textContent !== 'Chat');
	const reply = await T.ask(p, 'Is the clinic wheelchair accessible?');
	T.ok(reply, 'from another origin the chat works (CORS)');
	const withw = await hostStyles(p);
	T.is(JSON.stringify(withw), JSON.stringify(without),
	    "the host page's h2, button, text and body styles are unchanged");
	const sheets = await p.evaluate(() => [document.styleSheets.length,
	    document.head.innerHTML.indexOf('frontdesk') < 0]);
	T.is(sheets.join(','), '1,true', 'the widget adds no style sheet to the page');
	const look = await T.inShadow(p, (r) => {
		const s = (sel) => getComputedStyle(r.querySelector(sel));
		return {
			launch: s('.launch').fontSize, title: s('h2').fontSize,
			text: s('.m .b').fontSize, input: s('#fd-in').fontSize,
			radius: s('.launch').borderTopLeftRadius,
			send: s('.go').borderTopLeftRadius,
			width: r.querySelector('.panel').getBoundingClientRect().width,
		};
	});
	T.is(look.launch, '15px', "the widget's text is its own size, not the host's 10px");
	T.is(look.title, '17px', "its heading is not the host's 40px h2");
	T.is(look.text, '15px', 'its messages are 15px');
	T.is(look.input, '16px', 'its input is 16px');
	T.ok(look.radius === '26px' && look.send === '10px',
	    "its buttons keep their rounded corners", look);
	T.is(look.width, 380, 'its panel keeps its width');
	const cookies = await ctx.cookies();
	T.is(cookies.length, 0, 'no cookie is involved (B27)');
	await p.screenshot({ path: T.env.out + '/widget-hostile-host.png' });

	/* Reload on the third-party page: the conversation goes on. */
	await p.reload();
	await p.waitForSelector('frontdesk-chat', { state: 'attached' });
	await p.locator('frontdesk-chat >> .launch').click();
	await T.until(p, (r) => Array.from(r.querySelectorAll('.patient .b')).some(
	    (b) => /wheelchair/.test(b.textContent)));
	T.ok(true, 'after a reload on the host page the conversation is back');
	await p.close();

	/* An origin the clinic does not allow. */
	const postUrl = T.env.base + 'api/v1/conversations';
	const body = JSON.stringify({ clinic: 'riverside-physio' });
	let res = await raw('POST', postUrl, 'https://evil.example', body);
	T.is(res.statusCode, 403, 'POST from https://evil.example: 403');
	T.is(res.headers['access-control-allow-origin'], undefined,
	    'with no Access-Control-Allow-Origin');
	res = await raw('OPTIONS', postUrl, 'https://evil.example');
	T.is(res.statusCode, 403, 'its preflight: 403');
	T.is(res.headers['access-control-allow-origin'], undefined, 'with no CORS header');
	res = await raw('OPTIONS', postUrl, T.env.host.replace(/\/$/, ''));
	T.is(res.headers['access-control-allow-origin'], T.env.host.replace(/\/$/, ''),
	    'the allowed host origin is allowed, exactly');

	const e = await T.page(ctx);
	await e.goto(T.env.evil + 'hostile.html');
	await e.waitForSelector('frontdesk-chat', { state: 'attached' });
	await e.locator('frontdesk-chat >> .launch').click();
	await e.locator('frontdesk-chat >> #fd-in').fill('hello');
	await e.locator('frontdesk-chat >> #fd-in').press('Enter');
	await T.until(e, (r) => r.querySelector('.note'));
	T.ok(true, 'on a page the clinic does not allow, the widget cannot chat and says so');
	T.is(await e.evaluate(() => localStorage.length), 0, 'and stores no conversation');
	await e.close();

	/* Proactive message: opt-in, matching path, after_seconds, once. */
	const ctx2 = await browser.newContext({ viewport: { width: 1280, height: 800 } });
	const q = await T.page(ctx2);
	await q.goto(T.env.host + 'other/page.html');
	await T.sleep(3500);
	T.is(await q.locator('frontdesk-chat >> .nudge').count(), 0,
	    'no proactive message on a page outside its path');
	await q.goto(T.env.host + 'sports-injuries/knee.html');
	T.is(await q.locator('frontdesk-chat >> .nudge').count(), 0,
	    'none before after_seconds');
	const nudge = await T.until(q, (r) => r.querySelector('.nudge') &&
	    r.querySelector('.nudge .go').textContent, null, 6000);
	T.ok(/sports injuries/.test(nudge), 'the proactive message appears on its page', nudge);
	T.ok(q.api.every((a) => /\/widget(\?lang=\w+)?$/.test(a)),
	    'having fetched only the settings', q.api);
	await q.locator('frontdesk-chat >> .nudge .go').click();
	const first = await T.messages(q);
	T.ok(/sports injuries/.test(first[0] || ''), 'opening it shows that message first', first);
	await q.keyboard.press('Escape');
	await q.reload();
	await T.sleep(3500);
	T.is(await q.locator('frontdesk-chat >> .nudge').count(), 0,
	    'shown once per visit');
	await q.close();
});
