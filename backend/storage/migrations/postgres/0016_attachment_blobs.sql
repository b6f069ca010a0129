-- Attached files' content, in the database: every desk sees the same files, every
-- backup holds them, and they change in one transaction with their attachment rows. One
-- row per distinct content (attachments rows name it by its SHA-256).
CREATE TABLE attachment_blobs (
    sha256 TEXT PRIMARY KEY,   -- hex SHA-256 of data
    size   BIGINT NOT NULL,
    data   BYTEA NOT NULL
);
