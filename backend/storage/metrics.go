package storage

import (
	"database/sql"
	"math"
	"sort"

	"privacydesk/backend"
)

// Metrics computes the year's statistics, aggregated by SQLite: per regime and right the
// rights received, complied with, denied and pending, and the median and mean days from
// receipt to the practice's date of the outcome (window functions for the medians, the
// zone's offsets table of the charts for the date).
func (s *Store) Metrics(year int) (backend.Metrics, error) {
	_, loc, err := practiceZone(s.ro)
	if err != nil {
		return backend.Metrics{}, err
	}
	db, err := s.reader()
	if err != nil {
		return backend.Metrics{}, err
	}
	from, to := backend.NewDate(year, 1, 1), backend.NewDate(year, 12, 31)
	dl := s.dialect
	tz, tzArgs := dl.zoneOffsets(loc, from.Time().AddDate(-1, 0, 0), to.Time().AddDate(6, 0, 0))
	with := `WITH tz(s, e, off) AS (VALUES ` + tz + `),
x AS (SELECT r.regime, rr.right_code, CASE WHEN rr.outcome IN ('granted', 'partially-granted') THEN 1 ELSE 0 END AS complied,
    CASE WHEN rr.outcome = 'denied' THEN 1 ELSE 0 END AS denied,
    CASE WHEN rr.outcome IN ('granted', 'partially-granted', 'denied') THEN
      ` + dl.daysBetween(dl.practiceDate("rr.outcome_at"), "r.received_date") + `
    END AS days
  FROM request_rights rr JOIN requests r ON r.id = rr.request_id
  WHERE r.received_date >= ? AND r.received_date <= ?),
d AS (SELECT regime, right_code, days,
    row_number() OVER (PARTITION BY regime, right_code ORDER BY days) AS gi, count(*) OVER (PARTITION BY regime, right_code) AS gn,
    row_number() OVER (ORDER BY days) AS ai, count(*) OVER () AS an
  FROM x WHERE days IS NOT NULL)
`
	args := append(tzArgs, from.String(), to.String())
	rows, err := db.Query(with+`SELECT x.regime, x.right_code, count(*), sum(complied), sum(denied), count(days),
  (SELECT avg(days) FROM d WHERE d.regime = x.regime AND d.right_code = x.right_code AND gi IN ((gn + 1) / 2, (gn + 2) / 2)),
  avg(days)
FROM x GROUP BY x.regime, x.right_code`, args...)
	if err != nil {
		return backend.Metrics{}, err
	}
	defer rows.Close()
	out := backend.Metrics{Year: year, Rows: []backend.MetricRow{}}
	for rows.Next() {
		var m backend.MetricRow
		var median, mean sql.NullFloat64
		if err := rows.Scan(&m.Regime, &m.Right, &m.Received, &m.Complied, &m.Denied, &m.Responded, &median, &mean); err != nil {
			return out, err
		}
		m.Pending = m.Received - m.Complied - m.Denied
		m.MedianDays, m.MeanDays = stat(median, mean)
		out.Rows = append(out.Rows, m)
		out.All.Received += m.Received
		out.All.Complied += m.Complied
		out.All.Denied += m.Denied
		out.All.Pending += m.Pending
		out.All.Responded += m.Responded
	}
	if err := rows.Err(); err != nil {
		return out, err
	}
	var median, mean sql.NullFloat64
	if err := db.QueryRow(with+`SELECT (SELECT avg(days) FROM d WHERE ai IN ((an + 1) / 2, (an + 2) / 2)), (SELECT avg(days) FROM x)`, args...).
		Scan(&median, &mean); err != nil {
		return out, err
	}
	out.All.MedianDays, out.All.MeanDays = stat(median, mean)
	sortMetricRows(out.Rows)
	return out, nil
}

// stat is a median and a mean (to one decimal) as the report shows them; nil when none.
func stat(median, mean sql.NullFloat64) (*float64, *float64) {
	if !median.Valid || !mean.Valid {
		return nil, nil
	}
	med, avg := median.Float64, math.Round(mean.Float64*10)/10
	return &med, &avg
}

// sortMetricRows puts the rows in the order of the regimes, then of the rights.
func sortMetricRows(rows []backend.MetricRow) {
	order := func(r backend.MetricRow) (int, int) {
		ri, ti := len(backend.Regimes), len(backend.Rights)
		for i, x := range backend.Regimes {
			if x == r.Regime {
				ri = i
			}
		}
		for i, x := range backend.Rights {
			if x == r.Right {
				ti = i
			}
		}
		return ri, ti
	}
	sort.Slice(rows, func(i, j int) bool {
		ai, at := order(rows[i])
		bi, bt := order(rows[j])
		return ai < bi || ai == bi && at < bt
	})
}
