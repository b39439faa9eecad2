// `npm run bench`: measures the service's endpoints next to the runtime's floor on this machine,
// then prints the report and writes it to bench/results/. `--quick` is a short rehearsal with
// small logs, for working on the bench itself; its figures mean nothing and git ignores them.
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import * as api from './harness/api';
import { type Results, render, targetsOf, write } from './harness/report';
import { interleaved, log, type RoundSettings } from './harness/rounds';
import type { Target } from './harness/load';
import {
  cpuSeconds,
  FLOOR,
  freshState,
  migrate,
  type Running,
  SERVICE,
  start,
  stop,
  versions,
  workerMemory,
} from './harness/services';
import * as targets from './harness/targets';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
const quick = values.quick ?? false;

const LOG_LENGTHS = quick ? [1_000, 10_000, 20_000] : [1_000, 100_000, 1_000_000];
const INDEX_SIZE = quick ? 10_000 : 100_000;
const RETURNING_SHOPPERS = 100;
const settings: RoundSettings = quick
  ? { connections: 10, seconds: 2, rounds: 1, warmupSeconds: 1 }
  : { connections: 10, seconds: 5, rounds: 3, warmupSeconds: 1 };

const began = Date.now();
const loadBefore = loadavg();
const running: Running[] = [];

/** The target, with the CPU clock of whichever running Worker serves its port. */
function metered(target: Target): Target {
  const port = Number(new URL(target.url).port);
  const cpu = () => {
    const worker = running.find((entry) => entry.service.port === port);
    return worker ? cpuSeconds(worker) : { workerd: 0, wrangler: 0 };
  };
  return { ...target, cpuSeconds: cpu };
}

interface Log {
  owner: api.Customer;
  stats: api.LogStats;
  cursors: string[];
}

interface World {
  sender: api.Customer;
  shoppers: api.Customer[];
  logs: Log[];
  floorCursors: string[];
}

/** Sessions to open again, one to send to, and the long logs, filled through the bench build. */
async function prepare(secret: string): Promise<World> {
  const floorCursors = (await api.post(api.floorUrl('/setup'), {})).body as string[];
  const sender = await api.openCustomer('bench-sender', secret);
  const shoppers = [];
  for (let i = 0; i < RETURNING_SHOPPERS; i += 1) {
    shoppers.push(await api.openCustomer(`bench-shopper-${i}`, secret));
  }

  const logs = [];
  for (const length of LOG_LENGTHS) {
    const owner = await api.openCustomer(`bench-log-${length}`, secret);
    const stats = await api.fillLog(owner.sessionId, length);
    logs.push({ owner, stats, cursors: await api.cursors(owner.sessionId, 200, 0.1) });
    log(`  ${length} messages: ${(stats.databaseBytes / 2 ** 20).toFixed(1)} MiB`);
  }
  return { sender, shoppers, logs, floorCursors };
}

/** One request of each endpoint, with its D1 statements and object calls counted. */
async function countCalls({ sender, logs }: World) {
  const [shallow] = logs;
  const ofSender = { bcid: api.CHANNEL.bcid, _auth: sender.auth, sessionId: sender.sessionId };
  const newVisitor = { bcid: api.CHANNEL.bcid, customerIdentifier: 'bench_first_open_visitor' };
  const send = { ...ofSender, type: 'text', value: 'counted', sendAt: 1 };
  const read = {
    bcid: api.CHANNEL.bcid,
    _auth: shallow?.owner.auth,
    sessionId: shallow?.owner.sessionId,
    nextOrPrevious: 'previous',
    chatRoomMessageId: shallow?.cursors[0],
  };

  const counted = async (endpoint: string, path: string, body: unknown) => ({
    endpoint,
    ...(await api.tally(`/message/customer/${path}`, body)),
  });
  return [
    await counted('init_message_session', 'init_message_session', ofSender),
    await counted('init_message_session, first open', 'init_message_session', newVisitor),
    await counted('send_message', 'send_message', send),
    await counted('get_messages', 'get_messages', read),
  ];
}

async function main(): Promise<Results> {
  log('Preparing fresh local state and migrating D1');
  const secrets = freshState();
  migrate();
  running.push(await start(SERVICE), await start(FLOOR));

  log('Opening sessions and filling logs');
  const world = await prepare(secrets.AUTH_SECRET);
  const [shallow] = world.logs;
  if (!shallow) throw new Error('no log to read');

  // A new process, so that memory is measured from a clean start and objects start cold.
  log('Restarting the service');
  const service = running.shift();
  if (service) await stop(service);
  const restarted = await start(SERVICE);
  running.unshift(restarted);
  const calls = await countCalls(world);
  const memoryAtStart = workerMemory(restarted);

  log('Endpoints next to their floors');
  const sessionsAtStart = await api.fillIndex(0);
  const opening = metered(targets.initTarget('init_message_session', world.shoppers));
  const lookup = metered(targets.floorLookup);
  const table = await interleaved(
    [
      [opening, lookup],
      [metered(targets.sendTarget(world.sender)), metered(targets.floorInsert)],
      [
        metered(targets.pageTarget('get_messages', shallow.owner, shallow.cursors)),
        metered(targets.floorPage(world.floorCursors)),
      ],
      [metered(targets.floorJson), metered(targets.floorObject)],
    ],
    settings,
  );

  log('Deep pages in logs of every length');
  const memoryBeforePages = workerMemory(restarted);
  const pages = await deepPages(world.logs, restarted);

  log(`Opening with ${INDEX_SIZE} sessions in the index`);
  const sessionsAtEnd = await api.fillIndex(INDEX_SIZE);
  const large = await interleaved([[opening, lookup]], settings);

  return {
    takenAt: new Date(began).toISOString(),
    seconds: 0,
    machine: {
      cores: cpus().length,
      cpu: cpus()[0]?.model ?? 'unknown',
      memoryBytes: totalmem(),
      loadBefore,
      loadAfter: loadavg(),
    },
    versions: versions(),
    settings: { ...settings, pageSize: targets.PAGE_SIZE, quick },
    table,
    calls,
    pages,
    memoryAtStart,
    memoryBeforePages,
    opening: [
      {
        sessions: sessionsAtStart,
        summary: table.get(opening.name),
        floor: table.get(lookup.name),
      },
      { sessions: sessionsAtEnd, summary: large.get(opening.name), floor: large.get(lookup.name) },
    ],
  };
}

/** Deep pages of every log, with the Worker's memory read after each log's warm-up. */
async function deepPages(logs: Log[], service: Running) {
  const pageTargets = logs.map((entry) =>
    metered(targets.pageTarget(`${entry.stats.messages} messages`, entry.owner, entry.cursors)),
  );
  const memory = new Map<string, number>();
  // The warm-up reads the logs shortest first, so each reading adds what a longer log costs.
  const pages = await interleaved([pageTargets], settings, (target) => {
    memory.set(target.name, workerMemory(service) ?? 0);
  });

  return logs.map((entry, i) => {
    const name = pageTargets[i]?.name ?? '';
    return {
      messages: entry.stats.messages,
      databaseBytes: entry.stats.databaseBytes,
      summary: pages.get(name),
      memoryBytes: memory.get(name) ?? null,
    };
  });
}

async function stopAll(): Promise<void> {
  await Promise.all(running.splice(0).map(stop));
}

process.on('SIGINT', () => void stopAll().then(() => process.exit(130)));

try {
  const results = await main();
  results.seconds = Math.round((Date.now() - began) / 1000);
  results.targets = targetsOf(results);
  await stopAll();
  const text = render(results);
  process.stdout.write(text);
  write(results, text);
} catch (error) {
  await stopAll();
  throw error;
}
