package storage

import (
	"net/url"
	"path/filepath"
	"runtime"
	"strings"
)

// fileURI is the SQLite URI of the file at path with the query params. The path is
// percent-encoded, so a folder or file name with '#', '?', '%' or spaces opens exactly
// that file (unescaped, '#' starts a URI fragment and '?' the parameters, and SQLite
// would open a different file).
func fileURI(path, params string) string {
	p := filepath.ToSlash(path)
	if runtime.GOOS == "windows" && !strings.HasPrefix(p, "/") {
		p = "/" + p // file:///C:/Users/...
	}
	u := (&url.URL{Path: p}).EscapedPath()
	// EscapedPath leaves these alone; SQLite's URI parser reads them as syntax.
	u = strings.NewReplacer("?", "%3F", "#", "%23").Replace(u)
	if params != "" {
		return "file://" + u + "?" + params
	}
	return "file://" + u
}
