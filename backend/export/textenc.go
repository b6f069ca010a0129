package export

import (
	"bytes"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"privacydesk/backend"
)

// Encodings a text import is read in, as the preview names them.
const (
	EncodingUTF8        = "UTF-8"
	EncodingUTF8BOM     = "UTF-8 (with BOM)"
	EncodingUTF16LE     = "UTF-16 LE"
	EncodingUTF16BE     = "UTF-16 BE"
	EncodingWindows1252 = "Windows-1252"
)

// decodeText turns an imported text file into a Go string and names the encoding it
// was read in.
//
// UTF-8 (with or without BOM) and UTF-16 with a BOM (Excel's "Unicode Text") are
// recognised for certain. Anything else that is not valid UTF-8 is read as
// Windows-1252, which is what Excel's plain "CSV (Comma delimited)" writes on a US or
// Western European Windows; the preview names the encoding so a person notices wrong
// accents (a Mac's older "CSV" is Mac Roman, which no byte pattern tells apart). Bytes
// that Windows-1252 leaves undefined, and NUL bytes, mean the file is not text in any
// encoding we can tell: it is refused rather than imported as mojibake.
func decodeText(b []byte) (string, string, error) {
	switch {
	case bytes.HasPrefix(b, []byte("PK\x03\x04")):
		return "", "", backend.Invalid("file", "This is an Excel workbook or another ZIP file, not CSV text: import it as XLSX.")
	case bytes.HasPrefix(b, []byte("\xD0\xCF\x11\xE0")):
		return "", "", backend.Invalid("file", "This is an old Excel 97-2003 workbook (.xls) or a password-protected one. Open it in Excel, remove any password and save it as .xlsx or as CSV UTF-8.")
	case bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")):
		b = b[3:]
		if !utf8.Valid(b) {
			return "", "", backend.Invalid("file", "The file says it is UTF-8 but holds bytes that are not. Save it again as CSV UTF-8.")
		}
		return string(b), EncodingUTF8BOM, nil
	case bytes.HasPrefix(b, []byte("\xFF\xFE")), bytes.HasPrefix(b, []byte("\xFE\xFF")):
		return decodeUTF16(b)
	}
	if bytes.IndexByte(b, 0) >= 0 {
		return "", "", backend.Invalid("file", "This is not a text file (it holds NUL bytes). Choose a CSV or XLSX file.")
	}
	if utf8.Valid(b) {
		return string(b), EncodingUTF8, nil
	}
	for _, c := range []byte{0x81, 0x8D, 0x8F, 0x90, 0x9D} {
		if bytes.IndexByte(b, c) >= 0 {
			return "", "", backend.Invalid("file", "The file is neither UTF-8 nor Windows-1252 text, so its letters cannot be read safely. In Excel choose Save As, then \"CSV UTF-8 (Comma delimited)\".")
		}
	}
	s, err := charmap.Windows1252.NewDecoder().Bytes(b)
	if err != nil {
		return "", "", backend.Invalid("file", "The file's text encoding cannot be read: %v. Save it as CSV UTF-8.", err)
	}
	return string(s), EncodingWindows1252, nil
}

func decodeUTF16(b []byte) (string, string, error) {
	le := b[0] == 0xFF
	b = b[2:]
	if len(b)%2 != 0 {
		return "", "", backend.Invalid("file", "The file says it is UTF-16 but is cut off (an odd number of bytes). Save it again.")
	}
	u := make([]uint16, len(b)/2)
	for i := range u {
		if le {
			u[i] = uint16(b[2*i]) | uint16(b[2*i+1])<<8
		} else {
			u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		}
	}
	name := EncodingUTF16BE
	if le {
		name = EncodingUTF16LE
	}
	return string(utf16.Decode(u)), name, nil
}
