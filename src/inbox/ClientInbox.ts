import { liveAuthTimeoutMs } from '../config';
import { DurableObject } from 'cloudflare:workers';
import type { Bindings } from '../env';
import {
  acceptUnproven,
  attached,
  expiryOf,
  identify,
  type Proven,
  refusalOf,
  type Unproven,
} from '../live/admission';
import {
  type Credentials,
  PING,
  PONG,
  readFrame,
  refuse,
  send,
  sendError,
  serverFrame,
} from '../live/protocol';
import type { Message, SessionOwner } from '../session/message';

interface Waiting extends Unproven {
  /** The client of the channel the socket connected through: its token must be of it. */
  clientId: string;
  after: string | null;
}

interface Joined extends Proven {
  clientUserId: string;
}

type Attachment = Waiting | Joined;

/** What a session tells its client's inbox. */
export type InboxEvent =
  { event: 'session'; data: SessionOwner } | { event: 'message'; data: Message };

/** How many of the latest events an inbox keeps for sockets that resume. */
export const INBOX_RETAINED = 1_000;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    frame TEXT NOT NULL
  );
`;

/**
 * One client's live inbox: the sessions of all its storefronts tell it of every new session
 * and every new message, and it passes them on to the client's agents over one WebSocket
 * each. It keeps the latest events so that a socket can resume after the last one it saw.
 *
 * The object is named by the client's id. Like the sessions, it accepts its sockets through
 * the Hibernation API and keeps each socket's state in its attachment.
 */
export class ClientInbox extends DurableObject<Bindings> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Bindings) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(SCHEMA);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(PING, PONG));
  }

  /**
   * Records events of one of the client's sessions, in order, and sends them to every agent's
   * socket. An event already recorded (a notification delivered twice) is dropped.
   */
  publish(events: InboxEvent[]): void {
    const frames: string[] = [];
    let newest = 0;
    for (const { event, data } of events) {
      const key = event === 'message' ? data.chatRoomMessageId : data.sessionId;
      const frame = serverFrame(event, data);
      const stored = this.sql
        .exec<{ seq: number }>(
          'INSERT INTO events (key, frame) VALUES (?, ?) ON CONFLICT DO NOTHING RETURNING seq',
          key,
          frame,
        )
        .toArray()[0];
      if (!stored) continue;
      frames.push(frame);
      newest = stored.seq;
    }
    if (frames.length === 0) return;

    this.sql.exec('DELETE FROM events WHERE seq <= ?', newest - INBOX_RETAINED);
    for (const [ws] of attached<Joined>(this.ctx)) {
      for (const frame of frames) send(ws, frame);
    }
  }

  override fetch(request: Request): Response {
    const url = new URL(request.url);
    const waiting = {
      clientId: url.searchParams.get('clientId') ?? '',
      after: url.searchParams.get('after'),
    };
    return acceptUnproven<Waiting>(this.ctx, waiting, liveAuthTimeoutMs(this.env));
  }

  override async webSocketMessage(ws: WebSocket, raw: string | ArrayBuffer): Promise<void> {
    const frame = readFrame(ws, raw);
    if (!frame) return;
    const state = ws.deserializeAttachment() as Attachment | null;
    if (!state) return;

    if (state.phase !== 'pending') {
      sendError(ws, { code: 'invalid_request', message: 'The inbox takes no further frames.' });
      return;
    }
    if (frame.event !== 'auth') {
      refuse(ws, { code: 'unauthorized', message: 'The first frame must be `auth`.' });
      return;
    }
    await this.authenticate(ws, state, frame.data);
  }

  override webSocketClose(ws: WebSocket): void {
    ws.serializeAttachment(null);
  }

  private async authenticate(ws: WebSocket, state: Waiting, credentials: Credentials) {
    ws.serializeAttachment({ ...state, phase: 'authenticating' } satisfies Waiting);
    let clientUserId: string;
    try {
      const caller = await identify(this.env, 'handler', '', credentials);
      if (caller.side !== 'handler' || caller.clientId !== state.clientId) {
        refuse(ws, { code: 'forbidden', message: 'The token is not of this channel’s client.' });
        return;
      }
      clientUserId = caller.clientUserId;
    } catch (error) {
      refuse(ws, refusalOf(error));
      return;
    }
    if (ws.readyState !== WebSocket.OPEN) return;

    // As in a session: the replay and joining happen in one step with nothing awaited.
    const backlog = this.backlog(state.after);
    if (!backlog) {
      const message = `No event ${state.after} among the inbox's latest ${INBOX_RETAINED}.`;
      refuse(ws, { code: 'not_found', message });
      return;
    }
    for (const frame of backlog) send(ws, frame);
    const expires = expiryOf('handler', credentials);
    ws.serializeAttachment({ phase: 'live', expires, clientUserId } satisfies Joined);
    send(ws, serverFrame('ready', { side: 'handler', replayed: backlog.length }));
  }

  /** The frames after the event `after`; none without it; null when it is not retained. */
  private backlog(after: string | null): string[] | null {
    if (after === null) return [];
    const anchor = this.sql
      .exec<{ seq: number }>('SELECT seq FROM events WHERE key = ?', after)
      .toArray()[0];
    if (!anchor) return null;
    return this.sql
      .exec<{ frame: string }>('SELECT frame FROM events WHERE seq > ? ORDER BY seq', anchor.seq)
      .toArray()
      .map((row) => row.frame);
  }
}
