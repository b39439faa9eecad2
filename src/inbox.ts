import { z } from 'zod';
import { type InboxEntry, type InboxQuery, listInbox } from './db';
import { invalidRequest } from './errors';

/**
 * How long a walk through the inbox's pages may last. D1 keeps a session's superseded
 * positions for 15 minutes (migrations/0002), longer than this, so a walk always finds the
 * position every session held when it began.
 */
export const CURSOR_LIFETIME_SECONDS = 600;

/** Where a walk stands: its snapshot, when it began, and the last entry it returned. */
const cursorShape = z.object({
  snapshot: z.number().int().min(0),
  startedAt: z.number().int().min(0),
  activityAt: z.number().int().min(0),
  sessionId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
});

type Cursor = z.infer<typeof cursorShape>;

/** base64url of the cursor's JSON, which is ASCII: numbers and a URL-safe session id. */
function encodeCursor(cursor: Cursor): string {
  const base64 = btoa(JSON.stringify(cursor));
  return base64.replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function decodeCursor(text: string, nowSeconds: number): Cursor {
  const invalid = (message: string) =>
    invalidRequest('The request is invalid.', [{ path: 'cursor', message }]);

  let parsed: unknown;
  try {
    parsed = JSON.parse(atob(text.replaceAll('-', '+').replaceAll('_', '/')));
  } catch {
    throw invalid('Not a cursor this endpoint returned.');
  }
  const cursor = cursorShape.safeParse(parsed);
  if (!cursor.success) throw invalid('Not a cursor this endpoint returned.');
  if (nowSeconds - cursor.data.startedAt > CURSOR_LIFETIME_SECONDS) {
    throw invalid('The cursor has expired; start again from the first page.');
  }
  return cursor.data;
}

export interface InboxPage {
  sessions: InboxEntry[];
  nextCursor: string | null;
}

export type InboxRequest = Omit<InboxQuery, 'snapshot' | 'after' | 'limit'> & {
  size: number;
  cursor?: string | undefined;
};

/** One page of the inbox, and the cursor of the next one while there is more. */
export async function readInbox(db: D1Database, request: InboxRequest): Promise<InboxPage> {
  const nowSeconds = Math.floor(Date.now() / 1000);
  const cursor = request.cursor === undefined ? null : decodeCursor(request.cursor, nowSeconds);
  const { size, cursor: _given, ...filter } = request;

  // One row more than the page tells whether there is a next page.
  const rows = await listInbox(db, {
    ...filter,
    snapshot: cursor?.snapshot ?? null,
    after: cursor,
    limit: size + 1,
  });
  const page = rows.slice(0, size);
  const sessions = page.map((row) => row.entry);
  const last = page.at(-1);
  if (rows.length <= size || !last) return { sessions, nextCursor: null };

  const nextCursor = encodeCursor({
    snapshot: last.snapshot,
    startedAt: cursor?.startedAt ?? nowSeconds,
    activityAt: last.activityAt,
    sessionId: last.entry.sessionId,
  });
  return { sessions, nextCursor };
}
