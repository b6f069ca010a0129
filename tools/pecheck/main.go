// Command pecheck reads a Windows executable's PE headers and resources and checks what
// the Windows build promises: the subsystem (the window's .exe is a GUI program, the
// command line a console one), and for the window its icon, version resource and
// DPI-aware manifest, for the installer a manifest that asks for no administrator.
//
//	pecheck -subsystem gui -icon -version 0.2.0 -product "Privacy Desk" -dpi FILE.exe
//	pecheck -subsystem console FILE.exe
//	pecheck -machine 386 -subsystem gui -asinvoker INSTALLER.exe
//
// It prints one line per check and exits 1 when any fails.
package main

import (
	"bytes"
	"debug/pe"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"unicode/utf16"
)

// Resource types (winuser.h).
const (
	rtIcon      = 3
	rtGroupIcon = 14
	rtVersion   = 16
	rtManifest  = 24
)

func main() {
	machine := flag.String("machine", "amd64", "amd64 or 386 (an NSIS installer is a 32-bit program)")
	subsystem := flag.String("subsystem", "", "gui or console")
	icon := flag.Bool("icon", false, "needs an icon group")
	version := flag.String("version", "", "the version resource's ProductVersion and FileVersion")
	product := flag.String("product", "", "the version resource's ProductName")
	dpi := flag.Bool("dpi", false, "needs a manifest that declares per-monitor DPI awareness")
	asInvoker := flag.Bool("asinvoker", false, "needs a manifest asking for the invoker's rights (no administrator)")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: pecheck [flags] FILE.exe")
		os.Exit(2)
	}
	file := flag.Arg(0)
	fails := 0
	check := func(ok bool, what string, args ...any) {
		if ok {
			fmt.Printf("ok   %s: %s\n", file, fmt.Sprintf(what, args...))
		} else {
			fmt.Printf("FAIL %s: %s\n", file, fmt.Sprintf(what, args...))
			fails++
		}
	}
	f, err := pe.Open(file)
	if err != nil {
		fmt.Printf("FAIL %s: not a PE file: %v\n", file, err)
		os.Exit(1)
	}
	defer f.Close()
	want := map[string]uint16{"amd64": pe.IMAGE_FILE_MACHINE_AMD64, "386": pe.IMAGE_FILE_MACHINE_I386}[*machine]
	check(want != 0 && f.Machine == want, "machine %s (0x%x)", *machine, f.Machine)
	var sub uint16
	switch oh := f.OptionalHeader.(type) {
	case *pe.OptionalHeader64:
		sub = oh.Subsystem
	case *pe.OptionalHeader32:
		sub = oh.Subsystem
	}
	switch *subsystem {
	case "gui":
		check(sub == pe.IMAGE_SUBSYSTEM_WINDOWS_GUI, "subsystem Windows GUI (%d)", sub)
	case "console":
		check(sub == pe.IMAGE_SUBSYSTEM_WINDOWS_CUI, "subsystem console (%d)", sub)
	case "":
	default:
		fmt.Fprintln(os.Stderr, "pecheck: -subsystem is gui or console")
		os.Exit(2)
	}
	if !*icon && *version == "" && *product == "" && !*dpi && !*asInvoker {
		os.Exit(min(fails, 1))
	}
	res, err := resources(f)
	check(err == nil, "resources read (%v)", err)
	if *icon {
		check(len(res[rtGroupIcon]) > 0 && len(res[rtIcon]) > 0, "icon (%d groups, %d images)", len(res[rtGroupIcon]), len(res[rtIcon]))
	}
	if *version != "" || *product != "" {
		check(len(res[rtVersion]) == 1, "one version resource (%d)", len(res[rtVersion]))
		if len(res[rtVersion]) == 1 {
			v := res[rtVersion][0]
			if *version != "" {
				got := versionString(v, "ProductVersion")
				check(got == *version, "ProductVersion %q (want %q)", got, *version)
				got = versionString(v, "FileVersion")
				check(got == *version, "FileVersion %q (want %q)", got, *version)
			}
			if *product != "" {
				got := versionString(v, "ProductName")
				check(got == *product, "ProductName %q", got)
			}
		}
	}
	if *dpi || *asInvoker {
		check(len(res[rtManifest]) == 1, "one manifest (%d)", len(res[rtManifest]))
		var m string
		if len(res[rtManifest]) == 1 {
			m = string(res[rtManifest][0])
		}
		if *dpi {
			aw := dpiAwareness(m)
			check(strings.HasPrefix(strings.ToLower(aw), "permonitorv2"), "manifest declares per-monitor v2 DPI awareness (dpiAwareness %q)", aw)
		}
		if *asInvoker {
			check(strings.Contains(m, `level="asInvoker"`), `manifest asks for level="asInvoker" (a per-user install, no administrator)`)
		}
	}
	os.Exit(min(fails, 1))
}

// dpiAwareness is the text of the manifest's <dpiAwareness> element (Windows 10 1607+:
// a comma-separated list, the first value Windows knows wins).
func dpiAwareness(manifest string) string {
	i := strings.Index(manifest, "<dpiAwareness")
	if i < 0 {
		return ""
	}
	rest := manifest[i:]
	j := strings.Index(rest, ">")
	k := strings.Index(rest, "</dpiAwareness>")
	if j < 0 || k < j {
		return ""
	}
	return strings.TrimSpace(rest[j+1 : k])
}

// resources returns the data of every resource in f's .rsrc section by type ID.
func resources(f *pe.File) (map[uint32][][]byte, error) {
	s := f.Section(".rsrc")
	if s == nil {
		return nil, errors.New("no .rsrc section")
	}
	data, err := s.Data()
	if err != nil {
		return nil, err
	}
	out := map[uint32][][]byte{}
	u32 := func(off uint32) (uint32, error) {
		if int(off)+4 > len(data) {
			return 0, fmt.Errorf("offset %d past the section", off)
		}
		return binary.LittleEndian.Uint32(data[off:]), nil
	}
	// The directory is three levels deep: type, name, language.
	var walk func(off uint32, depth int, typ uint32) error
	walk = func(off uint32, depth int, typ uint32) error {
		if depth > 3 || int(off)+16 > len(data) {
			return fmt.Errorf("bad resource directory at %d", off)
		}
		n := uint32(binary.LittleEndian.Uint16(data[off+12:])) + uint32(binary.LittleEndian.Uint16(data[off+14:]))
		for i := uint32(0); i < n; i++ {
			e := off + 16 + 8*i
			id, err := u32(e)
			if err != nil {
				return err
			}
			to, err := u32(e + 4)
			if err != nil {
				return err
			}
			if depth == 0 {
				typ = id
			}
			if to&0x80000000 != 0 {
				if err := walk(to&0x7fffffff, depth+1, typ); err != nil {
					return err
				}
				continue
			}
			rva, err := u32(to)
			if err != nil {
				return err
			}
			size, err := u32(to + 4)
			if err != nil {
				return err
			}
			start := rva - s.VirtualAddress
			if rva < s.VirtualAddress || uint64(start)+uint64(size) > uint64(len(data)) {
				return fmt.Errorf("resource data outside the section (rva %d size %d)", rva, size)
			}
			out[typ] = append(out[typ], data[start:start+size])
		}
		return nil
	}
	return out, walk(0, 0, 0)
}

// versionString finds key's value in a VS_VERSIONINFO's string table (UTF-16LE): the
// key, its NUL padding to a 32-bit boundary, then the value up to a NUL.
func versionString(v []byte, key string) string {
	k := utf16le(key + "\x00")
	i := bytes.Index(v, k)
	if i < 0 {
		return ""
	}
	j := i + len(k)
	for j%4 != 0 && j+1 < len(v) && v[j] == 0 && v[j+1] == 0 {
		j += 2
	}
	var u []uint16
	for ; j+1 < len(v); j += 2 {
		c := binary.LittleEndian.Uint16(v[j:])
		if c == 0 {
			break
		}
		u = append(u, c)
	}
	return string(utf16.Decode(u))
}

func utf16le(s string) []byte {
	var b []byte
	for _, c := range utf16.Encode([]rune(s)) {
		b = binary.LittleEndian.AppendUint16(b, c)
	}
	return b
}
