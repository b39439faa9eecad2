import { Hono } from 'hono';
import { recallWindowSeconds } from '../config';
import { findChannel, findOrCreateSession } from '../db';
import { notFound, unwrap } from '../errors';
import type { AppEnv } from '../env';
import { readShopper } from '../identity';
import { body } from '../middleware';
import {
  claimSessionBody,
  customerMessageBody,
  customerSendBody,
  getMessagesBody,
  initSessionBody,
} from '../schemas';
import { claimSession } from '../claim';
import { customerReadFields, setReadHeaders } from './read-state';
import { callerIp, ok, sessionObject } from './shared';

/** How many of the latest messages opening the chat window returns. */
const OPENING_PAGE = 10;

/** The shopper's side: a logged-in customer with `_auth`, or a visitor with its id. */
export const customerRoutes = new Hono<AppEnv>()
  .post('/init_message_session', body(initSessionBody), async (c) => {
    const input = c.req.valid('json');
    const shopper = await readShopper(c.env, input, true);

    const channel = await findChannel(c.env.DB, input.bcid);
    if (!channel) throw notFound('No channel has this bcid.');
    const owner = await findOrCreateSession(c.env.DB, channel, shopper);
    const session = sessionObject(c.env, owner.sessionId);
    const messages = unwrap(await session.open(owner, OPENING_PAGE));
    const read = unwrap(await session.readState({ side: 'customer', ...shopper }, input.bcid));

    const data = { messages, sessionId: owner.sessionId, ...customerReadFields(read) };
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
    const session = sessionObject(c.env, input.sessionId);
    const { messages, read } = unwrap(
      await session.pageAndReadState(caller, input.bcid, {
        nextOrPrevious: input.nextOrPrevious,
        size: input.size,
        cursor: input.chatRoomMessageId,
      }),
    );
    setReadHeaders(c, read, 'Handler');
    return ok(c, messages);
  })

  .post('/mark_read', body(customerMessageBody), async (c) => {
    const input = c.req.valid('json');
    const shopper = await readShopper(c.env, input);

    const caller = { side: 'customer', ...shopper } as const;
    const session = sessionObject(c.env, input.sessionId);
    const read = await session.markRead(caller, input.bcid, input.chatRoomMessageId);
    return ok(c, { sessionId: input.sessionId, ...customerReadFields(unwrap(read)) });
  })

  .post('/revoke_message', body(customerMessageBody), async (c) => {
    const input = c.req.valid('json');
    const shopper = await readShopper(c.env, input);

    const caller = { side: 'customer', ...shopper } as const;
    const window = recallWindowSeconds(c.env);
    const session = sessionObject(c.env, input.sessionId);
    const message = await session.revoke(caller, input.bcid, input.chatRoomMessageId, window);
    return ok(c, unwrap(message));
  })

  .post('/claim_session', body(claimSessionBody), async (c) => {
    const input = c.req.valid('json');
    const customer = await readShopper(c.env, input);

    return ok(c, await claimSession(c.env, input.bcid, input.customerIdentifier, customer.id));
  });
