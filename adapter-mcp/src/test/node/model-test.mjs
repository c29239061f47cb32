// One question to nl2sql over Streamable HTTP with the official TypeScript SDK client, as a client that asks for
// progress: prints {result | error, progress, late} as JSON. With "abort", the client cancels the call (AbortSignal, which
// sends notifications/cancelled) at the first progress heartbeat, then listens 1.5 s for anything more about it.
//   node model-test.mjs http://127.0.0.1:PORT/mcp TOOL QUESTION [abort]
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const [url, tool, question, abort] = process.argv.slice(2);
const client = new Client({ name: 'nl2sql-model-test', version: '1.0.0' });
// What arrives for a request the client no longer waits for (a result, a progress notification) is reported here;
// the client's own abort of its stream is not news.
const late = [];
client.onerror = e => { if (e?.name !== 'AbortError') late.push(String(e)); };
await client.connect(new StreamableHTTPClientTransport(new URL(url)));

const progress = [];
const controller = new AbortController();
const options = {
  timeout: 30000, // what a client allows; the question's own budget must end it well before
  signal: controller.signal,
  onprogress: p => {
    progress.push(p.message);
    if (abort && p.message.startsWith('still writing SQL')) controller.abort('the user cancelled');
  },
};
const outcome = {};
try {
  outcome.result = await client.callTool({ name: tool, arguments: { question } }, undefined, options);
} catch (e) {
  outcome.error = String(e);
}
if (abort) await new Promise(resolve => setTimeout(resolve, 1500));
outcome.progress = progress;
outcome.late = late;
await client.close();
console.log(JSON.stringify(outcome));
