/**
 * The tables of a session object's SQLite storage: its owner and its message log.
 *
 * Each object carries its own copy of the schema, so a change to it is a new step below, run
 * by every object the next time it starts; a step already released is never edited. The
 * schema is created when the session is opened, not when the object starts: a request naming
 * a session that does not exist must leave no storage behind.
 */
const STEPS = [
  `CREATE TABLE session (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     session_id TEXT NOT NULL,
     bcid TEXT NOT NULL,
     client_id TEXT NOT NULL,
     customer_identifier TEXT NOT NULL,
     customer_identifier_type TEXT NOT NULL
   );
   CREATE TABLE messages (
     seq INTEGER PRIMARY KEY,
     id TEXT NOT NULL UNIQUE,
     author TEXT NOT NULL,
     author_type TEXT NOT NULL,
     type TEXT NOT NULL,
     value TEXT NOT NULL,
     send_at REAL NOT NULL,
     created_at INTEGER NOT NULL,
     from_device TEXT NOT NULL,
     from_ip TEXT NOT NULL,
     freezed INTEGER NOT NULL DEFAULT 0,
     revoked INTEGER NOT NULL DEFAULT 0
   );`,

  // A retried send finds the message its first attempt stored; the shopper side's quota counts
  // the messages of the last few seconds.
  `ALTER TABLE messages ADD COLUMN client_message_id TEXT;
   CREATE UNIQUE INDEX messages_by_client_message_id
     ON messages (client_message_id, author) WHERE client_message_id IS NOT NULL;
   CREATE INDEX messages_by_time ON messages (created_at);`,
];

function hasTable(sql: SqlStorage, name: string): boolean {
  const query = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?";
  return sql.exec(query, name).toArray().length > 0;
}

/** True when the object holds a session at all, whatever version its schema is at. */
export function isOpened(sql: SqlStorage): boolean {
  return hasTable(sql, 'session');
}

/**
 * Brings the object's tables to the current version. A session stored before versions were
 * recorded has the first step's tables.
 */
export function migrate(storage: DurableObjectStorage): void {
  const sql = storage.sql;
  storage.transactionSync(() => {
    if (!hasTable(sql, 'schema_version')) {
      sql.exec('CREATE TABLE schema_version (version INTEGER NOT NULL)');
      sql.exec('INSERT INTO schema_version (version) VALUES (?)', isOpened(sql) ? 1 : 0);
    }
    const { version } = sql.exec<{ version: number }>('SELECT version FROM schema_version').one();
    for (let step = version; step < STEPS.length; step++) sql.exec(STEPS[step] ?? '');
    if (version < STEPS.length) sql.exec('UPDATE schema_version SET version = ?', STEPS.length);
  });
}

/** The columns of `messages` that a message is read from. */
export const COLUMNS = `seq, id, author, author_type, type, value, send_at, created_at, from_device,
  from_ip, freezed, revoked`;
