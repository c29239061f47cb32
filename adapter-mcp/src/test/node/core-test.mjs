// The `core` tool profile (server.tools: core) still answers a question end to end, as an agent that writes its own
// SQL would: search_schema -> describe_table -> run_sql, with the official TypeScript SDK client.
//   node core-test.mjs http://127.0.0.1:PORT/mcp
// Expects one configured database, "shop", loaded with the ecommerce_small fixture. Exits non-zero on any failure.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const fail = message => { console.error(`core-test: ${message}`); process.exit(1); };
const text = result => result.content.filter(c => c.type === 'text').map(c => c.text).join('\n');

const client = new Client({ name: 'nl2sql-core-test', version: '1.0.0' });
await client.connect(new StreamableHTTPClientTransport(new URL(process.argv[2])));

const { tools } = await client.listTools();
const names = tools.map(t => t.name).sort().join();
if (names !== 'describe_table,list_databases,run_sql,search_schema') fail(`tools were ${names}`);

// "How many orders have been shipped?"
const found = await client.callTool({ name: 'search_schema', arguments: { pattern: 'order' } });
if (found.isError || !found.structuredContent.tables.includes('public.orders')) fail(`search_schema: ${text(found)}`);

const described = await client.callTool({ name: 'describe_table', arguments: { table: 'orders' } });
const columns = described.structuredContent.columns.map(c => c.name);
if (described.isError || !columns.includes('status')) fail(`describe_table: ${text(described)}`);
const status = text(described).match(/status\s+(\w+)/);
if (!status) fail(`describe_table shows no type for status: ${text(described)}`);

const sql = "SELECT count(*) AS shipped FROM orders WHERE status::text = 'shipped'";
const ran = await client.callTool({ name: 'run_sql', arguments: { sql } });
if (ran.isError) fail(`run_sql: ${text(ran)}`);
const shipped = ran.structuredContent.rows[0][0];
if (!(Number(shipped) > 0)) fail(`run_sql answered ${JSON.stringify(ran.structuredContent)}`);

// A tool outside the profile is not there to call.
const ask = await client.callTool({ name: 'ask', arguments: { question: 'how many orders are there' } }).catch(e => e);
if (!(ask instanceof Error) && !ask.isError) fail('ask answered under the core profile');

await client.close();
console.log(JSON.stringify({ core: 'search_schema -> describe_table -> run_sql', shipped: Number(shipped), status_type: status[1] }));
