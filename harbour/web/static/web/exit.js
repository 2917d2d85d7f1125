/* Quick exit, and no trace of Harbour in the tab's history.
   Without JavaScript the exit links still go to /exit, which clears the session; the safety
   page says what Back can then still show. */
(function () {
  "use strict";
  var EXIT = "/exit", WINDOW_MS = 5000, presses = [], clean = {};

  function leave(event) {
    if (event) { event.preventDefault(); }
    document.documentElement.className += " hb-gone";   /* hide the page at once */
    var link = document.querySelector("a[data-exit]");  /* it may close the page's form (?f=) */
    window.location.replace(link ? link.getAttribute("href") : EXIT);  /* replace: Back does not return */
  }

  /* Shift three times. Each Shift key (left, right) is tracked on its own, so presses that
     overlap (left down, right down, left up…) each count; Shift with another key does not. */
  document.addEventListener("keydown", function (event) {
    if (event.key === "Shift") {
      if (!event.repeat) { clean[event.code || "Shift"] = true; }
    } else {
      clean = {};
      presses = [];
    }
  }, true);

  document.addEventListener("keyup", function (event) {
    var code = event.code || "Shift";
    if (event.key !== "Shift" || !clean[code]) { return; }
    delete clean[code];
    var now = Date.now();
    presses = presses.filter(function (t) { return now - t <= WINDOW_MS; });
    presses.push(now);
    if (presses.length >= 3) { leave(); }
  }, true);

  function sameSite(url) {
    return url.origin === window.location.origin;
  }

  /* Show a page Harbour sent in place of this one, and put its address in this history
     entry instead of adding one. The document stays, so these listeners stay. */
  function show(html, url) {
    var next = new DOMParser().parseFromString(html, "text/html");
    var root = document.documentElement;
    ["lang", "dir"].forEach(function (name) {
      var value = next.documentElement.getAttribute(name);
      if (value) { root.setAttribute(name, value); } else { root.removeAttribute(name); }
    });
    document.title = next.title;
    document.body.replaceWith(document.importNode(next.body, true));
    window.history.replaceState(null, "", url);
    window.scrollTo(0, 0);
    var focus = document.querySelector("[role=alert]") || document.querySelector("main h1, main legend h1");
    if (focus) {
      if (!focus.hasAttribute("tabindex")) { focus.setAttribute("tabindex", "-1"); }
      focus.focus({preventScroll: true});
    }
  }

  /* Forms that post to Harbour are sent in place: a posted page in the history list would
     come back with Back, or ask to be sent again. */
  document.addEventListener("submit", function (event) {
    var form = event.target, submitter = event.submitter;
    if (event.defaultPrevented || !window.fetch || !window.DOMParser || form.hasAttribute("data-native")) { return; }
    /* A second tap while the first is on its way sends nothing more (the server refuses a
       repeated one-time token too, harbour/core/once.py). */
    if (form.hasAttribute("data-sending")) { event.preventDefault(); return; }
    /* getAttribute: a field named "action" or "method" would hide the form's own. */
    var method = (form.getAttribute("method") || "get").toLowerCase();
    /* A button's formaction wins (the language switch: one form, a button per language). */
    var action = (submitter && submitter.getAttribute("formaction")) || form.getAttribute("action");
    var target = new URL(action || window.location.href, window.location.href);
    if (method !== "post" || !sameSite(target)) { return; }
    var data;
    try { data = new FormData(form, submitter); } catch (ignore) { data = new FormData(form); }
    if (submitter && submitter.name && !data.has(submitter.name)) { data.append(submitter.name, submitter.value); }
    event.preventDefault();
    var buttons = form.querySelectorAll("button, input[type=submit]");
    form.setAttribute("data-sending", "");
    Array.prototype.forEach.call(buttons, function (button) {
      button.disabled = true;
      button.setAttribute("aria-disabled", "true");
    });
    fetch(target.href, {method: "POST", body: data, credentials: "same-origin", redirect: "follow"})
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (type.indexOf("text/html") !== 0 || !sameSite(new URL(response.url))) { throw new Error("not a page"); }
        return response.text().then(function (html) { show(html, response.url); });
      })
      .catch(function () {
        form.removeAttribute("data-sending");
        Array.prototype.forEach.call(buttons, function (button) {
          button.disabled = false;
          button.removeAttribute("aria-disabled");
        });
        form.setAttribute("data-native", "");            /* send it the ordinary way */
        if (form.requestSubmit) { form.requestSubmit(submitter); } else { form.submit(); }
      });
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a") : null;
    if (!link || !link.hasAttribute("href")) { return; }
    if (link.hasAttribute("data-exit")) { leave(event); return; }
    /* Move between Harbour's pages without adding to the history list. */
    if (sameSite(link) && !link.hasAttribute("download") && link.getAttribute("href").charAt(0) !== "#" &&
        !event.ctrlKey && !event.metaKey && !event.shiftKey && link.target === "") {
      event.preventDefault();
      window.location.replace(link.href);
    }
  });
}());
