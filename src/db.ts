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

export interface ChannelAndSession {
  channel: Channel;
  /** The shopper's session on the channel; null when they have none there yet. */
  session: SessionOwner | null;
}

/** A channel row with the shopper's session row joined to it: all of `s` is null when absent. */
interface ChannelSessionRow {
  bcid: string;
  clientId: string;
  sessionId: string | null;
  sessionClientId: string | null;
  customerIdentifier: string | null;
  customerIdentifierType: SessionOwner['customerIdentifierType'] | null;
}

/**
 * The channel and the shopper's session on it, in one D1 query: a returning shopper, the
 * usual caller, opens the chat window with a single round trip to D1. Null for an unknown bcid.
 */
export async function findChannelAndSession(
  db: D1Database,
  bcid: string,
  shopper: Shopper,
): Promise<ChannelAndSession | null> {
  const row = await db
    .prepare(
      `SELECT c.bcid, c.client_id AS clientId, s.session_id AS sessionId,
         s.client_id AS sessionClientId, s.customer_identifier AS customerIdentifier,
         s.customer_identifier_type AS customerIdentifierType
       FROM channels c LEFT JOIN sessions s ON s.bcid = c.bcid
         AND s.customer_identifier_type = ? AND s.customer_identifier = ?
       WHERE c.bcid = ?`,
    )
    .bind(shopper.type, shopper.id, bcid)
    .first<ChannelSessionRow>();
  if (!row) return null;

  const channel = { bcid: row.bcid, clientId: row.clientId };
  const { sessionId, sessionClientId: clientId, customerIdentifier, customerIdentifierType } = row;
  if (!sessionId || !clientId || !customerIdentifier || !customerIdentifierType) {
    return { channel, session: null };
  }
  return {
    channel,
    session: { sessionId, bcid: row.bcid, clientId, customerIdentifier, customerIdentifierType },
  };
}

const SESSION_COLUMNS = `session_id AS sessionId, bcid, client_id AS clientId,
  customer_identifier AS customerIdentifier, customer_identifier_type AS customerIdentifierType`;

/**
 * The shopper's session on the channel, created when there is none. Concurrent first calls
 * race on the unique key: one insert wins, and every caller reads the winner back.
 */
export async function findOrCreateSession(
  db: D1Database,
  channel: Channel,
  shopper: Shopper,
): Promise<SessionOwner> {
  const select = db
    .prepare(
      `SELECT ${SESSION_COLUMNS} FROM sessions
       WHERE bcid = ? AND customer_identifier_type = ? AND customer_identifier = ?`,
    )
    .bind(channel.bcid, shopper.type, shopper.id);

  const existing = await select.first<SessionOwner>();
  if (existing) return existing;

  await db
    .prepare(
      `INSERT INTO sessions (session_id, bcid, client_id, customer_identifier,
         customer_identifier_type, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    )
    .bind(nanoid(), channel.bcid, channel.clientId, shopper.id, shopper.type, Date.now())
    .run();

  const created = await select.first<SessionOwner>();
  if (!created) throw new Error(`session of ${shopper.type} on ${channel.bcid} vanished after insert`);
  return created;
}
