import { DurableObject } from 'cloudflare:workers';
import { inboxSyncDelaySeconds, type SendQuota, sendQuota } from '../config';
import type { Bindings } from '../env';
import { isRefusal, type Refusal } from '../errors';
import type { Caller } from '../identity';
import { overQuota, storedRetry } from './guards';
import { InboxSync } from './inbox-sync';
import { SessionLive } from './live';
import { type Message, type MessageRow, type SessionOwner, toMessage } from './message';
import { COLUMNS, isOpened, migrate } from './schema';
import { asSeenByCustomer, NO_MESSAGE, recallRefusal, SESSION_FROZEN } from './moderation';
import { type ReadState, SessionState } from './state';

export interface NewMessage {
  type: Message['type'];
  value: string;
  sendAt: number;
  fromDevice: string;
  fromIp: string;
  /** The sender's own id for this message: a retry with the same id stores nothing new. */
  clientMessageId?: string | undefined;
}

export interface PageQuery {
  nextOrPrevious: 'next' | 'previous';
  size: number;
  /** The message to page from; without it, the page is the latest `size` messages. */
  cursor?: string | undefined;
}

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
  private readonly quota: SendQuota;
  private readonly state: SessionState;
  private readonly inbox: InboxSync;
  /** The session's WebSockets; `live.broadcast` sends an event to all of them. */
  private readonly live: SessionLive;

  constructor(ctx: DurableObjectState, env: Bindings) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.quota = sendQuota(env);
    this.state = new SessionState(this.sql);
    this.inbox = new InboxSync(ctx.storage, this.state, env.DB, inboxSyncDelaySeconds(env));
    this.live = new SessionLive(ctx, env, this);
    this.load();
  }

  /**
   * Opens the session for its owner, establishing the owner on first use, and returns the
   * latest messages with the owner's read state. The Worker calls it only with the owner the
   * D1 index holds for this id.
   */
  open(owner: SessionOwner, size: number): { messages: Message[]; read: ReadState } | Refusal {
    if (!this.owner) {
      migrate(this.ctx.storage);
      this.state.ensure();
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
    return {
      messages: this.latest(size).map(asSeenByCustomer),
      read: this.state.readState('customer'),
    };
  }

  send(caller: Caller, bcid: string, input: NewMessage): Message | Refusal {
    const owner = this.admits(caller, bcid);
    if (!owner) return NO_SESSION;
    const author = caller.side === 'handler' ? caller.clientUserId : caller.id;
    const authorType = caller.side === 'handler' ? 'clientUser' : caller.type;

    if (input.clientMessageId) {
      const stored = storedRetry(this.sql, COLUMNS, author, input.clientMessageId);
      const message = stored && toMessage(stored, owner);
      if (message) return caller.side === 'customer' ? asSeenByCustomer(message) : message;
    }

    // A retry of a message stored before a freeze still gets it back; a new one is refused.
    if (caller.side === 'customer' && this.state.isFrozen()) return SESSION_FROZEN;

    // createdAt is taken here, as the log accepts the message, and kept strictly increasing
    // along the log even when the clock stands still or steps back.
    const createdAt = Math.max(Date.now() * 1000, this.lastCreatedAt + 1);
    if (caller.side === 'customer') {
      const refusal = overQuota(this.sql, this.quota, createdAt);
      if (refusal) return refusal;
    }

    const row = this.sql
      .exec<MessageRow>(
        `INSERT INTO messages (id, author, author_type, type, value, send_at, created_at,
           from_device, from_ip, client_message_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         RETURNING ${COLUMNS}`,
        crypto.randomUUID(),
        author,
        authorType,
        input.type,
        input.value,
        input.sendAt,
        createdAt,
        input.fromDevice,
        input.fromIp,
        input.clientMessageId ?? null,
      )
      .one();
    this.lastCreatedAt = createdAt;
    // The writes of one synchronous call commit as one transaction: the inbox state with it.
    this.state.recordMessage(caller.side);
    this.inbox.schedule();
    const message = toMessage(row, owner);
    this.live.messageStored(message);
    return message;
  }

  /** A page as the caller's side reads it: the customer side never sees a frozen value. */
  page(caller: Caller, bcid: string, query: PageQuery): Message[] | Refusal {
    const page = this.pageOfLog(caller, bcid, query);
    if (isRefusal(page) || caller.side === 'handler') return page;
    return page.map(asSeenByCustomer);
  }

  private pageOfLog(caller: Caller, bcid: string, query: PageQuery): Message[] | Refusal {
    const owner = this.admits(caller, bcid);
    if (!owner) return NO_SESSION;
    if (query.cursor === undefined) return this.latest(query.size);

    const anchor = this.sql
      .exec<{ seq: number }>('SELECT seq FROM messages WHERE id = ?', query.cursor)
      .toArray()[0];
    if (!anchor) return NO_MESSAGE;

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

  /** A page and the caller's read state, read together, as `get_messages` tells them. */
  pageAndReadState(
    caller: Caller,
    bcid: string,
    query: PageQuery,
  ): { messages: Message[]; read: ReadState } | Refusal {
    const messages = this.page(caller, bcid, query);
    if (isRefusal(messages)) return messages;
    return { messages, read: this.state.readState(caller.side) };
  }

  /** Moves the caller's side's read mark forward to a message; never back. */
  markRead(caller: Caller, bcid: string, messageId: string): ReadState | Refusal {
    if (!this.admits(caller, bcid)) return NO_SESSION;
    const row = this.messageRow(messageId);
    if (!row) return NO_MESSAGE;

    const before = this.state.readState(caller.side).readMessageId;
    if (this.state.markRead(caller.side, row.seq)) this.inbox.schedule();
    const read = this.state.readState(caller.side);
    if (read.readMessageId !== before) {
      this.live.broadcast('read', { side: caller.side, chatRoomMessageId: read.readMessageId });
    }
    return read;
  }

  /** Recalls a message of the caller's side within the window: its value is erased. */
  revoke(
    caller: Caller,
    bcid: string,
    messageId: string,
    windowSeconds: number,
  ): Message | Refusal {
    const owner = this.admits(caller, bcid);
    if (!owner) return NO_SESSION;
    const row = this.messageRow(messageId);
    if (!row) return NO_MESSAGE;

    const refusal = recallRefusal(row, caller.side, windowSeconds, Date.now() * 1000);
    if (refusal) return refusal;
    if (row.revoked === 1) return this.asSeenBy(caller, toMessage(row, owner));

    const erase = "UPDATE messages SET revoked = 1, value = '' WHERE seq = ? RETURNING *";
    const recalled = toMessage(this.sql.exec<MessageRow>(erase, row.seq).one(), owner);
    this.state.recordRecall(caller.side, row.seq);
    this.inbox.schedule();
    this.live.broadcast('revoked', asSeenByCustomer(recalled), recalled);
    return this.asSeenBy(caller, recalled);
  }

  /** Withholds a message's value from the customer side, or gives it back. Agents only. */
  freezeMessage(
    caller: Caller,
    bcid: string,
    messageId: string,
    freezed: boolean,
  ): Message | Refusal {
    const owner = caller.side === 'handler' ? this.admits(caller, bcid) : null;
    if (!owner) return NO_SESSION;
    const row = this.messageRow(messageId);
    if (!row) return NO_MESSAGE;

    const update = 'UPDATE messages SET freezed = ? WHERE seq = ? RETURNING *';
    const updated = toMessage(
      this.sql.exec<MessageRow>(update, freezed ? 1 : 0, row.seq).one(),
      owner,
    );
    this.state.recordModeration();
    this.inbox.schedule();
    this.live.broadcast('frozen', asSeenByCustomer(updated), updated);
    return updated;
  }

  /** Freezes the session against the customer side's sends, or lifts that. Agents only. */
  freezeSession(caller: Caller, bcid: string, freezed: boolean) {
    const owner = caller.side === 'handler' ? this.admits(caller, bcid) : null;
    if (!owner) return NO_SESSION;

    this.state.setFrozen(freezed);
    this.inbox.schedule();
    const frozen = { sessionId: owner.sessionId, freezed };
    this.live.broadcast('frozen', frozen);
    return frozen;
  }

  /**
   * Hands a visitor's session to the logged-in customer the D1 index now names as its owner.
   * Earlier messages keep their authors. Claiming again for the same visitor is harmless.
   */
  claim(visitorId: string, customer: SessionOwner): { claimed: true } | Refusal {
    const owner = this.owner;
    if (!owner || owner.sessionId !== customer.sessionId || owner.bcid !== customer.bcid) {
      return NO_SESSION;
    }
    if (owner.customerIdentifierType === 'customer') {
      const same = owner.customerIdentifier === customer.customerIdentifier;
      return same && this.state.claimedFrom() === visitorId ? { claimed: true } : NO_SESSION;
    }
    if (owner.customerIdentifier !== visitorId) return NO_SESSION;

    const { customerIdentifier } = customer;
    this.state.recordClaim(visitorId, customerIdentifier);
    this.owner = { ...owner, customerIdentifier, customerIdentifierType: 'customer' };
    this.live.closeCustomerSockets(
      'The session now belongs to a customer: reconnect with `_auth`.',
    );
    return { claimed: true };
  }

  /** Writes the inbox state to D1; see InboxSync. */
  override async alarm(): Promise<void> {
    if (this.owner) await this.inbox.run(this.owner);
  }

  private messageRow(messageId: string): MessageRow | undefined {
    return this.sql.exec<MessageRow>('SELECT * FROM messages WHERE id = ?', messageId).toArray()[0];
  }

  private asSeenBy(caller: Caller, message: Message): Message {
    return caller.side === 'customer' ? asSeenByCustomer(message) : message;
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
    if (!isOpened(this.sql)) return;
    migrate(this.ctx.storage);

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
    // A change D1 has not taken yet is carried over whatever became of the alarm it set.
    this.state.ensure();
    if (this.state.isBehind()) this.inbox.schedule();

    const newest = this.sql
      .exec<{ created_at: number }>('SELECT created_at FROM messages ORDER BY seq DESC LIMIT 1')
      .toArray()[0];
    this.lastCreatedAt = newest?.created_at ?? 0;
  }
}
