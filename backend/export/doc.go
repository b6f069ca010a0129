// Package export moves Privacy Desk's records out of the app in the formats their
// readers need, and old spreadsheets in.
//
// Out: a Table (named, typed columns) is written row by row by an Encoder:
// NewCSVEncoder, NewXLSXEncoder, NewJSONEncoder; calendars of due dates by
// NewICSEncoder. Copy drives an encoder from a row source with a context and a progress
// callback, and WriteFile puts the result on disk atomically, so a failed or cancelled
// export never leaves a partial file.
//
// Cell values by column type (a nil value is an empty cell everywhere):
//
//	Text      string
//	Date      backend.Date      CSV/JSON "YYYY-MM-DD"; XLSX a date cell (yyyy-mm-dd)
//	DateTime  time.Time         CSV/JSON RFC 3339 in UTC; XLSX a date-time cell in the
//	                            encoder's Location (UTC by default); the header of a
//	                            date-time column names its zone: "Created (UTC)"
//	Int       int, int64        plain digits
//	Bool      bool              CSV/JSON true/false; XLSX a boolean cell
//	Float     float64           shortest exact decimal
//	List      []string          CSV/XLSX "a; b"; JSON an array of strings
//
// The JSON shape is one array of objects, one object per row, keyed by Column.Key, in
// column order:
//
//	[
//	{"reference":"PR-2026-0001","received":"2026-03-02","rights":["access"],"notes":null},
//	...
//	]
//
// Dates are "YYYY-MM-DD", instants RFC 3339 in UTC ("2026-03-02T15:04:05Z"), empty
// cells null, lists arrays. The array is streamed: a reader can process it object by
// object.
//
// In: ReadCSV and ReadXLSX return a Sheet (header found among the first rows, data rows
// with their spreadsheet row numbers); AutoMap proposes which source column feeds which
// target Field; Convert turns the rows into typed Records and names every problem by row
// and column ("row 7, column Email"). Committing the records (all or nothing) is the
// storage layer's job.
package export
