import fc from 'fast-check';
import { env } from 'cloudflare:test';
import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { Message } from '../src/session/message';
import {
  agentToken,
  BCID,
  openSession,
  OTHER_CHANNEL,
  readPage,
  sendAsShopper,
  SISTER_CHANNEL,
  visitorId,
} from './helpers';

const RUNS = 40;

interface Answer {
  status: number;
  text: string;
  json: { status?: unknown; data?: unknown; error?: { code?: unknown; message?: unknown } };
}

async function send(path: string, body: string, headers: Record<string, string> = {}) {
  const response = await exports.default.fetch(`https://chat.example${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const text = await response.text();
  return { status: response.status, text, json: JSON.parse(text) } as Answer;
}

/** Every refusal is a 4xx in the envelope, with nothing internal in it. */
function expectRefusalOrSuccess(answer: Answer) {
  expect(answer.status).not.toBeGreaterThanOrEqual(500);
  expect(answer.text).not.toMatch(/\bat .*:\d+:\d+|Error:|stack/);
  if (answer.status === 200) {
    expect(answer.json.status).toBe(true);
    return;
  }
  expect(answer.status).toBeGreaterThanOrEqual(400);
  expect(answer.json.status).toBe(false);
  expect(answer.json.error?.code).toMatch(/^[a-z_]+$/);
  expect(typeof answer.json.error?.message).toBe('string');
}

/** Values a hostile caller would try in any field. */
function hostileValue(tenantIds: string[]) {
  return fc.oneof(
    fc.jsonValue(),
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.string({ minLength: 3000, maxLength: 6000 }),
    fc.constantFrom(
      -1,
      0,
      1e308,
      -1e308,
      2 ** 53 + 1,
      1.5,
      '',
      ' ',
      '\u0000',
      '../../etc/passwd',
      '<script>',
      "' OR 1=1 --",
      '__proto__',
      'constructor',
      '😀'.repeat(100),
      'next',
      'previous',
      'text',
      'image',
      'video',
      'https://',
      'javascript:alert(1)',
    ),
    fc.constantFrom(...tenantIds),
  );
}

/** A valid body with some fields replaced, some removed and some added. */
function mutated(valid: Record<string, unknown>, tenantIds: string[]) {
  const keys = Object.keys(valid);
  return fc
    .record({
      replace: fc.dictionary(fc.constantFrom(...keys), hostileValue(tenantIds), { maxKeys: 3 }),
      remove: fc.subarray(keys, { maxLength: 2 }),
      extra: fc.dictionary(
        fc.oneof(
          fc.string({ maxLength: 20 }),
          fc.constantFrom(
            'createdBy',
            'sendBy',
            'clientId',
            'createdAt',
            'fromIp',
            'freezed',
            'revoked',
          ),
        ),
        hostileValue(tenantIds),
        { maxKeys: 3 },
      ),
    })
    .map(({ replace, remove, extra }) => {
      const body: Record<string, unknown> = { ...extra, ...valid, ...replace };
      for (const key of remove) delete body[key];
      return body;
    });
}

/** Bodies of every kind: broken JSON, JSON that is not an object, and near-valid objects. */
function hostileBody(valid: Record<string, unknown>, tenantIds: string[]) {
  return fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.jsonValue().map((value) => JSON.stringify(value) ?? 'null'),
    mutated(valid, tenantIds).map((body) => JSON.stringify(body)),
  );
}

async function logOf(identity: Record<string, string>, sessionId: string, bcid = BCID) {
  const reply = await readPage(
    identity,
    sessionId,
    { nextOrPrevious: 'previous', size: 100 },
    bcid,
  );
  return reply.body.data.map((m) => m.chatRoomMessageId);
}

/** Two sessions of two visitors, and every identity the generated requests present. */
async function arena() {
  const me = { customerIdentifier: visitorId() };
  const victim = { customerIdentifier: visitorId() };
  const mine = await openSession(me);
  const theirs = await openSession(victim, SISTER_CHANNEL.bcid);
  const theirMessage = await sendAsShopper(
    victim,
    theirs.sessionId,
    'private',
    SISTER_CHANNEL.bcid,
  );
  const seed = await sendAsShopper(me, mine.sessionId, 'first');
  const agent = { authorization: `Bearer ${await agentToken('agent-under-fire')}` };
  const outsider = {
    authorization: `Bearer ${await agentToken('outsider', OTHER_CHANNEL.clientId)}`,
  };
  const tenantIds = [
    theirs.sessionId,
    SISTER_CHANNEL.bcid,
    OTHER_CHANNEL.bcid,
    OTHER_CHANNEL.clientId,
    theirMessage.chatRoomMessageId,
    victim.customerIdentifier.slice(0, 10),
  ];
  return { me, victim, mine, theirs, theirMessage, seed, agent, outsider, tenantIds };
}

/** Each endpoint with a body that is valid for it, and the headers it is called with. */
function endpointsOf(a: Awaited<ReturnType<typeof arena>>) {
  const message = { type: 'text', value: 'hello', sendAt: 1, fromDevice: 'fuzzer' };
  const onMine = { bcid: BCID, sessionId: a.mine.sessionId };
  const onTheirs = { bcid: SISTER_CHANNEL.bcid, sessionId: a.theirs.sessionId };
  const seedId = { chatRoomMessageId: a.seed.chatRoomMessageId };
  const theirId = { chatRoomMessageId: a.theirMessage.chatRoomMessageId };
  const none = {};
  const endpoints: [string, Record<string, unknown>, Record<string, string>][] = [
    ['/message/customer/init_message_session', { bcid: BCID, ...a.me }, none],
    ['/message/customer/send_message', { ...onMine, ...a.me, ...message }, none],
    ['/message/customer/get_messages', { ...onMine, ...a.me, nextOrPrevious: 'next' }, none],
    ['/message/customer/mark_read', { ...onMine, ...a.me, ...seedId }, none],
    ['/message/customer/revoke_message', { ...onTheirs, ...a.me, ...theirId }, none],
    [
      '/message/customer/claim_session',
      { bcid: BCID, _auth: 'x', customerIdentifier: visitorId() },
      none,
    ],
    ['/message/client/send_message', { ...onMine, ...message }, a.agent],
    ['/message/client/send_message', { ...onTheirs, ...message }, a.outsider],
    ['/message/client/list_sessions', { bcid: BCID, size: 5 }, a.agent],
    ['/message/client/get_messages', { ...onMine, nextOrPrevious: 'previous' }, a.agent],
    ['/message/client/mark_read', { ...onMine, ...seedId }, a.agent],
    ['/message/client/revoke_message', { ...onTheirs, ...theirId }, a.outsider],
    ['/message/client/freeze_message', { ...onTheirs, ...theirId, freezed: true }, a.outsider],
    ['/message/client/freeze_session', { ...onTheirs, freezed: true }, a.outsider],
    ['/admin/channels', { bcid: crypto.randomUUID(), clientId: crypto.randomUUID() }, none],
  ];
  return endpoints;
}

describe('hostile input', async () => {
  const a = await arena();
  // The model of `mine`: the ids of its messages in log order.
  const model: string[] = [a.seed.chatRoomMessageId];

  for (const [path, valid, headers] of endpointsOf(a)) {
    const as = headers === a.outsider ? " as another client's agent" : '';
    it(`never breaks ${path}${as}`, async () => {
      await fc.assert(
        fc.asyncProperty(hostileBody(valid, a.tenantIds), async (body) => {
          const answer = await send(path, body, headers);
          expectRefusalOrSuccess(answer);
          const stored = answer.json.data as Message | undefined;
          if (answer.status === 200 && path.endsWith('/send_message')) {
            expect(stored?.sessionId).toBe(a.mine.sessionId);
            // A retry under the same clientMessageId answers with the message stored first.
            const id = stored?.chatRoomMessageId ?? '';
            if (!model.includes(id)) model.push(id);
          }
        }),
        { numRuns: RUNS },
      );
    });
  }

  it('leaves the stored state as the model says', async () => {
    // Some near-valid bodies are valid: the model holds what they stored.
    expect(model.length).toBeGreaterThan(1);
    expect(await logOf(a.me, a.mine.sessionId)).toEqual(model.slice(-100));

    const query = { nextOrPrevious: 'next' as const };
    const theirLog = await readPage(a.victim, a.theirs.sessionId, query, SISTER_CHANNEL.bcid);
    expect(theirLog.body.data).toEqual([a.theirMessage]);
    const channels = await env.DB.prepare('SELECT count(*) AS n FROM channels').first<{
      n: number;
    }>();
    expect(channels?.n).toBe(3);
  });
});
