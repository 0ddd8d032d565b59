// The one JS module between the LiveChart component and ApexCharts 4.7.0 (loaded as the global `ApexCharts` by
// a script tag in App.razor). C# computes, this only draws. Verbs: create, push, annotate, exportPng, exportSvg,
// destroy, plus downloadFile for the component's export buttons.
//
// Invariants:
// - Pushes and annotations only buffer; one timer redraws at most once per `redrawIntervalMs` (a few times a
//   second) with a single ApexCharts update (series, x range, annotations), animations off.
// - Every series keeps at most `window` x-units behind the newest point (plus one older point so the line
//   enters from the left edge) and at most `maxPoints` points.
// - Non-finite numbers are dropped here too, although C# already filters them (JSON cannot carry NaN anyway).

const charts = new Map();
let nextId = 1;

const palette = ['#1e88e5', '#8e24aa', '#43a047', '#fb8c00', '#e53935', '#00897b', '#6d4c41', '#546e7a'];
const bandColor = '#90a4ae';
const markerColor = '#37474f';
const xTicks = 6;

function apexCharts() {
  const apex = globalThis.ApexCharts;
  if (typeof apex !== 'function') {
    throw new Error('ApexCharts is not loaded: App.razor must include lib/apexcharts/apexcharts.min.js (restored by the build with npm ci).');
  }
  return apex;
}

function chartOf(id) {
  const state = charts.get(id);
  if (!state) {
    throw new Error(`No chart with id ${id} (destroyed or never created).`);
  }
  return state;
}

function formatNumber(value) {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return '';
  }
  const magnitude = Math.abs(value);
  const decimals = magnitude >= 100 || Number.isInteger(value) ? 0 : magnitude >= 10 ? 1 : 2;
  return value.toFixed(decimals);
}

// One y-axis per group (series with the same `axis`, or else the same unit); groups alternate left and right.
function yAxes(series) {
  const groups = [];
  for (const s of series) {
    const key = s.axis || s.unit || '';
    let group = groups.find((g) => g.key === key);
    if (!group) {
      group = { key, names: [] };
      groups.push(group);
    }
    group.names.push(s.name);
  }
  return groups.map((g, i) => ({
    seriesName: g.names,
    opposite: i % 2 === 1,
    min: 0,
    forceNiceScale: true,
    title: { text: g.key },
    labels: { formatter: formatNumber },
  }));
}

// Seconds on the x axis get as many decimals as the distance between ticks needs (a window starting at 0.1 s
// reads 0, 5, 10 rather than 0.10, 5.10, 10.1).
function formatSeconds(state, value) {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return '';
  }
  const range = xRange(state);
  const step = range.min === undefined ? 1 : (range.max - range.min) / xTicks;
  return value.toFixed(step >= 1 ? 0 : step >= 0.1 ? 1 : 2);
}

function options(state) {
  const config = state.config;
  const epoch = config.timeAxis === 'EpochMilliseconds';
  return {
    chart: {
      type: 'line',
      height: config.height,
      background: '#ffffff',
      animations: { enabled: false },
      toolbar: { show: false },
      zoom: { enabled: false },
      selection: { enabled: false },
      redrawOnWindowResize: true,
    },
    title: { text: config.title || undefined, align: 'left', style: { fontSize: '14px', fontWeight: 600 } },
    series: config.series.map((s) => ({ name: s.name, data: [] })),
    colors: config.series.map((s, i) => s.color || palette[i % palette.length]),
    stroke: { width: 2, curve: 'straight' },
    markers: { size: 0 },
    dataLabels: { enabled: false },
    legend: { show: true, position: 'bottom', showForSingleSeries: true },
    noData: { text: 'waiting for data' },
    tooltip: {
      shared: true,
      intersect: false,
      x: { formatter: epoch ? undefined : (x) => `${formatNumber(x)} s` },
      y: { formatter: (y, { seriesIndex }) => `${formatNumber(y)} ${config.series[seriesIndex]?.unit ?? ''}`.trim() },
    },
    xaxis: {
      type: epoch ? 'datetime' : 'numeric',
      tickAmount: epoch ? undefined : xTicks,
      title: { text: epoch ? undefined : 'time (s)' },
      labels: { datetimeUTC: false, formatter: epoch ? undefined : (x) => formatSeconds(state, x) },
      tooltip: { enabled: false },
    },
    yaxis: yAxes(config.series),
    annotations: { xaxis: [] },
  };
}

/**
 * Draws a new chart into `element`. config: { title, height, timeAxis ('Seconds' | 'EpochMilliseconds'),
 * window (x-units kept behind the newest point, or null for the whole run), maxPoints, redrawIntervalMs,
 * series: [{ name, unit, axis, color }] }. Resolves to the chart's id once it is rendered.
 */
export async function create(element, config) {
  const Apex = apexCharts();
  const id = nextId++;
  const state = {
    config,
    chart: null,
    data: config.series.map(() => []),
    firstX: null,
    latestX: null,
    bands: [],
    markers: [],
    timer: null,
    lastDraw: 0,
    drawing: Promise.resolve(),
  };
  state.chart = new Apex(element, options(state));
  charts.set(id, state);
  await state.chart.render();
  return id;
}

/** Appends new points: seriesPoints[i] is an array of [x, y] for series i (or empty / null). */
export function push(id, seriesPoints) {
  const state = charts.get(id);
  if (!state || !Array.isArray(seriesPoints)) {
    return;
  }
  let added = false;
  seriesPoints.forEach((points, i) => {
    const data = state.data[i];
    if (!data || !Array.isArray(points)) {
      return;
    }
    for (const point of points) {
      const [x, y] = point;
      if (!Number.isFinite(x) || !Number.isFinite(y)) {
        continue;
      }
      data.push([x, y]);
      state.firstX = state.firstX === null ? x : Math.min(state.firstX, x);
      state.latestX = state.latestX === null ? x : Math.max(state.latestX, x);
      added = true;
    }
  });
  if (added) {
    trim(state);
    schedule(state);
  }
}

function trim(state) {
  const { window, maxPoints } = state.config;
  const cutoff = window ? state.latestX - window : -Infinity;
  for (const data of state.data) {
    let drop = 0;
    // Keep one point at or before the cutoff: the line then enters from the window's left edge.
    while (drop + 1 < data.length && data[drop + 1][0] <= cutoff) {
      drop++;
    }
    drop = Math.max(drop, data.length - (maxPoints || Infinity));
    if (drop > 0) {
      data.splice(0, drop);
    }
  }
  if (!window) {
    // A whole-run chart starts at its oldest point still held (maxPoints may have dropped the first ones).
    const firsts = state.data.filter((d) => d.length > 0).map((d) => d[0][0]);
    state.firstX = firsts.length > 0 ? Math.min(...firsts) : state.firstX;
  }
}

function xRange(state) {
  const { window } = state.config;
  if (state.latestX === null) {
    return {};
  }
  if (!window) {
    return { min: state.firstX, max: Math.max(state.latestX, state.firstX + 1) };
  }
  // Fixed width: [first, first + window] until the window is full, then it slides with the newest point.
  if (state.latestX - state.firstX < window) {
    return { min: state.firstX, max: state.firstX + window };
  }
  return { min: state.latestX - window, max: state.latestX };
}

function schedule(state) {
  if (state.timer !== null) {
    return;
  }
  const interval = Math.max(state.config.redrawIntervalMs || 250, 50);
  const delay = Math.max(0, state.lastDraw + interval - performance.now());
  state.timer = setTimeout(() => {
    state.timer = null;
    draw(state).catch((error) => console.error('charts.js: redraw failed', error));
  }, delay);
}

// One ApexCharts update per batch: series, x range and annotations together (updateSeries alone cannot move the
// window, and addXaxisAnnotation draws at once: separate calls would redraw several times per batch).
function draw(state) {
  state.lastDraw = performance.now();
  const range = xRange(state);
  // Promise.resolve: updateOptions returns the chart itself, not a promise, when nothing changed.
  state.drawing = Promise.resolve(state.chart.updateOptions(
    {
      series: state.config.series.map((s, i) => ({ name: s.name, data: state.data[i].slice() })),
      xaxis: { min: range.min, max: range.max },
      annotations: { xaxis: annotations(state, range) },
    },
    false, // redraw from scratch: no
    false, // animate: no
    false, // update synced charts: there are none
  ));
  return state.drawing;
}

// Draws pending points now (exports must show the latest data).
async function flush(state) {
  if (state.timer !== null) {
    clearTimeout(state.timer);
    state.timer = null;
    await draw(state);
  } else {
    await state.drawing;
  }
}

// The bands and markers inside the visible range, as ApexCharts x-axis annotations. Bands are clamped to the
// range so their labels sit at the visible start; an open band (no `to`) reaches the newest point.
function annotations(state, range) {
  if (range.min === undefined) {
    return [];
  }
  const result = [];
  state.bands.forEach((band, i) => {
    const from = band.from;
    const to = Number.isFinite(band.to) ? band.to : Math.max(state.latestX, from);
    if (!Number.isFinite(from) || to <= range.min || from >= range.max) {
      return;
    }
    const color = band.color || bandColor;
    const x = Math.max(from, range.min);
    const x2 = Math.min(to, range.max);
    // A sliver of a band (about to leave the window, or just opened) gets no label: it would sit on its neighbour's.
    const wide = (x2 - x) / (range.max - range.min) >= 0.08;
    result.push({
      id: `bg-band-${i}`,
      x,
      x2,
      fillColor: color,
      borderColor: color,
      borderWidth: 0,
      strokeDashArray: 0,
      opacity: 0.16,
      label: {
        text: wide ? band.label || '' : '',
        orientation: 'horizontal',
        position: 'bottom',
        textAnchor: 'start',
        offsetX: 4,
        offsetY: -6,
        borderWidth: 0,
        style: { background: 'transparent', color: '#37474f', fontSize: '11px', fontWeight: 600, cssClass: 'bg-band-label' },
      },
    });
  });
  state.markers.forEach((marker, i) => {
    if (!Number.isFinite(marker.x) || marker.x < range.min || marker.x > range.max) {
      return;
    }
    const color = marker.color || markerColor;
    result.push({
      id: `bg-marker-${i}`,
      x: marker.x,
      borderColor: color,
      borderWidth: 2,
      strokeDashArray: 4,
      label: {
        text: marker.label || '',
        orientation: 'vertical',
        position: 'top',
        borderColor: color,
        style: { background: color, color: '#ffffff', fontSize: '11px', cssClass: 'bg-marker-label' },
      },
    });
  });
  return result;
}

/**
 * Replaces the phase bands ([{ label, from, to, color }]; `to` null = open, up to the newest point) and the
 * labelled vertical markers ([{ label, x, color }]). Drawn with the next redraw, and kept through later pushes.
 */
export function annotate(id, bands, markers) {
  const state = charts.get(id);
  if (!state) {
    return;
  }
  state.bands = Array.isArray(bands) ? bands : [];
  state.markers = Array.isArray(markers) ? markers : [];
  schedule(state);
}

function base64ToBytes(base64) {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    bytes[i] = binary.charCodeAt(i);
  }
  return bytes;
}

/**
 * The chart as PNG bytes (ApexCharts' dataURI; `scale` 2 by default for sharp prints). Returned as a Uint8Array
 * so .NET receives an IJSStreamReference: a base64 string would exceed SignalR's 32 KB message limit.
 */
export async function exportPng(id, scale) {
  const state = chartOf(id);
  await flush(state);
  const result = await state.chart.dataURI({ scale: scale || 2 });
  if (result.blob) {
    return new Uint8Array(await result.blob.arrayBuffer());
  }
  return base64ToBytes(result.imgURI.substring(result.imgURI.indexOf(',') + 1));
}

// Not for a standalone file: elements that only make sense under a mouse (ApexCharts hides them with its
// stylesheet, which the file does not have) and the foreignObject holding the HTML legend's styles.
const notExported = [
  '.apexcharts-xcrosshairs', '.apexcharts-ycrosshairs', '.apexcharts-zoom-rect', '.apexcharts-selection-rect',
  '.apexcharts-tooltip', '.apexcharts-xaxistooltip', '.apexcharts-yaxistooltip', '.apexcharts-toolbar',
  'foreignObject',
];

// ApexCharts' legend is HTML laid over the SVG; redraw it as SVG shapes at the same places.
function legendAsSvg(state, svgNode, clone) {
  const ns = 'http://www.w3.org/2000/svg';
  const origin = svgNode.getBoundingClientRect();
  const colors = state.chart.w.globals.colors;
  const group = document.createElementNS(ns, 'g');
  group.setAttribute('class', 'apexcharts-legend-svg');
  const items = state.chart.el.querySelectorAll('.apexcharts-legend-series');
  items.forEach((item, i) => {
    const marker = item.querySelector('.apexcharts-legend-marker');
    const text = item.querySelector('.apexcharts-legend-text');
    if (!marker || !text) {
      return;
    }
    // The marker's own shape, not its box: ApexCharts 4 draws the dot centred on the box's corner.
    const m = (marker.querySelector('path, circle, rect') || marker).getBoundingClientRect();
    // The glyphs' box, not the span's: ApexCharts pads the text span under the marker.
    const range = document.createRange();
    range.selectNodeContents(text);
    const t = range.getBoundingClientRect();
    const index = Number(item.getAttribute('rel')) - 1; // ApexCharts numbers legend items from 1
    const circle = document.createElementNS(ns, 'circle');
    circle.setAttribute('cx', String(m.left - origin.left + m.width / 2));
    circle.setAttribute('cy', String(m.top - origin.top + m.height / 2));
    circle.setAttribute('r', String(Math.max(3, Math.min(m.width, m.height) / 2)));
    circle.setAttribute('fill', colors[index >= 0 ? index : i] || palette[i % palette.length]);
    const label = document.createElementNS(ns, 'text');
    const style = getComputedStyle(text);
    label.setAttribute('x', String(t.left - origin.left));
    label.setAttribute('y', String(t.top - origin.top + t.height / 2));
    label.setAttribute('dominant-baseline', 'central');
    label.setAttribute('font-family', style.fontFamily);
    label.setAttribute('font-size', style.fontSize);
    label.setAttribute('fill', style.color);
    label.textContent = text.textContent;
    group.append(circle, label);
  });
  clone.append(group);
}

/**
 * The chart as a standalone SVG document (UTF-8 bytes, as a Uint8Array for an IJSStreamReference). Built from
 * ApexCharts' own SVG (`paper()`) rather than getSvgString(), which in 4.7.0 wraps HTML in a foreignObject that
 * vector editors (Inkscape, LaTeX tool chains) do not render; the HTML legend is redrawn as SVG.
 */
export async function exportSvg(id) {
  const state = chartOf(id);
  await flush(state);
  const svgNode = state.chart.paper().node;
  const clone = svgNode.cloneNode(true);
  for (const selector of notExported) {
    clone.querySelectorAll(selector).forEach((e) => e.remove());
  }
  const width = state.chart.w.globals.svgWidth;
  const height = state.chart.w.globals.svgHeight;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  clone.setAttribute('viewBox', `0 0 ${width} ${height}`);
  clone.removeAttribute('style');
  const background = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  background.setAttribute('width', '100%');
  background.setAttribute('height', '100%');
  background.setAttribute('fill', '#ffffff');
  clone.insertBefore(background, clone.firstChild);
  legendAsSvg(state, svgNode, clone);
  const xml = '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(clone);
  return new TextEncoder().encode(xml);
}

/** Removes the chart and its timer; unknown ids are ignored (teardown may race a circuit that is going away). */
export function destroy(id) {
  const state = charts.get(id);
  if (!state) {
    return;
  }
  charts.delete(id);
  if (state.timer !== null) {
    clearTimeout(state.timer);
  }
  state.chart.destroy();
}

/** Saves bytes from .NET (a DotNetStreamReference) as a file download. */
export async function downloadFile(fileName, contentType, streamRef) {
  const buffer = await streamRef.arrayBuffer();
  const url = URL.createObjectURL(new Blob([buffer], { type: contentType }));
  try {
    const anchor = document.createElement('a');
    anchor.href = url;
    anchor.download = fileName;
    anchor.style.display = 'none';
    document.body.appendChild(anchor);
    anchor.click();
    anchor.remove();
  } finally {
    // Revoke after the click has been handled; revoking at once can cancel the download in some browsers.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
