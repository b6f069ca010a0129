// RequestService calls (app/svc_requests.go), with their query keys and options.
// Changes return the request's fresh detail (RequestDetail), which the screen shows as is.
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { auditEventSchema } from '@/lib/audit-event';
import { call, orEmpty } from '@/lib/ipc';
import {
  duplicateSchema,
  requestDetailSchema,
  requestOptionsSchema,
  requestPageSchema,
  requestInputSchema,
  type RequestFilter,
  type RequestInput,
} from './schemas';

const S = 'RequestService';

export const requestKeys = {
  all: ['requests'] as const,
  list: (f: RequestFilter) => ['requests', 'list', f] as const,
  detail: (ref: string) => ['requests', 'detail', ref] as const,
  audit: (ref: string) => ['requests', 'audit', ref] as const,
  options: ['requests', 'options'] as const,
  lastFilter: ['requests', 'last-filter'] as const,
  duplicates: (key: string) => ['requests', 'duplicates', key] as const,
};

export const pageSize = 200;

export const listRequests = (f: RequestFilter) => call(S, 'List', [f], requestPageSchema);
export const getDetail = (ref: string) => call(S, 'Get', [ref], requestDetailSchema);
export const getOptions = () => call(S, 'Options', [], requestOptionsSchema);
export const createRequest = (input: RequestInput) => call(S, 'Create', [input], requestDetailSchema);
export const updateRequest = (ref: string, input: RequestInput) => call(S, 'Update', [ref, input], requestDetailSchema);
export const findDuplicates = (input: RequestInput, exclude = '') =>
  call(S, 'Duplicates', [input, exclude], orEmpty(z.array(duplicateSchema), []));
export const getAudit = (ref: string) => call(S, 'Audit', [ref], orEmpty(z.array(auditEventSchema), []));

const filterSchema = z.object({
  search: z.string().optional(),
  status: z.array(z.string()).nullable().optional(),
  open: z.boolean().nullable().optional(),
  regime: z.array(z.string()).nullable().optional(),
  right: z.array(z.string()).nullable().optional(),
  assignee: z.string().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  due: z.string().optional(),
  sort: z.string().optional(),
  desc: z.boolean().optional(),
});
export type RememberedFilter = z.infer<typeof filterSchema>;
export const rememberFilter = (f: RequestFilter) => call(S, 'RememberFilter', [f], z.boolean());
export const lastFilter = () => call(S, 'LastFilter', [], filterSchema);

export const requestListQuery = (f: RequestFilter) =>
  infiniteQueryOptions({
    queryKey: requestKeys.list(f),
    // Each page continues after the one before (keyset paging): a page deep in the list
    // costs what the first one does.
    queryFn: ({ pageParam }) => listRequests({ ...f, after: pageParam || undefined, limit: pageSize }),
    initialPageParam: '',
    getNextPageParam: (last) => last.next || undefined,
  });

export const requestDetailQuery = (ref: string) =>
  queryOptions({ queryKey: requestKeys.detail(ref), queryFn: () => getDetail(ref), staleTime: 0 });

export const requestOptionsQuery = () =>
  queryOptions({ queryKey: requestKeys.options, queryFn: getOptions, staleTime: Infinity });

export const requestAuditQuery = (ref: string) =>
  queryOptions({ queryKey: requestKeys.audit(ref), queryFn: () => getAudit(ref), staleTime: 0 });

// The request screen's changes.
export interface TransitionInput {
  action: string;
  note: string;
  denialReason?: string;
  exemption?: string;
  denialText?: string;
  reason?: string;
  pauseKind?: string;
  newDate?: string;
  on?: string;
  /** complete, partially-complete: why no response letter is recorded as sent */
  noLetterReason?: string;
}
export interface OutcomeInput {
  right: string;
  outcome: string;
  denialReason: string;
  exemption: string;
  denialText: string;
}
export interface VerificationInput {
  method: string;
  verifiedBy: string;
  verifiedOn: string;
  degree: string;
  notes: string;
  permissionAttachmentId: number;
  requesterConfirmed: boolean;
}
export interface DeletionConfirmationInput {
  confirmedOn: string;
  channel: string;
  note: string;
}

export const transition = (ref: string, input: TransitionInput) => call(S, 'Transition', [ref, input], requestDetailSchema);
export const setOutcome = (ref: string, input: OutcomeInput) => call(S, 'SetOutcome', [ref, input], requestDetailSchema);
export const recordVerification = (ref: string, input: VerificationInput) =>
  call(S, 'RecordVerification', [ref, input], requestDetailSchema);
export const recordDeletionConfirmation = (ref: string, input: DeletionConfirmationInput) =>
  call(S, 'RecordDeletionConfirmation', [ref, input], requestDetailSchema);
export const addNote = (ref: string, note: string) => call(S, 'AddNote', [ref, note], requestDetailSchema);
export const chooseAndAttach = (ref: string, kind: string) =>
  call(S, 'ChooseAndAttach', [ref, kind], z.object({ attached: z.boolean(), detail: requestDetailSchema }));
export const openAttachment = (id: number) => call(S, 'OpenAttachment', [id], z.boolean());
export const saveAttachmentAs = (id: number) => call(S, 'SaveAttachmentAs', [id], z.boolean());

export const getEditInput = (ref: string) => call(S, 'EditInput', [ref], requestInputSchema);
