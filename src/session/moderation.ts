import type { Refusal } from '../errors';
import type { Message, MessageRow } from './message';
import type { Side } from './state';

export const NO_MESSAGE: Refusal = {
  refused: { status: 404, code: 'not_found', message: 'No such message.' },
};

export const SESSION_FROZEN: Refusal = {
  refused: {
    status: 423,
    code: 'session_frozen',
    message: 'This session is frozen: messages from the customer side are not accepted.',
  },
};

export const sideOf = (row: MessageRow): Side =>
  row.author_type === 'clientUser' ? 'handler' : 'customer';

/**
 * Why the caller's side may not recall this message, or null when it may. A message already
 * recalled may be recalled again, harmlessly, even after the window.
 */
export function recallRefusal(
  row: MessageRow,
  side: Side,
  windowSeconds: number,
  nowMicros: number,
): Refusal | null {
  if (sideOf(row) !== side) {
    const message = 'Only the side that sent a message can recall it.';
    return { refused: { status: 403, code: 'forbidden', message } };
  }
  if (row.revoked === 1) return null;
  if (nowMicros - row.created_at > windowSeconds * 1e6) {
    const message = `A message can be recalled only within ${windowSeconds} seconds of sending.`;
    return { refused: { status: 409, code: 'conflict', message } };
  }
  return null;
}

/** The customer side never reads the value of a frozen message; the agents still do. */
export function asSeenByCustomer(message: Message): Message {
  return message.freezed ? { ...message, value: '' } : message;
}
