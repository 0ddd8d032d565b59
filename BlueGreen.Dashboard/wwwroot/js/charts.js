// The one JS module between the chart components and ApexCharts 4.7.0 (loaded as the global `ApexCharts` by
// a script tag in App.razor). C# computes, this only draws. Verbs: create, push, annotate (LiveChart: a live time
// series), figure and updateFigure (FigureChart: a report's figure, computed once in C#), exportPng, exportSvg and
// destroy for both, plus downloadFile for the components' export buttons.
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
  const step = range.min === undefined ? 1 : (range.max - range.min) / (range.ticks || xTicks);
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
    element,
    chart: null,
    dropped: [],
    bandLegend: null,
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
  let range;
  if (!window) {
    range = { min: state.firstX, max: Math.max(state.latestX, state.firstX + 1) };
  } else if (state.latestX - state.firstX < window) {
    // Fixed width: [first, first + window] until the window is full, then it slides with the newest point.
    range = { min: state.firstX, max: state.firstX + window };
  } else {
    range = { min: state.latestX - window, max: state.latestX };
  }
  if (state.config.timeAxis === 'EpochMilliseconds') {
    return range;
  }
  // Seconds: the axis starts and ends on a round step, so every tick falls on a round second (0, 5, 10, ...
  // rather than 0.1, 4.93, 9.76, ...).
  const step = niceMax(Math.max(range.max - range.min, 1e-3) / xTicks);
  const min = Math.floor(range.min / step + 1e-9) * step;
  const max = Math.ceil(range.max / step - 1e-9) * step;
  return { min, max: max > min ? max : min + step, ticks: Math.max(1, Math.round((max > min ? max - min : step) / step)) };
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
  const updated = Promise.resolve(state.chart.updateOptions(
    {
      series: state.config.series.map((s, i) => ({ name: s.name, data: state.data[i].slice() })),
      xaxis: { min: range.min, max: range.max, tickAmount: range.ticks },
      annotations: { xaxis: annotations(state, range) },
    },
    false, // redraw from scratch: no
    false, // animate: no
    false, // update synced charts: there are none
  ));
  state.drawing = updated.then(() => showDroppedBands(state));
  return state.drawing;
}

// Bands too narrow for their label: named in a small legend under the chart instead, so no label sits on another.
function showDroppedBands(state) {
  if (!state.element) {
    return;
  }
  if (!state.bandLegend) {
    if (state.dropped.length === 0) {
      return;
    }
    state.bandLegend = document.createElement('div');
    state.bandLegend.className = 'bg-band-legend';
    state.element.appendChild(state.bandLegend);
  }
  state.bandLegend.replaceChildren(...state.dropped.map((band) => {
    const item = document.createElement('span');
    item.className = 'bg-band-legend-item';
    const swatch = document.createElement('i');
    swatch.style.background = band.color || bandColor;
    item.append(swatch, document.createTextNode(band.label));
    return item;
  }));
  state.bandLegend.hidden = state.dropped.length === 0;
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
  state.dropped = [];
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
    if (!wide && band.label) {
      state.dropped.push(band);
    }
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

// ---- Figures -------------------------------------------------------------------------------------------------
// A figure of a report (BlueGreen.Core.Reports.Figure, sent by FigureChart as a FigureChartConfig: the series already
// coloured, the paper's series already left out when switched off) is drawn once, and redrawn only when the page
// sends it again. ApexCharts 4.7 has no error bars: the 95 % whiskers, and the value over each bar, are drawn here as
// SVG inside the chart's own SVG after every render (`mounted`, and `updated`, which a window resize also fires), so
// ApexCharts' PNG (dataURI) and exportSvg carry them. Box plots are drawn the same way, on invisible bars reaching
// each box's maximum: ApexCharts 4.7's boxPlot places several series per category off-centre (from the tick to the
// right, as a numeric axis) and drops the last box when it falls past the grid; its bars are grouped correctly.

const svgNs = 'http://www.w3.org/2000/svg';
const whiskerColor = '#212121';
const labelColor = '#37474f';
const boxStroke = '#455a64';

function finite(value) {
  return typeof value === 'number' && Number.isFinite(value);
}

// A value in about three significant digits, as the HTML report's SVG labels its bars ("0.639", "4,581", "0").
function formatValue(value) {
  if (!finite(value)) {
    return '';
  }
  if (value === 0) {
    return '0';
  }
  const magnitude = Math.abs(value);
  const decimals = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : 3;
  return value.toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: decimals });
}

// The y axis's top: the next round number (1, 2, 2.5, 5 × 10ⁿ) at or above the largest value drawn (whiskers and
// box ends included, which ApexCharts would not count), as the HTML report's SVG; 1 when every value is 0.
function niceMax(max) {
  if (!(max > 0)) {
    return 1;
  }
  const magnitude = Math.pow(10, Math.floor(Math.log10(max)));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * magnitude >= max * (1 - 1e-9)) {
      return step * magnitude;
    }
  }
  return 10 * magnitude;
}

function figureTop(config) {
  const values = config.series.flatMap((s) => s.points.flatMap((p) => [p.y, p.high, p.box?.max])).filter(finite);
  return niceMax(Math.max(0, ...values));
}

// Five or so round steps from 0 to the top (ApexCharts' tickAmount counts the intervals).
function tickAmount(top) {
  return Math.max(1, Math.round(top / niceMax(top / 5)));
}

// A time series' x axis: from its first point (or band) to the next round step after its last, in about six round
// steps (ApexCharts alone ticks 0, 4.83, 9.66, ...).
function timeAxis(config) {
  const xs = config.series.flatMap((s) => s.points.map((p) => p.x))
    .concat(config.bands.filter((b) => b.axis === 'X').flatMap((b) => [b.from, b.to]), config.markers.map((m) => m.x))
    .filter(finite);
  const min = xs.length > 0 ? Math.min(...xs) : 0;
  const range = xs.length > 0 ? Math.max(...xs) - min : 1;
  const step = niceMax(range / xTicks);
  const ticks = Math.max(1, Math.ceil(range / step - 1e-9));
  return { min, max: min + ticks * step, ticks };
}

function describePoint(point) {
  if (!point || !finite(point.y)) {
    return 'no value';
  }
  const interval = finite(point.low) && finite(point.high) ? `, 95 % CI ${formatValue(point.low)} to ${formatValue(point.high)}` : '';
  const n = finite(point.n) ? `, n = ${point.n}` : '';
  return `${formatValue(point.y)}${interval}${n}`;
}

function describeBox(point) {
  const box = point?.box;
  if (!box) {
    return 'no run';
  }
  const n = finite(point.n) ? `, n = ${point.n}` : '';
  return `median ${formatValue(box.median)}, quartiles ${formatValue(box.q1)} to ${formatValue(box.q3)}, runs ${formatValue(box.min)} to ${formatValue(box.max)}${n}`;
}

function figureSeries(config) {
  switch (config.kind) {
    case 'Boxes':
      // The invisible bars the boxes are drawn on: grouped per category like any bars, as tall as the box's maximum.
      return config.series.map((s) => ({ name: s.name, data: s.points.map((p) => (p.box && finite(p.box.max) ? p.box.max : null)) }));
    case 'TimeSeries':
      return config.series.map((s) => ({
        name: s.name,
        data: s.points.filter((p) => finite(p.x) && finite(p.y)).map((p) => [p.x, p.y]),
      }));
    default:
      return config.series.map((s) => ({ name: s.name, data: s.points.map((p) => (finite(p.y) ? p.y : null)) }));
  }
}

// Bands and markers: TIPHON grades along y (a line chart over categories), phases and events along x (a time series).
function figureAnnotations(config, top, right) {
  const label = (text, extra) => ({
    text,
    borderWidth: 0,
    style: { background: 'transparent', color: labelColor, fontSize: '10px', fontWeight: 600, cssClass: 'bg-band-label' },
    ...extra,
  });
  const yaxis = config.bands
    .filter((b) => b.axis === 'Y' && finite(b.from) && b.from < top)
    .map((b) => ({
      y: b.from,
      y2: Math.min(finite(b.to) ? b.to : top, top),
      fillColor: b.color,
      borderColor: 'transparent',
      strokeDashArray: 0,
      opacity: 0.55,
      label: label(b.label, { position: 'right', textAnchor: 'end', offsetX: -4, offsetY: 14 }),
    }));
  const xaxis = config.bands
    .filter((b) => b.axis === 'X' && finite(b.from))
    .map((b) => ({
      x: b.from,
      x2: finite(b.to) ? b.to : right,
      fillColor: b.color,
      borderColor: 'transparent',
      opacity: 0.45,
      label: label(b.label, { orientation: 'horizontal', position: 'top', textAnchor: 'start', offsetX: 4 }),
    }))
    .concat(config.markers.filter((m) => finite(m.x)).map((m) => ({
      x: m.x,
      borderColor: markerColor,
      strokeDashArray: 4,
      label: { text: m.label, orientation: 'vertical', borderColor: markerColor, style: { background: markerColor, color: '#ffffff', fontSize: '10px' } },
    })));
  return { yaxis, xaxis };
}

function figureOptions(state) {
  const config = state.config;
  const kind = config.kind;
  const top = figureTop(config);
  const time = kind === 'TimeSeries' ? timeAxis(config) : null;
  const colors = config.series.map((s) => s.color);
  const hatched = config.series.map((s) => (s.reference ? 'pattern' : 'solid'));
  const redecorate = () => decorate(state);
  return {
    chart: {
      type: kind === 'Bars' || kind === 'Boxes' ? 'bar' : 'line',
      height: config.height,
      background: '#ffffff',
      animations: { enabled: false },
      toolbar: { show: false },
      zoom: { enabled: false },
      selection: { enabled: false },
      redrawOnWindowResize: true,
      events: { mounted: redecorate, updated: redecorate },
    },
    title: { text: config.title, align: 'left', style: { fontSize: '14px', fontWeight: 600 } },
    series: figureSeries(config),
    colors,
    fill: kind === 'Bars'
      ? { type: hatched, opacity: 1, pattern: { style: 'slantedLines', width: 6, height: 6, strokeWidth: 2 } }
      : { type: 'solid', opacity: kind === 'Boxes' ? 0 : 1 },
    stroke: kind === 'Bars'
      ? { show: true, width: 1, colors }
      : kind === 'Boxes'
        // An invisible stroke, not none: without one ApexCharts 4.7 draws a bar of 0 as a bare point, with no width
        // to place a flat box (every run 0 % errors) on.
        ? { show: true, width: 1, colors: config.series.map(() => 'transparent') }
        : { width: 2, curve: 'straight', dashArray: config.series.map((s) => (s.reference ? 5 : 0)) },
    markers: { size: kind === 'Lines' ? 4 : 0 },
    plotOptions: { bar: { columnWidth: '75%' } },
    dataLabels: { enabled: false },
    // The paper's series are switched by the page, not by a legend click; their markers paler, as their bars are hatched.
    legend: {
      show: true,
      position: 'bottom',
      showForSingleSeries: true,
      onItemClick: { toggleDataSeries: false },
      markers: { fillColors: config.series.map((s) => (s.reference ? `${s.color}66` : s.color)) },
    },
    noData: { text: 'no completed run yet' },
    tooltip: {
      shared: false,
      intersect: kind === 'Bars' || kind === 'Boxes',
      y: {
        formatter: (value, { seriesIndex, dataPointIndex }) => {
          const point = config.series[seriesIndex]?.points[dataPointIndex];
          return kind === 'Boxes' ? describeBox(point) : describePoint(point);
        },
      },
    },
    xaxis: kind === 'TimeSeries'
      ? { type: 'numeric', min: time.min, max: time.max, tickAmount: time.ticks, title: { text: config.xTitle }, labels: { formatter: formatValue }, tooltip: { enabled: false } }
      : { type: 'category', categories: config.categories, title: { text: config.xTitle }, tooltip: { enabled: false } },
    yaxis: { min: 0, max: top, tickAmount: tickAmount(top), title: { text: config.yTitle }, labels: { formatter: formatValue } },
    annotations: figureAnnotations(config, top, time?.max),
    states: { hover: { filter: { type: kind === 'Boxes' ? 'none' : 'lighten' } }, active: { filter: { type: 'none' } } },
  };
}

function svgElement(name, attributes, text) {
  const element = document.createElementNS(svgNs, name);
  for (const [key, value] of Object.entries(attributes)) {
    element.setAttribute(key, String(value));
  }
  if (text !== undefined) {
    element.textContent = text;
  }
  return element;
}

// Every bar ApexCharts drew, with the figure's series and point it stands for: x from the bar's own box.
function barsOf(graphical, config) {
  const bars = [];
  graphical.querySelectorAll('.apexcharts-bar-series .apexcharts-series').forEach((seriesElement) => {
    const index = Number(seriesElement.getAttribute('data:realIndex'));
    const series = config.series[index];
    if (!series) {
      return;
    }
    seriesElement.querySelectorAll('path.apexcharts-bar-area').forEach((path) => {
      const j = Number(path.getAttribute('j'));
      const point = series.points[j];
      if (point) {
        const box = path.getBBox();
        bars.push({ index, j, series, point, cx: box.x + box.width / 2, width: box.width });
      }
    });
  });
  return bars;
}

function line(x1, y1, x2, y2, stroke, width) {
  return svgElement('line', { x1, y1, x2, y2, stroke, 'stroke-width': width });
}

// A hatch in the series' colour for a paper's boxes, as ApexCharts hatches a paper's bars.
function hatch(defs, id, color) {
  const pattern = svgElement('pattern', { id, patternUnits: 'userSpaceOnUse', width: 6, height: 6, patternTransform: 'rotate(45)' });
  pattern.append(svgElement('rect', { width: 6, height: 6, fill: '#ffffff' }), line(0, 0, 0, 6, color, 3));
  defs.append(pattern);
  return `url(#${id})`;
}

// After each render: the bands moved behind the series; drawn on ApexCharts' own bars, replacing what an earlier
// render drew: for bars the whiskers
// (95 % CI) and the value over each bar; for box plots the boxes. y follows the axis ApexCharts drew (its grid
// height and y range), clamped to the plot.
function decorate(state) {
  const { chart, config } = state;
  if (!chart?.w?.globals?.dom?.elGraphical) {
    return;
  }
  const w = chart.w;
  const graphical = w.globals.dom.elGraphical.node;
  // Bands behind the series: ApexCharts 4.7 always draws annotations over them, which pales a line under a band.
  const series = graphical.querySelector(':scope > .apexcharts-plot-series');
  if (series) {
    graphical.querySelectorAll(':scope > .apexcharts-yaxis-annotations, :scope > .apexcharts-xaxis-annotations').forEach((e) => graphical.insertBefore(e, series));
  }
  if (config.kind !== 'Bars' && config.kind !== 'Boxes') {
    return;
  }
  graphical.querySelectorAll(':scope > .bg-whiskers, :scope > .bg-boxes').forEach((e) => e.remove());
  const height = w.globals.gridHeight;
  const min = w.globals.minYArr?.[0] ?? w.globals.minY;
  const max = w.globals.maxYArr?.[0] ?? w.globals.maxY;
  if (!(height > 0) || !(max > min)) {
    return;
  }
  const y = (value) => Math.min(height, Math.max(0, height - ((value - min) / (max - min)) * height));
  const bars = barsOf(graphical, config);
  const group = svgElement('g', { class: config.kind === 'Bars' ? 'bg-whiskers' : 'bg-boxes' });
  const labels = [];
  if (config.kind === 'Bars') {
    for (const { series, point, j, cx, width } of bars) {
      if (!finite(point.y)) {
        continue;
      }
      let top = y(point.y);
      if (finite(point.low) && finite(point.high)) {
        const cap = Math.min(width * 0.5, 16);
        const low = y(point.low);
        const high = y(point.high);
        const whisker = svgElement('g', { class: 'bg-whisker', 'data-series': series.name, 'data-category': config.categories[j] ?? j, 'data-low': point.low, 'data-high': point.high });
        whisker.append(
          line(cx, low, cx, high, whiskerColor, 1.2),
          line(cx - cap / 2, low, cx + cap / 2, low, whiskerColor, 1.2),
          line(cx - cap / 2, high, cx + cap / 2, high, whiskerColor, 1.2));
        group.append(whisker);
        top = Math.min(top, high);
      }
      // Over its bar (and whisker), so a bar too small to see beside the paper's still reads.
      labels.push({ parent: group, x: cx, y: top, width, text: formatValue(point.y), cssClass: 'bg-bar-value' });
    }
  } else {
    const defs = svgElement('defs', {});
    group.append(defs);
    const fills = new Map();
    for (const { index, series, point, j, cx, width } of bars) {
      const box = point.box;
      if (!box) {
        continue;
      }
      if (!fills.has(index)) {
        fills.set(index, series.reference ? hatch(defs, `bg-hatch-${w.globals.cuid}-${index}`, series.color) : series.color);
      }
      const half = width * 0.4;
      const cap = width * 0.25;
      const q3 = y(box.q3);
      const element = svgElement('g', { class: 'bg-box', 'data-series': series.name, 'data-category': config.categories[j] ?? j, 'data-median': box.median });
      element.append(
        line(cx, y(box.min), cx, y(box.max), boxStroke, 1.2),
        line(cx - cap, y(box.min), cx + cap, y(box.min), boxStroke, 1.2),
        line(cx - cap, y(box.max), cx + cap, y(box.max), boxStroke, 1.2),
        svgElement('rect', { x: cx - half, y: q3, width: 2 * half, height: Math.max(1, y(box.q1) - q3), fill: fills.get(index), stroke: series.color, 'stroke-width': 1.2 }),
        line(cx - half, y(box.median), cx + half, y(box.median), whiskerColor, 2));
      // The median over the box, so a flat box (every run the same, e.g. 0 % errors) still reads.
      labels.push({ parent: element, x: cx, y: y(box.max), width, text: formatValue(box.median), cssClass: 'bg-box-median' });
      group.append(element);
    }
  }
  graphical.append(group);
  // Values over their bars or boxes, each only where it fits its bar's width: side by side they would run together.
  for (const label of labels) {
    const text = svgElement('text', {
      class: label.cssClass, x: label.x, y: Math.max(10, label.y - 4), 'text-anchor': 'middle',
      'font-family': w.config.chart.fontFamily, 'font-size': 10, fill: labelColor,
    }, label.text);
    label.parent.append(text);
    if (text.getComputedTextLength() > label.width + 2) {
      text.remove();
    }
  }
}

/**
 * Draws a report's figure into `element`. config (FigureChartConfig): { id, kind ('Bars' | 'Boxes' | 'Lines' |
 * 'TimeSeries'), title, xTitle, yTitle, height, categories, series: [{ name, color, reference, points: [{ x, y, low,
 * high, n, box: { min, q1, median, q3, max } }] }], bands: [{ axis, from, to, label, color }], markers: [{ x, label }] }.
 * Reference series (a paper's numbers) are hatched in their colour. Resolves to the chart's id once it is drawn;
 * exportPng, exportSvg and destroy take that id.
 */
export async function figure(element, config) {
  const Apex = apexCharts();
  const id = nextId++;
  const state = { config, element, chart: null, timer: null, drawing: Promise.resolve() };
  state.chart = new Apex(element, figureOptions(state));
  charts.set(id, state);
  state.drawing = state.chart.render();
  await state.drawing;
  return id;
}

/**
 * Draws the figure again from a new config (the report changed, or the paper's series were switched): a new chart
 * in the same element, so the y axis fits what is drawn now. Calls are applied in order; an export waits for them.
 */
export function updateFigure(id, config) {
  const state = charts.get(id);
  if (!state) {
    return Promise.resolve();
  }
  state.drawing = state.drawing.catch(() => {}).then(async () => {
    if (charts.get(id) !== state) {
      return; // destroyed meanwhile
    }
    state.config = config;
    state.chart.destroy();
    state.chart = new (apexCharts())(state.element, figureOptions(state));
    await state.chart.render();
  });
  return state.drawing;
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
export async function exportPng(id, scale, caption) {
  const state = chartOf(id);
  await flush(state);
  const factor = scale || 2;
  const result = await state.chart.dataURI({ scale: factor });
  const lines = captionLines(caption);
  if (lines.length === 0) {
    if (result.blob) {
      return new Uint8Array(await result.blob.arrayBuffer());
    }
    return base64ToBytes(result.imgURI.substring(result.imgURI.indexOf(',') + 1));
  }
  // The chart, and under it the caption, on one canvas.
  const image = await createImageBitmap(result.blob || new Blob([base64ToBytes(result.imgURI.substring(result.imgURI.indexOf(',') + 1))], { type: 'image/png' }));
  const lineHeight = captionLineHeight * factor;
  const canvas = document.createElement('canvas');
  canvas.width = image.width;
  canvas.height = image.height + lines.length * lineHeight + 8 * factor;
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(image, 0, 0);
  context.fillStyle = captionColor;
  context.font = `${12 * factor}px sans-serif`;
  context.textBaseline = 'alphabetic';
  lines.forEach((line, i) => context.fillText(line, 10 * factor, image.height + (i + 1) * lineHeight));
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
  return new Uint8Array(await blob.arrayBuffer());
}

const captionLineHeight = 16;
const captionColor = '#37474f';

// What an exported chart says about itself (environment, run, date, rate, the phases), one line each.
function captionLines(caption) {
  return Array.isArray(caption) ? caption.filter((line) => typeof line === 'string' && line.length > 0) : [];
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
    const shape = marker.querySelector('path, circle, rect');
    const m = (shape || marker).getBoundingClientRect();
    // The glyphs' box, not the span's: ApexCharts pads the text span under the marker.
    const range = document.createRange();
    range.selectNodeContents(text);
    const t = range.getBoundingClientRect();
    const index = Number(item.getAttribute('rel')) - 1; // ApexCharts numbers legend items from 1
    const circle = document.createElementNS(ns, 'circle');
    circle.setAttribute('cx', String(m.left - origin.left + m.width / 2));
    circle.setAttribute('cy', String(m.top - origin.top + m.height / 2));
    circle.setAttribute('r', String(Math.max(3, Math.min(m.width, m.height) / 2)));
    circle.setAttribute('fill', shape?.getAttribute('fill') || colors[index >= 0 ? index : i] || palette[i % palette.length]);
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
export async function exportSvg(id, caption) {
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
  const lines = captionLines(caption);
  if (lines.length > 0) {
    const total = height + lines.length * captionLineHeight + 8;
    clone.setAttribute('height', String(total));
    clone.setAttribute('viewBox', `0 0 ${width} ${total}`);
    const group = document.createElementNS('http://www.w3.org/2000/svg', 'g');
    group.setAttribute('class', 'bg-caption');
    lines.forEach((line, i) => {
      const text = document.createElementNS('http://www.w3.org/2000/svg', 'text');
      text.setAttribute('x', '10');
      text.setAttribute('y', String(height + (i + 1) * captionLineHeight));
      text.setAttribute('font-family', 'sans-serif');
      text.setAttribute('font-size', '12');
      text.setAttribute('fill', captionColor);
      text.textContent = line;
      group.append(text);
    });
    clone.append(group);
  }
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
