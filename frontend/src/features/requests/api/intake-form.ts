// The intake form's values and rules: the same as backend.RequestInput.Validate, with the
// same field paths ("requester.email", "agent.name", "receivedDate", "rights"), so a
// message from either side lands on the same input.
import { z } from 'zod';
import { dateProblem, emailProblem, phoneProblem, text } from '@/lib/validate';
import { grantedRights } from '@/lib/labels';
import type { RequestInput } from './schemas';

export type IntakeForm = RequestInput;

const custom = (check: (s: string) => string | null) =>
  z.string().superRefine((s, ctx) => {
    const p = check(s);
    if (p) ctx.addIssue({ code: 'custom', message: p });
  });

/** intakeSchema needs today's date in the practice's time zone for the "future" checks. */
export function intakeSchema(today: string) {
  return z
    .object({
      requester: z.object({
        name: text(200, true),
        email: custom(emailProblem),
        phone: custom(phoneProblem),
        address: text(1000),
        dateOfBirth: custom((s) => {
          if (!s) return null;
          const p = dateProblem(s);
          if (p) return p;
          if (s < '1900-01-01') return `${s} is before 1900.`;
          if (s > today) return `${s} is in the future.`;
          return null;
        }),
        clientNumber: text(100),
        country: z.string(),
        nameOnLetters: text(200),
      }),
      submittedBy: z.string(),
      agent: z.object({ name: z.string(), email: z.string(), phone: z.string(), relationship: z.string() }),
      proofOfAuthority: z.boolean(),
      requesterConfirmed: z.boolean(),
      channel: z.string().min(1, 'Choose how the request was received.'),
      receivedDate: custom((s) => {
        if (!s) return 'Enter a date.';
        const p = dateProblem(s);
        if (p) return p;
        if (s < '2000-01-01') return `${s} is before 2000-01-01; check the year.`;
        if (s > today) return `${s} is in the future (today is ${today}).`;
        return null;
      }),
      receivedTime: custom((s) => (s === '' || /^([01][0-9]|2[0-3]):[0-5][0-9]$/.test(s) ? null : `"${s}" is not a time (expected HH:MM, 24-hour).`)),
      regime: z.string().min(1, 'Choose the law the request is made under.'),
      rights: z.array(z.string()).min(1, 'Choose at least one right.'),
      description: text(20_000),
      requesterWords: text(20_000),
      minor: z.boolean(),
      guardianConsent: z.string(),
      assignee: text(200),
      tags: z.array(z.string()).max(20, 'At most 20 tags.'),
      notes: text(100_000),
      appealOf: z.string(),
    })
    .superRefine((v, ctx) => {
      const p = v.requester;
      if (!p.email.trim() && !p.phone.trim() && !p.address.trim()) {
        ctx.addIssue({
          code: 'custom',
          path: ['requester', 'email'],
          message: 'Enter an email address, phone number or postal address so the practice can respond.',
        });
      }
      if (v.submittedBy !== 'self') {
        if (!v.agent.name.trim()) ctx.addIssue({ code: 'custom', path: ['agent', 'name'], message: 'This field is required.' });
        const e = emailProblem(v.agent.email);
        if (e) ctx.addIssue({ code: 'custom', path: ['agent', 'email'], message: e });
        const ph = phoneProblem(v.agent.phone);
        if (ph) ctx.addIssue({ code: 'custom', path: ['agent', 'phone'], message: ph });
      }
      if (p.country && v.regime !== 'gdpr') {
        ctx.addIssue({ code: 'custom', path: ['requester', 'country'], message: "Only a GDPR request takes the requester's country." });
      }
      const granted = grantedRights[v.regime] ?? [];
      const bad = v.rights.find((r) => !granted.includes(r));
      if (v.regime && bad) {
        ctx.addIssue({ code: 'custom', path: ['rights'], message: `The chosen law does not grant the right "${bad}".` });
      }
      const ref = v.appealOf.trim();
      if (ref && !v.rights.includes('appeal')) {
        ctx.addIssue({ code: 'custom', path: ['appealOf'], message: 'Only an appeal names the request whose denial it appeals: choose the right "Appeal of a denied request", or leave this empty.' });
      } else if (ref && !/^PR-[0-9]{4}-[0-9]{4,}$/i.test(ref)) {
        ctx.addIssue({ code: 'custom', path: ['appealOf'], message: `"${ref}" is not a request reference such as PR-2026-0001.` });
      }
      // The practice's policy treats under-18s differently: keep the flag consistent.
      if (p.dateOfBirth && !dateProblem(p.dateOfBirth) && v.receivedDate && !dateProblem(v.receivedDate)) {
        const [y, m, d] = p.dateOfBirth.split('-');
        const eighteenth = `${String(Number(y) + 18).padStart(4, '0')}-${m}-${d}`;
        const under18 = v.receivedDate < eighteenth;
        if (under18 && !v.minor) {
          ctx.addIssue({ code: 'custom', path: ['minor'], message: "The date of birth makes the requester under 18 on the received date: mark the request as a minor's." });
        } else if (!under18 && v.minor) {
          ctx.addIssue({ code: 'custom', path: ['minor'], message: 'The date of birth makes the requester 18 or older on the received date.' });
        }
      }
    });
}

export const intakeFields = ['requester', 'submittedBy', 'agent', 'proofOfAuthority', 'requesterConfirmed', 'channel', 'receivedDate', 'receivedTime', 'regime', 'rights', 'description', 'requesterWords', 'minor', 'guardianConsent', 'assignee', 'tags', 'notes', 'appealOf'];

export function emptyIntake(today: string, now: string, assignee: string): IntakeForm {
  return {
    requester: { name: '', email: '', phone: '', address: '', dateOfBirth: '', clientNumber: '', country: '', nameOnLetters: '' },
    submittedBy: 'self',
    agent: { name: '', email: '', phone: '', relationship: '', address: '' },
    proofOfAuthority: false,
    requesterConfirmed: false,
    channel: 'email',
    receivedDate: today,
    receivedTime: now,
    regime: '',
    rights: [],
    description: '',
    requesterWords: '',
    minor: false,
    guardianConsent: 'not-applicable',
    assignee,
    tags: [],
    notes: '',
    appealOf: '',
  };
}
