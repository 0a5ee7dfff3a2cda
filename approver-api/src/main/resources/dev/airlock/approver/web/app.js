// Airlock's review UI. One script, no framework, no build step. Every string from the API is put
// on the page as text (textContent), never as HTML. The bearer token lives in this tab's
// sessionStorage and is sent as an Authorization header; it never appears in a URL.
'use strict';

const TOKEN_KEY = 'airlock.token';
const STATES = ['PENDING', 'NEEDS_REAPPROVAL', 'APPROVED', 'EXECUTING', 'APPLIED', 'FAILED', 'REJECTED', 'EXPIRED', 'CANCELLED'];
const RISKS = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];
const AUDIT_KINDS = ['CONNECTION', 'AUTHENTICATION', 'STATEMENT', 'DECISION', 'CHANGE_TRANSITION', 'APPROVAL', 'REPLAY', 'TASK', 'AGENT'];
const OPEN_STATES = new Set(['PENDING', 'NEEDS_REAPPROVAL']);

let me = null;            // {name, role, groups} of the signed-in token
let view = null;          // what the current page wants to hear of live events: function(event)
let events = null;        // the live-update stream's AbortController
let shown = 0;            // bumped by every navigation: a page still loading for an older one draws nothing

// ---------------------------------------------------------------------------------- DOM helpers

/** An element: h('td', {class: 'x'}, 'text', otherNode). Strings become text nodes. */
function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** True while no navigation happened since {@code ticket} was taken: the page may still draw. */
function still(ticket) {
  return ticket === shown;
}

function main(...children) {
  const target = document.getElementById('main');
  target.replaceChildren();
  append(target, children);
}

function badge(kind, value) {
  return h('span', {class: `badge ${kind}-${value}`, 'data-badge': kind}, value);
}

function link(path, ...children) {
  return h('a', {href: path, 'data-nav': true}, ...children);
}

function when(instant) {
  if (!instant) return '';
  const date = new Date(instant);
  return h('time', {datetime: instant, title: instant}, date.toLocaleString());
}

function banner(kind, ...children) {
  return h('div', {class: `banner ${kind}`, role: kind === 'info' || kind === 'ok' ? 'status' : 'alert'}, ...children);
}

// ----------------------------------------------------------------------------------- the API

class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

async function api(method, path, body) {
  const headers = {Authorization: `Bearer ${sessionStorage.getItem(TOKEN_KEY) || ''}`};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) {
    if (response.status === 401) signOut('Your token was not accepted; sign in again.');
    throw new ApiError(response.status, data || {});
  }
  return data;
}

/**
 * Live updates: the API's Server-Sent Events, read through fetch so the token travels in a header
 * (EventSource cannot send one). Reconnects with a growing pause; the badge says whether it is live.
 */
function startEvents() {
  if (events) return;
  const controller = new AbortController();
  events = controller;
  const indicator = document.getElementById('live');
  indicator.hidden = false;
  let pause = 1000;
  const connect = async () => {
    while (!controller.signal.aborted) {
      try {
        const response = await fetch('/api/events', {signal: controller.signal,
          headers: {Authorization: `Bearer ${sessionStorage.getItem(TOKEN_KEY) || ''}`, Accept: 'text/event-stream'}});
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        indicator.textContent = 'live'; indicator.className = 'live on';
        pause = 1000;
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const {value, done} = await reader.read();
          if (done) break;
          buffer += value;
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            dispatch(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
          }
        }
      } catch (e) {
        if (controller.signal.aborted) return;
      }
      indicator.textContent = 'reconnecting'; indicator.className = 'live off';
      await new Promise(resolve => setTimeout(resolve, pause));
      pause = Math.min(pause * 2, 30000);
    }
  };
  connect();
}

function dispatch(block) {
  let type = 'message';
  const data = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) type = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
  }
  if (type === 'change' && data.length && view) view(JSON.parse(data.join('\n')));
}

// ------------------------------------------------------------------------------ signing in

function signOut(message) {
  sessionStorage.removeItem(TOKEN_KEY);
  me = null;
  if (events) { events.abort(); events = null; }
  for (const id of ['nav', 'whoami', 'sign-out', 'live']) document.getElementById(id).hidden = true;
  showLogin(message);
}

function showLogin(message) {
  view = null;
  const token = h('input', {type: 'password', id: 'token', name: 'token', autocomplete: 'off', required: true,
    placeholder: 'approver or admin token'});
  const error = h('div', {id: 'login-error'});
  const form = h('form', {class: 'card login', id: 'login', onsubmit: async event => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, token.value.trim());
    try {
      me = await api('GET', '/api/me');
      signedIn();
      route();
    } catch (e) {
      sessionStorage.removeItem(TOKEN_KEY);
      error.replaceChildren(banner('error', e.status === 401 ? 'That token is not an approver\'s or an admin\'s.' : e.message));
    }
  }},
    h('h1', {}, 'Sign in to review changes'),
    message ? banner('info', message) : null,
    error,
    h('label', {for: 'token'}, 'Token'),
    token,
    h('p', {class: 'muted'}, 'Your token stays in this browser tab and is sent only to this Airlock.'),
    h('button', {class: 'primary', type: 'submit', id: 'sign-in'}, 'Sign in'));
  main(form);
  token.focus();
}

function signedIn() {
  document.getElementById('nav').hidden = false;
  const who = document.getElementById('whoami');
  who.hidden = false;
  who.textContent = `${me.name} (${me.role}${me.groups.length ? ', ' + me.groups.join(', ') : ''})`;
  document.getElementById('sign-out').hidden = false;
  startEvents();
}

// --------------------------------------------------------------------------------- routing

function navigate(path) {
  history.pushState(null, '', path);
  route();
}

function route() {
  shown++;
  if (!me) { showLogin(); return; }
  const path = location.pathname;
  const section = path.startsWith('/tasks') ? 'tasks' : path.startsWith('/audit') ? 'audit' : 'changes';
  for (const a of document.querySelectorAll('#nav a')) a.classList.toggle('current', a.dataset.section === section);
  const change = path.match(/^\/changes\/([0-9a-f-]{36})$/i);
  if (change) showChange(change[1]);
  else if (section === 'tasks') showTasks();
  else if (section === 'audit') showAudit();
  else showQueue();
}

document.addEventListener('click', event => {
  const anchor = event.target.closest('a[data-nav]');
  if (anchor && !event.ctrlKey && !event.metaKey && !event.shiftKey && event.button === 0) {
    event.preventDefault();
    navigate(anchor.getAttribute('href'));
  }
});
window.addEventListener('popstate', route);

// ----------------------------------------------------------------------------- the queue

async function showQueue() {
  const params = new URLSearchParams(location.search);
  const state = select('state', ['', ...STATES], params.get('state') || '', 'any state');
  const risk = select('risk', ['', ...RISKS], params.get('risk') || '', 'any risk');
  const agent = h('input', {id: 'filter-agent', value: params.get('agent') || '', placeholder: 'agent'});
  const task = h('input', {id: 'filter-task', value: params.get('task') || '', placeholder: 'task id'});
  const results = h('div', {id: 'queue'});
  const apply = () => {
    const next = new URLSearchParams();
    for (const [name, input] of [['state', state], ['risk', risk], ['agent', agent], ['task', task]]) {
      if (input.value.trim()) next.set(name, input.value.trim());
    }
    history.replaceState(null, '', next.toString() ? `/?${next}` : '/');
    load();
  };
  for (const input of [state, risk]) input.addEventListener('change', apply);
  for (const input of [agent, task]) input.addEventListener('keydown', e => { if (e.key === 'Enter') apply(); });
  const ticket = shown;
  const load = async () => {
    const query = new URLSearchParams(location.search);
    try {
      const changes = await api('GET', `/api/changes?${query}`);
      if (!still(ticket)) return;
      results.replaceChildren(queueTable(changes));
    } catch (e) {
      results.replaceChildren(banner('error', e.message));
    }
  };
  main(h('h1', {}, 'Changes'),
    h('div', {class: 'filters'},
      field('State', state), field('Risk', risk), field('Agent', agent), field('Task', task),
      h('button', {type: 'button', onclick: apply}, 'Filter')),
    results);
  let pending = null;
  view = () => { clearTimeout(pending); pending = setTimeout(load, 250); };
  await load();
}

function field(label, input) {
  return h('div', {}, h('label', {for: input.id}, label), input);
}

function select(name, values, current, anyLabel) {
  return h('select', {id: `filter-${name}`, name},
    values.map(value => h('option', {value, selected: value === current}, value || anyLabel)));
}

function queueTable(changes) {
  if (!changes.length) return h('div', {class: 'empty card'}, 'No changes match.');
  const ordered = [...changes].sort((a, b) =>
    (OPEN_STATES.has(b.state) - OPEN_STATES.has(a.state)) || b.createdAt.localeCompare(a.createdAt));
  return h('table', {id: 'changes'},
    h('thead', {}, h('tr', {}, ['State', 'Risk', 'Statement', 'Agent', 'Task', 'Approvals', 'Filed'].map(t => h('th', {}, t)))),
    h('tbody', {}, ordered.map(change => h('tr', {class: 'row', 'data-change': change.id,
      onclick: () => navigate(`/changes/${change.id}`)},
      h('td', {}, badge('state', change.state)),
      h('td', {}, badge('risk', change.risk)),
      h('td', {class: 'mono clip', title: change.firstStatement}, link(`/changes/${change.id}`, change.firstStatement)),
      h('td', {}, change.agent),
      h('td', {class: 'mono'}, change.taskId),
      h('td', {}, `${change.approvalsRequired}${change.approverGroup ? ' of ' + change.approverGroup : ''}`),
      h('td', {}, when(change.createdAt))))));
}

// ---------------------------------------------------------------------------- one change

async function showChange(id) {
  const ticket = ++shown;
  let change;
  try {
    change = await api('GET', `/api/changes/${id}`);
  } catch (e) {
    if (still(ticket)) main(link('/', '← All changes'), banner('error', e.message));
    return;
  }
  if (!still(ticket)) return;
  const notices = h('div', {id: 'notices'});
  let decided = false;
  view = event => {
    if (event.id !== id) return;
    if (decided || !OPEN_STATES.has(change.state)) { showChange(id); return; }
    if (event.state !== change.state || OPEN_STATES.has(event.state)) {
      notices.replaceChildren(banner('info', `This change has moved on since you opened it (now ${event.state}). `,
        h('button', {type: 'button', onclick: () => showChange(id)}, 'Reload to review it again')));
    }
  };
  main(
    link('/', '← All changes'),
    h('h1', {}, 'Change ', h('span', {class: 'mono'}, change.id), ' ', badge('state', change.state), ' ', badge('risk', change.risk)),
    notices,
    decisionPanel(change, notices, () => { decided = true; }),
    section('Request', requestFacts(change)),
    section('Statements, exactly as sent', statements(change)),
    section('Hashes this approval names', hashes(change)),
    section('Schema diff', diff(change.diff)),
    section('Privilege changes', access(change.diff.accessInWords)),
    section('Measured impact', impact(change)),
    section('Lints', lints(change.lints)),
    section('Approvals', approvals(change)),
    section('History', timeline(change.history)),
    change.productionResults && change.productionResults.length ? section('Production results', results(change)) : null,
    change.verification ? section('Verification after apply', verification(change.verification)) : null);
}

function section(title, body) {
  return h('section', {}, h('h2', {}, title), h('div', {class: 'card'}, body));
}

function requestFacts(change) {
  const task = change.task;
  const rows = [
    ['Agent', change.agent],
    ['Task', h('span', {class: 'mono'}, change.taskId)],
    ['Declared intent', change.intent || (task && task.intent) || h('span', {class: 'muted'}, 'none declared')],
    ['Task started', task ? [when(task.startedAt), ` by ${task.startedBy}; ${task.state.toLowerCase()}`] : h('span', {class: 'muted'}, 'a standing task from configuration')],
    ['Session', change.sessionId],
    ['Held by policy rule', change.heldBy && change.heldBy.length ? [...new Set(change.heldBy)].join(', ') : h('span', {class: 'muted'}, 'not recorded')],
    ['Approval rule', change.approvalRule || 'the risk quorum'],
    ['Approvals needed', `${change.approvalsRequired}${change.approverGroup ? ' from group ' + change.approverGroup : ''}`],
    ['Filed', when(change.createdAt)],
    ['Expires', when(change.expiresAt)],
    ['Last move', change.reason],
  ];
  return h('dl', {class: 'meta', id: 'request'}, rows.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
}

function statements(change) {
  return change.statements.map(statement => {
    const findings = unusualCharacters(statement.sql);
    return h('div', {class: 'statement'},
      h('div', {class: 'muted'}, `Statement ${statement.index} — ${[...statement.sql].length} characters`),
      findings.length ? h('div', {class: 'warnings'}, 'Contains characters that are not plain ASCII: ',
        findings.map(f => `${f.code} ${f.name}`).join(', ')) : null,
      h('pre', {class: 'sql', 'data-sql': statement.index}, highlight(statement.sql)),
      statement.parameters.length ? h('div', {}, h('div', {class: 'muted'}, 'Bind parameters'),
        h('ol', {}, statement.parameters.map(p => h('li', {class: 'mono'},
          p.null ? 'NULL' : p.text !== undefined ? JSON.stringify(p.text) : `binary ${p.base64} (base64)`,
          h('span', {class: 'muted'}, ` type oid ${p.typeOid}`))))) : null);
  });
}

const INVISIBLE = {'\u00a0': 'NO-BREAK SPACE', '\u200b': 'ZERO WIDTH SPACE', '\u200c': 'ZERO WIDTH NON-JOINER',
  '\u200d': 'ZERO WIDTH JOINER', '\u200e': 'LEFT-TO-RIGHT MARK', '\u200f': 'RIGHT-TO-LEFT MARK',
  '\u202a': 'LEFT-TO-RIGHT EMBEDDING', '\u202b': 'RIGHT-TO-LEFT EMBEDDING', '\u202c': 'POP DIRECTIONAL FORMATTING',
  '\u202d': 'LEFT-TO-RIGHT OVERRIDE', '\u202e': 'RIGHT-TO-LEFT OVERRIDE', '\u2066': 'LEFT-TO-RIGHT ISOLATE',
  '\u2067': 'RIGHT-TO-LEFT ISOLATE', '\u2068': 'FIRST STRONG ISOLATE', '\u2069': 'POP DIRECTIONAL ISOLATE',
  '\ufeff': 'ZERO WIDTH NO-BREAK SPACE'};

function codePoint(ch) {
  return 'U+' + ch.codePointAt(0).toString(16).toUpperCase().padStart(4, '0');
}

function unusualCharacters(text) {
  const seen = new Map();
  for (const ch of text) {
    const code = ch.codePointAt(0);
    if ((code > 126 || (code < 32 && ch !== '\n' && ch !== '\t')) && !seen.has(ch)) {
      seen.set(ch, {code: codePoint(ch), name: INVISIBLE[ch] || (code < 32 ? 'control character' : JSON.stringify(ch))});
    }
  }
  return [...seen.values()];
}

const KEYWORDS = new Set(('select from where and or not insert into values update set delete create alter drop table ' +
  'index view function procedure trigger grant revoke on to with as join left right inner outer full cross using ' +
  'group by order having limit offset union all distinct case when then else end is null in exists between like ' +
  'primary key foreign references constraint default add column rename schema role user public begin commit ' +
  'rollback returning cascade restrict if concurrently unique check truncate copy execute language returns replace ' +
  'materialized sequence type domain extension owner privileges usage all temporary temp do').split(' '));

/**
 * The SQL as nodes: keywords, strings, numbers, comments and quoted names coloured; tabs, carriage
 * returns and trailing spaces drawn; every character outside printable ASCII boxed with its code
 * point (invisible ones also drawn as their code point), so what is approved is what is seen.
 */
function highlight(sql) {
  const trailing = new Set();
  for (const match of sql.matchAll(/ +(?=\r?\n|$)/g)) {
    for (let i = match.index; i < match.index + match[0].length; i++) trailing.add(i);
  }
  const nodes = [];
  const pattern = /(--[^\n]*|\/\*[\s\S]*?(?:\*\/|$))|((?:[eEbBxXnN]|[uU]&)?'(?:[^']|'')*'?)|(\$[A-Za-z_0-9]*\$[\s\S]*?(?:\$[A-Za-z_0-9]*\$|$))|("(?:[^"]|"")*"?)|(\b\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\b)|([A-Za-z_][A-Za-z_0-9$]*)/g;
  let last = 0;
  for (const match of sql.matchAll(pattern)) {
    if (match.index > last) nodes.push(...visible(sql.slice(last, match.index), null, last, trailing));
    const [text, comment, string, dollar, quoted, number, word] = match;
    const kind = comment ? 'com' : string || dollar ? 'str' : quoted ? 'qid' : number ? 'num'
      : word && KEYWORDS.has(word.toLowerCase()) ? 'kw' : null;
    nodes.push(...visible(text, kind, match.index, trailing));
    last = match.index + text.length;
  }
  if (last < sql.length) nodes.push(...visible(sql.slice(last), null, last, trailing));
  return nodes;
}

/** {@code text}, which starts at {@code start} of the statement, with what the eye cannot see drawn. */
function visible(text, kind, start, trailing) {
  const nodes = [];
  let plain = '';
  const flush = () => { if (plain) { nodes.push(kind ? h('span', {class: kind}, plain) : document.createTextNode(plain)); plain = ''; } };
  let offset = start;
  for (const ch of text) {
    const code = ch.codePointAt(0);
    if (ch === '\t') { flush(); nodes.push(h('span', {class: 'ws', title: 'tab'}, '→\t')); }
    else if (ch === '\r') { flush(); nodes.push(h('span', {class: 'ws', title: 'carriage return'}, '␍')); }
    else if (ch === ' ' && trailing.has(offset)) { flush(); nodes.push(h('span', {class: 'ws', title: 'trailing space'}, '·')); }
    else if (code > 126 || (code < 32 && ch !== '\n')) {
      flush();
      const label = INVISIBLE[ch] || code < 32 ? `⟦${codePoint(ch)}⟧` : ch;
      nodes.push(h('span', {class: 'nonascii', title: `${codePoint(ch)} ${INVISIBLE[ch] || ''}`.trim()}, label));
    } else plain += ch;
    offset += ch.length;
  }
  flush();
  return nodes;
}

function hashes(change) {
  return h('dl', {class: 'meta'},
    h('dt', {}, 'Statements SHA-256'), h('dd', {class: 'hash', id: 'statements-sha256'}, change.statementsSha256),
    h('dt', {}, 'Effect SHA-256'), h('dd', {class: 'hash', id: 'effect-sha256'}, change.effectSha256),
    h('dt', {}, 'Production fingerprint'), h('dd', {class: 'hash', id: 'base-fingerprint'}, change.baseFingerprint));
}

function diff(changeDiff) {
  const text = changeDiff.unified || '';
  if (!text.trim()) return h('div', {class: 'muted'}, 'No schema change.');
  return h('pre', {class: 'diff', id: 'diff'}, text.split('\n').filter((line, i, all) => line || i < all.length - 1).map(line =>
    h('span', {class: line.startsWith('@@') ? 'hunk' : line.startsWith('+') ? 'add' : line.startsWith('-') ? 'del' : null},
      line + '\n')));
}

function access(sentences) {
  if (!sentences || !sentences.length) return h('div', {class: 'muted'}, 'Nobody gains or loses any privilege.');
  return h('ul', {class: 'plain access', id: 'access'}, sentences.map(sentence =>
    h('li', {class: sentence.includes(' gains ') ? 'gain' : 'loss'}, sentence)));
}

function impact(change) {
  const measured = change.impact || {};
  const locks = measured.locks || [];
  const parts = [];
  parts.push(locks.length ? h('table', {id: 'locks'},
    h('thead', {}, h('tr', {}, ['Statement', 'Relation', 'Lock mode', 'New relation'].map(t => h('th', {}, t)))),
    h('tbody', {}, locks.map(lock => h('tr', {}, h('td', {}, lock.statement), h('td', {class: 'mono'}, lock.relation),
      h('td', {}, lock.mode), h('td', {}, lock.newRelation ? 'yes' : 'no')))))
    : h('div', {class: 'muted'}, 'No locks on existing relations.'));
  const rewritten = measured.rewrittenRelations || [];
  parts.push(h('p', {}, h('strong', {}, 'Tables rewritten: '), rewritten.length ? rewritten.join(', ') : 'none'));
  const indexes = measured.indexesBuilt || [];
  parts.push(h('p', {}, h('strong', {}, 'Indexes built: '), indexes.length ? indexes.join(', ') : 'none'));
  const rows = change.affectedRows || [];
  if (rows.length) {
    parts.push(h('p', {}, h('strong', {}, 'Rows affected on production: ')),
      h('ul', {class: 'plain'}, rows.map(row => h('li', {class: 'mono'}, JSON.stringify(row)))));
  }
  return parts;
}

function lints(list) {
  if (!list || !list.length) return h('div', {class: 'muted'}, 'No lints.');
  return h('table', {id: 'lints'},
    h('thead', {}, h('tr', {}, ['Risk', 'Code', 'Object', 'Finding'].map(t => h('th', {}, t)))),
    h('tbody', {}, list.map(lint => h('tr', {}, h('td', {}, badge('risk', lint.risk)), h('td', {class: 'mono'}, lint.code),
      h('td', {class: 'mono'}, lint.object || ''), h('td', {}, lint.message)))));
}

function approvals(change) {
  if (!change.approvals.length) return h('div', {class: 'muted', id: 'approvals'}, `None yet; ${change.approvalsRequired} needed.`);
  return h('ul', {class: 'plain', id: 'approvals'}, change.approvals.map(a => h('li', {},
    h('strong', {}, a.approver), ` ${a.decision.toLowerCase()}d `, when(a.at), a.comment ? ` — “${a.comment}”` : '')));
}

function timeline(entries) {
  return h('ol', {class: 'timeline', id: 'history'}, entries.map(entry => h('li', {},
    when(entry.at), ' ', entry.from ? `${entry.from} → ` : '', h('strong', {}, entry.to), ` by ${entry.actor}`,
    entry.reason ? h('span', {class: 'muted'}, ` — ${entry.reason}`) : '')));
}

function results(change) {
  return h('ul', {class: 'plain mono', id: 'production-results'}, change.productionResults.map(r => h('li', {}, JSON.stringify(r))));
}

function verification(check) {
  return banner(check.matched ? 'ok' : 'error', check.matched ? 'Production\'s diff matched the prediction. ' : 'Production\'s diff differs from the prediction: ',
    h('span', {class: 'mono'}, typeof check.detail === 'string' ? check.detail : JSON.stringify(check.detail)));
}

/**
 * Approve or reject. The hashes sent are those of the change as drawn on this page; if the change
 * moved on, the API answers 409 and the page says so instead of approving what was not seen.
 */
function decisionPanel(change, notices, onDecided) {
  if (change.state === 'NEEDS_REAPPROVAL' && me.role === 'approver') return reopenPanel(change, notices);
  if (change.state !== 'PENDING') return null;
  if (me.role !== 'approver') {
    return h('div', {class: 'card decision muted', id: 'decision'}, 'Sign in with an approver\'s token to decide this change.');
  }
  if (change.agent === me.name) {
    return h('div', {class: 'card decision', id: 'decision'}, 'You asked for this change, so you cannot decide it; another reviewer must.');
  }
  if (change.approverGroup && !me.groups.includes(change.approverGroup)) {
    return h('div', {class: 'card decision', id: 'decision'},
      `This change needs approvers from group ${change.approverGroup}; you are not in it.`);
  }
  const reviewed = {statementsSha256: change.statementsSha256, effectSha256: change.effectSha256, baseFingerprint: change.baseFingerprint};
  const comment = h('textarea', {id: 'comment', placeholder: 'Comment (why you approve or reject)'});
  const approve = h('button', {class: 'approve', type: 'button', id: 'approve'}, 'Approve exactly this');
  const reject = h('button', {class: 'reject', type: 'button', id: 'reject'}, 'Reject');
  const decide = async (verb, body) => {
    approve.disabled = reject.disabled = true;
    try {
      const after = await api('POST', `/api/changes/${change.id}/${verb}`, body);
      onDecided();
      notices.replaceChildren(banner('ok', verb === 'approve'
        ? `Approved. The change is now ${after.state}.` : `Rejected. The change is now ${after.state}.`));
      setTimeout(() => showChange(change.id), 600);
    } catch (e) {
      const problem = e.problem || {};
      if (e.status === 409 && problem.type === 'urn:airlock:problem:hash-mismatch') {
        notices.replaceChildren(banner('conflict', h('strong', {}, 'Conflict: this change moved on since it was drawn. '),
          'Nothing was approved. ', e.message, ' ',
          h('button', {type: 'button', onclick: () => showChange(change.id)}, 'Reload and review it again')));
      } else {
        notices.replaceChildren(banner('error', e.message));
        approve.disabled = reject.disabled = false;
      }
    }
  };
  approve.addEventListener('click', () => decide('approve', {...reviewed, comment: comment.value}));
  reject.addEventListener('click', () => decide('reject', {comment: comment.value}));
  return h('div', {class: 'card decision', id: 'decision'},
    h('strong', {}, `Your decision (${change.approvals.length} of ${change.approvalsRequired} approvals so far)`),
    comment, h('div', {class: 'buttons'}, approve, reject));
}

/** Production drifted and the recomputed effect differs: an approver puts it up for review again. */
function reopenPanel(change, notices) {
  const reopen = h('button', {class: 'primary', type: 'button', id: 'reopen', onclick: async () => {
    reopen.disabled = true;
    try {
      await api('POST', `/api/changes/${change.id}/reopen`, {});
      showChange(change.id);
    } catch (e) {
      notices.replaceChildren(banner('error', e.message));
      reopen.disabled = false;
    }
  }}, 'Reopen for review');
  return h('div', {class: 'card decision', id: 'decision'},
    'Production changed since this change was approved, and its effect, computed again, differs from what was approved. ',
    'Reopen it to review the new effect; earlier approvals do not count for it.', h('div', {class: 'buttons'}, reopen));
}

// ------------------------------------------------------------------------------------ tasks

async function showTasks() {
  const params = new URLSearchParams(location.search);
  const all = params.get('all') === 'true';
  const body = h('div', {id: 'tasks'});
  const agentsBody = h('div', {id: 'agents'});
  const ticket = shown;
  const load = async () => {
    try {
      const [tasks, agents] = await Promise.all([api('GET', `/api/tasks${all ? '' : '?open=true'}`), api('GET', '/api/agents')]);
      if (!still(ticket)) return;
      body.replaceChildren(taskTable(tasks, load));
      agentsBody.replaceChildren(agentTable(agents, load));
    } catch (e) {
      body.replaceChildren(banner('error', e.message));
    }
  };
  main(h('h1', {}, all ? 'Tasks' : 'Active tasks'),
    h('p', {}, link(all ? '/tasks' : '/tasks?all=true', all ? 'Show active tasks only' : 'Show ended tasks too')),
    body, h('h2', {}, 'Agents'), agentsBody);
  view = null;
  await load();
}

function taskTable(tasks, reload) {
  if (!tasks.length) return h('div', {class: 'empty card'}, 'No tasks.');
  return h('table', {},
    h('thead', {}, h('tr', {}, ['Task', 'Agent', 'Intent and scope', 'Sessions', 'Started', 'Expires', 'State', ''].map(t => h('th', {}, t)))),
    h('tbody', {}, tasks.map(task => h('tr', {'data-task': task.id},
      h('td', {class: 'mono'}, task.id),
      h('td', {}, task.agent),
      h('td', {}, task.intent, h('div', {class: 'muted mono'}, scopeText(task.scope))),
      h('td', {}, task.sessions && task.sessions.length ? h('ul', {class: 'plain'}, task.sessions.map(s =>
        h('li', {}, `#${s.sessionId} ${s.client} ${s.applicationName} (${s.state})`))) : h('span', {class: 'muted'}, 'none')),
      h('td', {}, when(task.startedAt), h('div', {class: 'muted'}, task.startedBy)),
      h('td', {}, when(task.expiresAt)),
      h('td', {}, task.state, task.endReason ? h('div', {class: 'muted'}, task.endReason) : null),
      h('td', {}, task.state === 'RUNNING' && me.role === 'admin' ? endButton(task, reload) : null)))));
}

function scopeText(scope) {
  const parts = [];
  if (scope.readSchemas.length) parts.push(`read schemas ${scope.readSchemas.join(', ')}`);
  if (scope.readTables.length) parts.push(`read ${scope.readTables.join(', ')}`);
  if (scope.changeTables.length) parts.push(`change ${scope.changeTables.join(', ')}`);
  if (scope.statementKinds.length) parts.push(`kinds ${scope.statementKinds.join(', ')}`);
  return parts.join('; ');
}

function endButton(task, reload) {
  const reason = h('input', {placeholder: 'reason', 'aria-label': `reason for ending ${task.id}`});
  const button = h('button', {class: 'reject', type: 'button', 'data-end': task.id, onclick: async () => {
    button.disabled = true;
    try {
      await api('POST', `/api/tasks/${task.id}/end`, reason.value.trim() ? {reason: reason.value.trim()} : {});
    } catch (e) {
      alert(e.message);
    }
    reload();
  }}, 'End task');
  return h('div', {class: 'row-actions'}, reason, button);
}

function agentTable(agents, reload) {
  return h('table', {},
    h('thead', {}, h('tr', {}, ['Agent', 'Owner', 'State', ''].map(t => h('th', {}, t)))),
    h('tbody', {}, agents.map(agent => h('tr', {},
      h('td', {}, agent.name), h('td', {}, agent.owner),
      h('td', {}, agent.disabled ? 'disabled' : 'enabled'),
      h('td', {}, me.role === 'admin' ? h('button', {type: 'button', onclick: async () => {
        try {
          await api('POST', `/api/agents/${encodeURIComponent(agent.name)}/${agent.disabled ? 'enable' : 'disable'}`, {});
        } catch (e) {
          alert(e.message);
        }
        reload();
      }}, agent.disabled ? 'Enable' : 'Disable') : null)))));
}

// ------------------------------------------------------------------------------------ audit

async function showAudit() {
  view = null;
  const params = new URLSearchParams(location.search);
  const kind = select('kind', ['', ...AUDIT_KINDS], params.get('kind') || '', 'any kind');
  const actor = h('input', {id: 'filter-actor', value: params.get('actor') || '', placeholder: 'actor'});
  const text = h('input', {id: 'filter-text', value: params.get('text') || '', placeholder: 'text in subject or payload'});
  const ticket = shown;
  const records = h('div', {id: 'records'});
  const verdict = h('div', {id: 'verdict'});
  const search = async () => {
    const query = new URLSearchParams();
    for (const [name, input] of [['kind', kind], ['actor', actor], ['text', text]]) {
      if (input.value.trim()) query.set(name, input.value.trim());
    }
    history.replaceState(null, '', query.toString() ? `/audit?${query}` : '/audit');
    try {
      const found = await api('GET', `/api/audit?${query}`);
      if (!still(ticket)) return;
      records.replaceChildren(auditTable(found));
    } catch (e) {
      records.replaceChildren(banner('error', e.message));
    }
  };
  const verify = h('button', {type: 'button', id: 'verify', onclick: async () => {
    verify.disabled = true;
    verdict.replaceChildren(banner('info', 'Verifying the whole chain…'));
    try {
      const result = await api('POST', '/api/audit/verify', {});
      verdict.replaceChildren(result.intact
        ? banner('ok', `The chain is intact: ${result.records} records, each where and as it was written.`)
        : banner('error', `The chain is broken at record ${result.sequence} (${result.damage.toLowerCase()}): ${result.reason}`));
    } catch (e) {
      verdict.replaceChildren(banner('error', e.message));
    }
    verify.disabled = false;
  }}, 'Verify the chain');
  for (const input of [actor, text]) input.addEventListener('keydown', e => { if (e.key === 'Enter') search(); });
  kind.addEventListener('change', search);
  main(h('h1', {}, 'Audit log'), verdict,
    h('div', {class: 'filters'}, field('Kind', kind), field('Actor', actor), field('Text', text),
      h('button', {type: 'button', onclick: search}, 'Search'), verify),
    records);
  await search();
}

function auditTable(list) {
  if (!list.length) return h('div', {class: 'empty card'}, 'No records match.');
  return h('table', {},
    h('thead', {}, h('tr', {}, ['#', 'Time', 'Kind', 'Actor', 'Subject', 'Payload'].map(t => h('th', {}, t)))),
    h('tbody', {}, list.map(record => h('tr', {},
      h('td', {}, record.sequence), h('td', {}, when(record.at)), h('td', {}, record.kind), h('td', {}, record.actor),
      h('td', {class: 'mono'}, record.subject || ''),
      h('td', {class: 'mono clip', title: record.payload}, record.payload)))));
}

// ------------------------------------------------------------------------------------ start

document.getElementById('sign-out').addEventListener('click', () => signOut('Signed out.'));
(async () => {
  if (sessionStorage.getItem(TOKEN_KEY)) {
    try {
      me = await api('GET', '/api/me');
      signedIn();
    } catch (e) {
      me = null;
    }
  }
  route();
})();
