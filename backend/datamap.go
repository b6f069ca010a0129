package backend

import (
	"sort"
	"strings"
	"time"
)

// DataCategoryKey identifies a category of personal information in the data map.
type DataCategoryKey string

// The categories follow the California list (Cal. Civ. Code 1798.140(v)(1) and (ae)),
// which is how privacy policies print their category table, plus health information
// protected by HIPAA, which a health practice must track on its own.
const (
	DataIdentifiers              DataCategoryKey = "identifiers"
	DataCustomerRecords          DataCategoryKey = "customer-records"
	DataProtectedClassifications DataCategoryKey = "protected-classifications"
	DataCommercial               DataCategoryKey = "commercial"
	DataSensitive                DataCategoryKey = "sensitive"
	DataBiometric                DataCategoryKey = "biometric"
	DataInternetActivity         DataCategoryKey = "internet-activity"
	DataGeolocation              DataCategoryKey = "geolocation"
	DataSensory                  DataCategoryKey = "sensory"
	DataProfessional             DataCategoryKey = "professional"
	DataEducation                DataCategoryKey = "education"
	DataInferences               DataCategoryKey = "inferences"
	DataHealth                   DataCategoryKey = "health"
)

// DataCategoryInfo is the fixed description of a category: its name, where the law
// defines it, and the examples a privacy policy usually gives.
type DataCategoryInfo struct {
	Key      DataCategoryKey `json:"key"`
	Label    string          `json:"label"`
	Citation string          `json:"citation"`
	Examples string          `json:"examples"`
}

// DataCategoryInfos lists every category in the order of a policy's table.
var DataCategoryInfos = []DataCategoryInfo{
	{DataIdentifiers, "Identifiers", "Cal. Civ. Code 1798.140(v)(1)(A)",
		"Real name, alias, postal address, unique personal identifier, online identifier, IP address, email address, account name, Social Security number, driver's license number, passport number."},
	{DataCustomerRecords, "Personal information in customer records", "Cal. Civ. Code 1798.80(e); 1798.140(v)(1)(B)",
		"Name, signature, Social Security number, physical characteristics, address, telephone number, insurance policy number, education, employment, bank account, credit or debit card number, medical information, health insurance information."},
	{DataProtectedClassifications, "Protected classification characteristics", "Cal. Civ. Code 1798.140(v)(1)(C)",
		"Age (40 or older), race, color, ancestry, national origin, citizenship, religion, marital status, medical condition, disability, sex, gender identity, sexual orientation, veteran or military status."},
	{DataCommercial, "Commercial information", "Cal. Civ. Code 1798.140(v)(1)(D)",
		"Records of services purchased, obtained or considered; purchasing or consuming histories."},
	{DataSensitive, "Sensitive personal information", "Cal. Civ. Code 1798.140(ae)",
		"Government identifiers, account log-in with password, precise geolocation, racial or ethnic origin, religious beliefs, union membership, contents of mail, email and texts, genetic data, health, sex life or sexual orientation."},
	{DataBiometric, "Biometric information", "Cal. Civ. Code 1798.140(c), (v)(1)(E)",
		"Genetic, physiological or behavioral characteristics such as fingerprints, faceprints, voiceprints, iris or retina scans, keystroke, gait, sleep, health or exercise data."},
	{DataInternetActivity, "Internet or other electronic network activity", "Cal. Civ. Code 1798.140(v)(1)(F)",
		"Browsing history, search history, interaction with a website, application or advertisement."},
	{DataGeolocation, "Geolocation data", "Cal. Civ. Code 1798.140(v)(1)(G)",
		"Physical location or movements."},
	{DataSensory, "Sensory data", "Cal. Civ. Code 1798.140(v)(1)(H)",
		"Audio, electronic, visual, thermal, olfactory or similar information (for example session recordings)."},
	{DataProfessional, "Professional or employment-related information", "Cal. Civ. Code 1798.140(v)(1)(I)",
		"Current or past job history or performance evaluations."},
	{DataEducation, "Non-public education information", "Cal. Civ. Code 1798.140(v)(1)(J); 20 U.S.C. 1232g",
		"Education records such as grades, transcripts, class lists, student schedules, disciplinary records."},
	{DataInferences, "Inferences drawn from other personal information", "Cal. Civ. Code 1798.140(v)(1)(K)",
		"Profile reflecting preferences, characteristics, psychological trends, predispositions, behavior, attitudes, intelligence, abilities and aptitudes."},
	{DataHealth, "Health information (PHI)", "45 CFR 160.103",
		"Diagnoses, treatment and session notes, appointment history, medications, insurance claims and payment for health care, linked to the patient."},
}

// Valid reports whether k is a known category.
func (k DataCategoryKey) Valid() bool {
	_, ok := DataCategoryInfoOf(k)
	return ok
}

// DataCategoryInfoOf returns the fixed description of k.
func DataCategoryInfoOf(k DataCategoryKey) (DataCategoryInfo, bool) {
	for _, c := range DataCategoryInfos {
		if c.Key == k {
			return c, true
		}
	}
	return DataCategoryInfo{}, false
}

// VendorRef names a vendor where a list of vendors is shown.
type VendorRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// DataCategory is one row of the data map: what the practice collects in a category,
// from whom, why, how long it keeps it, and which vendors receive it.
type DataCategory struct {
	Key       DataCategoryKey `json:"key"`
	Label     string          `json:"label"`
	Citation  string          `json:"citation"`
	Examples  string          `json:"examples"` // the practice's own examples; starts from the standard ones
	Collected bool            `json:"collected"`
	Sources   string          `json:"sources"`
	Purposes  string          `json:"purposes"`
	Retention string          `json:"retention"`
	Disclosed bool            `json:"disclosed"`
	// Vendors receiving this category. Stored with the vendors (Vendor.DataCategories),
	// so the register and the map can never disagree.
	Vendors   []VendorRef `json:"vendors"`
	Warning   string      `json:"warning"` // VendorMismatch, filled when read
	UpdatedAt time.Time   `json:"updatedAt"`
}

// Validate checks one row and returns the first problem, naming its field.
func (c *DataCategory) Validate() error {
	info, ok := DataCategoryInfoOf(c.Key)
	if !ok {
		return Invalid("key", "Unknown data category %q.", c.Key)
	}
	c.Label, c.Citation = info.Label, info.Citation
	for _, f := range []struct {
		field, value string
		max          int
	}{{"examples", c.Examples, 4000}, {"sources", c.Sources, 4000}, {"purposes", c.Purposes, 4000}, {"retention", c.Retention, 2000}} {
		if err := ValidateText(f.field, f.value, f.max, false); err != nil {
			return err
		}
	}
	if c.Disclosed && !c.Collected {
		return Invalid("disclosed", "%s is marked as not collected, so it cannot be disclosed.", c.Label)
	}
	if len(c.Vendors) > 0 && !c.Disclosed {
		return Invalid("disclosed", "%d vendor(s) receive %s: mark it disclosed, or remove them.", len(c.Vendors), c.Label)
	}
	if c.Collected && strings.TrimSpace(c.Purposes) == "" {
		return Invalid("purposes", "Say why %s is collected.", c.Label)
	}
	return nil
}

// VendorMismatch explains a disagreement between the row and the vendor register, which
// arises when a vendor is edited after the map: a vendor receiving a category the map
// says is not collected or not disclosed. "" when they agree.
func (c *DataCategory) VendorMismatch() string {
	if len(c.Vendors) == 0 || (c.Collected && c.Disclosed) {
		return ""
	}
	names := make([]string, len(c.Vendors))
	for i, v := range c.Vendors {
		names[i] = v.Name
	}
	return "The vendor register lists " + strings.Join(names, ", ") + " as receiving this category, but the map says it is not disclosed."
}

// normaliseKeys sorts keys into the data map's order and removes duplicates.
func normaliseKeys(keys []DataCategoryKey) []DataCategoryKey {
	order := map[DataCategoryKey]int{}
	for i, c := range DataCategoryInfos {
		order[c.Key] = i
	}
	seen := map[DataCategoryKey]bool{}
	out := []DataCategoryKey{}
	for _, k := range keys {
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		oi, iok := order[out[i]]
		oj, jok := order[out[j]]
		if iok != jok {
			return iok
		}
		return oi < oj
	})
	return out
}
