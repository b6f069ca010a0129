package dbfile

import (
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

func TestLinuxRemoteClassification(t *testing.T) {
	for _, c := range []struct {
		magic    int64
		fuseType string
		remote   bool
	}{
		{unix.NFS_SUPER_MAGIC, "", true},
		{unix.SMB_SUPER_MAGIC, "", true},
		{unix.SMB2_SUPER_MAGIC, "", true},
		{unix.CIFS_SUPER_MAGIC, "", true},
		{unix.V9FS_MAGIC, "", true},
		{unix.CEPH_SUPER_MAGIC, "", true},
		{unix.FUSE_SUPER_MAGIC, "fuse.sshfs", true},
		{unix.FUSE_SUPER_MAGIC, "fuse.rclone", true},
		{unix.FUSE_SUPER_MAGIC, "fuseblk", false}, // ntfs-3g on a local disk
		{unix.FUSE_SUPER_MAGIC, "fuse.gocryptfs", false},
		{unix.EXT4_SUPER_MAGIC, "", false},
		{unix.BTRFS_SUPER_MAGIC, "", false},
		{unix.TMPFS_MAGIC, "", false},
		{unix.XFS_SUPER_MAGIC, "", false},
	} {
		if got := linuxRemote(c.magic, c.fuseType) != ""; got != c.remote {
			t.Errorf("magic %#x %q: remote = %v, want %v", c.magic, c.fuseType, got, c.remote)
		}
	}
	if err := CheckLocal(t.TempDir()); err != nil {
		t.Errorf("the test's temporary folder: %v", err)
	}
}

func TestMountTypeOfRoot(t *testing.T) {
	if typ := mountType("/"); typ == "" {
		t.Skip("no /proc/self/mountinfo here")
	}
	if got := unescapeMount(`/mnt/my\040share`); got != "/mnt/my share" {
		t.Errorf("unescape: %q", got)
	}
	if !strings.Contains(linuxRemote(unix.NFS_SUPER_MAGIC, ""), "NFS") {
		t.Error("NFS not named")
	}
}
