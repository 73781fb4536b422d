// sourcetrace analyst page: search claims, draw their provenance chains,
// expand neighbourhoods, export what is shown. Plain browser JavaScript,
// no build step. All text from the server goes into the DOM through
// textContent, never as HTML.
(function () {
  'use strict';

  // Colours by node kind (also used for the legend).
  const KIND_COLOURS = {
    person: '#3d7dd8',
    organisation: '#7a56c2',
    group: '#9c6bd6',
    anonymous: '#8a93a3',
    work: '#e0a526',
    outlet: '#d9543f',
    article: '#3a9d8f',
    claim: '#f2f4f7',
    assessment: '#c77db5',
    unresolved: '#b9bec7',
  };
  const KIND_SHAPES = {
    person: 'ellipse',
    organisation: 'round-rectangle',
    group: 'round-rectangle',
    anonymous: 'ellipse',
    work: 'round-tag',
    outlet: 'round-rectangle',
    article: 'rectangle',
    claim: 'round-rectangle',
    assessment: 'diamond',
    unresolved: 'ellipse',
  };
  // Admiralty grades: reliability A-G for sources, credibility 1-6 for claims.
  const GRADE_COLOURS = {
    A: '#1b7f3b', B: '#4e9a2e', C: '#b8860b', D: '#d2691e', E: '#b3261e', F: '#7b8494', G: '#5a1a6e',
    1: '#1b7f3b', 2: '#4e9a2e', 3: '#b8860b', 4: '#d2691e', 5: '#b3261e', 6: '#7b8494',
  };

  // Most nodes one expansion adds.
  const EXPAND_LIMIT = 60;

  const $ = (id) => document.getElementById(id);
  const el = (tag, props, ...children) => {
    const e = document.createElement(tag);
    if (props) {
      for (const [k, v] of Object.entries(props)) {
        if (k === 'text') e.textContent = v;
        else if (k === 'class') e.className = v;
        else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
        else e.setAttribute(k, v);
      }
    }
    for (const c of children) if (c != null) e.append(c);
    return e;
  };

  let formats = ['graphml', 'gexf', 'jsonld', 'nquads', 'dgraph', 'csv', 'dot', 'cytoscape'];
  let state = { q: '', claim: '', expanded: [] };
  let searchToken = 0;
  let claimToken = 0;

  function setStatus(msg, isError) {
    const s = $('status');
    s.textContent = msg || '';
    s.classList.toggle('error', !!isError);
  }

  async function api(path) {
    const res = await fetch(path, { headers: { Accept: 'application/json' } });
    let body = null;
    try { body = await res.json(); } catch (e) { /* not JSON */ }
    if (!res.ok) {
      const msg = body && body.error ? body.error : res.status + ' ' + res.statusText;
      throw new Error(msg);
    }
    return body;
  }

  // --- URL state: #q=WORDS&claim=ID&x=ID,ID -------------------------------

  function readHash() {
    const p = new URLSearchParams(location.hash.replace(/^#/, ''));
    return {
      q: p.get('q') || '',
      claim: p.get('claim') || '',
      expanded: (p.get('x') || '').split(',').filter(Boolean),
    };
  }

  function writeHash(s) {
    const p = new URLSearchParams();
    if (s.q) p.set('q', s.q);
    if (s.claim) p.set('claim', s.claim);
    if (s.expanded.length) p.set('x', s.expanded.join(','));
    const h = p.toString();
    if (location.hash.replace(/^#/, '') !== h) {
      history.pushState(null, '', h ? '#' + h : location.pathname + location.search);
    }
  }

  function navigate(next) {
    writeHash(next);
    apply(next);
  }

  async function apply(next) {
    const prev = state;
    state = { q: next.q, claim: next.claim, expanded: next.expanded.slice() };
    $('q').value = state.q;
    if (state.q !== prev.q || !$('results').childElementCount) await runSearch(state.q);
    markSelected();
    // Going back past an expansion cannot un-add nodes one by one: redraw.
    const shrunk = prev.expanded.some((id) => !state.expanded.includes(id));
    if (state.claim !== prev.claim || shrunk || !cy || cy.nodes().length === 0) {
      await openClaim(state.claim, state.expanded);
    } else {
      for (const id of state.expanded) {
        if (!prev.expanded.includes(id)) await expand(id, false);
      }
    }
  }

  // --- Search ----------------------------------------------------------------

  function badge(grade, prefix, title) {
    const cls = grade ? prefix + grade : 'none';
    return el('span', { class: 'badge ' + cls, title: title + (grade ? ' ' + grade : ': not assessed'), text: grade || '–' });
  }

  function dateOf(c) {
    if (c.published) return c.published.slice(0, 10);
    if (c.ingested) return 'ingested ' + c.ingested.slice(0, 10);
    return '';
  }

  async function runSearch(q) {
    const token = ++searchToken;
    const list = $('results');
    list.replaceChildren();
    $('result-count').textContent = '';
    $('results-hint').hidden = !!q;
    if (!q) return;
    setStatus('Searching…');
    let res;
    try {
      res = await api('api/search?q=' + encodeURIComponent(q));
    } catch (e) {
      if (token === searchToken) setStatus('Search failed: ' + e.message, true);
      return;
    }
    if (token !== searchToken) return;
    setStatus('');
    $('result-count').textContent = '(' + res.claims.length + (res.truncated ? '+' : '') + ')';
    if (!res.claims.length) {
      list.append(el('li', { class: 'hint', text: 'No claim matches “' + q + '”.' }));
      return;
    }
    for (const c of res.claims) {
      const li = el('li', { 'data-id': c.id, tabindex: '0', role: 'button' },
        el('div', { class: 'claim-meta' },
          badge(c.credibility, 'c', 'Credibility'),
          el('span', { class: 'speaker', text: c.speaker || 'unknown speaker' }),
          c.cue ? el('span', { class: 'cue', text: '“' + c.cue + '”' }) : null,
          c.kind ? el('span', { class: 'kind', text: c.kind }) : null,
          el('span', { class: 'date', text: dateOf(c) }),
          el('span', { class: 'reports', text: c.reports + (c.reports === 1 ? ' report' : ' reports') })),
        el('div', { class: 'claim-content', text: c.content }));
      const open = () => navigate({ q: state.q, claim: c.id, expanded: [] });
      li.addEventListener('click', open);
      li.addEventListener('keydown', (ev) => { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); open(); } });
      list.append(li);
    }
  }

  function markSelected() {
    for (const li of $('results').children) {
      li.classList.toggle('selected', li.dataset.id === state.claim);
    }
  }

  // --- Graph -------------------------------------------------------------------

  let cy = null;

  function display(n) {
    const g = n.grade ? '\n[' + n.grade + ']' : '';
    return n.label + g;
  }

  function nodeData(n) {
    return {
      id: n.id,
      label: n.label,
      name: n.name,
      kind: n.kind,
      subkind: n.subkind || '',
      grade: n.grade || '',
      display: display(n),
      attrs: n.attrs || {},
    };
  }

  function initGraph() {
    if (cy) return cy;
    if (window.cytoscapeDagre && !initGraph.registered) {
      try { cytoscape.use(window.cytoscapeDagre); } catch (e) { /* registered by the script itself */ }
      initGraph.registered = true;
    }
    cy = cytoscape({
      container: $('cy'),
      wheelSensitivity: 0.3,
      minZoom: 0.2,
      maxZoom: 3,
      style: [
        {
          selector: 'node',
          style: {
            label: 'data(display)',
            'text-wrap': 'wrap',
            'text-max-width': '150px',
            'text-valign': 'center',
            'text-halign': 'center',
            'font-size': '11px',
            color: '#fff',
            'text-outline-width': 0,
            shape: (n) => KIND_SHAPES[n.data('kind')] || 'ellipse',
            'background-color': (n) => KIND_COLOURS[n.data('kind')] || '#999',
            width: (n) => Math.min(170, 24 + 6.2 * Math.max(...n.data('display').split('\n').map((l) => Math.min(l.length, 24)))),
            height: (n) => 22 + 14 * estimateLines(n.data('display')),
            'border-width': (n) => (n.data('grade') ? 4 : 1),
            'border-color': (n) => GRADE_COLOURS[n.data('grade')] || '#667085',
          },
        },
        { selector: 'node[kind = "claim"], node[kind = "unresolved"]', style: { color: '#1d2430' } },
        { selector: 'node[kind = "anonymous"]', style: { 'border-style': 'dashed' } },
        { selector: 'node:selected', style: { 'overlay-opacity': 0.15, 'overlay-color': '#2f5fb3' } },
        { selector: 'node.focus', style: { 'underlay-color': '#2f5fb3', 'underlay-opacity': 0.25, 'underlay-padding': 6 } },
        {
          selector: 'edge',
          style: {
            label: 'data(label)',
            'font-size': '9px',
            color: '#3d4756',
            'text-background-color': '#fff',
            'text-background-opacity': 0.85,
            'text-background-padding': '2px',
            'curve-style': 'bezier',
            'target-arrow-shape': 'triangle',
            width: 1.5,
            'line-color': '#9aa4b2',
            'target-arrow-color': '#9aa4b2',
          },
        },
        { selector: 'edge.stored', style: { 'line-style': 'dashed', 'line-color': '#c2c8d2', 'target-arrow-color': '#c2c8d2' } },
      ],
    });
    window.cy = cy; // for tests and the console
    cy.on('tap', 'node', (ev) => {
      const id = ev.target.id();
      showNode(ev.target.data());
      if (!state.expanded.includes(id)) {
        const next = { q: state.q, claim: state.claim, expanded: state.expanded.concat([id]) };
        writeHash(next);
        state = next;
        expand(id, true);
      }
    });
    return cy;
  }

  function estimateLines(text) {
    return text.split('\n').reduce((acc, l) => acc + Math.max(1, Math.ceil(l.length / 24)), 0);
  }

  function layout() {
    document.body.dataset.graph = 'layout';
    const l = cy.layout({
      name: 'dagre',
      rankDir: 'LR',
      nodeSep: 25,
      rankSep: 65,
      edgeSep: 10,
      nodeDimensionsIncludeLabels: true,
      fit: true,
      padding: 30,
      animate: false,
    });
    l.one('layoutstop', () => { document.body.dataset.graph = 'ready'; });
    l.run();
  }

  function addElements(g, stored) {
    const added = [];
    for (const n of g.nodes) {
      if (cy.getElementById(n.id).empty()) added.push({ group: 'nodes', data: nodeData(n) });
    }
    const existing = cy.collection().union(added.length ? cy.add(added) : cy.collection());
    for (const e of g.edges) {
      if (!cy.getElementById(e.id).empty()) continue;
      // A stored edge between nodes a chain already links adds nothing
      // the drawing does not show.
      if (stored) {
        const a = cy.getElementById(e.source);
        const b = cy.getElementById(e.target);
        if (a.edgesWith(b).nonempty()) continue;
      }
      cy.add({ group: 'edges', data: { id: e.id, source: e.source, target: e.target, label: e.label, predicate: e.predicate || '' }, classes: stored ? 'stored' : '' });
    }
    return existing;
  }

  async function openClaim(id, expanded) {
    const token = ++claimToken;
    initGraph();
    cy.elements().remove();
    $('node-info').hidden = true;
    document.body.dataset.graph = 'empty';
    const head = $('claim-head');
    if (!id) {
      head.className = 'hint';
      head.textContent = 'Pick a claim to see how it reached each article.';
      $('toolbar').hidden = true;
      return;
    }
    setStatus('Loading chains…');
    let res;
    try {
      res = await api('api/claims/' + encodeURIComponent(id) + '/chains');
    } catch (e) {
      if (token === claimToken) setStatus('Could not load the claim: ' + e.message, true);
      return;
    }
    if (token !== claimToken) return;
    setStatus(res.chains.length + (res.chains.length === 1 ? ' chain' : ' chains'));
    const c = res.claim;
    head.className = '';
    head.replaceChildren(
      el('div', { class: 'claim-meta' },
        badge(c.credibility, 'c', 'Credibility'),
        el('span', { class: 'speaker', text: c.speaker || 'unknown speaker' }),
        c.cue ? el('span', { text: '“' + c.cue + '”' }) : null,
        c.kind ? el('span', { text: c.kind }) : null,
        el('span', { text: dateOf(c) }),
        el('span', { text: c.reports + (c.reports === 1 ? ' report' : ' reports') })),
      el('div', { class: 'content', text: c.content }));
    $('toolbar').hidden = false;
    showOrigins(id, token);
    addElements(res.graph, false);
    layout();
    for (const x of expanded || []) {
      if (token !== claimToken) return;
      await expand(x, false);
    }
    updateExports();
    renderLegend();
  }

  // showOrigins adds how many independent origins the reports come down
  // to: ten outlets running one agency's story are one origin.
  async function showOrigins(id, token) {
    let o;
    try {
      o = await api('api/origins/' + encodeURIComponent(id));
    } catch (e) {
      return; // the chains are shown anyway
    }
    if (token !== claimToken) return;
    const meta = document.querySelector('#claim-head .claim-meta');
    if (!meta) return;
    const shared = o.origins.filter((x) => x.shared && x.shared.length).map((x) => x.shared.map((n) => n.name).join(', '));
    meta.append(el('span', {
      class: 'origins',
      title: shared.length ? 'shared upstream: ' + shared.join('; ') : 'each report is its own origin',
      text: o.independent + (o.independent === 1 ? ' independent origin' : ' independent origins') +
        (o.cluster.length > 1 ? ' (with ' + (o.cluster.length - 1) + ' similar claim' + (o.cluster.length > 2 ? 's' : '') + ')' : ''),
    }));
  }

  async function expand(id, focus) {
    setStatus('Expanding…');
    let g;
    try {
      // A hub (a big agency) can have thousands of neighbours: draw the
      // first ones and say the rest were cut.
      g = await api('api/subgraph?around=' + encodeURIComponent(id) + '&depth=1&limit=' + EXPAND_LIMIT);
    } catch (e) {
      setStatus('Could not expand: ' + e.message, true);
      return;
    }
    addElements(g, true);
    cy.nodes().removeClass('focus');
    cy.getElementById(id).addClass('focus');
    layout();
    setStatus(g.truncated ? 'Neighbourhood truncated at the server’s limits' : '');
    updateExports();
    renderLegend();
    if (focus) showNode(cy.getElementById(id).data());
  }

  function updateExports() {
    const box = $('exports');
    box.replaceChildren(el('span', { text: 'Export:' }));
    const ids = cy.nodes().map((n) => n.id()).join(',');
    for (const f of formats) {
      box.append(el('a', {
        class: 'button',
        href: 'api/export?format=' + encodeURIComponent(f) + '&ids=' + encodeURIComponent(ids),
        download: '',
        'data-format': f,
        text: f,
      }));
    }
  }

  function renderLegend() {
    const kinds = [...new Set(cy.nodes().map((n) => n.data('kind')))].sort();
    $('legend').replaceChildren(...kinds.map((k) => el('span', null,
      el('i', { style: 'background:' + (KIND_COLOURS[k] || '#999') + ';border:1px solid #667085' }), k)));
  }

  async function showNode(d) {
    const box = $('node-info');
    box.hidden = false;
    const dl = el('dl', null);
    const row = (k, v) => { if (v) dl.append(el('dt', { text: k }), el('dd', { text: v })); };
    row('kind', d.kind + (d.subkind ? ' (' + d.subkind + ')' : ''));
    row(d.kind === 'claim' ? 'credibility' : 'reliability', d.grade || 'not assessed');
    row('id', d.id);
    for (const [k, v] of Object.entries(d.attrs || {}).sort()) {
      if (k !== 'credibility' && k !== 'reliability') row(k, v);
    }
    const why = el('div', null);
    box.replaceChildren(
      el('button', { type: 'button', class: 'close', text: '×', title: 'Close', onclick: () => { box.hidden = true; } }),
      el('h3', { text: d.name }), dl, why);
    if (d.kind === 'article') return;
    try {
      const x = await api('api/explain/' + encodeURIComponent(d.id));
      why.replaceChildren(
        el('div', null, badge(x.grade, d.kind === 'claim' ? 'c' : 'r', 'Grade'), ' ', x.meaning || ''),
        el('ul', null, ...(x.factors || []).slice(0, 8).map((f) => el('li', { text: f.detail || f.name }))));
    } catch (e) {
      why.replaceChildren(el('p', { class: 'hint', text: 'No assessment: ' + e.message }));
    }
  }

  // --- Wiring ------------------------------------------------------------------

  $('search-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const q = $('q').value.trim();
    if (q === state.q) {
      runSearch(q).then(markSelected); // the same words again: refresh (after an upload, say)
      return;
    }
    navigate({ q, claim: '', expanded: [] });
  });
  $('fit').addEventListener('click', () => cy && cy.fit(undefined, 30));
  $('reset').addEventListener('click', () => {
    state = { q: state.q, claim: state.claim, expanded: [] };
    writeHash(state);
    openClaim(state.claim, []);
  });
  window.addEventListener('popstate', () => apply(readHash()));

  // Uploads: shown only when the server accepts them. The token stays in
  // this page (never in the URL or storage).
  api('healthz').then((h) => { $('upload').hidden = !h.uploads; }).catch(() => {});
  $('upload-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const out = $('upload-result');
    const body = new FormData();
    for (const f of $('upload-files').files) body.append('file', f, f.name);
    out.textContent = 'Ingesting…';
    let res, data = null;
    try {
      res = await fetch('api/ingest', { method: 'POST', body, headers: { Authorization: 'Bearer ' + $('upload-token').value } });
      data = await res.json();
    } catch (e) {
      out.textContent = 'Upload failed: ' + e.message;
      return;
    }
    if (!res.ok && !(data && data.summary)) {
      out.textContent = 'Upload refused: ' + (data && data.error ? data.error : res.status);
      return;
    }
    const s = data.summary;
    const lines = ['Ingested ' + s.articles + ' article(s): ' + s.claims + ' claims, ' + s.entities + ' entities.'];
    for (const k of s.skipped || []) lines.push('Skipped ' + k.source.replace(/^.*[\\/]/, '') + ': ' + k.reason);
    for (const w of (s.warnings || []).slice(0, 5)) lines.push(w);
    out.textContent = lines.join('\n');
    document.body.dataset.upload = 'done';
    if (state.q) runSearch(state.q).then(markSelected);
  });

  api('api/formats').then((f) => { if (Array.isArray(f.formats)) formats = f.formats; }).catch(() => {});
  const initial = readHash();
  // A plain ?q= link (or the form submitted before the script ran) works too.
  const fromQuery = new URLSearchParams(location.search).get('q');
  if (!initial.q && fromQuery) initial.q = fromQuery;
  state = { q: '', claim: '', expanded: [] };
  apply(initial);
})();
