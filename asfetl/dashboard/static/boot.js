// The page's start: Plotly (its basic bundle: bars and lines) and the charts' data travel
// gzip-compressed in the file, a quarter of their size; the browser inflates them itself
// (DecompressionStream), with no request. The dashboard's script runs as soon as the data is
// in; Plotly, the costliest part (a megabyte of script), only when the first chart is to be
// drawn or the page is idle: a first screen without a chart does not wait for it.
(function () {
  "use strict";
  function decode(text) {
    if (Uint8Array.fromBase64) return Uint8Array.fromBase64(text); // native: no loop in script
    var binary = atob(text);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }
  function stream(id) {
    var bytes = decode(document.getElementById(id).textContent);
    return new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  }
  function inflate(id) {
    return new Response(stream(id)).text();
  }
  // A script from the page's own bytes (a blob: address, no request leaves the page): the
  // browser compiles it off the main thread, as it would a script file.
  function run(id) {
    return new Response(stream(id), { headers: { "Content-Type": "text/javascript" } })
      .blob()
      .then(function (blob) {
        return new Promise(function (resolve, reject) {
          var script = document.createElement("script");
          script.src = URL.createObjectURL(blob);
          script.onload = function () {
            URL.revokeObjectURL(script.src);
            resolve();
          };
          script.onerror = reject;
          document.head.appendChild(script);
        });
      });
  }
  if (typeof DecompressionStream === "undefined") {
    document.body.dataset.unsupported = "true";
    return; // the tables stay: every chart's data is in the page as a table beneath it
  }
  var times = (window.asfTimes = { boot: performance.now() }); // for the browser tests
  var plotly = null;
  // Plotly, inflated and evaluated once, when first asked, in the page's global scope as a
  // <script> would put it; a promise of it.
  window.asfPlotly = function () {
    if (!plotly) {
      times.plotlyAsked = performance.now();
      plotly = run("plotly-gz").then(function () {
        times.plotly = performance.now();
      });
    }
    return plotly;
  };
  inflate("data-gz").then(function (text) {
    times.inflated = performance.now();
    window.asfData = text; // the dashboard's script parses it
    (0, eval)(document.getElementById("dashboard-js").textContent);
  });
})();
