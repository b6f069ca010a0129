package letters

import (
	"embed"
	"fmt"
)

// BuiltinVersion is the version of the built-in templates. Raise it whenever a built-in
// template's text changes, so a stored letter's template version says which text it used.
const BuiltinVersion = 5

// BuiltinName is the name of every built-in template.
const BuiltinName = "Standard"

//go:embed templates/*.txt
var builtinFS embed.FS

// BuiltinTemplates returns the built-in template of every kind, in KindsList order.
func BuiltinTemplates() []Template {
	kinds := KindsList()
	out := make([]Template, 0, len(kinds))
	for _, k := range kinds {
		out = append(out, Builtin(k.Kind))
	}
	return out
}

// Builtin returns the built-in template of kind k.
func Builtin(k Kind) Template {
	body, err := builtinFS.ReadFile("templates/" + string(k) + ".txt")
	if err != nil {
		panic(fmt.Sprintf("letters: no built-in template for %q", k))
	}
	return Template{Kind: k, Name: BuiltinName, Version: BuiltinVersion, Body: string(body)}
}
