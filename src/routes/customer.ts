import { Hono } from 'hono';
import { findChannel } from '../db';
import { notFound, unwrap } from '../errors';
import type { AppEnv } from '../env';
import { readShopper } from '../identity';
import { openOrCreateSession } from '../limits';
import { body } from '../middleware';
import { customerSendBody, getMessagesBody, initSessionBody } from '../schemas';
import { callerIp, ok, withSession } from './shared';

/** How many of the latest messages opening the chat window returns. */
const OPENING_PAGE = 10;

/** The shopper's side: a logged-in customer with `_auth`, or a visitor with its id. */
export const customerRoutes = new Hono<AppEnv>()
  .post('/init_message_session', body(initSessionBody), async (c) => {
    const input = c.req.valid('json');
    const shopper = await readShopper(c.env, input, true);

    const channel = await findChannel(c.env.DB, input.bcid);
    if (!channel) throw notFound('No channel has this bcid.');
    const owner = await openOrCreateSession(c, channel, shopper, callerIp(c));
    const opened = await withSession(c.env, owner.sessionId, true, async (session) =>
      await session.open(owner, OPENING_PAGE),
    );
    const messages = unwrap(opened);

    const data = { messages, sessionId: owner.sessionId };
    return ok(c, shopper.minted ? { ...data, customerIdentifier: shopper.id } : data);
  })

  .post('/send_message', body(customerSendBody), async (c) => {
    const input = c.req.valid('json');
    const shopper = await readShopper(c.env, input);

    const caller = { side: 'customer', ...shopper } as const;
    // A send that carries its clientMessageId is safe to retry: it is stored once.
    const idempotent = input.clientMessageId !== undefined;
    const message = await withSession(c.env, input.sessionId, idempotent, async (session) =>
      await session.send(caller, input.bcid, {
        type: input.type,
        value: input.value,
        sendAt: input.sendAt,
        fromDevice: input.fromDevice ?? '',
        fromIp: callerIp(c),
        clientMessageId: input.clientMessageId,
      }),
    );
    return ok(c, unwrap(message));
  })

  .post('/get_messages', body(getMessagesBody), async (c) => {
    const input = c.req.valid('json');
    const shopper = await readShopper(c.env, input);

    const caller = { side: 'customer', ...shopper } as const;
    const page = await withSession(c.env, input.sessionId, true, async (session) =>
      await session.page(caller, input.bcid, {
        nextOrPrevious: input.nextOrPrevious,
        size: input.size,
        cursor: input.chatRoomMessageId,
      }),
    );
    return ok(c, unwrap(page));
  });
