package storage

import (
	"bytes"
	"errors"
	"log/slog"
	"net/url"
	"os"
	"strings"
	"testing"

	"privacydesk/backend/dbsecret"
	"privacydesk/internal/testpg"
)

// fakeVault is a credential store in memory; err, when set, is every Get's error (no
// credential store on the computer).
type fakeVault struct {
	kept dbsecret.Memory
	err  error
}

func (v *fakeVault) Get(service, account string) (string, error) {
	if v.err != nil {
		return "", v.err
	}
	return v.kept.Get(service, account)
}

func (v *fakeVault) Set(service, account, password string) error {
	return v.kept.Set(service, account, password)
}

// withVault makes v the credential store for the test, and clears the variables a
// password or a certificate authority could come from.
func withVault(t *testing.T, v dbsecret.Vault) {
	t.Helper()
	old := dbsecret.Store
	dbsecret.Store = v
	t.Cleanup(func() { dbsecret.Store = old })
	t.Setenv(dbsecret.EnvPassword, "")
	t.Setenv(dbsecret.EnvCA, "")
	t.Setenv("PGPASSWORD", "")
	t.Setenv("PGPASSFILE", os.DevNull)
}

// The connection's password comes from PRIVACYDESK_DB_PASSWORD, else the credential
// store under user@host:port/db, else a URL's own; none at all is no error (the server
// may not want one), nor is a computer without a credential store.
func TestPostgresPasswordSources(t *testing.T) {
	v := &fakeVault{kept: map[string]string{dbsecret.Service + "|desk@db.example:5433/practice": "from-the-vault"}}
	withVault(t, v)
	const location = "postgres://desk@db.example:5433/practice?sslmode=disable"
	password := func(loc string) string {
		t.Helper()
		cfg, err := pgConfig(loc)
		if err != nil {
			t.Fatal(err)
		}
		return cfg.Password
	}
	if got := password(location); got != "from-the-vault" {
		t.Errorf("from the credential store: %q", got)
	}
	if got := password("postgres://other@db.example:5433/practice"); got != "" {
		t.Errorf("another account's password was used: %q", got)
	}
	if got := password("postgres://desk:in-the-url@db.example:5433/practice"); got != "in-the-url" {
		t.Errorf("the URL's own password: %q", got)
	}
	t.Setenv(dbsecret.EnvPassword, "from-the-environment")
	if got := password(location); got != "from-the-environment" {
		t.Errorf("PRIVACYDESK_DB_PASSWORD: %q", got)
	}
	t.Setenv(dbsecret.EnvPassword, "")
	v.err = errors.New("no Secret Service on this computer")
	if got := password(location); got != "" {
		t.Errorf("without a credential store: %q", got)
	}
}

// PRIVACYDESK_DB_CA is the certificate authority when the URL names none, and makes the
// connection verify-full unless the URL says otherwise.
func TestPostgresCAFromEnvironment(t *testing.T) {
	withVault(t, &fakeVault{kept: map[string]string{}})
	ca := t.TempDir() + "/ca.crt"
	if err := os.WriteFile(ca, otherCA(t), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv(dbsecret.EnvCA, ca)
	cfg, err := pgConfig("postgres://desk@db.example:5433/practice")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.TLSConfig == nil || cfg.TLSConfig.RootCAs == nil || cfg.TLSConfig.ServerName != "db.example" || cfg.TLSConfig.InsecureSkipVerify {
		t.Errorf("TLS %+v, want verify-full against the CA file", cfg.TLSConfig)
	}
	if len(cfg.Fallbacks) != 0 {
		t.Errorf("verify-full must not fall back to an unencrypted connection: %d fallbacks", len(cfg.Fallbacks))
	}
	cfg, err = pgConfig("postgres://desk@db.example:5433/practice?sslmode=disable")
	if err != nil || cfg.TLSConfig != nil {
		t.Errorf("the URL's own sslmode=disable is kept: %+v %v", cfg.TLSConfig, err)
	}
}

// The password never shows: not in the store's location, not in the log, not in the
// message of a connection that fails.
func TestPostgresPasswordNeverShown(t *testing.T) {
	const secret = "s3cret-Zq9-never-shown"
	withVault(t, &fakeVault{kept: map[string]string{dbsecret.Service + "|desk@127.0.0.1:1/practice": secret}})
	var logged bytes.Buffer
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: slog.LevelDebug})))
	t.Cleanup(func() { slog.SetDefault(old) })
	var shown []string
	// Nothing listens on port 1: the connection fails, and says why.
	if s, err := Open("postgres://desk@127.0.0.1:1/practice?sslmode=disable&connect_timeout=2"); err == nil {
		s.Close()
		t.Fatal("a connection to port 1 succeeded")
	} else {
		shown = append(shown, err.Error())
	}
	if _, err := Open("postgres://desk:" + secret + "@127.0.0.1:1/practice?sslmode=disable&connect_timeout=2"); err != nil {
		shown = append(shown, err.Error())
	}
	if testpg.Enabled() {
		u, err := url.Parse(testpg.URL(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Setenv(dbsecret.EnvPassword, secret) // the test cluster trusts 127.0.0.1: any password opens it
		s, err := Open(u.String())
		if err != nil {
			t.Fatal(err)
		}
		shown = append(shown, s.Path())
		s.Close()
	}
	shown = append(shown, logged.String())
	for _, text := range shown {
		if strings.Contains(text, secret) {
			t.Errorf("the password shows in %q", text)
		}
	}
	if len(shown) < 2 {
		t.Errorf("nothing was checked: %q", shown)
	}
}

// With PRIVACYDESK_DB_CA naming the test cluster's authority, a URL without sslmode or
// sslrootcert connects with TLS, checking the server's name.
func TestPostgresVerifyFullFromEnvironment(t *testing.T) {
	ca := os.Getenv("PRIVACYDESK_TEST_PG_CA")
	if !testpg.Enabled() || ca == "" {
		t.Skip("needs the test cluster with TLS (PRIVACYDESK_TEST_PG and PRIVACYDESK_TEST_PG_CA, as .ci/pg-cluster.sh sets them)")
	}
	u, err := url.Parse(testpg.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	u.RawQuery = "" // no sslmode, no sslrootcert
	withVault(t, &fakeVault{kept: map[string]string{}})
	t.Setenv(dbsecret.EnvCA, ca)
	s, err := Open(u.String())
	if err != nil {
		t.Fatalf("verify-full with PRIVACYDESK_DB_CA: %v", err)
	}
	var encrypted bool
	err = s.db.Raw("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").Scan(&encrypted).Error
	s.Close()
	if err != nil || !encrypted {
		t.Fatalf("the connection is encrypted: %v, %v", encrypted, err)
	}
	u.Host = "localhost:" + u.Port()
	if s, err := Open(u.String()); err == nil {
		s.Close()
		t.Error("verify-full accepted a certificate for another name")
	}
}
