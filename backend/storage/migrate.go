package storage

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
)

//go:embed migrations/*.sql migrations/postgres/*.sql
var migrationFiles embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

// migrations returns the embedded SQLite migrations ordered by their number.
func migrations() []migration { return migrationsFor(sqliteDialect) }

// migrationsFor returns the dialect's embedded migrations ordered by their number. File
// names are NNNN_name.sql and numbers run 1, 2, 3 ... without gaps.
func migrationsFor(d dialect) []migration {
	dir := d.migrationDir()
	entries, err := fs.ReadDir(migrationFiles, dir)
	if err != nil {
		panic(err)
	}
	var out []migration
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			panic("storage: bad migration file name " + e.Name())
		}
		b, err := migrationFiles.ReadFile(dir + "/" + e.Name())
		if err != nil {
			panic(err)
		}
		out = append(out, migration{version: v, name: e.Name(), sql: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i, m := range out {
		if m.version != i+1 {
			panic(fmt.Sprintf("storage: migration %s out of sequence", m.name))
		}
	}
	return out
}

// SchemaVersion is the database version this build writes.
func SchemaVersion() int { return len(migrations()) }

// migrate applies each missing migration in its own transaction.
func (s *Store) migrate() error {
	if err := s.db.Exec(`CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`).Error; err != nil {
		return fmt.Errorf("create schema_version: %w", err)
	}
	var current int
	if err := s.db.Raw(`SELECT coalesce(max(version), 0) FROM schema_version`).Scan(&current).Error; err != nil {
		return err
	}
	for _, m := range migrationsFor(s.dialect) {
		if m.version <= current {
			continue
		}
		err := s.db.Transaction(func(tx *gorm.DB) error {
			if err := tx.Exec(m.sql).Error; err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
			if after := afterMigration[strings.TrimSuffix(m.name[strings.IndexByte(m.name, '_')+1:], ".sql")]; after != nil {
				if err := after(tx); err != nil {
					return fmt.Errorf("migration %s: %w", m.name, err)
				}
			}
			return tx.Exec(`INSERT INTO schema_version(version, name, applied_at) VALUES (?, ?, ?)`,
				m.version, m.name, s.Now().UTC().Format(time.RFC3339)).Error
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// afterMigration is the Go a migration needs after its SQL, in the same transaction,
// by the migration's name (without number and extension): what SQL alone cannot compute.
var afterMigration = map[string]func(tx *gorm.DB) error{
	"search_index":        reindexSearch,
	"calendar_tombstones": buryFromAuditTrail,
}

// reindexSearch rewrites every request's full-text row from the request (searchText).
func reindexSearch(tx *gorm.DB) error {
	if err := tx.Exec(`DELETE FROM request_text`).Error; err != nil {
		return err
	}
	d := dialectOf(tx)
	db, ok := tx.Statement.ConnPool.(querier)
	if !ok {
		return fmt.Errorf("reindex: no query interface on %T", tx.Statement.ConnPool)
	}
	for last := int64(0); ; {
		// Only the columns searchText reads, which every schema from this migration on has
		// (a later migration's columns do not exist yet when this one runs).
		res, err := db.Query(`SELECT id, reference, requester_name, requester_email, requester_phone, client_number,
			agent_name, agent_email, tags, description, notes FROM requests WHERE id > ? ORDER BY id LIMIT 2000`, last)
		if err != nil {
			return err
		}
		var rows []requestRow
		for res.Next() {
			var w requestRow
			if err := res.Scan(&w.ID, &w.Reference, &w.RequesterName, &w.RequesterEmail, &w.RequesterPhone, &w.ClientNumber,
				&w.AgentName, &w.AgentEmail, &w.Tags, &w.Description, &w.Notes); err != nil {
				res.Close()
				return err
			}
			rows = append(rows, w)
		}
		res.Close()
		if err := res.Err(); err != nil || len(rows) == 0 {
			return err
		}
		for i := range rows {
			r := rows[i].request()
			if err := tx.Exec(`INSERT INTO request_text(docid, text) VALUES (?, ?)`, r.ID, d.searchDoc(searchText(&r))).Error; err != nil {
				return err
			}
		}
		last = rows[len(rows)-1].ID
	}
}
