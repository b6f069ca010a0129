package mailimport

import "testing"

func TestRequesterWords(t *testing.T) {
	for _, c := range []struct{ name, body, want string }{
		{"a last line with the sender's first name",
			"Hello,\r\n\r\nI no longer consent to reminders by text.\r\nPlease stop.\r\n\r\nZoë\r\n",
			"I no longer consent to reminders by text.\nPlease stop."},
		{"greeting, closing and name",
			"Hi,\n\nPlease send me a copy of everything you hold about me.\n\nThanks,\nAnn Lee\n",
			"Please send me a copy of everything you hold about me."},
		{"dear with a name, sincerely, title and phone",
			"Dear Privacy Officer,\r\n\r\nI want my records deleted.\r\nI moved away last year.\r\n\r\nSincerely,\r\nBob Stone\r\nAccountant\r\n555-0100\r\n",
			"I want my records deleted.\nI moved away last year."},
		{"signature delimiter",
			"Delete my data please.\n-- \nCarla Ruiz\nhttps://example.org\n",
			"Delete my data please."},
		{"quoted reply with On ... wrote",
			"Hello Dr. Smith,\nYes, I confirm: delete it.\n\nOn Mon, 2 Mar 2026 at 10:00, Clinic <office@clinic.example> wrote:\n> Please confirm that you want us to delete\n> your information.\n",
			"Yes, I confirm: delete it."},
		{"inline quoted lines dropped",
			"> Which records?\nAll of them from 2024.\n",
			"All of them from 2024."},
		{"outlook original message",
			"WITHDRAW CONSENT for marketing emails.\n\n-----Original Message-----\nFrom: Clinic\nSent: Monday\n",
			"WITHDRAW CONSENT for marketing emails."},
		{"best and sent from phone",
			"Good morning,\n\nCould you correct my address to 12 Elm St?\n\nBest,\nDee\n\nSent from my iPhone\n",
			"Could you correct my address to 12 Elm St?"},
		{"a sentence starting with thanks stays",
			"Thanks for your letter. I still want access to my file, including the billing notes.\n",
			"Thanks for your letter. I still want access to my file, including the billing notes."},
		{"a greeting that is a sentence stays",
			"Hello. I am writing to ask for my data.\n",
			"Hello. I am writing to ask for my data."},
		{"closing followed by a long line is not a signature",
			"I want a copy.\nRegards,\nThis line is long enough that it cannot possibly be a person's name or title in a signature.\n",
			"I want a copy.\nRegards,\nThis line is long enough that it cannot possibly be a person's name or title in a signature."},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := RequesterWords(c.body, "Zoë O'Brien-Núñez"); got != c.want {
				t.Errorf("RequesterWords(%q)\n got %q\nwant %q", c.body, got, c.want)
			}
		})
	}
}

func FuzzRequesterWords(f *testing.F) {
	f.Add("Hi,\nDelete me.\nThanks,\nA")
	f.Fuzz(func(t *testing.T, body string) {
		got := RequesterWords(body, "Ann Lee")
		if len(got) > len(body)+1 {
			t.Fatalf("words %q longer than body %q", got, body)
		}
	})
}
