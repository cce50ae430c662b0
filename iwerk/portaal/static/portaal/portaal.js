/* iwerk portaal: progressive enhancement only — every form works without this script. */
(function () {
  "use strict";

  // Conditional fields: shown when the field they depend on has the given answer.
  function waardeVan(form, naam) {
    var checked = form.querySelector('input[name="' + naam + '"]:checked');
    if (checked) return checked.value;
    var veld = form.querySelector('[name="' + naam + '"]');
    return veld && veld.type !== "radio" ? veld.value : null;
  }
  function bijwerken(form) {
    form.querySelectorAll("[data-toon-als]").forEach(function (blok) {
      var naam = blok.getAttribute("data-toon-als");
      var huidig = waardeVan(form, naam);
      if (huidig === null) return; // the field is on an earlier step: the server decided
      blok.hidden = huidig !== blok.getAttribute("data-toon-is");
    });
  }
  document.querySelectorAll("form").forEach(function (form) {
    if (!form.querySelector("[data-toon-als]")) return;
    form.querySelectorAll(".conditie").forEach(function (p) { p.hidden = true; });
    form.addEventListener("change", function () { bijwerken(form); });
    bijwerken(form);
  });

  // Too large a file is refused right away (the server checks again).
  document.querySelectorAll("input[type=file][data-max-mb]").forEach(function (input) {
    input.addEventListener("change", function () {
      var max = parseInt(input.getAttribute("data-max-mb"), 10) * 1024 * 1024;
      var bestand = input.files && input.files[0];
      input.setCustomValidity(bestand && bestand.size > max
        ? "Het bestand is te groot. Het mag hoogstens " + input.getAttribute("data-max-mb") + " MB zijn."
        : "");
      input.reportValidity();
    });
  });

  // One click sends once: the button is disabled after the first submit (the server also
  // ignores a second send of the same request).
  document.querySelectorAll("form[data-eenmalig]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.verstuurd) { event.preventDefault(); return; }
      form.dataset.verstuurd = "1";
      var knop = event.submitter;
      if (knop) {
        var kopie = document.createElement("input");
        kopie.type = "hidden"; kopie.name = knop.name; kopie.value = knop.value || "1";
        form.appendChild(kopie);
        setTimeout(function () { knop.disabled = true; }, 0);
      }
    });
  });

  // Enter in a part of an address looks that address up; elsewhere in the form it is the step's
  // main action (the hidden default button first in the form: also without this script).
  document.querySelectorAll("fieldset.adres").forEach(function (blok) {
    var zoeken = blok.querySelector(".adres__zoeken");
    if (!zoeken || !zoeken.form || !zoeken.form.requestSubmit) return;
    blok.querySelectorAll(".adres__deel input").forEach(function (input) {
      input.addEventListener("keydown", function (event) {
        if (event.key !== "Enter" || event.isComposing) return;
        event.preventDefault();
        zoeken.form.requestSubmit(zoeken);
      });
    });
  });

  // Focus the error summary so screen readers announce it.
  var fouten = document.getElementById("fouten");
  if (fouten) fouten.focus();

  // The map of a location field: Leaflet with the tiles this installation configured (the page
  // carries their URL template and attribution). Clicking (or Enter on the focused map: its
  // centre) sets the point; the address field always works. When no tile loads (offline, tile
  // server down) the map goes away and the form says so.
  function alsTekst(waarde) {
    var blok = document.createElement("span");
    blok.textContent = waarde;
    return blok.innerHTML;
  }
  function kaarten() {
    document.querySelectorAll("[data-kaart-voor]").forEach(function (blok) {
      var id = blok.getAttribute("data-kaart-voor");
      var lat = document.getElementById(id + "_lat"), lon = document.getElementById(id + "_lon");
      var geen = blok.parentNode.querySelector("[data-kaart-geen]");
      function nietBeschikbaar() {
        blok.hidden = true;
        if (geen) geen.hidden = false;
      }
      if (!lat || !lon) return;
      if (!window.L) { nietBeschikbaar(); return; }
      blok.hidden = false;
      var vlak = blok.querySelector(".kaart__vlak");
      var start = lat.value && lon.value ? [parseFloat(lat.value), parseFloat(lon.value)] : [52.33, 6.25];
      var kaart = L.map(vlak, { keyboard: true }).setView(start, lat.value ? 17 : 11);
      var laag = L.tileLayer(blok.getAttribute("data-kaart-tegels"), {
        maxZoom: 19,
        attribution: alsTekst(blok.getAttribute("data-kaart-bronvermelding") || "")
      });
      var geladen = 0, mislukt = 0;
      laag.on("tileload", function () { geladen += 1; });
      laag.on("tileerror", function () { mislukt += 1; });
      // "load" follows when every visible tile has loaded or failed.
      laag.on("load", function () { if (!geladen && mislukt) nietBeschikbaar(); });
      setTimeout(function () { if (!geladen) nietBeschikbaar(); }, 15000);
      laag.addTo(kaart);
      var marker = lat.value ? L.marker(start).addTo(kaart) : null;
      var keuze = blok.querySelector("[data-kaart-keuze]");
      function zet(punt) {
        lat.value = punt.lat.toFixed(6); lon.value = punt.lng.toFixed(6);
        if (marker) marker.setLatLng(punt); else marker = L.marker(punt).addTo(kaart);
        keuze.textContent = "Gekozen plek: " + lat.value + ", " + lon.value;
      }
      kaart.on("click", function (e) { zet(e.latlng); });
      vlak.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); zet(kaart.getCenter()); } });
    });
  }
  if (document.readyState === "complete") kaarten(); else window.addEventListener("load", kaarten);
})();
