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

const RUNS = 60;

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

describe('hostile input', () => {
  it('never breaks an endpoint, and the stored state stays what the model says', async () => {
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
    const model: string[] = [];
    const message = { type: 'text', value: 'hello', sendAt: 1, fromDevice: 'fuzzer' };
    const endpoints: [string, Record<string, unknown>, Record<string, string>][] = [
      ['/message/customer/init_message_session', { bcid: BCID, ...me }, {}],
      [
        '/message/customer/send_message',
        { bcid: BCID, sessionId: mine.sessionId, ...me, ...message },
        {},
      ],
      [
        '/message/customer/get_messages',
        { bcid: BCID, sessionId: mine.sessionId, ...me, nextOrPrevious: 'next', size: 5 },
        {},
      ],
      [
        '/message/client/send_message',
        { bcid: BCID, sessionId: mine.sessionId, ...message },
        agent,
      ],
      [
        '/message/client/send_message',
        { bcid: SISTER_CHANNEL.bcid, sessionId: theirs.sessionId, ...message },
        outsider,
      ],
      ['/admin/channels', { bcid: crypto.randomUUID(), clientId: crypto.randomUUID() }, {}],
    ];

    for (const [path, valid, headers] of endpoints) {
      await fc.assert(
        fc.asyncProperty(hostileBody(valid, tenantIds), async (body) => {
          const answer = await send(path, body, headers);
          expectRefusalOrSuccess(answer);
          const stored = answer.json.data as Message | undefined;
          if (answer.status === 200 && path.endsWith('/send_message')) {
            expect(stored?.sessionId).toBe(mine.sessionId);
            model.push(stored?.chatRoomMessageId ?? '');
          }
        }),
        { numRuns: RUNS },
      );
    }

    // Some near-valid bodies are valid: the model holds what they stored.
    expect(model.length).toBeGreaterThan(0);
    expect(await logOf(me, mine.sessionId)).toEqual(model.slice(-100));
    expect(await logOf(victim, theirs.sessionId, SISTER_CHANNEL.bcid)).toEqual([
      theirMessage.chatRoomMessageId,
    ]);
    const channels = await env.DB.prepare('SELECT count(*) AS n FROM channels').first<{
      n: number;
    }>();
    expect(channels?.n).toBe(3);
  });
});
