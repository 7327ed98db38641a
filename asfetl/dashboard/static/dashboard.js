// The dashboard's behaviour: language and municipality switches. Plotly draws every chart.
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("dashboard-data").textContent);
  var state = { lang: D.lang, area: "" };
  var config = {
    displaylogo: false,
    responsive: true,
    modeBarButtonsToRemove: ["lasso2d", "select2d", "autoScale2d"],
  };
  var select = document.getElementById("area-select");

  function copy(value) {
    return JSON.parse(JSON.stringify(value));
  }

  // A chart's figure in the current language, with the chosen area picked out.
  function figure(spec) {
    var fig = copy(spec.figs[state.lang]);
    if (spec.kind === "trend") {
      Object.keys(spec.areaTraces).forEach(function (code) {
        fig.data[spec.areaTraces[code]].visible = code === state.area;
      });
      var marks = (spec.areaAnnotations[state.lang] || {})[state.area] || [];
      fig.layout.annotations = (fig.layout.annotations || []).concat(marks);
    } else if (spec.kind === "compare") {
      fig.data[0].marker.color = spec.areas.map(function (code) {
        return code === state.area ? spec.highlight : spec.base;
      });
    }
    return fig;
  }

  function draw(spec) {
    var fig = figure(spec);
    var node = document.getElementById(spec.id);
    node.setAttribute("aria-label", fig.layout.title.text);
    return Plotly.react(node, fig.data, fig.layout, config);
  }

  function drawAll(kinds) {
    return Promise.all(
      D.charts
        .filter(function (spec) {
          return !kinds || kinds.indexOf(spec.kind) >= 0;
        })
        .map(draw)
    );
  }

  function setLang(lang) {
    state.lang = lang === "en" ? "en" : "sv";
    document.documentElement.lang = state.lang;
    document.title = D.titles[state.lang];
    document.querySelectorAll("[data-set-lang]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.dataset.setLang === state.lang));
    });
    select.options[0].textContent = D.wholeRegion[state.lang];
    return drawAll();
  }

  function showArea() {
    select.value = state.area;
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
    return drawAll(["trend", "compare"]);
  }

  function fromHash() {
    var match = /kommun=([0-9]+)/.exec(window.location.hash);
    return match ? match[1] : "";
  }

  select.addEventListener("change", function () {
    setArea(select.value);
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

  state.area = D.areas.indexOf(fromHash()) >= 0 ? fromHash() : "";
  window.asfDashboard = { setLang: setLang, setArea: setArea, state: state };
  showArea();
  setLang(state.lang).then(function () {
    document.body.dataset.ready = "true";
  });
})();
