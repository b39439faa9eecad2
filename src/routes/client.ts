import { Hono } from 'hono';
import { unwrap } from '../errors';
import type { AppEnv } from '../env';
import { readClientUser } from '../identity';
import { body } from '../middleware';
import { clientSendBody } from '../schemas';
import { callerIp, ok, withSession } from './shared';

/** The client's side: agents (clientUsers) with a bearer access token. */
export const clientRoutes = new Hono<AppEnv>().post(
  '/send_message',
  body(clientSendBody),
  async (c) => {
    const input = c.req.valid('json');
    const agent = await readClientUser(c.env, c.req.header('authorization'));

    const caller = { side: 'handler', ...agent } as const;
    const idempotent = input.clientMessageId !== undefined;
    const message = await withSession(c.env, input.sessionId, idempotent, async (session) =>
      await session.send(caller, input.bcid, {
        type: input.type,
        value: input.value,
        sendAt: input.sendAt,
        fromDevice: input.fromDevice ?? (c.req.header('user-agent') ?? '').slice(0, 128),
        fromIp: callerIp(c),
        clientMessageId: input.clientMessageId,
      }),
    );
    return ok(c, unwrap(message));
  },
);
