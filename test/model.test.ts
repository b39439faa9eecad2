import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { agentToken, BCID, openSession, post, readPage, visitorId } from './helpers';
import type { Message } from '../src/session/message';

type Side = 'customer' | 'handler';

/**
 * What the session should hold: its messages in the order they were acknowledged, and each
 * side's read mark as an index into them.
 */
interface Model {
  log: { id: string; value: string; sendBy: Side; revoked: boolean }[];
  marks: Record<Side, number>;
}

interface Real {
  shopper: { customerIdentifier: string };
  sessionId: string;
  agent: string;
}

type Command = fc.AsyncCommand<Model, Real>;

/** Calls an endpoint of the side, as that side. */
function call<T>(real: Real, side: Side, endpoint: string, body: Record<string, unknown>) {
  const base = { bcid: BCID, sessionId: real.sessionId, ...body };
  if (side === 'customer') {
    return post<T>(`/message/customer/${endpoint}`, { ...base, ...real.shopper });
  }
  return post<T>(`/message/client/${endpoint}`, base, { authorization: `Bearer ${real.agent}` });
}

/** What a side has not read: the other side's messages after its mark, recalled ones aside. */
function unread(model: Model, side: Side): number {
  return model.log.filter(
    (m, index) => m.sendBy !== side && index > model.marks[side] && !m.revoked,
  ).length;
}

/** Picks one of the messages so far, or none when there are none. */
function pick(model: Model, at: number) {
  return model.log.length === 0 ? -1 : at % model.log.length;
}

class Send implements Command {
  constructor(
    readonly side: Side,
    readonly value: string,
  ) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const reply = await call<Message>(real, this.side, 'send_message', {
      type: 'text',
      value: this.value,
      sendAt: 1,
    });
    expect(reply.status).toBe(200);
    expect(reply.body.data).toMatchObject({ sendBy: this.side, value: this.value.trim() });
    const id = reply.body.data.chatRoomMessageId;
    model.log.push({ id, value: this.value.trim(), sendBy: this.side, revoked: false });
  }
  toString = () => `send(${this.side}, ${JSON.stringify(this.value)})`;
}

class Read implements Command {
  /** `at` picks the cursor among the messages so far; null reads without a cursor. */
  constructor(
    readonly direction: 'next' | 'previous',
    readonly size: number,
    readonly at: number | null,
  ) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const index = this.at === null ? -1 : pick(model, this.at);
    const cursor = index < 0 ? {} : { chatRoomMessageId: model.log[index]?.id ?? '' };
    const reply = await readPage(real.shopper, real.sessionId, {
      nextOrPrevious: this.direction,
      size: this.size,
      ...cursor,
    });

    let expected = model.log.slice(-this.size);
    if (index >= 0 && this.direction === 'next') {
      expected = model.log.slice(index + 1, index + 1 + this.size);
    } else if (index >= 0) {
      expected = model.log.slice(Math.max(0, index - this.size), index);
    }
    expect(reply.status).toBe(200);
    const seen = reply.body.data.map((m) => [m.chatRoomMessageId, m.value, m.sendBy, m.revoked]);
    expect(seen).toEqual(expected.map((m) => [m.id, m.value, m.sendBy, m.revoked]));
    expect(reply.headers.get('x-unread-count')).toBe(String(unread(model, 'customer')));
  }
  toString = () => `read(${this.direction}, ${this.size}, ${this.at})`;
}

class Recall implements Command {
  constructor(
    readonly side: Side,
    readonly at: number,
  ) {}
  check = (model: Readonly<Model>) => model.log.length > 0;
  async run(model: Model, real: Real) {
    const message = model.log[pick(model, this.at)];
    if (!message) return;
    const reply = await call<Message>(real, this.side, 'revoke_message', {
      chatRoomMessageId: message.id,
    });

    if (message.sendBy !== this.side) {
      expect(reply.status).toBe(403);
      return;
    }
    expect(reply.status).toBe(200);
    expect(reply.body.data).toMatchObject({ revoked: true, value: '' });
    message.revoked = true;
    message.value = '';
  }
  toString = () => `recall(${this.side}, ${this.at})`;
}

class Mark implements Command {
  constructor(
    readonly side: Side,
    readonly at: number,
  ) {}
  check = (model: Readonly<Model>) => model.log.length > 0;
  async run(model: Model, real: Real) {
    const index = pick(model, this.at);
    const reply = await call<{ unreadCount: number }>(real, this.side, 'mark_read', {
      chatRoomMessageId: model.log[index]?.id,
    });

    expect(reply.status).toBe(200);
    model.marks[this.side] = Math.max(model.marks[this.side], index);
    expect(reply.body.data.unreadCount).toBe(unread(model, this.side));
  }
  toString = () => `mark(${this.side}, ${this.at})`;
}

const side = fc.constantFrom<Side>('customer', 'handler');
const text = fc.string({ minLength: 1, maxLength: 20 }).filter((v) => v.trim().length > 0);
const commands = [
  fc.tuple(side, text).map(([who, value]) => new Send(who, value)),
  fc
    .tuple(
      fc.constantFrom('next' as const, 'previous' as const),
      fc.integer({ min: 1, max: 6 }),
      fc.option(fc.nat(), { nil: null }),
    )
    .map(([direction, size, at]) => new Read(direction, size, at)),
  fc.tuple(side, fc.nat()).map(([who, at]) => new Recall(who, at)),
  fc.tuple(side, fc.nat()).map(([who, at]) => new Mark(who, at)),
];

describe('the log against a model', () => {
  it('answers random sends, reads, recalls and read marks exactly as the model does', async () => {
    const agent = await agentToken('model-agent');
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 25 }), async (run) => {
        const shopper = { customerIdentifier: visitorId() };
        const { sessionId } = await openSession(shopper);
        const model: Model = { log: [], marks: { customer: -1, handler: -1 } };
        await fc.asyncModelRun(() => ({ model, real: { shopper, sessionId, agent } }), run);
      }),
      { numRuns: 20 },
    );
  });
});
