import { exports } from 'cloudflare:workers';
import { expect } from 'vitest';
import type { Message } from '../src/session/message';

export interface Frame {
  event: string;
  data: unknown;
}

export interface Closed {
  code: number;
  reason: string;
}

/**
 * A real WebSocket to the Worker, upgraded through its fetch handler, that records every
 * frame it receives. Readers take frames in arrival order with `next` and `messages`.
 */
export class LiveSocket {
  readonly closed: Promise<Closed>;
  private readonly frames: Frame[] = [];
  private read = 0;
  private wake: (() => void) | null = null;

  private constructor(private readonly ws: WebSocket) {
    this.closed = new Promise((resolve) => {
      ws.addEventListener('close', (event) => {
        resolve({ code: event.code, reason: event.reason });
        this.wake?.();
      });
    });
    ws.addEventListener('message', (event) => {
      this.frames.push(JSON.parse(String(event.data)) as Frame);
      this.wake?.();
    });
  }

  static async open(path: string, query: Record<string, string>): Promise<LiveSocket> {
    const url = `https://chat.example${path}?${new URLSearchParams(query)}`;
    const response = await exports.default.fetch(url, { headers: { upgrade: 'websocket' } });
    expect(response.status).toBe(101);
    const ws = response.webSocket;
    if (!ws) throw new Error(`no WebSocket from ${path}`);
    ws.accept();
    const socket = new LiveSocket(ws);
    opened.add(socket);
    return socket;
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** Sends the credentials and returns what arrived up to `ready`: the replayed messages. */
  async auth(credentials: Record<string, string>): Promise<Message[]> {
    this.send({ event: 'auth', data: credentials });
    const replay: Message[] = [];
    for (;;) {
      const frame = await this.next();
      if (frame.event === 'ready') return replay;
      expect(frame.event).toBe('message');
      replay.push(frame.data as Message);
    }
  }

  /** The next frame not read yet, waiting for it if need be. */
  async next(): Promise<Frame> {
    for (;;) {
      const frame = this.frames[this.read];
      if (frame) {
        this.read += 1;
        return frame;
      }
      if (this.ws.readyState === WebSocket.CLOSED) throw new Error('the socket closed');
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  /** The next `count` frames, which must all be messages. */
  async messages(count: number): Promise<Message[]> {
    const messages: Message[] = [];
    while (messages.length < count) {
      const frame = await this.next();
      expect(frame.event).toBe('message');
      messages.push(frame.data as Message);
    }
    return messages;
  }

  close(): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.close(1000, 'done');
    opened.delete(this);
  }
}

const opened = new Set<LiveSocket>();

/** Closes every socket a test left open, so that none outlives its test. */
export function closeAll(): void {
  for (const socket of opened) socket.close();
}

export const ids = (messages: Message[]) => messages.map((m) => m.chatRoomMessageId);
