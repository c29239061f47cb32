// Schema-change notifications with the official TypeScript SDK client: one client subscribes to the schema of "shop"
// and to its orders table, another subscribes to nothing. After printing "subscribed", it waits for the test to
// change the schema (a column added to orders, a table created): the subscriber must get
// notifications/resources/updated for both URIs, and both clients notifications/resources/list_changed.
//   node subscribe-test.mjs http://127.0.0.1:PORT/mcp
// Exits non-zero when a notification is missing after 60 s, or one arrives where it should not.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ResourceListChangedNotificationSchema, ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';

const url = new URL(process.argv[2]);
const SCHEMA = 'nl2sql://databases/shop/schema';
const ORDERS = 'nl2sql://databases/shop/tables/orders';

async function connect(name) {
  const client = new Client({ name, version: '1.0.0' });
  const seen = { updated: [], listChanged: 0 };
  client.setNotificationHandler(ResourceUpdatedNotificationSchema, n => seen.updated.push(n.params.uri));
  client.setNotificationHandler(ResourceListChangedNotificationSchema, () => { seen.listChanged++; });
  await client.connect(new StreamableHTTPClientTransport(url));
  return { client, seen };
}

const subscriber = await connect('subscriber');
const bystander = await connect('bystander');
if (!subscriber.client.getServerCapabilities().resources?.subscribe) throw new Error('resources.subscribe not declared');
await subscriber.client.subscribeResource({ uri: SCHEMA });
await subscriber.client.subscribeResource({ uri: ORDERS });
await subscriber.client.subscribeResource({ uri: 'nl2sql://databases/shop/tables/customers' });
await subscriber.client.unsubscribeResource({ uri: 'nl2sql://databases/shop/tables/customers' });
console.log('subscribed');

const done = () => subscriber.seen.updated.includes(SCHEMA) && subscriber.seen.updated.includes(ORDERS)
  && subscriber.seen.listChanged > 0 && bystander.seen.listChanged > 0;
const deadline = Date.now() + 60_000;
while (!done() && Date.now() < deadline) await new Promise(r => setTimeout(r, 100));
await new Promise(r => setTimeout(r, 1_500)); // anything that should not come has had time to come

const summary = { subscriber: subscriber.seen, bystander: bystander.seen };
console.log(JSON.stringify(summary));
await subscriber.client.close();
await bystander.client.close();
const wrong = [];
if (!done()) wrong.push('a notification is missing');
if (bystander.seen.updated.length > 0) wrong.push('the bystander got resources/updated without subscribing');
if (subscriber.seen.updated.some(u => u.includes('/customers'))) wrong.push('an unsubscribed URI was notified');
if (wrong.length > 0) {
  console.error(wrong.join('; '));
  process.exit(1);
}
