/* Draws Vega-Lite charts without eval or inline styles, so it works under a strict CSP.
 *
 * A template renders the spec with json_script and points a container at it:
 *   {{ spec|json_script:"risk-chart-spec" }}
 *   <div class="vega-chart" data-vega-spec="risk-chart-spec" role="img" aria-label="..."></div>
 * and loads, in this order: vendor vega, vega-lite, vega-embed, then this file.
 * Every chart should also have a table or text alternative on the page.
 */
(function () {
  "use strict";

  function draw(container) {
    var source = document.getElementById(container.getAttribute("data-vega-spec"));
    if (!source || typeof window.vegaEmbed !== "function") {
      return;
    }
    var spec = JSON.parse(source.textContent);
    window.vegaEmbed(container, spec, {
      ast: true,             // interpret expressions instead of compiling them with new Function()
      actions: false,
      defaultStyle: false,   // no injected <style>; see css/reintegra.css
      renderer: "canvas",
      tooltip: { disableDefaultStyle: true },
    }).catch(function (error) {
      container.textContent = container.getAttribute("data-vega-error") || String(error);
    });
  }

  function drawAll(root) {
    (root || document).querySelectorAll("[data-vega-spec]").forEach(draw);
  }

  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  // Charts that arrive in an htmx swap are drawn too.
  document.addEventListener("htmx:afterSettle", function (event) { drawAll(event.target); });
})();
