# Privacy Desk. `make run` and `make test` install what is missing, so both work on a
# fresh Debian or Ubuntu machine; see README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := build

BIN      := build/bin/privacydesk
CLIBIN   := build/bin/privacydesk-cli
DEVBIN   := build/bin/privacydesk-dev
# The version from git: v0.2.0 tagged gives 0.2.0; untagged commits a Debian version that
# sorts before the coming release (0.2.0~git20261207.1a2b3c4, see build/version.sh).
# Each is computed once per make run (a build that takes minutes gets one version and date).
ifndef VERSION
VERSION    := $(shell build/version.sh 2>/dev/null || echo 0.0.0)
endif
ifndef COMMIT
COMMIT     := $(shell git describe --always --dirty --abbrev=12 --exclude='*' 2>/dev/null || echo unknown)
endif
ifndef BUILD_DATE
BUILD_DATE := $(shell date -u $${SOURCE_DATE_EPOCH:+-d @$$SOURCE_DATE_EPOCH} +%Y-%m-%dT%H:%M:%SZ)
endif
# WebKitGTK 4.0 on Debian 12; distributions that ship only 4.1 need the webkit2_41 tag.
WEBKIT_TAG := $(shell pkg-config --exists webkit2gtk-4.0 2>/dev/null || (pkg-config --exists webkit2gtk-4.1 2>/dev/null && echo ,webkit2_41))
CMDPKG   := privacydesk/app/internal/command
LDFLAGS  := -X $(CMDPKG).Version=$(VERSION) -X $(CMDPKG).Commit=$(COMMIT) -X $(CMDPKG).Date=$(BUILD_DATE)
SUDO     := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PKGS := build-essential pkg-config libgtk-3-dev xvfb xauth x11-utils xdotool imagemagick \
            chromium poppler-utils qpdf sqlite3 fonts-dejavu-core curl ca-certificates dbus dbus-bin \
            libreoffice-calc-nogui python3-icalendar 7zip libarchive-tools
# The last line is what the export tests open the exports with: LibreOffice Calc (XLSX
# and CSV), Python's icalendar and email (ICS, .eml), 7-Zip and bsdtar (response
# packages); poppler-utils and qpdf check the PDFs. libreoffice-calc-nogui is large.
ART      := artifacts
# The minimum Go is the one go.mod names; README.md says the same.
GO_MIN   := $(shell sed -n 's/^go //p' go.mod)
# staticcheck 2026.2.2 (module version v0.8.2): it builds with Go 1.26 and checks this code cleanly.
STATICCHECK_VERSION := v0.8.2
GOBIN_DIR   := $(shell go env GOPATH 2>/dev/null)/bin
STATICCHECK := $(GOBIN_DIR)/staticcheck
# The tests run with the process time zone far from the practice's (America/Chicago), so
# a "today" taken from the computer's clock instead of the practice's fails on every run:
# Pacific/Kiritimati is UTC+14; `make test TEST_TZ=Pacific/Pago_Pago` runs at UTC-11.
TEST_TZ  ?= Pacific/Kiritimati

.PHONY: deps go-version system-deps npm-deps frontend build cli bench-startup bench-window deb test-deb windows test-windows dev run lint test test-go test-crash crash test-frontend test-window test-e2e test-e2e-pg test-pg bench bench-pg clean

## deps: install the missing system packages (apt, through sudo when not root) and npm packages
deps: system-deps npm-deps

## go-version: stop with a clear message when Go is missing or older than go.mod's version
go-version:
	@command -v go >/dev/null || { echo "Go $(GO_MIN) or newer is required: see README.md"; exit 1; }; \
	have=$$(cd / && GOTOOLCHAIN=local go env GOVERSION 2>/dev/null | sed 's/^go//'); \
	if [ -z "$$have" ] || [ "$$(printf '%s\n%s\n' "$(GO_MIN)" "$$have" | sort -V | head -n1)" != "$(GO_MIN)" ]; then \
	  echo "Go $(GO_MIN) or newer is required (go.mod); this machine has $$(go version 2>/dev/null || echo none): see README.md"; exit 1; fi

system-deps: go-version
	@missing=""; for p in $(APT_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if ! dpkg -s libwebkit2gtk-4.0-dev >/dev/null 2>&1 && ! dpkg -s libwebkit2gtk-4.1-dev >/dev/null 2>&1; then \
	  if apt-cache show libwebkit2gtk-4.0-dev >/dev/null 2>&1; then missing="$$missing libwebkit2gtk-4.0-dev"; \
	  else missing="$$missing libwebkit2gtk-4.1-dev"; fi; fi; \
	command -v node >/dev/null || missing="$$missing nodejs npm"; \
	if [ -n "$$missing" ]; then $(SUDO) apt-get update -qq; fi; \
	if [ -n "$$missing" ]; then echo "Installing:$$missing"; \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; fi

npm-deps:
	@if [ ! -d frontend/node_modules ] || [ frontend/package-lock.json -nt frontend/node_modules/.package-lock.json ]; then \
	  npm --prefix frontend ci --no-audit --no-fund; fi
	@# Some npm packages ship Go sources; a go.mod of their own keeps them out of ./...
	@[ -f frontend/node_modules/go.mod ] || printf 'module node_modules\n' > frontend/node_modules/go.mod

## frontend: build the UI into frontend/dist (embedded into the binary), when a source of
## it is newer than the last build (one build serves every suite of `make test`)
FRONTEND_SRC := $(shell find frontend/src frontend/public -type f 2>/dev/null) \
                $(wildcard frontend/index.html frontend/package.json frontend/package-lock.json \
                  frontend/tsconfig.json frontend/vite.config.ts frontend/postcss.config.cjs)
frontend: npm-deps frontend/dist/index.html
frontend/dist/index.html: $(FRONTEND_SRC)
	npm --prefix frontend run build
	@touch frontend/dist/.gitkeep frontend/dist/index.html

## build: the desktop binary build/bin/privacydesk and the command line without a window,
## build/bin/privacydesk-cli (no GTK or WebKit linked)
build: deps frontend
	CGO_ENABLED=1 go build -tags desktop,production$(WEBKIT_TAG) -ldflags "-w -s $(LDFLAGS)" -o $(BIN) ./app
	$(MAKE) --no-print-directory cli VERSION="$(VERSION)" COMMIT="$(COMMIT)" BUILD_DATE="$(BUILD_DATE)"

## cli: only build/bin/privacydesk-cli; it needs neither the UI nor the GTK headers
cli: go-version
	CGO_ENABLED=1 go build -ldflags "-w -s $(LDFLAGS)" -o $(CLIBIN) ./app/cmd/privacydesk-cli
	@if ldd $(CLIBIN) | grep -Ei 'gtk|webkit'; then echo "$(CLIBIN) links GTK or WebKit"; exit 1; fi

## dev: the dev binary that serves the UI and Go bindings to a browser (end-to-end tests)
dev: deps frontend
	CGO_ENABLED=1 go build -tags dev$(WEBKIT_TAG) -ldflags "$(LDFLAGS)" -o $(DEVBIN) ./app

## run: build and open the app on the default database in the user's data folder
run: build
	./$(BIN)

## lint: gofmt, go vet, staticcheck (installed into $(GOBIN_DIR) when missing) and ESLint
lint: go-version npm-deps
	@pass=0; fail=0; skipped=""; \
	step() { local name=$$1; shift; if "$$@"; then pass=$$((pass+1)); echo "lint: $$name ok"; \
	  else fail=$$((fail+1)); echo "lint: $$name FAILED"; fi; }; \
	gofmt_clean() { local files out; \
	  files=$$(git ls-files -co --exclude-standard '*.go' 2>/dev/null || find . -name '*.go' -not -path './frontend/node_modules/*'); \
	  out=$$(gofmt -l $$files); [ -z "$$out" ] || { echo "gofmt -l lists files to format (run gofmt -w):"; echo "$$out"; return 1; }; }; \
	step "gofmt -l" gofmt_clean; \
	step "go vet" go vet ./...; \
	if ! "$(STATICCHECK)" -version 2>/dev/null | grep -qF "($(STATICCHECK_VERSION:v%=%))"; then \
	  echo "Installing staticcheck $(STATICCHECK_VERSION) into $(GOBIN_DIR)"; \
	  GOBIN="$(GOBIN_DIR)" go install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) || true; fi; \
	if "$(STATICCHECK)" -version >/dev/null 2>&1; then step staticcheck "$(STATICCHECK)" ./...; \
	else skipped=" (staticcheck skipped: it could not be installed here)"; echo "lint: staticcheck skipped: go install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) failed"; fi; \
	step eslint npm --prefix frontend run --silent lint; \
	echo "lint: $$pass passed, $$fail failed$$skipped"; [ $$fail -eq 0 ]

## test: every test: lint, Go (the storage suite on SQLite and on PostgreSQL), front end, the real
## window under Xvfb, end to end in Chromium (and two desks on PostgreSQL)
test: deps frontend
	@mkdir -p $(ART)
	@fail=0; start=$$(date +%s); times=""; \
	suites="lint test-go test-pg test-crash test-frontend test-window test-e2e test-e2e-pg test-windows"; \
	if [ "$$CI" = true ]; then suites="$$suites test-deb"; fi; \
	for s in $$suites; do t=$$(date +%s); \
	  $(MAKE) --no-print-directory $$s VERSION="$(VERSION)" COMMIT="$(COMMIT)" BUILD_DATE="$(BUILD_DATE)" || fail=1; \
	  times="$$times $${s#test-}=$$(( $$(date +%s) - t ))s"; done; \
	echo "time per suite:$$times; in all $$(( ($$(date +%s) - start) / 60 )) min $$(( ($$(date +%s) - start) % 60 )) s"; \
	exit $$fail

test-go:
	@mkdir -p $(ART)
	@set -o pipefail; TZ=$(TEST_TZ) CGO_ENABLED=1 go test -count=1 -v ./... 2>&1 | tee $(ART)/go-test.log | grep -E '^(ok|FAIL|---|panic)' ; rc=$$?; \
	pass=$$(grep -c -- '^--- PASS' $(ART)/go-test.log); failn=$$(grep -c -- '^--- FAIL' $(ART)/go-test.log); \
	if grep -qE '^(FAIL|panic)' $(ART)/go-test.log; then rc=1; [ $$failn -gt 0 ] || failn=1; fi; \
	echo "go: $$pass passed, $$failn failed"; exit $$rc

## test-pg: the Go suites that open a database (storage, the services, the example data,
## sign-in, the window's bound services and the command line) against a private PostgreSQL
## cluster (.ci/pg-cluster.sh installs PostgreSQL when missing, starts it on a free port as
## an unprivileged user, removes it after); tests of what only a SQLite file has are
## skipped, with the reason. The slowest packages come first, so the two run side by side.
PG_PKGS := ./app/internal/command/ ./backend/storage/ ./backend/dbchoice/ ./backend/reporting/ ./app/ ./backend/correspondence/ ./backend/intake/ ./backend/casework/ ./backend/backup/ ./backend/accounts/ ./backend/demo/ ./backend/signin/
test-pg: go-version
	@mkdir -p $(ART)
	@TZ=$(TEST_TZ) CGO_ENABLED=1 bash .ci/pg-cluster.sh go test -count=1 -v $(PG_PKGS) 2>&1 | tee $(ART)/go-test-pg.log | grep -E '^(pg-cluster|ok|FAIL|--- FAIL|panic)'; rc=$${PIPESTATUS[0]}; \
	log=$(ART)/go-test-pg.log; echo "go on PostgreSQL: $$(grep -c -- '^--- PASS' $$log) passed, $$(grep -c -- '^--- FAIL' $$log) failed, $$(grep -c -- '^--- SKIP' $$log) skipped (SQLite only)"; \
	exit $$rc

## test-crash: the crash harness with CRASH_N=20 kills (about 20 s), as `make test` runs it
CRASH_N ?= 20
test-crash: cli
	TZ=$(TEST_TZ) CRASH_N=$(CRASH_N) CRASH_CLI=$(abspath $(CLIBIN)) CGO_ENABLED=1 go test -count=1 -timeout 30m -run TestCrashWritePaths -v ./app/internal/crash

## crash: kill privacydesk-cli's write paths (request add, import, demo, backup, restore)
## with SIGKILL 200 times (CRASH_N=...; CRASH_SEED=... repeats a run), checking the
## integrity check, audit verify and every acknowledged write after each; then two
## writer loops and a reader opening one database 2,000 times each
crash:
	$(MAKE) --no-print-directory test-crash CRASH_N=$(if $(filter command line environment,$(origin CRASH_N)),$(CRASH_N),200)
	TZ=$(TEST_TZ) PRIVACYDESK_CONCURRENCY_ROUNDS=2000 CGO_ENABLED=1 go test -count=1 -timeout 30m -run TestOpenWhileOthersWriteIsNeverDamaged -v ./backend/storage

test-frontend: npm-deps
	TEST_TZ=$(TEST_TZ) npm --prefix frontend test

test-window: build
	TZ=$(TEST_TZ) bash .ci/window.sh $(BIN)

## E2E_JOBS: how many end-to-end tests run at once (frontend/e2e/run.mjs)
E2E_JOBS ?= 1
test-e2e: dev
	TZ=$(TEST_TZ) E2E_JOBS=$(E2E_JOBS) E2E_BIN=$(abspath $(DEVBIN)) node frontend/e2e/run.mjs

## test-e2e-pg: two desks (two app processes) on one PostgreSQL database, beside a private
## cluster (.ci/pg-cluster.sh): a stale edit is refused with the other change, an attachment
## is shared, both log requests at once (unique, gap-free, one audit chain), and the server
## is chosen under Settings > Database (frontend/e2e/desks.e2e.mjs; test-e2e leaves it out)
test-e2e-pg: dev
	TZ=$(TEST_TZ) E2E_JOBS=1 E2E_BIN=$(abspath $(DEVBIN)) bash .ci/pg-cluster.sh node frontend/e2e/run.mjs "two desks"

## bench: benchmarks, each printing its ratio against a floor measured in the same run;
## first `privacydesk-cli version`'s start time against a Go hello-world, then the window's
## binary size, first paint and memory against a blank Wails app; ends with the
## table of every ratio and its goal (OVER where missed). BENCH_SIZES sets the list's sizes
## (add 300000 for the full run: make bench BENCH_SIZES=10000,100000,300000).
BENCH_SIZES ?= 10000,100000
bench: deps
	@mkdir -p $(ART)
	$(MAKE) --no-print-directory bench-startup | tee $(ART)/bench-startup.log
	$(MAKE) --no-print-directory bench-window | tee $(ART)/bench-window.log
	BENCH_SIZES=$(BENCH_SIZES) CGO_ENABLED=1 go test -run '^$$' -bench . -benchtime 3x -timeout 60m ./backend/... | tee $(ART)/bench.log | grep -E 'Benchmark|ratio|ok'
	$(MAKE) --no-print-directory bench-pg
	@bash .ci/bench-table.sh $(ART)/bench-startup.log $(ART)/bench-window.log $(ART)/bench.log $$(ls $(ART)/bench-pg.log 2>/dev/null) | tee $(ART)/bench-table.txt

## bench-pg: the list, search, dashboard and export ratios on PostgreSQL, against a private
## cluster (.ci/pg-cluster.sh) with small sizes (BENCH_PG_SIZES requests for the list and
## the dashboard, BENCH_PG_EXPORT for the export); skipped, with a line saying so, where
## PostgreSQL is neither installed nor installable with apt-get
BENCH_PG_SIZES ?= 2000,10000
BENCH_PG_EXPORT ?= 20000
bench-pg: go-version
	@mkdir -p $(ART)
	@if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v apt-get >/dev/null; then \
	  BENCH_PG_SIZES=$(BENCH_PG_SIZES) BENCH_PG_EXPORT=$(BENCH_PG_EXPORT) CGO_ENABLED=1 bash .ci/pg-cluster.sh \
	    go test -run '^$$' -bench Postgres -benchtime 1x -timeout 30m ./backend/storage/ ./backend/reporting/ | tee $(ART)/bench-pg.log | grep -E 'pg-cluster|ratio|ok|FAIL'; \
	else echo "bench-pg: PostgreSQL is not installed and cannot be installed here (no apt-get): skipped"; rm -f $(ART)/bench-pg.log; fi

## bench-startup: `privacydesk-cli version` start time against a Go hello-world (goal <= 3x)
bench-startup: cli
	bash .ci/startup.sh $(CLIBIN)

## bench-window: build/bin/privacydesk against a blank Wails app built here with go.mod's
## Wails version and the same tags and flags: binary size (goal <= 2.5x), first paint under
## Xvfb and RSS after it (goals <= 1.5x; WINDOW_ROUNDS=3 interleaved rounds). About 1 minute.
bench-window: build
	bash .ci/blank-wails.sh $(BIN) desktop,production$(WEBKIT_TAG)

## deb: build/bin/privacydesk_VERSION_ARCH.deb (both binaries, desktop entry, icons,
## copyright, changelog; dependencies from dpkg-shlibdeps)
DEB_MAINTAINER ?= Privacy Desk developers <maintainers@privacydesk.invalid>
DEB := build/bin/privacydesk_$(VERSION)_$(shell dpkg --print-architecture 2>/dev/null).deb
deb: build
	bash build/linux/deb.sh "$(VERSION)" "$(DEB_MAINTAINER)"

## test-deb: the version scheme, then the package: installed with apt-get, its files,
## privacydesk-cli version, and the window test against /usr/bin/privacydesk; removed after
test-deb: deb
	@bash .ci/version-test.sh
	TZ=$(TEST_TZ) bash .ci/deb-test.sh "$(DEB)" "$(VERSION)"

clean:
	rm -rf build/bin $(ART) frontend/dist/assets frontend/dist/index.html


## wails: the standard Wails v2.9.2 command-line tool (wails build, wails dev, wails doctor),
## built from build/wails-cli because `go install` of it fails on Go 1.26. Run it from app/.
WAILS := $(shell go env GOPATH)/bin/wails
.PHONY: wails
wails: $(WAILS)
$(WAILS): build/wails-cli/go.mod build/wails-cli/go.sum
	cd build/wails-cli && CGO_ENABLED=1 go build -o $(WAILS) github.com/wailsapp/wails/v2/cmd/wails
	@$(WAILS) version | head -1

WIN_VERSION := $(shell sed -n 's/.*"productVersion": *"\([^"]*\)".*/\1/p' wails.json)
## windows: cross-compiled with mingw-w64 (installed with nsis when missing):
## build/bin/privacydesk.exe (GUI, icon, version resource, DPI-aware manifest, through
## wails build), privacydesk-cli.exe (console) and the per-user NSIS installer
## build/bin/privacydesk-amd64-installer.exe (the WebView2 bootstrapper inside). wails
## build runs with -m: its `go mod tidy` refuses go.mod's replacement of go-sqlite3 by
## go-sqlcipher (a module used under two paths), which go build itself accepts.
MINGW_CC := x86_64-w64-mingw32-gcc
WINENV   := GOOS=windows GOARCH=amd64 CGO_ENABLED=1 CC=$(MINGW_CC)
windows: frontend $(WAILS)
	@command -v $(MINGW_CC) >/dev/null && command -v makensis >/dev/null || { $(SUDO) apt-get update -qq; \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends gcc-mingw-w64-x86-64 nsis; }
	$(WINENV) go build -ldflags "-w -s $(LDFLAGS)" -o build/bin/privacydesk-cli.exe ./app/cmd/privacydesk-cli
	cd app && CGO_ENABLED=1 CC=$(MINGW_CC) $(WAILS) build -platform windows/amd64 -nsis -nosyncgomod -m -skipbindings -s -nocolour \
	  -trimpath -ldflags "$(LDFLAGS)" -o privacydesk.exe
	@ls -l build/bin/privacydesk.exe build/bin/privacydesk-cli.exe build/bin/privacydesk-amd64-installer.exe

## test-windows: the PE headers and resources of the Windows build: GUI and console
## subsystems, icon, version resource, DPI-aware manifest, a per-user installer holding
## both programs. About 90 s on a warm cache (the first build, cold, about 5 minutes).
# Where Wine is installed, it also runs privacydesk-cli.exe version and deadlines. It
# does not install Wine: Debian 12's wine64 (8.0) is about 100 MB to download and 675 MB
# installed with --no-install-recommends (libwine alone 667 MB), over twice what the rest
# of this target needs, and its first start builds a Wine prefix, which takes long.
test-windows: windows
	bash .ci/windows-test.sh "$(WIN_VERSION)"

## darwin-vet: what can be checked for macOS without a Mac. The sqlite driver and the
## Wails window are cgo (Cocoa), so they need a Mac's compiler: `wails build -platform
## darwin/universal` on a Mac (README.md). Here: every package that does not link the
## sqlite driver, and the macOS menu file (app/menu_darwin.go) in a scratch package.
.PHONY: darwin-vet
darwin-vet: go-version
	GOOS=darwin GOARCH=arm64 CGO_ENABLED=0 go vet $$(GOOS=darwin CGO_ENABLED=0 go list -f '{{.ImportPath}} {{join .Deps " "}}' \
	  ./backend/... ./app/internal/... | awk '!/mattn\/go-sqlite3/{print $$1}')
	@d=$$(mktemp -d tools/.darwin-menu-XXXX); trap 'rm -rf "$$d"' EXIT; cp app/menu_darwin.go "$$d/"; \
	printf 'package main\n\nfunc main() { _, _ = platformMenus(), quitInFileMenu }\n' > "$$d/main.go"; \
	GOOS=darwin GOARCH=arm64 CGO_ENABLED=0 go vet "./$$d" && echo "darwin-vet: app/menu_darwin.go ok"
