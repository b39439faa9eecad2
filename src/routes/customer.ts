import { Hono } from 'hono';
import { claimSession } from '../claim';
import { recallWindowSeconds } from '../config';
import { findChannelAndSession } from '../db';
import { notFound, unwrap } from '../errors';
import type { AppEnv } from '../env';
import { readShopper } from '../identity';
import { createSessionWithinLimits } from '../limits';
import { body } from '../middleware';
import {
  claimSessionBody,
  customerMessageBody,
  customerSendBody,
  getMessagesBody,
  initSessionBody,
} from '../schemas';
import { customerReadFields, setReadHeaders } from './read-state';
import { callerIp, ok, withSession } from './shared';

/** How many of the latest messages opening the chat window returns. */
const OPENING_PAGE = 10;

/** The shopper's side: a logged-in customer with `_auth`, or a visitor with its id. */
export const customerRoutes = new Hono<AppEnv>()
  .post('/init_message_session', body(initSessionBody), async (c) => {
    const input = c.req.valid('json');
    const shopper = await readShopper(c.env, input, true);

    const found = await findChannelAndSession(c.env.DB, input.bcid, shopper);
    if (!found) throw notFound('No channel has this bcid.');
    const owner = found.session ?? (await createSessionWithinLimits(c, found.channel, shopper));
    const opened = await withSession(c.env, owner.sessionId, true, async (session) =>
      unwrap(await session.open(owner, OPENING_PAGE)),
    );

    const data = {
      messages: opened.messages,
      sessionId: owner.sessionId,
      ...customerReadFields(opened.read),
    };
    return ok(c, shopper.minted ? { ...data, customerIdentifier: shopper.id } : data);
  })

  .post('/send_message', body(customerSendBody), async (c) => {
    const input = c.req.valid('json');
    const shopper = await readShopper(c.env, input);

    const caller = { side: 'customer', ...shopper } as const;
    // A send that carries its clientMessageId is safe to retry: it is stored once.
    const idempotent = input.clientMessageId !== undefined;
    const message = await withSession(c.env, input.sessionId, idempotent, async (session) =>
      unwrap(
        await session.send(caller, input.bcid, {
          type: input.type,
          value: input.value,
          sendAt: input.sendAt,
          fromDevice: input.fromDevice ?? '',
          fromIp: callerIp(c),
          clientMessageId: input.clientMessageId,
        }),
      ),
    );
    return ok(c, message);
  })

  .post('/get_messages', body(getMessagesBody), async (c) => {
    const input = c.req.valid('json');
    const shopper = await readShopper(c.env, input);

    const caller = { side: 'customer', ...shopper } as const;
    const { messages, read } = await withSession(c.env, input.sessionId, true, async (session) =>
      unwrap(
        await session.pageAndReadState(caller, input.bcid, {
          nextOrPrevious: input.nextOrPrevious,
          size: input.size,
          cursor: input.chatRoomMessageId,
        }),
      ),
    );
    setReadHeaders(c, read, 'Handler');
    return ok(c, messages);
  })

  // Marks only move forward, so marking again is harmless and the call may be retried.
  .post('/mark_read', body(customerMessageBody), async (c) => {
    const input = c.req.valid('json');
    const shopper = await readShopper(c.env, input);

    const caller = { side: 'customer', ...shopper } as const;
    const read = await withSession(c.env, input.sessionId, true, async (session) =>
      unwrap(await session.markRead(caller, input.bcid, input.chatRoomMessageId)),
    );
    return ok(c, { sessionId: input.sessionId, ...customerReadFields(read) });
  })

  // Recalling twice is harmless, so the call may be retried.
  .post('/revoke_message', body(customerMessageBody), async (c) => {
    const input = c.req.valid('json');
    const shopper = await readShopper(c.env, input);

    const caller = { side: 'customer', ...shopper } as const;
    const window = recallWindowSeconds(c.env);
    const message = await withSession(c.env, input.sessionId, true, async (session) =>
      unwrap(await session.revoke(caller, input.bcid, input.chatRoomMessageId, window)),
    );
    return ok(c, message);
  })

  .post('/claim_session', body(claimSessionBody), async (c) => {
    const input = c.req.valid('json');
    const customer = await readShopper(c.env, input);

    return ok(c, await claimSession(c.env, input.bcid, input.customerIdentifier, customer.id));
  });
