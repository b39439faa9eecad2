// What the bench does to the service before measuring it: opens sessions, fills logs and the
// session index, all through the running Worker.
import { signCustomerToken } from '../../src/auth';
import { FLOOR, SERVICE } from './services';

/** The channel scripts/seed-local.sql registers. */
export const CHANNEL = {
  bcid: '2877383e-5551-4708-862b-a0827d294d73',
  clientId: '076e3378-a3f4-441e-a998-4a89ee894d83',
};

export const serviceUrl = (path: string) => `http://127.0.0.1:${SERVICE.port}${path}`;
export const floorUrl = (path: string) => `http://127.0.0.1:${FLOOR.port}${path}`;

export interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
}

export async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const answer: Answer = {
    status: response.status,
    headers: response.headers,
    body: await response.json(),
  };
  if (response.status !== 200) {
    throw new Error(`${url} answered ${response.status}: ${JSON.stringify(answer.body)}`);
  }
  return answer;
}

/** The `data` of an API success. */
export async function data<T>(path: string, body: unknown): Promise<T> {
  const answer = await post(serviceUrl(path), body);
  return (answer.body as { data: T }).data;
}

export interface Customer {
  auth: string;
  sessionId: string;
}

/** A logged-in customer with a fresh token, and its session opened. */
export async function openCustomer(customerId: string, secret: string): Promise<Customer> {
  const auth = await signCustomerToken(customerId, secret, { ttlSeconds: 3600 });
  const opened = await data<{ sessionId: string }>('/message/customer/init_message_session', {
    bcid: CHANNEL.bcid,
    _auth: auth,
  });
  return { auth, sessionId: opened.sessionId };
}

export interface LogStats {
  messages: number;
  databaseBytes: number;
}

export async function logStats(sessionId: string): Promise<LogStats> {
  return (await post(serviceUrl('/bench/stats'), { sessionId })).body as LogStats;
}

/** Fills a session's log up to `total` messages, a chunk per request. */
export async function fillLog(sessionId: string, total: number): Promise<LogStats> {
  let stats = await logStats(sessionId);
  while (stats.messages < total) {
    const count = Math.min(100_000, total - stats.messages);
    stats = (await post(serviceUrl('/bench/fill'), { sessionId, count })).body as LogStats;
  }
  return stats;
}

export async function cursors(sessionId: string, count: number, fraction: number) {
  const answer = await post(serviceUrl('/bench/cursors'), { sessionId, count, fraction });
  return answer.body as string[];
}

/** Adds visitors' sessions to the D1 index until it holds `total`; returns how many it holds. */
export async function fillIndex(total: number): Promise<number> {
  const counted = async (count: number, prefix: string) => {
    const answer = await post(serviceUrl('/bench/index'), { ...CHANNEL, prefix, count });
    return (answer.body as { sessions: number }).sessions;
  };
  let sessions = await counted(0, 'none');
  for (let chunk = 0; sessions < total; chunk += 1) {
    sessions = await counted(Math.min(100_000, total - sessions), `b${Date.now()}-${chunk}`);
  }
  return sessions;
}

/** How many D1 statements and object calls one request makes, as the bench build counts them. */
export async function tally(path: string, body: unknown) {
  const answer = await post(serviceUrl(path), body, { 'x-bench-tally': '1' });
  return {
    d1Queries: Number(answer.headers.get('x-bench-d1-queries')),
    objectCalls: Number(answer.headers.get('x-bench-object-calls')),
  };
}
