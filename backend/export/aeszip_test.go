package export

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"privacydesk/backend"
	"privacydesk/backend/internal/extool"
)

func responseFiles() []PackageFile {
	big := bytes.Repeat([]byte("Zoë O'Brien-Núñez visited on 2026-03-02.\n"), 5000)
	random := make([]byte, 70_000)
	for i := range random {
		random[i] = byte(i*7919 + i>>3)
	}
	return []PackageFile{
		BytesFile("cover-letter.pdf", []byte("%PDF-1.4 cover letter")),
		BytesFile("request.json", []byte(`{"reference":"PR-2026-0001"}`)),
		BytesFile("request.csv", []byte("Field,Value\r\nReference,PR-2026-0001\r\n")),
		BytesFile("attachments/visit notes.txt", big),
		BytesFile("attachments/scan.jpg", random),
		BytesFile("attachments/scan.jpg", []byte("second file with the same name")),
		BytesFile("../../etc/passwd", []byte("not escaping")),
		BytesFile("Führerschein.pdf", []byte{}),
	}
}

var wantNames = []string{"cover-letter.pdf", "request.json", "request.csv", "attachments/visit notes.txt",
	"attachments/scan.jpg", "attachments/scan (2).jpg", "etc/passwd", "Führerschein.pdf"}

func writePackage(t *testing.T, pass string) ([]byte, *ResponseManifest) {
	t.Helper()
	var b bytes.Buffer
	m, err := WriteResponsePackage(context.Background(), &b, responseFiles(), ResponseOptions{Reference: "PR-2026-0001", Practice: "Sessions, Inc.", Now: time.Date(2026, 3, 2, 15, 4, 5, 0, time.UTC), Passphrase: pass})
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), m
}

// readAESMember decrypts and inflates one member the way the AE-2 specification says,
// independently of the writer's code paths.
func readAESMember(t *testing.T, f *zip.File, pass string) []byte {
	t.Helper()
	if f.Method != aesMethod || f.Flags&1 == 0 || f.CRC32 != 0 {
		t.Fatalf("%s: method %d flags %x crc %x", f.Name, f.Method, f.Flags, f.CRC32)
	}
	var method uint16
	found := false
	for ex := f.Extra; len(ex) >= 4; {
		id, size := binary.LittleEndian.Uint16(ex), binary.LittleEndian.Uint16(ex[2:])
		if id == aesExtraID {
			body := ex[4 : 4+size]
			if binary.LittleEndian.Uint16(body) != 2 || string(body[2:4]) != "AE" || body[4] != 3 {
				t.Fatalf("%s: extra field %x", f.Name, body)
			}
			method, found = binary.LittleEndian.Uint16(body[5:]), true
		}
		ex = ex[4+size:]
	}
	if !found {
		t.Fatalf("%s: no AES extra field", f.Name)
	}
	rc, err := f.OpenRaw()
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(rc)
	plain, err := decryptAESFile(raw, pass)
	if err != nil {
		t.Fatalf("%s: %v", f.Name, err)
	}
	if method == zip.Deflate {
		plain, err = io.ReadAll(flate.NewReader(bytes.NewReader(plain)))
		if err != nil {
			t.Fatal(err)
		}
	}
	return plain
}

func decryptAESFile(raw []byte, pass string) ([]byte, error) {
	if len(raw) < aesSaltLen+2+aesMACLen {
		return nil, fmt.Errorf("too short")
	}
	salt, verifier := raw[:aesSaltLen], raw[aesSaltLen:aesSaltLen+2]
	ciphertext, tag := raw[aesSaltLen+2:len(raw)-aesMACLen], raw[len(raw)-aesMACLen:]
	keys, err := pbkdf2.Key(sha1.New, pass, salt, aesIterations, 2*aesKeyLen+2)
	if err != nil {
		return nil, err
	}
	if !hmac.Equal(keys[2*aesKeyLen:], verifier) {
		return nil, fmt.Errorf("wrong password")
	}
	mac := hmac.New(sha1.New, keys[aesKeyLen:2*aesKeyLen])
	mac.Write(ciphertext)
	if !hmac.Equal(mac.Sum(nil)[:aesMACLen], tag) {
		return nil, fmt.Errorf("authentication failed")
	}
	return winzipCTR(keys[:aesKeyLen], ciphertext)
}

func TestResponsePackage(t *testing.T) {
	const pass = "k7wq-3nfa-xy9p-2mdr"
	for _, encrypted := range []bool{false, true} {
		p := ""
		if encrypted {
			p = pass
		}
		b, m := writePackage(t, p)
		zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			t.Fatal(err)
		}
		contents := map[string][]byte{}
		for _, f := range zr.File {
			if encrypted {
				contents[f.Name] = readAESMember(t, f, pass)
			} else {
				rc, _ := f.Open()
				contents[f.Name], _ = io.ReadAll(rc)
				rc.Close()
			}
		}
		var got ResponseManifest
		if err := json.Unmarshal(contents[ResponseManifestName], &got); err != nil {
			t.Fatal(err)
		}
		if len(got.Files) != len(wantNames) || got.Reference != "PR-2026-0001" || (got.Encryption != "none") == !encrypted {
			t.Fatalf("encrypted=%v manifest %+v", encrypted, got)
		}
		for i, e := range got.Files {
			sum := sha256.Sum256(contents[e.Name])
			if e.Name != wantNames[i] || hex.EncodeToString(sum[:]) != e.SHA256 || int64(len(contents[e.Name])) != e.Size {
				t.Errorf("encrypted=%v file %d: %+v", encrypted, i, e)
			}
		}
		if len(zr.File) != len(wantNames)+1 || m.Files[3].Size != int64(len(responseFiles()[3].mustRead(t))) {
			t.Errorf("members %d", len(zr.File))
		}
	}
}

func (f PackageFile) mustRead(t *testing.T) []byte {
	rc, err := f.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, _ := io.ReadAll(rc)
	return b
}

// TestResponsePackageOpensInCommonTools extracts the encrypted package with 7-Zip and
// bsdtar (libarchive), the tools a requester would use, and checks each file's hash.
// A missing tool fails the test in CI and skips it elsewhere.
func TestResponsePackageOpensInCommonTools(t *testing.T) {
	const pass = "correct-horse-battery"
	b, m := writePackage(t, pass)
	zipPath := filepath.Join(t.TempDir(), "PR-2026-0001.zip")
	os.WriteFile(zipPath, b, 0o600)
	tools := []struct {
		name, pkg string
		args      func(dir, pass string) []string
	}{
		{"7zz", "7zip", func(dir, pass string) []string { return []string{"x", "-y", "-p" + pass, "-o" + dir, zipPath} }},
		{"bsdtar", "libarchive-tools", func(dir, pass string) []string {
			return []string{"-x", "-f", zipPath, "--passphrase", pass, "-C", dir}
		}},
	}
	for _, tool := range tools {
		t.Run(tool.name, func(t *testing.T) {
			bin := extool.Need(t, tool.name, tool.pkg)
			dir := t.TempDir()
			out, err := exec.Command(bin, tool.args(dir, pass)...).CombinedOutput()
			if err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			for _, e := range m.Files {
				data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(e.Name)))
				sum := sha256.Sum256(data)
				if err != nil || hex.EncodeToString(sum[:]) != e.SHA256 {
					t.Errorf("%s: %v (hash %x)", e.Name, err, sum)
				}
			}
			wrong := t.TempDir()
			if out, err := exec.Command(bin, tool.args(wrong, "wrong-passphrase")...).CombinedOutput(); err == nil {
				ents, _ := os.ReadDir(wrong)
				if len(ents) > 0 && !strings.Contains(string(out), "rror") {
					t.Errorf("extracted with a wrong passphrase")
				}
			}
		})
	}
}

func TestPassphraseRules(t *testing.T) {
	if err := CheckPassphrase("short"); backend.ErrorField(err) != "passphrase" {
		t.Errorf("short passphrase: %v", err)
	}
	var b bytes.Buffer
	if _, err := WriteResponsePackage(context.Background(), &b, responseFiles(), ResponseOptions{Passphrase: "1234567"}); backend.ErrorField(err) != "passphrase" {
		t.Errorf("package with a short passphrase: %v", err)
	}
	seen := map[string]bool{}
	for i := 0; i < 50; i++ {
		p := GeneratePassphrase()
		if len(p) != 29 || strings.ContainsAny(p, "01loIO") || seen[p] || CheckPassphrase(p) != nil {
			t.Fatalf("generated %q", p)
		}
		seen[p] = true
	}
}

func TestResponsePackageSizeLimit(t *testing.T) {
	var b bytes.Buffer
	_, err := WriteResponsePackage(context.Background(), &b, responseFiles(), ResponseOptions{MaxBytes: 2_000})
	if err == nil || !strings.Contains(err.Error(), "too large for most email") {
		t.Errorf("err %v", err)
	}
}

// Every member name of a response package must extract on Windows, where the requester
// most often opens it: no reserved device name (CON, NUL, COM1.txt ...), no trailing dot
// (Windows drops it, so "report." would overwrite "report"), no name longer than a
// folder entry takes, and still one name per file.
func TestResponsePackageNamesExtractOnWindows(t *testing.T) {
	long := strings.Repeat("ü", 300) + ".pdf"
	files := []PackageFile{
		BytesFile("response/CON", []byte("1")),
		BytesFile("response/nul.txt", []byte("2")),
		BytesFile("response/Com1.tar.gz", []byte("3")),
		BytesFile("response/LPT9 .pdf", []byte("4")),
		BytesFile("response/report.", []byte("5")),
		BytesFile("response/report", []byte("6")),
		BytesFile("response/aux/notes...txt", []byte("7")),
		BytesFile("response/"+long, []byte("8")),
		BytesFile("response/console.pdf", []byte("9")),
		BytesFile("response/conout$.log", []byte("10")),
		BytesFile("response/COM².txt", []byte("11")),
		BytesFile("response/lpt0", []byte("12")),
		BytesFile("response/COM10.txt", []byte("13")),
		BytesFile("response/...", []byte("14")),
		BytesFile("response/ . ", []byte("15")),
	}
	var b bytes.Buffer
	m, err := WriteResponsePackage(context.Background(), &b, files, ResponseOptions{Reference: "PR-2026-0001"})
	if err != nil {
		t.Fatal(err)
	}
	reserved := map[string]bool{"CON": true, "PRN": true, "AUX": true, "NUL": true, "CONIN$": true, "CONOUT$": true,
		"COM¹": true, "COM²": true, "COM³": true, "LPT¹": true, "LPT²": true, "LPT³": true}
	for i := 0; i <= 9; i++ {
		reserved[fmt.Sprintf("COM%d", i)], reserved[fmt.Sprintf("LPT%d", i)] = true, true
	}
	seen := map[string]bool{}
	for _, f := range m.Files {
		for _, part := range strings.Split(f.Name, "/") {
			stem, _, _ := strings.Cut(part, ".")
			if reserved[strings.ToUpper(strings.TrimSpace(stem))] {
				t.Errorf("%q: %q is a reserved name on Windows", f.Name, part)
			}
			if strings.HasSuffix(part, ".") || strings.HasSuffix(part, " ") {
				t.Errorf("%q: %q ends in a dot or space, which Windows drops", f.Name, part)
			}
			if n := utf8.RuneCountInString(part); n > maxNameRunes {
				t.Errorf("%q: a name of %d characters", f.Name, n)
			}
		}
		for _, g := range m.Files {
			if strings.HasPrefix(strings.ToLower(g.Name), strings.ToLower(f.Name)+"/") {
				t.Errorf("%q is a file and also the folder of %q", f.Name, g.Name)
			}
		}
		if seen[strings.ToLower(f.Name)] {
			t.Errorf("%q twice", f.Name)
		}
		seen[strings.ToLower(f.Name)] = true
	}
	if got := m.Files[7].Name; !strings.HasSuffix(got, "üü.pdf") {
		t.Errorf("the long name lost its extension: %q", got)
	}
	for _, i := range []int{8, 12} {
		if got := m.Files[i].Name; got != files[i].Name {
			t.Errorf("an ordinary name was changed: %q", got)
		}
	}
}

// An encrypted member's header says it was made on Unix (as AE-2 writers do), so
// extractors that honour Unix permissions (The Unarchiver, Info-ZIP) take the mode from
// it: it must be a readable regular file, not mode 0 ("?---------" in zipinfo).
func TestEncryptedMembersAreReadableFiles(t *testing.T) {
	b, _ := writePackage(t, "correct-horse-battery")
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if m := f.Mode(); !m.IsRegular() || m.Perm()&0o444 != 0o444 || m.Perm()&0o022 != 0 {
			t.Errorf("%s: mode %v, external attributes %#x", f.Name, m, f.ExternalAttrs)
		}
	}
}

// A ZIP's MS-DOS time has no zone; extractors show the file's time from the extended
// timestamp (0x5455, in UTC) when there is one, as Go writes for unencrypted members.
// Without it 7-Zip in Los Angeles showed an encrypted file made at 10:21 as 18:21.
func TestEncryptedMembersCarryTheirTimeInUTC(t *testing.T) {
	b, m := writePackage(t, "correct-horse-battery")
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		var mtime int64 = -1
		for ex := f.Extra; len(ex) >= 4; {
			id, size := binary.LittleEndian.Uint16(ex), binary.LittleEndian.Uint16(ex[2:])
			if id == 0x5455 && size >= 5 && ex[4]&1 != 0 {
				mtime = int64(binary.LittleEndian.Uint32(ex[5:]))
			}
			ex = ex[4+size:]
		}
		if mtime != m.CreatedAt.Unix() {
			t.Errorf("%s: extended timestamp %d, want %d (%v)", f.Name, mtime, m.CreatedAt.Unix(), m.CreatedAt)
		}
	}
}
