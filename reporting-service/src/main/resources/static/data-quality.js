/* Alliance Tracker dashboard, "Data quality" panel: GET /api/v1/data-quality, refreshed live whenever the stream
 * (/api/v1/stream, SSE) says a view changed, and on its heartbeats (dead letters change no view). Money is formatted
 * from its exact decimal text with the dashboard's own helpers (window.allianceDashboard). */
(function () {
  'use strict';

  const REFRESH_AFTER_MS = 500;
  const REPORT_CACHE_MS = 2000;
  let timer = null;
  let again = null;
  let stream = null;

  function helpers() {
    return window.allianceDashboard || {
      usd: v => (v === null || v === undefined ? '—' : '$' + v),
      parseExact: JSON.parse,
    };
  }

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function share(value) {
    if (value === null || value === undefined) return '—';
    const text = String(value);
    const [whole, fraction = ''] = text.split('.');
    const basisPoints = (whole.replace('-', '') + (fraction + '0000').slice(0, 4)).replace(/^0+(?=\d)/, '');
    const padded = basisPoints.padStart(3, '0');
    return padded.slice(0, -2) + '.' + padded.slice(-2) + ' %';
  }

  function day(instant) {
    return instant ? String(instant).replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC') : '—';
  }

  function panel() {
    let section = document.getElementById('data-quality');
    if (section) return section;
    section = el('section');
    section.id = 'data-quality';
    section.setAttribute('aria-labelledby', 'data-quality-title');
    const title = el('h2', 'Data quality');
    title.id = 'data-quality-title';
    section.append(title,
      el('p', 'How fresh and complete each agency\'s reporting is: its last posting, how late postings are recorded '
        + 'after their value date, grants without disbursements for a while or past their end with money left, '
        + 'reversals, and events that could not be applied.', 'lead'));
    const scroll = el('div', null, 'table-scroll');
    const table = el('table');
    table.id = 'data-quality-table';
    const caption = el('caption', 'Per agency');
    const head = el('thead');
    const row = el('tr');
    ['Agency', 'Last posting', 'Disbursements', 'Reporting lag (latest quarter)', 'Dormant grants',
      'Past end, undisbursed', 'Reversals', 'Dead letters'].forEach((name, i) => {
      const th = el('th', name, i >= 2 ? 'num' : undefined);
      th.scope = 'col';
      row.append(th);
    });
    head.append(row);
    table.append(caption, head, el('tbody'));
    scroll.append(table);
    const updated = el('p', 'Loading…', 'updated');
    updated.id = 'data-quality-updated';
    const lags = el('details', null, 'data');
    lags.append(el('summary', 'Reporting lag per quarter'));
    const lagScroll = el('div', null, 'table-scroll');
    const lagTable = el('table');
    lagTable.id = 'data-quality-lags';
    const lagHead = el('thead');
    const lagRow = el('tr');
    ['Agency', 'Quarter', 'Postings', 'Median (days)', '90th percentile (days)'].forEach((name, i) => {
      const th = el('th', name, i >= 2 ? 'num' : undefined);
      th.scope = 'col';
      lagRow.append(th);
    });
    lagHead.append(lagRow);
    lagTable.append(el('caption', 'Recorded time − value date, per fiscal quarter of the value date'), lagHead,
      el('tbody'));
    lagScroll.append(lagTable);
    lags.append(lagScroll);
    section.append(scroll, updated, lags);
    const main = document.querySelector('main') || document.body;
    const drilldown = document.getElementById('drilldown');
    if (drilldown && drilldown.parentNode === main) main.insertBefore(section, drilldown); else main.append(section);
    return section;
  }

  function cell(text, className) {
    return el('td', text, className);
  }

  function render(report) {
    panel();
    const { usd } = helpers();
    const body = document.querySelector('#data-quality-table tbody');
    const lagBody = document.querySelector('#data-quality-lags tbody');
    body.replaceChildren();
    lagBody.replaceChildren();
    (report.agencies || []).forEach(a => {
      const tr = el('tr');
      tr.dataset.agency = a.agency;
      const latest = (a.reportingLag || []).at(-1);
      const last = a.lastPosting;
      tr.append(
        cell(a.agency, 'agency'),
        cell(last ? day(last.recordedAt) + ' (value ' + last.valueDate + ')' : '—', 'last-posting'),
        cell(String(a.disbursements), 'num disbursements'),
        cell(latest ? latest.quarter + ': ' + latest.medianDays + ' d median, ' + latest.p90Days + ' d p90' : '—',
          'num lag'),
        cell(String(a.dormantGrants.count), 'num dormant'),
        cell(a.pastEndUndisbursed.count + ' (' + usd(a.pastEndUndisbursed.undisbursed) + ')', 'num past-end'),
        cell(a.reversals.count + ' (' + share(a.reversals.countShare) + ')', 'num reversals'),
        cell(String(a.deadLetters), 'num dead-letters'));
      body.append(tr);
      (a.reportingLag || []).forEach(l => {
        const lr = el('tr');
        lr.append(cell(a.agency), cell(l.quarter), cell(String(l.postings), 'num'),
          cell(String(l.medianDays), 'num'), cell(String(l.p90Days), 'num'));
        lagBody.append(lr);
      });
    });
    const dl = report.deadLetters || {};
    document.getElementById('data-quality-updated').textContent = 'As of ' + day(report.generatedAt)
      + ' · dormant after ' + report.dormantAfterDays + ' days without a disbursement · dead letters: '
      + (dl.available ? dl.total + ' in all, ' + dl.unattributed + ' naming no agency' : 'not available');
  }

  async function load() {
    const response = await fetch('/api/v1/data-quality', { headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error(response.status + ' ' + response.statusText);
    render(helpers().parseExact(await response.text()));
  }

  // The server reuses one computed report for alliance.reporting.data-quality.cache-for (2 s): a load soon after a
  // change may still get the report from before it, so the panel loads once more when that report has expired
  // (without this second load the change showed only with the next heartbeat, up to 15 s later).
  function refreshSoon() {
    if (!timer) {
      timer = setTimeout(() => {
        timer = null;
        load().catch(showError);
      }, REFRESH_AFTER_MS);
    }
    if (again) clearTimeout(again);
    again = setTimeout(() => {
      again = null;
      load().catch(showError);
    }, REFRESH_AFTER_MS + REPORT_CACHE_MS);
  }

  function showError(e) {
    panel();
    document.getElementById('data-quality-updated').textContent = 'Could not load the data quality: ' + e.message;
  }

  function connect() {
    if (stream) stream.close();
    stream = new EventSource('/api/v1/stream');
    stream.onopen = refreshSoon;
    stream.onerror = () => {
      if (stream.readyState === EventSource.CLOSED) setTimeout(connect, 3000);
    };
    ['country-view', 'heartbeat', 'rebuild'].forEach(name => stream.addEventListener(name, refreshSoon));
  }

  document.addEventListener('DOMContentLoaded', () => {
    panel();
    load().catch(showError);
    connect();
  });
})();
