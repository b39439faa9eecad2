/** The tables of a session object's SQLite storage: its owner and its message log. */

// The schema is created when the session is opened, not when the object starts: a request
// naming a session that does not exist must leave no storage behind.
export const SCHEMA = `
  CREATE TABLE IF NOT EXISTS session (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    session_id TEXT NOT NULL,
    bcid TEXT NOT NULL,
    client_id TEXT NOT NULL,
    customer_identifier TEXT NOT NULL,
    customer_identifier_type TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS messages (
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
    revoked INTEGER NOT NULL DEFAULT 0,
    client_message_id TEXT
  );
  -- A retried send finds the message its first attempt stored.
  CREATE UNIQUE INDEX IF NOT EXISTS messages_by_client_message_id
    ON messages (client_message_id, author) WHERE client_message_id IS NOT NULL;
  -- The shopper side's quota counts the messages of the last few seconds.
  CREATE INDEX IF NOT EXISTS messages_by_time ON messages (created_at);
`;

/** The columns of `messages` that a message is read from. */
export const COLUMNS = `seq, id, author, author_type, type, value, send_at, created_at, from_device,
  from_ip, freezed, revoked`;
