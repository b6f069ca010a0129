package storage

import (
	"database/sql"
	"strings"
	"unicode"

	"gorm.io/gorm"
)

// dialect is the database engine a store speaks to: SQLite (the file on one computer, the
// default) or PostgreSQL (a server several desks share). The SQL written by hand is either
// portable or asked of the dialect here, so what differs between the engines is in this
// file and in the two sets of migrations, never spread as branches through the queries.
type dialect int

const (
	sqliteDialect dialect = iota
	postgresDialect
)

// dialectOf is the dialect of a GORM handle, for the helpers that get a transaction
// rather than the store.
func dialectOf(db *gorm.DB) dialect {
	if db.Dialector != nil && db.Dialector.Name() == "postgres" {
		return postgresDialect
	}
	return sqliteDialect
}

// IsPostgresURL tells whether a database location names a PostgreSQL server rather than
// a SQLite file (which callers may look for on the disk).
func IsPostgresURL(location string) bool {
	return strings.HasPrefix(location, "postgres://") || strings.HasPrefix(location, "postgresql://")
}

// migrationDir is the folder of the embedded migrations written for the dialect. Both
// folders hold the same numbered files, so a database's version means the same schema on
// either engine.
func (d dialect) migrationDir() string {
	if d == postgresDialect {
		return "migrations/postgres"
	}
	return "migrations"
}

// textSearch is the condition that a request's full-text row (request_text) matches
// every term, each a folded word the request must have a word beginning with, and its
// argument; ok is false when a term has no letter or digit to look for (nothing matches).
func (d dialect) textSearch(terms []string) (cond string, arg string, ok bool) {
	var parts []string
	for _, t := range terms {
		var p string
		if d == postgresDialect {
			p = tsPrefix(t)
		} else {
			p = ftsPrefix(t)
		}
		if p == "" {
			return "", "", false
		}
		parts = append(parts, p)
	}
	if d == postgresDialect {
		return "id IN (SELECT docid FROM request_text WHERE words @@ to_tsquery('simple', ?))", strings.Join(parts, " & "), true
	}
	return "id IN (SELECT docid FROM request_text WHERE request_text MATCH ?)", strings.Join(parts, " "), true
}

// searchDoc is the text stored in request_text for the folded searchText. SQLite's
// unicode61 tokenizer splits words at every character that is not a letter or a digit;
// PostgreSQL's parser keeps "dana@example.com" or "pr-2026-0042" whole, so for it the
// separators become spaces here and both engines index the same words.
func (d dialect) searchDoc(text string) string {
	if d != postgresDialect {
		return text
	}
	return strings.Join(searchWords(text), " ")
}

// searchWords splits s into runs of letters and digits, as SQLite's unicode61 does.
func searchWords(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// tsPrefix is ftsPrefix for PostgreSQL: the term's words as a phrase whose last word is
// a prefix ("o brien:*" for o'brien), "" when the term has no letter or digit.
func tsPrefix(term string) string {
	words := searchWords(spaceIdeographs(term))
	if len(words) == 0 {
		return ""
	}
	return strings.Join(words, " <-> ") + ":*"
}

// daysBetween is the number of days from date column b to date column a, both
// 'YYYY-MM-DD'.
func (d dialect) daysBetween(a, b string) string {
	if d == postgresDialect {
		return "(cast(" + a + " AS date) - cast(" + b + " AS date))"
	}
	return "cast(julianday(" + a + ") - julianday(" + b + ") AS integer)"
}

// crossJoin joins two tables in the order written: SQLite's CROSS JOIN with ON keeps its
// planner from reordering them; PostgreSQL has no CROSS JOIN with ON, and plans alone.
func (d dialect) crossJoin() string {
	if d == postgresDialect {
		return "JOIN"
	}
	return "CROSS JOIN"
}

// indexedBy is the table reference with SQLite's index hint (SQLite 3.33, the one
// SQLCipher bundles, otherwise scans every row there); PostgreSQL takes no hints.
func (d dialect) indexedBy(table, index string) string {
	if d == postgresDialect {
		return table
	}
	return table + " INDEXED BY " + index
}

// afterExplicitIDs is what must follow rows inserted into table with ids of our own
// choosing: PostgreSQL's identity sequence moves past them, or the next row it numbers
// would take an id already used. SQLite numbers from the largest id anyway.
func (d dialect) afterExplicitIDs(tx *gorm.DB, table string) error {
	if d != postgresDialect {
		return nil
	}
	return tx.Exec("SELECT setval(pg_get_serial_sequence('" + table + "', 'id'), coalesce(max(id), 0) + 1, false) FROM " + table).Error
}

// afterVendorTombstones follows the copy of the deleted vendors' tombstones: PostgreSQL's
// vendor identity moves past their ids too, or a new vendor could take a deleted one's id,
// and with it the UIDs of the calendar events cancelled for it (newVendorID does this for
// SQLite).
func (d dialect) afterVendorTombstones(tx *gorm.DB) error {
	if d != postgresDialect {
		return nil
	}
	return tx.Exec(`SELECT setval(pg_get_serial_sequence('vendors', 'id'),
		greatest((SELECT coalesce(max(id), 0) FROM vendors), (SELECT coalesce(max(vendor_id), 0) FROM vendor_tombstones)) + 1, false)`).Error
}

// groupByKey is the GROUP BY of rows of a derived table unique by key whose other
// selected columns (dependent) are the same in every row of a group. SQLite groups by the
// key alone, which lets its planner read a covering index; PostgreSQL wants every
// selected column named (it knows a key only of a table, not of a subquery).
func (d dialect) groupByKey(key string, dependent ...string) string {
	if d == postgresDialect {
		return strings.Join(append([]string{key}, dependent...), ", ")
	}
	return key
}

// auditChainLock is the key of the PostgreSQL advisory lock that serialises appends to
// the audit trail (any number that no other lock of the database uses).
const auditChainLock = 0x5072697644736b // "PrivDsk"

// lockAuditChain makes tx the only writer appending to the audit trail until it ends, so
// two desks saving at once make one chain, one event after the other, instead of two
// events that follow the same one. SQLite has one writer at a time already (its write
// transactions begin IMMEDIATE).
func (d dialect) lockAuditChain(tx *gorm.DB) error {
	if d != postgresDialect {
		return nil
	}
	return tx.Exec("SELECT pg_advisory_xact_lock(?)", auditChainLock).Error
}

// lockRow locks the row of table whose column equals the argument until tx ends, so a
// check made after it holds until the change is saved. SQLite's write transaction
// already excludes every other writer.
func (d dialect) lockRow(tx *gorm.DB, table, column string, value any) error {
	if d != postgresDialect {
		return nil
	}
	return tx.Exec("SELECT 1 FROM "+table+" WHERE "+column+" = ? FOR UPDATE", value).Error
}

// lockTable keeps every other transaction from changing table until tx ends (reading
// it stays possible). SQLite's write transaction already excludes every other writer.
func (d dialect) lockTable(tx *gorm.DB, table string) error {
	if d != postgresDialect {
		return nil
	}
	return tx.Exec("LOCK TABLE " + table + " IN EXCLUSIVE MODE").Error
}

// recordColumn is the SQL that reads an audited field written as expr (recordSpecs):
// a record hashes the field's expression as written there, in SQLite's words, so the
// hashes are the same on both engines, and PostgreSQL reads the field with its own.
func (d dialect) recordColumn(expr string) string {
	if d == postgresDialect && expr == requestRightsOutcome {
		return requestRightsOutcomePG
	}
	return expr
}

// least is the smallest of the values (SQLite's min with several arguments).
func (d dialect) least(xs ...string) string {
	if d == postgresDialect {
		return "least(" + strings.Join(xs, ", ") + ")"
	}
	return "min(" + strings.Join(xs, ", ") + ")"
}

// practiceDate is the practice's calendar date, 'YYYY-MM-DD', of the UTC instant in
// column col, in a statement whose WITH clause defines tz from zoneOffsets.
func (d dialect) practiceDate(col string) string {
	at := "substr(" + col + ", 1, 19)"
	off := "(SELECT off FROM tz WHERE " + at + " >= tz.s AND " + at + " < tz.e)"
	if d == postgresDialect {
		return "to_char(cast(" + at + " AS timestamp) + " + off + " * interval '1 second', 'YYYY-MM-DD')"
	}
	return "date(" + col + ", " + off + " || ' seconds')"
}

// zoneRow is one row of zoneOffsets' VALUES: PostgreSQL needs the types of its parameters.
func (d dialect) zoneRow() string {
	if d == postgresDialect {
		return "(cast(? AS text), cast(? AS text), cast(? AS integer))"
	}
	return "(?, ?, ?)"
}

// columnsSQL lists the columns of the table given as the argument, in the table's order.
func (d dialect) columnsSQL() string {
	if d == postgresDialect {
		return "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position"
	}
	return "SELECT name FROM pragma_table_info(?) ORDER BY cid"
}

// columnName is the name of columnsSQL's one column.
func (d dialect) columnName() string {
	if d == postgresDialect {
		return "column_name"
	}
	return "name"
}

// copyColumnsSQL lists the columns a copied row of the table named by the argument is
// written with (name), in the table's order, and whether each is a boolean (boolean):
// PostgreSQL's generated columns are left out, as the server computes them.
func (d dialect) copyColumnsSQL() string {
	if d == postgresDialect {
		return "SELECT column_name AS name, data_type = 'boolean' AS boolean FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? AND is_generated = 'NEVER' ORDER BY ordinal_position"
	}
	return "SELECT name, 0 AS boolean FROM pragma_table_info(?) ORDER BY cid"
}

// snapshotTx is how a transaction that must read every table as of one moment begins.
// SQLite's read transaction is such a snapshot from its first read; PostgreSQL's default
// isolation reads each statement's own moment.
func (d dialect) snapshotTx() *sql.TxOptions {
	if d == postgresDialect {
		return &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	}
	return nil
}

// tableCountSQL counts the tables named by the argument (1 when it exists).
func (d dialect) tableCountSQL() string {
	if d == postgresDialect {
		return "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?"
	}
	return "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?"
}
