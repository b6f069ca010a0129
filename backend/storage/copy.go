package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"gorm.io/gorm"

	"privacydesk/backend"
)

// Moving a practice between the engines: a copy of every row of one database into an
// empty one of either engine, in one transaction, checked after by its audit trail and
// its counts. The two schemas are the same tables and columns (migrations/ and
// migrations/postgres/), so a row is copied column by column; only the full-text rows are
// not copied but made again from the requests, as each engine indexes them its own way.

// copyTables are the tables a copy moves, each after the tables its rows refer to.
var copyTables = []string{
	"practice", "app_state", "staff_accounts", "request_sequences",
	"requests", "request_rights", "right_tombstones", "request_events", "request_pauses",
	"attachment_blobs", "attachments", "request_verifications", "request_disclosures",
	"vendors", "vendor_tombstones", "vendor_data_categories", "data_map", "vendor_tasks", "vendor_task_proposals",
	"letters", "letter_sendings", "letter_templates",
	"audit_events", "audit_head",
}

// copyBatch is how many rows are written per statement.
const copyBatch = 1000

// CopyReport is what a copy moved: the rows per table and the audit trail's head, the
// same on both sides once the copy has been checked.
type CopyReport struct {
	Rows map[string]int64
	Head backend.ChainHead
}

// CopyTo copies everything s holds into dest, a database (of either engine) that holds
// no request and no audit event yet (attached files' content is a table like the others). It reads s in one
// consistent snapshot and writes dest in one transaction, so dest ends with all of it or
// none; then it checks that dest's audit trail is intact with the same head as s's and
// that every table has as many rows on both sides.
func (s *Store) CopyTo(ctx context.Context, dest *Store) (CopyReport, error) {
	var used int64
	if err := dest.db.WithContext(ctx).Raw(`SELECT (SELECT count(*) FROM requests) + (SELECT count(*) FROM audit_events)`).Scan(&used).Error; err != nil {
		return CopyReport{}, err
	}
	if used > 0 {
		return CopyReport{}, backend.Errorf(backend.ECONFLICT, "%s already holds requests or an audit trail: a practice is copied only into an empty database.", dest.Path())
	}
	return s.copyInto(ctx, dest)
}

// ReplaceInto is CopyTo into a database that may hold a practice already (a backup
// restored into a PostgreSQL database): dest's rows are deleted and s's written in the
// same transaction, so dest holds either its old practice or s's, never a mix.
func (s *Store) ReplaceInto(ctx context.Context, dest *Store) (CopyReport, error) {
	return s.copyInto(ctx, dest)
}

// copyInto is CopyTo and ReplaceInto: every table of dest emptied, then s's rows written,
// in one transaction, and checked.
func (s *Store) copyInto(ctx context.Context, dest *Store) (CopyReport, error) {
	rep := CopyReport{Rows: map[string]int64{}}
	src, err := s.reader()
	if err != nil {
		return rep, err
	}
	rtx, err := src.BeginTx(ctx, s.dialect.snapshotTx())
	if err != nil {
		return rep, err
	}
	defer rtx.Rollback() //nolint:errcheck // read-only: nothing to keep
	err = dest.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for i := len(copyTables) - 1; i >= 0; i-- { // what dest held (after opening: the practice row)
			if err := tx.Exec("DELETE FROM " + copyTables[i]).Error; err != nil {
				return err
			}
		}
		for _, table := range copyTables {
			n, err := copyTable(ctx, rtx, tx, dest.dialect, table)
			if err != nil {
				return fmt.Errorf("copy %s: %w", table, err)
			}
			rep.Rows[table] = n
		}
		return reindexSearch(tx)
	})
	if err != nil {
		return rep, err
	}
	// The copy is checked against the trail it was copied from, read in the same
	// snapshot: the source may have recorded events since (an export finishing while a
	// backup copies), which the copy rightly does not hold.
	want, err := verifyAudit(rtx, nil, s.dialect)
	if err != nil {
		return rep, err
	}
	return rep, checkCopy(ctx, want, dest, &rep)
}

// copyTable copies table's rows read through from into to, column by column as dest's
// schema lists them, and returns how many.
func copyTable(ctx context.Context, from *sql.Tx, to *gorm.DB, d dialect, table string) (int64, error) {
	n, names, err := copyRows(ctx, from, to, d, table)
	if err == nil && table == "vendor_tombstones" {
		err = d.afterVendorTombstones(to)
	}
	if err != nil || !slices.Contains(names, "id") {
		return n, err
	}
	return n, d.afterExplicitIDs(to, table)
}

// copyRows is copyTable's copy of the rows; it returns how many and the columns.
func copyRows(ctx context.Context, from *sql.Tx, to *gorm.DB, d dialect, table string) (int64, []string, error) {
	var cols []struct {
		Name    string
		Boolean bool
	}
	if err := to.Raw(d.copyColumnsSQL(), table).Scan(&cols).Error; err != nil {
		return 0, nil, err
	}
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.Name
	}
	rows, err := from.QueryContext(ctx, "SELECT "+strings.Join(names, ", ")+" FROM "+table)
	if err != nil {
		return 0, nil, err
	}
	defer rows.Close()
	var n int64
	batch := make([][]any, 0, copyBatch)
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return n, nil, err
		}
		for i, c := range cols {
			if v, ok := vals[i].(int64); ok && c.Boolean { // SQLite's 0 and 1 into a boolean
				vals[i] = v != 0
			}
		}
		if batch = append(batch, vals); len(batch) == copyBatch {
			if err := insertRows(to, table, names, batch); err != nil {
				return n, nil, err
			}
			n += int64(len(batch))
			batch = batch[:0]
		}
	}
	if err := rows.Err(); err != nil {
		return n, nil, err
	}
	if err := insertRows(to, table, names, batch); err != nil {
		return n, nil, err
	}
	return n + int64(len(batch)), names, nil
}

// checkCopy checks dest after a copy: every table as many rows, the audit trail intact
// and ending at the same event with the same hash as want, the source's trail as the
// copy read it.
func checkCopy(ctx context.Context, want backend.ChainReport, dest *Store, rep *CopyReport) error {
	for _, table := range copyTables {
		var n int64
		if err := dest.db.WithContext(ctx).Raw("SELECT count(*) FROM " + table).Scan(&n).Error; err != nil {
			return err
		}
		if n != rep.Rows[table] {
			return fmt.Errorf("the copy's %s has %d rows, the original %d", table, n, rep.Rows[table])
		}
	}
	got, err := dest.VerifyAudit()
	if err != nil {
		return err
	}
	if !got.OK {
		return errors.New("the copy's audit trail does not verify: " + got.Problem)
	}
	if got.Head != want.Head {
		return fmt.Errorf("the copy's audit trail ends at event %d (%s), the original's at %d (%s)", got.Head.Events, got.Head.Hash, want.Head.Events, want.Head.Hash)
	}
	rep.Head = got.Head
	return nil
}
