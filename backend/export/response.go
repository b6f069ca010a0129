package export

import (
	"archive/zip"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path"
	"strings"
	"time"
	"unicode/utf8"

	"privacydesk/backend"
)

// A response package is what a requester receives for an access or portability request:
// one ZIP holding the cover letter, the files staff attached as the response, a JSON and
// a CSV of what the app holds about the request, and manifest.json with each file's
// SHA-256 so the requester (or a regulator) can check nothing was altered.
//
// With a passphrase every member is encrypted with AES-256 (WinZip AE-2, see
// aeszip.go), the ZIP encryption that free tools open: 7-Zip on Windows, Keka or The
// Unarchiver on a Mac, 7z or bsdtar on Linux. Windows File Explorer and macOS Archive
// Utility cannot open AES-encrypted ZIPs (they know only the old "ZipCrypto", which is
// broken and is never used here), so the cover email should name one of those tools.
// The passphrase goes to the requester by another channel (telephone, letter).

// ResponseManifestName is the manifest's name inside the package.
const ResponseManifestName = "manifest.json"

// PackageFile is one file of a response package.
type PackageFile struct {
	Name string // its name in the ZIP; folders with "/"
	Open func() (io.ReadCloser, error)
}

// BytesFile is a package file held in memory (the cover letter, the JSON and CSV).
func BytesFile(name string, b []byte) PackageFile {
	return PackageFile{Name: name, Open: func() (io.ReadCloser, error) {
		return io.NopCloser(strings.NewReader(string(b))), nil
	}}
}

// DiskFile is a package file read from disk when the package is written (an attachment).
func DiskFile(name, path string) PackageFile {
	return PackageFile{Name: name, Open: func() (io.ReadCloser, error) { return os.Open(path) }}
}

// ResponseOptions describe a package.
type ResponseOptions struct {
	Reference  string // the request's reference
	Practice   string
	Now        time.Time
	Passphrase string // AES-256 encryption when not ""; see CheckPassphrase
	MaxBytes   int64  // refuse a package larger than this (email limits); 0 for no limit
}

// ResponseManifest is the package's manifest.json.
type ResponseManifest struct {
	Reference  string      `json:"reference"`
	Practice   string      `json:"practice"`
	CreatedAt  time.Time   `json:"createdAt"`
	Encryption string      `json:"encryption"` // "none" or "AES-256 (WinZip AE-2)"
	Files      []FileEntry `json:"files"`
}

// FileEntry is one file of a package manifest.
type FileEntry struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// MinPassphraseLen is the shortest passphrase a package takes. AE-2 derives its key
// with only 1,000 PBKDF2-SHA1 rounds, so a short passphrase could be guessed from a
// stolen file; GeneratePassphrase's 120 random bits cannot.
const MinPassphraseLen = 12

// CheckPassphrase refuses a passphrase too short to protect health data.
func CheckPassphrase(p string) error {
	if utf8.RuneCountInString(p) < MinPassphraseLen {
		return backend.Invalid("passphrase", "Use a passphrase of at least %d characters; a generated one is safest.", MinPassphraseLen)
	}
	return nil
}

// passphraseAlphabet has no letters that are confused when read aloud or copied by hand
// (no 0/O, 1/l/I).
const passphraseAlphabet = "abcdefghijkmnpqrstuvwxyz23456789"

// GeneratePassphrase returns 24 random characters in groups of four
// ("k7wq-3nfa-..."): 120 bits, easy to read out over the phone.
func GeneratePassphrase() string {
	b := make([]byte, 24)
	rand.Read(b)
	var s strings.Builder
	for i, c := range b {
		if i > 0 && i%4 == 0 {
			s.WriteByte('-')
		}
		s.WriteByte(passphraseAlphabet[int(c)%len(passphraseAlphabet)]) // 256 % 32 == 0: no bias
	}
	return s.String()
}

// WriteResponsePackage writes the package to w and returns its manifest. Names are
// made safe (no folders climbing out, no absolute paths) and unique ("scan (2).pdf").
func WriteResponsePackage(ctx context.Context, w io.Writer, files []PackageFile, opt ResponseOptions) (*ResponseManifest, error) {
	if opt.Passphrase != "" {
		if err := CheckPassphrase(opt.Passphrase); err != nil {
			return nil, err
		}
	}
	now := opt.Now
	if now.IsZero() {
		now = time.Now()
	}
	m := &ResponseManifest{Reference: opt.Reference, Practice: opt.Practice, CreatedAt: now.UTC().Truncate(time.Second), Encryption: "none"}
	if opt.Passphrase != "" {
		m.Encryption = "AES-256 (WinZip AE-2)"
	}
	cw := &countingWriter{w: w}
	zw := zip.NewWriter(cw)
	used := map[string]bool{strings.ToLower(ResponseManifestName): true}
	for _, f := range files {
		if ctx.Err() != nil {
			return nil, ErrCanceled
		}
		name := uniqueName(safeName(f.Name), used)
		rc, err := f.Open()
		if err != nil {
			return nil, backend.Errorf(backend.EINVALID, "Cannot read %s for the package: %v", f.Name, err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, backend.Errorf(backend.EINVALID, "Cannot read %s for the package: %v", f.Name, err)
		}
		sum := sha256.Sum256(data)
		m.Files = append(m.Files, FileEntry{Name: name, Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:])})
		if err := addMember(zw, name, data, m.CreatedAt, opt.Passphrase); err != nil {
			return nil, err
		}
		if err := zw.Flush(); err != nil {
			return nil, err
		}
		if opt.MaxBytes > 0 && cw.n > opt.MaxBytes {
			return nil, backend.Errorf(backend.EINVALID, "The package is larger than %d MB, too large for most email; deliver it another way or leave out large files.", opt.MaxBytes>>20)
		}
	}
	mb, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := addMember(zw, ResponseManifestName, append(mb, '\n'), m.CreatedAt, opt.Passphrase); err != nil {
		return nil, err
	}
	return m, zw.Close()
}

func addMember(zw *zip.Writer, name string, data []byte, modified time.Time, pass string) error {
	if pass != "" {
		return writeAESFile(zw, name, data, modified, pass)
	}
	fw, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: modified})
	if err != nil {
		return err
	}
	_, err = fw.Write(data)
	return err
}

// maxNameRunes is the longest file or folder name in a package. Windows takes 255 per
// name, but File Explorer refuses paths over 260 characters, and the requester's
// extraction folder comes in front.
const maxNameRunes = 120

// windowsReserved tells the device names Windows will not create a file under, with or
// without an extension ("NUL.txt" is NUL); upper is the name's stem in upper case.
func windowsReserved(upper string) bool {
	switch upper {
	case "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$":
		return true
	}
	if rest, ok := strings.CutPrefix(upper, "COM"); ok {
		upper = "LPT" + rest
	}
	if rest, ok := strings.CutPrefix(upper, "LPT"); ok {
		return len(rest) == 1 && rest[0] >= '0' && rest[0] <= '9' || rest == "¹" || rest == "²" || rest == "³"
	}
	return false
}

// windowsName makes one file or folder name one Windows creates as it is: no trailing
// dot or space (Windows drops them, so "report." would land on "report"), a reserved
// device name gets a leading "_", and a long name is cut before its extension.
func windowsName(p string) string {
	p = strings.TrimRight(p, ". ")
	if p == "" {
		return ""
	}
	stem, _, _ := strings.Cut(p, ".")
	if windowsReserved(strings.ToUpper(strings.TrimSpace(stem))) {
		p = "_" + p
	}
	return cutName(p, maxNameRunes)
}

// cutName cuts name to at most n characters, keeping a short extension.
func cutName(name string, n int) string {
	if utf8.RuneCountInString(name) <= n {
		return name
	}
	ext := path.Ext(name)
	if utf8.RuneCountInString(ext) > 16 {
		ext = ""
	}
	stem := []rune(strings.TrimSuffix(name, ext))
	return strings.TrimRight(string(stem[:n-utf8.RuneCountInString(ext)]), ". ") + ext
}

// safeName keeps a member name inside the archive: forward slashes, no "..", no
// leading slash or drive, no control characters, and every part a name Windows takes
// (windowsName).
func safeName(name string) string {
	name = strings.Map(func(r rune) rune {
		switch {
		case r == '\\':
			return '/'
		case r < 0x20 || r == 0x7f || strings.ContainsRune(`:*?"<>|`, r):
			return '_'
		}
		return r
	}, name)
	var parts []string
	segs := strings.Split(name, "/")
	for i, p := range segs {
		// windowsName also drops "." and "..", which end in dots.
		if p = windowsName(strings.TrimSpace(p)); p == "" {
			// A file whose own name is nothing ("response/...") is "file" in its
			// folder, not a file named like the folder the other files are in.
			if i == len(segs)-1 {
				parts = append(parts, "file")
			}
			continue
		}
		parts = append(parts, p)
	}
	return path.Join(parts...)
}

func uniqueName(name string, used map[string]bool) string {
	out := name
	ext := path.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	for i := 2; used[strings.ToLower(out)]; i++ {
		suffix := fmt.Sprintf(" (%d)%s", i, ext)
		dir, base := path.Split(stem)
		out = dir + cutName(base, maxNameRunes-utf8.RuneCountInString(suffix)) + suffix
	}
	used[strings.ToLower(out)] = true
	return out
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
