/* Quick exit. Without JavaScript the links still go to /exit, which clears the session. */
(function () {
  "use strict";
  var EXIT = "/exit", WINDOW_MS = 5000, presses = [], shiftAlone = false;

  function leave(event) {
    if (event) { event.preventDefault(); }
    document.documentElement.className += " hb-gone";   /* hide the page at once */
    window.location.replace(EXIT);                     /* replace: Back does not return */
  }

  document.addEventListener("keydown", function (event) {
    if (event.key === "Shift") {
      if (!event.repeat) { shiftAlone = true; }
    } else {
      shiftAlone = false;                             /* Shift with another key does not count */
      presses = [];
    }
  }, true);

  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift" || !shiftAlone) { return; }
    shiftAlone = false;
    var now = Date.now();
    presses = presses.filter(function (t) { return now - t <= WINDOW_MS; });
    presses.push(now);
    if (presses.length >= 3) { leave(); }
  }, true);

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a") : null;
    if (!link) { return; }
    if (link.hasAttribute("data-exit")) { leave(event); return; }
    /* Move between Harbour's pages without adding to the history list. */
    if (link.origin === window.location.origin && !link.hasAttribute("download") &&
        !event.ctrlKey && !event.metaKey && !event.shiftKey && link.target === "") {
      event.preventDefault();
      window.location.replace(link.href);
    }
  });
}());
