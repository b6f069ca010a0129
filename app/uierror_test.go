package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"privacydesk/backend"
)

func TestErrorContract(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want uiErrorBody
	}{
		{"validation names the field", backend.Invalid("email", "bad address"), uiErrorBody{Code: "invalid", Field: "email", Message: "bad address",
			Problems: []backend.Problem{{Field: "email", Message: "bad address"}}}},
		{"every field of a validation, the first also as field", fmt.Errorf("save: %w", &backend.ValidationError{Problems: []backend.Problem{
			{Field: "requester.name", Message: "This field is required."}, {Field: "rights", Message: "Choose at least one right."}}}),
			uiErrorBody{Code: "invalid", Field: "requester.name", Message: "This field is required.", Problems: []backend.Problem{
				{Field: "requester.name", Message: "This field is required."}, {Field: "rights", Message: "Choose at least one right."}}}},
		{"wrapped domain error", fmt.Errorf("save: %w", backend.Errorf(backend.ENOTFOUND, "No request PR-2026-0009.")), uiErrorBody{Code: "not_found", Message: "No request PR-2026-0009."}},
		{"internal hides detail", errors.New("sql: database is locked at /home/x/y.db"), uiErrorBody{Code: "internal", Message: "Internal error. The details were written to the log file."}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got uiErrorBody
			if err := json.Unmarshal([]byte(toUI(tc.err).Error()), &got); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
	if toUI(nil) != nil {
		t.Error("toUI(nil) != nil")
	}
	if _, err := wrap(1, backend.Invalid("name", "x")); err == nil || backend.ErrorCode(err) != backend.EINTERNAL {
		// wrap's error is the UI form (a JSON string), no longer a *backend.Error.
		t.Errorf("wrap error = %v", err)
	}
}
