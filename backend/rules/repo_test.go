package rules

import (
	"bytes"
	"go/scanner"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// These tests keep the repository's comments pointing at things a maintainer can open.
// The law behind the rules is written down in docs/legal.md; a comment cites that file
// with a section anchor. A comment that names an issue number, or a file outside the
// repository, leaves the next reader with nothing to read, so it fails here.

// outsideDocs is the folder of reference notes kept outside the repository; spelled in
// two halves so that this file does not mention it.
var outsideDocs = "shared" + "/docs"

var (
	// the word issue (or issues) and a number, with or without a hash between
	issueWord = regexp.MustCompile(`(?i)\bissues?\s*#?\d+`)
	// a tracker reference: a hash and digits after a space, bracket or line start
	hashNumber = regexp.MustCompile(`(?:^|[\s(\[,;])#\d+\b`)
	// a Markdown file named in a comment, with an optional section anchor
	mdRef = regexp.MustCompile(`([A-Za-z0-9_./-]*[A-Za-z0-9_-]\.md)(#[a-z0-9_-]+)?`)
)

// commentProblems lists what is wrong with one comment's text: an issue number, a
// mention of the outside notes, or a Markdown file (or section) the repository lacks.
// exists reports whether a repository-relative path exists; anchors returns the section
// anchors of a Markdown file.
func commentProblems(text string, exists func(string) bool, anchors func(string) map[string]bool) []string {
	var out []string
	if m := issueWord.FindString(text); m != "" {
		out = append(out, "cites an issue number ("+m+"): state the reason instead")
	}
	if m := hashNumber.FindString(text); m != "" {
		out = append(out, "cites an issue number ("+strings.TrimSpace(m)+"): state the reason instead")
	}
	if strings.Contains(text, outsideDocs) {
		out = append(out, "cites "+outsideDocs+", outside the repository: cite docs/legal.md")
	}
	for _, m := range mdRef.FindAllStringSubmatch(text, -1) {
		file, anchor := m[1], strings.TrimPrefix(m[2], "#")
		if strings.HasPrefix(file, "../") || !exists(file) {
			out = append(out, "cites "+file+", which is not in the repository")
			continue
		}
		if anchor != "" && !anchors(file)[anchor] {
			out = append(out, "cites "+file+"#"+anchor+", a section "+file+" does not have")
		}
	}
	return out
}

func TestCommentProblems(t *testing.T) {
	exists := func(p string) bool { return p == "docs/legal.md" || p == "README.md" }
	anchors := func(string) map[string]bool { return map[string]bool{"holidays": true} }
	for _, tc := range []struct {
		text string
		bad  bool
	}{
		{"Automatic backups (issue 7): once a day", true},
		{"see Issue #12", true},
		{"fixed in #34", true},
		{"regimes (" + outsideDocs + "/regimes.md)", true},
		{"counting (regimes.md, \"Counting convention\")", true},
		{"see ../" + outsideDocs + "/x.md", true},
		{"GDPR deadlines (docs/legal.md#months)", true},
		{"GDPR deadlines (docs/legal.md#holidays)", false},
		{"see README.md", false},
		{"a No. 10 envelope; 45 CFR 164.524(b)(2); colour '#138686'", false},
		{"the issue of the letter", false},
	} {
		got := commentProblems(tc.text, exists, anchors)
		if (len(got) > 0) != tc.bad {
			t.Errorf("commentProblems(%q) = %q, want a problem: %v", tc.text, got, tc.bad)
		}
	}
}

func TestCommentsCiteOnlyTheRepository(t *testing.T) {
	root := repoRoot(t)
	files := sourceFiles(t, root)
	if len(files) < 50 {
		t.Fatalf("found only %d source files under %s; the file listing is broken", len(files), root)
	}
	exists := func(p string) bool {
		_, err := os.Stat(filepath.Join(root, filepath.FromSlash(p)))
		return err == nil
	}
	anchorCache := map[string]map[string]bool{}
	anchors := func(p string) map[string]bool {
		if a, ok := anchorCache[p]; ok {
			return a
		}
		b, _ := os.ReadFile(filepath.Join(root, filepath.FromSlash(p)))
		a := markdownAnchors(string(b))
		anchorCache[p] = a
		return a
	}
	checked := 0
	for _, rel := range files {
		src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(src, []byte(outsideDocs)) {
			t.Errorf("%s mentions %s, which is outside the repository: cite docs/legal.md", rel, outsideDocs)
		}
		for _, c := range comments(rel, src) {
			checked++
			for _, p := range commentProblems(c.text, exists, anchors) {
				t.Errorf("%s:%d: comment %s", rel, c.line, p)
			}
		}
	}
	if checked < 500 {
		t.Errorf("checked only %d comments; the comment scanner is broken", checked)
	}
}

// TestLegalReferenceCoversTheRules checks that docs/legal.md names every regime and the
// citation of every rule row, so a rule cannot be added without its legal background.
func TestLegalReferenceCoversTheRules(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(repoRoot(t), "docs", "legal.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	for _, r := range All() {
		if !strings.Contains(doc, "`"+string(r.Regime)+"`") {
			t.Errorf("docs/legal.md does not list the regime identifier %q", r.Regime)
		}
		if !strings.Contains(doc, "`"+string(r.Right)+"`") {
			t.Errorf("docs/legal.md does not list the right identifier %q", r.Right)
		}
		for _, cite := range citedSections(r.Citation) {
			if !strings.Contains(doc, cite) {
				t.Errorf("%s %s cites %q, which docs/legal.md does not mention", r.Regime, r.Right, cite)
			}
		}
	}
	for _, a := range AllApplicability() {
		for _, cite := range citedSections(a.Citation) {
			if !strings.Contains(doc, cite) {
				t.Errorf("applicability of %s cites %q, which docs/legal.md does not mention", a.Regime, cite)
			}
		}
	}
}

// citedSections picks the section numbers out of a citation: "Cal. Civ. Code 1798.110,
// 1798.130(a)(2); 11 CCR 7021" gives 1798.110, 1798.130 and 7021.
var sectionNumber = regexp.MustCompile(`\b\d+[A-Z]?(?:[.-]\d+)+[A-Z]?\b|\b\d{4}\b`)

func citedSections(citation string) []string { return sectionNumber.FindAllString(citation, -1) }

// TestGoVersionAgrees checks that README.md and the Makefile state the Go version go.mod
// names, and that the Makefile checks it.
func TestGoVersionAgrees(t *testing.T) {
	root := repoRoot(t)
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(root, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	m := regexp.MustCompile(`(?m)^go (\d+\.\d+(?:\.\d+)?)$`).FindStringSubmatch(read("go.mod"))
	if m == nil {
		t.Fatal("go.mod has no go line")
	}
	want := m[1]
	stated := regexp.MustCompile(`Go (\d+\.\d+(?:\.\d+)?)(?:\+| or newer)`)
	for _, name := range []string{"README.md", "Makefile"} {
		for _, s := range stated.FindAllStringSubmatch(read(name), -1) {
			if s[1] != want {
				t.Errorf("%s says %q; go.mod says go %s", name, s[0], want)
			}
		}
	}
	if !strings.Contains(read("README.md"), "Go "+want+" or newer") {
		t.Errorf("README.md does not say \"Go %s or newer\"", want)
	}
	mk := read("Makefile")
	if !strings.Contains(mk, "go.mod") || !strings.Contains(mk, "GOVERSION") {
		t.Error("the Makefile does not check the running Go against go.mod's version")
	}
}

// --- finding files and comments -------------------------------------------------------

func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's folder")
		}
		dir = parent
	}
}

// sourceFiles lists the repository's source files (slash-separated, relative to root):
// the files git tracks, or, without git, every file outside the generated and installed
// folders.
func sourceFiles(t *testing.T, root string) []string {
	t.Helper()
	var all []string
	cmd := exec.Command("git", "ls-files", "-co", "--exclude-standard")
	cmd.Dir = root
	if out, err := cmd.Output(); err == nil && len(out) > 0 {
		all = strings.Split(strings.TrimSpace(string(out)), "\n")
	} else {
		skip := map[string]bool{".git": true, "node_modules": true, "dist": true, "artifacts": true, "bin": true, ".cache": true}
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && skip[d.Name()] {
				return filepath.SkipDir
			}
			if !d.IsDir() {
				rel, _ := filepath.Rel(root, p)
				all = append(all, filepath.ToSlash(rel))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	var out []string
	for _, rel := range all {
		if strings.Contains(rel, "/testdata/") || strings.Contains(rel, "node_modules/") {
			continue
		}
		if language(rel, root) != "" {
			out = append(out, rel)
		}
	}
	return out
}

// language is how comments are written in the file: "go", "js" (also TypeScript and
// CSS), "hash" (shell, Makefile, config), "sql"; "" for files that are not source.
func language(rel, root string) string {
	base := filepath.Base(rel)
	switch filepath.Ext(rel) {
	case ".go":
		return "go"
	case ".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".css":
		return "js"
	case ".sh", ".conf", ".yml", ".yaml", ".toml":
		return "hash"
	case ".sql":
		return "sql"
	case "":
		if base == "Makefile" {
			return "hash"
		}
		// An extensionless script: a shell shebang makes it one.
		f, err := os.Open(filepath.Join(root, filepath.FromSlash(rel)))
		if err != nil {
			return ""
		}
		defer f.Close()
		head := make([]byte, 64)
		n, _ := f.Read(head)
		if bytes.HasPrefix(head[:n], []byte("#!")) && bytes.Contains(head[:n], []byte("sh")) {
			return "hash"
		}
	}
	return ""
}

type comment struct {
	line int
	text string
}

func comments(rel string, src []byte) []comment {
	switch language(rel, "") {
	case "go":
		return goComments(src)
	case "js":
		return cStyleComments(src)
	case "sql":
		return lineComments(src, "--")
	}
	return lineComments(src, "#") // hash, and the extensionless scripts
}

func goComments(src []byte) []comment {
	fset := token.NewFileSet()
	file := fset.AddFile("", fset.Base(), len(src))
	var s scanner.Scanner
	s.Init(file, src, nil, scanner.ScanComments)
	var out []comment
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			return out
		}
		if tok == token.COMMENT {
			out = append(out, comment{fset.Position(pos).Line, lit})
		}
	}
}

// cStyleComments finds // and /* */ comments outside string and template literals.
func cStyleComments(src []byte) []comment {
	var out []comment
	line := 1
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '\n':
			line++
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			j := bytes.IndexByte(src[i:], '\n')
			if j < 0 {
				j = len(src) - i
			}
			out = append(out, comment{line, string(src[i : i+j])})
			i += j - 1
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			j := bytes.Index(src[i+2:], []byte("*/"))
			end := len(src)
			if j >= 0 {
				end = i + 2 + j + 2
			}
			out = append(out, comment{line, string(src[i:end])})
			line += bytes.Count(src[i:end], []byte("\n"))
			i = end - 1
		case c == '\'' || c == '"' || c == '`':
			// Skip the literal; quotes end at a newline so a stray quote (in a regular
			// expression, say) cannot hide the rest of the file.
			for i++; i < len(src) && src[i] != c; i++ {
				if src[i] == '\\' {
					i++
					continue
				}
				if src[i] == '\n' {
					line++
					if c != '`' {
						break
					}
				}
			}
		}
	}
	return out
}

// lineComments finds comments that run from marker to the end of the line, where the
// marker starts the line or follows a space.
func lineComments(src []byte, marker string) []comment {
	var out []comment
	for n, l := range strings.Split(string(src), "\n") {
		for i := 0; i+len(marker) <= len(l); i++ {
			if strings.HasPrefix(l[i:], marker) && (i == 0 || l[i-1] == ' ' || l[i-1] == '\t') {
				if marker == "#" && strings.HasPrefix(l[i:], "#!") && n == 0 {
					break
				}
				out = append(out, comment{n + 1, l[i:]})
				break
			}
		}
	}
	return out
}

// markdownAnchors returns the anchors GitHub gives a Markdown file's headings:
// lower case, punctuation dropped, spaces to hyphens.
func markdownAnchors(md string) map[string]bool {
	out := map[string]bool{}
	for _, l := range strings.Split(md, "\n") {
		if !strings.HasPrefix(l, "#") {
			continue
		}
		h := strings.TrimSpace(strings.TrimLeft(l, "#"))
		var b strings.Builder
		for _, r := range strings.ToLower(h) {
			switch {
			case r == ' ':
				b.WriteRune('-')
			case r == '-' || r == '_' || ('a' <= r && r <= 'z') || ('0' <= r && r <= '9'):
				b.WriteRune(r)
			}
		}
		out[b.String()] = true
	}
	return out
}
