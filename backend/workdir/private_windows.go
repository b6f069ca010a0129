package workdir

import "io/fs"

// ownedByUser: on Windows the temporary folder is the user's own (in the profile), so a
// folder in it is theirs.
func ownedByUser(fs.FileInfo) bool { return true }
