// Small behaviours for every page; no inline scripts, so a strict Content-Security-Policy holds.
(function () {
  "use strict";

  // Bootstrap's menus, collapsing panels and closable alerts, on its markup and classes, without
  // its 80 KB script (and Popper) to parse and run on every page load of a phone.
  var MENU_TOGGLE = '[data-bs-toggle="dropdown"]';
  var menuOf = function (toggle) {
    return toggle.parentElement.querySelector(".dropdown-menu");
  };
  var setMenu = function (toggle, open) {
    var menu = menuOf(toggle);
    toggle.setAttribute("aria-expanded", String(open));
    toggle.classList.toggle("show", open);
    menu.classList.toggle("show", open);
    if (!open) return;
    if (toggle.hasAttribute("data-bs-popper-config")) {
      // In a strip that scrolls sideways (the plan's tabs) a menu below would be cut off.
      var box = toggle.getBoundingClientRect();
      menu.style.position = "fixed";
      menu.style.top = box.bottom + "px";
      menu.style.left = "auto";
      menu.style.right = Math.max(0, document.documentElement.clientWidth - box.right) + "px";
    } else {
      // Below its button, aligned as the markup says, unless that runs off the screen.
      menu.setAttribute("data-bs-popper", "static");
      menu.style.left = menu.style.right = "";
      var edge = menu.getBoundingClientRect();
      if (edge.left < 0) {
        menu.style.left = "0";
        menu.style.right = "auto";
      } else if (edge.right > document.documentElement.clientWidth) {
        menu.style.left = "auto";
        menu.style.right = "0";
      }
    }
  };
  var closeMenus = function (except) {
    document.querySelectorAll(MENU_TOGGLE + '[aria-expanded="true"]').forEach(function (toggle) {
      if (toggle !== except) setMenu(toggle, false);
    });
  };
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest("[data-bs-toggle]");
    if (toggle && toggle.dataset.bsToggle === "dropdown") {
      event.preventDefault();
      closeMenus(toggle);
      setMenu(toggle, toggle.getAttribute("aria-expanded") !== "true");
      return;
    }
    if (toggle && toggle.dataset.bsToggle === "collapse") {
      var panel = document.querySelector(toggle.dataset.bsTarget);
      var open = !panel.classList.contains("show");
      panel.classList.toggle("show", open);
      toggle.classList.toggle("collapsed", !open);
      toggle.setAttribute("aria-expanded", String(open));
      return;
    }
    var dismiss = event.target.closest('[data-bs-dismiss="alert"]');
    if (dismiss) dismiss.closest(".alert").remove();
    closeMenus(null);
  });
  document.addEventListener("keydown", function (event) {
    var open = document.querySelector(MENU_TOGGLE + '[aria-expanded="true"]');
    if (!open) return;
    if (event.key === "Escape") {
      setMenu(open, false);
      open.focus();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      var items = Array.prototype.slice.call(menuOf(open).querySelectorAll(".dropdown-item"));
      var down = event.key === "ArrowDown";
      var at = items.indexOf(document.activeElement);
      var next = at < 0 ? (down ? 0 : items.length - 1) : at + (down ? 1 : -1);
      event.preventDefault();
      items[(next + items.length) % items.length].focus();
    }
  });
  // A menu closes when focus leaves it (Tab past its last item), and a fixed one when the page moves.
  document.addEventListener("focusin", function (event) {
    if (!event.target.closest(".dropdown-menu.show")) closeMenus(event.target.closest(MENU_TOGGLE));
  });
  window.addEventListener("resize", function () {
    closeMenus(null);
  });

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

  // On a phone the plan's tabs scroll sideways: bring the current one into view. Asked of an
  // observer, which answers after the first layout, rather than by reading positions here,
  // which would force that layout while the page is still being built (the dashboard's is large).
  // (List tables' card labels, data-label, are written by the server.)
  if (window.IntersectionObserver) {
    document.querySelectorAll(".plan-tabs").forEach(function (tabs) {
      var active = tabs.querySelector(".nav-link.active");
      if (!active) return;
      var observer = new IntersectionObserver(
        function (entries) {
          observer.disconnect();
          var entry = entries[0];
          if (entry.intersectionRatio >= 1) return;
          var offset = entry.boundingClientRect.left - entry.rootBounds.left;
          tabs.scrollLeft += offset - (entry.rootBounds.width - entry.boundingClientRect.width) / 2;
        },
        { root: tabs, threshold: 1 }
      );
      observer.observe(active);
    });
  }

  // Print buttons open the browser's print dialogue (the print stylesheet does the rest).
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  });

  // Copy buttons copy the value of the field they name, and say so for a moment.
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var field = document.getElementById(button.dataset.copy);
      var label = button.textContent;
      var done = function () {
        button.textContent = button.dataset.copied;
        window.setTimeout(function () {
          button.textContent = label;
        }, 2000);
      };
      var fallback = function () {
        // Older browsers, or a clipboard the page may not write to: copy the selection.
        if (document.execCommand("copy")) done();
      };
      field.select();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, fallback);
      } else {
        fallback();
      }
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
    // A 422 carries the form with its errors, a 409 the form merged with someone else's
    // change (an edit conflict): show them like a success.
    htmx.config.responseHandling = [
      { code: "204", swap: false },
      { code: "[23]..", swap: true },
      { code: "422", swap: true },
      { code: "409", swap: true },
      { code: "[45]..", swap: false, error: true },
    ];
    // The plan table's Edit buttons (data-inline-edit: the row's in-place edit address): one
    // listener for the page loads the edit into the row, instead of htmx processing each row's
    // controls at load, which on a phone was most of the table's script time (issue 13).
    document.addEventListener("click", function (event) {
      var edit = event.target.closest("button[data-inline-edit]");
      if (!edit) return;
      htmx.ajax("GET", edit.dataset.inlineEdit, {
        source: edit,
        target: edit.closest("tr"),
        swap: "outerHTML",
      }).catch(function () {
        // htmx has said what went wrong with an event (htmx:responseError below).
      });
    });
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
        var edit = row.querySelector("button[data-inline-edit]");
        if (edit) edit.focus();
      }
    });
    document.body.addEventListener("htmx:responseError", function (event) {
      var texts = document.getElementById("js-texts").dataset;
      var status = event.detail.xhr.status;
      var box = document.getElementById("js-error");
      var archived = status === 403 && event.detail.xhr.getResponseHeader("X-Refused") === "archived";
      box.textContent = archived
        ? texts.archived
        : status === 403
          ? texts.forbidden
          : status === 413
            ? texts.tooBig
            : texts.failed;
      box.hidden = false;
    });
  }
})();
