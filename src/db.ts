import { nanoid } from 'nanoid';
import type { Shopper } from './identity';
import type { Message, SessionOwner } from './session/message';

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
    .prepare(
      'INSERT INTO channels (bcid, client_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    )
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
  if (!created)
    throw new Error(`session of ${shopper.type} on ${channel.bcid} vanished after insert`);
  return created;
}

/** What the inbox shows of one session, as its object writes it. */
export interface InboxState {
  sessionId: string;
  /** The object's change counter: D1 keeps only a newer state than it holds. */
  version: number;
  lastMessage: Message | null;
  /** The last message's createdAt, in microseconds. */
  lastMessageAt: number | null;
  /** Customer messages after the agents' read mark. */
  unreadCount: number;
  freezed: boolean;
}

/** Writes a session's inbox state unless D1 already holds this version or a newer one. */
export async function writeInboxState(db: D1Database, inbox: InboxState): Promise<void> {
  await db
    .prepare(
      `UPDATE sessions SET last_message = ?, last_message_at = ?, unread_count = ?, freezed = ?,
         state_version = ? WHERE session_id = ? AND state_version < ?`,
    )
    .bind(
      inbox.lastMessage ? JSON.stringify(inbox.lastMessage) : null,
      inbox.lastMessageAt,
      inbox.unreadCount,
      inbox.freezed ? 1 : 0,
      inbox.version,
      inbox.sessionId,
      inbox.version,
    )
    .run();
}

/**
 * Gives a visitor's session to a customer. False when the visitor no longer owns it; the
 * unique key refuses it (and this throws) when the customer has a session on the channel.
 */
export async function transferSession(
  db: D1Database,
  sessionId: string,
  visitorId: string,
  customerId: string,
): Promise<boolean> {
  const result = await db
    .prepare(
      `UPDATE sessions SET customer_identifier_type = 'customer', customer_identifier = ?
       WHERE session_id = ? AND customer_identifier_type = 'visitor' AND customer_identifier = ?`,
    )
    .bind(customerId, sessionId, visitorId)
    .run();
  return result.meta.changes === 1;
}

export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && /UNIQUE constraint failed/i.test(error.message);
}

export interface InboxQuery {
  clientId: string;
  bcid?: string | undefined;
  customerIdentifier?: string | undefined;
  unreadOnly: boolean;
  /** The last position D1 had recorded when the walk began; null on a walk's first page. */
  snapshot: number | null;
  /** The position of the previous page's last entry. */
  after: { activityAt: number; sessionId: string } | null;
  limit: number;
}

/** One inbox entry and its place in the walk. */
export interface InboxRow {
  entry: InboxEntry;
  activityAt: number;
  snapshot: number;
}

export interface InboxEntry {
  sessionId: string;
  bcid: string;
  clientId: string;
  customerIdentifier: string;
  customerIdentifierType: 'customer' | 'visitor';
  createdAt: number;
  lastMessageAt: number | null;
  lastMessage: Message | null;
  unreadCount: number;
  freezed: boolean;
}

interface InboxRecord extends Omit<InboxEntry, 'lastMessage' | 'freezed'> {
  lastMessage: string | null;
  freezed: number;
  activityAt: number;
  snapshot: number;
}

/**
 * A page of a client's inbox, most recent activity first. Each session is read at the
 * position it held at the walk's snapshot (its newest position recorded by then), so pages
 * taken while sessions move up neither skip nor repeat one. The walk follows the index on
 * (client, activity, session) and starts right after the previous page's last entry.
 */
export async function listInbox(db: D1Database, query: InboxQuery): Promise<InboxRow[]> {
  const { sql, bindings } = inboxStatement(query);
  const { results } = await db
    .prepare(sql)
    .bind(...bindings)
    .all<InboxRecord>();
  return results.map(toInboxRow);
}

/** The inbox page's SQL and its bindings; the filters add conditions, never other orders. */
export function inboxStatement(query: InboxQuery) {
  const where = ['p.client_id = ?', 'p.seq <= snap.upto'];
  const bindings: (string | number | null)[] = [query.snapshot, query.clientId];
  if (query.after) {
    where.push('p.activity_at <= ? AND (p.activity_at < ? OR p.session_id < ?)');
    const { activityAt, sessionId } = query.after;
    bindings.push(activityAt, activityAt, sessionId);
  }
  if (query.bcid) {
    where.push('s.bcid = ?');
    bindings.push(query.bcid);
  }
  if (query.customerIdentifier) {
    where.push('s.customer_identifier = ?');
    bindings.push(query.customerIdentifier);
  }
  if (query.unreadOnly) where.push('s.unread_count > 0');

  const sql = `
    WITH snap (upto) AS (SELECT coalesce(?, (SELECT max(seq) FROM inbox_positions), 0))
    SELECT s.session_id AS sessionId, s.bcid, s.client_id AS clientId,
      s.customer_identifier AS customerIdentifier,
      s.customer_identifier_type AS customerIdentifierType, s.created_at / 1000.0 AS createdAt,
      s.last_message_at / 1e6 AS lastMessageAt, s.last_message AS lastMessage,
      s.unread_count AS unreadCount, s.freezed, p.activity_at AS activityAt, snap.upto AS snapshot
    FROM snap, inbox_positions p JOIN sessions s ON s.session_id = p.session_id
    WHERE ${where.join(' AND ')}
      AND NOT EXISTS (SELECT 1 FROM inbox_positions q
        WHERE q.session_id = p.session_id AND q.seq > p.seq AND q.seq <= snap.upto)
    ORDER BY p.activity_at DESC, p.session_id DESC
    LIMIT ?`;
  bindings.push(query.limit);
  return { sql, bindings };
}

function toInboxRow(record: InboxRecord): InboxRow {
  const entry: InboxEntry = {
    sessionId: record.sessionId,
    bcid: record.bcid,
    clientId: record.clientId,
    customerIdentifier: record.customerIdentifier,
    customerIdentifierType: record.customerIdentifierType,
    createdAt: record.createdAt,
    lastMessageAt: record.lastMessageAt,
    lastMessage: record.lastMessage === null ? null : (JSON.parse(record.lastMessage) as Message),
    unreadCount: record.unreadCount,
    freezed: record.freezed === 1,
  };
  return { entry, activityAt: record.activityAt, snapshot: record.snapshot };
}
