// The benchmark's side of the protocol: HTTP calls, and sockets that note when each frame came.
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { ORIGIN } from './server';

export const BCID = '2877383e-5551-4708-862b-a0827d294d73';

interface Frame {
  event: string;
  data: { chatRoomMessageId?: string; sessionId?: string } | null;
}

export async function post<T>(path: string, body: object, token?: string): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${ORIGIN}${path}`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ bcid: BCID, ...body }),
  });
  const reply = (await response.json()) as { data: T; status: boolean };
  if (!reply.status) throw new Error(`${path}: ${JSON.stringify(reply)}`);
  return reply.data;
}

/** A socket that is authenticated once `ready` arrives, and notes each message's arrival. */
export class BenchSocket {
  /** Arrival time (performance.now) of each message, by its id. */
  readonly arrivals = new Map<string, number>();
  private readonly ws: WebSocket;
  private listeners: (() => void)[] = [];

  constructor(path: string, query: Record<string, string>) {
    this.ws = new WebSocket(`${ORIGIN.replace('http', 'ws')}${path}?${new URLSearchParams(query)}`);
    this.ws.on('message', (raw) => {
      const at = performance.now();
      const frame = JSON.parse(String(raw)) as Frame;
      if (frame.event === 'message' && frame.data?.chatRoomMessageId) {
        this.arrivals.set(frame.data.chatRoomMessageId, at);
      }
      if (frame.event === 'ready') this.ready = true;
      for (const listener of this.listeners) listener();
    });
    const end = (error?: Error) => {
      this.closed = true;
      this.error ??= error?.message;
      for (const listener of this.listeners) listener();
    };
    this.ws.on('close', (code, reason) => end(new Error(`closed ${code} ${String(reason)}`)));
    this.ws.on('error', end);
    this.ws.on('open', () => {
      for (const listener of this.listeners) listener();
    });
  }

  ready = false;
  closed = false;
  error: string | undefined;

  async auth(credentials: Record<string, string>): Promise<void> {
    await this.until(() => this.ws.readyState === WebSocket.OPEN);
    this.ws.send(JSON.stringify({ event: 'auth', data: credentials }));
    await this.until(() => this.ready);
  }

  /** Waits until the condition holds, failing after `ms` or when the socket closes. */
  until(condition: () => boolean, ms = 30_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out')), ms);
      const check = () => {
        if (condition()) {
          clearTimeout(timer);
          this.listeners = this.listeners.filter((listener) => listener !== check);
          resolve();
        } else if (this.closed) {
          clearTimeout(timer);
          reject(new Error(this.error ?? 'socket closed'));
        }
      };
      this.listeners.push(check);
      check();
    });
  }

  close(): void {
    this.ws.close(1000);
  }
}
