//go:build tools

package main

import (
	_ "filippo.io/age"
	_ "github.com/arran4/golang-ical"
	_ "github.com/emersion/go-message"
	_ "github.com/go-pdf/fpdf"
	_ "github.com/rickar/cal/v2"
	_ "github.com/wailsapp/wails/v2"
	_ "github.com/xuri/excelize/v2"
	_ "golang.org/x/image/font/gofont/goregular"
	_ "gopkg.in/natefinch/lumberjack.v2"
	_ "gorm.io/driver/sqlite"
	_ "gorm.io/gorm"
)
