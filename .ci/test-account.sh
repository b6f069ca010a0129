# Sourced by the test scripts: the staff account their headless commands sign in as.
# The first command that makes a database (demo, request add, import, restore) makes it
# the first administrator; the window's end-to-end tests sign in with the same two
# values (frontend/e2e/lib/app.mjs testAccount). A caller may set others.
export PRIVACYDESK_USER="${PRIVACYDESK_USER:-Test Administrator}"
export PRIVACYDESK_PASSPHRASE="${PRIVACYDESK_PASSPHRASE:-correct horse battery staple}"
