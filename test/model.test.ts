import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { agentToken, openSession, post, readPage, visitorId } from './helpers';
import type { Message } from '../src/session/message';

/** What the log should hold: the messages in the order they were acknowledged. */
interface Model {
  log: { id: string; value: string; sendBy: 'customer' | 'handler' }[];
}

interface Real {
  shopper: { customerIdentifier: string };
  sessionId: string;
  agent: string;
}

type Command = fc.AsyncCommand<Model, Real>;

class Send implements Command {
  constructor(
    readonly side: 'customer' | 'handler',
    readonly value: string,
  ) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const body = {
      bcid: '2877383e-5551-4708-862b-a0827d294d73',
      sessionId: real.sessionId,
      type: 'text',
      value: this.value,
      sendAt: 1,
    };
    const reply =
      this.side === 'customer'
        ? await post<Message>('/message/customer/send_message', { ...body, ...real.shopper })
        : await post<Message>('/message/client/send_message', body, {
            authorization: `Bearer ${real.agent}`,
          });
    expect(reply.status).toBe(200);
    expect(reply.body.data).toMatchObject({ sendBy: this.side, value: this.value.trim() });
    model.log.push({
      id: reply.body.data.chatRoomMessageId,
      value: this.value.trim(),
      sendBy: this.side,
    });
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
    const index = this.at === null || model.log.length === 0 ? null : this.at % model.log.length;
    const cursor = index === null ? {} : { chatRoomMessageId: model.log[index]?.id ?? '' };
    const reply = await readPage(real.shopper, real.sessionId, {
      nextOrPrevious: this.direction,
      size: this.size,
      ...cursor,
    });

    let expected = model.log.slice(-this.size);
    if (index !== null && this.direction === 'next') {
      expected = model.log.slice(index + 1, index + 1 + this.size);
    } else if (index !== null) {
      expected = model.log.slice(Math.max(0, index - this.size), index);
    }
    expect(reply.status).toBe(200);
    expect(reply.body.data.map((m) => [m.chatRoomMessageId, m.value, m.sendBy])).toEqual(
      expected.map((m) => [m.id, m.value, m.sendBy]),
    );
  }
  toString = () => `read(${this.direction}, ${this.size}, ${this.at})`;
}

const commands = [
  fc
    .tuple(
      fc.constantFrom('customer' as const, 'handler' as const),
      fc.string({ minLength: 1, maxLength: 20 }).filter((v) => v.trim().length > 0),
    )
    .map(([side, value]) => new Send(side, value)),
  fc
    .tuple(
      fc.constantFrom('next' as const, 'previous' as const),
      fc.integer({ min: 1, max: 6 }),
      fc.option(fc.nat(), { nil: null }),
    )
    .map(([direction, size, at]) => new Read(direction, size, at)),
];

describe('the log against a model', () => {
  it('answers every page of random sends and reads exactly as the model does', async () => {
    const agent = await agentToken('model-agent');
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 25 }), async (run) => {
        const shopper = { customerIdentifier: visitorId() };
        const { sessionId } = await openSession(shopper);
        await fc.asyncModelRun(
          () => ({ model: { log: [] }, real: { shopper, sessionId, agent } }),
          run,
        );
      }),
      { numRuns: 20 },
    );
  });
});
