import { Hono } from 'hono';
import { claimSession } from '../claim';
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
import { customerReadFields } from './read-state';
import { markRead, readPage, recall, sendMessage } from './session-calls';
import { ok, withSession } from './shared';

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
    return sendMessage(c, { side: 'customer', ...shopper }, input, input.fromDevice ?? '');
  })

  .post('/get_messages', body(getMessagesBody), async (c) => {
    const input = c.req.valid('json');
    const shopper = await readShopper(c.env, input);
    return readPage(c, { side: 'customer', ...shopper }, input);
  })

  .post('/mark_read', body(customerMessageBody), async (c) => {
    const input = c.req.valid('json');
    const shopper = await readShopper(c.env, input);
    return markRead(c, { side: 'customer', ...shopper }, input, customerReadFields);
  })

  .post('/revoke_message', body(customerMessageBody), async (c) => {
    const input = c.req.valid('json');
    const shopper = await readShopper(c.env, input);
    return recall(c, { side: 'customer', ...shopper }, input);
  })

  .post('/claim_session', body(claimSessionBody), async (c) => {
    const input = c.req.valid('json');
    const customer = await readShopper(c.env, input);

    return ok(c, await claimSession(c.env, input.bcid, input.customerIdentifier, customer.id));
  });
