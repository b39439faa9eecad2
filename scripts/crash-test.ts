// `npm run test:crash`: does every acknowledged message survive workerd being killed?
//
// Starts the service on a fresh local state on disk, opens sessions, sends messages from
// concurrent clients, kills wrangler and workerd with SIGKILL while sends are in flight, starts
// them again on the same state, and reads every session back. Every acknowledged message must be
// there exactly once, in one order per session; one in flight at the kill, wholly there or absent.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareLocalState, serve, untilServing } from './local';

const PORT = 8796;
const ORIGIN = `http://127.0.0.1:${PORT}`;
const BCID = '2877383e-5551-4708-862b-a0827d294d73';
const SESSIONS = 8;
const CLIENTS_PER_SESSION = 3;
const MESSAGES_PER_CLIENT = 40;
/** The kill comes once this many sends are acknowledged: mid-run, with sends in flight. */
const KILL_AFTER = 300;

interface Sent {
  value: string;
  clientMessageId: string;
  acknowledged: boolean;
}

/** The quota on shopper messages would refuse this load: it is lifted for the run. */
const SERVE_ARGS = ['--var', 'CUSTOMER_MESSAGE_LIMIT:1000000'];

async function post(path: string, body: object): Promise<{ status: number; data: unknown }> {
  const response = await fetch(`${ORIGIN}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as { data: unknown };
  return { status: response.status, data: json.data };
}

async function openSessions() {
  const sessions: { visitor: string; sessionId: string }[] = [];
  for (let i = 0; i < SESSIONS; i++) {
    const visitor = `crash_visitor_${i}_${Date.now()}`;
    const opened = await post('/message/customer/init_message_session', {
      bcid: BCID,
      customerIdentifier: visitor,
    });
    sessions.push({ visitor, sessionId: (opened.data as { sessionId: string }).sessionId });
  }
  return sessions;
}

/** One client sends its messages one after another until the server goes away. */
async function client(
  session: { visitor: string; sessionId: string },
  name: string,
  sent: Sent[],
  onAck: () => void,
) {
  for (let n = 0; n < MESSAGES_PER_CLIENT; n++) {
    const value = `${name} #${n}`;
    const record: Sent = {
      value,
      clientMessageId: `${name}-${n}`.replace(/\W/g, '_'),
      acknowledged: false,
    };
    sent.push(record);
    if (!(await deliver(session, record))) return;
    onAck();
  }
}

/** Sends one message; true once the server acknowledged it. */
async function deliver(session: { visitor: string; sessionId: string }, record: Sent) {
  try {
    const reply = await post('/message/customer/send_message', {
      bcid: BCID,
      customerIdentifier: session.visitor,
      sessionId: session.sessionId,
      type: 'text',
      value: record.value,
      sendAt: Date.now() / 1000,
      clientMessageId: record.clientMessageId,
    });
    record.acknowledged = reply.status === 200;
  } catch {
    record.acknowledged = false;
  }
  return record.acknowledged;
}

/** The session's whole log, oldest first: the latest page, then page after page back. */
async function readLog(session: { visitor: string; sessionId: string }): Promise<string[]> {
  const log: { value: string; chatRoomMessageId: string }[] = [];
  for (;;) {
    const first = log[0]?.chatRoomMessageId;
    const reply = await post('/message/customer/get_messages', {
      bcid: BCID,
      customerIdentifier: session.visitor,
      sessionId: session.sessionId,
      nextOrPrevious: 'previous',
      size: 100,
      ...(first ? { chatRoomMessageId: first } : {}),
    });
    if (reply.status !== 200) throw new Error(`reading ${session.sessionId}: ${reply.status}`);
    const page = reply.data as { value: string; chatRoomMessageId: string }[];
    if (page.length === 0) return log.map((m) => m.value);
    log.unshift(...page);
  }
}

async function main(): Promise<number> {
  const state = mkdtempSync(join(tmpdir(), 'aftershop-crash-'));
  prepareLocalState(state);

  let server = serve({ port: PORT, persistTo: state, stdio: 'ignore', extraArgs: SERVE_ARGS });
  const exited = new Promise((resolve) => server.once('exit', resolve));
  await untilServing(ORIGIN);
  const sessions = await openSessions();

  const sent = new Map<string, Sent[]>(sessions.map((s) => [s.sessionId, []]));
  let acknowledged = 0;
  let killed = false;
  const kill = () => {
    if (killed || !server.pid) return;
    killed = true;
    process.kill(-server.pid, 'SIGKILL');
  };
  const onAck = () => {
    acknowledged += 1;
    if (acknowledged >= KILL_AFTER) kill();
  };

  const clients = sessions.flatMap((session) =>
    Array.from({ length: CLIENTS_PER_SESSION }, (_, i) =>
      client(session, `${session.sessionId}/client-${i}`, sent.get(session.sessionId) ?? [], onAck),
    ),
  );
  await Promise.all(clients);
  kill();
  await exited;

  server = serve({ port: PORT, persistTo: state, stdio: 'ignore', extraArgs: SERVE_ARGS });
  await untilServing(ORIGIN);
  const afterRestart = await audit(sessions, sent);

  // A client whose send was cut off sends it again under the same clientMessageId; one that
  // did land before the kill must not land twice.
  let resent = 0;
  for (const session of sessions) {
    for (const record of sent.get(session.sessionId) ?? []) {
      if (!record.acknowledged && (await deliver(session, record))) resent += 1;
    }
  }
  const afterRetries = await audit(sessions, sent);

  if (server.pid) process.kill(-server.pid, 'SIGTERM');
  rmSync(state, { recursive: true, force: true });

  const { inFlight, landed } = afterRestart;
  console.log(JSON.stringify({ afterRestart, resent, afterRetries }));
  console.log(
    `crash test: sent ${afterRestart.sent}, acknowledged ${afterRestart.acknowledged}, ` +
      `in flight at the kill ${inFlight} (${landed} of them stored), lost ${afterRestart.lost}, ` +
      `duplicated ${afterRestart.duplicated}; after resending ${resent}: found ` +
      `${afterRetries.found} of ${afterRetries.sent}, duplicated ${afterRetries.duplicated}, ` +
      `out of order ${afterRetries.outOfOrder}`,
  );
  const clean = (a: Audit) => a.lost === 0 && a.duplicated === 0 && a.outOfOrder === 0;
  const passed =
    killed &&
    clean(afterRestart) &&
    clean(afterRetries) &&
    afterRetries.found === afterRetries.sent;
  console.log(passed ? '1 passed, 0 failed' : '0 passed, 1 failed');
  return passed ? 0 : 1;
}

interface Audit {
  sent: number;
  acknowledged: number;
  inFlight: number;
  landed: number;
  found: number;
  lost: number;
  duplicated: number;
  outOfOrder: number;
}

/** Reads every session back and counts each sent message in its log. */
async function audit(
  sessions: { visitor: string; sessionId: string }[],
  sent: Map<string, Sent[]>,
): Promise<Audit> {
  const totals: Audit = {
    sent: 0,
    acknowledged: 0,
    inFlight: 0,
    landed: 0,
    found: 0,
    lost: 0,
    duplicated: 0,
    outOfOrder: 0,
  };
  for (const session of sessions) {
    const log = await readLog(session);
    const count = new Map<string, number>();
    for (const value of log) count.set(value, (count.get(value) ?? 0) + 1);

    for (const record of sent.get(session.sessionId) ?? []) {
      const times = count.get(record.value) ?? 0;
      totals.sent += 1;
      totals[record.acknowledged ? 'acknowledged' : 'inFlight'] += 1;
      if (!record.acknowledged && times > 0) totals.landed += 1;
      if (times > 0) totals.found += 1;
      if (times > 1) totals.duplicated += 1;
      if (record.acknowledged && times === 0) totals.lost += 1;
    }
    totals.outOfOrder += countOutOfOrder(log);
  }
  return totals;
}

/** Each client sends in sequence, so its own messages must appear in the order it sent them. */
function countOutOfOrder(log: string[]): number {
  const last = new Map<string, number>();
  let wrong = 0;
  for (const value of log) {
    const [client, n] = value.split(' #');
    const number = Number(n);
    if (client === undefined) continue;
    if (number <= (last.get(client) ?? -1)) wrong += 1;
    last.set(client, number);
  }
  return wrong;
}

process.exit(await main());
