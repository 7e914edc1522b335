/* A clinic's figures over a period: numbers, and bars drawn with DOM
 * elements (each with its figure in text, for screen readers). */
'use strict';

(function () {
	const E = FD.el;

	function pct(x) {
		return x === null || x === undefined ? '–' :
		    (100 * x).toFixed(1) + ' %';
	}

	function figure(label, value) {
		return E('div', { class: 'figure' },
		    E('div', { class: 'label', text: label }),
		    E('div', { class: 'value', text: String(value) }));
	}

	function bar(label, share, note) {
		const fill = E('span');
		fill.style.width = Math.round(100 * (share || 0)) + '%';
		return E('li', {}, E('span', { text: label }),
		    E('span', { class: 'bar', role: 'img',
			'aria-label': label + ': ' + note }, fill),
		    E('span', { text: note }));
	}

	function mins(s) {
		return s === null ? '–' : Math.round(s / 60) + ' min';
	}

	function show(a) {
		const f = FD.clear(document.getElementById('figures'));
		const sr = a.staff_response;
		f.append(figure('Conversations', a.conversations),
		    figure('With a patient message', a.engaged),
		    figure('Bookings', a.bookings),
		    figure('Chat-to-booking conversion', pct(a.conversion)),
		    figure('After hours (conversations)',
			pct(a.after_hours.conversations_share)),
		    figure('After hours (bookings)',
			pct(a.after_hours.bookings_share)),
		    figure('Unanswered questions', pct(a.unanswered_rate)),
		    figure('Hand-offs to staff', a.handoffs),
		    figure('Staff response (median)', mins(sr.median_seconds)),
		    figure('Emergency signposts', a.emergencies));
		const fu = FD.clear(document.getElementById('funnel'));
		const top = a.funnel[0].conversations || 1;
		for (const s of a.funnel)
			fu.appendChild(bar(s.step.replace(/_/g, ' '),
			    s.conversations / top, s.conversations +
			    (s.drop_off === null ? '' : ' (−' +
			    pct(s.drop_off) + ')')));
		const tp = FD.clear(document.getElementById('topics'));
		for (const t of a.topics)
			tp.appendChild(bar(t.topic, t.share, pct(t.share)));
	}

	async function load() {
		const q = new URLSearchParams({ clinic: FD.clinic() });
		const from = document.getElementById('from').value;
		const to = document.getElementById('to').value;
		if (from)
			q.set('from', from);
		if (to)
			q.set('to', to);
		document.getElementById('csv').href = FD.root +
		    'api/v1/admin/analytics.csv?' + q;
		const r = await FD.call('GET', 'analytics?' + q);
		if (r.status !== 200) {
			FD.say(r.data && r.data.error ? r.data.error.message :
			    'The figures could not be loaded.', true);
			return;
		}
		document.getElementById('from').value = r.data.from;
		document.getElementById('to').value = r.data.to;
		FD.say('');
		show(r.data);
	}

	FD.start(load).then((ok) => {
		if (!ok)
			return;
		document.getElementById('period').addEventListener('submit',
		    (ev) => {
			ev.preventDefault();
			load();
		});
		load();
	});
})();
