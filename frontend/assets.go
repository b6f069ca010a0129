// Package frontend embeds the built user interface (Vite's dist/) into the binary.
package frontend

import "embed"

// Assets is the built UI. `make build` runs Vite before compiling Go.
//
//go:embed all:dist
var Assets embed.FS
