/*
 * frontdesk chat widget.  One script tag on any page:
 *
 *   <script src="https://clinic.example/frontdesk/static/widget.js"
 *     data-clinic="riverside-physio" async></script>
 *
 * data-clinic	the clinic's id (required)
 * data-api	the API base; default: the script's URL less "static/widget.js"
 * data-lang	the conversation's language; default: the page's (<html lang>)
 *		unless it is the clinic's default, else the browser's, if the
 *		clinic speaks it.  The widget's own labels come from the
 *		server in that language (English built in), and follow the
 *		language the replies are written in.
 * data-proactive="on"
 *		fetch the clinic's settings after load so that its proactive
 *		message (widget.proactive[] in the clinic file) can appear by
 *		the launcher; shown once per visit (sessionStorage).
 *
 * Without data-proactive, nothing is requested and nothing is stored
 * until the visitor opens the chat.  The conversation's id and token are
 * then kept in this site's localStorage (key "frontdesk:CLINIC"), so a
 * reload or another page continues it; "Start again" forgets it.  The
 * widget lives in a Shadow DOM: the page's CSS cannot reach it and it
 * adds no style to the page.  Text is only ever inserted as text.
 */
(function () {
	'use strict';
	var W = window, D = document, me = D.currentScript;

	if (!me || W.frontdeskWidget || !(me.src || me.dataset.api))
		return;
	var clinic = me.getAttribute('data-clinic') || '';
	var api = me.getAttribute('data-api') || new URL('../', me.src).href;
	if (api.slice(-1) !== '/')
		api += '/';
	var KEY = 'frontdesk:' + clinic, NUDGED = KEY + ':nudged';
	var RTL = /^(ar|he|fa|ur)\b/i;
	var RTL_TEXT = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/;
	var S = {
		conv: null, open: false, last: 0, seen: {}, gen: 0,
		polling: false, sending: 0, timer: 0, fails: 0, hold: 0,
		pollMs: 4000, loaded: false, unread: 0, lang: '', lab: {}
	};
	var ui = {}, settingsP = null, uid = 0, bound = [];
	var PAGE = me.getAttribute('data-lang') || D.documentElement.lang ||
	    navigator.language || '';

	/* ---- storage: first-party, never before the chat is opened ---- */

	function load(store, k) {
		try {
			return JSON.parse(W[store].getItem(k));
		} catch (e) {
			return null;
		}
	}

	function save(store, k, v) {
		try {
			if (v == null)
				W[store].removeItem(k);
			else
				W[store].setItem(k, JSON.stringify(v));
		} catch (e) { /* storage blocked: the chat still works */ }
	}

	/* ---- HTTP ---- */

	function rid() {
		var a = new Uint8Array(16);

		W.crypto.getRandomValues(a);
		return Array.prototype.map.call(a, function (b) {
			return (b + 256).toString(16).slice(1);
		}).join('');
	}

	/* Resolves with the JSON answer; rejects with an Error carrying
	 * status (0: network), retry (seconds) and data. */
	function http(method, path, body, headers) {
		var h = headers || {};

		if (body)
			h['Content-Type'] = 'application/json';
		if (S.conv && path.indexOf('conversations/') === 7)
			h.Authorization = 'Bearer ' + S.conv.token;
		return fetch(api + path, {
			method: method, headers: h, credentials: 'omit',
			cache: 'no-store', body: body ? JSON.stringify(body) : null
		}).then(function (r) {
			return r.json().catch(function () {
				return null;
			}).then(function (d) {
				if (r.ok)
					return d || {};
				var e = new Error('HTTP ' + r.status);
				e.status = r.status;
				e.data = d;
				e.retry = parseInt(r.headers.get('Retry-After'), 10) || 0;
				throw e;
			});
		}, function () {
			var e = new Error('network');
			e.status = 0;
			e.retry = 0;
			throw e;
		});
	}

	function convPath(rest) {
		return 'api/v1/conversations/' +
		    encodeURIComponent(S.conv.id) + '/messages' + rest;
	}

	function where(lang) {
		return 'api/v1/clinics/' + encodeURIComponent(clinic) +
		    '/widget?lang=' + encodeURIComponent(lang.slice(0, 2));
	}

	function settings() {
		if (!settingsP) {
			settingsP = http('GET', where(PAGE));
			settingsP.catch(function () {
				settingsP = null;
			});
		}
		return settingsP;
	}

	function problem(e) {
		if (!navigator.onLine)
			return t('offline', 'You seem to be offline.');
		if (e.status === 0)
			return t('unreach',
			    'The chat cannot be reached. Check your connection.');
		if (e.status === 429)
			return t('busy',
			    'Too many messages at once. Please wait a moment.');
		return t('down', 'The chat is unavailable just now.');
	}

	/* ---- labels: the server's, in the conversation's language ---- */

	function t(k, en) {
		return S.labels && S.labels[k] || en;
	}

	function put(b) {
		var v = t(b[1], b[2]);

		if (b[3])
			b[0].setAttribute(b[3], v);
		else
			b[0].textContent = v;
	}

	/* Node's text (or attribute a) is label k, now and after relabel. */
	function lab(node, k, en, a) {
		bound.push([node, k, en, a]);
		put(bound[bound.length - 1]);
		return node;
	}

	function dirs(l) {
		if (ui.panel && l) {
			ui.panel.setAttribute('lang', l);
			ui.panel.setAttribute('dir', RTL.test(l) ? 'rtl' : 'ltr');
		}
	}

	function labels(s) {
		if (!s.labels)
			return;
		S.lab[s.labels_language] = s;
		S.labels = s.labels;
		S.ll = s.labels_language;
		bound.forEach(put);
		dirs(S.ll);
		badge(S.unread);
		if (ui.intro) {
			ui.intro.textContent = '';
			fill();
		}
	}

	/* The labels in language l, asked of the server once. */
	function follow(l) {
		if (!S.settings || !l || l === S.ll || S.lab[l] === 0)
			return;
		if (S.lab[l])
			return labels(S.lab[l]);
		S.lab[l] = 0;
		http('GET', where(l)).then(labels, function () {});
	}

	/* ---- colour: text black or white, accents dark enough on white ---- */

	function rgb(s) {
		var m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(s || ''), h;

		if (!m)
			return [23, 92, 140];
		h = m[1].length === 3 ? m[1].replace(/./g, '$&$&') : m[1];
		h = parseInt(h, 16);
		return [h >> 16, h >> 8 & 255, h & 255];
	}

	function lum(c) {
		var w = [0.2126, 0.7152, 0.0722], i, v, l = 0;

		for (i = 0; i < 3; i++) {
			v = c[i] / 255;
			l += w[i] * (v <= 0.03928 ? v / 12.92 :
			    Math.pow((v + 0.055) / 1.055, 2.4));
		}
		return l;
	}

	function ratio(a, b) {
		var x = lum(a), y = lum(b);

		return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
	}

	function darken(c, fg) {
		while (ratio(c, fg) < 4.5)
			c = c.map(function (v) {
				return Math.floor(v * 0.9);
			});
		return c;
	}

	function css(c) {
		return 'rgb(' + c.join(',') + ')';
	}

	function theme(colour) {
		var c = rgb(colour), white = [255, 255, 255], fg;

		fg = ratio(c, white) >= ratio(c, [0, 0, 0]) ? white : [0, 0, 0];
		if (ratio(c, fg) < 4.5) {
			c = darken(c, white);
			fg = white;
		}
		ui.w.style.setProperty('--c', css(c));
		ui.w.style.setProperty('--t', css(fg));
		ui.w.style.setProperty('--a', css(darken(rgb(colour), white)));
	}

	/* ---- DOM helpers: text only, never markup ---- */

	function el(tag, cls, text, attrs) {
		var e = D.createElement(tag), k;

		if (cls)
			e.className = cls;
		if (text != null)
			e.textContent = text;
		for (k in attrs || {})
			e.setAttribute(k, attrs[k]);
		return e;
	}

	function button(cls, text, fn, label) {
		var b = el('button', cls, text, { type: 'button' });

		if (label)
			b.setAttribute('aria-label', label);
		b.addEventListener('click', fn);
		return b;
	}

	/* Appends text to node, phone numbers as tel: links: every number
	 * of 3+ digits in an emergency message (999, 111, 116 123), long
	 * numbers starting with + or 0 elsewhere. */
	function addText(node, text, sos) {
		var re = sos ? /\+?\d(?:[ \u00a0-]?\d){2,15}/g :
		    /(?:\+\d|\b0)\d?(?:[ \u00a0-]?\d){8,13}/g;
		var at = 0, m, a;

		while ((m = re.exec(text)) !== null) {
			node.appendChild(D.createTextNode(text.slice(at, m.index)));
			a = el('a', 'tel', m[0], {
				href: 'tel:' + m[0].replace(/[^\d+]/g, ''), dir: 'ltr'
			});
			node.appendChild(a);
			at = m.index + m[0].length;
		}
		node.appendChild(D.createTextNode(text.slice(at)));
	}

	function scroll() {
		ui.log.scrollTop = ui.log.scrollHeight;
	}

	/* ---- styles (inside the shadow root only) ---- */

	var STYLE = ':host{all:initial!important}' +
	    '.w{all:initial;font:15px/1.45 system-ui,-apple-system,"Segoe UI",' +
	    'Roboto,Arial,sans-serif;color:#1b1b1b;--c:#175c8c;--t:#fff;' +
	    '--a:#175c8c}' +
	    '*{box-sizing:border-box;margin:0;font:inherit;color:inherit;' +
	    'letter-spacing:normal;text-transform:none}' +
	    '[hidden]{display:none!important}' +
	    '.sr{position:absolute;width:1px;height:1px;overflow:hidden;' +
	    'clip:rect(0 0 0 0);white-space:nowrap}' +
	    'button{cursor:pointer;border-radius:10px}' +
	    'button:disabled{opacity:.55;cursor:default}' +
	    ':focus-visible{outline:3px solid var(--a);outline-offset:2px}' +
	    '.launch,.go,.patient .b{background:var(--c);color:var(--t)}' +
	    '.launch{position:fixed;right:20px;bottom:20px;z-index:2147483000;' +
	    'display:flex;align-items:center;gap:8px;min-height:52px;' +
	    'padding:0 20px;border:2px solid var(--t);border-radius:26px;' +
	    'font-weight:600;box-shadow:0 4px 14px rgba(0,0,0,.3)}' +
	    '.launch svg{width:22px;height:22px;fill:currentColor}' +
	    '.badge{min-width:22px;padding:0 6px;border-radius:11px;' +
	    'background:#b3261e;color:#fff;font-size:13px}' +
	    '.panel{position:fixed;right:20px;bottom:84px;z-index:2147483001;' +
	    'width:380px;max-width:calc(100vw - 40px);height:600px;' +
	    'max-height:calc(100vh - 104px);display:flex;flex-direction:column;' +
	    'background:#fff;border-radius:14px;overflow:hidden;' +
	    'box-shadow:0 8px 32px rgba(0,0,0,.3)}' +
	    '.head{display:flex;align-items:center;gap:8px;' +
	    'padding:12px 12px 12px 16px;background:var(--c);color:var(--t)}' +
	    '.head div{flex:1;min-width:0}' +
	    '.head :focus-visible{outline-color:var(--t)}' +
	    'h2{font-size:17px;font-weight:700}.st{font-size:13px}' +
	    '.hb{min-height:36px;min-width:36px;padding:0 10px;' +
	    'border:1px solid currentColor;background:none}' +
	    '.bar{display:flex;gap:8px;align-items:center;padding:8px 14px;' +
	    'background:#fff4d6;color:#4a3500;font-size:14px}' +
	    '.bar span{flex:1}' +
	    '.log{flex:1;overflow-y:auto;padding:14px;display:flex;' +
	    'flex-direction:column;gap:10px;background:#f4f5f7}' +
	    '.intro{font-size:13px;color:#3d4148}a{color:var(--a)}' +
	    '.m{max-width:88%;align-self:flex-start}' +
	    '.patient{align-self:flex-end}' +
	    '.b{padding:9px 12px;border-radius:14px;background:#fff;' +
	    'border:1px solid #d3d7de;white-space:pre-wrap;' +
	    'overflow-wrap:anywhere}' +
	    '.patient .b{border-color:var(--c)}' +
	    '.pending .b{border-style:dashed}' +
	    '.who{display:block;font-size:12px;font-weight:700;color:#3d4148;' +
	    'margin-bottom:2px}' +
	    '.staff .b{border-inline-start:4px solid var(--a)}' +
	    '.sos .b{background:#fff1f0;border:2px solid #b3261e;color:#410e0b}' +
	    '.sos{max-width:100%}.sos .who{color:#b3261e}' +
	    '.tel{white-space:nowrap}' +
    '.sos a{color:#b3261e;font-weight:700;font-size:17px}' +
	    '.note{font-size:13px;color:#8a1c14;display:flex;gap:8px;' +
	    'align-items:center;align-self:flex-end}' +
	    '.ch{display:flex;flex-wrap:wrap;gap:6px;margin-top:6px}' +
	    '.ch button,.sm{min-height:40px;padding:6px 14px;' +
	    'border:2px solid var(--a);border-radius:20px;background:#fff;' +
	    'color:var(--a)}' +
	    '.sm{min-height:32px;padding:2px 10px;border-radius:14px}' +
	    '.f,.card{margin-top:6px;padding:10px;background:#fff;' +
	    'border:1px solid #d3d7de;border-radius:12px}' +
	    '.f{display:grid;gap:4px}' +
	    '.f label{font-size:14px;font-weight:600;margin-top:4px}' +
	    'input,textarea{font-size:16px;padding:8px 10px;width:100%;' +
	    'border:1px solid #6b7280;border-radius:8px;background:#fff;' +
	    'color:#111}' +
	    '[aria-invalid=true]{border:2px solid #b3261e}' +
	    '.err{font-size:13px;color:#b3261e}' +
	    '.go{min-height:44px;padding:0 16px;border:0;font-weight:600;' +
	    'margin-top:6px}' +
	    '.card{border:2px solid var(--a)}' +
	    '.card h3{font-weight:700;margin-bottom:6px}' +
	    'dl{display:grid;grid-template-columns:auto 1fr;gap:2px 10px}' +
	    'dt{color:#3d4148}' +
	    '.typing{padding:4px 16px;display:flex;gap:4px;background:#f4f5f7}' +
	    '.typing i{width:8px;height:8px;border-radius:50%;' +
	    'background:#5f6570;animation:fd 1s infinite}' +
	    '.typing i+i{animation-delay:.2s}.typing i+i+i{animation-delay:.4s}' +
	    '@keyframes fd{50%{opacity:.25}}' +
	    '.compose{display:flex;gap:8px;padding:10px;' +
	    'border-top:1px solid #d3d7de;background:#fff}' +
	    '.compose textarea{resize:none;height:44px;max-height:120px}' +
	    '.compose .go{margin:0}' +
	    '.nudge{position:fixed;right:20px;bottom:84px;' +
	    'z-index:2147483000;max-width:300px;display:flex;gap:6px;' +
	    'align-items:flex-start;padding:12px;background:#fff;' +
	    'border-radius:14px;box-shadow:0 4px 18px rgba(0,0,0,.3)}' +
	    '.nudge .go{margin:0;text-align:start;background:none;' +
	    'color:#1b1b1b;font-weight:400;padding:0 4px}' +
	    '@media (max-width:600px){.panel{inset:0;width:100%;' +
	    'max-width:none;height:100%;max-height:none;border-radius:0}}' +
	    '@media (prefers-reduced-motion:reduce){.typing i{animation:none}}';

	var ICON = 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 ' +
	    '0 1-2-2V6a2 2 0 0 1 2-2z';

	/* ---- the launcher: built on load, costs no request ---- */

	function launcher() {
		var host = el('frontdesk-chat'), root, svg, p;

		root = host.attachShadow({ mode: 'open' });
		root.appendChild(el('style', null, STYLE));
		ui.w = el('div', 'w');
		root.appendChild(ui.w);
		ui.launch = button('launch', null, toggle);
		ui.launch.setAttribute('aria-expanded', 'false');
		svg = D.createElementNS('http://www.w3.org/2000/svg', 'svg');
		svg.setAttribute('viewBox', '0 0 24 24');
		svg.setAttribute('aria-hidden', 'true');
		p = D.createElementNS('http://www.w3.org/2000/svg', 'path');
		p.setAttribute('d', ICON);
		svg.appendChild(p);
		ui.launch.appendChild(svg);
		ui.launch.appendChild(lab(el('span'), 'chat', 'Chat with us'));
		ui.badge = el('span', 'badge', null, { hidden: '' });
		ui.launch.appendChild(ui.badge);
		ui.w.appendChild(ui.launch);
		D.body.appendChild(host);
	}

	/* ---- the panel: built on first open (or when history arrives) ---- */

	function panel() {
		var head, box, form;

		if (ui.panel)
			return;
		ui.panel = el('div', 'panel', null, {
			role: 'dialog', 'aria-labelledby': 'fd-title', id: 'fd-panel',
			hidden: ''
		});
		ui.launch.setAttribute('aria-controls', 'fd-panel');
		head = el('div', 'head');
		box = el('div');
		ui.title = el('h2', null, 'Chat', { id: 'fd-title' });
		ui.status = el('p', 'st');
		box.appendChild(ui.title);
		box.appendChild(ui.status);
		head.appendChild(box);
		head.appendChild(lab(lab(button('hb', null, restart), 'restart',
		    'Start again'), 'anew', 'Start a new conversation',
		    'aria-label'));
		head.appendChild(lab(button('hb', '\u00d7', close), 'close',
		    'Close chat', 'aria-label'));
		ui.panel.appendChild(head);
		ui.bar = el('div', 'bar', null, { role: 'alert', hidden: '' });
		ui.panel.appendChild(ui.bar);
		ui.log = lab(el('div', 'log', null, {
			tabindex: '0', role: 'region'
		}), 'log', 'Conversation', 'aria-label');
		ui.panel.appendChild(ui.log);
		ui.typing = el('div', 'typing', null, { hidden: '' });
		ui.typing.appendChild(lab(el('span', 'sr'), 'typing',
		    'The clinic is typing'));
		ui.typing.appendChild(el('i'));
		ui.typing.appendChild(el('i'));
		ui.typing.appendChild(el('i'));
		ui.panel.appendChild(ui.typing);
		form = el('form', 'compose');
		form.appendChild(lab(el('label', 'sr', null, { 'for': 'fd-in' }),
		    'yours', 'Your message'));
		ui.input = lab(el('textarea', null, null, {
			id: 'fd-in', rows: '1', maxlength: '2000', dir: 'auto'
		}), 'type', 'Type your message', 'placeholder');
		form.appendChild(ui.input);
		ui.send = lab(el('button', 'go', null, { type: 'submit' }),
		    'send', 'Send');
		form.appendChild(ui.send);
		form.addEventListener('submit', function (ev) {
			ev.preventDefault();
			sendText();
		});
		ui.input.addEventListener('keydown', function (ev) {
			if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
				ev.preventDefault();
				sendText();
			}
		});
		ui.panel.appendChild(form);
		ui.live = el('div', 'sr', null, { 'aria-live': 'polite' });
		ui.panel.appendChild(ui.live);
		ui.panel.addEventListener('keydown', function (ev) {
			if (ev.key === 'Escape') {
				ev.stopPropagation();
				close();
			}
		});
		ui.w.appendChild(ui.panel);
		dirs(S.ll);
		intro();
	}

	function intro() {
		ui.log.textContent = '';
		ui.intro = el('p', 'intro');
		ui.log.appendChild(ui.intro);
		ui.greet = null;
		fill();
	}

	/* Shows the clinic's settings: name, colour, privacy notice, greeting. */
	function fill() {
		var s = S.settings, a;

		if (!s || !ui.panel)
			return;
		ui.title.textContent = s.name || t('title', 'Chat');
		ui.status.textContent = s.open_now ? t('open', 'Open now') :
		    t('closed', 'Closed now');
		if (!ui.intro.firstChild) {
			ui.intro.textContent = t('privacy', 'Please do not share ' +
			    'more about your health than needed.') + ' ';
			if (s.privacy_notice_url) {
				a = el('a', null, t('policy', 'How we use your messages'), {
					href: s.privacy_notice_url, target: '_blank',
					rel: 'noopener noreferrer'
				});
				ui.intro.appendChild(a);
			}
		}
		if (!S.conv && !ui.greet && (S.nudge || s.greeting)) {
			ui.greet = show({
				from: 'assistant', text: S.nudge || s.greeting
			});
		}
	}

	/* The conversation's language: data-lang; the page's, unless it is
	 * the clinic's default (then it says little of the visitor); the
	 * browser's; any the clinic speaks. */
	function apply(s) {
		var langs = s.languages || [], want, i;
		var page = D.documentElement.lang || '';

		S.settings = s;
		theme(s.colour);
		want = [me.getAttribute('data-lang'),
		    page.slice(0, 2) !== s.default_language && page].concat(
		    navigator.languages || [navigator.language]);
		for (i = 0; i < want.length && !S.lang; i++) {
			if (want[i] && langs.indexOf(want[i].slice(0, 2)) >= 0)
				S.lang = want[i].slice(0, 2);
		}
		if (!S.ll)
			labels(s);
		dirs(S.ml || S.lang);
		follow(S.ml || S.lang);
		fill();
	}

	function bar(text, retry) {
		if (!ui.bar)
			return;
		ui.bar.textContent = '';
		ui.bar.hidden = !text;
		if (!text)
			return;
		ui.bar.appendChild(el('span', null, text));
		if (retry)
			ui.bar.appendChild(button('sm', t('retry', 'Retry'), retry));
	}

	/* ---- messages ---- */

	/* "Tue 6 Apr 2027, 10:00": the wall-clock time the server wrote. */
	function when(iso, lang) {
		var m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)/.exec(iso || '');
		var d, loc = !lang || lang === 'en' ? 'en-GB' : lang;

		if (!m)
			return iso || '';
		d = new Date(Date.UTC(+m[1], m[2] - 1, +m[3]));
		function f(o) {
			o.timeZone = 'UTC';
			return d.toLocaleDateString(loc, o);
		}
		try {
			return f({ weekday: 'short' }) + ' ' +
			    f({ day: 'numeric', month: 'short' }) + ' ' + m[1] +
			    ', ' + m[4] + ':' + m[5];
		} catch (e) {
			return iso;
		}
	}

	function booking(b, lang) {
		var card = el('div', 'card'), dl = el('dl'), rows, i;

		card.appendChild(el('h3', null, t('booked', 'Appointment booked')));
		if (b.price && typeof b.price === 'object') {
			try {
				b.price = (b.price.amount / 100).toLocaleString('en-GB',
				    { style: 'currency', currency: b.price.currency });
			} catch (e) {
				b.price = String(b.price.amount);
			}
		}
		rows = [['ref', 'Reference', b.reference],
		    ['service', 'Service', b.service],
		    ['with', 'With', b.practitioner],
		    ['when', 'When', when(b.start, lang)],
		    ['length', 'Length', b.duration_min ?
		    b.duration_min + ' ' + t('min', 'min') : ''],
		    ['price', 'Price', b.price]];
		for (i = 0; i < rows.length; i++) {
			if (rows[i][2] == null || rows[i][2] === '')
				continue;
			dl.appendChild(el('dt', null, t(rows[i][0], rows[i][1])));
			dl.appendChild(el('dd', null, String(rows[i][2])));
		}
		card.appendChild(dl);
		return card;
	}

	function choices(list) {
		var box = el('div', 'ch', null, { role: 'group' });

		list.forEach(function (c) {
			box.appendChild(button(null, c.label, function () {
				send({ choice: c.value }, c.label);
			}));
		});
		return box;
	}

	var TYPES = { tel: 'tel', date: 'date', email: 'email' };
	var AUTO = { tel: 'tel', email: 'email', name: 'name',
	    date_of_birth: 'bday', dob: 'bday' };

	function fieldError(inp) {
		var v = inp.value.trim();

		if (!v)
			return inp.required ? t('required',
			    'Please fill in this field.') : '';
		if (inp.type === 'email' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v))
			return t('email', 'Please enter an e-mail address like ' +
			    'name@example.com.');
		if (inp.type === 'tel' && (!/^\+?[\d\s().-]+$/.test(v) ||
		    v.replace(/\D/g, '').length < 7))
			return t('phone',
			    'Please enter a phone number, e.g. 07700 900123.');
		if (inp.type === 'date' && (inp.validity.badInput ||
		    !/^\d{4}-\d\d-\d\d$/.test(v)))
			return t('date', 'Please enter a full date.');
		return '';
	}

	function form(spec) {
		var f = el('form', 'f', null, { novalidate: '' }), inputs = [];

		spec.fields.forEach(function (fd) {
			var id = 'fd-f' + (++uid), inp, err;

			f.appendChild(el('label', null, fd.label || fd.name,
			    { 'for': id }));
			inp = el('input', null, null, {
				id: id, name: fd.name, type: TYPES[fd.type] || 'text',
				autocomplete: AUTO[fd.type] || AUTO[fd.name] || 'on',
				'aria-describedby': id + 'e'
			});
			inp.required = fd.required !== false;
			err = el('div', 'err', null, { id: id + 'e' });
			f.appendChild(inp);
			f.appendChild(err);
			inputs.push([inp, err]);
		});
		f.appendChild(el('button', 'go', t('details', 'Send details'),
		    { type: 'submit' }));
		f.addEventListener('submit', function (ev) {
			var vals = {}, bad = null;

			ev.preventDefault();
			inputs.forEach(function (p) {
				var msg = fieldError(p[0]);

				p[1].textContent = msg;
				p[0].setAttribute('aria-invalid', msg ? 'true' : 'false');
				if (msg && !bad)
					bad = p[0];
				vals[p[0].name] = p[0].value.trim();
			});
			if (bad)
				bad.focus();
			else
				send({ form: vals }, null);
		});
		return f;
	}

	/* Disables the choices and forms of earlier messages. */
	function settle() {
		var c = ui.log.querySelectorAll('.ch button,.f input,.f button'), i;

		for (i = 0; i < c.length; i++)
			c[i].disabled = true;
	}

	/* Renders message m once (by id); returns its element or null. */
	function show(m) {
		var from = m.from || 'assistant', row, b;

		if (m.id) {
			if (S.seen[m.id])
				return null;
			S.seen[m.id] = 1;
			if (m.id > S.last)
				S.last = m.id;
		}
		panel();
		if (from === 'patient')
			settle();
		row = el('div', 'm ' + from + (m.emergency ? ' sos' : ''));
		row.dir = 'auto';
		if (m.language && from !== 'patient') {
			row.lang = S.ml = m.language;
			follow(m.language);
			/* right to left by language, unless the text is not */
			if (!RTL.test(m.language))
				row.dir = 'ltr';
			else if (RTL_TEXT.test(m.text || ''))
				row.dir = 'rtl';
		}
		if (m.emergency)
			row.appendChild(el('strong', 'who', t('urgent', 'Urgent')));
		else if (from === 'staff')
			row.appendChild(el('span', 'who', t('staff', 'Clinic staff')));
		b = el('div', 'b');
		addText(b, m.text || '', m.emergency);
		row.appendChild(b);
		if (m.booking)
			row.appendChild(booking(m.booking, m.language));
		if (m.choices && m.choices.length)
			row.appendChild(choices(m.choices));
		if (m.form && m.form.fields && m.form.fields.length)
			row.appendChild(form(m.form));
		ui.log.appendChild(row);
		scroll();
		return row;
	}

	/* Renders a list; live: announces the new replies (not the
	 * patient's own messages, not history). */
	function showAll(list, live) {
		var said = [];

		(list || []).forEach(function (m) {
			if (show(m) && live && m.from !== 'patient')
				said.push((m.from === 'staff' ? t('staff',
				    'Clinic staff') + ': ' : '') + (m.text || ''));
		});
		if (!said.length)
			return;
		ui.live.textContent = said.join('\n');
		if (!S.open)
			badge(S.unread + said.length);
	}

	function badge(n) {
		S.unread = n;
		ui.badge.hidden = !n;
		ui.badge.textContent = n ? String(n) : '';
		ui.launch.setAttribute('aria-label', t('chat', 'Chat with us') +
		    (n ? ', ' + n + ' ' + (n > 1 ? t('newn', 'new messages') :
		    t('new1', 'new message')) : ''));
	}

	function typing(on) {
		ui.typing.hidden = !on;
		if (on)
			scroll();
	}

	/* ---- conversation ---- */

	function start() {
		var body = { clinic: clinic, page: location.origin +
		    location.pathname };

		if (S.conv)
			return Promise.resolve();
		if (S.lang)
			body.language = S.lang;
		return http('POST', 'api/v1/conversations', body).then(function (d) {
			S.conv = { id: d.conversation, token: d.token };
			S.loaded = true;
			save('localStorage', KEY, S.conv);
			if (ui.greet && d.messages && d.messages.length) {
				ui.greet.remove();
				ui.greet = null;
			}
			showAll(d.messages, false);
		});
	}

	function sendText() {
		var text = ui.input.value.trim();

		if (!text)
			return;
		ui.input.value = '';
		send({ text: text }, text);
	}

	/* Sends one patient message; a retry reuses its Idempotency-Key. */
	function send(body, echo) {
		var key = rid(), gen = S.gen, mine = null, note = null;

		settle();
		if (echo) {
			mine = show({ from: 'patient', text: echo });
			mine.classList.add('pending');
		}
		function go() {
			if (note)
				note.remove();
			S.sending++;
			typing(true);
			/* One request in flight per tab: a poll under way ends first. */
			(S.pollP || Promise.resolve()).catch(function () {
			}).then(function () {
				return start();
			}).then(function () {
				return http('POST', convPath(''), body,
				    { 'Idempotency-Key': key });
			}).then(function (d) {
				done();
				if (gen !== S.gen)
					return;
				if (mine)
					mine.remove();
				showAll(d.messages, true);
				if (d.last_id > S.last)
					S.last = d.last_id;
				bar(null);
			}, function (e) {
				done();
				if (gen !== S.gen)
					return;
				if (e.data && e.data.messages) {
					if (mine)
						mine.remove();
					showAll(e.data.messages, true);
					return;
				}
				if (e.status === 401 || e.status === 404)
					return lost();
				note = el('div', 'note', null, { role: 'alert' });
				note.appendChild(el('span', null, e.status === 400 ?
				    t('refused', 'This message could not be sent.') :
				    t('notsent', 'Not sent.') + ' ' + problem(e)));
				if (e.status !== 400)
					note.appendChild(button('sm', t('retry', 'Retry'),
					    go));
				ui.log.appendChild(note);
				scroll();
			});
		}
		go();
	}

	function done() {
		S.sending--;
		typing(S.sending > 0);
		schedule();
	}

	/* The conversation is gone (expired or erased): start afresh. */
	function lost() {
		forget();
		bar(t('ended',
		    'This conversation has ended. You can start a new one.'));
	}

	function forget() {
		S.gen++;
		clearTimeout(S.timer);
		save('localStorage', KEY, null);
		S.conv = null;
		S.last = 0;
		S.seen = {};
		S.fails = 0;
		S.hold = 0;
		S.polling = false;
		badge(0);
		if (ui.panel)
			intro();
	}

	function restart() {
		forget();
		bar(null);
		ui.input.focus();
	}

	/* ---- polling: only while a conversation exists ---- */

	function schedule(delay) {
		var wait;

		clearTimeout(S.timer);
		if (!S.conv)
			return;
		wait = S.open && !D.hidden ? S.pollMs : Math.max(30000, S.pollMs);
		if (delay != null)
			wait = delay;
		wait = Math.max(wait, S.hold - Date.now());
		S.timer = setTimeout(poll, wait);
	}

	function poll() {
		var gen = S.gen;

		if (!S.conv || S.polling || S.sending)
			return;
		if (!navigator.onLine) {
			bar(problem({ status: 0 }), retry);
			return;
		}
		S.polling = true;
		S.pollP = http('GET', convPath('?after=' + S.last)).then(function (d) {
			if (gen !== S.gen)
				return;
			S.polling = false;
			S.fails = 0;
			S.hold = 0;
			if (d.poll_ms > 0)
				S.pollMs = Math.max(1000, d.poll_ms);
			showAll(d.messages, S.loaded);
			S.loaded = true;
			bar(null);
			schedule();
		}, function (e) {
			if (gen !== S.gen)
				return;
			S.polling = false;
			if (e.status === 401 || e.status === 404)
				return lost();
			S.fails++;
			S.hold = Date.now() + Math.max(e.retry * 1000,
			    Math.min(300000, S.pollMs * Math.pow(2, S.fails)));
			if (S.fails > 1 || e.status === 0)
				bar(problem(e), retry);
			schedule();
		});
	}

	function retry() {
		S.hold = 0;
		bar(null);
		if (!S.settings)
			return opened();
		schedule(0);
	}

	/* ---- open and close ---- */

	function opened() {
		settings().then(function (s) {
			apply(s);
			bar(null);
		}, function (e) {
			bar(problem(e), retry);
		});
		schedule(S.loaded ? null : 0);
	}

	function open() {
		if (S.open)
			return;
		if (!S.conv)
			S.conv = load('localStorage', KEY);
		panel();
		S.open = true;
		ui.panel.hidden = false;
		ui.launch.setAttribute('aria-expanded', 'true');
		if (ui.nudge)
			ui.nudge.remove();
		badge(0);
		opened();
		ui.input.focus();
	}

	function close() {
		if (!S.open)
			return;
		S.open = false;
		ui.panel.hidden = true;
		ui.launch.setAttribute('aria-expanded', 'false');
		ui.launch.focus();
		schedule();
	}

	function toggle() {
		if (S.open)
			close();
		else
			open();
	}

	/* ---- proactive message (data-proactive="on") ---- */

	function nudge(rule) {
		if (S.open || load('sessionStorage', NUDGED))
			return;
		save('sessionStorage', NUDGED, 1);
		S.nudge = rule.message;
		ui.nudge = el('div', 'nudge');
		ui.nudge.appendChild(button('go', rule.message, open));
		ui.nudge.appendChild(button('sm', '\u00d7', function () {
			ui.nudge.remove();
			S.nudge = null;
		}, t('dismiss', 'Dismiss')));
		ui.w.appendChild(ui.nudge);
	}

	function proactive() {
		if (load('sessionStorage', NUDGED))
			return;
		settings().then(function (s) {
			var rules = s.proactive || [], i, r, left;

			S.settings = S.settings || s;
			theme(s.colour);
			if (!S.ll)
				labels(s);
			for (i = 0; i < rules.length; i++) {
				r = rules[i];
				if (r.message && location.pathname.indexOf(
				    r.path_prefix || '/') === 0) {
					left = (r.after_seconds || 0) * 1000 -
					    performance.now();
					setTimeout(nudge, Math.max(0, left), r);
					return;
				}
			}
		}, function () { /* no nudge then */ });
	}

	/* ---- boot ---- */

	function boot() {
		launcher();
		/* A conversation begun earlier on this site goes on: poll it
		 * (slowly while closed) so staff replies show as unread. */
		S.conv = load('localStorage', KEY);
		if (S.conv)
			schedule();
		if (me.getAttribute('data-proactive') === 'on')
			proactive();
		D.addEventListener('visibilitychange', function () {
			if (!S.polling)
				schedule();
		});
		W.addEventListener('online', retry);
		W.addEventListener('offline', function () {
			bar(problem({ status: 0 }), retry);
		});
	}

	W.frontdeskWidget = { open: open, close: close };
	if (D.body)
		boot();
	else
		D.addEventListener('DOMContentLoaded', boot);
})();
