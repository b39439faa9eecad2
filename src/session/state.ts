import type { Caller } from '../identity';

/** The two sides of a session; each keeps one read mark, shared by all of its devices or agents. */
export type Side = Caller['side'];

/** How far one side has read, and how far the other side has read. */
export interface ReadState {
  /** The other side's messages after this side's read mark, recalled ones not counted. */
  unreadCount: number;
  /** The last message this side has read, or null. */
  readMessageId: string | null;
  /** The last message the other side has read, or null. */
  peerReadMessageId: string | null;
}

/**
 * What the session keeps beside its log: read marks, unread counters, the freeze, the claim,
 * and the change counter of what the inbox shows. One row, beside `session` and `messages`;
 * session/schema.ts makes those two.
 */
export const STATE_SCHEMA = `
  CREATE TABLE IF NOT EXISTS session_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    freezed INTEGER NOT NULL DEFAULT 0,
    customer_read_seq INTEGER NOT NULL DEFAULT 0,
    handler_read_seq INTEGER NOT NULL DEFAULT 0,
    unread_by_customer INTEGER NOT NULL DEFAULT 0,
    unread_by_handler INTEGER NOT NULL DEFAULT 0,
    claimed_from TEXT,
    inbox_version INTEGER NOT NULL DEFAULT 0,
    synced_version INTEGER NOT NULL DEFAULT 0
  );
`;

interface StateRow extends Record<string, SqlStorageValue> {
  freezed: number;
  customer_read_seq: number;
  handler_read_seq: number;
  unread_by_customer: number;
  unread_by_handler: number;
  claimed_from: string | null;
  inbox_version: number;
  synced_version: number;
}

/** The author types whose messages the given side reads as the other side's. */
const peerAuthor = (side: Side) =>
  side === 'customer' ? "author_type = 'clientUser'" : "author_type <> 'clientUser'";

const markColumn = (side: Side) => (side === 'customer' ? 'customer_read_seq' : 'handler_read_seq');
const unreadColumn = (side: Side) =>
  side === 'customer' ? 'unread_by_customer' : 'unread_by_handler';

/**
 * The session's state row. Every method runs its SQL synchronously, inside the same
 * synchronous call as the change it records, so the state commits with the change.
 */
export class SessionState {
  constructor(private readonly sql: SqlStorage) {}

  /**
   * Creates the row when missing. A session opened before the row existed gets its counters
   * from its log once (with no read marks yet, every message of the other side is unread),
   * and its inbox state is due for D1 when it has a log.
   */
  ensure(): void {
    this.sql.exec(STATE_SCHEMA);
    // Counting the log is for the one start that creates the row, never for later ones.
    const rows = this.sql.exec('SELECT 1 FROM session_state WHERE id = 1').toArray();
    if (rows.length > 0) return;

    this.sql.exec(
      `INSERT INTO session_state
         (id, unread_by_customer, unread_by_handler, inbox_version)
       SELECT 1,
         (SELECT count(*) FROM messages WHERE ${peerAuthor('customer')} AND revoked = 0),
         (SELECT count(*) FROM messages WHERE ${peerAuthor('handler')} AND revoked = 0),
         EXISTS (SELECT 1 FROM messages)`,
    );
  }

  /** D1 has not yet taken the latest inbox state. */
  isBehind(): boolean {
    const row = this.row();
    return row.inbox_version > row.synced_version;
  }

  row(): StateRow {
    return this.sql.exec<StateRow>('SELECT * FROM session_state WHERE id = 1').one();
  }

  isFrozen(): boolean {
    return this.row().freezed === 1;
  }

  /** A new message is unread by the side that did not send it. */
  recordMessage(author: Side): void {
    const column = unreadColumn(author === 'customer' ? 'handler' : 'customer');
    this.sql.exec(
      `UPDATE session_state SET ${column} = ${column} + 1, inbox_version = inbox_version + 1
       WHERE id = 1`,
    );
  }

  /** A message was frozen or thawed: the inbox preview may show it. */
  recordModeration(): void {
    this.changed();
  }

  /** A recalled message no longer counts as unread by the side that has not read it. */
  recordRecall(author: Side, seq: number): void {
    const reader = author === 'customer' ? 'handler' : 'customer';
    const [mark, column] = [markColumn(reader), unreadColumn(reader)];
    this.sql.exec(
      `UPDATE session_state SET ${column} = max(${column} - 1, 0) WHERE id = 1 AND ${mark} < ?`,
      seq,
    );
    this.changed();
  }

  setFrozen(freezed: boolean): void {
    this.sql.exec('UPDATE session_state SET freezed = ? WHERE id = 1', freezed ? 1 : 0);
    this.changed();
  }

  /**
   * Moves the side's read mark forward to `seq`; a mark never moves back. True when the
   * inbox shows the change, which it does for the agents' mark alone.
   */
  markRead(side: Side, seq: number): boolean {
    const [mark, column] = [markColumn(side), unreadColumn(side)];
    if (seq <= (this.row()[mark] as number)) return false;

    // Counting only what lies after the new mark keeps this cheap when a side reads as it goes.
    this.sql.exec(
      `UPDATE session_state SET ${mark} = ?1, ${column} = (SELECT count(*) FROM messages
         WHERE seq > ?1 AND ${peerAuthor(side)} AND revoked = 0) WHERE id = 1`,
      seq,
    );
    if (side === 'customer') return false;
    this.changed();
    return true;
  }

  readState(side: Side): ReadState {
    const row = this.row();
    const peer = side === 'customer' ? 'handler' : 'customer';
    return {
      unreadCount: row[unreadColumn(side)] as number,
      readMessageId: this.messageIdAt(row[markColumn(side)] as number),
      peerReadMessageId: this.messageIdAt(row[markColumn(peer)] as number),
    };
  }

  claimedFrom(): string | null {
    return this.row().claimed_from;
  }

  /** The session's owner becomes the customer, remembering the visitor it was claimed from. */
  recordClaim(visitorId: string, customerId: string): void {
    this.sql.exec(
      `UPDATE session SET customer_identifier = ?, customer_identifier_type = 'customer'
       WHERE id = 1`,
      customerId,
    );
    this.sql.exec('UPDATE session_state SET claimed_from = ? WHERE id = 1', visitorId);
  }

  /** Marks that D1 has taken the inbox state as of `version`. */
  recordSynced(version: number): void {
    this.sql.exec(
      'UPDATE session_state SET synced_version = max(synced_version, ?) WHERE id = 1',
      version,
    );
  }

  /** Something the inbox shows has changed: D1 is now behind until the next sync. */
  private changed(): void {
    this.sql.exec('UPDATE session_state SET inbox_version = inbox_version + 1 WHERE id = 1');
  }

  private messageIdAt(seq: number): string | null {
    if (seq === 0) return null;
    const row = this.sql.exec<{ id: string }>('SELECT id FROM messages WHERE seq = ?', seq);
    return row.toArray()[0]?.id ?? null;
  }
}
