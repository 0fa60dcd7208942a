// Small behaviours for every page; no inline scripts, so a strict Content-Security-Policy holds.
(function () {
  "use strict";

  // Changing the language applies at once.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () {
      select.form.submit();
    });
  });

  // A milestone on the dashboard's timeline (a picture) opens its activities when clicked.
  document.querySelectorAll("svg a[data-href]").forEach(function (mark) {
    mark.addEventListener("click", function () {
      window.location.assign(mark.dataset.href);
    });
  });

  if (window.htmx) {
    // Django's CSRF token on every htmx request.
    document.body.addEventListener("htmx:configRequest", function (event) {
      var meta = document.querySelector('meta[name="csrf-token"]');
      if (meta) {
        event.detail.headers["X-CSRFToken"] = meta.content;
      }
    });
    // A 422 carries the form with its errors: show it like a success.
    htmx.config.responseHandling = [
      { code: "204", swap: false },
      { code: "[23]..", swap: true },
      { code: "422", swap: true },
      { code: "[45]..", swap: false, error: true },
    ];
    // Put focus in the row being edited, and back on its Edit button once saved or cancelled.
    var lastRowId = null;
    document.body.addEventListener("htmx:beforeRequest", function (event) {
      var row = event.detail.elt.closest && event.detail.elt.closest("tr[id^=row-]");
      lastRowId = row ? row.id : null;
    });
    // afterSettle, not afterSwap: htmx keeps the replaced row's classes until it settles.
    document.body.addEventListener("htmx:afterSettle", function () {
      var row = lastRowId && document.getElementById(lastRowId);
      if (!row) return;
      if (row.classList.contains("row-editing")) {
        var first =
          row.querySelector(".is-invalid") ||
          row.querySelector("select, textarea, input:not([type=hidden])");
        if (first) first.focus();
      } else {
        var edit = row.querySelector("button[hx-get]");
        if (edit) edit.focus();
      }
    });
    document.body.addEventListener("htmx:responseError", function (event) {
      var texts = document.getElementById("js-texts").dataset;
      var status = event.detail.xhr.status;
      var box = document.getElementById("js-error");
      box.textContent =
        status === 403 ? texts.forbidden : status === 413 ? texts.tooBig : texts.failed;
      box.hidden = false;
    });
  }
})();
