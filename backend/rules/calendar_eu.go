package rules

import (
	"time"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/aa"
)

// Public holidays of the seven EU member states github.com/rickar/cal/v2 has no package
// for, defined the way the library defines its countries: fixed days with
// cal.CalcDayOfMonth, Easter-based days with cal.CalcEasterOffset (Julian for the
// Orthodox Easter of Cyprus), Saturdays in a window with cal.CalcWeekdayFrom. None of
// these countries moves a holiday that falls on a weekend to a weekday, so none has an
// Observed rule. Days that are customary or bank-only rather than public holidays are
// typed cal.ObservanceOther, which publicOnly leaves out: a doubtful day is not counted,
// which errs toward the earlier deadline.

func fixed(name string, m time.Month, d int) *cal.Holiday {
	return &cal.Holiday{Name: name, Type: cal.ObservancePublic, Month: m, Day: d, Func: cal.CalcDayOfMonth}
}

func easter(name string, offset int, julian bool) *cal.Holiday {
	return &cal.Holiday{Name: name, Type: cal.ObservancePublic, Offset: offset, Julian: julian, Func: cal.CalcEasterOffset}
}

// saturdayFrom is the first Saturday on or after m/d (Finland's Midsummer and All Saints).
func saturdayFrom(name string, m time.Month, d int) *cal.Holiday {
	return &cal.Holiday{Name: name, Type: cal.ObservancePublic, Month: m, Day: d, Weekday: time.Saturday, Offset: 1, Func: cal.CalcWeekdayFrom}
}

func other(h *cal.Holiday) *cal.Holiday { h.Type = cal.ObservanceOther; return h }

var (
	// Cyprus: the public holidays of the Republic, Orthodox Easter for the moveable ones.
	// Orthodox Easter Tuesday is a bank holiday only; Christmas Eve appears in some
	// published lists and not in others, so neither is counted.
	cyHolidays = []*cal.Holiday{
		fixed("Πρωτοχρονιά", time.January, 1),
		fixed("Θεοφάνεια", time.January, 6),
		easter("Καθαρά Δευτέρα", -48, true),
		fixed("Ελληνική Εθνική Επέτειος (25 Μαρτίου)", time.March, 25),
		fixed("Εθνική Επέτειος (1 Απριλίου)", time.April, 1),
		easter("Μεγάλη Παρασκευή", -2, true),
		easter("Κυριακή του Πάσχα", 0, true),
		easter("Δευτέρα του Πάσχα", 1, true),
		other(easter("Τρίτη του Πάσχα", 2, true)),
		fixed("Πρωτομαγιά", time.May, 1),
		easter("Κατακλυσμός", 50, true),
		fixed("Κοίμηση της Θεοτόκου", time.August, 15),
		fixed("Ημέρα της Κυπριακής Ανεξαρτησίας", time.October, 1),
		fixed("Ημέρα του Όχι", time.October, 28),
		other(fixed("Παραμονή Χριστουγέννων", time.December, 24)),
		fixed("Χριστούγεννα", time.December, 25),
		fixed("Δεύτερη μέρα των Χριστουγέννων", time.December, 26),
	}

	// Estonia: Public Holidays and Days of National Importance Act, § 2.
	eeHolidays = []*cal.Holiday{
		fixed("uusaasta", time.January, 1),
		fixed("iseseisvuspäev", time.February, 24),
		easter("suur reede", -2, false),
		easter("ülestõusmispühade 1. püha", 0, false),
		fixed("kevadpüha", time.May, 1),
		easter("nelipühade 1. püha", 49, false),
		fixed("võidupüha", time.June, 23),
		fixed("jaanipäev", time.June, 24),
		fixed("taasiseseisvumispäev", time.August, 20),
		fixed("jõululaupäev", time.December, 24),
		fixed("esimene jõulupüha", time.December, 25),
		fixed("teine jõulupüha", time.December, 26),
	}

	// Finland: the church holidays and the statutory days off. Midsummer Eve and
	// Christmas Eve are customary days off, not public holidays (as Sweden's in the
	// library).
	fiHolidays = []*cal.Holiday{
		fixed("Uudenvuodenpäivä", time.January, 1),
		fixed("Loppiainen", time.January, 6),
		easter("Pitkäperjantai", -2, false),
		easter("Pääsiäispäivä", 0, false),
		easter("2. pääsiäispäivä", 1, false),
		aa.WorkersDay.Clone(&cal.Holiday{Name: "Vappu", Type: cal.ObservancePublic}),
		easter("Helatorstai", 39, false),
		easter("Helluntaipäivä", 49, false),
		other(&cal.Holiday{Name: "Juhannusaatto", Month: time.June, Day: 19, Weekday: time.Friday, Offset: 1, Func: cal.CalcWeekdayFrom}),
		saturdayFrom("Juhannuspäivä", time.June, 20),
		saturdayFrom("Pyhäinpäivä", time.October, 31),
		fixed("Itsenäisyyspäivä", time.December, 6),
		other(fixed("Jouluaatto", time.December, 24)),
		fixed("Joulupäivä", time.December, 25),
		fixed("Tapaninpäivä", time.December, 26),
	}

	// Hungary: Labour Code (Act I of 2012) s. 102(1), Good Friday included since 2017.
	// Bridging days moved by yearly decree are not public holidays and are not here.
	huHolidays = []*cal.Holiday{
		fixed("Újév", time.January, 1),
		fixed("Nemzeti ünnep (március 15.)", time.March, 15),
		easter("Nagypéntek", -2, false),
		easter("Húsvétvasárnap", 0, false),
		easter("Húsvéthétfő", 1, false),
		fixed("A munka ünnepe", time.May, 1),
		easter("Pünkösdvasárnap", 49, false),
		easter("Pünkösdhétfő", 50, false),
		fixed("Az államalapítás ünnepe", time.August, 20),
		fixed("Nemzeti ünnep (október 23.)", time.October, 23),
		fixed("Mindenszentek", time.November, 1),
		fixed("Karácsony", time.December, 25),
		fixed("Karácsony másnapja", time.December, 26),
	}

	// Luxembourg: the legal public holidays, Europe Day (9 May) included since 2019. A
	// holiday on a Sunday gives employees a compensatory day off, not a fixed substitute
	// day, so nothing moves.
	luHolidays = []*cal.Holiday{
		fixed("Neijoerschdag", time.January, 1),
		easter("Ouschterméindeg", 1, false),
		fixed("Dag vun der Aarbecht", time.May, 1),
		{Name: "Europadag", Type: cal.ObservancePublic, Month: time.May, Day: 9, Func: cal.CalcDayOfMonth, StartYear: 2019},
		easter("Christi Himmelfaart", 39, false),
		easter("Péngschtméindeg", 50, false),
		fixed("Nationalfeierdag", time.June, 23),
		fixed("Léiffrawëschdag", time.August, 15),
		fixed("Allerhellgen", time.November, 1),
		fixed("Chrëschtdag", time.December, 25),
		fixed("Stiefesdag", time.December, 26),
	}

	// Malta: the national and public holidays (Public Holidays and Other Holidays Act,
	// Cap. 252). Since 2021 a holiday on a weekend adds a day of leave, not a substitute day.
	mtHolidays = []*cal.Holiday{
		fixed("L-Ewwel tas-Sena", time.January, 1),
		fixed("In-Nawfraġju ta' San Pawl", time.February, 10),
		fixed("San Ġużepp", time.March, 19),
		fixed("Jum il-Ħelsien", time.March, 31),
		easter("Il-Ġimgħa l-Kbira", -2, false),
		fixed("Jum il-Ħaddiem", time.May, 1),
		fixed("Sette Giugno", time.June, 7),
		fixed("L-Imnarja", time.June, 29),
		fixed("Santa Marija", time.August, 15),
		fixed("Jum il-Vitorja", time.September, 8),
		fixed("Jum l-Indipendenza", time.September, 21),
		fixed("Il-Kunċizzjoni", time.December, 8),
		fixed("Jum ir-Repubblika", time.December, 13),
		fixed("Il-Milied", time.December, 25),
	}

	// Portugal: Labour Code art. 234(1), with Corpus Christi, 5 October, 1 November and
	// 1 December restored from 2016. Carnival is optional, so not here.
	ptHolidays = []*cal.Holiday{
		fixed("Ano Novo", time.January, 1),
		easter("Sexta-feira Santa", -2, false),
		easter("Domingo de Páscoa", 0, false),
		fixed("Dia da Liberdade", time.April, 25),
		fixed("Dia do Trabalhador", time.May, 1),
		easter("Corpo de Deus", 60, false),
		fixed("Dia de Portugal", time.June, 10),
		fixed("Assunção de Nossa Senhora", time.August, 15),
		fixed("Implantação da República", time.October, 5),
		fixed("Dia de Todos os Santos", time.November, 1),
		fixed("Restauração da Independência", time.December, 1),
		fixed("Imaculada Conceição", time.December, 8),
		fixed("Natal", time.December, 25),
	}
)
