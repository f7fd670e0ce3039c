/* Alliance Tracker dashboard: current state from the API, then live changes from /api/v1/stream (SSE).
 * Money arrives as JSON numbers with two decimals; they are kept as their exact source text and formatted as
 * strings, so the page shows exactly the API's figures (no floating point on the way to the screen). */
(function () {
  'use strict';

  const COUNTRIES = [
    { iso: 'SV', name: 'El Salvador' },
    { iso: 'GT', name: 'Guatemala' },
    { iso: 'HN', name: 'Honduras' },
  ];
  const PILLARS = {
    PRODUCTIVE_SECTOR: 'Productive sector', HUMAN_CAPITAL: 'Human capital',
    SECURITY_AND_JUSTICE: 'Security & justice', INSTITUTIONS: 'Institutions',
  };
  const COLORS = { requested: '#9aa5b8', enacted: '#1f4e9c', withheld: '#e6a100', released: '#6cbf84',
    allocated: '#5470c6', obligated: '#91cc75', disbursed: '#ee6666' };
  const STAGES = ['requested', 'enacted', 'withheld', 'released', 'allocated', 'obligated', 'disbursed'];
  const STAGE_LABELS = { requested: 'Requested', enacted: 'Enacted', withheld: 'Withheld', released: 'Released',
    allocated: 'Allocated', obligated: 'Obligated', disbursed: 'Disbursed' };

  const state = { asOf: null, summary: null, views: {}, panels: {}, charts: [], stream: null, drill: null };

  // ---------- exact numbers ----------
  function parseExact(text) {
    return JSON.parse(text, function (key, value, context) {
      if (typeof value === 'number' && context && typeof context.source === 'string') {
        return context.source;
      }
      return value;
    });
  }

  function decimalText(value) {
    if (value === null || value === undefined || value === '') return null;
    if (typeof value === 'number') return value.toFixed(2);
    return String(value);
  }

  /** "1234567.8" -> "$1,234,567.80", exactly, from the decimal text. */
  function usd(value) {
    const text = decimalText(value);
    if (text === null) return '—';
    let negative = text.startsWith('-');
    let digits = negative ? text.slice(1) : text;
    if (/e/i.test(digits)) digits = Number(digits).toFixed(2);
    let [whole, fraction = ''] = digits.split('.');
    fraction = (fraction + '00').slice(0, 2);
    whole = whole.replace(/^0+(?=\d)/, '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    if (/^0*$/.test(whole + fraction)) negative = false;
    return (negative ? '−$' : '$') + whole + '.' + fraction;
  }

  function num(value) {
    const text = decimalText(value);
    return text === null ? 0 : Number(text);
  }

  function percent(rate) {
    if (rate === null || rate === undefined) return '—';
    return (Number(rate) * 100).toFixed(1) + '%';
  }

  // ---------- HTTP ----------
  async function getJson(path) {
    const response = await fetch(path, { headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error(path + ' answered ' + response.status);
    return parseExact(await response.text());
  }

  function withAsOf(path) {
    if (!state.asOf) return path;
    return path + (path.includes('?') ? '&' : '?') + 'asOf=' + encodeURIComponent(state.asOf);
  }

  // ---------- the view model (one place that knows the API's shapes) ----------
  function breakdown(list, key) {
    if (!list) return [];
    if (!Array.isArray(list)) {
      return Object.keys(list).map(k => Object.assign({ key: k }, list[k]));
    }
    return list.map(item => Object.assign({ key: String(item.key ?? item[key] ?? item.name ?? '') }, item));
  }

  function monthly(view) {
    const series = view.monthly ?? view.monthlyDisbursements ?? view.disbursementsByMonth ?? [];
    const rows = Array.isArray(series)
      ? series.map(m => ({ month: String(m.month ?? m.key ?? m.period), disbursed: m.disbursed ?? m.amount }))
      : Object.keys(series).map(k => ({ month: k, disbursed: series[k].disbursed ?? series[k] }));
    return rows.sort((a, b) => a.month.localeCompare(b.month));
  }

  function indicators(view) {
    return (view.indicators ?? []).map(i => ({
      name: i.name ?? i.indicatorId ?? i.id,
      unit: i.unit ?? '',
      baseline: i.baseline ? (i.baseline.value + ' (' + i.baseline.period + ')') : '—',
      target: pickTarget(i),
      latest: i.latestActual ?? i.latest ?? i.actual ?? null,
      progress: i.progressTowardTarget ?? i.progress ?? null,
      source: (i.latestActual && i.latestActual.source) ?? (i.latest && i.latest.source) ?? i.source ?? '',
    }));
  }

  function pickTarget(i) {
    const targets = i.targets ?? [];
    const t = i.target ?? targets[targets.length - 1];
    return t ? (t.value + ' (' + t.period + ')') : '—';
  }

  // ---------- rendering ----------
  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function fillTable(tbody, rows) {
    tbody.replaceChildren(...rows.map(cells => {
      const tr = document.createElement('tr');
      cells.forEach((cell, index) => {
        const td = el(index === 0 ? 'th' : 'td', cell.text ?? cell, cell.className);
        if (index === 0) td.scope = 'row';
        tr.appendChild(td);
      });
      return tr;
    }));
  }

  function chart(container) {
    if (!window.echarts) return null;
    let instance = window.echarts.getInstanceByDom(container);
    if (!instance) {
      instance = window.echarts.init(container, null, { renderer: 'svg' });
      state.charts.push(instance);
    }
    return instance;
  }

  function moneyAxis() {
    return { type: 'value', axisLabel: { formatter: v => '$' + (v >= 1e6 ? (v / 1e6).toFixed(0) + 'M' : v) } };
  }

  function tooltip() {
    return { trigger: 'axis', valueFormatter: v => usd(typeof v === 'number' ? v.toFixed(2) : v) };
  }

  function renderSummary(summary) {
    state.summary = summary;
    const years = (summary.fiscalYears ?? []).slice().sort((a, b) => a.fiscalYear - b.fiscalYear);
    const totals = summary.totals ?? {};
    const totalsBox = document.getElementById('alliance-totals');
    totalsBox.replaceChildren(...['enacted', 'allocated', 'obligated', 'disbursed'].map(figure => {
      const div = el('div');
      div.append(el('span', STAGE_LABELS[figure] + ' (all years)', 'label'), el('br'),
        el('span', usd(totals[figure]), 'value'));
      div.dataset.total = figure;
      return div;
    }));
    fillTable(document.querySelector('#alliance-table tbody'), years.map(y => [
      'FY' + y.fiscalYear, y.stage ?? '—', ...STAGES.map(s => ({ text: usd(y[s]), className: 'num' }))]));
    const c = chart(document.getElementById('alliance-chart'));
    if (c) {
      c.setOption({
        tooltip: tooltip(), legend: { top: 0, type: 'scroll' }, grid: { left: 70, right: 10, top: 40, bottom: 30 },
        xAxis: { type: 'category', data: years.map(y => 'FY' + y.fiscalYear) }, yAxis: moneyAxis(),
        series: STAGES.map(s => ({ name: STAGE_LABELS[s], type: 'bar', color: COLORS[s],
          data: years.map(y => num(y[s])) })),
      }, true);
    }
    document.getElementById('alliance-chart').setAttribute('aria-label', 'Bar chart of funding by fiscal year: '
      + years.map(y => 'FY' + y.fiscalYear + ' enacted ' + usd(y.enacted) + ', disbursed ' + usd(y.disbursed))
        .join('; '));
  }

  function panel(iso) {
    if (state.panels[iso]) return state.panels[iso];
    const country = COUNTRIES.find(c => c.iso === iso);
    const node = document.getElementById('country-template').content.firstElementChild.cloneNode(true);
    node.id = 'country-' + iso;
    node.dataset.country = iso;
    const title = node.querySelector('.country-name');
    title.id = 'country-title-' + iso;
    title.textContent = country.name;
    node.setAttribute('aria-labelledby', title.id);
    node.querySelectorAll('button.figure').forEach(button => button.addEventListener('click',
      () => openDrillDown(iso, { figure: button.dataset.figure })));
    document.getElementById('countries').appendChild(node);
    state.panels[iso] = node;
    return node;
  }

  function renderCountry(view) {
    const iso = view.country;
    if (!COUNTRIES.some(c => c.iso === iso)) return;
    state.views[iso] = view;
    const node = panel(iso);
    for (const figure of ['allocated', 'obligated', 'disbursed']) {
      const button = node.querySelector('button.figure[data-figure="' + figure + '"]');
      button.textContent = usd(view[figure]);
      button.setAttribute('aria-label', STAGE_LABELS[figure] + ' in ' + node.querySelector('.country-name')
        .textContent + ': ' + usd(view[figure]) + '. Show the transactions.');
    }
    node.querySelector('.rate').textContent = percent(view.disbursementRate);
    const grants = view.grants;
    node.querySelector('.grants').textContent = grants
      ? grants.total + ' grants: ' + grants.active + ' active, ' + grants.suspended + ' suspended, '
        + grants.closed + ' closed'
      : '';
    node.querySelector('.updated').textContent = view.lastEventAt
      ? 'Last change ' + new Date(view.lastEventAt).toLocaleString('en-US') : 'No events yet';

    const pillars = breakdown(view.byPillar, 'pillar');
    const years = breakdown(view.byFiscalYear, 'fiscalYear');
    const months = monthly(view);
    fillTable(node.querySelector('.pillar-table tbody'), pillars.map(p => [PILLARS[p.key] ?? p.key,
      { text: usd(p.allocated), className: 'num' }, { text: usd(p.obligated), className: 'num' },
      { text: usd(p.disbursed), className: 'num' }]));
    fillTable(node.querySelector('.year-table tbody'), years.map(y => ['FY' + y.key,
      { text: usd(y.allocated), className: 'num' }, { text: usd(y.obligated), className: 'num' },
      { text: usd(y.disbursed), className: 'num' }]));
    fillTable(node.querySelector('.monthly-table tbody'), months.map(m => [m.month,
      { text: usd(m.disbursed), className: 'num' }]));
    barChart(node.querySelector('.by-pillar'), iso, pillars.map(p => PILLARS[p.key] ?? p.key), pillars, 'pillar',
      'by pillar');
    barChart(node.querySelector('.by-year'), iso, years.map(y => 'FY' + y.key), years, 'fiscalYear',
      'by fiscal year');
    const m = chart(node.querySelector('.monthly'));
    if (m) {
      m.setOption({
        tooltip: tooltip(), grid: { left: 60, right: 10, top: 10, bottom: 30 },
        xAxis: { type: 'category', data: months.map(x => x.month) }, yAxis: moneyAxis(),
        series: [{ name: 'Disbursed', type: 'bar', color: COLORS.disbursed, data: months.map(x => num(x.disbursed)) }],
      }, true);
    }
    node.querySelector('.monthly').setAttribute('aria-label', 'Disbursements by month: '
      + (months.map(x => x.month + ' ' + usd(x.disbursed)).join('; ') || 'none'));
    fillTable(node.querySelector('.indicators tbody'), indicators(view).map(i => [
      i.name + (i.unit ? ' (' + i.unit + ')' : ''), i.baseline, i.target,
      i.latest === null ? '—' : (typeof i.latest === 'object' ? i.latest.value + ' (' + i.latest.period + ')' : i.latest),
      i.progress === null ? '—' : percent(i.progress), i.source]));
  }

  function barChart(container, iso, labels, rows, dimension, description) {
    const c = chart(container);
    if (c) {
      c.setOption({
        tooltip: tooltip(), legend: { top: 0, type: 'scroll', textStyle: { fontSize: 11 } },
        grid: { left: 60, right: 10, top: 30, bottom: 30 },
        xAxis: { type: 'category', data: labels, axisLabel: { interval: 0, fontSize: 10 } }, yAxis: moneyAxis(),
        series: ['allocated', 'obligated', 'disbursed'].map(f => ({
          name: STAGE_LABELS[f], type: 'bar', color: COLORS[f], data: rows.map(r => num(r[f])),
        })),
      }, true);
      c.off('click');
      c.on('click', params => {
        const row = rows[params.dataIndex];
        const figure = ['allocated', 'obligated', 'disbursed'][params.seriesIndex];
        openDrillDown(iso, { figure, [dimension]: row.key });
      });
    }
    container.setAttribute('aria-label', 'Bar chart ' + description + ': ' + rows.map((r, i) => labels[i]
      + ' disbursed ' + usd(r.disbursed) + ' of ' + usd(r.obligated) + ' obligated').join('; '));
  }

  // ---------- drill-down ----------
  async function openDrillDown(iso, filter, page = 0) {
    state.drill = { iso, filter, page };
    const params = new URLSearchParams({ page: String(page), size: '25' });
    if (filter.fiscalYear) params.set('fiscalYear', filter.fiscalYear);
    if (filter.pillar) params.set('pillar', filter.pillar);
    if (filter.agency) params.set('agency', filter.agency);
    if (filter.figure) params.set('figure', filter.figure);
    const section = document.getElementById('drilldown');
    section.hidden = false;
    const name = COUNTRIES.find(c => c.iso === iso).name;
    document.getElementById('drilldown-filter').textContent = (filter.figure ? STAGE_LABELS[filter.figure] + ', ' : '')
      + name
      + (filter.fiscalYear ? ', FY' + filter.fiscalYear : '') + (filter.pillar ? ', ' + (PILLARS[filter.pillar] ?? filter.pillar) : '')
      + (filter.agency ? ', ' + filter.agency : '') + (state.asOf ? ', as of ' + state.asOf : '');
    try {
      const result = await getJson(withAsOf('/api/v1/countries/' + iso + '/transactions?' + params));
      const rows = Array.isArray(result) ? result : (result.content ?? result.items ?? result.transactions ?? []);
      fillTable(document.querySelector('#drilldown-table tbody'), rows
        .map(r => [r.valueDate ?? '—', r.kind ?? r.type ?? '', r.grantId ?? (r.grant && r.grant.grantId) ?? '',
          r.agency ?? '', PILLARS[r.pillar] ?? r.pillar ?? '', r.fiscalYear ?? '',
          { text: usd(r.amount), className: 'num' }, { text: r.eventId ?? r.id ?? '', className: 'event' }]));
      const total = result.totalElements ?? result.total ?? null;
      const size = Number(result.size ?? 25);
      const sum = filter.figure && result.totals ? result.totals[filter.figure] : null;
      document.getElementById('drilldown-page').textContent = 'Page ' + (page + 1)
        + (total !== null ? ' of ' + Math.max(1, Math.ceil(Number(total) / size)) + ' (' + total + ' rows)' : '')
        + (sum !== null && sum !== undefined ? ' — ' + STAGE_LABELS[filter.figure].toLowerCase() + ' in total '
          + usd(sum) : '');
      document.getElementById('drilldown-total').textContent = sum !== null && sum !== undefined ? usd(sum) : '';
      document.getElementById('drilldown-prev').disabled = page === 0;
      document.getElementById('drilldown-next').disabled = total !== null ? (page + 1) * size >= Number(total)
        : rows.length < size;
    } catch (e) {
      fillTable(document.querySelector('#drilldown-table tbody'), [['Could not load the transactions: ' + e.message]]);
    }
    section.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }

  // ---------- loading, as-of and live ----------
  async function loadAll() {
    const [summary, countries] = await Promise.all([getJson(withAsOf('/api/v1/summary')),
      getJson(withAsOf('/api/v1/countries'))]);
    renderSummary(summary);
    (Array.isArray(countries) ? countries : countries.countries ?? []).forEach(renderCountry);
  }

  let summaryTimer = null;
  function refreshSummarySoon() {
    clearTimeout(summaryTimer);
    summaryTimer = setTimeout(() => getJson('/api/v1/summary').then(renderSummary).catch(() => {}), 250);
  }

  function setLive(stateName, text) {
    const live = document.getElementById('live');
    live.dataset.state = stateName;
    document.getElementById('live-text').textContent = text;
  }

  function onStreamData(data) {
    if (!data || typeof data !== 'object') return;
    if (data.applied !== undefined && data.total !== undefined) {
      showRebuild(data);
      return;
    }
    const view = data.view && data.view.country ? data.view : data;
    if (view.country && !state.asOf) {
      renderCountry(view);
      refreshSummarySoon();
    }
  }

  function showRebuild(progress) {
    const box = document.getElementById('rebuild');
    const running = progress.running ?? progress.state === 'RUNNING' ?? true;
    box.hidden = !running;
    if (running) document.body.dataset.rebuildSeen = 'true';
    const total = Number(progress.total) || 0;
    const applied = Number(progress.applied) || 0;
    const bar = document.getElementById('rebuild-progress');
    bar.max = Math.max(total, 1);
    bar.value = applied;
    document.getElementById('rebuild-text').textContent = applied + ' / ' + total + ' events'
      + (progress.eventsPerSecond ? ', ' + Math.round(Number(progress.eventsPerSecond)) + '/s' : '');
    if (!running) loadAll().catch(() => {});
  }

  function connect() {
    if (state.stream) state.stream.close();
    const stream = new EventSource('/api/v1/stream');
    state.stream = stream;
    let everOpen = false;
    stream.onopen = () => {
      if (everOpen && !state.asOf) loadAll().catch(() => {});
      everOpen = true;
      if (!state.asOf) setLive('live', 'Live');
    };
    stream.onerror = () => {
      if (stream.readyState === EventSource.CLOSED) {
        setLive('offline', 'Offline — retrying');
        setTimeout(connect, 3000);
      } else if (!state.asOf) {
        setLive('reconnecting', 'Connection lost — reconnecting…');
      }
    };
    const handle = event => {
      try {
        onStreamData(parseExact(event.data));
      } catch (ignored) {
        // heartbeats and comments carry no JSON
      }
    };
    stream.onmessage = handle;
    ['country-view', 'country', 'view', 'country-view-changed', 'rebuild', 'progress'].forEach(name =>
      stream.addEventListener(name, handle));
  }

  function setAsOf(value) {
    state.asOf = value || null;
    if (state.asOf) {
      setLive('as-of', 'Showing ' + state.asOf + ' (not live)');
    } else {
      setLive(state.stream && state.stream.readyState === EventSource.OPEN ? 'live' : 'connecting',
        state.stream && state.stream.readyState === EventSource.OPEN ? 'Live' : 'Connecting…');
    }
    loadAll().catch(showError);
    if (state.drill) openDrillDown(state.drill.iso, state.drill.filter, 0);
  }

  function showError(e) {
    document.getElementById('alliance-lead').textContent = 'Could not load the figures: ' + e.message;
  }

  document.addEventListener('DOMContentLoaded', () => {
    COUNTRIES.forEach(c => panel(c.iso));
    document.getElementById('as-of').max = new Date().toISOString().slice(0, 10);
    document.getElementById('as-of-form').addEventListener('submit', event => {
      event.preventDefault();
      setAsOf(document.getElementById('as-of').value);
    });
    document.getElementById('as-of-today').addEventListener('click', () => {
      document.getElementById('as-of').value = '';
      setAsOf(null);
    });
    document.getElementById('drilldown-close').addEventListener('click', () => {
      document.getElementById('drilldown').hidden = true;
      state.drill = null;
    });
    document.getElementById('drilldown-prev').addEventListener('click', () =>
      openDrillDown(state.drill.iso, state.drill.filter, Math.max(0, state.drill.page - 1)));
    document.getElementById('drilldown-next').addEventListener('click', () =>
      openDrillDown(state.drill.iso, state.drill.filter, state.drill.page + 1));
    window.addEventListener('resize', () => state.charts.forEach(c => c.resize()));
    loadAll().then(() => state.charts.forEach(c => c.resize())).catch(showError);
    connect();
  });

  window.allianceDashboard = { usd, parseExact };
})();
