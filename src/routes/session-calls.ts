import type { Context } from 'hono';
import { recallWindowSeconds } from '../config';
import { unwrap } from '../errors';
import type { AppEnv } from '../env';
import type { Caller } from '../identity';
import type { ReadState } from '../session/state';
import { setReadHeaders } from './read-state';
import { callerIp, ok, withSession } from './shared';

/**
 * The calls both sides make on a session alike: the routes differ in how they learn who is
 * calling, these in nothing but the caller. Every call but a send without a clientMessageId is
 * idempotent (marks move forward, a second recall changes nothing), so it may be retried.
 */

interface SendInput {
  bcid: string;
  sessionId: string;
  type: 'text' | 'image' | 'video';
  value: string;
  sendAt: number;
  clientMessageId?: string | undefined;
}

interface PageInput {
  bcid: string;
  sessionId: string;
  nextOrPrevious: 'next' | 'previous';
  size: number;
  chatRoomMessageId?: string | undefined;
}

interface MessageInput {
  bcid: string;
  sessionId: string;
  chatRoomMessageId: string;
}

export async function sendMessage(
  c: Context<AppEnv>,
  caller: Caller,
  input: SendInput,
  fromDevice: string,
) {
  // A send that carries its clientMessageId is stored once, however often it is retried.
  const idempotent = input.clientMessageId !== undefined;
  const message = await withSession(c.env, input.sessionId, idempotent, async (session) =>
    unwrap(
      await session.send(caller, input.bcid, {
        type: input.type,
        value: input.value,
        sendAt: input.sendAt,
        fromDevice,
        fromIp: callerIp(c),
        clientMessageId: input.clientMessageId,
      }),
    ),
  );
  return ok(c, message);
}

/** A page of the log, with the caller's read state in headers beside the contract's array. */
export async function readPage(c: Context<AppEnv>, caller: Caller, input: PageInput) {
  const query = {
    nextOrPrevious: input.nextOrPrevious,
    size: input.size,
    cursor: input.chatRoomMessageId,
  };
  const { messages, read } = await withSession(c.env, input.sessionId, true, async (session) =>
    unwrap(await session.pageAndReadState(caller, input.bcid, query)),
  );
  setReadHeaders(c, read, caller.side === 'customer' ? 'Handler' : 'Customer');
  return ok(c, messages);
}

/** Moves the caller's read mark; `fields` tells the read state as the caller's side reads it. */
export async function markRead<F extends object>(
  c: Context<AppEnv>,
  caller: Caller,
  input: MessageInput,
  fields: (read: ReadState) => F,
) {
  const read = await withSession(c.env, input.sessionId, true, async (session) =>
    unwrap(await session.markRead(caller, input.bcid, input.chatRoomMessageId)),
  );
  return ok(c, { sessionId: input.sessionId, ...fields(read) });
}

export async function recall(c: Context<AppEnv>, caller: Caller, input: MessageInput) {
  const window = recallWindowSeconds(c.env);
  const message = await withSession(c.env, input.sessionId, true, async (session) =>
    unwrap(await session.revoke(caller, input.bcid, input.chatRoomMessageId, window)),
  );
  return ok(c, message);
}
