package storage

import (
	"sort"
	"time"

	"gorm.io/gorm"

	"privacydesk/backend"
)

type dataMapRow struct {
	Category  string `gorm:"primaryKey"`
	Examples  string
	Collected bool
	Sources   string
	Purposes  string
	Retention string
	Disclosed bool
	UpdatedAt string
}

func (dataMapRow) TableName() string { return "data_map" }

// ListDataMap returns the practice's data map: every category in the policy table's
// order, with the vendors that receive it. A category never described is "not
// collected" with the standard examples. The access-response letter is built from it.
func (s *Store) ListDataMap() ([]backend.DataCategory, error) { return listDataMap(s.db) }

func listDataMap(tx *gorm.DB) ([]backend.DataCategory, error) {
	var rows []dataMapRow
	if err := tx.Find(&rows).Error; err != nil {
		return nil, err
	}
	byKey := map[string]dataMapRow{}
	for _, r := range rows {
		byKey[r.Category] = r
	}
	var links []struct {
		Category string
		ID       int64
		Name     string
	}
	if err := tx.Raw(`SELECT c.category, v.id, v.name FROM vendor_data_categories c JOIN vendors v ON v.id = c.vendor_id
		ORDER BY v.name_key`).Scan(&links).Error; err != nil {
		return nil, err
	}
	vendors := map[string][]backend.VendorRef{}
	for _, l := range links {
		vendors[l.Category] = append(vendors[l.Category], backend.VendorRef{ID: l.ID, Name: l.Name})
	}
	out := make([]backend.DataCategory, len(backend.DataCategoryInfos))
	for i, info := range backend.DataCategoryInfos {
		c := backend.DataCategory{Key: info.Key, Label: info.Label, Citation: info.Citation, Examples: info.Examples,
			Vendors: nonNil(vendors[string(info.Key)])}
		if r, ok := byKey[string(info.Key)]; ok {
			c.Examples, c.Collected, c.Sources, c.Purposes = r.Examples, r.Collected, r.Sources, r.Purposes
			c.Retention, c.Disclosed = r.Retention, r.Disclosed
			c.UpdatedAt, _ = time.Parse(time.RFC3339Nano, r.UpdatedAt)
		}
		c.Warning = c.VendorMismatch()
		out[i] = c
	}
	return out, nil
}

// SaveDataMap validates and stores the given rows of the data map in one transaction,
// including which vendors receive each category, and returns the whole map. Rows not
// given are left as they are.
func (s *Store) SaveDataMap(rows []backend.DataCategory) ([]backend.DataCategory, error) {
	seen := map[backend.DataCategoryKey]bool{}
	for i := range rows {
		if err := rows[i].Validate(); err != nil {
			// Name the row too ("identifiers.purposes"): the editor shows every row at once.
			if f := backend.ErrorField(err); f != "" && rows[i].Key.Valid() {
				return nil, backend.Invalid(string(rows[i].Key)+"."+f, "%s", backend.ErrorMessage(err))
			}
			return nil, err
		}
		if seen[rows[i].Key] {
			return nil, backend.Invalid(string(rows[i].Key)+".key", "%s is listed twice.", rows[i].Label)
		}
		seen[rows[i].Key] = true
	}
	var out []backend.DataCategory
	err := s.db.Transaction(func(tx *gorm.DB) error {
		before, err := listDataMap(tx)
		if err != nil {
			return err
		}
		// The vendors whose categories may change, as they were: each change is also in
		// that vendor's history.
		touched := map[int64]backend.Vendor{}
		for i, c := range before {
			if !seen[c.Key] {
				continue
			}
			refs := append(append([]backend.VendorRef(nil), c.Vendors...), dataMapRowByKey(rows, before[i].Key).Vendors...)
			for _, ref := range refs {
				if _, ok := touched[ref.ID]; ok {
					continue
				}
				v, err := getVendor(tx, ref.ID)
				if err != nil {
					if backend.ErrorCode(err) == backend.ENOTFOUND {
						return backend.Invalid(string(c.Key)+".vendors", "Vendor %d (%s) is not in the register.", ref.ID, ref.Name)
					}
					return err
				}
				touched[ref.ID] = v
			}
		}
		now := s.Now().UTC().Format(time.RFC3339Nano)
		for _, c := range rows {
			r := dataMapRow{Category: string(c.Key), Examples: c.Examples, Collected: c.Collected, Sources: c.Sources,
				Purposes: c.Purposes, Retention: c.Retention, Disclosed: c.Disclosed, UpdatedAt: now}
			if err := tx.Save(&r).Error; err != nil {
				return err
			}
			if err := setCategoryVendors(tx, c.Key, c.Vendors); err != nil {
				return err
			}
		}
		out, err = listDataMap(tx)
		if err != nil {
			return err
		}
		for i := range out {
			if !seen[out[i].Key] {
				continue
			}
			b, a := before[i], out[i]
			b.UpdatedAt, a.UpdatedAt = time.Time{}, time.Time{}
			if toJSON(b) == toJSON(a) {
				continue // saved unchanged: no event
			}
			if err := s.appendAudit(tx, "datamap", string(a.Key), "update", b, a); err != nil {
				return err
			}
		}
		for _, id := range vendorSortedIDs(touched) {
			b := touched[id]
			a, err := getVendor(tx, id)
			if err != nil {
				return err
			}
			if toJSON(a.DataCategories) != toJSON(b.DataCategories) {
				if err := s.appendAudit(tx, "vendor", a.Name, "data-categories", b, a); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// setCategoryVendors makes exactly the given vendors receive category k.
func setCategoryVendors(tx *gorm.DB, k backend.DataCategoryKey, vendors []backend.VendorRef) error {
	want := map[int64]bool{}
	for _, v := range vendors {
		want[v.ID] = true // SaveDataMap checked each is in the register
	}
	if err := tx.Where("category = ?", string(k)).Delete(&vendorCategoryRow{}).Error; err != nil {
		return err
	}
	for _, id := range vendorSortedIDs(want) {
		if err := tx.Create(&vendorCategoryRow{VendorID: id, Category: string(k)}).Error; err != nil {
			return err
		}
	}
	return nil
}

func dataMapRowByKey(rows []backend.DataCategory, k backend.DataCategoryKey) backend.DataCategory {
	for _, r := range rows {
		if r.Key == k {
			return r
		}
	}
	return backend.DataCategory{}
}

func vendorSortedIDs[T any](m map[int64]T) []int64 {
	out := make([]int64, 0, len(m))
	for id := range m {
		out = append(out, id)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}
