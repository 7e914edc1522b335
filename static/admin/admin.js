/*
 * What every dashboard page shares: calls to the admin API (with the
 * session's CSRF token), building DOM nodes (text only through
 * textContent, never innerHTML), the navigation and the clinic picker.
 */
'use strict';

const FD = (function () {
	const root = location.pathname.replace(/static\/admin\/.*$/, '');
	const api = root + 'api/v1/admin/';
	let csrf = null;
	let me = null;

	/* Calls the admin API; resolves to {status, data}.  401: sign in. */
	async function call(method, path, body) {
		const opt = { method: method, credentials: 'same-origin',
		    headers: {} };
		if (body !== undefined) {
			opt.headers['Content-Type'] = 'application/json';
			opt.body = JSON.stringify(body);
		}
		if (method !== 'GET' && csrf)
			opt.headers['X-CSRF-Token'] = csrf;
		const r = await fetch(api + path, opt);
		let data = null;
		try {
			data = await r.json();
		} catch (e) {
			data = null;
		}
		if (r.status === 401 && !/^login/.test(path))
			location.href = 'index.html';
		return { status: r.status, data: data };
	}

	/* el('p', {class: 'x'}, 'text', child...): text is always text. */
	function el(tag, attrs, ...kids) {
		const e = document.createElement(tag);
		for (const k in attrs || {}) {
			if (k === 'text')
				e.textContent = attrs[k];
			else if (k.startsWith('on'))
				e.addEventListener(k.slice(2), attrs[k]);
			else
				e.setAttribute(k, attrs[k]);
		}
		for (const c of kids) {
			if (c === null || c === undefined)
				continue;
			e.appendChild(typeof c === 'string' ||
			    typeof c === 'number' ?
			    document.createTextNode(String(c)) : c);
		}
		return e;
	}

	function clear(e) {
		while (e.firstChild)
			e.removeChild(e.firstChild);
		return e;
	}

	function say(text, bad) {
		const s = document.getElementById('status');
		if (s) {
			s.textContent = text;
			s.className = bad ? 'status bad' : 'status';
		}
	}

	function when(iso) {
		if (!iso)
			return '';
		const d = new Date(iso);
		return d.toLocaleString(undefined, { dateStyle: 'medium',
		    timeStyle: 'short' });
	}

	const pages = [['conversations.html', 'Conversations'],
	    ['bookings.html', 'Bookings'], ['gaps.html', 'Knowledge gaps', 1],
	    ['analytics.html', 'Analytics', 1], ['audit.html', 'Audit log', 1]];

	function nav() {
		const n = document.getElementById('nav');
		if (!n)
			return;
		clear(n);
		for (const p of pages) {
			if (p[2] && me.role !== 'admin')
				continue;
			const a = el('a', { href: p[0], text: p[1] });
			if (location.pathname.endsWith(p[0]))
				a.setAttribute('aria-current', 'page');
			n.appendChild(a);
		}
		n.appendChild(el('span', { class: 'who',
		    text: me.name + ' (' + me.role + ')' }));
		n.appendChild(el('button', { type: 'button', id: 'logout',
		    text: 'Sign out', onclick: logout }));
	}

	async function logout() {
		await call('POST', 'logout');
		location.href = 'index.html';
	}

	/* The chosen clinic (remembered for the tab). */
	function clinic() {
		const s = sessionStorage.getItem('fd-clinic');
		return me.clinics.indexOf(s) >= 0 ? s : me.clinics[0];
	}

	function picker(onchange) {
		const p = document.getElementById('clinic');
		if (!p)
			return;
		clear(p);
		for (const c of me.clinics)
			p.appendChild(el('option', { value: c, text: c }));
		p.value = clinic();
		p.hidden = me.clinics.length < 2;
		p.addEventListener('change', () => {
			sessionStorage.setItem('fd-clinic', p.value);
			onchange();
		});
	}

	/* Loads the account; redirects to sign-in when there is none. */
	async function start(onclinic) {
		const r = await call('GET', 'me');
		if (r.status !== 200)
			return false;
		csrf = r.data.csrf_token;
		me = r.data.user;
		nav();
		picker(onclinic || function () {});
		return true;
	}

	return { call: call, el: el, clear: clear, say: say, when: when,
	    start: start, clinic: clinic, root: root,
	    setCsrf: (t) => { csrf = t; }, me: () => me };
})();
