import { DurableObject } from 'cloudflare:workers';
import { Hono } from 'hono';

/**
 * The floor Worker. Each route reads the JSON body, as every endpoint must, and then does
 * only the one thing an endpoint cannot do without: answer, call an object, insert one row,
 * read one page through an index, or run one indexed D1 lookup before calling an object.
 */

interface FloorEnv {
  FLOOR: DurableObjectNamespace<FloorObject>;
  DB: D1Database;
}

/** Rows the object starts with, so that a page read has a log to read from. */
const SEEDED_ROWS = 1000;

interface Row extends Record<string, SqlStorageValue> {
  seq: number;
  id: string;
  value: string;
}

export class FloorObject extends DurableObject<FloorEnv> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: FloorEnv) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(
      `CREATE TABLE IF NOT EXISTS rows
         (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, value TEXT NOT NULL)`,
    );
    const rows = this.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM rows').one().n;
    for (let k = rows; k < SEEDED_ROWS; k += 1) this.insert(`seeded row ${k}`);
  }

  ping(): { ok: true } {
    return { ok: true };
  }

  insert(value: string): Row {
    return this.sql
      .exec<Row>(
        'INSERT INTO rows (id, value) VALUES (?, ?) RETURNING seq, id, value',
        crypto.randomUUID(),
        value,
      )
      .one();
  }

  /** The `size` rows before `id`, as get_messages reads a page. */
  page(id: string, size: number): Row[] {
    const anchor = this.sql
      .exec<{ seq: number }>('SELECT seq FROM rows WHERE id = ?', id)
      .toArray()[0];
    if (!anchor) return [];
    return this.sql
      .exec<Row>(
        'SELECT seq, id, value FROM rows WHERE seq < ? ORDER BY seq DESC LIMIT ?',
        anchor.seq,
        size,
      )
      .toArray();
  }

  /** Ids of rows in the middle of the seeded ones, for the bench to page from. */
  cursors(count: number): string[] {
    return this.sql
      .exec<{ id: string }>(
        'SELECT id FROM rows WHERE seq > ? ORDER BY seq LIMIT ?',
        SEEDED_ROWS / 2,
        count,
      )
      .toArray()
      .map((row) => row.id);
  }
}

const floor = (env: FloorEnv) => env.FLOOR.get(env.FLOOR.idFromName('floor'));

const app = new Hono<{ Bindings: FloorEnv }>();

app.post('/json', async (c) => {
  await c.req.json();
  return c.json({ data: { ok: true }, status: true });
});

app.post('/object', async (c) => {
  await c.req.json();
  return c.json({ data: await floor(c.env).ping(), status: true });
});

app.post('/insert', async (c) => {
  const body = await c.req.json<{ value?: string }>();
  return c.json({ data: await floor(c.env).insert(String(body.value ?? '')), status: true });
});

app.post('/page', async (c) => {
  const body = await c.req.json<{ cursor?: string; size?: number }>();
  const page = await floor(c.env).page(String(body.cursor ?? ''), Number(body.size ?? 10));
  return c.json({ data: page, status: true });
});

app.post('/d1-object', async (c) => {
  const body = await c.req.json<{ key?: string }>();
  const row = await c.env.DB.prepare('SELECT key FROM lookups WHERE key = ?')
    .bind(String(body.key ?? ''))
    .first();
  return c.json({ data: { row, object: await floor(c.env).ping() }, status: true });
});

/** Prepares the D1 table of the lookup floor, and returns row ids to page from. */
app.post('/setup', async (c) => {
  const db = c.env.DB;
  await db.prepare('CREATE TABLE IF NOT EXISTS lookups (key TEXT PRIMARY KEY)').run();
  await db
    .prepare(
      `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?)
       INSERT OR IGNORE INTO lookups (key) SELECT 'key-' || i FROM n`,
    )
    .bind(SEEDED_ROWS)
    .run();
  return c.json(await floor(c.env).cursors(100));
});

export default app;
