-- Channels: each bcid (one storefront or app) belongs to one client.
CREATE TABLE channels (
  bcid TEXT PRIMARY KEY,
  client_id TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE INDEX channels_by_client ON channels (client_id);

-- The index of sessions. A shopper has one session per bcid: the unique key makes two
-- concurrent first inits of one shopper agree on a single session id.
CREATE TABLE sessions (
  session_id TEXT PRIMARY KEY,
  bcid TEXT NOT NULL REFERENCES channels (bcid),
  client_id TEXT NOT NULL,
  customer_identifier TEXT NOT NULL,
  customer_identifier_type TEXT NOT NULL CHECK (customer_identifier_type IN ('customer', 'visitor')),
  created_at INTEGER NOT NULL,
  UNIQUE (bcid, customer_identifier_type, customer_identifier)
);

-- The agents' side lists a client's sessions, newest first.
CREATE INDEX sessions_by_client ON sessions (client_id, created_at DESC);
