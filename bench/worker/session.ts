import { ChatSession } from '../../src/session/ChatSession';

/** What the bench reports about one session's storage. */
export interface LogStats {
  messages: number;
  databaseBytes: number;
}

/**
 * The session object of the bench build: the production object, plus a bulk fill that writes
 * synthetic messages straight into the log, far faster than sending them one by one.
 */
export class BenchChatSession extends ChatSession {
  /**
   * Appends `count` text messages from the session's owner. The session must have been opened.
   * Their createdAt lie just before now and after the log's newest, so the log stays ordered.
   */
  fill(count: number): LogStats {
    const sql = this.ctx.storage.sql;
    const owner = sql
      .exec<{ author: string; authorType: string }>(
        `SELECT customer_identifier AS author, customer_identifier_type AS authorType
         FROM session WHERE id = 1`,
      )
      .toArray()[0];
    if (!owner) throw new Error('open the session before filling it');

    const newest = sql
      .exec<{ createdAt: number }>('SELECT COALESCE(MAX(created_at), 0) AS createdAt FROM messages')
      .one().createdAt;
    const start = Math.max(newest + 1, Date.now() * 1000 - count);

    // Random ids in the UUID layout, so that the unique index grows as production's does.
    sql.exec(
      `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?),
         r(i, h) AS (SELECT i, lower(hex(randomblob(16))) FROM n)
       INSERT INTO messages (id, author, author_type, type, value, send_at, created_at,
         from_device, from_ip)
       SELECT substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-4' || substr(h, 14, 3) || '-a'
           || substr(h, 18, 3) || '-' || substr(h, 21, 12),
         ?, ?, 'text', 'Bench message number ' || i || ', about the size of a short reply.',
         ? + i / 1000000.0, ? + i, 'bench', '127.0.0.1'
       FROM r`,
      count,
      owner.author,
      owner.authorType,
      Math.floor(start / 1e6),
      start,
    );
    return this.stats();
  }

  /** `count` message ids drawn at random from the oldest `fraction` of the log. */
  cursors(count: number, fraction: number): string[] {
    const sql = this.ctx.storage.sql;
    const span = Math.max(1, Math.floor(this.newestSeq() * fraction));
    const ids: string[] = [];
    for (let k = 0; k < count; k += 1) {
      const seq = 1 + Math.floor(Math.random() * span);
      const row = sql.exec<{ id: string }>('SELECT id FROM messages WHERE seq = ?', seq).toArray();
      if (row[0]) ids.push(row[0].id);
    }
    return ids;
  }

  stats(): LogStats {
    return { messages: this.newestSeq(), databaseBytes: this.ctx.storage.sql.databaseSize };
  }

  /** The log's length: `seq` counts up from 1 and nothing is ever deleted. */
  private newestSeq(): number {
    return this.ctx.storage.sql
      .exec<{ seq: number }>('SELECT COALESCE(MAX(seq), 0) AS seq FROM messages')
      .one().seq;
  }
}
