package main

import "context"

// service is a struct bound to the front end. Each area has one, started from OnStartup
// with the Wails context (dialogs, events) and its shared backend.
type service interface {
	startup(ctx context.Context, d *desk)
}

// boundServices lists every bound struct; the front end calls them as
// window.go.main.<Struct>.<Method>. Each area adds its own here.
func boundServices(d *desk) []service {
	return []service{
		&AppService{},
		&SessionService{},
		&AccountService{},
		&SettingsService{},
		&RequestService{},
		&DashboardService{},
		&VendorService{},
		&ExportService{},
		&LetterService{},
		&DisclosureService{},
	}
}
