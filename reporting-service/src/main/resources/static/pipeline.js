/*
 * The pipeline panel: per country a stacked bar of where its money stands (disbursed, unliquidated by age,
 * unobligated, expired or cancelled), the expiring-soon and stale-grant tables of the Alliance, and the knownAt
 * control beside asOf. Reads /api/v1/countries/{iso2}/pipeline and /api/v1/pipeline; redraws live when a country
 * view changes (Server-Sent Events), unless a past date or instant is asked for. Sums are made in whole cents.
 */
(() => {
  'use strict';
  const COUNTRIES = [['SV', 'El Salvador'], ['GT', 'Guatemala'], ['HN', 'Honduras']];
  const FORMAT = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
  const cents = value => value === null || value === undefined ? 0 : Math.round(Number(value) * 100);
  const usd = c => FORMAT.format(c / 100);
  const SEGMENTS = [
    ['disbursed', 'Disbursed', f => cents(f.disbursed)],
    ['unliquidated-lt1', 'Unliquidated, under 1 year', f => cents(f.unliquidatedByAge.lessThan1Year)],
    ['unliquidated-1to2', 'Unliquidated, 1–2 years', f => cents(f.unliquidatedByAge.from1To2Years)],
    ['unliquidated-2to3', 'Unliquidated, 2–3 years', f => cents(f.unliquidatedByAge.from2To3Years)],
    ['unliquidated-3plus', 'Unliquidated, 3 years or more', f => cents(f.unliquidatedByAge.atLeast3Years)],
    ['unobligated', 'Unobligated, available', f => cents(f.unobligated) - cents(f.expiredUnobligated)],
    ['expired', 'Expired or cancelled', f => cents(f.expiredUnobligated) + cents(f.cancelled)]
  ];

  const el = (tag, attrs = {}, text) => {
    const node = document.createElement(tag);
    Object.entries(attrs).forEach(([k, v]) => node.setAttribute(k, v));
    if (text !== undefined) node.textContent = text;
    return node;
  };

  function params() {
    const asOf = document.getElementById('as-of').value;
    const knownAt = document.getElementById('known-at').value;
    const q = new URLSearchParams();
    if (asOf) q.set('asOf', asOf);
    if (knownAt) q.set('knownAt', knownAt);
    const text = q.toString();
    return text ? '?' + text : '';
  }

  async function get(url) {
    const response = await fetch(url, { headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error(url + ': ' + response.status);
    return response.json();
  }

  function countryPanel(iso, name, view) {
    const figures = view.totals;
    const section = el('section', { id: 'pipeline-' + iso, class: 'pipeline-country', 'aria-label': name });
    section.appendChild(el('h3', {}, name));
    const bar = el('div', { class: 'pipeline-bar', role: 'img', 'aria-label': 'Pipeline of ' + name });
    const table = el('table', { class: 'pipeline-table' });
    table.appendChild(el('caption', { class: 'visually-hidden' }, 'Pipeline of ' + name + ', U.S. dollars'));
    const body = el('tbody');
    SEGMENTS.forEach(([key, label, of]) => {
      const amount = of(figures);
      const part = el('span', { class: 'segment segment-' + key, title: label + ': ' + usd(amount) });
      part.style.flexGrow = String(Math.max(amount, 0));
      bar.appendChild(part);
      const row = el('tr');
      row.appendChild(el('th', { scope: 'row' }, label));
      row.appendChild(el('td', { class: 'num', 'data-figure': key }, usd(amount)));
      body.appendChild(row);
    });
    [['reprogrammedOut', 'Reprogrammed out'], ['reprogrammedIn', 'Reprogrammed in'],
      ['expiringWithin90Days', 'Expiring within 90 days']].forEach(([key, label]) => {
      const row = el('tr');
      row.appendChild(el('th', { scope: 'row' }, label));
      row.appendChild(el('td', { class: 'num', 'data-figure': key }, usd(cents(figures[key]))));
      body.appendChild(row);
    });
    table.appendChild(body);
    section.appendChild(bar);
    section.appendChild(table);
    return section;
  }

  function rows(tbody, list, cells) {
    tbody.replaceChildren();
    if (list.length === 0) {
      const row = el('tr');
      row.appendChild(el('td', { colspan: '6' }, 'None'));
      tbody.appendChild(row);
      return;
    }
    list.forEach(item => {
      const row = el('tr');
      cells(item).forEach(([text, cls]) => row.appendChild(el('td', cls ? { class: cls } : {}, text)));
      tbody.appendChild(row);
    });
  }

  let loading = null;
  async function load() {
    const q = params();
    const [alliance, ...countries] = await Promise.all([get('/api/v1/pipeline' + q)]
      .concat(COUNTRIES.map(([iso]) => get('/api/v1/countries/' + iso + '/pipeline' + q))));
    const panels = document.getElementById('pipeline-countries');
    panels.replaceChildren(...COUNTRIES.map(([iso, name], i) => countryPanel(iso, name, countries[i])));
    rows(document.querySelector('#pipeline-expiring tbody'), alliance.expiringSoon, a => [
      ['FY' + a.fiscalYear], [a.account], [a.availableUntil], [String(a.daysLeft), 'num'],
      [usd(cents(a.unobligated)), 'num']]);
    rows(document.querySelector('#pipeline-stale tbody'), alliance.staleGrants, g => [
      [g.grantId], [g.country], [g.agency], [g.endDate], [usd(cents(g.undisbursed)), 'num'],
      [g.cancelled ? 'cancelled' : '']]);
    const known = alliance.knownAt ? ', as known at ' + alliance.knownAt : '';
    document.getElementById('pipeline-as-of').textContent = 'As of the end of ' + alliance.asOf + known + '.';
    document.getElementById('pipeline').dataset.state = 'loaded';
  }

  function reload() {
    if (loading) return;
    loading = setTimeout(() => {
      loading = null;
      load().catch(e => { document.getElementById('pipeline-as-of').textContent = 'Could not load: ' + e.message; });
    }, 200);
  }

  function live() {
    if (!window.EventSource) return;
    const stream = new EventSource('/api/v1/stream');
    // a past view does not move; today's does, whenever a country view changes
    stream.addEventListener('country-view', () => {
      if (!document.getElementById('known-at').value && !document.getElementById('as-of').value) reload();
    });
  }

  document.addEventListener('DOMContentLoaded', () => {
    document.getElementById('known-at-form').addEventListener('submit', event => { event.preventDefault(); reload(); });
    document.getElementById('known-at-now').addEventListener('click', () => {
      document.getElementById('known-at').value = '';
      reload();
    });
    document.getElementById('as-of-form').addEventListener('submit', () => reload());
    document.getElementById('as-of-today').addEventListener('click', () => setTimeout(reload, 0));
    reload();
    live();
  });
})();
