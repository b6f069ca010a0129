package dbfile

import (
	"strings"

	"privacydesk/backend"
)

// CheckLocal refuses a database folder on a network file system (NFS, SMB/CIFS, sshfs,
// a Windows network drive or \\server\share path). SQLite's write-ahead log keeps its
// index in shared memory that only programs on one computer share, and network file
// systems' locks are not reliable: two computers using the file can damage it. When
// the kind of file system cannot be found out, the folder is accepted.
func CheckLocal(dir string) error {
	kind := remoteFS(dir)
	if kind == "" {
		return nil
	}
	return backend.Errorf(backend.EINVALID, "The database folder %s is on a network file system (%s). Privacy Desk keeps its data in SQLite, whose write-ahead log works only when every program using the file runs on the same computer; over the network the file can be damaged. Keep the database in a folder on this computer's own disk (--db or PRIVACYDESK_DB), and share data between computers through backups.", dir, kind)
}

// uncRemote reports whether a Windows path names a network share: \\server\share\...
// or \\?\UNC\server\share\... (\\?\C:\... and \\.\ device paths are local).
func uncRemote(p string) bool {
	p = strings.ReplaceAll(p, "/", `\`)
	if strings.HasPrefix(strings.ToUpper(p), `\\?\UNC\`) {
		return true
	}
	return strings.HasPrefix(p, `\\`) && !strings.HasPrefix(p, `\\?\`) && !strings.HasPrefix(p, `\\.\`)
}

// fuseRemote are the FUSE file systems that reach another computer, by the type name
// the kernel lists in /proc/self/mountinfo (fuse.sshfs); a FUSE file system not listed
// (ntfs-3g, an encrypted local folder) is taken as local.
var fuseRemote = map[string]bool{
	"sshfs": true, "rclone": true, "s3fs": true, "gcsfuse": true, "goofys": true, "davfs": true, "davfs2": true,
	"glusterfs": true, "smbnetfs": true, "curlftpfs": true, "juicefs": true, "cephfs": true, "ceph-fuse": true,
	"moosefs": true, "mfs": true, "lizardfs": true, "seaweedfs": true, "blobfuse": true, "blobfuse2": true, "onedriver": true,
}
