/* Draws the statistics charts from the data block the page carries (json_script).
   The same figures are in the tables below each chart; without JavaScript only they show. */
(function () {
  "use strict";
  var source = document.getElementById("donnees-graphiques");
  if (!source || typeof window.Chart === "undefined") {
    return;
  }
  var donnees = JSON.parse(source.textContent);
  var couleurs = ["#0b5563", "#f2b705"];

  // Long labels are cut into lines of about 18 letters, so they stay whole on a phone.
  function couper(libelle) {
    var lignes = [];
    var ligne = "";
    String(libelle).split(" ").forEach(function (mot) {
      if (ligne && (ligne + " " + mot).length > 18) {
        lignes.push(ligne);
        ligne = mot;
      } else {
        ligne = ligne ? ligne + " " + mot : mot;
      }
    });
    lignes.push(ligne);
    return lignes;
  }

  document.querySelectorAll("[data-graphique]").forEach(function (conteneur) {
    var graphique = donnees[conteneur.dataset.graphique];
    if (!graphique) {
      return;
    }
    var vertical = conteneur.dataset.graphique === "mois";
    var lignes = graphique.libelles.length;
    conteneur.style.height = (vertical ? 320 : 60 + lignes * 64) + "px";
    var toile = document.createElement("canvas");
    toile.setAttribute("role", "img");
    toile.setAttribute(
      "aria-label",
      graphique.titre + " : graphique. Les chiffres sont dans le tableau qui suit."
    );
    conteneur.appendChild(toile);
    new window.Chart(toile, {
      type: "bar",
      data: {
        labels: vertical ? graphique.libelles : graphique.libelles.map(couper),
        datasets: graphique.series.map(function (serie, i) {
          return { label: serie.libelle, data: serie.valeurs, backgroundColor: couleurs[i] };
        })
      },
      options: {
        indexAxis: vertical ? "x" : "y",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        locale: "fr-FR",
        plugins: { legend: { position: "top" } }
      }
    });
  });
})();
