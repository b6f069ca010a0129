package reporting

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"privacydesk/backend"
)

// cjkCells are real texts a report's narrow column may hold: a request in the
// requester's own words, in Japanese and in Chinese, a vendor with its services in
// brackets, and Japanese with small kana and the long vowel mark.
var cjkCells = []string{
	"このたびは、個人情報の開示請求をいただき、ありがとうございます。ご本人確認のため、「身分証明書」（運転免許証など）の写しをお送りください。",
	"我们已收到您的请求，将在法律规定的期限内（四十五天）答复。请注意：「删除」请求需要您另行确认。",
	"東京クラウド株式会社（データセンター運用、バックアップ）",
	"ちょっとキャッシュレス決済のチェックをお願いします。",
}

// What East Asian typography (kinsoku shori, JIS X 4051; Unicode Standard Annex 14 classes CL, CP, NS,
// EX and OP) never puts at the start or at the end of a line: this list is the test's
// oracle, not the code's table.
const (
	neverStarts = "、。，．：；！？）」』】〕〉》ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶー々ゝゞ"
	neverEnds   = "（「『【〔〈《"
)

// In a narrow column, Chinese and Japanese text breaks between characters, but no line
// starts with closing punctuation or a small kana, none ends with an opening bracket,
// and the last line is not one character alone where moving one more down fits.
func TestCJKLineBreaksInNarrowColumns(t *testing.T) {
	r := newReportPDF(backend.Practice{Name: "Sessions, Inc."}, "Kinsoku", time.Date(2027, 1, 5, 9, 0, 0, 0, time.UTC), "")
	for _, text := range cjkCells {
		words := r.ts.Words(text, false, cellSize)
		checked := 0
		for width := words.Widest() + 0.05; width < words.Width(); width += 0.5 {
			lines := words.Lines(width)
			var texts []string
			for _, l := range lines {
				texts = append(texts, l.Text())
				if l.Width() > width+1e-9 {
					t.Errorf("%.1f mm: line %q is %.2f mm wide", width, l.Text(), l.Width())
				}
			}
			if got := strings.Join(texts, ""); got != text {
				t.Fatalf("%.1f mm: the lines %q do not read %q", width, texts, text)
			}
			for i, s := range texts {
				first, _ := utf8.DecodeRuneInString(s)
				last, _ := utf8.DecodeLastRuneInString(s)
				if i > 0 && strings.ContainsRune(neverStarts, first) {
					t.Errorf("%.1f mm: line %d starts with %q: %q", width, i+1, first, texts)
				}
				if i < len(texts)-1 && strings.ContainsRune(neverEnds, last) {
					t.Errorf("%.1f mm: line %d ends with %q: %q", width, i+1, last, texts)
				}
			}
			if n := len(texts); n >= 2 {
				alone := strings.TrimRight(texts[n-1], neverStarts)
				prev := []rune(texts[n-2])
				if utf8.RuneCountInString(alone) == 1 && len(prev) >= 4 {
					// The last two characters of the line before, with the last line,
					// fit: one more could have come down.
					if r.ts.Words(string(prev[len(prev)-2:])+texts[n-1], false, cellSize).Width() <= width {
						t.Errorf("%.1f mm: the last line is one character alone: %q", width, texts)
					}
				}
			}
			checked++
		}
		if checked < 10 {
			t.Errorf("%q: only %d widths checked", text, checked)
		}
	}
}

// Korean is written with spaces between words and breaks only there, never inside a
// word as Chinese and Japanese may.
func TestKoreanBreaksAtSpaces(t *testing.T) {
	r := newReportPDF(backend.Practice{Name: "Sessions, Inc."}, "Korean", time.Date(2027, 1, 5, 9, 0, 0, 0, time.UTC), "")
	text := "서울 데이터 주식회사 개인정보 열람 요청"
	words := r.ts.Words(text, false, cellSize)
	for width := words.Widest() + 0.05; width < words.Width(); width += 1 {
		for _, l := range words.Lines(width) {
			for _, w := range strings.Fields(l.Text()) {
				if !strings.Contains(" "+text+" ", " "+w+" ") {
					t.Errorf("%.1f mm: %q is not a whole word of %q", width, w, text)
				}
			}
		}
	}
}

// A report table with a narrow column of Chinese and Japanese text draws within its
// column; set KINSOKU_PDF to a file name to keep the PDF and look at it.
func TestCJKNarrowColumnPDF(t *testing.T) {
	r := newReportPDF(backend.Practice{Name: "Sessions, Inc."}, "Narrow columns", time.Date(2027, 1, 5, 9, 0, 0, 0, time.UTC), "")
	var rows [][]string
	for i, c := range cjkCells {
		rows = append(rows, []string{"PR-2027-000" + string(rune('1'+i)), c, c, "45"})
	}
	tab := newPDFTable(r, []string{"Request", "In their words", "Wider", "Days"}, []float64{1.2, 1.1, 3, 0.6}, 3, rows)
	tab.header()
	for i, row := range rows {
		tab.row(row, false, i%2 == 1)
	}
	var buf bytes.Buffer
	if err := r.pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	if out := os.Getenv("KINSOKU_PDF"); out != "" {
		if err := os.WriteFile(filepath.Clean(out), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
