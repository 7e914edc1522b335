/* Bookings made through the chat, with a staff cancellation. */
'use strict';

(function () {
	const E = FD.el;

	function row(b) {
		const cell = E('td');
		if (b.status === 'booked')
			cell.appendChild(E('button', { type: 'button',
			    text: 'Cancel', onclick: () => cancel(b) }));
		return E('tr', {},
		    E('td', { text: b.reference }),
		    E('td', { text: FD.when(b.start) }),
		    E('td', { text: b.service || '' }),
		    E('td', { text: b.practitioner || '' }),
		    E('td', { text: b.patient_name || '' }),
		    E('td', { text: b.status }),
		    E('td', {}, b.conversation ? E('a', {
			href: 'conversation.html?id=' + b.conversation,
			text: '#' + b.conversation }) : ''),
		    cell);
	}

	async function cancel(b) {
		if (!window.confirm('Cancel booking ' + b.reference + '?'))
			return;
		const r = await FD.call('POST', 'bookings/' + b.id + '/cancel');
		FD.say(r.status === 200 ? 'Booking ' + b.reference +
		    ' cancelled.' : 'The booking could not be cancelled.',
		    r.status !== 200);
		load();
	}

	async function load() {
		const r = await FD.call('GET', 'bookings?clinic=' +
		    encodeURIComponent(FD.clinic()));
		const list = FD.clear(document.getElementById('list'));
		if (r.status !== 200) {
			FD.say('The bookings could not be loaded.', true);
			return;
		}
		if (!r.data.available)
			FD.say('Booking is not set up on this installation.');
		for (const b of r.data.bookings)
			list.appendChild(row(b));
	}

	FD.start(load).then((ok) => ok && load());
})();
