/* The list of conversations, refreshed every few seconds. */
'use strict';

(function () {
	const E = FD.el;
	let timer = null;

	function badges(c) {
		const s = E('span');
		s.appendChild(E('span', { class: 'badge', text: c.status }));
		if (c.waiting_staff)
			s.appendChild(E('span', { class: 'badge waiting',
			    text: 'waiting' }));
		if (c.emergency)
			s.appendChild(E('span', { class: 'badge emergency',
			    text: 'emergency' }));
		if (c.booked)
			s.appendChild(E('span', { class: 'badge booked',
			    text: 'booked' }));
		if (c.callbacks)
			s.appendChild(E('span', { class: 'badge waiting',
			    text: 'call back' }));
		if (c.after_hours)
			s.appendChild(E('span', { class: 'badge',
			    text: 'after hours' }));
		return s;
	}

	function row(c) {
		return E('tr', { 'data-id': c.id },
		    E('td', {}, E('a', { href: 'conversation.html?id=' + c.id,
			text: '#' + c.id + (c.live ? ' (live)' : '') })),
		    E('td', {}, badges(c)), E('td', { text: c.language }),
		    E('td', { text: FD.when(c.created_at) }),
		    E('td', { text: FD.when(c.updated_at) }),
		    E('td', { text: c.messages }));
	}

	async function load() {
		const q = new URLSearchParams({ clinic: FD.clinic(),
		    scope: document.getElementById('scope').value });
		const f = document.getElementById('filter').value;
		const l = document.getElementById('language').value.trim();
		if (f)
			q.set('filter', f);
		if (l)
			q.set('language', l.toLowerCase());
		const r = await FD.call('GET', 'conversations?' + q);
		if (r.status !== 200) {
			FD.say(r.data && r.data.error ? r.data.error.message :
			    'The list could not be loaded.', true);
			return;
		}
		const list = FD.clear(document.getElementById('list'));
		for (const c of r.data.conversations)
			list.appendChild(row(c));
		FD.say(r.data.conversations.length + ' conversation(s)');
	}

	function refresh() {
		clearTimeout(timer);
		load().finally(() => {
			timer = setTimeout(refresh, 5000);
		});
	}

	FD.start(refresh).then((ok) => {
		if (!ok)
			return;
		for (const id of ['scope', 'filter', 'language'])
			document.getElementById(id).addEventListener('change',
			    refresh);
		refresh();
	});
})();
