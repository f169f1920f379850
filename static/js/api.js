/* The browsable API page (/api/): Swagger UI over the OpenAPI document named by the page
   (data-openapi on #swagger-ui). Without JavaScript the page keeps its list of operations. */
(function () {
  "use strict";
  var cadre = document.getElementById("swagger-ui");
  if (!cadre || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  // The page has its own <main>: the explorer's is only a group inside it.
  function sansSecondMain() {
    cadre.querySelectorAll("main:not([role])").forEach(function (element) {
      element.setAttribute("role", "group");
    });
  }
  new MutationObserver(sansSecondMain).observe(cadre, { childList: true, subtree: true });
  window.SwaggerUIBundle({
    url: cadre.dataset.openapi,
    domNode: cadre,
    deepLinking: true,
    tryItOutEnabled: false,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout"
  });
})();
