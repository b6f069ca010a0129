package keyring

import (
	"bytes"
	"errors"
	"testing"
)

// allZero reports whether every byte of b is zero.
func allZero(b []byte) bool { return len(bytes.Trim(b, "\x00")) == 0 }

// The key Argon2id derives from a passphrase to seal or open an account's entry, and the
// copy of the passphrase's bytes it was derived from, are zeroed once the entry is
// sealed or opened, whether the passphrase was right or wrong: they do not linger in
// memory until the garbage collector reuses it.
func TestDerivedKeysZeroedAfterUse(t *testing.T) {
	type seen struct{ key, pass, keyThen []byte }
	var all []seen
	derived = func(key, pass []byte) {
		all = append(all, seen{key: key, pass: pass, keyThen: bytes.Clone(key)})
	}
	defer func() { derived = nil }()
	data, err := NewKey()
	if err != nil {
		t.Fatal(err)
	}
	f := New()
	steps := []struct {
		what string
		do   func() error
	}{
		{"wrap", func() error { return f.Wrap("Ana Office", "correct horse battery", data, cheap) }},
		{"unwrap", func() error {
			got, err := f.Unwrap("Ana Office", "correct horse battery", cheap)
			if err == nil && !bytes.Equal(got, data) {
				err = errors.New("another key")
			}
			return err
		}},
		{"wrong passphrase", func() error {
			if _, err := f.Unwrap("Ana Office", "wrong horse battery", cheap); !errors.Is(err, ErrNoEntry) {
				return errors.New("opened")
			}
			return nil
		}},
		{"unknown name", func() error {
			if _, err := f.Unwrap("Nobody", "correct horse battery", cheap); !errors.Is(err, ErrNoEntry) {
				return errors.New("opened")
			}
			return nil
		}},
	}
	for _, s := range steps {
		all = nil
		if err := s.do(); err != nil {
			t.Fatalf("%s: %v", s.what, err)
		}
		if len(all) != 1 {
			t.Fatalf("%s derived %d keys, want 1", s.what, len(all))
		}
		k := all[0]
		if len(k.keyThen) != 32 || allZero(k.keyThen) || len(k.pass) == 0 {
			t.Fatalf("%s: the derived key was not seen being made (%d bytes)", s.what, len(k.keyThen))
		}
		if !allZero(k.key) {
			t.Errorf("%s: the derived key is still in memory after use", s.what)
		}
		if !allZero(k.pass) {
			t.Errorf("%s: the copy of the passphrase is still in memory after use: %q", s.what, k.pass)
		}
	}
}
