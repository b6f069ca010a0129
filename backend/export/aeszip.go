package export

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"crypto/aes"
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha1"
	"encoding/binary"
	"time"
	"unicode/utf8"
)

// WinZip AES encryption ("AE-2"), the ZIP encryption that 7-Zip, WinZip, WinRAR, Keka,
// The Unarchiver and libarchive (bsdtar) open. The specification is WinZip's "AES
// Encryption Information: Encryption Specification AE-1 and AE-2":
//
//   - method 99 in the headers, and an extra field 0x9901 holding the vendor version
//     (2 = AE-2), "AE", the key strength (3 = AES-256) and the real method;
//   - the file data is salt (16 bytes) | password verifier (2) | ciphertext | MAC (10);
//   - keys: PBKDF2-HMAC-SHA1, 1,000 iterations, 66 bytes: the AES key, the HMAC key,
//     the verifier;
//   - AES-256 in counter mode with a little-endian counter starting at 1;
//   - MAC: HMAC-SHA1 over the ciphertext, first 10 bytes;
//   - AE-2 leaves the CRC at 0 (the MAC authenticates; a CRC of the plain text would
//     leak information about it).
//
// Go's standard library writes the container (zip.Writer.CreateRaw) and has every
// primitive; no maintained Go module writes AE-2, so these 100 lines are ours and the
// tests check them against 7-Zip and bsdtar.
const (
	aesMethod     = 99
	aesExtraID    = 0x9901
	aesSaltLen    = 16
	aesKeyLen     = 32
	aesIterations = 1000
	aesMACLen     = 10
)

// writeAESFile adds one file encrypted with pass to zw.
func writeAESFile(zw *zip.Writer, name string, data []byte, modified time.Time, pass string) error {
	var compressed bytes.Buffer
	fw, err := flate.NewWriter(&compressed, flate.DefaultCompression)
	if err != nil {
		return err
	}
	if _, err := fw.Write(data); err != nil {
		return err
	}
	if err := fw.Close(); err != nil {
		return err
	}
	method := uint16(zip.Deflate)
	plain := compressed.Bytes()
	if len(plain) >= len(data) {
		method, plain = zip.Store, data
	}

	salt := make([]byte, aesSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return err
	}
	keys, err := pbkdf2.Key(sha1.New, pass, salt, aesIterations, 2*aesKeyLen+2)
	if err != nil {
		return err
	}
	encKey, macKey, verifier := keys[:aesKeyLen], keys[aesKeyLen:2*aesKeyLen], keys[2*aesKeyLen:]
	ciphertext, err := winzipCTR(encKey, plain)
	if err != nil {
		return err
	}
	mac := hmac.New(sha1.New, macKey)
	mac.Write(ciphertext)
	tag := mac.Sum(nil)[:aesMACLen]

	extra := make([]byte, 11)
	binary.LittleEndian.PutUint16(extra[0:], aesExtraID)
	binary.LittleEndian.PutUint16(extra[2:], 7)
	binary.LittleEndian.PutUint16(extra[4:], 2) // AE-2
	copy(extra[6:], "AE")
	extra[8] = 3 // AES-256
	binary.LittleEndian.PutUint16(extra[9:], method)
	// The extended timestamp (0x5455: flags 1, the modification time in Unix seconds),
	// which zip.Writer adds only in CreateHeader: the DOS time has no zone, and 7-Zip
	// and bsdtar show this one in the reader's own zone.
	ut := make([]byte, 9)
	binary.LittleEndian.PutUint16(ut[0:], 0x5455)
	binary.LittleEndian.PutUint16(ut[2:], 5)
	ut[4] = 1
	binary.LittleEndian.PutUint32(ut[5:], uint32(modified.Unix()))
	extra = append(extra, ut...)

	fh := &zip.FileHeader{
		Name:               name,
		Method:             aesMethod,
		Flags:              0x1, // encrypted
		CreatorVersion:     3<<8 | 51,
		ReaderVersion:      51,
		Extra:              extra,
		CompressedSize64:   uint64(aesSaltLen + 2 + len(ciphertext) + aesMACLen),
		UncompressedSize64: uint64(len(data)),
		Modified:           modified,
	}
	if !isASCII(name) {
		fh.Flags |= 0x800 // the name is UTF-8
	}
	// The header says Unix made it, so extractors that keep Unix permissions take the
	// mode from it: without one the file comes out as mode 0, which nobody can read.
	fh.SetMode(0o644)
	// CreateRaw, unlike CreateHeader, does not derive the MS-DOS date and time from
	// Modified, and unzip tools show the DOS fields; so the deprecated fields are set here.
	//lint:ignore SA1019 CreateRaw leaves the DOS fields to the caller (see above).
	fh.ModifiedDate, fh.ModifiedTime = dosDateTime(modified)
	w, err := zw.CreateRaw(fh)
	if err != nil {
		return err
	}
	for _, part := range [][]byte{salt, verifier, ciphertext, tag} {
		if _, err := w.Write(part); err != nil {
			return err
		}
	}
	return nil
}

// winzipCTR is AES-CTR as WinZip does it: the counter block is a little-endian integer
// starting at 1 (Go's cipher.NewCTR counts big-endian, so it cannot be used).
func winzipCTR(key, src []byte) ([]byte, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	out := make([]byte, len(src))
	var counter, stream [aes.BlockSize]byte
	for i := 0; i < len(src); i += aes.BlockSize {
		for j := range counter { // increment, little-endian
			counter[j]++
			if counter[j] != 0 {
				break
			}
		}
		block.Encrypt(stream[:], counter[:])
		end := min(i+aes.BlockSize, len(src))
		for j := i; j < end; j++ {
			out[j] = src[j] ^ stream[j-i]
		}
	}
	return out, nil
}

// dosDateTime is the MS-DOS date and time ZIP headers carry (local time, 2-second steps).
func dosDateTime(t time.Time) (date, tm uint16) {
	if t.Year() < 1980 {
		t = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	date = uint16(t.Day() + int(t.Month())<<5 + (t.Year()-1980)<<9)
	tm = uint16(t.Second()/2 + t.Minute()<<5 + t.Hour()<<11)
	return
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
