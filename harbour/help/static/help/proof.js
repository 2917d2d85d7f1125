// Busy times only: solve the page's ALTCHA (v1, SHA-256) challenge so her request can be sent.
// Nothing leaves the browser but the solution; without JavaScript the wait ticket works.
(function () {
  "use strict";
  var form = document.querySelector("form[data-proof]");
  if (!form || !window.crypto || !crypto.subtle || !window.TextEncoder) { return; }
  var c = JSON.parse(form.getAttribute("data-proof"));
  var out = form.querySelector("input[name=proof]");
  var note = document.getElementById("proof-state");
  var enc = new TextEncoder();
  function hex(buf) {
    return Array.prototype.map.call(new Uint8Array(buf), function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }
  function attempt(n) {
    if (n > c.maxNumber) { return; }
    crypto.subtle.digest("SHA-256", enc.encode(c.salt + n)).then(function (d) {
      if (hex(d) === c.challenge) {
        out.value = btoa(JSON.stringify({algorithm: c.algorithm, challenge: c.challenge, number: n,
                                         salt: c.salt, signature: c.signature}));
        if (note) { note.textContent = note.getAttribute("data-done"); }
      } else {
        attempt(n + 1);
      }
    });
  }
  attempt(0);
})();
