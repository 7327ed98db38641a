// The dashboard's behaviour: language and municipality switches, phone layouts, saving a chart.
// Plotly draws the indicators' charts, without its toolbar (the plan's are in the page as drawn,
// as SVG): nothing here talks to the network.
(function () {
  "use strict";
  var D = JSON.parse(window.asfData);
  delete window.asfData;
  var state = { lang: D.lang, area: "" };
  var NARROW_BELOW = 500; // px: a chart narrower than this gets its phone layout
  var config = {
    displayModeBar: false,
    displaylogo: false,
    showLink: false,
    showSendToCloud: false,
    showEditInChartStudio: false,
    showTips: false,
    scrollZoom: false,
    doubleClick: false,
    responsive: true,
  };
  var select = document.getElementById("area-select");
  var bar = document.getElementById("bar");
  var byId = {};
  D.charts.forEach(function (spec) {
    byId[spec.id] = spec;
  });

  function copy(value) {
    return JSON.parse(JSON.stringify(value));
  }

  function isNarrow(node) {
    return node.clientWidth > 0 && node.clientWidth < NARROW_BELOW;
  }

  // A chart's figure in the current language and width, with the chosen area picked out.
  function figure(spec, narrow) {
    var fig = copy(spec.figs[state.lang]);
    var small = narrow && spec.narrow ? spec.narrow[state.lang] : null;
    if (small) {
      fig.layout = copy(small.layout);
      if (small.data) fig.data = copy(small.data);
    }
    if (spec.kind === "trend") {
      Object.keys(spec.areaTraces).forEach(function (code) {
        fig.data[spec.areaTraces[code]].visible = code === state.area;
      });
      var marks = (spec.areaAnnotations[state.lang] || {})[state.area] || [];
      fig.layout.annotations = (fig.layout.annotations || []).concat(marks);
    } else if (spec.kind === "compare") {
      fig.data[0].marker.color = spec.areas.map(function (code, i) {
        return code === state.area ? spec.highlight : spec.colours[i];
      });
    }
    return fig;
  }

  // What the chart shows, in words: screen readers read this instead of the picture.
  function describe(spec) {
    var extra = spec.areaAlt ? spec.areaAlt[state.lang][state.area] || "" : "";
    return spec.alt[state.lang] + extra + D.altTable[state.lang];
  }

  function draw(spec) {
    var node = document.getElementById(spec.id);
    var narrow = isNarrow(node);
    var started = performance.now();
    spec.drawnNarrow = narrow;
    spec.stale = false;
    node.setAttribute("aria-label", describe(spec));
    var fig = figure(spec, narrow);
    node.style.minHeight = fig.layout.height + "px"; // its room kept: nothing below it jumps
    return window
      .asfPlotly()
      .then(function () {
        return Plotly.react(node, fig.data, fig.layout, config);
      })
      .then(function () {
        spec.drawMs = performance.now() - started; // for the browser tests' budget
      });
  }

  // In sight: drawn at once; the watcher draws the others as they come within half a screen.
  function near(node) {
    // its indicator's card first: one far from the screen is not laid out (content-visibility),
    // and asking where a chart inside it is would lay it out
    var card = node.closest("article");
    var box = (card || node).getBoundingClientRect();
    if (card && !(box.bottom > 0 && box.top < window.innerHeight)) return false;
    box = node.getBoundingClientRect();
    return box.bottom > 0 && box.top < window.innerHeight;
  }

  // The charts near the screen are drawn now, the others when they come near (a phone shows
  // two or three of the thirty): the page is ready in a fraction of the time.
  // `everything`: draw them all now (saving every chart, the browser tests).
  function drawAll(kinds, everything) {
    return Promise.all(
      D.charts
        .filter(function (spec) {
          return !kinds || kinds.indexOf(spec.kind) >= 0;
        })
        .map(function (spec) {
          spec.stale = true;
          var node = document.getElementById(spec.id);
          if (everything || !watcher || near(node)) return draw(spec);
          // observed afresh: the watcher says at once whether it is near, and draws it then
          watcher.unobserve(node);
          watcher.observe(node);
          return null;
        })
    );
  }

  // Charts coming near, drawn one per task: the page keeps answering a tap between them.
  var queue = [];
  function drawNext() {
    var spec = queue.shift();
    if (!spec) return;
    function then() {
      if (queue.length) setTimeout(drawNext, 0);
    }
    (spec.stale ? draw(spec) : Promise.resolve()).then(then, then);
  }
  function drawSoon(spec) {
    if (queue.indexOf(spec) >= 0) return;
    queue.push(spec);
    if (queue.length === 1) setTimeout(drawNext, 0);
  }

  var watcher =
    "IntersectionObserver" in window
      ? new IntersectionObserver(
          function (entries) {
            entries.forEach(function (entry) {
              var spec = byId[entry.target.id];
              if (entry.isIntersecting && spec.stale) drawSoon(spec);
            });
          },
          { rootMargin: "50% 0px" }
        )
      : null;
  // Each chart's room kept before it is drawn, in the layout a phone or a wider screen gives
  // it: judged from the page's width (a chart's own would lay out the cards far from sight).
  var phone = document.getElementById("main").clientWidth < NARROW_BELOW + 70; // its paddings
  D.charts.forEach(function (spec) {
    var node = document.getElementById(spec.id);
    var small = phone && spec.narrow ? spec.narrow[state.lang] : null;
    spec.stale = true;
    node.style.minHeight = (small || spec.figs[state.lang]).layout.height + "px";
    if (watcher) watcher.observe(node);
  });

  // A table wider than its card scrolls sideways: then it takes the focus, so that a keyboard
  // can scroll it too; one that fits is no extra tab stop.
  // All widths are read before any attribute is written: a write between two reads would make
  // the browser lay out the whole page again for each of the seventy tables.
  function markScrollables() {
    var wraps = Array.prototype.slice.call(document.querySelectorAll(".table-wrap"));
    wraps = wraps.filter(function (wrap) {
      var details = wrap.closest("details");
      return !details || details.open; // a closed one's table is not shown: nothing to scroll
    });
    wraps
      .map(function (wrap) {
        return wrap.scrollWidth > wrap.clientWidth + 1;
      })
      .forEach(function (scrolls, i) {
        if (scrolls === wraps[i].hasAttribute("tabindex")) return; // unchanged: no write
        if (scrolls) wraps[i].setAttribute("tabindex", "0");
        else wraps[i].removeAttribute("tabindex");
      });
  }

  // The sticky bar's height, for scroll-margin-top: a contents link lands below it. A rule of
  // its own, rewritten only when the height changes: a custom property set on the page's root
  // would make the browser restyle every element of the page (half a second at 4× slower CPU).
  var barRoom = document.createElement("style");
  document.head.appendChild(barRoom);
  function measureBar() {
    var rule =
      "main section, main article, [data-area-panel] { scroll-margin-top: " +
      (bar.offsetHeight + 12) +
      "px; }";
    if (barRoom.textContent !== rule) barRoom.textContent = rule;
  }

  function setLang(lang) {
    state.lang = lang === "en" ? "en" : "sv";
    document.documentElement.lang = state.lang;
    document.title = D.titles[state.lang];
    document.querySelectorAll("[data-set-lang]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.dataset.setLang === state.lang));
    });
    document.querySelectorAll("[data-label-" + state.lang + "]").forEach(function (node) {
      node.setAttribute("aria-label", node.getAttribute("data-label-" + state.lang));
    });
    select.options[0].textContent = D.wholeRegion[state.lang];
    return drawAll().then(function () {
      measureBar();
      markScrollables();
      document.body.dataset.drawnLang = state.lang; // for the browser tests
    });
  }

  // The chosen municipality's panel, from the data the page carries, the first time it is
  // chosen; the region's is in the page from the start.
  function showArea() {
    select.value = state.area;
    var code = state.area || D.region;
    // (other sections mark their own lines with data-area-panel too: the summary is #area's)
    if (!document.querySelector('#area [data-area-panel="' + code + '"]') && D.panels[code]) {
      document.getElementById("area").insertAdjacentHTML("beforeend", D.panels[code]);
    }
    document.querySelectorAll("[data-area-panel]").forEach(function (panel) {
      panel.hidden = panel.dataset.areaPanel !== (state.area || D.region);
    });
    document.querySelectorAll("[data-area-row]").forEach(function (row) {
      row.classList.toggle("selected", row.dataset.areaRow === state.area);
    });
  }

  function setArea(code) {
    state.area = D.areas.indexOf(code) >= 0 ? code : "";
    showArea();
    markScrollables();
    return drawAll(["trend", "compare"]);
  }

  // What the selector does: the area's summary brought to the top, then only the charts in
  // sight there redrawn (the others when they come near).
  function choose(code) {
    state.area = D.areas.indexOf(code) >= 0 ? code : "";
    showArea();
    bringSummary();
    markScrollables();
    return drawAll(["trend", "compare"]);
  }

  function fromHash() {
    var match = /kommun=([0-9]+)/.exec(window.location.hash);
    return match ? match[1] : "";
  }

  // A chart drawn when the page was written (the plan's): the picture shown, at its size,
  // painted twice as sharp on a canvas and saved as a PNG; its blob: addresses stay local.
  function savePicture(node) {
    var shown = Array.prototype.filter.call(node.querySelectorAll("svg"), function (svg) {
      return svg.getClientRects().length > 0;
    })[0];
    var box = shown.getBoundingClientRect();
    var width = Math.round(box.width);
    var height = Math.round(box.height);
    var copy = shown.cloneNode(true);
    copy.setAttribute("width", width); // its widths are shares of this
    var url = URL.createObjectURL(
      new Blob([new XMLSerializer().serializeToString(copy)], { type: "image/svg+xml" })
    );
    return new Promise(function (resolve, reject) {
      var image = new Image();
      image.onload = function () {
        var canvas = document.createElement("canvas");
        canvas.width = 2 * width;
        canvas.height = 2 * height;
        var context = canvas.getContext("2d");
        context.scale(2, 2);
        context.drawImage(image, 0, 0, width, height);
        URL.revokeObjectURL(url);
        canvas.toBlob(function (png) {
          var link = document.createElement("a");
          link.href = URL.createObjectURL(png);
          link.download = node.dataset.file + "-" + state.lang + ".png";
          link.click();
          setTimeout(function () {
            URL.revokeObjectURL(link.href);
          }, 1000);
          resolve();
        }, "image/png");
      };
      image.onerror = reject;
      image.src = url;
    });
  }

  // Saved as drawn, in the page's language, made in the browser: no upload anywhere.
  function download(id) {
    var spec = byId[id];
    var node = document.getElementById(id);
    if (!spec) return savePicture(node);
    return (spec.stale ? draw(spec) : Promise.resolve()).then(function () {
      return Plotly.downloadImage(node, {
        format: "png",
        filename: spec.file + "-" + state.lang,
        width: node.clientWidth,
        height: node._fullLayout.height,
        scale: 2,
      });
    });
  }

  var resizing = null;
  function onResize() {
    clearTimeout(resizing);
    resizing = setTimeout(function () {
      measureBar();
      markScrollables();
      D.charts.forEach(function (spec) {
        var node = document.getElementById(spec.id);
        if (spec.stale || isNarrow(node) === spec.drawnNarrow) return;
        if (near(node)) draw(spec);
        else spec.stale = true;
      });
    }, 150);
  }

  // The chosen area's summary, brought to the top of the screen (below the sticky bar): on a
  // phone the choice shows at once what it changed.
  function bringSummary() {
    var panel = document.querySelector("#area [data-area-panel]:not([hidden])");
    if (panel) panel.scrollIntoView({ block: "start" });
  }

  select.addEventListener("change", function () {
    choose(select.value);
    try {
      history.replaceState(null, "", select.value ? "#kommun=" + select.value : "#");
    } catch (error) {
      // some browsers refuse to change the address of a local file: the page works without it
    }
  });
  document.querySelectorAll("[data-set-lang]").forEach(function (button) {
    button.addEventListener("click", function () {
      setLang(button.dataset.setLang);
    });
  });
  document.querySelectorAll("[data-download]").forEach(function (button) {
    button.addEventListener("click", function () {
      download(button.dataset.download);
    });
  });
  document.querySelectorAll("details").forEach(function (details) {
    details.addEventListener("toggle", markScrollables);
  });
  window.addEventListener("resize", onResize);

  state.area = D.areas.indexOf(fromHash()) >= 0 ? fromHash() : "";
  window.asfDashboard = {
    setLang: setLang,
    setArea: setArea,
    choose: choose,
    state: state,
    download: download,
    drawAll: function () {
      return drawAll(null, true);
    },
    draw: function (id) {
      return draw(byId[id]);
    },
    charts: D.charts,
    plotly: window.asfPlotly,
  };
  showArea();
  measureBar();
  setLang(state.lang).then(function () {
    if (window.asfTimes) window.asfTimes.ready = performance.now();
    document.body.dataset.ready = "true";
    // the first screen is shown: the rest of the page is laid out, then Plotly made ready,
    // while the reader reads, before a chart comes near (a first screen with a chart has
    // asked for it already)
    var idle = window.requestIdleCallback || setTimeout;
    idle(
      function () {
        document.body.classList.add("settled");
        idle(window.asfPlotly, { timeout: 1000 });
      },
      { timeout: 1000 }
    );
  });
})();
