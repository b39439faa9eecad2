import type { Context } from 'hono';
import type { AppEnv } from '../env';
import type { ReadState } from '../session/state';

/** The read state as the customer side is told it: its own mark and the agents'. */
export function customerReadFields(read: ReadState) {
  return {
    unreadCount: read.unreadCount,
    readMessageId: read.readMessageId,
    handlerReadMessageId: read.peerReadMessageId,
  };
}

/** The read state as the agents are told it: their mark and the customer's. */
export function handlerReadFields(read: ReadState) {
  return {
    unreadCount: read.unreadCount,
    readMessageId: read.readMessageId,
    customerReadMessageId: read.peerReadMessageId,
  };
}

/**
 * `get_messages` answers with an array in `data`, as the contract fixes, so the read state
 * travels in response headers beside it; a mark not yet set leaves its header out.
 */
export function setReadHeaders(c: Context<AppEnv>, read: ReadState, peer: 'Handler' | 'Customer') {
  c.header('X-Unread-Count', String(read.unreadCount));
  if (read.readMessageId) c.header('X-Read-Message-Id', read.readMessageId);
  if (read.peerReadMessageId) c.header(`X-${peer}-Read-Message-Id`, read.peerReadMessageId);
}
