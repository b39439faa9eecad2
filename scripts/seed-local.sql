-- The channel of the API document's examples, for local development only.
INSERT OR IGNORE INTO channels (bcid, client_id, created_at)
VALUES ('2877383e-5551-4708-862b-a0827d294d73', '076e3378-a3f4-441e-a998-4a89ee894d83', 0);
