-- Attached files' content, in the database: encrypted with it at rest, in every backup
-- with it, and in one transaction with it. One row per distinct content (attachments
-- rows name it by its SHA-256); the files of the old attachments folder are moved in
-- when the database is opened (attachments.go).
CREATE TABLE attachment_blobs (
    sha256 TEXT PRIMARY KEY,   -- hex SHA-256 of data
    size   INTEGER NOT NULL,
    data   BLOB NOT NULL
);
