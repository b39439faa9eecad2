// `npm run bench:live [-- --sends 300 --idle 1000]`
//
// Starts `wrangler dev` on 127.0.0.1:8792, then measures, for one session:
//  - latency: the time from an HTTP send's acknowledgement to the message's arrival on another
//    socket of the session (an agent's), and on the client's inbox socket, over sequential sends;
//  - capacity: how many idle sockets one session holds, all of which still get a broadcast after
//    idling long enough to be hibernated, and how long that fan-out takes.
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { signClientUserToken } from '../../src/auth';
import { BCID, BenchSocket, post } from './client';
import { startServer } from './server';

const CLIENT_ID = '076e3378-a3f4-441e-a998-4a89ee894d83';
/** Longer than the platform's ten seconds of inactivity before an object hibernates. */
const IDLE_MS = 12_000;

const { values } = parseArgs({
  options: { sends: { type: 'string', default: '300' }, idle: { type: 'string', default: '1000' } },
});
const sends = Math.min(Number(values.sends), 5_000);
const idle = Math.min(Number(values.idle), 5_000);

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
const ms = (value: number) => `${value.toFixed(2)} ms`;

function summary(name: string, samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const [p50, p99, max] = [percentile(sorted, 50), percentile(sorted, 99), sorted.at(-1) ?? NaN];
  return `${name}: p50 ${ms(p50)}, p99 ${ms(p99)}, max ${ms(max)} (n=${sorted.length})`;
}

async function openSession() {
  const customerIdentifier = `bench_${crypto.randomUUID().replaceAll('-', '')}`;
  const { sessionId } = await post<{ sessionId: string }>(
    '/message/customer/init_message_session',
    { customerIdentifier },
  );
  return { sessionId, visitor: { customerIdentifier } };
}

async function send(sessionId: string, visitor: Record<string, string>, value: string) {
  const sentAt = performance.now();
  const message = await post<{ chatRoomMessageId: string }>('/message/customer/send_message', {
    sessionId,
    ...visitor,
    type: 'text',
    value,
    sendAt: Date.now() / 1000,
  });
  return { id: message.chatRoomMessageId, sentAt, ackedAt: performance.now() };
}

async function latency(secret: string) {
  const { sessionId, visitor } = await openSession();
  const token = await signClientUserToken('bench-agent', CLIENT_ID, secret, 3_600);
  const agent = new BenchSocket('/message/client/connect', { bcid: BCID, sessionId });
  const inbox = new BenchSocket('/message/client/inbox', { bcid: BCID });
  await Promise.all([agent.auth({ token }), inbox.auth({ token })]);

  const sent: Awaited<ReturnType<typeof send>>[] = [];
  for (let i = 0; i < sends; i++) sent.push(await send(sessionId, visitor, `bench ${i}`));
  const all = (socket: BenchSocket) => () => sent.every(({ id }) => socket.arrivals.has(id));
  await Promise.all([agent.until(all(agent)), inbox.until(all(inbox))]);

  const after = (socket: BenchSocket, from: 'sentAt' | 'ackedAt') =>
    sent.map((s) => (socket.arrivals.get(s.id) ?? NaN) - s[from]);
  console.log(summary('HTTP ack -> agent socket', after(agent, 'ackedAt')));
  console.log(summary('HTTP ack -> inbox socket', after(inbox, 'ackedAt')));
  console.log(summary('HTTP send -> agent socket', after(agent, 'sentAt')));
  console.log(
    summary(
      'HTTP send -> HTTP ack',
      sent.map((s) => s.ackedAt - s.sentAt),
    ),
  );
  agent.close();
  inbox.close();
}

async function capacity() {
  const { sessionId, visitor } = await openSession();
  const sockets: BenchSocket[] = [];
  for (let opened = 0; opened < idle; opened += 50) {
    const batch = Array.from({ length: Math.min(50, idle - opened) }, () => {
      return new BenchSocket('/message/customer/connect', { bcid: BCID, sessionId });
    });
    const results = await Promise.allSettled(batch.map((socket) => socket.auth(visitor)));
    const failed = results.find((result) => result.status === 'rejected');
    sockets.push(...batch.filter((socket) => socket.ready && !socket.closed));
    if (failed) {
      console.log(`connection ${sockets.length + 1} failed: ${String(failed.reason)}`);
      break;
    }
  }
  console.log(`${sockets.length} sockets authenticated on one session; idling ${IDLE_MS} ms`);
  await new Promise((resolve) => setTimeout(resolve, IDLE_MS));

  const open = sockets.filter((socket) => !socket.closed);
  const { id, ackedAt } = await send(sessionId, visitor, 'to every tab');
  const arrived = (socket: BenchSocket) => socket.arrivals.has(id);
  await Promise.allSettled(open.map((socket) => socket.until(() => arrived(socket))));

  const received = open.filter(arrived);
  const arrivals = received.map((socket) => (socket.arrivals.get(id) ?? NaN) - ackedAt);
  console.log(`${open.length} of ${sockets.length} open after idling; ${received.length} got it`);
  const lost = open.find((socket) => !arrived(socket));
  if (lost) console.log(`a socket that did not get it: ${lost.error ?? 'closed'}`);
  console.log(summary('HTTP ack -> each idle socket', arrivals));
  for (const socket of sockets) socket.close();
}

const server = await startServer();
try {
  console.log(
    `live delivery, wrangler dev on 127.0.0.1:8792, ${sends} sends, ${idle} idle sockets`,
  );
  await latency(server.secret);
  await capacity();
} finally {
  await server.stop();
}
