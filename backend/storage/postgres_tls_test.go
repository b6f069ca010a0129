package storage

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net/url"
	"os"
	"testing"
	"time"

	"privacydesk/internal/testpg"
)

// With sslmode=verify-full the connection is encrypted and the server must prove it is
// the one named, with a certificate from the authority given (sslrootcert): the test
// cluster's own, which .ci/pg-cluster.sh makes when openssl is there.
func TestPostgresVerifyFull(t *testing.T) {
	ca := os.Getenv("PRIVACYDESK_TEST_PG_CA")
	if !testpg.Enabled() || ca == "" {
		t.Skip("needs the test cluster with TLS (PRIVACYDESK_TEST_PG and PRIVACYDESK_TEST_PG_CA, as .ci/pg-cluster.sh sets them)")
	}
	u, err := url.Parse(testpg.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	with := func(host, rootCert string) string {
		v := *u
		v.Host = host + ":" + u.Port()
		q := v.Query()
		q.Set("sslmode", "verify-full")
		q.Set("sslrootcert", rootCert)
		v.RawQuery = q.Encode()
		return v.String()
	}
	s, err := Open(with(u.Hostname(), ca))
	if err != nil {
		t.Fatalf("verify-full with the cluster's authority: %v", err)
	}
	var encrypted bool
	err = s.db.Raw("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").Scan(&encrypted).Error
	s.Close()
	if err != nil || !encrypted {
		t.Fatalf("the connection is encrypted: %v, %v", encrypted, err)
	}
	// A server that is not the one named (its certificate names 127.0.0.1 only) is refused.
	if s, err := Open(with("localhost", ca)); err == nil {
		s.Close()
		t.Error("verify-full accepted a certificate for another name")
	} else {
		t.Log(err)
	}
	// So is one whose certificate no trusted authority signed.
	other := t.TempDir() + "/other-ca.crt"
	if err := os.WriteFile(other, otherCA(t), 0o600); err != nil {
		t.Fatal(err)
	}
	if s, err := Open(with(u.Hostname(), other)); err == nil {
		s.Close()
		t.Error("verify-full accepted a certificate from an authority it was not given")
	} else {
		t.Log(err)
	}
}

// otherCA is the PEM certificate of a certificate authority made for the test, which
// signed nothing of the test cluster's.
func otherCA(t *testing.T) []byte {
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
