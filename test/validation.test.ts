import { env } from 'cloudflare:test';
import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import app from '../src/index';
import {
  agentToken,
  BCID,
  post,
  readPage,
  sendAsShopper,
  textMessage,
  visitorSession,
} from './helpers';

const SEND = '/message/customer/send_message';

function fieldsOf(issues: unknown): string[] {
  return (issues as { path: string }[]).map((issue) => issue.path);
}

describe('message validation', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['an unknown type', { type: 'audio', value: 'x' }, 'type'],
    ['an empty text', { type: 'text', value: '' }, 'value'],
    ['a text of blanks', { type: 'text', value: '   \n\t ' }, 'value'],
    ['a text over 5000 characters', { type: 'text', value: 'a'.repeat(5001) }, 'value'],
    ['an image that is not a URL', { type: 'image', value: 'cat.png' }, 'value'],
    ['an image over plain http', { type: 'image', value: 'http://cdn.example/cat.png' }, 'value'],
    [
      'a video URL over 2048 characters',
      { type: 'video', value: `https://v.example/${'a'.repeat(2040)}` },
      'value',
    ],
    ['a value that is not a string', { type: 'text', value: 42 }, 'value'],
    ['a negative sendAt', { sendAt: -1 }, 'sendAt'],
    ['a sendAt that is a string', { sendAt: '1' }, 'sendAt'],
    ['a fromDevice over 128 characters', { fromDevice: 'd'.repeat(129) }, 'fromDevice'],
    ['a deviceName over 128 characters', { deviceName: 'd'.repeat(129) }, 'deviceName'],
    ['a deviceIdentifier that is a number', { deviceIdentifier: 7 }, 'deviceIdentifier'],
    ['a bcid that is not a UUID', { bcid: 'shop-1' }, 'bcid'],
    ['a short sessionId', { sessionId: 'abc' }, 'sessionId'],
    ['a sessionId with a slash', { sessionId: 'abcdefghijklmnopqrstu/vwxyz' }, 'sessionId'],
  ];

  for (const [what, change, field] of cases) {
    it(`refuses ${what} with a 400 naming ${field}, storing nothing`, async () => {
      const { visitor, sessionId, base } = await visitorSession();
      const reply = await post(SEND, { ...base, ...textMessage('ok'), ...change });

      expect(reply.status).toBe(400);
      expect(reply.body.status).toBe(false);
      expect(reply.body.error.code).toBe('invalid_request');
      expect(fieldsOf(reply.body.error.issues)).toContain(field);
      const log = await readPage(visitor, sessionId, { nextOrPrevious: 'next' });
      expect(log.body.data).toEqual([]);
    });
  }

  it('accepts a text of exactly 5000 characters, counting an emoji as one', async () => {
    const { base } = await visitorSession();
    const text = 'a'.repeat(4000) + '😀'.repeat(1000);
    const exact = await post(SEND, { ...base, ...textMessage(text) });
    const over = await post(SEND, { ...base, ...textMessage(`${text}a`) });
    expect([exact.status, over.status]).toEqual([200, 400]);
  });

  it('trims the text it stores', async () => {
    const { base } = await visitorSession();
    const reply = await post<{ value: string }>(SEND, { ...base, ...textMessage('  hi there \n') });
    expect(reply.body.data.value).toBe('hi there');
  });

  it('names every missing field at once', async () => {
    const reply = await post(SEND, {});
    expect(reply.status).toBe(400);
    expect(fieldsOf(reply.body.error.issues)).toEqual(
      expect.arrayContaining(['bcid', 'sessionId', 'sendAt', 'type']),
    );
  });

  it('ignores fields the server decides', async () => {
    const { base } = await visitorSession();
    const reply = await post<Record<string, unknown>>(SEND, {
      ...base,
      ...textMessage('honest'),
      createdBy: 'admin',
      sendBy: 'handler',
      clientId: '11111111-1111-4111-8111-111111111111',
      createdAt: 1,
      fromIp: '10.0.0.1',
      chatRoomMessageId: '22222222-2222-4222-8222-222222222222',
      freezed: true,
      revoked: true,
    });
    expect(reply.status).toBe(200);
    expect(reply.body.data).toMatchObject({
      createdBy: base.customerIdentifier,
      sendBy: 'customer',
      clientId: '076e3378-a3f4-441e-a998-4a89ee894d83',
      fromIp: '',
      freezed: false,
      revoked: false,
    });
    expect(reply.body.data.chatRoomMessageId).not.toBe('22222222-2222-4222-8222-222222222222');
    expect(reply.body.data.createdAt).toBeGreaterThan(1);
  });

  it('validates the agent reply the same way', async () => {
    const { sessionId } = await visitorSession();
    const reply = await post(
      '/message/client/send_message',
      { bcid: BCID, sessionId, type: 'video', value: 'ftp://x', sendAt: 1 },
      { authorization: `Bearer ${await agentToken('agent')}` },
    );
    expect(reply.status).toBe(400);
    expect(fieldsOf(reply.body.error.issues)).toEqual(['value']);
  });
});

describe('paging validation', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['a size of 0', { size: 0 }, 'size'],
    ['a size over 100', { size: 101 }, 'size'],
    ['a fractional size', { size: 2.5 }, 'size'],
    ['a direction other than next or previous', { nextOrPrevious: 'up' }, 'nextOrPrevious'],
    ['no direction', { nextOrPrevious: undefined }, 'nextOrPrevious'],
    ['a cursor that is not a UUID', { chatRoomMessageId: 'latest' }, 'chatRoomMessageId'],
  ];
  for (const [what, change, field] of cases) {
    it(`refuses ${what}`, async () => {
      const { base } = await visitorSession();
      const reply = await post('/message/customer/get_messages', {
        ...base,
        nextOrPrevious: 'next',
        ...change,
      });
      expect(reply.status).toBe(400);
      expect(fieldsOf(reply.body.error.issues)).toEqual([field]);
    });
  }

  it('defaults size to 10 and accepts 100', async () => {
    const { visitor, sessionId } = await visitorSession();
    for (let i = 0; i < 11; i++) await sendAsShopper(visitor, sessionId, `m${i}`);
    const byDefault = await readPage(visitor, sessionId, { nextOrPrevious: 'previous' });
    const largest = await readPage(visitor, sessionId, { nextOrPrevious: 'previous', size: 100 });
    expect([byDefault.body.data.length, largest.body.data.length]).toEqual([10, 11]);
  });
});

describe('visitor identifiers', () => {
  for (const id of ['short', 'x'.repeat(65), 'has spaces in it ok', 'ünïcödé-visitor-id']) {
    it(`refuses ${JSON.stringify(id.slice(0, 20))} with a 400`, async () => {
      const reply = await post('/message/customer/init_message_session', {
        bcid: BCID,
        customerIdentifier: id,
      });
      expect(reply.status).toBe(400);
      expect(fieldsOf(reply.body.error.issues)).toEqual(['customerIdentifier']);
    });
  }
});

describe('transport', () => {
  async function raw(body: BodyInit, contentType = 'application/json') {
    const response = await exports.default.fetch(
      'https://chat.example/message/customer/send_message',
      {
        method: 'POST',
        headers: { 'content-type': contentType },
        body,
      },
    );
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it('answers a body over 16 KiB with 413', async () => {
    const { base } = await visitorSession();
    const reply = await raw(JSON.stringify({ ...base, ...textMessage('a'.repeat(17 * 1024)) }));
    expect(reply.status).toBe(413);
    expect(reply.body).toMatchObject({ status: false, error: { code: 'payload_too_large' } });
  });

  it('answers a body that is not JSON with 400', async () => {
    const reply = await raw('{"bcid": ');
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ status: false, error: { code: 'invalid_request' } });
  });

  for (const body of ['[]', 'null', '"text"', '12']) {
    it(`answers the JSON ${body}, not an object, with 400`, async () => {
      const reply = await raw(body);
      expect(reply.status).toBe(400);
      expect(reply.body).toMatchObject({ error: { code: 'invalid_request' } });
    });
  }

  it('answers another media type with 415', async () => {
    const reply = await raw('bcid=1', 'application/x-www-form-urlencoded');
    expect(reply.status).toBe(415);
    expect(reply.body).toMatchObject({ error: { code: 'unsupported_media_type' } });
  });

  it('answers an unknown endpoint or method with a 404 envelope', async () => {
    const unknown = await post('/message/customer/delete_everything', {});
    const get = await exports.default.fetch('https://chat.example/message/customer/send_message');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
    expect(get.status).toBe(404);
  });

  it('carries a request id on every response', async () => {
    const reply = await post('/message/customer/init_message_session', { bcid: 'nope' });
    expect(reply.headers.get('x-request-id')).toMatch(/^[A-Za-z0-9_-]{8,}$/);
  });
});

describe('configuration', () => {
  it('refuses requests when the signing secret is missing, without a fallback', async () => {
    for (const AUTH_SECRET of [undefined, 'too-short']) {
      const response = await app.request(
        '/message/customer/init_message_session',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ bcid: BCID }),
        },
        { ...env, AUTH_SECRET },
      );
      expect(response.status).toBe(500);
      const body = await response.json();
      expect(body).toEqual({
        status: false,
        error: { code: 'internal', message: 'The service is not configured.' },
      });
    }
  });
});
