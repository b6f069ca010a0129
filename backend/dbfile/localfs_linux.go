package dbfile

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"
)

// remoteFS is the kind of network file system dir is on, "" for a local one.
func remoteFS(dir string) string {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return ""
	}
	fuseType := ""
	if int64(st.Type) == unix.FUSE_SUPER_MAGIC {
		fuseType = mountType(dir)
	}
	return linuxRemote(int64(st.Type), fuseType)
}

// linuxRemote names the network file system of statfs's magic number (fuseType is the
// mount's type, fuse.sshfs, for a FUSE one), "" for a local one.
func linuxRemote(magic int64, fuseType string) string {
	switch magic {
	case unix.NFS_SUPER_MAGIC:
		return "NFS"
	case unix.SMB_SUPER_MAGIC, unix.SMB2_SUPER_MAGIC, unix.CIFS_SUPER_MAGIC:
		return "SMB/CIFS"
	case unix.AFS_SUPER_MAGIC, unix.AFS_FS_MAGIC:
		return "AFS"
	case unix.CODA_SUPER_MAGIC:
		return "Coda"
	case unix.NCP_SUPER_MAGIC:
		return "NetWare"
	case unix.V9FS_MAGIC:
		return "9P"
	case unix.CEPH_SUPER_MAGIC:
		return "CephFS"
	case unix.OCFS2_SUPER_MAGIC:
		return "OCFS2"
	case unix.FUSE_SUPER_MAGIC:
		name := strings.TrimPrefix(strings.TrimPrefix(fuseType, "fuseblk."), "fuse.")
		if fuseRemote[name] {
			return name
		}
	}
	return ""
}

// mountType is the file system type /proc/self/mountinfo gives the mount holding dir
// (the longest mount point that contains it), "" when it cannot be read.
func mountType(dir string) string {
	abs, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return ""
	}
	f, err := os.Open("/proc/self/mountinfo")
	if err != nil {
		return ""
	}
	defer f.Close()
	best, typ := "", ""
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// 36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
		pre, post, ok := strings.Cut(sc.Text(), " - ")
		fields, rest := strings.Fields(pre), strings.Fields(post)
		if !ok || len(fields) < 5 || len(rest) < 1 {
			continue
		}
		mp := unescapeMount(fields[4])
		if (abs == mp || strings.HasPrefix(abs, strings.TrimSuffix(mp, "/")+"/")) && len(mp) >= len(best) {
			best, typ = mp, rest[0]
		}
	}
	return typ
}

// unescapeMount undoes mountinfo's octal escapes (\040 for a space).
func unescapeMount(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+4 <= len(s) {
			if v := octal(s[i+1 : i+4]); v >= 0 {
				b.WriteByte(byte(v))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func octal(s string) int {
	if len(s) != 3 {
		return -1
	}
	v := 0
	for _, c := range s {
		if c < '0' || c > '7' {
			return -1
		}
		v = v*8 + int(c-'0')
	}
	return v
}
