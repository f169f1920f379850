// Progressive enhancement of the appointment pages (no inline script: strict CSP).
// A "copy the link" button and a "print" button, shown only where JavaScript runs.
(function () {
  "use strict";
  document.querySelectorAll("[data-copier]").forEach(function (bouton) {
    var cible = document.getElementById(bouton.dataset.copier);
    var etat = document.getElementById(bouton.dataset.copier + "-etat");
    if (!cible || !navigator.clipboard) {
      return;
    }
    bouton.classList.remove("d-none");
    bouton.addEventListener("click", function () {
      navigator.clipboard.writeText(cible.textContent.trim()).then(function () {
        if (etat) {
          etat.textContent = bouton.dataset.copie;
        }
      });
    });
  });
  document.querySelectorAll("[data-imprimer]").forEach(function (bouton) {
    bouton.classList.remove("d-none");
    bouton.addEventListener("click", function () {
      window.print();
    });
  });
})();
