// Progressive enhancement only: every page works without this script.
(function () {
  "use strict";
  // Select all zaken for bulk assignment.
  var all = document.getElementById("alles-selecteren");
  if (all) {
    all.addEventListener("change", function () {
      document.querySelectorAll("input[name=zaak]").forEach(function (box) { box.checked = all.checked; });
    });
  }
  // Drag and drop onto the upload field.
  document.querySelectorAll("[data-dropzone]").forEach(function (zone) {
    var input = zone.querySelector("input[type=file]");
    var status = zone.querySelector("[data-dropzone-status]");
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) { event.preventDefault(); zone.classList.add("actief"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("actief"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      if (event.dataTransfer && event.dataTransfer.files.length) {
        input.files = event.dataTransfer.files;
        if (status) { status.textContent = "Gekozen: " + input.files[0].name; }
      }
    });
    input.addEventListener("change", function () {
      if (status && input.files.length) { status.textContent = "Gekozen: " + input.files[0].name; }
    });
  });
  // After a register lookup (intake, zaak page): its answer in view; a result list is focused.
  var antwoord = document.querySelector("[data-zoekresultaten]");
  if (antwoord) {
    antwoord.scrollIntoView({ block: "center" });
    var kop = antwoord.querySelector("[tabindex='-1']");
    if (kop) { kop.focus({ preventScroll: true }); }
  }
  // A form is sent once: the button is disabled after the first submit (the server checks too).
  document.querySelectorAll("form[method=post]").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        window.setTimeout(function () { button.disabled = true; }, 0);
      });
    });
  });
})();

/* The 72-hour clock of a datalek counts down while the page is open (the server's text stays
   the fallback; the state classes follow the same thresholds as iwerk.incidenten.klok). */
(function () {
  "use strict";
  var klokken = document.querySelectorAll("[data-uiterste]");
  if (!klokken.length) return;
  function duur(ms) {
    var min = Math.floor(Math.abs(ms) / 60000), uren = Math.floor(min / 60);
    return uren >= 1 ? uren + " uur en " + (min % 60) + " min" : min + " min";
  }
  function bijwerken() {
    var nu = Date.now();
    klokken.forEach(function (klok) {
      var rest = new Date(klok.getAttribute("data-uiterste")).getTime() - nu;
      var toestand = rest <= 0 ? "verstreken" : rest <= 12 * 3600000 ? "urgent" : rest <= 24 * 3600000 ? "let_op" : "loopt";
      klok.className = "klok klok--" + toestand;
      klok.textContent = rest <= 0 ? "Meldtermijn " + duur(rest) + " geleden verstreken" : "Nog " + duur(rest) + " om te melden";
    });
  }
  setInterval(bijwerken, 30000);
})();
