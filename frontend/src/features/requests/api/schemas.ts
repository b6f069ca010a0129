// Shapes of the request domain as the Go backend sends them (backend/request*.go,
// backend/workflow.go). Go's nil slices arrive as null: orEmpty turns them into [].
import { z } from 'zod';
import { orEmpty } from '@/lib/ipc';

const date = z.string().nullable(); // backend.Date: "YYYY-MM-DD" or null
const list = <T extends z.ZodType>(item: T) => orEmpty(z.array(item), []);

export const personSchema = z.object({
  name: z.string(),
  email: z.string(),
  phone: z.string(),
  address: z.string(),
  dateOfBirth: z.string(),
  clientNumber: z.string(),
  // For a GDPR request, the requester's EU country whose public holidays move the due
  // date; '' when none was chosen (weekends only) and for every other law.
  country: z.string().default(''),
  // The name letters print when the requester prefers another spelling; '' prints name.
  nameOnLetters: z.string().default(''),
});

export const agentSchema = z.object({
  name: z.string(),
  email: z.string(),
  phone: z.string(),
  relationship: z.string(),
  address: z.string(),
});

export const requestRightSchema = z.object({
  right: z.string(),
  outcome: z.string(),
  denialReason: z.string(),
  exemption: z.string(),
  denialText: z.string(),
  outcomeAt: z.string().nullable(),
  outcomeBy: z.string(),
  acknowledgeBy: date,
  respondBy: date,
  promisedBy: date,
  extendedRespondBy: date,
  extendedTo: date,
  // The day this right's period was extended (each right's once); null when not, and on a
  // right extended before the day was kept per right (the request's extension has it).
  extendedOn: date.optional().transform((v) => v ?? null),
  ruleVersion: z.number(),
  citation: z.string(),
  basis: z.string(),
  canPause: z.boolean(),
  // The earlier date of a stricter state patient-access law, stored with the dates; it
  // governs the due date (backend RequestRight.StateDue).
  stateDue: date.optional().transform((v) => v ?? null),
  stateCitation: z.string().optional().transform((v) => v ?? ''),
  // A HIPAA access right of a practice whose state has its own, possibly stricter,
  // patient-access clocks (45 CFR 160.203(b)); null otherwise.
  stateClock: z
    .object({
      state: z.string(),
      stateName: z.string(),
      hipaaDue: date,
      governs: date,
      why: z.string(),
      citation: z.string(),
      clocks: list(z.object({ what: z.string(), due: date, how: z.string(), citation: z.string() })),
    })
    .nullable()
    .optional()
    .transform((v) => v ?? null),
});
export type RequestRight = z.infer<typeof requestRightSchema>;

export const verificationSchema = z.object({
  id: z.number(),
  method: z.string(),
  verifiedBy: z.string(),
  verifiedOn: date,
  degree: z.string(),
  notes: z.string(),
  permissionAttachmentId: z.number(),
  requesterConfirmed: z.boolean(),
  recordedAt: z.string(),
  recordedBy: z.string(),
});
export type Verification = z.infer<typeof verificationSchema>;

export const deletionConfirmationSchema = z.object({
  confirmedOn: date,
  channel: z.string(),
  note: z.string(),
  recordedAt: z.string(),
  recordedBy: z.string(),
});

export const extensionSchema = z.object({
  reason: z.string(),
  newDate: date,
  extendedOn: date,
  recordedBy: z.string(),
  recordedAt: z.string(),
});

export const pauseSchema = z.object({
  id: z.number(),
  kind: z.string(),
  startedOn: date,
  endedOn: date,
  reason: z.string(),
});

/** clockStopSchema: the pause still running (backend.ClockStop), null when the clock runs. */
export const clockStopSchema = z.object({
  since: date,
  kind: z.string(),
  label: z.string(),
});

export const requestSchema = z.object({
  id: z.number(),
  reference: z.string(),
  requester: personSchema,
  submittedBy: z.string(),
  agent: agentSchema,
  proofOfAuthority: z.boolean(),
  requesterConfirmed: z.boolean(),
  channel: z.string(),
  receivedAt: z.string(),
  receivedDate: date,
  regime: z.string(),
  rights: list(requestRightSchema),
  description: z.string(),
  requesterWords: z.string(),
  responseSent: z.boolean().optional(),
  noLetterReason: z.string().optional(),
  minor: z.boolean(),
  guardianConsent: z.string(),
  assignee: z.string(),
  tags: list(z.string()),
  notes: z.string(),
  /** On an appeal, the reference of the request whose denial it appeals; '' when none. */
  appealOf: z.string().optional().transform((v) => v ?? ''),
  status: z.string(),
  verification: verificationSchema.nullable(),
  deletionConfirmation: deletionConfirmationSchema.nullable(),
  extension: extensionSchema.nullable(),
  pauses: list(pauseSchema),
  nextDue: date,
  clockStopped: clockStopSchema.nullish(),
  openVendorTasks: z.number(),
  closedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Request = z.infer<typeof requestSchema>;

export const requestPageSchema = z.object({
  items: list(requestSchema),
  /** Counted for the first page; -1 on the pages after it. */
  total: z.number(),
  /** The `after` of the next page; empty on the last. */
  next: z.string(),
});
export type RequestPage = z.infer<typeof requestPageSchema>;

export const duplicateSchema = z.object({
  reference: z.string(),
  name: z.string(),
  email: z.string(),
  dateOfBirth: z.string(),
  status: z.string(),
  receivedDate: date,
  regime: z.string(),
  rights: list(z.string()),
  match: z.string(),
});
export type Duplicate = z.infer<typeof duplicateSchema>;

export const requestEventSchema = z.object({
  id: z.number(),
  at: z.string(),
  osUser: z.string(),
  staff: z.string(),
  kind: z.string(),
  action: z.string(),
  fromStatus: z.string(),
  toStatus: z.string(),
  summary: z.string(),
  note: z.string(),
});
export type RequestEvent = z.infer<typeof requestEventSchema>;

export const attachmentSchema = z.object({
  id: z.number(),
  ownerType: z.string(),
  ownerId: z.number(),
  kind: z.string(),
  originalName: z.string(),
  mimeType: z.string(),
  size: z.number(),
  sha256: z.string(),
  addedAt: z.string(),
  addedBy: z.string(),
  osUser: z.string(),
});
export type Attachment = z.infer<typeof attachmentSchema>;

export const actionInfoSchema = z.object({
  action: z.string(),
  label: z.string(),
  target: z.string(),
  needs: list(z.string()),
  allowed: z.boolean(),
  reason: z.string(),
});
export type ActionInfo = z.infer<typeof actionInfoSchema>;

/** One extension's notice (backend ExtensionNotice): the requester must be told, with the
 * reason, by noticeBy, the end of the original period of the rights it moved, or the
 * extension may not hold. letterMadeOn is the day an extension letter was made in time,
 * null when none was. A flag: the due dates still count the extended date. */
export const extensionNoticeSchema = z.object({
  extendedOn: date,
  rights: list(z.string()),
  noticeBy: date,
  letterMadeOn: date,
});
export type ExtensionNotice = z.infer<typeof extensionNoticeSchema>;

export const requestDetailSchema = z.object({
  request: requestSchema,
  events: list(requestEventSchema),
  attachments: list(attachmentSchema),
  verifications: list(verificationSchema),
  actions: list(actionInfoSchema),
  allowed: list(z.string()),
  today: date,
  retention: z.object({ months: z.number(), citation: z.string() }),
  /** The appeals that name this request as the one whose denial they appeal. */
  appeals: orEmpty(z.array(z.object({ reference: z.string(), receivedDate: date, status: z.string() })), []),
  /** The notices the request's extensions needed, oldest first. */
  extensionNotices: list(extensionNoticeSchema),
});
export type RequestDetail = z.infer<typeof requestDetailSchema>;

/** What intake and editing send (backend.RequestInput). */
export interface RequestInput {
  requester: z.infer<typeof personSchema>;
  submittedBy: string;
  agent: z.infer<typeof agentSchema>;
  proofOfAuthority: boolean;
  requesterConfirmed: boolean;
  channel: string;
  receivedDate: string;
  receivedTime: string;
  regime: string;
  rights: string[];
  description: string;
  requesterWords: string;
  minor: boolean;
  guardianConsent: string;
  assignee: string;
  tags: string[];
  notes: string;
  /** With the right "appeal": the reference of the request whose denial it appeals. */
  appealOf: string;
}

/** backend.RequestFilter */
export interface RequestFilter {
  search?: string;
  status?: string[];
  open?: boolean | null;
  regime?: string[];
  right?: string[];
  assignee?: string;
  from?: string;
  to?: string;
  due?: string;
  sort?: string;
  desc?: boolean;
  offset?: number;
  limit?: number;
  /** The `next` of the page before: the page after it, read by seeking in the index. */
  after?: string;
}

const option = z.object({ value: z.string(), label: z.string() });
export type Option = z.infer<typeof option>;

export const requestOptionsSchema = z.object({
  regimes: list(z.object({ value: z.string(), label: z.string(), rights: list(option), note: z.string() })),
  rights: list(option),
  statuses: list(z.object({ value: z.string(), label: z.string(), closed: z.boolean() })),
  channels: list(option),
  submittedBy: list(option),
  consentStatuses: list(option),
  outcomes: list(option),
  denialReasons: list(option),
  verificationMethods: list(option),
  verificationDegrees: list(option),
  pauseKinds: list(option),
  actions: list(option),
  dueWindows: list(option),
  sortColumns: list(option),
  countries: list(option),
  limits: z.object({
    name: z.number(),
    notes: z.number(),
    description: z.number(),
    address: z.number(),
    tag: z.number(),
    tags: z.number(),
    pageSize: z.number(),
  }),
});
export type RequestOptions = z.infer<typeof requestOptionsSchema>;

export const requestInputSchema = z.object({
  requester: personSchema,
  submittedBy: z.string(),
  agent: agentSchema,
  proofOfAuthority: z.boolean(),
  requesterConfirmed: z.boolean(),
  channel: z.string(),
  receivedDate: z.string(),
  receivedTime: z.string(),
  regime: z.string(),
  rights: list(z.string()),
  description: z.string(),
  requesterWords: z.string(),
  minor: z.boolean(),
  guardianConsent: z.string(),
  assignee: z.string(),
  tags: list(z.string()),
  notes: z.string(),
  appealOf: z.string().optional().transform((v) => v ?? ''),
  /** the version the edit form opened (EditInput): a save after another desk changed the
   * request is refused with their change named (absent for a new request) */
  version: z.number().optional(),
});
