/*
 * The page a confirmation links to: shows the appointment and lets the
 * patient cancel it.  The link's fragment holds the reference and a
 * token (#r=REF&t=TOKEN); the fragment never reaches a server log.
 * Every text is set with textContent.
 */
(function () {
	"use strict";

	var root = document.getElementById("manage");
	var params = new URLSearchParams(location.hash.slice(1));
	var ref = params.get("r") || "";
	var token = params.get("t") || "";
	var path = location.pathname;
	var base = path.slice(0, path.lastIndexOf("/static/") + 1);
	var url = base + "api/v1/appointments/" + encodeURIComponent(ref);

	function el(tag, text, cls) {
		var e = document.createElement(tag);

		if (text !== undefined && text !== null)
			e.textContent = String(text);
		if (cls)
			e.className = cls;
		return e;
	}

	function clear() {
		while (root.firstChild)
			root.removeChild(root.firstChild);
	}

	function message(text) {
		clear();
		root.appendChild(el("p", text, "note"));
	}

	function call(method, suffix) {
		return fetch(url + suffix, {
			method: method,
			headers: { "Authorization": "Bearer " + token },
			credentials: "omit",
			cache: "no-store"
		}).then(function (r) {
			return r.json().then(function (body) {
				return { status: r.status, body: body };
			});
		});
	}

	function field(dl, label, value) {
		if (!value)
			return;
		dl.appendChild(el("dt", label));
		dl.appendChild(el("dd", value));
	}

	function cancelButton(a) {
		var b = el("button", a.labels.cancel);

		b.type = "button";
		b.addEventListener("click", function () {
			if (!window.confirm(a.labels.confirm))
				return;
			b.disabled = true;
			call("POST", "/cancel").then(function (r) {
				if (r.status === 200)
					render(r.body);
				else {
					b.disabled = false;
					root.appendChild(el("p", a.labels.failed,
					    "note"));
				}
			}, function () {
				b.disabled = false;
			});
		});
		return b;
	}

	function render(a) {
		var dl = el("dl"), c = a.clinic || {}, l = a.labels;

		clear();
		document.documentElement.lang = a.language || "en";
		document.title = l.title;
		root.appendChild(el("h1", l.title));
		if (a.status === "cancelled")
			root.appendChild(el("p", l.cancelled, "status"));
		field(dl, l.when, a.when);
		field(dl, l.service, a.service);
		field(dl, l.practitioner, a.practitioner);
		field(dl, l.price, a.price);
		field(dl, l.reference, a.reference);
		root.appendChild(dl);
		root.appendChild(el("p", [c.name, c.address, c.phone].filter(
		    Boolean).join(" · "), "note"));
		if (a.status !== "cancelled") {
			root.appendChild(el("p", l.move, "note"));
			if (c.cancellation_policy)
				root.appendChild(el("p", c.cancellation_policy,
				    "note"));
		}
		if (a.can_cancel)
			root.appendChild(cancelButton(a));
	}

	if (!ref || !token) {
		message("This link is not complete. Please use the link in " +
		    "your confirmation message.");
		return;
	}
	call("GET", "").then(function (r) {
		if (r.status === 200)
			render(r.body);
		else
			message((r.body && r.body.error &&
			    r.body.error.message) || "Not available.");
	}, function () {
		message("The service is unavailable. Please try again.");
	});
}());
