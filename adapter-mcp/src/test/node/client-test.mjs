// Drives the nl2sql MCP server with the official TypeScript SDK client and checks every feature it offers.
//   node client-test.mjs http://127.0.0.1:PORT/mcp      (set MCP_BEARER=token if the server wants one)
//   node client-test.mjs -- java -cp ... dev.nl2sql.bootstrap.Main --config x.yaml serve --stdio
// Expects one configured database, "shop", loaded with the ecommerce_small fixture.
// Exits non-zero on any failure; the last line is a JSON summary with the measured figures.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';

const args = process.argv.slice(2);
if (args.length === 0) {
  console.error('usage: node client-test.mjs <http url> | -- <command> [args...]');
  process.exit(2);
}
const stdio = args[0] === '--';
const transport = stdio
  ? new StdioClientTransport({ command: args[1], args: args.slice(2), stderr: 'inherit' })
  : new StreamableHTTPClientTransport(new URL(args[0]), process.env.MCP_BEARER
    ? { requestInit: { headers: { Authorization: `Bearer ${process.env.MCP_BEARER}` } } } : undefined);

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
  assert(JSON.stringify(names) === JSON.stringify(['describe_table', 'explain_sql', 'list_databases', 'query_history', 'run_sql', 'search_schema']),
    `tools were ${names}`);
  for (const tool of tools) {
    assert(tool.title && tool.description, `${tool.name} lacks title or description`);
    assert(tool.inputSchema.additionalProperties === false, `${tool.name} input schema is open`);
    assert(tool.outputSchema, `${tool.name} has no output schema`);
    const a = tool.annotations || {};
    assert(a.readOnlyHint === true && a.destructiveHint === false && a.idempotentHint === true && a.openWorldHint === false,
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
  assert(uris.join() === 'nl2sql://databases/{name}/schema,nl2sql://databases/{name}/tables/{table}', uris.join());
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
  assert(logs.some(l => l.level === 'info' && String(l.data).startsWith('run_sql answered')), 'info log for run_sql');
});

await client.close();
for (const f of failures) console.error(`FAIL ${f}`);
console.log(JSON.stringify({ passed, failed: failures.length, ...figures }));
process.exit(failures.length === 0 ? 0 : 1);
