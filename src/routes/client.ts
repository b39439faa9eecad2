import { Hono } from 'hono';
import { unwrap } from '../errors';
import type { AppEnv } from '../env';
import { readClientUser } from '../identity';
import { readInbox } from '../inbox';
import { body } from '../middleware';
import {
  clientGetMessagesBody,
  clientMessageBody,
  clientSendBody,
  freezeMessageBody,
  freezeSessionBody,
  listSessionsBody,
} from '../schemas';
import { handlerReadFields } from './read-state';
import { markRead, readPage, recall, sendMessage } from './session-calls';
import { ok, withSession } from './shared';

/**
 * The client's side: agents (clientUsers) with a bearer access token. Freezes set a state, so
 * they may be retried through a passing fault of the session's object.
 */
export const clientRoutes = new Hono<AppEnv>()
  .post('/send_message', body(clientSendBody), async (c) => {
    const input = c.req.valid('json');
    const agent = await readClientUser(c.env, c.req.header('authorization'));
    const fromDevice = input.fromDevice ?? (c.req.header('user-agent') ?? '').slice(0, 128);
    return sendMessage(c, { side: 'handler', ...agent }, input, fromDevice);
  })

  .post('/list_sessions', body(listSessionsBody), async (c) => {
    const input = c.req.valid('json');
    const agent = await readClientUser(c.env, c.req.header('authorization'));

    const page = await readInbox(c.env.DB, {
      clientId: agent.clientId,
      bcid: input.bcid,
      customerIdentifier: input.customerIdentifier,
      unreadOnly: input.unread,
      size: input.size,
      cursor: input.cursor,
    });
    return ok(c, page);
  })

  .post('/get_messages', body(clientGetMessagesBody), async (c) => {
    const input = c.req.valid('json');
    const agent = await readClientUser(c.env, c.req.header('authorization'));
    return readPage(c, { side: 'handler', ...agent }, input);
  })

  .post('/mark_read', body(clientMessageBody), async (c) => {
    const input = c.req.valid('json');
    const agent = await readClientUser(c.env, c.req.header('authorization'));
    return markRead(c, { side: 'handler', ...agent }, input, handlerReadFields);
  })

  .post('/revoke_message', body(clientMessageBody), async (c) => {
    const input = c.req.valid('json');
    const agent = await readClientUser(c.env, c.req.header('authorization'));
    return recall(c, { side: 'handler', ...agent }, input);
  })

  .post('/freeze_message', body(freezeMessageBody), async (c) => {
    const input = c.req.valid('json');
    const agent = await readClientUser(c.env, c.req.header('authorization'));

    const caller = { side: 'handler', ...agent } as const;
    const { bcid, chatRoomMessageId, freezed } = input;
    const message = await withSession(c.env, input.sessionId, true, async (session) =>
      unwrap(await session.freezeMessage(caller, bcid, chatRoomMessageId, freezed)),
    );
    return ok(c, message);
  })

  .post('/freeze_session', body(freezeSessionBody), async (c) => {
    const input = c.req.valid('json');
    const agent = await readClientUser(c.env, c.req.header('authorization'));

    const caller = { side: 'handler', ...agent } as const;
    const result = await withSession(c.env, input.sessionId, true, async (session) =>
      unwrap(await session.freezeSession(caller, input.bcid, input.freezed)),
    );
    return ok(c, result);
  });
