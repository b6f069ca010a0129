// Package backup writes the whole of a practice's data, the database and every
// attachment, into one file, checks such a file, and restores it.
//
// The file is a ZIP archive:
//
//	manifest.json           format, versions, when, the practice, counts, and the size
//	                        and SHA-256 of every other member
//	database.sqlite         a consistent snapshot of the database, taken while the app
//	                        runs (storage's Store.SnapshotStream or Store.Snapshot)
//	attachments/<path>      each attachment file, under its path in the data folder
//	database.sqlite.keys    an encrypted database's keyring (package keyring): the
//	                        snapshot is the encrypted file, and the keyring is what
//	                        opens it (with an account's passphrase or the recovery key)
//
// With a passphrase the whole ZIP is encrypted with age (https://age-encryption.org,
// filippo.io/age) to an scrypt passphrase recipient. Why age and not an encrypted ZIP:
// age is a small, audited, specified format whose encryption is authenticated
// (ChaCha20-Poly1305 in 64 KiB chunks, the last one marked), so a wrong passphrase, a
// flipped byte and a file cut short are each detected and told apart before anything is
// restored; its key derivation is scrypt, built to make guessing passphrases slow;
// and it hides file names and sizes too, which ZIP encryption leaves readable (patient
// names can be in attachment names). Anyone can still open a backup without Privacy
// Desk: `age -d -o backup.zip FILE` with the age tool, then any unzip program.
// Without a passphrase, a backup is encrypted to the practice's recovery key
// (recovery.go): the daily automatic backups are, so they need no secret to be made;
// `age -d -i KEYFILE` opens them. Service refuses a backup that would be neither (Create
// still writes one in clear when told to: earlier versions made such files, and
// they restore).
//
// A backup is refused with a sentence saying why (not ours, damaged, cut off, wrong
// passphrase, from a newer version) and the current data is never touched unless every
// member matched its hash and the database passed SQLite's quick_check.
//
// Create, Preview and Restore work on files; Service, RestoreDB and RestoreOver are the
// use cases the window and the command line call, on the practice's open store.
package backup

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"filippo.io/age"

	"privacydesk/backend"
	"privacydesk/backend/accounts"
	"privacydesk/backend/dbfile"
	"privacydesk/backend/export"
	"privacydesk/backend/keyring"
	"privacydesk/backend/storage"
	"privacydesk/backend/workdir"
)

// Format identifies our archives; FormatVersion grows when the layout changes in a way
// an older Privacy Desk could not restore.
const (
	Format        = "privacydesk-backup"
	FormatVersion = 1
	Extension     = ".pdbackup"

	manifestName  = "manifest.json"
	databaseName  = "database.sqlite"
	keyringName   = databaseName + ".keys"
	attachmentDir = "attachments/"
	maxManifest   = 64 << 20
)

// scryptWorkFactor is age's default (2^18, about a second); tests lower it.
var scryptWorkFactor = 18

// Manifest describes a backup; it is the archive's manifest.json.
type Manifest struct {
	Format        string           `json:"format"`
	FormatVersion int              `json:"formatVersion"`
	AppVersion    string           `json:"appVersion"`
	SchemaVersion int              `json:"schemaVersion"`
	CreatedAt     time.Time        `json:"createdAt"`
	PracticeName  string           `json:"practiceName"`
	Counts        map[string]int64 `json:"counts"` // "requests", "vendors", "attachments", "auditEvents", ...
	// AuditHead is the audit chain's head when the backup was made (its own event
	// included): a copy of the trail kept outside the database, which Preview checks
	// the database inside still holds and `audit verify --anchor-head` can be given.
	AuditHead *backend.ChainHead `json:"auditHead,omitempty"`
	Files     []FileEntry        `json:"files"`
}

// FileEntry is one member of the archive.
type FileEntry struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Snapshot writes a consistent copy of the live database to dest, a path that does not
// exist yet, in dest's folder.
type Snapshot func(ctx context.Context, dest string) error

// SnapshotStream returns a consistent view of the live database as a stream of its
// size; closing it releases whatever keeps it consistent.
type SnapshotStream func(ctx context.Context) (io.ReadCloser, int64, error)

// Source is what Create backs up. Service fills it from a storage.Store.
type Source struct {
	Snapshot Snapshot
	// SnapshotStream, when set, is tried first: the database goes straight into the
	// archive without a temporary copy. Snapshot is the fallback when it fails.
	SnapshotStream SnapshotStream
	AttachmentsDir string // "" or a missing folder when there are none
	// Keyring is the encrypted database's keyring file ("" for an unencrypted one).
	Keyring       string
	AppVersion    string
	SchemaVersion int
	PracticeName  string
	Counts        map[string]int64
	AuditHead     *backend.ChainHead // nil when not known
}

// Options tune Create.
type Options struct {
	Passphrase string // "" for a plain archive (only older backups are: Service refuses one)
	// Recipient, when Passphrase is "", is an age public key ("age1…", the practice's
	// recovery key) to encrypt to: nothing secret is needed to make such a backup.
	Recipient string
	Now       func() time.Time
	Progress  export.Progress // bytes archived of the total
}

// The private folders (package workdir) in the system's temporary folder that hold a
// decrypted copy of health data while a backup, a preview or a restore runs.
const (
	// snapshotWork holds the copy of the database a backup is made from, when the
	// database cannot be streamed as it is (Source.Snapshot).
	snapshotWork = "privacydesk-snapshot"
	// previewWork holds the database (and keyring) unpacked from a backup to check it
	// (Preview).
	previewWork = "privacydesk-preview"
	// restoreWork holds the whole backup unpacked on its way into a PostgreSQL database
	// (restoreIntoServer): for a server's practice its database is plain SQLite.
	restoreWork = "privacydesk-restore"
)

// RemoveLeftovers removes the folders of backups, previews and restores that were cut
// short (a crash, a killed command) with the copies in them, and returns them; those of
// work another window or command is still doing stay (their lock is held), however
// long it takes. The window calls it at start, the backup and restore commands before
// they begin.
func RemoveLeftovers(now time.Time) ([]string, error) {
	var removed []string
	var errs []error
	for _, prefix := range []string{snapshotWork, previewWork, restoreWork} {
		r, err := workdir.RemoveLeftovers("", prefix, now)
		removed = append(removed, r...)
		errs = append(errs, err)
	}
	return removed, errors.Join(errs...)
}

// Create writes a backup of src to out (atomically: a failed or cancelled backup leaves
// no file) and returns its manifest.
func Create(ctx context.Context, out string, src Source, opt Options) (*Manifest, error) {
	if src.Snapshot == nil && src.SnapshotStream == nil {
		return nil, errors.New("backup: no snapshot function")
	}
	now := time.Now
	if opt.Now != nil {
		now = opt.Now
	}
	m := &Manifest{Format: Format, FormatVersion: FormatVersion, AppVersion: src.AppVersion, SchemaVersion: src.SchemaVersion,
		CreatedAt: now().UTC().Truncate(time.Second), PracticeName: src.PracticeName, Counts: src.Counts, AuditHead: src.AuditHead}
	dir := filepath.Dir(out)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, backend.Errorf(backend.EINVALID, "Cannot create the folder %s: %v", dir, err)
	}
	var snap string
	var stream io.ReadCloser
	var streamSize int64
	var err error
	if src.SnapshotStream != nil {
		stream, streamSize, err = src.SnapshotStream(ctx)
		if err != nil && src.Snapshot == nil {
			return nil, fmt.Errorf("database snapshot: %w", err)
		}
	}
	if stream != nil {
		defer stream.Close()
	} else {
		// The copy holds health data, unencrypted for a PostgreSQL practice: it goes in
		// a private folder (0700) locked while the backup runs, not in the backup folder
		// (a shared or removable drive, perhaps). A crash leaves it: the next start
		// removes it (RemoveLeftovers).
		work, err := workdir.New("", snapshotWork)
		if err != nil {
			return nil, backend.Errorf(backend.EINVALID, "Cannot make a private folder for the database's copy in %s: %v", os.TempDir(), err)
		}
		defer work.Remove()
		snap = filepath.Join(work.Path, databaseName)
		if err = src.Snapshot(ctx, snap); err != nil {
			if ctx.Err() != nil {
				return nil, export.ErrCanceled
			}
			return nil, fmt.Errorf("database snapshot: %w", err)
		}
	}
	files, total, err := collect(snap, stream, streamSize, src.AttachmentsDir)
	if err != nil {
		return nil, err
	}
	if src.Keyring != "" {
		// Read now, whole: the keyring is replaced by renames, never written in place.
		b, err := os.ReadFile(src.Keyring)
		if err != nil {
			return nil, backend.Errorf(backend.EINVALID, "Cannot read the keyring %s: %v", src.Keyring, err)
		}
		files = append(files, member{name: keyringName, stream: bytes.NewReader(b), size: int64(len(b))})
		total += int64(len(b))
	}
	var recipient age.Recipient
	switch {
	case opt.Passphrase != "":
		// age takes the passphrase as a string and derives the scrypt key inside,
		// where it cannot be zeroed from here; the recipient goes with this call.
		r, err := age.NewScryptRecipient(opt.Passphrase)
		if err != nil {
			return nil, backend.Invalid("passphrase", "The passphrase cannot be used: %v", err)
		}
		r.SetWorkFactor(scryptWorkFactor)
		recipient = r
	case opt.Recipient != "":
		if recipient, err = age.ParseX25519Recipient(opt.Recipient); err != nil {
			return nil, backend.Invalid("recipient", "The recovery key's public key %q cannot be used: %v", opt.Recipient, err)
		}
	}
	err = export.WriteFile(ctx, out, 0o600, func(w io.Writer) error {
		if recipient != nil {
			aw, err := age.Encrypt(w, recipient)
			if err != nil {
				return err
			}
			if err := writeArchive(ctx, aw, m, files, total, opt.Progress); err != nil {
				return err
			}
			return aw.Close()
		}
		return writeArchive(ctx, w, m, files, total, opt.Progress)
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

type member struct {
	name, path string
	stream     io.Reader // the content, when it is streamed rather than at path
	size       int64
}

func (m member) open() (io.ReadCloser, error) {
	if m.stream != nil {
		return io.NopCloser(io.LimitReader(m.stream, m.size)), nil
	}
	return os.Open(m.path)
}

// collect lists the snapshot and every regular file under the attachments folder.
func collect(snap string, stream io.Reader, streamSize int64, attachments string) ([]member, int64, error) {
	files := []member{{name: databaseName, path: snap, stream: stream, size: streamSize}}
	if stream == nil {
		st, err := os.Stat(snap)
		if err != nil {
			return nil, 0, err
		}
		files[0].size = st.Size()
	}
	total := files[0].size
	if attachments == "" {
		return files, total, nil
	}
	if _, err := os.Stat(attachments); errors.Is(err, fs.ErrNotExist) {
		return files, total, nil
	}
	err := filepath.WalkDir(attachments, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.Type().IsRegular() {
			return nil
		}
		rel, err := filepath.Rel(attachments, p)
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		files = append(files, member{name: attachmentDir + filepath.ToSlash(rel), path: p, size: info.Size()})
		total += info.Size()
		return nil
	})
	if err != nil {
		return nil, 0, backend.Errorf(backend.EINVALID, "Cannot read the attachments folder %s: %v", attachments, err)
	}
	return files, total, nil
}

// writeArchive writes the members, hashing each as it goes, then the manifest.
func writeArchive(ctx context.Context, w io.Writer, m *Manifest, files []member, total int64, progress export.Progress) error {
	zw := zip.NewWriter(w)
	var done int64
	bufs := [2][]byte{make([]byte, 1<<20), make([]byte, 1<<20)}
	for _, f := range files {
		if ctx.Err() != nil {
			return export.ErrCanceled
		}
		h := &zip.FileHeader{Name: f.name, Method: methodFor(f.name), Modified: m.CreatedAt}
		h.SetMode(0o600)
		zf, err := zw.CreateHeader(h)
		if err != nil {
			return err
		}
		in, err := f.open()
		if err != nil {
			return err
		}
		sum := sha256.New()
		n, err := copyHashed(ctx, zf, sum, in, bufs, func(k int64) {
			if progress != nil {
				progress(done+k, total)
			}
		})
		in.Close()
		if err != nil {
			return err
		}
		done += n
		m.Files = append(m.Files, FileEntry{Name: f.name, Size: n, SHA256: hex.EncodeToString(sum.Sum(nil))})
	}
	mb, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	zf, err := zw.CreateHeader(&zip.FileHeader{Name: manifestName, Method: zip.Deflate, Modified: m.CreatedAt})
	if err != nil {
		return err
	}
	if _, err := zf.Write(mb); err != nil {
		return err
	}
	if progress != nil {
		progress(total, total)
	}
	return zw.Close()
}

// methodFor stores every member as it is. Attachments are mostly PDFs and photos,
// compressed already; the database would shrink by deflating, but deflate runs at a
// tenth of the disk's speed, and a backup that takes minutes is a backup people skip
// (the aim is a backup that takes at most twice as long as copying the file).
func methodFor(string) uint16 { return zip.Store }

// copyHashed copies src to dst and into h, hashing each chunk on a second goroutine
// while the chunk is written: SHA-256 and the disk then take turns on the two cores
// instead of adding up (the hash is most of a backup's CPU time).
func copyHashed(ctx context.Context, dst io.Writer, h hash.Hash, src io.Reader, bufs [2][]byte, progress func(int64)) (int64, error) {
	var n int64
	hashed := make(chan struct{}, 1)
	hashed <- struct{}{}
	defer func() { <-hashed }() // the last hash is done before h is read
	for i := 0; ; i ^= 1 {
		buf := bufs[i]
		k, err := io.ReadFull(src, buf)
		if k > 0 {
			<-hashed // the previous chunk is hashed: h is free, and so is the other buffer
			chunk := buf[:k]
			go func() { h.Write(chunk); hashed <- struct{}{} }()
			if _, werr := dst.Write(chunk); werr != nil {
				return n, werr
			}
			n += int64(k)
			progress(n)
			if ctx.Err() != nil {
				return n, export.ErrCanceled
			}
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
	}
}

func copyWithProgress(ctx context.Context, dst io.Writer, src io.Reader, buf []byte, progress func(int64)) (int64, error) {
	var n int64
	for {
		k, err := src.Read(buf)
		if k > 0 {
			if _, werr := dst.Write(buf[:k]); werr != nil {
				return n, werr
			}
			n += int64(k)
			progress(n)
			if ctx.Err() != nil {
				return n, export.ErrCanceled
			}
		}
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
	}
}

// Info is what Preview tells about a backup before restoring it.
type Info struct {
	Manifest
	File      string `json:"file"`
	Size      int64  `json:"size"`
	Encrypted bool   `json:"encrypted"`
	// Chain is the check of the audit trail inside (Preview only): the hash chain, the
	// records, and that it holds the manifest's AuditHead.
	Chain *backend.ChainReport `json:"chain,omitempty"`
}

// archive is an opened, not yet verified backup.
type archive struct {
	zr        *zip.Reader
	manifest  Manifest
	encrypted bool
	size      int64
	close     func()
}

var ageMagic = []byte("age-encryption.org/v1\n")

func damaged(file, detail string) error {
	return backend.Errorf(backend.EINVALID, "%s is damaged or incomplete (%s). It was not restored; your current data is unchanged.", filepath.Base(file), detail)
}

// open opens a backup file, decrypting it when it is encrypted (passphrase is the
// passphrase or the recovery key), and reads its manifest.
func open(file, passphrase string) (*archive, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, backend.Invalid("file", "Cannot open %s: %v", file, err)
	}
	st, err := f.Stat()
	if err != nil || st.IsDir() {
		f.Close()
		return nil, backend.Invalid("file", "%s is not a backup file.", file)
	}
	a := &archive{size: st.Size(), close: func() { f.Close() }}
	head := make([]byte, len(ageMagic))
	n, _ := f.ReadAt(head, 0)
	head = head[:n]
	var ra io.ReaderAt = f
	size := st.Size()
	switch {
	case bytes.Equal(head, ageMagic):
		a.encrypted = true
		kind := stanzaKind(f)
		ids, err := identityFor(file, kind, passphrase)
		if err != nil {
			a.close()
			return nil, err
		}
		ra, size, err = age.DecryptReaderAt(f, st.Size(), ids...)
		if err != nil {
			a.close()
			var nomatch *age.NoIdentityMatchError
			if errors.As(err, &nomatch) {
				return nil, wrongKey(file, kind)
			}
			return nil, damaged(file, "the encrypted data does not check out: "+err.Error())
		}
	case bytes.HasPrefix(head, []byte("PK\x03\x04")), bytes.HasPrefix(head, []byte("PK\x05\x06")):
	default:
		a.close()
		return nil, backend.Invalid("file", "%s is not a Privacy Desk backup.", filepath.Base(file))
	}
	a.zr, err = zip.NewReader(ra, size)
	if err != nil {
		a.close()
		if a.encrypted {
			return nil, damaged(file, err.Error())
		}
		return nil, damaged(file, "its table of contents is missing or broken; was the copy cut short?")
	}
	mf, err := a.zr.Open(manifestName)
	if err != nil {
		a.close()
		return nil, backend.Invalid("file", "%s is a ZIP file but not a Privacy Desk backup (it has no manifest).", filepath.Base(file))
	}
	mb, err := io.ReadAll(io.LimitReader(mf, maxManifest))
	mf.Close()
	if err != nil {
		a.close()
		return nil, damaged(file, "the manifest cannot be read: "+err.Error())
	}
	if err := json.Unmarshal(mb, &a.manifest); err != nil || a.manifest.Format != Format {
		a.close()
		return nil, backend.Invalid("file", "%s is a ZIP file but not a Privacy Desk backup.", filepath.Base(file))
	}
	if a.manifest.FormatVersion > FormatVersion {
		a.close()
		return nil, backend.Errorf(backend.ECONFLICT, "%s was made by a newer version of Privacy Desk (backup format %d). Update Privacy Desk to restore it.", filepath.Base(file), a.manifest.FormatVersion)
	}
	return a, nil
}

// check verifies that the archive's members are exactly the manifest's, with their
// sizes and hashes; extract, when not nil, also receives each member's content.
func (a *archive) check(ctx context.Context, file string, extract func(e FileEntry, r io.Reader) error, progress export.Progress) error {
	byName := map[string]*zip.File{}
	for _, f := range a.zr.File {
		if f.Name == manifestName {
			continue
		}
		if _, dup := byName[f.Name]; dup {
			return damaged(file, "it holds "+f.Name+" twice")
		}
		byName[f.Name] = f
	}
	var total, done int64
	for _, e := range a.manifest.Files {
		total += e.Size
	}
	listed := map[string]bool{}
	hasDB := false
	buf := make([]byte, 1<<20)
	for _, e := range a.manifest.Files {
		if err := checkName(e.Name); err != nil {
			return damaged(file, err.Error())
		}
		hasDB = hasDB || e.Name == databaseName
		listed[e.Name] = true
		zf, ok := byName[e.Name]
		if !ok {
			return damaged(file, e.Name+" is missing")
		}
		rc, err := zf.Open()
		if err != nil {
			return damaged(file, e.Name+": "+err.Error())
		}
		sum := sha256.New()
		var w io.Writer = sum
		var pw *io.PipeWriter
		errc := make(chan error, 1)
		if extract != nil {
			var pr *io.PipeReader
			pr, pw = io.Pipe()
			w = io.MultiWriter(sum, pw)
			go func() {
				err := extract(e, pr)
				pr.CloseWithError(err)
				errc <- err
			}()
		}
		base := done
		n, err := copyWithProgress(ctx, w, rc, buf, func(k int64) {
			if progress != nil {
				progress(base+k, total)
			}
		})
		rc.Close()
		if pw != nil {
			pw.CloseWithError(err)
			if xerr := <-errc; xerr != nil && err == nil {
				return xerr
			}
		}
		switch {
		case errors.Is(err, export.ErrCanceled):
			return err
		case err != nil:
			return damaged(file, e.Name+": "+err.Error())
		case n != e.Size || hex.EncodeToString(sum.Sum(nil)) != e.SHA256:
			return damaged(file, e.Name+" does not match its checksum")
		}
		done += n
	}
	if !hasDB {
		return damaged(file, "it holds no database")
	}
	for name := range byName {
		if !listed[name] {
			return damaged(file, "it holds "+name+", which its manifest does not list")
		}
	}
	return nil
}

// checkName refuses a member name that could escape the folder it is restored into.
func checkName(name string) error {
	if name == databaseName || name == keyringName {
		return nil
	}
	rel, ok := strings.CutPrefix(name, attachmentDir)
	if !ok || rel == "" || strings.Contains(name, `\`) || strings.ContainsRune(name, 0) || path.Clean(rel) != rel || rel == "." || strings.HasPrefix(rel, "../") || rel == ".." || path.IsAbs(rel) || strings.Contains(rel, ":") {
		return fmt.Errorf("it holds a member with an unsafe name (%q)", name)
	}
	return nil
}

// previewUnpacked, when not nil, is called by Preview with the path of the database it
// unpacked, before it checks it: tests look at the folder while the copy is in it.
var previewUnpacked func(dbPath string)

// Preview opens and fully checks a backup (every member's hash, and SQLite's
// quick_check of the database inside) and tells what it holds, without restoring it.
func Preview(ctx context.Context, file, passphrase string) (*Info, error) {
	a, err := open(file, passphrase)
	if err != nil {
		return nil, err
	}
	defer a.close()
	// The database unpacked to be checked is health data outside the store: it goes in a
	// private folder (0700) locked while the check runs; a crash leaves it, the next
	// start removes it (RemoveLeftovers).
	work, err := workdir.New("", previewWork)
	if err != nil {
		return nil, backend.Errorf(backend.EINVALID, "Cannot make a private folder to check the backup in %s: %v", os.TempDir(), err)
	}
	defer work.Remove()
	dbPath := filepath.Join(work.Path, databaseName)
	// A key unwrapped for the copy (unlockInside) goes, zeroed, with the copy.
	defer storage.Forget(dbPath)
	err = a.check(ctx, file, func(e FileEntry, r io.Reader) error {
		switch e.Name {
		case databaseName:
			return writeNew(dbPath, r)
		case keyringName:
			return writeNew(keyring.Path(dbPath), r)
		}
		_, err := io.Copy(io.Discard, r)
		return err
	}, nil)
	if err != nil {
		return nil, err
	}
	if previewUnpacked != nil {
		previewUnpacked(dbPath)
	}
	if err := unlockInside(ctx, file, dbPath, passphrase, dbPath); err != nil {
		return nil, err
	}
	if err := storage.QuickCheck(dbPath); err != nil {
		return nil, damaged(file, "the database inside "+err.Error())
	}
	chain, err := storage.VerifyAuditFile(dbPath, a.manifest.AuditHead)
	if err != nil {
		chain = backend.ChainReport{Problem: "the audit trail inside could not be checked: " + err.Error()}
	}
	return &Info{Manifest: a.manifest, File: file, Size: a.size, Encrypted: a.encrypted, Chain: &chain}, nil
}

type accountKey struct{}

type signingIn struct{ name, passphrase string }

// WithAccount is ctx carrying the staff account that signs in to restore a backup where
// this process has no key for its data (into a new path, on another computer): the
// account's entry in the backup's own keyring opens the data inside, as its sign-in
// opens the practice's. Without it only the recovery key does.
func WithAccount(ctx context.Context, name, passphrase string) context.Context {
	return context.WithValue(ctx, accountKey{}, signingIn{name, passphrase})
}

// unlockInside makes sure this process can open the database dbPath unpacked from the
// backup file: an unencrypted one, or one a key already unlocked opens (the practice's
// own), needs nothing; otherwise the backup's keyring beside it is opened with secret
// when it is the recovery key, else with the account ctx carries (WithAccount), and the
// key is unlocked for target (where the database goes).
func unlockInside(ctx context.Context, file, dbPath, secret, target string) error {
	if !storage.IsEncrypted(dbPath) {
		return nil
	}
	// A key this process unlocked opens it (checking the backup before its restore
	// unlocked one for the check's copy): enough when target has a key too.
	opens := storage.QuickCheck(dbPath) == nil
	if opens && storage.IsUnlocked(target) {
		return nil
	}
	if !keyring.Exists(dbPath) {
		return damaged(file, "the database inside is encrypted and its keyring is missing")
	}
	acct, signing := ctx.Value(accountKey{}).(signingIn)
	if !IsRecoveryKey(secret) && !signing {
		if opens {
			return nil
		}
		return backend.Invalid("passphrase", "%s holds data encrypted with another key than this computer's: restore it with the practice's recovery key.", filepath.Base(file))
	}
	f, err := keyring.Load(dbPath)
	if err != nil {
		return err
	}
	if !IsRecoveryKey(secret) {
		key, err := f.Unwrap(acct.name, acct.passphrase, accounts.DefaultParams.KeyParams())
		defer clear(key) // Unlock keeps its own copy
		if errors.Is(err, keyring.ErrNoEntry) {
			return backend.Invalid("passphrase", "%s holds data that %s cannot open (no account of that name and passphrase in it): restore it with the practice's recovery key, or sign in as one of its accounts.", filepath.Base(file), acct.name)
		}
		if err != nil {
			return err
		}
		return storage.Unlock(target, key)
	}
	key, err := f.UnwrapRecovery(secret)
	if err != nil {
		return err
	}
	defer clear(key) // Unlock keeps its own copy
	return storage.Unlock(target, key)
}

// writeNew writes r to a new file at p (0600) and syncs it.
func writeNew(p string, r io.Reader) error {
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Target is where Restore puts a backup.
type Target struct {
	DBPath         string
	AttachmentsDir string
	// MaxSchemaVersion refuses a database newer than this build knows (0: no check).
	MaxSchemaVersion int
}

// Restored reports a restore.
type Restored struct {
	Info
	// SetAside lists what was in the way and was renamed, not deleted (the previous
	// database and attachments), so nothing is ever lost by restoring.
	SetAside []string `json:"setAside"`
}

// Restore checks the backup fully, then puts its database at t.DBPath and its
// attachments in t.AttachmentsDir. It holds the database's lock exclusively throughout,
// so it refuses while any store has the database open (another window or command:
// close it first). Everything is first written beside the target and checked (hashes,
// quick_check, schema version); only then are existing files renamed aside
// (name.before-restore-STAMP, never overwritten) and the restored ones renamed in,
// under a journal (dbfile.Replace): a crash in between is finished or undone at the
// next open. A refused backup changes nothing.
func Restore(ctx context.Context, file, passphrase string, t Target, progress export.Progress) (*Restored, error) {
	if t.DBPath == "" {
		return nil, backend.Invalid("db", "Choose where to restore the database.")
	}
	a, err := open(file, passphrase)
	if err != nil {
		return nil, err
	}
	defer a.close()
	dbDir := filepath.Dir(t.DBPath)
	if err := os.MkdirAll(dbDir, 0o700); err != nil {
		return nil, backend.Errorf(backend.EINVALID, "Cannot create the folder %s: %v", dbDir, err)
	}
	if err := dbfile.CheckLocal(dbDir); err != nil {
		return nil, err
	}
	lock, err := dbfile.Exclusive(t.DBPath)
	if err != nil {
		return nil, err
	}
	defer lock.Release()
	// An earlier restore that was interrupted is settled before this one starts.
	if note, err := dbfile.RecoverLocked(t.DBPath); err != nil {
		return nil, err
	} else if note != "" {
		slog.Warn(note)
	}
	// The staging folders stay while a journal names them (a restore that could not
	// be undone): the next open finishes it from them.
	keepStaged := func() bool { return dbfile.Pending(t.DBPath) }
	dbfile.RemoveStale(t.DBPath)
	stagingDB, stagingAttachments := dbfile.StagingPatterns(t.DBPath)
	work, err := os.MkdirTemp(dbDir, stagingDB)
	if err != nil {
		return nil, backend.Errorf(backend.EINVALID, "Cannot write in %s: %v", dbDir, err)
	}
	defer func() {
		if !keepStaged() {
			os.RemoveAll(work)
		}
	}()
	newDB := filepath.Join(work, databaseName)
	// Attachments are unpacked beside their target folder so the final rename stays on
	// one disk.
	attWork := ""
	if t.AttachmentsDir != "" {
		parent := filepath.Dir(filepath.Clean(t.AttachmentsDir))
		if err := os.MkdirAll(parent, 0o700); err != nil {
			return nil, backend.Errorf(backend.EINVALID, "Cannot create the folder %s: %v", parent, err)
		}
		if attWork, err = os.MkdirTemp(parent, stagingAttachments); err != nil {
			return nil, backend.Errorf(backend.EINVALID, "Cannot write in %s: %v", parent, err)
		}
		defer func() {
			if !keepStaged() {
				os.RemoveAll(attWork)
			}
		}()
	}
	newKeys := keyring.Path(newDB)
	err = a.check(ctx, file, func(e FileEntry, r io.Reader) error {
		switch e.Name {
		case databaseName:
			return writeNew(newDB, r)
		case keyringName:
			return writeNew(newKeys, r)
		}
		if attWork == "" {
			_, err := io.Copy(io.Discard, r)
			return err
		}
		p := filepath.Join(attWork, filepath.FromSlash(strings.TrimPrefix(e.Name, attachmentDir)))
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			return err
		}
		return writeNew(p, r)
	}, progress)
	if err != nil {
		return nil, err
	}
	if err := unlockInside(ctx, file, newDB, passphrase, t.DBPath); err != nil {
		return nil, err
	}
	if err := storage.QuickCheck(newDB); err != nil {
		return nil, damaged(file, "the database inside "+err.Error())
	}
	// A backup from before encryption restored where the data is encrypted is encrypted
	// with the current key before it goes in: no unencrypted database ever replaces an
	// encrypted one. It keeps the current keyring.
	if !storage.IsEncrypted(newDB) && keyring.Exists(t.DBPath) {
		key := storage.UnlockedKey(t.DBPath)
		defer clear(key) // a copy; EncryptCopy keeps none
		if key == nil {
			return nil, backend.Errorf(backend.ECONFLICT, "The data at %s is encrypted: sign in before restoring an unencrypted backup into it.", t.DBPath)
		}
		enc := newDB + ".encrypted"
		if err := storage.EncryptCopy(newDB, enc, key); err != nil {
			return nil, err
		}
		if err := os.Remove(newDB); err != nil {
			return nil, err
		}
		newDB = enc
	}
	if v, err := storage.FileSchemaVersion(newDB); err != nil {
		return nil, damaged(file, "the database inside "+err.Error())
	} else if t.MaxSchemaVersion > 0 && v > t.MaxSchemaVersion {
		return nil, backend.Errorf(backend.ECONFLICT, "%s holds a database from a newer version of Privacy Desk (database version %d; this version knows up to %d). Update Privacy Desk to restore it.", filepath.Base(file), v, t.MaxSchemaVersion)
	}
	if ctx.Err() != nil {
		return nil, export.ErrCanceled
	}
	res := &Restored{Info: Info{Manifest: a.manifest, File: file, Size: a.size, Encrypted: a.encrypted}}
	plan := dbfile.Plan{DBPath: t.DBPath, StagedDB: newDB, Source: file, Staging: []string{work}}
	if _, err := os.Stat(newKeys); err == nil {
		// The restored database comes with the keyring that opens it (its accounts are
		// the backup's too).
		plan.Keyring, plan.StagedKeyring = keyring.Path(t.DBPath), newKeys
	}
	if attWork != "" {
		plan.AttachmentsDir, plan.StagedAttachments = t.AttachmentsDir, attWork
		plan.Staging = append(plan.Staging, attWork)
	}
	if res.SetAside, err = dbfile.Replace(plan); err != nil {
		return nil, err
	}
	sort.Strings(res.SetAside)
	return res, nil
}
