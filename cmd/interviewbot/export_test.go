package main

import (
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
)

func TestExportSQLite(t *testing.T)   { runExportScenario(t, MustSQLiteDB(t)) }
func TestExportPostgres(t *testing.T) { runExportScenario(t, MustPostgresDB(t)) }

// runExportScenario exports the seeded history as CSV (everyone) and JSON
// (one member) and reads both back.
func runExportScenario(t *testing.T, db serveDB) {
	st := db.open(t)
	seedHistory(t, st)

	code, out, errs := runAdmin(t, db.vars, "export")
	if code != 0 {
		t.Fatalf("export exited %d: %s", code, errs)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not parse: %v\n%s", err, out)
	}
	if len(recs) != 5 || strings.Join(recs[0], ",") != strings.Join(historyHeader, ",") {
		t.Fatalf("got %d records with header %v, want a header and 4 answers", len(recs), recs[0])
	}
	users := map[string]int{}
	for _, r := range recs[1:] {
		users[r[2]]++
		if r[12] != "true" || r[13] == "" || r[15] != "rubric" {
			t.Errorf("row %v: want graded with a score by rubric", r)
		}
	}
	if users["UADA"] != 3 || users["UBOB"] != 1 {
		t.Errorf("answers per user = %v, want UADA 3, UBOB 1", users)
	}
	if last := recs[len(recs)-1]; last[5] != "daily" || last[17] != "daily \"quoted\"\nanswer" {
		t.Errorf("the newest row %v lost its source or its quoted, multi-line text", last)
	}

	code, out, errs = runAdmin(t, db.vars, "export", "--format", "json", "--member", "slack:T1:UBOB")
	if code != 0 {
		t.Fatalf("export --format json exited %d: %s", code, errs)
	}
	var rows []historyJSON
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("the JSON does not parse: %v\n%s", err, out)
	}
	if len(rows) != 1 || rows[0].User != "UBOB" || rows[0].Score == nil || *rows[0].Score != 71 || rows[0].Points != 8 || rows[0].Source != "daily" {
		t.Errorf("bob's export = %+v", rows)
	}

	for _, bad := range [][]string{{"export", "--format", "xml"}, {"export", "--member", "UBOB"}, {"export", "extra"}} {
		if code, _, _ := runAdmin(t, db.vars, bad...); code == 0 {
			t.Errorf("%v exited 0", bad)
		}
	}
}
