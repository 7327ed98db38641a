"""Helpers of the browser tests: Chromium and axe-core (or why not), and what the page measures."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

# Debian's Chromium, the flags that keep it offline, the tester's two screens: the same as the
# benchmark's (scenario 5 times the page as the browser test does)
from benchmarks.dashboard_page import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE
from tests.conftest import PROJECT

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "DESKTOP", "PHONE", "chromium", "need", "sync_api"]

AXE = PROJECT / "browser" / "node_modules" / "axe-core" / "axe.min.js"  # `npm ci` in browser/
LOCAL_SCHEMES = ("file:", "data:", "blob:")  # the page may load nothing else


def need(present: bool, what: str) -> None:
    """Skip a test without its tool on a developer's machine; fail it in CI (CI is set there)."""
    if present:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{what} (CI is set: .ci/run installs it and the browser tests must run)")
    pytest.skip(what)


def sync_api():
    """playwright.sync_api, or a skip (a failure in CI) when it is not installed."""
    try:
        from playwright import sync_api
    except ImportError:
        need(False, "playwright is not installed (pip install -e '.[dev]')")
    return sync_api


@contextmanager
def chromium(with_axe: bool = False) -> Iterator[Any]:
    """Debian's Chromium, headless and offline, through Playwright; closed when the block ends."""
    need(CHROMIUM.is_file(), f"Chromium not found at {CHROMIUM}; .ci/run installs it")
    if with_axe:
        need(AXE.is_file(), f"axe-core not found at {AXE}; run `npm ci` in browser/")
    api = sync_api()
    with api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


# Every chart's texts: inside the chart, not on top of each other, not under a line or marker.
LABEL_PROBLEMS = """() => {
  const problems = [];
  const overlap = (a, b) =>
    Math.max(0, Math.min(a.right, b.right) - Math.max(a.left, b.left)) *
    Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top));
  document.querySelectorAll('.chart').forEach(chart => {
    const box = chart.getBoundingClientRect();
    if (!box.width) return;
    const labels = [...chart.querySelectorAll('text')]
      .filter(t => t.textContent.trim() && t.getBoundingClientRect().width)
      .map(t => ({text: t.textContent.trim().slice(0, 40), r: t.getBoundingClientRect()}));
    const marks = [...chart.querySelectorAll('.shapelayer path, .scatterlayer .point, .mark')]
      .map(m => m.getBoundingClientRect()).filter(r => r.width || r.height);
    labels.forEach((a, i) => {
      const r = a.r;
      if (r.left < box.left - 1 || r.right > box.right + 1 ||
          r.top < box.top - 1 || r.bottom > box.bottom + 1)
        problems.push(`${chart.id}: "${a.text}" is cut off`);
      labels.slice(i + 1).forEach(b => {
        if (overlap(r, b.r) > 4) problems.push(`${chart.id}: "${a.text}" overlaps "${b.text}"`);
      });
      marks.forEach(m => {
        if (overlap(r, m) > 4) problems.push(`${chart.id}: a line or marker covers "${a.text}"`);
      });
    });
  });
  return problems;
}"""

# What the page looks like to a keyboard, a screen reader and a phone.
FACTS = """() => {
  const bar = document.getElementById('bar').getBoundingClientRect();
  const mark = document.getElementById('sample-mark');
  const markBox = mark ? mark.getBoundingClientRect() : null;
  const focusable = [...document.querySelectorAll(
    'a[href], button, select, summary, [tabindex]:not([tabindex="-1"])')]
    .filter(n => n.getClientRects().length);
  const charts = [...document.querySelectorAll('.chart')];
  // a chart drawn when the page was written: the picture the page shows of its four
  const shown = c => [...c.querySelectorAll('svg.picture')].find(s => s.getClientRects().length);
  const text = (c, selector) => ((shown(c) || c).querySelector(selector) || {}).textContent || '';
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    innerHeight: window.innerHeight,
    barTop: bar.top,
    barHeight: bar.height,
    sampleMark: markBox && markBox.width > 0 && markBox.top >= 0 &&
      markBox.bottom <= bar.bottom + 1,
    tabStops: focusable.length,
    charts: charts.length,
    narrowCharts: charts.filter(c => (c.querySelector('.main-svg') || shown(c)) &&
      c.getBoundingClientRect().width < 500).length,
    nestedInteractive: document.querySelectorAll(
      '[role=img] a, [role=img] button, [role=img] [tabindex], .modebar').length,
    outsideLinks: [...document.querySelectorAll('a[href], form, iframe')]
      .map(n => n.getAttribute('href') || n.tagName).filter(h => !h.startsWith('#')),
    labels: charts.map(c => ({id: c.id,
      label: c.getAttribute('aria-label') || (shown(c) && shown(c).getAttribute('aria-label')) || '',
      role: c.getAttribute('role') || (shown(c) && shown(c).getAttribute('role')) || '',
      title: text(c, '.gtitle, .picture-title'),
      legend: text(c, '.legend'),
      subtitle: text(c, '.gtitle-subtitle, .picture-subtitle'),
      table: !!c.closest('figure').querySelector('details table')})),
  };
}"""

# axe-core's verdict, counted by impact, with the rule ids of each.
AXE_RUN = """async (context) => {
  const result = await axe.run(context || document, {resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length,
    where: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""

# Every chart text's size and contrast, worked out here because axe cannot see SVG text: the
# text's fill against what lies behind its centre — every filled shape of its chart there
# (bars, backgrounds, legend and annotation boxes), composited in drawing order over the page.
CHART_TEXTS = """() => {
  const rgba = text => {
    const m = /rgba?\\(([^)]+)\\)/.exec(text || '');
    if (!m) return null;
    const p = m[1].split(',').map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, below, alpha) => top.map((c, i) => alpha * c + (1 - alpha) * below[i]);
  const lum = c => {
    const [r, g, b] = c.map(v => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const shown = n => { for (let e = n; e && e.nodeType === 1; e = e.parentNode) {
      const s = getComputedStyle(e);
      if (s.display === 'none' || s.visibility === 'hidden' || Number(s.opacity) === 0) return false;
    } return true; };
  const out = [];
  document.querySelectorAll('.chart').forEach(chart => {
    if (!chart.getBoundingClientRect().width) return;
    const shapes = [...chart.querySelectorAll('svg rect, svg path')].filter(s => {
      const f = rgba(getComputedStyle(s).fill);
      return f && f[3] > 0 && Number(getComputedStyle(s).fillOpacity) > 0 && shown(s);
    });
    chart.querySelectorAll('svg text').forEach(t => {
      const r = t.getBoundingClientRect();
      if (!t.textContent.trim() || !r.width || !shown(t)) return;
      const x = r.left + r.width / 2, y = r.top + r.height / 2;
      let bg = [255, 255, 255];
      const main = chart.querySelector('.main-svg') || t.closest('svg');
      const paper = rgba(getComputedStyle(main).backgroundColor);
      if (paper) bg = over(paper.slice(0, 3), bg, paper[3]);
      shapes.forEach(s => {
        const b = s.getBoundingClientRect();
        if (x < b.left || x > b.right || y < b.top || y > b.bottom) return;
        if (s.tagName === 'path' && s.isPointInFill) {  // a bar's box is its shape; a wedge's is not
          const m = s.getScreenCTM().inverse();
          const p = new DOMPoint(x, y).matrixTransform(m);
          if (!s.isPointInFill(p)) return;
        }
        const st = getComputedStyle(s), f = rgba(st.fill);
        bg = over(f.slice(0, 3), bg, f[3] * Number(st.fillOpacity) * Number(st.opacity));
      });
      const st = getComputedStyle(t), f = rgba(st.fill) || [0, 0, 0, 1];
      const fg = over(f.slice(0, 3), bg, f[3] * Number(st.fillOpacity));
      out.push({chart: chart.id, text: t.textContent.trim().slice(0, 30),
                size: parseFloat(st.fontSize), ratio: Math.round(ratio(fg, bg) * 100) / 100,
                fg: fg.map(Math.round).join(','), bg: bg.map(Math.round).join(',')});
    });
  });
  return out;
}"""

# In one chart, every mark drawn in its plot (a bar, a reference mark, a shape's line) against
# every text: a pair whose boxes meet. A line's box is its path's box widened by half its
# stroke (an upright line's own box has no width); a text's box is its whole line height.
# Plotly's marks (.point, .js-line, .shapelayer) or, in a chart drawn when the page was written,
# the shown picture's (.bar, .mark), and its texts: each target's name and its status.
LINES_ACROSS_TEXTS = """(id) => {
  const chart = document.getElementById(id);
  const box = r => ({left: r.left, right: r.right, top: r.top, bottom: r.bottom});
  const stroked = m => {
    const r = box(m.getBoundingClientRect());
    const st = getComputedStyle(m);
    const half = st.stroke && st.stroke !== 'none' ? parseFloat(st.strokeWidth || '0') / 2 : 0;
    return {left: r.left - half, right: r.right + half, top: r.top - half, bottom: r.bottom + half};
  };
  const meet = (a, b) => Math.min(a.right, b.right) > Math.max(a.left, b.left) &&
    Math.min(a.bottom, b.bottom) > Math.max(a.top, b.top);
  const marks = [...chart.querySelectorAll(
      '.cartesianlayer .point, .cartesianlayer path.js-line, .shapelayer path, ' +
      'svg.picture .bar, svg.picture .mark')]
    .filter(m => m.getClientRects().length).map(m => ({
      what: (m.closest('.trace') ? 'trace ' + [...m.closest('.trace').classList].join('.')
             : m.closest('svg.picture') ? m.getAttribute('class') : 'shape'), r: stroked(m)}));
  const labels = [...chart.querySelectorAll('svg text')]
    .filter(t => t.textContent.trim() && t.getBoundingClientRect().width)
    .map(t => ({text: t.textContent.trim().slice(0, 50), r: box(t.getBoundingClientRect())}));
  const found = [];
  labels.forEach(l => marks.forEach(m => {
    if (meet(l.r, m.r)) found.push(`${m.what} crosses "${l.text}"`);
  }));
  const kinds = [...chart.querySelectorAll('svg.picture .mark')]
    .filter(m => m.getClientRects().length).map(m => m.getAttribute('class'));
  const statuses = [...chart.querySelectorAll('svg.picture text.status')]
    .filter(t => t.getClientRects().length && t.getBoundingClientRect().width)
    .map(t => t.textContent);
  return {marks: marks.length, labels: labels.length, found: [...new Set(found)],
          kinds: [...new Set(kinds)].sort(), statuses};
}"""
