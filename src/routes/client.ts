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
import { callerIp, ok, sessionObject } from './shared';

/** The client's side: agents (clientUsers) with a bearer access token. */
export const clientRoutes = new Hono<AppEnv>()
  .post('/send_message', body(clientSendBody), async (c) => {
    const input = c.req.valid('json');
    const agent = await readClientUser(c.env, c.req.header('authorization'));

    const caller = { side: 'handler', ...agent } as const;
    const message = await sessionObject(c.env, input.sessionId).send(caller, input.bcid, {
      type: input.type,
      value: input.value,
      sendAt: input.sendAt,
      fromDevice: input.fromDevice ?? (c.req.header('user-agent') ?? '').slice(0, 128),
      fromIp: callerIp(c),
    });
    return ok(c, unwrap(message));
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
    const session = sessionObject(c.env, input.sessionId);
    const { messages, read } = unwrap(
      await session.pageAndReadState(caller, input.bcid, {
        nextOrPrevious: input.nextOrPrevious,
        size: input.size,
        cursor: input.chatRoomMessageId,
      }),
    );
    setReadHeaders(c, read, 'Customer');
    return ok(c, messages);
  })

  .post('/mark_read', body(clientMessageBody), async (c) => {
    const input = c.req.valid('json');
    const agent = await readClientUser(c.env, c.req.header('authorization'));

    const caller = { side: 'handler', ...agent } as const;
    const session = sessionObject(c.env, input.sessionId);
    const read = await session.markRead(caller, input.bcid, input.chatRoomMessageId);
    return ok(c, { sessionId: input.sessionId, ...handlerReadFields(unwrap(read)) });
  })

  .post('/revoke_message', body(clientMessageBody), async (c) => {
    const input = c.req.valid('json');
    const agent = await readClientUser(c.env, c.req.header('authorization'));

    const caller = { side: 'handler', ...agent } as const;
    const window = recallWindowSeconds(c.env);
    const session = sessionObject(c.env, input.sessionId);
    const message = await session.revoke(caller, input.bcid, input.chatRoomMessageId, window);
    return ok(c, unwrap(message));
  })

  .post('/freeze_message', body(freezeMessageBody), async (c) => {
    const input = c.req.valid('json');
    const agent = await readClientUser(c.env, c.req.header('authorization'));

    const caller = { side: 'handler', ...agent } as const;
    const session = sessionObject(c.env, input.sessionId);
    const { bcid, chatRoomMessageId, freezed } = input;
    return ok(c, unwrap(await session.freezeMessage(caller, bcid, chatRoomMessageId, freezed)));
  })

  .post('/freeze_session', body(freezeSessionBody), async (c) => {
    const input = c.req.valid('json');
    const agent = await readClientUser(c.env, c.req.header('authorization'));

    const caller = { side: 'handler', ...agent } as const;
    const session = sessionObject(c.env, input.sessionId);
    return ok(c, unwrap(await session.freezeSession(caller, input.bcid, input.freezed)));
  });
