import { Hono } from 'hono';
import { z } from 'zod';
import type { Bindings } from '../../src/env';
import type { BenchChatSession } from './session';

/**
 * Routes of the bench build only, that prepare the data the bench reads: long logs and a
 * large session index. They answer plain JSON, without the API's envelope.
 */

const fillLog = z.object({
  sessionId: z.string().min(1),
  count: z.number().int().min(1).max(200_000),
});
const drawCursors = z.object({
  sessionId: z.string().min(1),
  count: z.number().int().min(1).max(1000),
  fraction: z.number().gt(0).max(1),
});
const ofSession = z.object({ sessionId: z.string().min(1) });
const fillIndex = z.object({
  bcid: z.string().min(1),
  clientId: z.string().min(1),
  prefix: z.string().min(1).max(32),
  count: z.number().int().min(0).max(200_000),
});

function benchSession(env: Bindings, sessionId: string) {
  const namespace = env.CHAT_SESSION as unknown as DurableObjectNamespace<BenchChatSession>;
  return namespace.get(namespace.idFromName(sessionId));
}

export const benchRoutes = new Hono<{ Bindings: Bindings }>()
  .post('/bench/fill', async (c) => {
    const input = fillLog.parse(await c.req.json());
    return c.json(await benchSession(c.env, input.sessionId).fill(input.count));
  })
  .post('/bench/cursors', async (c) => {
    const input = drawCursors.parse(await c.req.json());
    const stub = benchSession(c.env, input.sessionId);
    return c.json(await stub.cursors(input.count, input.fraction));
  })
  .post('/bench/stats', async (c) => {
    const input = ofSession.parse(await c.req.json());
    return c.json(await benchSession(c.env, input.sessionId).stats());
  })
  // Visitors' sessions, as many as asked, in one statement; their objects are never opened.
  .post('/bench/index', async (c) => {
    const input = fillIndex.parse(await c.req.json());
    if (input.count > 0) await insertSessions(c.env.DB, input);
    const total = await c.env.DB.prepare('SELECT COUNT(*) AS sessions FROM sessions').first();
    return c.json(total);
  });

async function insertSessions(db: D1Database, input: z.infer<typeof fillIndex>): Promise<void> {
  await db
    .prepare(
      `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?)
       INSERT INTO sessions (session_id, bcid, client_id, customer_identifier,
         customer_identifier_type, created_at)
       SELECT ? || '-s-' || i, ?, ?, ? || '-v-' || i, 'visitor', ? FROM n`,
    )
    .bind(input.count, input.prefix, input.bcid, input.clientId, input.prefix, Date.now())
    .run();
}
