package accounts

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Params are Argon2id's cost parameters. They are written into every hash, so a hash
// made with other parameters (older, or cheaper in tests) still verifies.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes over the memory
	Threads uint8
}

// DefaultParams: 64 MiB, 2 passes, 2 lanes. Argon2id is the password hash RFC 9106 and
// OWASP recommend; its memory cost makes a guessing rig with many cores or a GPU pay
// for 64 MiB per guess. On the two-core build machine under load one hash took about
// 235 ms (3 passes: 300 ms), slow enough to cost an attacker with a stolen database,
// quick enough not to be noticed at sign-in; two lanes use the two cores of an office
// PC. It is above OWASP's minimum (19 MiB, 2 passes).
var DefaultParams = Params{Memory: 64 * 1024, Time: 2, Threads: 2}

const (
	saltLen = 16
	keyLen  = 32
)

// A stored hash asking for more than this is refused rather than run: a hash written
// into the database by hand must not make a sign-in take gigabytes or minutes.
const (
	maxMemory = 1 << 20 // KiB: 1 GiB
	maxTime   = 64
)

var b64 = base64.RawStdEncoding.Strict()

// Hash returns p's Argon2id hash with a fresh random salt, in the PHC string format:
// $argon2id$v=19$m=65536,t=2,p=2$<salt>$<hash>, both in unpadded base64.
func Hash(passphrase string, params Params) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("salt: %w", err)
	}
	pass := []byte(passphrase)
	defer clear(pass)
	key := argon2.IDKey(pass, salt, params.Time, params.Memory, params.Threads, keyLen)
	defer clear(key) // what is kept is its encoding, in the returned string
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, params.Memory, params.Time, params.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// Verify reports whether passphrase matches encoded (a Hash result); the comparison
// takes the same time wherever the two differ. A malformed hash is an error.
func Verify(passphrase, encoded string) (bool, error) {
	params, salt, key, err := decode(encoded)
	if err != nil {
		return false, err
	}
	pass := []byte(passphrase)
	defer clear(pass)
	got := argon2.IDKey(pass, salt, params.Time, params.Memory, params.Threads, uint32(len(key)))
	defer clear(got)
	return subtle.ConstantTimeCompare(got, key) == 1, nil
}

func decode(encoded string) (Params, []byte, []byte, error) {
	var p Params
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, nil, nil, fmt.Errorf("not an argon2id hash")
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return p, nil, nil, fmt.Errorf("argon2id version %q not supported", parts[2])
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil ||
		p.Memory < 8 || p.Time < 1 || p.Threads < 1 || p.Memory > maxMemory || p.Time > maxTime {
		return p, nil, nil, fmt.Errorf("bad argon2id parameters %q", parts[3])
	}
	salt, err := b64.DecodeString(parts[4])
	if err != nil || len(salt) < 8 {
		return p, nil, nil, fmt.Errorf("bad argon2id salt")
	}
	key, err := b64.DecodeString(parts[5])
	if err != nil || len(key) < 16 || len(key) > 128 {
		return p, nil, nil, fmt.Errorf("bad argon2id hash")
	}
	return p, salt, key, nil
}
