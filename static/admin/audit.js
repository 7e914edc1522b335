/* The audit log of the clinic, newest first. */
'use strict';

(function () {
	const E = FD.el;

	async function load() {
		const r = await FD.call('GET', 'audit?clinic=' +
		    encodeURIComponent(FD.clinic()));
		const list = FD.clear(document.getElementById('list'));
		if (r.status !== 200) {
			FD.say('The audit log could not be loaded.', true);
			return;
		}
		for (const e of r.data.entries)
			list.appendChild(E('tr', {},
			    E('td', { text: FD.when(e.at) }),
			    E('td', { text: e.user || 'system' }),
			    E('td', { text: e.action }),
			    E('td', {}, e.conversation ? E('a', {
				href: 'conversation.html?id=' + e.conversation,
				text: '#' + e.conversation }) : ''),
			    E('td', { text: e.subject || '' }),
			    E('td', { text: e.address || '' })));
	}

	FD.start(load).then((ok) => ok && load());
})();
