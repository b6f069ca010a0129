package letters

import (
	"math"
	"testing"

	"github.com/go-pdf/fpdf"
)

// The typesetter measures in the document's unit: the same name is 25.4/72 as wide in
// millimetres as in points, shaped runs included, and wraps at the same place.
func TestTypesetterMeasuresInTheDocumentsUnit(t *testing.T) {
	pt := NewTypesetter(fpdf.New("P", "pt", "A4", ""))
	mm := NewTypesetter(fpdf.New("P", "mm", "A4", ""))
	for _, name := range []string{"Maria Schmidt", "محمد عبد الله", "अमित क्षत्रिय", "北京云服务有限公司", "김민준 שרה כהן"} {
		a, b := pt.Words(name, false, 9), mm.Words(name, false, 9)
		if a.Width() == 0 || math.Abs(b.Width()-a.Width()*25.4/72) > 1e-9 {
			t.Errorf("%q: %.3f mm, %.3f pt", name, b.Width(), a.Width())
		}
		if math.Abs(b.Widest()-a.Widest()*25.4/72) > 1e-9 || b.Widest() > b.Width() {
			t.Errorf("%q: widest word %.3f mm, %.3f pt", name, b.Widest(), a.Widest())
		}
		la, lb := a.Lines(a.Width()*0.6), b.Lines(b.Width()*0.6)
		if len(la) != len(lb) || len(lb) < 2 {
			t.Errorf("%q at 60%% of its width: %d lines in points, %d in millimetres, want the same, at least 2", name, len(la), len(lb))
		}
		if got := mm.Words(name, false, 9).Lines(1e6); len(got) != 1 || got[0].Text() != name {
			t.Errorf("%q on one line reads %q", name, got[0].Text())
		}
	}
}
