// The nl2sql web page: talks MCP (Streamable HTTP, JSON-RPC) to /mcp with the bearer token the user pasted, through
// the same tools any MCP client calls: list_databases, ask and run_sql. Everything shown is set as text, never as
// HTML, so nothing a database returns can run as script here.
'use strict';

const TOKEN_KEY = 'nl2sql.token';
const state = { initialized: false, session: null, id: 0, conversation: null, history: [] };
const $ = (id) => document.getElementById(id);

class Refusal extends Error {}

function token() {
  return sessionStorage.getItem(TOKEN_KEY) || '';
}

async function post(body, withSession) {
  const bearer = token();
  if (!bearer) {
    throw new Refusal('No bearer token: paste the server\'s token above. The page asks nothing without one.');
  }
  const headers = {
    'Content-Type': 'application/json',
    'Accept': 'application/json, text/event-stream',
    'Authorization': 'Bearer ' + bearer,
  };
  if (withSession && state.session) {
    headers['Mcp-Session-Id'] = state.session;
  }
  const response = await fetch('/mcp', { method: 'POST', headers, body: JSON.stringify(body) });
  if (response.status === 401) {
    state.initialized = false;
    state.session = null;
    throw new Refusal('The server refused the token (401): check it and paste it again.');
  }
  if (!response.ok && response.status !== 202 && !(withSession && response.status === 404)) {
    throw new Error('HTTP ' + response.status + ': ' + (await response.text()));
  }
  return response;
}

/** The JSON-RPC message answering request {@code id}: the body is one JSON message or a stream of server-sent events. */
async function read(response, id) {
  const text = await response.text();
  if (!(response.headers.get('Content-Type') || '').includes('text/event-stream')) {
    return JSON.parse(text);
  }
  for (const event of text.split(/\r?\n\r?\n/)) {
    const data = event.split(/\r?\n/).filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trim()).join('\n');
    if (data) {
      const message = JSON.parse(data);
      if (message.id === id) {
        return message;
      }
    }
  }
  throw new Error('the server sent no answer to request ' + id);
}

async function initialize() {
  const id = ++state.id;
  const response = await post({ jsonrpc: '2.0', id, method: 'initialize', params: {
    protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'nl2sql-ui', version: '1' } } }, false);
  state.session = response.headers.get('Mcp-Session-Id'); // none from a stateless server, which needs no session
  await read(response, id);
  await post({ jsonrpc: '2.0', method: 'notifications/initialized' }, true);
  state.initialized = true;
}

async function callTool(name, args, retried) {
  if (!state.initialized) {
    await initialize();
  }
  const id = ++state.id;
  const response = await post({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } }, true);
  if (response.status === 404) { // the session ended (idle, or the server restarted): open another, once
    state.initialized = false;
    state.session = null;
    if (retried) {
      throw new Error('the server does not know this session');
    }
    return callTool(name, args, true);
  }
  const message = await read(response, id);
  if (message.error) {
    throw new Error(message.error.message);
  }
  return message.result;
}

function showError(text) {
  const error = $('error');
  error.textContent = text;
  error.hidden = false;
}

function clearAnswer() {
  $('error').hidden = true;
  $('error').textContent = '';
  $('chart-figure').hidden = true;
  $('chart').removeAttribute('src');
  $('chart-explanation').textContent = '';
  $('result').replaceChildren();
  $('result-summary').textContent = '';
}

function showTable(content) {
  const table = $('result');
  const head = document.createElement('tr');
  for (const column of content.columns) {
    const th = document.createElement('th');
    th.textContent = column;
    head.append(th);
  }
  const thead = document.createElement('thead');
  thead.append(head);
  const tbody = document.createElement('tbody');
  for (const row of content.rows) {
    const tr = document.createElement('tr');
    row.forEach((cell) => {
      const td = document.createElement('td');
      td.textContent = cell === null ? 'NULL' : (typeof cell === 'object' ? JSON.stringify(cell) : String(cell));
      if (typeof cell === 'number') {
        td.className = 'number';
      }
      tr.append(td);
    });
    tbody.append(tr);
  }
  table.replaceChildren(thead, tbody);
  $('result-summary').textContent = content.row_count + (content.row_count === 1 ? ' row' : ' rows')
    + (content.truncated ? ' (truncated: more exist)' : '') + ', ' + content.elapsed_ms + ' ms';
}

function showChart(result) {
  const chart = result.structuredContent.chart;
  if (!chart) {
    return;
  }
  $('chart-explanation').textContent = chart.explanation;
  const image = (result.content || []).find((c) => c.type === 'image');
  $('chart-figure').hidden = false;
  if (image) {
    $('chart').src = 'data:' + image.mimeType + ';base64,' + image.data;
    $('chart').hidden = false;
  } else {
    $('chart').hidden = true;
  }
}

/** Shows a tool's result; {@return whether it succeeded} */
function show(result) {
  clearAnswer();
  const content = result.structuredContent || {};
  if (result.isError) {
    const suggestions = (content.suggestions || []).length ? '\n' + content.suggestions.join('\n') : '';
    showError((content.code ? content.code + ': ' : '') + (content.message || '') + suggestions);
    return false;
  }
  if (content.sql) {
    $('sql').value = content.sql;
  }
  if (content.explanation) {
    $('explanation').textContent = content.explanation;
  }
  if (content.columns) {
    showTable(content);
    showChart(result);
  }
  return true;
}

function remember(kind, text) {
  state.history.unshift({ kind, text });
  const item = document.createElement('li');
  item.textContent = (kind === 'sql' ? 'SQL: ' : '') + text;
  item.title = 'use again';
  item.addEventListener('click', () => {
    $(kind === 'sql' ? 'sql' : 'question').value = text;
  });
  $('history').prepend(item);
}

async function run(work) {
  $('ask').disabled = true;
  $('run-sql').disabled = true;
  try {
    await work();
  } catch (e) {
    clearAnswer();
    showError(e.message);
  } finally {
    $('ask').disabled = false;
    $('run-sql').disabled = false;
  }
}

async function loadDatabases() {
  const result = await callTool('list_databases', {});
  const select = $('database');
  select.replaceChildren(...(result.structuredContent.databases || []).map((database) => {
    const option = document.createElement('option');
    option.value = database.name;
    option.textContent = database.name;
    return option;
  }));
  $('token-status').textContent = 'connected';
}

function showConversation() {
  $('conversation').textContent = state.conversation ? 'follow-ups continue this conversation' : '';
}

async function ask() {
  const question = $('question').value.trim();
  if (!question) {
    return;
  }
  const args = { database: $('database').value, question, chart: 'auto' };
  if (state.conversation) {
    args.conversation_id = state.conversation;
  }
  const result = await callTool('ask', args);
  if (show(result)) {
    state.conversation = result.structuredContent.conversation_id || state.conversation;
    showConversation();
  }
  remember('question', question);
}

async function runSql() {
  const sql = $('sql').value.trim();
  if (!sql) {
    return;
  }
  $('explanation').textContent = '';
  show(await callTool('run_sql', { database: $('database').value, sql, chart: 'auto' }));
  remember('sql', sql);
}

document.addEventListener('DOMContentLoaded', () => {
  $('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
    $('token').value = '';
    state.initialized = false;
    state.session = null;
    $('token-status').textContent = token() ? 'token kept for this tab' : 'no token';
    run(loadDatabases);
  });
  $('ask-form').addEventListener('submit', (event) => {
    event.preventDefault();
    run(ask);
  });
  $('sql-form').addEventListener('submit', (event) => {
    event.preventDefault();
    run(runSql);
  });
  $('new-conversation').addEventListener('click', () => {
    state.conversation = null;
    showConversation();
  });
  if (token()) {
    $('token-status').textContent = 'token kept for this tab';
    run(loadDatabases);
  } else {
    $('token-status').textContent = 'no token: paste one';
  }
});
