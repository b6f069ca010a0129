// Package letters makes the PDF letters of a privacy request: responses to the requester
// and directions to vendors, from built-in or edited templates.
//
// A Kind names a letter (acknowledgment, denial, vendor-direction, ...) and CheckFit says
// whether it fits a request. A Template is plain text with headings, paragraphs, lists,
// merge fields such as {{requester.name}} and a few block directives (conditional text,
// the data map table, lists of vendors); ParseTemplate refuses an unknown field before a
// template is saved. Render merges Data into a template and lays the letter out with
// fpdf: letterhead with logo, the recipient placed for a window envelope (US No. 10 on
// Letter paper, DIN 5008 on A4), the reference line, the body, tables that wrap, break
// across pages and repeat their header, the signature block and "Page X of Y".
//
// Fonts are embedded (DejaVu Sans; Droid Sans Fallback for Chinese and Japanese; subsets
// of Noto Sans Arabic, Hebrew and Devanagari and of NanumSquare for Korean). Arabic,
// Hebrew and Devanagari are shaped (joined letters, conjuncts) and drawn right to left
// where they are written so (shape.go). Text no embedded font draws correctly is refused
// with a message naming the field in plain words, so a letter never shows boxes or
// question marks. A Typesetter sets text the same way on other PDFs (the reports, the
// filed sheets), which cannot refuse a name and print U+FFFD for a character no font
// draws.
//
// The package reads no database: callers build Data from stored requests.
package letters
