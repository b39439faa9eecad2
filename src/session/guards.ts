import type { SendQuota } from '../config';
import type { Refusal } from '../errors';
import type { MessageRow } from './message';

/**
 * The message a sender already stored under this clientMessageId, if any: a retry of a send
 * returns the first attempt's message instead of storing a second one. Ids are scoped to their
 * sender, so one side cannot collide with, or fish for, the other's.
 */
export function storedRetry(
  sql: SqlStorage,
  columns: string,
  author: string,
  clientMessageId: string,
): MessageRow | null {
  const rows = sql
    .exec<MessageRow>(
      `SELECT ${columns} FROM messages WHERE client_message_id = ? AND author = ?`,
      clientMessageId,
      author,
    )
    .toArray();
  return rows[0] ?? null;
}

/**
 * Refuses a shopper's message when the session already accepted `quota.messages` of theirs in
 * the last `quota.windowSeconds`. The object is the only writer of its log, so the count is
 * exact. `created_at` grows with the log, so its index finds the window directly, and the count
 * stops at the quota: a send costs the same however busy the window has been.
 */
export function overQuota(sql: SqlStorage, quota: SendQuota, nowMicros: number): Refusal | null {
  const windowMicros = quota.windowSeconds * 1e6;
  const recent = sql
    .exec<{ n: number; oldest: number | null }>(
      `SELECT count(*) AS n, min(created_at) AS oldest FROM (
         SELECT created_at FROM messages
         WHERE created_at > ? AND author_type <> 'clientUser'
         ORDER BY created_at LIMIT ?)`,
      nowMicros - windowMicros,
      quota.messages,
    )
    .one();
  if (recent.n < quota.messages || recent.oldest === null) return null;

  const retryAfter = (recent.oldest + windowMicros - nowMicros) / 1e6;
  const message = `At most ${quota.messages} messages per ${quota.windowSeconds} seconds.`;
  return { refused: { status: 429, code: 'rate_limited', message, retryAfter } };
}
