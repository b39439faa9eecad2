import { DurableObject } from 'cloudflare:workers';
import type { Bindings } from '../env';
import type { Refusal } from '../errors';
import type { Caller } from '../identity';
import { SessionLive } from './live';
import { type Message, type MessageRow, type SessionOwner, toMessage } from './message';

export interface NewMessage {
  type: Message['type'];
  value: string;
  sendAt: number;
  fromDevice: string;
  fromIp: string;
}

export interface PageQuery {
  nextOrPrevious: 'next' | 'previous';
  size: number;
  /** The message to page from; without it, the page is the latest `size` messages. */
  cursor?: string | undefined;
}

// The schema is created when the session is opened, not when the object starts: a request
// naming a session that does not exist must leave no storage behind.
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS session (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    session_id TEXT NOT NULL,
    bcid TEXT NOT NULL,
    client_id TEXT NOT NULL,
    customer_identifier TEXT NOT NULL,
    customer_identifier_type TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS messages (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    author TEXT NOT NULL,
    author_type TEXT NOT NULL,
    type TEXT NOT NULL,
    value TEXT NOT NULL,
    send_at REAL NOT NULL,
    created_at INTEGER NOT NULL,
    from_device TEXT NOT NULL,
    from_ip TEXT NOT NULL,
    freezed INTEGER NOT NULL DEFAULT 0,
    revoked INTEGER NOT NULL DEFAULT 0
  );
`;

const COLUMNS = `seq, id, author, author_type, type, value, send_at, created_at, from_device,
  from_ip, freezed, revoked`;

const NO_SESSION: Refusal = {
  refused: { status: 404, code: 'not_found', message: 'No such session.' },
};

/**
 * One chat session: its owner and its ordered message log, in this object's SQLite storage.
 *
 * The object is the only writer of its log, and every method below runs its SQL
 * synchronously, so concurrent calls are applied one after another: `seq` is the total order
 * of the session. Pages are read through the `seq` primary key and the unique index on
 * `id`, so a page costs the same however long the log is, and no message is held in memory.
 */
export class ChatSession extends DurableObject<Bindings> {
  private readonly sql: SqlStorage;
  private owner: SessionOwner | null = null;
  /** The newest message's createdAt, in microseconds. */
  private lastCreatedAt = 0;
  /** The session's WebSockets; `live.broadcast` sends an event to all of them. */
  private readonly live: SessionLive;

  constructor(ctx: DurableObjectState, env: Bindings) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.live = new SessionLive(ctx, env, this);
    this.load();
  }

  /**
   * Opens the session for its owner, establishing the owner on first use, and returns the
   * latest messages. The Worker calls it only with the owner the D1 index holds for this id.
   */
  open(owner: SessionOwner, size: number): Message[] | Refusal {
    if (!this.owner) {
      this.sql.exec(SCHEMA);
      this.sql.exec(
        `INSERT INTO session (id, session_id, bcid, client_id, customer_identifier,
           customer_identifier_type) VALUES (1, ?, ?, ?, ?, ?)`,
        owner.sessionId,
        owner.bcid,
        owner.clientId,
        owner.customerIdentifier,
        owner.customerIdentifierType,
      );
      this.owner = owner;
      this.live.sessionOpened(owner);
    }

    const caller: Caller = {
      side: 'customer',
      type: owner.customerIdentifierType,
      id: owner.customerIdentifier,
    };
    if (!this.admits(caller, owner.bcid)) return NO_SESSION;
    return this.latest(size);
  }

  send(caller: Caller, bcid: string, input: NewMessage): Message | Refusal {
    const owner = this.admits(caller, bcid);
    if (!owner) return NO_SESSION;

    // createdAt is taken here, as the log accepts the message, and kept strictly increasing
    // along the log even when the clock stands still or steps back.
    const createdAt = Math.max(Date.now() * 1000, this.lastCreatedAt + 1);
    const author = caller.side === 'handler' ? caller.clientUserId : caller.id;
    const authorType = caller.side === 'handler' ? 'clientUser' : caller.type;

    const row = this.sql
      .exec<MessageRow>(
        `INSERT INTO messages (id, author, author_type, type, value, send_at, created_at,
           from_device, from_ip) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${COLUMNS}`,
        crypto.randomUUID(),
        author,
        authorType,
        input.type,
        input.value,
        input.sendAt,
        createdAt,
        input.fromDevice,
        input.fromIp,
      )
      .one();
    this.lastCreatedAt = createdAt;
    const message = toMessage(row, owner);
    this.live.messageStored(message);
    return message;
  }

  page(caller: Caller, bcid: string, query: PageQuery): Message[] | Refusal {
    const owner = this.admits(caller, bcid);
    if (!owner) return NO_SESSION;
    if (query.cursor === undefined) return this.latest(query.size);

    const anchor = this.sql
      .exec<{ seq: number }>('SELECT seq FROM messages WHERE id = ?', query.cursor)
      .toArray()[0];
    if (!anchor) {
      return { refused: { status: 404, code: 'not_found', message: 'No such message.' } };
    }

    if (query.nextOrPrevious === 'next') {
      return this.rows(
        `SELECT ${COLUMNS} FROM messages WHERE seq > ? ORDER BY seq ASC LIMIT ?`,
        anchor.seq,
        query.size,
      );
    }
    return this.rows(
      `SELECT ${COLUMNS} FROM messages WHERE seq < ? ORDER BY seq DESC LIMIT ?`,
      anchor.seq,
      query.size,
    ).reverse();
  }

  /** A WebSocket upgrade, forwarded by the Worker's connect routes. */
  override fetch(request: Request): Response {
    return this.live.connect(request);
  }

  override webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    return this.live.onFrame(ws, message);
  }

  override webSocketClose(ws: WebSocket): void {
    this.live.onClose(ws);
  }

  /**
   * The session's owner when the caller may use it on this bcid, else null. A stranger is
   * told only that there is no such session, whether or not there is one.
   */
  private admits(caller: Caller, bcid: string): SessionOwner | null {
    const owner = this.owner;
    if (!owner || owner.bcid !== bcid) return null;
    if (caller.side === 'handler') return caller.clientId === owner.clientId ? owner : null;
    const isOwner =
      caller.type === owner.customerIdentifierType && caller.id === owner.customerIdentifier;
    return isOwner ? owner : null;
  }

  private latest(size: number): Message[] {
    const sql = `SELECT ${COLUMNS} FROM messages ORDER BY seq DESC LIMIT ?`;
    return this.rows(sql, size).reverse();
  }

  private rows(sql: string, ...bindings: SqlStorageValue[]): Message[] {
    const owner = this.owner;
    if (!owner) return [];
    return this.sql
      .exec<MessageRow>(sql, ...bindings)
      .toArray()
      .map((row) => toMessage(row, owner));
  }

  private load(): void {
    const tables = this.sql
      .exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'session'")
      .toArray();
    if (tables.length === 0) return;

    const owner = this.sql
      .exec<SessionOwner & Record<string, string>>(
        `SELECT session_id AS sessionId, bcid, client_id AS clientId,
           customer_identifier AS customerIdentifier,
           customer_identifier_type AS customerIdentifierType
         FROM session WHERE id = 1`,
      )
      .toArray()[0];
    if (!owner) return;
    this.owner = { ...owner };

    const newest = this.sql
      .exec<{ created_at: number }>('SELECT created_at FROM messages ORDER BY seq DESC LIMIT 1')
      .toArray()[0];
    this.lastCreatedAt = newest?.created_at ?? 0;
  }
}
