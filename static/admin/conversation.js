/* One conversation: its messages (polled), take-over, reply, hand-back
 * and call-back requests. */
'use strict';

(function () {
	const E = FD.el;
	const id = new URLSearchParams(location.search).get('id');
	let last = 0;
	let timer = null;

	function message(m) {
		const cls = m.from + (m.emergency ? ' emergency' : '');
		return E('li', { class: cls, 'data-id': m.id },
		    E('span', { class: 'from', text: m.from }),
		    E('time', { datetime: m.created_at,
			text: FD.when(m.created_at) }),
		    E('div', { class: 'text', text: m.text }));
	}

	function meta(c) {
		const p = FD.clear(document.getElementById('meta'));
		p.appendChild(E('span', { id: 'conv-status',
		    text: 'Status: ' + c.status }));
		p.appendChild(document.createTextNode(' · language ' +
		    c.language + ' · started ' + FD.when(c.created_at) +
		    (c.waiting_staff ? ' · waiting for staff' : '') +
		    (c.emergency ? ' · emergency' : '')));
		document.getElementById('takeover').disabled =
		    c.status !== 'bot';
		document.getElementById('handback').disabled =
		    c.status !== 'staff';
	}

	function callbacks(list) {
		const ul = FD.clear(document.getElementById('callbacks'));
		for (const k of list) {
			const li = E('li', {}, E('a', {
			    href: 'tel:' + k.phone, text: k.phone }),
			    ' asked ' + FD.when(k.created_at));
			if (k.done_at)
				li.appendChild(document.createTextNode(
				    ' · done ' + FD.when(k.done_at)));
			else
				li.appendChild(E('button', { type: 'button',
				    text: 'Mark done',
				    onclick: () => done(k.id) }));
			ul.appendChild(li);
		}
		if (!list.length)
			ul.appendChild(E('li', { text: 'None.' }));
	}

	async function poll() {
		const r = await FD.call('GET', 'conversations/' +
		    encodeURIComponent(id) + '?after=' + last);
		if (r.status !== 200) {
			FD.say('This conversation could not be loaded.', true);
			return false;
		}
		const ul = document.getElementById('messages');
		for (const m of r.data.messages)
			ul.appendChild(message(m));
		if (r.data.messages.length)
			ul.scrollTop = ul.scrollHeight;
		last = r.data.last_id;
		meta(r.data.conversation);
		callbacks(r.data.callbacks);
		return true;
	}

	function refresh() {
		clearTimeout(timer);
		poll().then((ok) => {
			if (ok)
				timer = setTimeout(refresh, 3000);
		});
	}

	async function change(what, body) {
		const r = await FD.call('POST', 'conversations/' +
		    encodeURIComponent(id) + '/' + what, body);
		if (r.status !== 200)
			FD.say(r.data && r.data.error ? r.data.error.message :
			    'That did not work.', true);
		else
			FD.say('');
		refresh();
		return r.status === 200;
	}

	async function done(k) {
		await FD.call('POST', 'callbacks/' + k + '/done');
		refresh();
	}

	FD.start().then((ok) => {
		if (!ok)
			return;
		document.title = 'Conversation #' + id + ' · frontdesk';
		document.getElementById('takeover').addEventListener('click',
		    () => change('takeover'));
		document.getElementById('handback').addEventListener('click',
		    () => change('handback'));
		document.getElementById('reply').addEventListener('submit',
		    async (ev) => {
			ev.preventDefault();
			const t = document.getElementById('text');
			if (!t.value.trim())
				return;
			if (await change('reply', { text: t.value }))
				t.value = '';
		});
		refresh();
	});
})();
