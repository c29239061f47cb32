// Drives the nl2sql MCP server with the official TypeScript SDK client and checks every feature it offers.
//   node client-test.mjs http://127.0.0.1:PORT/mcp      (set MCP_BEARER=token if the server wants one)
//   node client-test.mjs -- java -cp ... dev.nl2sql.bootstrap.Main --config x.yaml serve --stdio
// Expects one configured database, "shop", loaded with the ecommerce_small fixture.
// Exits non-zero on any failure; the last line is a JSON summary with the measured figures.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CreateMessageRequestSchema, LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';

const args = process.argv.slice(2);
if (args.length === 0) {
  console.error('usage: node client-test.mjs <http url> | -- <command> [args...]');
  process.exit(2);
}
const stdio = args[0] === '--';
const newTransport = () => stdio
  ? new StdioClientTransport({ command: args[1], args: args.slice(2), stderr: 'inherit' })
  : new StreamableHTTPClientTransport(new URL(args[0]), process.env.MCP_BEARER
    ? { requestInit: { headers: { Authorization: `Bearer ${process.env.MCP_BEARER}` } } } : undefined);
const transport = newTransport();

const client = new Client({ name: 'nl2sql-client-test', version: '1.0.0' });
const logs = [];
client.setNotificationHandler(LoggingMessageNotificationSchema, n => logs.push(n.params));

let passed = 0;
const failures = [];
async function check(name, fn) {
  try {
    await fn();
    passed++;
  } catch (e) {
    failures.push(`${name}: ${e && e.message ? e.message : e}`);
  }
}
function assert(condition, message) {
  if (!condition) throw new Error(message);
}
const text = result => result.content.filter(c => c.type === 'text').map(c => c.text).join('\n');
const call = (name, args, options) => client.callTool({ name, arguments: args }, undefined, options);
const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const started = performance.now();
await client.connect(transport);
const figures = { transport: stdio ? 'stdio' : 'http', connect_ms: Math.round(performance.now() - started) };

await check('initialize: serverInfo and capabilities', async () => {
  const info = client.getServerVersion();
  assert(info.name === 'nl2sql', `serverInfo.name was ${info.name}`);
  const caps = client.getServerCapabilities();
  for (const cap of ['tools', 'resources', 'prompts', 'logging', 'completions']) assert(caps[cap], `capability ${cap} missing`);
});

await check('tools/list: every tool, read-only and closed', async () => {
  const t0 = performance.now();
  const { tools } = await client.listTools();
  figures.tools_list_ms = Math.round((performance.now() - t0) * 10) / 10;
  const names = tools.map(t => t.name).sort();
  assert(JSON.stringify(names) === JSON.stringify(['ask', 'describe_table', 'explain_sql', 'generate_sql', 'list_databases',
    'list_templates', 'query_history', 'run_sql', 'run_template', 'search_schema']),
    `tools were ${names}`);
  for (const tool of tools) {
    assert(tool.title && tool.description, `${tool.name} lacks title or description`);
    assert(tool.inputSchema.additionalProperties === false, `${tool.name} input schema is open`);
    assert(tool.outputSchema, `${tool.name} has no output schema`);
    const a = tool.annotations || {};
    assert(a.readOnlyHint === true && a.openWorldHint === false,
      `${tool.name} annotations ${JSON.stringify(a)}`);
  }
});

await check('logging/setLevel debug', async () => { await client.setLoggingLevel('debug'); });

await check('list_databases', async () => {
  const r = await call('list_databases', {});
  assert(!r.isError, text(r));
  assert(r.structuredContent.databases.map(d => d.name).join() === 'shop', JSON.stringify(r.structuredContent));
});

await check('search_schema names', async () => {
  const r = await call('search_schema', { pattern: 'order' });
  assert(!r.isError, text(r));
  assert(r.structuredContent.tables.includes('public.orders'), JSON.stringify(r.structuredContent));
  assert(!text(r).includes('CREATE'), 'names detail should be names only');
});

await check('search_schema full with limit', async () => {
  const r = await call('search_schema', { database: 'shop', pattern: '', detail: 'full', limit: 2 });
  assert(!r.isError, text(r));
  assert(r.structuredContent.tables.length === 2 && r.structuredContent.more === true, JSON.stringify(r.structuredContent.tables));
  assert(text(r).includes('CREATE TABLE'), text(r));
});

await check('describe_table', async () => {
  const r = await call('describe_table', { table: 'orders' });
  assert(!r.isError, text(r));
  assert(text(r).includes('CREATE TABLE orders'), text(r));
  assert(r.structuredContent.primary_key.join() === 'order_id', JSON.stringify(r.structuredContent.primary_key));
  assert(r.structuredContent.columns.some(c => c.name === 'customer_id' && c.nullable === false), 'customer_id column');
});

await check('describe_table unknown: TABLE_UNKNOWN with suggestions', async () => {
  const r = await call('describe_table', { table: 'order' });
  assert(r.isError === true, 'expected isError');
  assert(r.structuredContent.code === 'TABLE_UNKNOWN', JSON.stringify(r.structuredContent));
  assert(r.structuredContent.suggestions.includes('orders'), JSON.stringify(r.structuredContent.suggestions));
  assert(text(r).startsWith('TABLE_UNKNOWN: '), text(r));
});

await check('run_sql rows with progress', async () => {
  const progress = [];
  const r = await call('run_sql', { sql: 'SELECT order_id, status FROM orders ORDER BY order_id', max_rows: 3 },
    { onprogress: p => progress.push(p) });
  assert(!r.isError, text(r));
  const s = r.structuredContent;
  assert(s.columns.join() === 'order_id,status' && s.rows.length === 3 && s.row_count === 3 && s.truncated === true,
    JSON.stringify(s));
  assert(Array.isArray(s.rows[0]) && typeof s.elapsed_ms === 'number', 'rows as arrays');
  assert(text(r).split('\n')[0] === 'order_id\tstatus', text(r));
  assert(progress.length >= 1, `progress notifications: ${progress.length}`);
});

await check('run_sql refuses a write', async () => {
  for (const sql of ['DELETE FROM orders', 'COMMIT; DROP TABLE orders', 'WITH gone AS (DELETE FROM orders RETURNING *) SELECT * FROM gone']) {
    const r = await call('run_sql', { sql });
    assert(r.isError === true, `not refused: ${sql}`);
    assert(['SQL_REJECTED', 'SQL_INVALID'].includes(r.structuredContent.code), JSON.stringify(r.structuredContent));
  }
  const still = await call('run_sql', { sql: 'SELECT count(*) AS n FROM orders' });
  assert(!still.isError && still.structuredContent.rows[0][0] > 0, 'orders must still be there');
});

await check('run_sql unknown database: DB_UNKNOWN naming shop', async () => {
  const r = await call('run_sql', { database: 'nope', sql: 'SELECT 1' });
  assert(r.isError === true && r.structuredContent.code === 'DB_UNKNOWN' && text(r).includes('shop'), text(r));
});

await check('explain_sql', async () => {
  const r = await call('explain_sql', { sql: 'SELECT * FROM orders WHERE order_id = 1' });
  assert(!r.isError, text(r));
  assert(typeof r.structuredContent.estimated_cost === 'number' && r.structuredContent.plan.includes('Scan'), text(r));
  const refused = await call('explain_sql', { sql: 'DELETE FROM orders' });
  assert(refused.isError === true, 'explain of a write must be refused');
});

await check('unknown tool and wrong argument types keep the server serving', async () => {
  let threw = false;
  try {
    const r = await call('no_such_tool', {});
    threw = r.isError === true;
  } catch (e) {
    threw = true;
  }
  assert(threw, 'unknown tool accepted');
  const wrong = await call('run_sql', { sql: 42 });
  assert(wrong.isError === true, 'sql: 42 accepted');
  const r = await call('list_databases', {});
  assert(!r.isError, 'server stopped serving');
});

await check('resources', async () => {
  const { resources } = await client.listResources();
  assert(resources.some(r => r.uri === 'nl2sql://databases'), JSON.stringify(resources));
  const { resourceTemplates } = await client.listResourceTemplates();
  const uris = resourceTemplates.map(t => t.uriTemplate).sort();
  assert(uris.join() === 'nl2sql://conversations/{conversation_id},nl2sql://databases/{name}/schema,nl2sql://databases/{name}/tables/{table}', uris.join());
  const list = await client.readResource({ uri: 'nl2sql://databases' });
  assert(list.contents[0].text.startsWith('shop\t'), list.contents[0].text);
  const schema = await client.readResource({ uri: 'nl2sql://databases/shop/schema' });
  assert(schema.contents[0].text.includes('orders ('), schema.contents[0].text);
  const table = await client.readResource({ uri: 'nl2sql://databases/shop/tables/customers' });
  assert(table.contents[0].text.includes('CREATE TABLE customers'), table.contents[0].text);
  let missing = false;
  try { await client.readResource({ uri: 'nl2sql://databases/nope/schema' }); } catch (e) { missing = true; }
  assert(missing, 'unknown database resource should be an error');
});

await check('prompts', async () => {
  const { prompts } = await client.listPrompts();
  assert(prompts.some(p => p.name === 'explore_database'), JSON.stringify(prompts));
  const p = await client.getPrompt({ name: 'explore_database', arguments: { database: 'shop' } });
  assert(p.messages[0].content.text.includes('search_schema') && p.messages[0].content.text.includes('shop'), 'prompt text');
});

await check('completions', async () => {
  const db = await client.complete({ ref: { type: 'ref/prompt', name: 'explore_database' }, argument: { name: 'database', value: 'sh' } });
  assert(db.completion.values.join() === 'shop', JSON.stringify(db.completion));
  const name = await client.complete({ ref: { type: 'ref/resource', uri: 'nl2sql://databases/{name}/schema' }, argument: { name: 'name', value: '' } });
  assert(name.completion.values.join() === 'shop', JSON.stringify(name.completion));
  const table = await client.complete({ ref: { type: 'ref/resource', uri: 'nl2sql://databases/{name}/tables/{table}' },
    argument: { name: 'table', value: 'ord' }, context: { arguments: { name: 'shop' } } });
  assert(table.completion.values.sort().join() === 'order_items,orders', JSON.stringify(table.completion));
});


// Questions without a model: the server has no LLM configured and this client does not offer sampling.
const countOf = async table => (await call('run_sql', { sql: `SELECT count(*) AS n FROM ${table}` })).structuredContent.rows[0][0];
const customers = await countOf('customers');
const orders = await countOf('orders');

await check('generate_sql offline: SQL only, with who wrote it', async () => {
  const r = await call('generate_sql', { question: 'how many customers are there' });
  assert(!r.isError, text(r));
  const s = r.structuredContent;
  assert(/count/i.test(s.sql) && s.sql.includes('customers') && s.generator === 'offline' && s.attempts === 1, JSON.stringify(s));
  assert(s.database === 'shop' && s.rows === undefined && text(r).includes(s.sql), text(r));
});

await check('ask offline answers a simple question with rows', async () => {
  const progress = [];
  const r = await call('ask', { database: 'shop', question: 'how many customers are there' }, { onprogress: p => progress.push(p) });
  assert(!r.isError, text(r));
  const s = r.structuredContent;
  assert(s.mode === 'both' && s.generator === 'offline' && /count/i.test(s.sql), JSON.stringify(s));
  assert(s.rows.length === 1 && Number(s.rows[0][0]) === Number(customers) && s.truncated === false, JSON.stringify(s.rows));
  assert(progress.length >= 1, `progress notifications: ${progress.length}`);
});

await check('ask modes: sql runs nothing, result has no SQL', async () => {
  const sql = await call('ask', { question: 'how many customers are there', mode: 'sql' });
  assert(!sql.isError && sql.structuredContent.sql && sql.structuredContent.rows === undefined, JSON.stringify(sql.structuredContent));
  const result = await call('ask', { question: 'how many customers are there', mode: 'result', max_rows: 5 });
  assert(!result.isError && result.structuredContent.sql === undefined && result.structuredContent.rows.length === 1,
    JSON.stringify(result.structuredContent));
});

await check('ask refuses gibberish: QUESTION_UNANSWERABLE', async () => {
  const r = await call('ask', { question: 'florp the wibbly zorgons sideways' });
  assert(r.isError === true && r.structuredContent.code === 'QUESTION_UNANSWERABLE', JSON.stringify(r.structuredContent));
  assert(text(r).startsWith('QUESTION_UNANSWERABLE: '), text(r));
});

await check('ask offline follow-up: the previous query refined, the conversation readable', async () => {
  const first = await call('ask', { question: 'how many customers are there' });
  assert(!first.isError && /^c-[0-9a-f]{16}$/.test(first.structuredContent.conversation_id), JSON.stringify(first.structuredContent));
  const id = first.structuredContent.conversation_id;
  const followUp = await call('ask', { question: 'only in Germany', conversation_id: id });
  assert(!followUp.isError, text(followUp));
  const s = followUp.structuredContent;
  assert(s.conversation_id === id && s.sql.includes("'Germany'") && Number(s.rows[0][0]) < Number(customers), JSON.stringify(s));
  const turns = await client.readResource({ uri: `nl2sql://conversations/${id}` });
  assert(turns.contents[0].text.includes('Question: how many customers are there') && turns.contents[0].text.includes('Question: only in Germany'),
    turns.contents[0].text);
  const unknown = await call('generate_sql', { question: 'only in France', conversation_id: 'c-0000000000000000' });
  assert(unknown.isError === true && unknown.structuredContent.code === 'CONVERSATION_UNKNOWN', JSON.stringify(unknown.structuredContent));
});

await check('ask never writes', async () => {
  const r = await call('ask', { question: 'delete all orders' });
  assert(r.isError === true || /^\s*(select|with)\b/i.test(r.structuredContent.sql), JSON.stringify(r.structuredContent));
  assert(await countOf('orders') === orders, 'orders changed');
});

await check('list_templates with parameters', async () => {
  const r = await call('list_templates', { database: 'shop' });
  assert(!r.isError, text(r));
  const byName = Object.fromEntries(r.structuredContent.templates.map(t => [t.name, t]));
  assert(Object.keys(byName).sort().join() === 'customers_in_country,orders_by_status,purge_orders', Object.keys(byName).join());
  const vip = byName.customers_in_country.parameters.find(p => p.name === 'vip');
  assert(vip.type === 'boolean' && vip.required === false && vip.default === 'true', JSON.stringify(vip));
  assert(byName.customers_in_country.parameters[0].required === true && byName.customers_in_country.database === 'shop', 'country required');
  const none = await call('list_templates', { database: 'nope' });
  assert(none.isError === true && none.structuredContent.code === 'DB_UNKNOWN', text(none));
});

await check('run_template binds arguments as parameters', async () => {
  const r = await call('run_template', { name: 'orders_by_status', arguments: { status: 'delivered' }, max_rows: 2 });
  assert(!r.isError, text(r));
  const s = r.structuredContent;
  assert(s.template === 'orders_by_status' && s.database === 'shop' && s.columns.join() === 'order_id,ordered_at,total_amount', JSON.stringify(s));
  assert(s.rows.length <= 2, JSON.stringify(s.rows));
  const vip = await call('run_template', { name: 'customers_in_country', arguments: { country: 'Germany', vip: 'false' } });
  assert(!vip.isError && vip.structuredContent.columns[0] === 'customer_id', text(vip));
  const injected = await call('run_template', { name: 'orders_by_status', arguments: { status: "x' OR '1'='1" } });
  assert(!injected.isError && injected.structuredContent.row_count === 0, text(injected));
});

await check('run_template refusals: unknown, missing argument, a write', async () => {
  const unknown = await call('run_template', { name: 'nope' });
  assert(unknown.isError === true && unknown.structuredContent.code === 'TEMPLATE_INVALID' && text(unknown).includes('orders_by_status'), text(unknown));
  const missing = await call('run_template', { name: 'orders_by_status', arguments: {} });
  assert(missing.isError === true && missing.structuredContent.code === 'TEMPLATE_INVALID', text(missing));
  const write = await call('run_template', { name: 'purge_orders', arguments: { status: 'cancelled' } });
  assert(write.isError === true && write.structuredContent.code === 'TEMPLATE_INVALID', text(write));
  assert(await countOf('orders') === orders, 'orders changed');
});

await check('template prompts and their completions', async () => {
  const { prompts } = await client.listPrompts();
  const prompt = prompts.find(p => p.name === 'customers_in_country');
  assert(prompt, JSON.stringify(prompts.map(p => p.name)));
  const args = Object.fromEntries(prompt.arguments.map(a => [a.name, a.required]));
  assert(args.country === true && args.vip === false, JSON.stringify(prompt.arguments));
  const got = await client.getPrompt({ name: 'customers_in_country', arguments: { country: 'Germany' } });
  const body = got.messages[0].content.text;
  assert(body.includes('run_template') && body.includes('"country": "Germany"'), body);
  const vip = await client.complete({ ref: { type: 'ref/prompt', name: 'customers_in_country' }, argument: { name: 'vip', value: 't' } });
  assert(vip.completion.values.join() === 'true', JSON.stringify(vip.completion));
});

// Questions answered by this client's own model: a second client declares sampling and answers from a script.
const sampler = new Client({ name: 'nl2sql-sampling-test', version: '1.0.0' }, { capabilities: { sampling: {} } });
const script = [];
const samplings = [];
sampler.setRequestHandler(CreateMessageRequestSchema, async request => {
  samplings.push(request.params);
  const next = script.shift();
  if (next === undefined || next === 'FAIL') throw new Error('the user declined the sampling request');
  return { role: 'assistant', model: 'scripted-model', stopReason: 'endTurn', content: { type: 'text', text: next } };
});
await sampler.connect(newTransport());
const sample = (name, args, replies, options) => {
  script.length = 0;
  samplings.length = 0;
  script.push(...replies.map(r => typeof r === 'string' ? r : JSON.stringify(r)));
  return sampler.callTool({ name, arguments: args }, undefined, options);
};

await check('sampling: ask answered by the client model on the first try', async () => {
  const progress = [];
  const r = await sample('ask', { question: 'how many customers are there' },
    [{ sql: 'SELECT count(*) AS n FROM customers', explanation: 'Counts customers.', confidence: 0.9, tables: ['customers'] }],
    { onprogress: p => progress.push(p) });
  assert(!r.isError, text(r));
  const s = r.structuredContent;
  assert(s.generator === 'sampling:scripted-model' && s.attempts === 1 && s.explanation === 'Counts customers.', JSON.stringify(s));
  assert(Number(s.rows[0][0]) === Number(customers), JSON.stringify(s.rows));
  assert(samplings.length === 1, `sampling requests: ${samplings.length}`);
  const req = samplings[0];
  assert(req.systemPrompt.includes('read-only') && req.maxTokens > 0 && req.messages.length === 1 && req.messages[0].role === 'user', JSON.stringify(req).slice(0, 300));
  assert(req.messages[0].content.text.includes('how many customers are there') && req.messages[0].content.text.includes('customers'), 'question and schema in the prompt');
  assert(progress.length >= 3, `progress notifications: ${progress.length}`);
});

await check('sampling: a wrong column goes back to the client model with the reason', async () => {
  const r = await sample('generate_sql', { question: 'list the names of all customers' }, [
    { sql: 'SELECT c.full_name FROM customers c', explanation: 'Names.', confidence: 0.8, tables: ['customers'] },
    { sql: 'SELECT c.first_name, c.last_name FROM customers c', explanation: 'Names.', confidence: 0.8, tables: ['customers'] }]);
  assert(!r.isError, text(r));
  assert(r.structuredContent.attempts === 2 && r.structuredContent.sql.includes('first_name'), JSON.stringify(r.structuredContent));
  assert(samplings.length === 2, `sampling requests: ${samplings.length}`);
  const second = samplings[1].messages;
  assert(second.length === 3 && second[1].role === 'assistant' && second[1].content.text.includes('full_name'), JSON.stringify(second.map(m => m.role)));
  assert(second[2].role === 'user' && second[2].content.text.includes('full_name') && second[2].content.text.includes('could not be used'),
    second[2].content.text);
});

await check('sampling: a model that insists on writing is refused', async () => {
  const r = await sample('ask', { question: 'remove every order' }, Array(3).fill({ sql: 'DELETE FROM orders', explanation: 'Deletes them.', confidence: 1, tables: ['orders'] }));
  assert(r.isError === true && r.structuredContent.code === 'SQL_REJECTED', JSON.stringify(r.structuredContent));
  assert(await countOf('orders') === orders, 'orders changed');
});

await check('sampling: a declined request falls back offline, else LLM_UNAVAILABLE', async () => {
  const offline = await sample('ask', { question: 'how many customers are there' }, ['FAIL']);
  assert(!offline.isError && offline.structuredContent.generator === 'offline', text(offline));
  const down = await sample('ask', { question: 'florp the wibbly zorgons sideways' }, ['FAIL']);
  assert(down.isError === true && down.structuredContent.code === 'LLM_UNAVAILABLE' && text(down).includes('declined'), text(down));
});

await check('sampling: the client model can say it cannot answer', async () => {
  const r = await sample('ask', { question: 'what is the weather in Paris' }, [{ sql: '', explanation: 'The schema has no weather data.' }]);
  assert(r.isError === true && r.structuredContent.code === 'QUESTION_UNANSWERABLE' && text(r).includes('weather'), text(r));
});
await check('sampling: a follow-up shows the client model the previous turn; its id is unknown to other sessions', async () => {
  const top = 'SELECT c.customer_id, c.last_name, sum(o.total_amount) AS revenue FROM customers c JOIN orders o ON o.customer_id = c.customer_id GROUP BY c.customer_id, c.last_name ORDER BY revenue DESC LIMIT 5';
  const first = await sample('ask', { question: 'top customers by revenue' }, [{ sql: top, explanation: 'Top customers.', confidence: 0.9, tables: ['customers', 'orders'] }]);
  assert(!first.isError, text(first));
  const id = first.structuredContent.conversation_id;
  const refined = top.replace('GROUP BY', "WHERE o.ordered_at >= '2023-01-01' AND o.ordered_at < '2024-01-01' GROUP BY");
  const second = await sample('ask', { question: 'only in 2023', conversation_id: id }, [{ sql: refined, explanation: 'In 2023.', confidence: 0.9, tables: ['customers', 'orders'] }]);
  assert(!second.isError && second.structuredContent.conversation_id === id && second.structuredContent.sql.includes('2023-01-01'), text(second));
  const prompt = samplings[0].messages[0].content.text;
  assert(prompt.includes('Earlier in this conversation') && prompt.includes('Question: top customers by revenue') && prompt.includes(top)
    && prompt.includes('Result: 5 rows (customer_id, last_name, revenue)'), prompt);
  const elsewhere = await call('ask', { question: 'only in 2024', conversation_id: id });
  assert(elsewhere.isError === true && elsewhere.structuredContent.code === 'CONVERSATION_UNKNOWN', JSON.stringify(elsewhere.structuredContent));
  let hidden = false;
  try { await client.readResource({ uri: `nl2sql://conversations/${id}` }); } catch (e) { hidden = true; }
  assert(hidden, 'another session read the conversation');
});
await sampler.close();

await check('ping', async () => { await client.ping(); });

await check('run_sql SELECT 1 latency', async () => {
  const times = [];
  for (let i = 0; i < 60; i++) {
    const t0 = performance.now();
    const r = await call('run_sql', { sql: 'SELECT 1' });
    if (i >= 10) times.push(performance.now() - t0);
    assert(!r.isError, text(r));
  }
  figures.select1_median_ms = Math.round(median(times) * 100) / 100;
});

await check('logging notifications arrived', async () => {
  assert(logs.some(l => l.level === 'debug' && String(l.data).includes('called with')), `debug logs: ${logs.length}`);
  assert(logs.some(l => l.level === 'debug' && String(l.data).startsWith('run_sql answered')), 'debug log for run_sql');
});

await client.close();
for (const f of failures) console.error(`FAIL ${f}`);
console.log(JSON.stringify({ passed, failed: failures.length, ...figures }));
process.exit(failures.length === 0 ? 0 : 1);
