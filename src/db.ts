import { nanoid } from 'nanoid';
import type { Shopper } from './identity';
import type { SessionOwner } from './session/message';

/** D1 holds the channels and the index of sessions; the messages live in the sessions' objects. */

export interface Channel {
  bcid: string;
  clientId: string;
}

export async function findChannel(db: D1Database, bcid: string): Promise<Channel | null> {
  return db
    .prepare('SELECT bcid, client_id AS clientId FROM channels WHERE bcid = ?')
    .bind(bcid)
    .first<Channel>();
}

/** Registers a channel; registering the same pair again changes nothing. */
export async function insertChannel(db: D1Database, channel: Channel): Promise<Channel> {
  await db
    .prepare('INSERT INTO channels (bcid, client_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING')
    .bind(channel.bcid, channel.clientId, Date.now())
    .run();
  const stored = await findChannel(db, channel.bcid);
  if (!stored) throw new Error(`channel ${channel.bcid} vanished after insert`);
  return stored;
}

const SESSION_COLUMNS = `session_id AS sessionId, bcid, client_id AS clientId,
  customer_identifier AS customerIdentifier, customer_identifier_type AS customerIdentifierType`;

/** The shopper's session on the channel, if it has one. */
export async function findSession(
  db: D1Database,
  bcid: string,
  shopper: Shopper,
): Promise<SessionOwner | null> {
  return db
    .prepare(
      `SELECT ${SESSION_COLUMNS} FROM sessions
       WHERE bcid = ? AND customer_identifier_type = ? AND customer_identifier = ?`,
    )
    .bind(bcid, shopper.type, shopper.id)
    .first<SessionOwner>();
}

/**
 * Creates the shopper's session on the channel. Concurrent first calls race on the unique key:
 * one insert wins, and every caller reads the winner back.
 */
export async function createSession(
  db: D1Database,
  channel: Channel,
  shopper: Shopper,
): Promise<SessionOwner> {
  await db
    .prepare(
      `INSERT INTO sessions (session_id, bcid, client_id, customer_identifier,
         customer_identifier_type, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    )
    .bind(nanoid(), channel.bcid, channel.clientId, shopper.id, shopper.type, Date.now())
    .run();

  const created = await findSession(db, channel.bcid, shopper);
  if (!created) throw new Error(`session of ${shopper.type} on ${channel.bcid} vanished after insert`);
  return created;
}
