package main

import (
	"encoding/json"
	"errors"
	"log/slog"

	"privacydesk/backend"
)

// uiErrorBody is the error contract with the front end: a Wails v2 binding rejects with
// the error's text, so the text is JSON the UI parses back (frontend/src/lib/ipc.ts).
//
// A validation error carries every field with a problem in problems (one per field, in
// form order) so a form can mark them all; field and message are the first of them.
type uiErrorBody struct {
	Code     string            `json:"code"`
	Message  string            `json:"message"`
	Field    string            `json:"field,omitempty"`
	Problems []backend.Problem `json:"problems,omitempty"`
}

type uiError struct{ body uiErrorBody }

func (e uiError) Error() string {
	b, _ := json.Marshal(e.body)
	return string(b)
}

// toUI turns any error into the contract. Internal errors are logged in full and the
// user sees a plain sentence.
func toUI(err error) error {
	if err == nil {
		return nil
	}
	var already uiError
	if errors.As(err, &already) {
		return err
	}
	code := backend.ErrorCode(err)
	if code == backend.EINTERNAL {
		slog.Error("internal error", "err", err)
	}
	return uiError{uiErrorBody{Code: code, Message: backend.ErrorMessage(err), Field: backend.ErrorField(err),
		Problems: backend.ErrorProblems(err)}}
}

// wrap returns v with err in the UI contract; bound methods end with `return wrap(x, err)`.
func wrap[T any](v T, err error) (T, error) {
	if err != nil {
		var zero T
		return zero, toUI(err)
	}
	return v, nil
}
