// Package crash holds the crash harness (crash_test.go, `make crash`): it builds
// privacydesk-cli, runs its write paths (request add, import, demo load, backup,
// restore) and kills them with SIGKILL at random moments, then checks that the
// database passes SQLite's integrity check and `audit verify`, and that every write the
// command line acknowledged (exit 0, the reference printed) is still there. A restore
// killed anywhere must leave the old data or the backup's, complete.
//
// CRASH_N runs (unset: the test is skipped; `make test` runs 20, `make crash` 200);
// CRASH_SEED repeats a run; CRASH_CLI uses a built binary instead of building one.
package crash
