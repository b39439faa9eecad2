import { liveAuthTimeoutMs } from '../config';
import type { Bindings } from '../env';
import { isRefusal, type Refusal } from '../errors';
import type { Caller } from '../identity';
import {
  acceptUnproven,
  attached,
  EXPIRED,
  expiryOf,
  identify,
  isCurrent,
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
  type ServerEvent,
} from '../live/protocol';
import type { InboxEvent } from '../inbox/ClientInbox';
import type { PageQuery } from './ChatSession';
import type { Message, SessionOwner } from './message';

type Side = Caller['side'];

/** A socket that has not authenticated yet: what its URL asked for. */
interface Waiting extends Unproven {
  side: Side;
  bcid: string;
  after: string | null;
}

/** An authenticated socket: who it is, and when it last signalled typing. */
interface Joined extends Proven {
  caller: Caller;
  typedAt: number;
  typing: boolean;
}

type Attachment = Waiting | Joined;

/** The part of the session object the sockets read from. */
export interface SessionLog {
  page(caller: Caller, bcid: string, query: PageQuery): Message[] | Refusal;
}

/** Events the session's sockets receive, beside `message` and `typing`. */
export type SessionEvent = Extract<ServerEvent, 'message' | 'revoked' | 'read' | 'frozen'>;

/** How many messages one read of a replay takes from the log. */
const REPLAY_PAGE = 100;
/** What a socket that connects without `after` receives first: the opening page. */
const LATEST_PAGE = 10;
/** The most events one call to the inbox carries. */
const INBOX_BATCH = 100;
/** A socket forwards at most one `typing: true` per this interval. */
export const TYPING_INTERVAL_MS = 1_000;

/**
 * The session's WebSockets, accepted through the Hibernation API: the object may leave memory
 * while they stay connected, so everything a socket needs is in its attachment, and this class
 * holds nothing that a fresh object would miss.
 *
 * Sockets are tagged with their side (`customer` or `handler`) so that typing reaches the
 * other side only. Each stored message is sent to every authenticated socket of the session
 * in the order of the log, and to the client's inbox.
 */
export class SessionLive {
  private readonly inboxBacklog: InboxEvent[] = [];
  private inboxFlushing = false;

  constructor(
    private readonly ctx: DurableObjectState,
    private readonly env: Bindings,
    private readonly log: SessionLog,
  ) {
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(PING, PONG));
  }

  /** Accepts the upgrade the Worker forwarded. The socket proves itself in its first frame. */
  connect(request: Request): Response {
    const url = new URL(request.url);
    const side: Side = url.searchParams.get('side') === 'handler' ? 'handler' : 'customer';
    const waiting = {
      side,
      bcid: url.searchParams.get('bcid') ?? '',
      after: url.searchParams.get('after'),
    };
    return acceptUnproven<Waiting>(this.ctx, waiting, liveAuthTimeoutMs(this.env), [side]);
  }

  async onFrame(ws: WebSocket, raw: string | ArrayBuffer): Promise<void> {
    const frame = readFrame(ws, raw);
    if (!frame) return;
    const state = ws.deserializeAttachment() as Attachment | null;
    if (!state) return;

    if (state.phase === 'live') {
      if (!isCurrent(state)) refuse(ws, EXPIRED);
      else if (frame.event === 'typing') this.typing(ws, state, frame.data.typing);
      else sendError(ws, { code: 'invalid_request', message: 'The socket is authenticated.' });
      return;
    }
    if (state.phase === 'authenticating') {
      sendError(ws, { code: 'invalid_request', message: 'Wait for `ready`.' });
      return;
    }
    if (frame.event !== 'auth') {
      refuse(ws, { code: 'unauthorized', message: 'The first frame must be `auth`.' });
      return;
    }
    await this.authenticate(ws, state, frame.data);
  }

  /** The platform completes the closing handshake; nothing is kept per socket elsewhere. */
  onClose(ws: WebSocket): void {
    ws.serializeAttachment(null);
  }

  /**
   * Sends an event to every authenticated socket of the session: the customer side's sockets
   * get `customerView`, the agents' get `handlerView` (the same unless given), so that what is
   * withheld from the customer side stays withheld. Call it after the change it announces is
   * stored, from the same synchronous step, so that it keeps its place in the session's order.
   */
  broadcast(event: SessionEvent, customerView: unknown, handlerView = customerView): void {
    const views: [Side, unknown][] = [
      ['customer', customerView],
      ['handler', handlerView],
    ];
    for (const [side, view] of views) {
      const text = serverFrame(event, view);
      for (const [ws] of attached<Joined>(this.ctx, side)) send(ws, text);
    }
  }

  /**
   * Closes the customer side's sockets. After a claim the session belongs to the logged-in
   * customer, and a socket the visitor opened before it must authenticate again as that one.
   */
  closeCustomerSockets(reason: string): void {
    for (const ws of this.ctx.getWebSockets('customer')) {
      refuse(ws, { code: 'unauthorized', message: reason });
    }
  }

  /** Called once a message is in the log: every socket and the client's inbox get it. */
  messageStored(message: Message): void {
    this.broadcast('message', message);
    this.notifyInbox(message.clientId, { event: 'message', data: message });
  }

  /** Called when the session is opened for the first time: the client's inbox learns of it. */
  sessionOpened(owner: SessionOwner): void {
    this.notifyInbox(owner.clientId, { event: 'session', data: owner });
  }

  private async authenticate(ws: WebSocket, state: Waiting, credentials: Credentials) {
    ws.serializeAttachment({ ...state, phase: 'authenticating' } satisfies Waiting);
    let caller: Caller;
    try {
      caller = await identify(this.env, state.side, state.bcid, credentials);
    } catch (error) {
      refuse(ws, refusalOf(error));
      return;
    }
    if (ws.readyState !== WebSocket.OPEN) return;

    // Nothing below awaits: the replay is read and the socket joins the broadcast in one
    // step, so each message stored around it reaches the socket exactly once, in log order.
    const replayed = this.replay(ws, caller, state);
    if (isRefusal(replayed)) {
      refuse(ws, { code: replayed.refused.code, message: replayed.refused.message });
      return;
    }
    const expires = expiryOf(caller.side, credentials);
    const joined: Joined = { phase: 'live', expires, caller, typedAt: 0, typing: false };
    ws.serializeAttachment(joined);
    send(ws, serverFrame('ready', { side: caller.side, replayed }));
  }

  /**
   * Sends every message after `after`, or the latest page, a page of the log at a time, and
   * answers how many. Only the first read can refuse: a stranger, or an id not of the log.
   */
  private replay(ws: WebSocket, caller: Caller, state: Waiting): number | Refusal {
    const size = state.after === null ? LATEST_PAGE : REPLAY_PAGE;
    let query: PageQuery = { nextOrPrevious: 'next', size };
    if (state.after !== null) query = { ...query, cursor: state.after };

    let sent = 0;
    for (;;) {
      const page = this.log.page(caller, state.bcid, query);
      if (isRefusal(page)) return page;
      for (const message of page) send(ws, serverFrame('message', message));
      sent += page.length;

      const last = page.at(-1);
      if (state.after === null || !last || page.length < REPLAY_PAGE) return sent;
      query = { ...query, cursor: last.chatRoomMessageId };
    }
  }

  /**
   * Forwards a typing signal to the other side. `typing: true` goes at most once per
   * interval; the `false` that ends it always goes, so an indicator never sticks.
   */
  private typing(ws: WebSocket, state: Joined, typing: boolean): void {
    const now = Date.now();
    if (typing ? now - state.typedAt < TYPING_INTERVAL_MS : !state.typing) return;
    ws.serializeAttachment({ ...state, typedAt: now, typing } satisfies Joined);

    const caller = state.caller;
    const data =
      caller.side === 'handler'
        ? { sendBy: 'handler', handlerIdentifier: caller.clientUserId, typing }
        : { sendBy: 'customer', typing };
    const other: Side = caller.side === 'handler' ? 'customer' : 'handler';
    const text = serverFrame('typing', data);
    for (const [peer] of attached<Joined>(this.ctx, other)) send(peer, text);
  }

  /**
   * Inbox notifications leave one batch at a time: what is stored while a batch is on its way
   * goes in the next one. The inbox so receives a session's events in the order of its log,
   * and a burst of messages costs a few calls, not one each.
   */
  private notifyInbox(clientId: string, event: InboxEvent): void {
    this.inboxBacklog.push(event);
    if (!this.inboxFlushing) this.ctx.waitUntil(this.flushInbox(clientId));
  }

  private async flushInbox(clientId: string): Promise<void> {
    this.inboxFlushing = true;
    const inbox = this.env.CLIENT_INBOX.get(this.env.CLIENT_INBOX.idFromName(clientId));
    try {
      while (this.inboxBacklog.length > 0) {
        const batch = this.inboxBacklog.splice(0, INBOX_BATCH);
        await inbox.publish(batch).catch((error: unknown) => {
          const detail = error instanceof Error ? error.message : String(error);
          const line = {
            level: 'error',
            object: 'ChatSession',
            message: 'inbox notify failed',
            clientId,
            detail,
          };
          console.error(JSON.stringify(line));
        });
      }
    } finally {
      this.inboxFlushing = false;
    }
  }
}
