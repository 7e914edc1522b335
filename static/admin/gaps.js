/* Knowledge gaps: each group with a form to answer it as an FAQ. */
'use strict';

(function () {
	const E = FD.el;

	function gap(g) {
		const q = E('input', { type: 'text', maxlength: '500',
		    'aria-label': 'Question', class: 'faq-q' });
		const a = E('textarea', { maxlength: '2000',
		    'aria-label': 'Answer', class: 'faq-a',
		    placeholder: 'The clinic\'s answer' });
		q.value = g.question;
		const form = E('form', { class: 'faq' },
		    E('label', { text: 'Question' }), q,
		    E('label', { text: 'Answer' }), a,
		    E('button', { type: 'submit', text: 'Add as FAQ' }));
		form.addEventListener('submit', async (ev) => {
			ev.preventDefault();
			const r = await FD.call('POST', 'gaps/answer', {
				clinic: FD.clinic(), key: g.key,
				question: q.value, answer: a.value,
				language: g.language,
			});
			if (r.status === 200) {
				FD.say('Added to the FAQs; ' + r.data.resolved +
				    ' question(s) resolved.');
				load();
			} else
				FD.say(r.data && r.data.error ?
				    r.data.error.message : 'Not saved.', true);
		});
		return E('section', { class: 'gap', 'data-key': g.key },
		    E('h3', { class: 'question', text: g.question }),
		    E('p', { text: 'Asked ' + g.count + ' time(s) · ' +
			g.language + ' · last ' + FD.when(g.last_at) }),
		    form);
	}

	async function load() {
		const r = await FD.call('GET', 'gaps?clinic=' +
		    encodeURIComponent(FD.clinic()));
		const box = FD.clear(document.getElementById('gaps'));
		if (r.status !== 200) {
			FD.say('The gaps could not be loaded.', true);
			return;
		}
		for (const g of r.data.gaps)
			box.appendChild(gap(g));
		if (!r.data.gaps.length)
			box.appendChild(E('p', { text: 'No open questions.' }));
	}

	FD.start(load).then((ok) => ok && load());
})();
