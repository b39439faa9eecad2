import { Hono } from 'hono';
import { recallWindowSeconds } from '../config';
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
import { handlerReadFields, setReadHeaders } from './read-state';
import { callerIp, ok, withSession } from './shared';

/**
 * The client's side: agents (clientUsers) with a bearer access token. Every call but a send
 * without a clientMessageId is idempotent (marks move forward, recalls and freezes set a state),
 * so those may be retried through a passing fault of the session's object.
 */
export const clientRoutes = new Hono<AppEnv>()
  .post('/send_message', body(clientSendBody), async (c) => {
    const input = c.req.valid('json');
    const agent = await readClientUser(c.env, c.req.header('authorization'));

    const caller = { side: 'handler', ...agent } as const;
    const idempotent = input.clientMessageId !== undefined;
    const message = await withSession(c.env, input.sessionId, idempotent, async (session) =>
      unwrap(
        await session.send(caller, input.bcid, {
          type: input.type,
          value: input.value,
          sendAt: input.sendAt,
          fromDevice: input.fromDevice ?? (c.req.header('user-agent') ?? '').slice(0, 128),
          fromIp: callerIp(c),
          clientMessageId: input.clientMessageId,
        }),
      ),
    );
    return ok(c, message);
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

    const caller = { side: 'handler', ...agent } as const;
    const { messages, read } = await withSession(c.env, input.sessionId, true, async (session) =>
      unwrap(
        await session.pageAndReadState(caller, input.bcid, {
          nextOrPrevious: input.nextOrPrevious,
          size: input.size,
          cursor: input.chatRoomMessageId,
        }),
      ),
    );
    setReadHeaders(c, read, 'Customer');
    return ok(c, messages);
  })

  .post('/mark_read', body(clientMessageBody), async (c) => {
    const input = c.req.valid('json');
    const agent = await readClientUser(c.env, c.req.header('authorization'));

    const caller = { side: 'handler', ...agent } as const;
    const read = await withSession(c.env, input.sessionId, true, async (session) =>
      unwrap(await session.markRead(caller, input.bcid, input.chatRoomMessageId)),
    );
    return ok(c, { sessionId: input.sessionId, ...handlerReadFields(read) });
  })

  .post('/revoke_message', body(clientMessageBody), async (c) => {
    const input = c.req.valid('json');
    const agent = await readClientUser(c.env, c.req.header('authorization'));

    const caller = { side: 'handler', ...agent } as const;
    const window = recallWindowSeconds(c.env);
    const message = await withSession(c.env, input.sessionId, true, async (session) =>
      unwrap(await session.revoke(caller, input.bcid, input.chatRoomMessageId, window)),
    );
    return ok(c, message);
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
