package dbchoice

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"database/sql"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib"

	"privacydesk/backend"
	"privacydesk/backend/dbsecret"
	"privacydesk/backend/storage"
	"privacydesk/internal/testpg"
)

// fakeVault is a credential store in memory; setErr, when set, is every Set's error (no
// credential store on the computer).
type fakeVault struct {
	kept   dbsecret.Memory
	setErr error
}

func (v *fakeVault) Get(service, account string) (string, error) { return v.kept.Get(service, account) }

func (v *fakeVault) Set(service, account, password string) error {
	if v.setErr != nil {
		return v.setErr
	}
	return v.kept.Set(service, account, password)
}

// noEnvironment clears the variables a password or a CA could come from, so only the
// choice and the vault decide.
func noEnvironment(t *testing.T) {
	t.Setenv(dbsecret.EnvPassword, "")
	t.Setenv(dbsecret.EnvCA, "")
	t.Setenv("PGPASSWORD", "")
	t.Setenv("PGPASSFILE", os.DevNull)
}

func caFile(t *testing.T) string {
	t.Helper()
	f := filepath.Join(t.TempDir(), "ca.crt")
	if err := os.WriteFile(f, testCA(t), 0o600); err != nil {
		t.Fatal(err)
	}
	return f
}

// Every problem of a choice is told, each on its field.
func TestValidate(t *testing.T) {
	ca := caFile(t)
	good := Choice{Engine: EnginePostgres, Host: "db.office.lan", Port: 5432, Database: "practice", User: "privacydesk", SSLMode: "verify-full", CAFile: ca}
	with := func(f func(*Choice)) Choice { c := good; f(&c); return c }
	cases := []struct {
		name   string
		choice Choice
		fields []string
	}{
		{"this computer's file", Choice{Engine: EngineSQLite}, nil},
		{"a server, complete", good, nil},
		{"an IPv6 address", with(func(c *Choice) { c.Host = "::1" }), nil},
		{"require needs no CA file", with(func(c *Choice) { c.SSLMode, c.CAFile = "require", "" }), nil},
		{"no engine", Choice{}, []string{"engine"}},
		{"nothing filled in", Choice{Engine: EnginePostgres}, []string{"host", "port", "database", "user", "sslMode"}},
		{"a host with its port", with(func(c *Choice) { c.Host = "db.office.lan:5432" }), []string{"host"}},
		{"a URL for a host", with(func(c *Choice) { c.Host = "postgres://db" }), []string{"host"}},
		{"port out of range", with(func(c *Choice) { c.Port = 70000 }), []string{"port"}},
		{"a user with @", with(func(c *Choice) { c.User = "a@b" }), []string{"user"}},
		{"a database with /", with(func(c *Choice) { c.Database = "a/b" }), []string{"database"}},
		{"an unknown sslmode", with(func(c *Choice) { c.SSLMode = "prefer" }), []string{"sslMode"}},
		{"verify-full without a CA file", with(func(c *Choice) { c.CAFile = "" }), []string{"caFile"}},
		{"a CA file that is not there", with(func(c *Choice) { c.CAFile = filepath.Join(t.TempDir(), "none.crt") }), []string{"caFile"}},
		{"a relative CA file", with(func(c *Choice) { c.CAFile = "ca.crt" }), []string{"caFile"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.choice.Validate()
			var got []string
			for _, p := range backend.ErrorProblems(err) {
				got = append(got, p.Field)
				if p.Message == "" {
					t.Errorf("field %s has no message", p.Field)
				}
			}
			if strings.Join(got, ",") != strings.Join(tc.fields, ",") {
				t.Errorf("fields %v, want %v (%v)", got, tc.fields, err)
			}
			if err != nil && backend.ErrorCode(err) != backend.EINVALID {
				t.Errorf("code %s, want %s", backend.ErrorCode(err), backend.EINVALID)
			}
		})
	}
}

// The URL holds no password, names the CA file and the sslmode, and is the account the
// credential store and db-password set use.
func TestURLAndAccount(t *testing.T) {
	ca := caFile(t)
	c := Choice{Engine: EnginePostgres, Host: " db.office.lan ", Port: 5433, Database: "practice", User: "privacydesk", SSLMode: "verify-full", CAFile: ca}
	u, err := url.Parse(c.URL())
	if err != nil {
		t.Fatal(err)
	}
	if u.Scheme != "postgres" || u.Host != "db.office.lan:5433" || u.Path != "/practice" || u.User.Username() != "privacydesk" {
		t.Errorf("URL %s", c.URL())
	}
	if _, has := u.User.Password(); has {
		t.Errorf("the URL holds a password: %s", c.URL())
	}
	if q := u.Query(); q.Get("sslmode") != "verify-full" || q.Get("sslrootcert") != ca {
		t.Errorf("query %v", q)
	}
	account, err := storage.PostgresAccount(c.URL())
	if err != nil || account != c.Account() || account != "privacydesk@db.office.lan:5433/practice" {
		t.Errorf("account %q, storage says %q (%v)", c.Account(), account, err)
	}
	if (Choice{Engine: EngineSQLite}).URL() != "" {
		t.Error("the file has a URL")
	}
}

// No file is this computer's file; a saved server is read back as saved, and its URL is
// the location; a damaged file is refused with a sentence naming it.
func TestLoadAndLocation(t *testing.T) {
	dir := t.TempDir()
	c, err := Load(dir)
	if err != nil || c.Engine != EngineSQLite {
		t.Fatalf("no file: %+v %v", c, err)
	}
	if loc, err := Location(dir, "/data/privacydesk.db"); err != nil || loc != "/data/privacydesk.db" {
		t.Errorf("default location %q %v", loc, err)
	}
	server := Choice{Engine: EnginePostgres, Host: "db", Port: 5432, Database: "practice", User: "pd", SSLMode: "require"}
	if err := write(dir, server); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(dir, FileName))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("the setting's file: %v %v", fi, err)
	}
	if got, err := Load(dir); err != nil || got != server {
		t.Errorf("read back %+v %v, want %+v", got, err, server)
	}
	if loc, err := Location(dir, "/data/privacydesk.db"); err != nil || loc != server.URL() {
		t.Errorf("location %q %v", loc, err)
	}
	if err := os.WriteFile(filepath.Join(dir, FileName), []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(dir); err == nil || !strings.Contains(backend.ErrorMessage(err), FileName) {
		t.Errorf("a damaged file: %v", err)
	}
}

// Saving the file choice needs no server and writes no password anywhere.
func TestSaveFile(t *testing.T) {
	dir := t.TempDir()
	v := &fakeVault{kept: map[string]string{}}
	saved, err := Service{Dir: dir, Vault: v}.Save(context.Background(), Choice{Engine: EngineSQLite, Host: "left over"}, "")
	if err != nil {
		t.Fatal(err)
	}
	if saved.PasswordStored || len(v.kept) != 0 {
		t.Errorf("a password was kept for a file: %+v %v", saved, v.kept)
	}
	if c, err := Load(dir); err != nil || c != (Choice{Engine: EngineSQLite}) {
		t.Errorf("read back %+v %v", c, err)
	}
}

// A server that cannot be reached is not saved: the error names the host, and neither
// the setting nor the password is kept.
func TestSaveRefusesUnreachable(t *testing.T) {
	noEnvironment(t)
	dir := t.TempDir()
	v := &fakeVault{kept: map[string]string{}}
	// Nothing listens on port 1.
	c := Choice{Engine: EnginePostgres, Host: "127.0.0.1", Port: 1, Database: "practice", User: "pd", SSLMode: "disable"}
	_, err := Service{Dir: dir, Vault: v}.Save(context.Background(), c, "s3cret-never-kept")
	if backend.ErrorField(err) != "host" || !strings.Contains(backend.ErrorMessage(err), "127.0.0.1:1") {
		t.Errorf("error %v (field %q), want one on host naming 127.0.0.1:1", err, backend.ErrorField(err))
	}
	if strings.Contains(backend.ErrorMessage(err), "s3cret") {
		t.Error("the password shows in the message")
	}
	if _, statErr := os.Stat(filepath.Join(dir, FileName)); !os.IsNotExist(statErr) {
		t.Errorf("the setting was written: %v", statErr)
	}
	if len(v.kept) != 0 {
		t.Errorf("the password was kept: %v", v.kept)
	}
}

// The server's refusals, told on the field to fix.
func TestConnectionProblemFields(t *testing.T) {
	cases := []struct {
		err   error
		field string
		says  string
	}{
		{&pgconn.PgError{Code: "28P01"}, "password", "refused the password of pd"},
		{&pgconn.PgError{Code: "28000"}, "user", "does not let pd connect"},
		{&pgconn.PgError{Code: "3D000"}, "database", "has no database practice"},
		{errors.New("tls: failed to verify certificate: x509: certificate signed by unknown authority"), "caFile", "not trusted"},
		{errors.New("server refused TLS connection"), "sslMode", "does not offer an encrypted connection"},
		{errors.New("dial tcp 127.0.0.1:1: connect: connection refused"), "host", "No PostgreSQL server answers"},
	}
	for _, tc := range cases {
		err := storage.ConnectionProblem(fmt.Errorf("failed to connect: %w", tc.err), "db", 5432, "pd", "practice")
		if backend.ErrorField(err) != tc.field || !strings.Contains(backend.ErrorMessage(err), tc.says) {
			t.Errorf("%v: field %q, %q; want %q saying %q", tc.err, backend.ErrorField(err), backend.ErrorMessage(err), tc.field, tc.says)
		}
	}
}

// serverChoice is the test cluster's database at u as a choice.
func serverChoice(t *testing.T, u string) Choice {
	t.Helper()
	p, err := url.Parse(u)
	if err != nil {
		t.Fatal(err)
	}
	port, _ := strconv.Atoi(p.Port())
	return Choice{Engine: EnginePostgres, Host: p.Hostname(), Port: port, Database: strings.TrimPrefix(p.Path, "/"), User: p.User.Username(), SSLMode: "disable"}
}

// Against the test cluster: an empty database is ready to be set up, a practice is
// recognised with its version, another program's database and a newer version's are
// refused; verify-full with the cluster's authority connects encrypted, another
// authority and another name are refused on their fields; a password typed is kept in
// the credential store, the setting in the file, and never the password in the file.
func TestServer(t *testing.T) {
	if !testpg.Enabled() {
		t.Skip("needs a PostgreSQL server (PRIVACYDESK_TEST_PG, as make test-pg sets it)")
	}
	noEnvironment(t)
	ctx := context.Background()
	v := &fakeVault{kept: map[string]string{}}
	dir := t.TempDir()
	svc := Service{Dir: dir, Vault: v}

	loc := testpg.URL(t)
	c := serverChoice(t, loc)
	got, err := svc.Test(ctx, c, "")
	if err != nil || got.Contents != storage.ProbeEmpty || !strings.Contains(got.Summary, "empty") {
		t.Fatalf("an empty database: %+v %v", got, err)
	}
	st, err := storage.Open(loc)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	if got, err = svc.Test(ctx, c, ""); err != nil || got.Contents != storage.ProbeCurrent || got.Server == "" {
		t.Errorf("a practice: %+v %v", got, err)
	}
	const secret = "typed-Zq9-password"
	saved, err := svc.Save(ctx, c, secret)
	if err != nil || !saved.PasswordStored {
		t.Fatalf("save: %+v %v", saved, err)
	}
	if v.kept[dbsecret.Service+"|"+c.Account()] != secret {
		t.Errorf("the credential store holds %v", v.kept)
	}
	b, err := os.ReadFile(filepath.Join(dir, FileName))
	if err != nil || strings.Contains(string(b), secret) {
		t.Errorf("the setting's file %q (%v) holds the password", b, err)
	}
	if !svc.PasswordKept(c) {
		t.Error("PasswordKept is false after saving one")
	}
	if got, err := svc.Test(ctx, c, ""); err != nil || !got.PasswordKept {
		t.Errorf("a test without a password uses the kept one: %+v %v", got, err)
	}
	// A computer without a credential store keeps the choice and says so.
	v.setErr = errors.New("no Secret Service")
	if saved, err := svc.Save(ctx, c, secret); err != nil || saved.PasswordStored || saved.PasswordNotKept == "" {
		t.Errorf("without a credential store: %+v %v", saved, err)
	}
	v.setErr = nil

	db, err := sql.Open("pgx", loc)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`UPDATE schema_version SET version = version + 1000 WHERE version = (SELECT max(version) FROM schema_version)`); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Test(ctx, c, ""); backend.ErrorField(err) != "database" || !strings.Contains(backend.ErrorMessage(err), "newer version") {
		t.Errorf("a newer version's database: %v", err)
	}

	other := testpg.URL(t)
	odb, err := sql.Open("pgx", other)
	if err != nil {
		t.Fatal(err)
	}
	defer odb.Close()
	if _, err := odb.Exec(`CREATE TABLE invoices (id int)`); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Test(ctx, serverChoice(t, other), ""); backend.ErrorField(err) != "database" || !strings.Contains(backend.ErrorMessage(err), "another program") {
		t.Errorf("another program's database: %v", err)
	}
	missing := c
	missing.Database = "pd_no_such_database"
	if _, err := svc.Test(ctx, missing, ""); backend.ErrorField(err) != "database" {
		t.Errorf("no such database: %v", err)
	}

	ca := os.Getenv("PRIVACYDESK_TEST_PG_CA")
	if ca == "" {
		t.Log("the test cluster speaks no TLS (no openssl): verify-full not checked")
		return
	}
	secure := c
	secure.Database = serverChoice(t, other).Database
	secure.SSLMode, secure.CAFile = "verify-full", ca
	if got, err := svc.Test(ctx, secure, ""); err == nil {
		t.Errorf("another program's database passed: %+v", got)
	}
	fresh := serverChoice(t, testpg.URL(t))
	fresh.SSLMode, fresh.CAFile = "verify-full", ca
	if got, err := svc.Test(ctx, fresh, ""); err != nil || !got.Encrypted {
		t.Errorf("verify-full with the cluster's authority: %+v %v", got, err)
	}
	otherCA := filepath.Join(t.TempDir(), "other-ca.crt")
	if err := os.WriteFile(otherCA, testCA(t), 0o600); err != nil {
		t.Fatal(err)
	}
	untrusted := fresh
	untrusted.CAFile = otherCA
	if _, err := svc.Test(ctx, untrusted, ""); backend.ErrorField(err) != "caFile" || !strings.Contains(backend.ErrorMessage(err), "not trusted") {
		t.Errorf("another authority: %v (field %q)", err, backend.ErrorField(err))
	}
	renamed := fresh
	renamed.Host = "localhost"
	if _, err := svc.Test(ctx, renamed, ""); backend.ErrorField(err) != "host" || !strings.Contains(backend.ErrorMessage(err), "certificate is not for localhost") {
		t.Errorf("another name: %v (field %q)", err, backend.ErrorField(err))
	}
}

// testCA is the PEM certificate of a certificate authority made for the test, which
// signed nothing of the test cluster's.
func testCA(t *testing.T) []byte {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "another CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}

// Against the test cluster's role that must give a password: none is asked for, a wrong
// one refused on the password field (a kept one that no longer works too), the right one
// connects.
func TestServerPassword(t *testing.T) {
	loc, right := os.Getenv("PRIVACYDESK_TEST_PG_PASSWORD_URL"), os.Getenv("PRIVACYDESK_TEST_PG_PASSWORD")
	if loc == "" || right == "" {
		t.Skip("needs the test cluster's role with a password (PRIVACYDESK_TEST_PG_PASSWORD_URL, as .ci/pg-cluster.sh sets it)")
	}
	noEnvironment(t)
	ctx := context.Background()
	v := &fakeVault{kept: map[string]string{}}
	svc := Service{Dir: t.TempDir(), Vault: v}
	c := serverChoice(t, loc)
	if _, err := svc.Test(ctx, c, ""); backend.ErrorField(err) != "password" || !strings.Contains(backend.ErrorMessage(err), "wants a password") {
		t.Errorf("no password: %v (field %q)", err, backend.ErrorField(err))
	}
	if _, err := svc.Test(ctx, c, "not-the-password"); backend.ErrorField(err) != "password" || !strings.Contains(backend.ErrorMessage(err), "refused the password") {
		t.Errorf("a wrong password: %v (field %q)", err, backend.ErrorField(err))
	}
	v.kept[dbsecret.Service+"|"+c.Account()] = "an-old-password"
	if _, err := svc.Test(ctx, c, ""); backend.ErrorField(err) != "password" || !strings.Contains(backend.ErrorMessage(err), "kept on this computer") {
		t.Errorf("a kept password that no longer works: %v", err)
	}
	if got, err := svc.Test(ctx, c, right); err != nil || got.Contents != storage.ProbeEmpty {
		t.Errorf("the right password: %+v %v", got, err)
	}
}
