import { z } from 'zod';
import type { ErrorBody } from '../errors';

/**
 * The live protocol shared by the session sockets and the inbox socket. Every frame is a JSON
 * text frame `{"event": ..., "data": ...}`, in both directions.
 */

/** The largest frame a client may send. Its frames are small: a token, or a typing signal. */
export const MAX_FRAME_BYTES = 8 * 1024;

/** Authentication failed, timed out, or the socket may not see what it asked for. */
export const CLOSE_REFUSED = 1008;
export const CLOSE_TOO_BIG = 1009;

/**
 * Answered by the platform without waking the object, so that a client can keep its
 * connection alive through proxies for free.
 */
export const PING = '{"event":"ping"}';
export const PONG = '{"event":"pong"}';

/** What a server frame may announce. `revoked`, `read` and `frozen` come from the session. */
export type ServerEvent =
  'ready' | 'message' | 'session' | 'typing' | 'revoked' | 'read' | 'frozen' | 'error';

export function serverFrame(event: ServerEvent, data: unknown): string {
  return JSON.stringify({ event, data });
}

const authFrame = z.object({
  event: z.literal('auth'),
  data: z.object({
    _auth: z.string().min(1).max(4096).optional(),
    customerIdentifier: z.string().max(128).optional(),
    token: z.string().min(1).max(4096).optional(),
  }),
});

const typingFrame = z.object({
  event: z.literal('typing'),
  data: z.object({ typing: z.boolean() }).default({ typing: true }),
});

const clientFrame = z.discriminatedUnion('event', [authFrame, typingFrame]);

export type ClientFrame = z.infer<typeof clientFrame>;
export type Credentials = z.infer<typeof authFrame>['data'];

/** Sends an error frame; the socket stays open. */
export function sendError(ws: WebSocket, error: ErrorBody): void {
  send(ws, serverFrame('error', error));
}

/** Tells the client why, then closes: the socket is not going to be served. */
export function refuse(ws: WebSocket, error: ErrorBody): void {
  sendError(ws, error);
  close(ws, CLOSE_REFUSED, error.code);
}

/** Sends unless the socket is already closing: a peer can go away at any moment. */
export function send(ws: WebSocket, text: string): void {
  if (ws.readyState !== WebSocket.OPEN) return;
  try {
    ws.send(text);
  } catch {
    // Closed between the check and the send; its close event tidies up.
  }
}

export function close(ws: WebSocket, code: number, reason: string): void {
  if (ws.readyState === WebSocket.CLOSED || ws.readyState === WebSocket.CLOSING) return;
  try {
    ws.close(code, reason);
  } catch {
    // Already closed by the peer.
  }
}

/**
 * Reads one client frame. A frame over the limit closes the socket with 1009; anything that
 * is not a frame of the protocol earns an error frame. Either way the answer is null.
 */
export function readFrame(ws: WebSocket, raw: string | ArrayBuffer): ClientFrame | null {
  if (frameBytes(raw) > MAX_FRAME_BYTES) {
    close(ws, CLOSE_TOO_BIG, `frames are at most ${MAX_FRAME_BYTES} bytes`);
    return null;
  }
  if (typeof raw !== 'string') {
    sendError(ws, { code: 'invalid_request', message: 'Send JSON text frames.' });
    return null;
  }

  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    sendError(ws, { code: 'invalid_request', message: 'The frame is not JSON.' });
    return null;
  }

  const parsed = clientFrame.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.') || '(frame)',
      message: issue.message,
    }));
    sendError(ws, { code: 'invalid_request', message: 'The frame is invalid.', issues });
    return null;
  }
  return parsed.data;
}

function frameBytes(raw: string | ArrayBuffer): number {
  if (typeof raw !== 'string') return raw.byteLength;
  // A UTF-16 unit is at most 3 bytes of UTF-8: only a frame near the limit needs encoding.
  if (raw.length * 3 <= MAX_FRAME_BYTES) return raw.length;
  return new TextEncoder().encode(raw).byteLength;
}
