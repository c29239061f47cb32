// A stateless nl2sql (server.stateless: true), driven by the official TypeScript SDK client: no session is handed out,
// tools, resources, prompts and completions answer, what needs a session is said unavailable, and a follow-up asked by a
// second client, over a new connection (through a balancer: maybe another replica), keeps the first client's context.
//   node stateless-test.mjs URL_FOR_THE_QUESTION [URL_FOR_THE_FOLLOW_UP]
// Expects one configured database, "shop", loaded with the ecommerce_small fixture. Exits non-zero on any failure and
// prints one JSON line of what it saw.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const fail = message => { console.error(`stateless-test: ${message}`); process.exit(1); };
const text = result => result.content.filter(c => c.type === 'text').map(c => c.text).join('\n');
const [first, second = first] = process.argv.slice(2);

const connect = async url => {
  const transport = new StreamableHTTPClientTransport(new URL(url));
  const client = new Client({ name: 'nl2sql-stateless-test', version: '1.0.0' }, { capabilities: { sampling: {} } });
  await client.connect(transport);
  return { client, transport };
};

const a = await connect(first);
if (a.transport.sessionId !== undefined) fail(`the server handed out session ${a.transport.sessionId}`);
const caps = a.client.getServerCapabilities();
if (caps.resources?.subscribe || caps.resources?.listChanged || caps.logging) fail(`session features declared: ${JSON.stringify(caps)}`);
const unavailable = caps.experimental?.['nl2sql/stateless']?.unavailable ?? [];
if (!unavailable.includes('sampling') || !unavailable.includes('resources/subscribe')) fail(`unavailable not said: ${JSON.stringify(caps)}`);
if (!a.client.getInstructions().includes('stateless')) fail('instructions do not say stateless');

const { tools } = await a.client.listTools();
if (!tools.some(t => t.name === 'ask')) fail(`tools were ${tools.map(t => t.name).join()}`);
const asked = await a.client.callTool({ name: 'ask', arguments: { question: 'how many customers are there' } });
if (asked.isError) fail(`ask: ${text(asked)}`);
const id = asked.structuredContent.conversation_id;
const customers = Number(asked.structuredContent.rows[0][0]);
await a.client.close();

const b = await connect(second);
const followUp = await b.client.callTool({ name: 'ask', arguments: { question: 'only in Germany', conversation_id: id } });
if (followUp.isError) fail(`follow-up: ${text(followUp)}`);
const s = followUp.structuredContent;
if (s.conversation_id !== id || !s.sql.includes("'Germany'") || !(Number(s.rows[0][0]) < customers)) fail(`follow-up lost its context: ${JSON.stringify(s)}`);
const turns = (await b.client.readResource({ uri: `nl2sql://conversations/${id}` })).contents[0].text;
if (!turns.includes('Question: how many customers are there') || !turns.includes('Question: only in Germany')) fail(`turns: ${turns}`);
const schema = (await b.client.readResource({ uri: 'nl2sql://databases/shop/schema' })).contents[0].text;
if (!schema.includes('orders')) fail(`schema resource: ${schema}`);
const prompt = await b.client.getPrompt({ name: 'explore_database', arguments: { database: 'shop' } });
if (!prompt.messages[0].content.text.includes('shop')) fail(`prompt: ${JSON.stringify(prompt)}`);
const completed = await b.client.complete({ ref: { type: 'ref/prompt', name: 'explore_database' }, argument: { name: 'database', value: 'sh' } });
if (!completed.completion.values.includes('shop')) fail(`completion: ${JSON.stringify(completed)}`);
let refused = false;
try { await b.client.subscribeResource({ uri: 'nl2sql://databases/shop/schema' }); } catch (e) { refused = true; }
if (!refused) fail('a stateless server accepted a subscription');
await b.client.close();
console.log(JSON.stringify({ stateless: true, conversation_id: id, customers, in_germany: Number(s.rows[0][0]), unavailable }));
