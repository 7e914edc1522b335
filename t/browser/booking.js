/*
 * Booking end to end through the widget: ask to book, then answer what
 * the clinic asks (pick offered choices, fill forms, type details) until
 * a booking card shows; the card's time is the clinic's wall-clock time.
 */
'use strict';
const T = require('./lib');

const DETAILS = {
	name: 'Aoife Byrne', tel: '07700 900123', phone: '07700 900123',
	mobile: '07700 900123', email: 'aoife@example.com',
	date_of_birth: '1988-04-05', dob: '1988-04-05', date: '1988-04-05',
};

/* What to type when the clinic asks in words. */
function answerFor(text) {
	if (/birth/i.test(text))
		return '05/04/1988';
	if (/mobile|phone|number/i.test(text))
		return '07700 900123';
	if (/e-?mail/i.test(text))
		return 'aoife@example.com';
	if (/name/i.test(text))
		return 'Aoife Byrne';
	return 'Yes, please book it';
}

T.main(async (browser) => {
	const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
	const p = await T.page(ctx);
	await p.goto(T.env.demo + 'riverside-physio.html');
	await p.waitForSelector('frontdesk-chat', { state: 'attached' });
	await p.locator('frontdesk-chat >> .launch').click();
	await T.until(p, (r) => r.querySelector('h2').textContent !== 'Chat');
	await T.ask(p, 'I would like to book a follow-up physiotherapy session');
	let card = null, steps = [];
	for (let i = 0; i < 14 && !card; i++) {
		const last = await T.inShadow(p, (r) => {
			const ms = Array.from(r.querySelectorAll('.m'));
			const m = ms[ms.length - 1];
			return {
				text: m.querySelector('.b').textContent,
				choices: m.querySelectorAll('.ch button:not([disabled])').length,
				form: Array.from(m.querySelectorAll('.f input:not([disabled])'))
				    .map((x) => [x.name, x.type]),
				card: r.querySelector('.card') && r.querySelector('.card').innerText,
			};
		});
		card = last.card;
		if (card)
			break;
		const n = await T.inShadow(p, (r) => r.querySelectorAll('.m').length);
		if (last.form.length) {
			steps.push('form ' + last.form.map((f) => f[0]).join(','));
			for (const [name, type] of last.form)
				await p.locator('frontdesk-chat >> .f input[name="' + name + '"]')
				    .last().fill(DETAILS[name] || DETAILS[type] || 'Aoife Byrne');
			await p.locator('frontdesk-chat >> .f button:not([disabled])').last().click();
		} else if (last.choices) {
			steps.push('choice');
			await p.locator('frontdesk-chat >> .ch button:not([disabled])').first().click();
		} else {
			const say = answerFor(last.text);
			steps.push('text ' + say);
			await p.locator('frontdesk-chat >> #fd-in').fill(say);
			await p.locator('frontdesk-chat >> #fd-in').press('Enter');
		}
		await T.until(p, (r, k) => r.querySelectorAll('.m:not(.pending)').length > k &&
		    r.querySelector('.typing').hidden && !r.querySelector('.note'), n);
	}
	T.note('steps: ' + steps.join(' / '));
	T.ok(card, 'a booking card appears', await T.messages(p));
	if (!card)
		return;
	T.ok(/Reference\s*\S+/.test(card), 'with a reference', card);
	T.ok(/Follow-up physiotherapy session/.test(card), 'the service', card);
	T.ok(/Dr\. (Elena Martinez|James Thompson)/.test(card), 'a practitioner', card);
	T.ok(/\w{3} \d{1,2} \w{3} 20\d\d, \d\d:\d\d/.test(card), 'and the time', card);
	await p.screenshot({ path: T.env.out + '/widget-booking.png' });
	const rows = await T.inShadow(p, (r) => r.querySelectorAll('.card').length);
	T.is(rows, 1, 'one booking');
});
