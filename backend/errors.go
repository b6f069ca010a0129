package backend

import (
	"encoding/json"
	"errors"
	"fmt"
)

// Error codes. The UI branches on the code; the message is for the person.
const (
	EINVALID  = "invalid"   // bad input; Field names the form field when there is one
	ENOTFOUND = "not_found" // the thing asked for does not exist
	ECONFLICT = "conflict"  // the action clashes with the current state (duplicate, wrong status)
	EINTERNAL = "internal"  // a fault of ours; details go to the log, the user sees a plain sentence
)

// Error is the one error type the backend returns for anything a user can act on.
type Error struct {
	Code    string `json:"code"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s", e.Field, e.Message)
	}
	return e.Message
}

// Errorf returns an *Error with the code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid returns a validation error for one field.
func Invalid(field, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of an *Error in err's chain, EINTERNAL for any other error,
// and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorField returns the field of an *Error in err's chain, or "".
func ErrorField(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}

// ErrorMessage returns the message a person should see. Errors that are not *Error
// are internal: their text may leak paths or SQL, so the user gets a plain sentence.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error. The details were written to the log file."
}

// Problem is one field's problem, as a form shows it beside the field.
type Problem struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// ValidationError is a validation error listing every field with a problem, in form
// order, one problem per field, so a form can mark all its bad fields at once (and an
// import can name every bad cell of a row). It reads as an *Error for its first
// problem: errors.As(err, &e) with e an *Error gives that problem with code EINVALID,
// so ErrorField, ErrorMessage and callers that know one field keep working.
type ValidationError struct {
	Problems []Problem
}

// Add records err's problems: every problem of a *ValidationError, the field and
// message of an *Error (one without a field is kept under ""), and nothing for nil. A
// field that already has a problem keeps its first one.
func (e *ValidationError) Add(err error) {
	if err == nil {
		return
	}
	for _, p := range ErrorProblems(err) {
		e.add(p)
	}
	if len(ErrorProblems(err)) == 0 {
		e.add(Problem{Field: ErrorField(err), Message: ErrorMessage(err)})
	}
}

// Invalid records a problem of field, unless the field has one already.
func (e *ValidationError) Invalid(field, format string, args ...any) {
	e.add(Problem{Field: field, Message: fmt.Sprintf(format, args...)})
}

func (e *ValidationError) add(p Problem) {
	for _, q := range e.Problems {
		if q.Field == p.Field {
			return
		}
	}
	e.Problems = append(e.Problems, p)
}

// Has reports whether field has a problem listed.
func (e *ValidationError) Has(field string) bool {
	for _, p := range e.Problems {
		if p.Field == field {
			return true
		}
	}
	return false
}

// Err returns e when it lists a problem, and nil otherwise.
func (e *ValidationError) Err() error {
	if e == nil || len(e.Problems) == 0 {
		return nil
	}
	return e
}

// First is the first problem as an *Error.
func (e *ValidationError) First() *Error {
	if len(e.Problems) == 0 {
		return &Error{Code: EINVALID, Message: "The input is not valid."}
	}
	return &Error{Code: EINVALID, Field: e.Problems[0].Field, Message: e.Problems[0].Message}
}

func (e *ValidationError) Error() string {
	s := ""
	for i, p := range e.Problems {
		if i > 0 {
			s += "; "
		}
		s += (&Error{Field: p.Field, Message: p.Message}).Error()
	}
	return s
}

// As makes the first problem available as an *Error (errors.As).
func (e *ValidationError) As(target any) bool {
	if t, ok := target.(**Error); ok {
		*t = e.First()
		return true
	}
	return false
}

// MarshalJSON gives the UI the first problem as code, field and message, as for an
// *Error, and every problem in problems.
func (e *ValidationError) MarshalJSON() ([]byte, error) {
	first := e.First()
	return json.Marshal(struct {
		Code     string    `json:"code"`
		Field    string    `json:"field,omitempty"`
		Message  string    `json:"message"`
		Problems []Problem `json:"problems"`
	}{first.Code, first.Field, first.Message, e.Problems})
}

// ErrorProblems returns every field problem of err: the list of a *ValidationError in
// its chain, else the one of an *Error with a field, else nil.
func ErrorProblems(err error) []Problem {
	var v *ValidationError
	if errors.As(err, &v) {
		return v.Problems
	}
	var e *Error
	if errors.As(err, &e) && e.Field != "" {
		return []Problem{{Field: e.Field, Message: e.Message}}
	}
	return nil
}
