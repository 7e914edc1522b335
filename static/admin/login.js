/* The sign-in page. */
'use strict';

document.getElementById('login').addEventListener('submit', async (ev) => {
	ev.preventDefault();
	FD.say('Signing in…');
	const r = await FD.call('POST', 'login', {
		email: document.getElementById('email').value,
		password: document.getElementById('password').value,
	});
	if (r.status === 200) {
		location.href = 'conversations.html';
		return;
	}
	FD.say(r.status === 429 ? 'Too many attempts; please wait a few ' +
	    'minutes.' : 'Wrong e-mail or password.', true);
});
