import { Hono } from 'hono';
import { findChannelAndSession, findOrCreateSession } from '../db';
import { notFound, unwrap } from '../errors';
import type { AppEnv } from '../env';
import { readShopper } from '../identity';
import { body } from '../middleware';
import { customerSendBody, getMessagesBody, initSessionBody } from '../schemas';
import { callerIp, ok, sessionObject } from './shared';

/** How many of the latest messages opening the chat window returns. */
const OPENING_PAGE = 10;

/** The shopper's side: a logged-in customer with `_auth`, or a visitor with its id. */
export const customerRoutes = new Hono<AppEnv>()
  .post('/init_message_session', body(initSessionBody), async (c) => {
    const input = c.req.valid('json');
    const shopper = await readShopper(c.env, input, true);

    const found = await findChannelAndSession(c.env.DB, input.bcid, shopper);
    if (!found) throw notFound('No channel has this bcid.');
    const owner = found.session ?? (await findOrCreateSession(c.env.DB, found.channel, shopper));
    const messages = unwrap(await sessionObject(c.env, owner.sessionId).open(owner, OPENING_PAGE));

    const data = { messages, sessionId: owner.sessionId };
    return ok(c, shopper.minted ? { ...data, customerIdentifier: shopper.id } : data);
  })

  .post('/send_message', body(customerSendBody), async (c) => {
    const input = c.req.valid('json');
    const shopper = await readShopper(c.env, input);

    const caller = { side: 'customer', ...shopper } as const;
    const message = await sessionObject(c.env, input.sessionId).send(caller, input.bcid, {
      type: input.type,
      value: input.value,
      sendAt: input.sendAt,
      fromDevice: input.fromDevice ?? '',
      fromIp: callerIp(c),
    });
    return ok(c, unwrap(message));
  })

  .post('/get_messages', body(getMessagesBody), async (c) => {
    const input = c.req.valid('json');
    const shopper = await readShopper(c.env, input);

    const caller = { side: 'customer', ...shopper } as const;
    const page = await sessionObject(c.env, input.sessionId).page(caller, input.bcid, {
      nextOrPrevious: input.nextOrPrevious,
      size: input.size,
      cursor: input.chatRoomMessageId,
    });
    return ok(c, unwrap(page));
  });
