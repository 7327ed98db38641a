// The page's start: Plotly (its basic bundle: bars and lines) and the charts' data travel
// gzip-compressed in the file, a quarter of their size; the browser inflates them itself
// (DecompressionStream), with no request, then runs the dashboard's script.
(function () {
  "use strict";
  function inflate(id) {
    var text = atob(document.getElementById(id).textContent);
    var bytes = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).text();
  }
  if (typeof DecompressionStream === "undefined") {
    document.body.dataset.unsupported = "true";
    return; // the tables stay: every chart's data is in the page as a table beneath it
  }
  var times = (window.asfTimes = { boot: performance.now() }); // for the browser tests
  Promise.all([inflate("plotly-gz"), inflate("data-gz")]).then(function (texts) {
    times.inflated = performance.now();
    (0, eval)(texts[0]); // Plotly, in the page's global scope as a <script> would put it
    times.plotly = performance.now();
    var data = document.createElement("script");
    data.type = "application/json";
    data.id = "dashboard-data";
    data.textContent = texts[1];
    document.body.appendChild(data);
    (0, eval)(document.getElementById("dashboard-js").textContent);
  });
})();
