// The vendor register, the data map and the vendor tasks of a request, as VendorService
// (app/svc_vendors.go) answers them. Shapes follow backend/vendor.go, vendor_alert.go,
// vendor_task.go and datamap.go; calendar dates are "YYYY-MM-DD" or null.
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { auditEventSchema } from '@/lib/audit-event';
import { call, orEmpty } from '@/lib/ipc';
import { vendorAlertSchema } from '@/lib/vendor-alert';

const date = z.string().nullable();
const list = <T extends z.ZodType>(s: T) => orEmpty(z.array(s), []);

export const storedFileSchema = z.object({
  attachmentId: z.number(),
  sha256: z.string(),
  name: z.string(),
  type: z.string(),
  size: z.number(),
  attachedAt: z.string(),
  attachedBy: z.string(),
});
export type StoredFile = z.infer<typeof storedFileSchema>;

export const checklistItemSchema = z.object({
  clause: z.string(),
  answer: z.enum(['', 'yes', 'no', 'n/a']),
  note: z.string(),
});
export type ChecklistItem = z.infer<typeof checklistItemSchema>;

export const vendorSchema = z.object({
  id: z.number(),
  name: z.string(),
  services: z.string(),
  category: z.string(),
  contactName: z.string(),
  contactEmail: z.string(),
  contactPhone: z.string(),
  website: z.string(),
  address: z.string(),
  phiAccess: z.enum(['none', 'limited', 'full']),
  dataCategories: list(z.string()),
  hosting: z.string(),
  subcontractors: z.string(),
  baaStatus: z.enum(['signed', 'pending', 'not-required', 'expired', 'terminated']),
  baaReason: z.string(),
  baaReasonNote: z.string(),
  baaSignedOn: date,
  baaEffectiveOn: date,
  baaExpiresOn: date,
  priorBaaEndsOn: date,
  nextReviewOn: date,
  baaDocument: storedFileSchema.nullable(),
  baaDocumentNotPdf: z.boolean(),
  checklist: list(checklistItemSchema),
  terminatedOn: date,
  phiDisposition: z.string(),
  phiConfirmedOn: date,
  notes: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Vendor = z.infer<typeof vendorSchema>;

export const vendorEntrySchema = z.object({ vendor: vendorSchema, alerts: list(vendorAlertSchema) });
export type VendorEntry = z.infer<typeof vendorEntrySchema>;

export const attachmentSchema = z.object({
  id: z.number(),
  kind: z.string(),
  originalName: z.string(),
  mimeType: z.string(),
  size: z.number(),
  sha256: z.string(),
  addedAt: z.string(),
  addedBy: z.string(),
});

/** An earlier round of a vendor task, kept as it was when a right added to the request
 * started the next one (backend VendorTaskRound). */
export const vendorTaskRoundSchema = z.object({
  rights: list(z.string()),
  notifiedOn: date,
  notifiedVia: z.string(),
  notifiedNote: z.string(),
  letterId: z.number(),
  confirmedOn: date,
  confirmationNote: z.string(),
  confirmation: storedFileSchema.nullable(),
  waivedOn: date,
  waivedReason: z.string(),
  carriedOn: z.boolean(),
  endedAt: z.string(),
});
export type VendorTaskRound = z.infer<typeof vendorTaskRoundSchema>;

export const vendorTaskSchema = z.object({
  id: z.number(),
  requestRef: z.string(),
  vendorId: z.number(),
  vendorName: z.string(),
  rights: list(z.string()),
  categories: list(z.string()),
  status: z.enum(['to-notify', 'notified', 'confirmed', 'waived']),
  notifiedOn: date,
  notifiedVia: z.string(),
  notifiedNote: z.string(),
  letterId: z.number(),
  confirmedOn: date,
  confirmationNote: z.string(),
  confirmation: storedFileSchema.nullable(),
  waivedOn: date,
  waivedReason: z.string(),
  earlier: list(vendorTaskRoundSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type VendorTask = z.infer<typeof vendorTaskSchema>;

/** One field a change of the vendor changed, with the form's label and values. */
export const fieldChangeSchema = z.object({ field: z.string(), label: z.string(), before: z.string(), after: z.string() });
export type FieldChange = z.infer<typeof fieldChangeSchema>;

export const vendorEventSchema = auditEventSchema.extend({ changes: list(fieldChangeSchema) });
export type VendorEvent = z.infer<typeof vendorEventSchema>;

export const vendorDetailSchema = z.object({
  vendor: vendorSchema,
  alerts: list(vendorAlertSchema),
  history: list(vendorEventSchema),
  tasks: list(vendorTaskSchema),
  attachments: list(attachmentSchema),
});
export type VendorDetail = z.infer<typeof vendorDetailSchema>;

const labelSchema = z.object({ value: z.string(), label: z.string() });
export type Label = z.infer<typeof labelSchema>;

export const vendorOptionsSchema = z.object({
  categories: list(labelSchema),
  phiAccess: list(labelSchema),
  baaStatuses: list(labelSchema),
  baaExemptions: list(labelSchema),
  dispositions: list(labelSchema),
  notifyMethods: list(labelSchema),
  clauses: list(z.object({ id: z.string(), citation: z.string(), text: z.string() })),
  dataCategories: list(z.object({ key: z.string(), label: z.string(), citation: z.string(), examples: z.string() })),
  passedOnRights: list(z.string()),
});
export type VendorOptions = z.infer<typeof vendorOptionsSchema>;

const vendorRefSchema = z.object({ id: z.number(), name: z.string() });
export type VendorRef = z.infer<typeof vendorRefSchema>;

export const dataCategorySchema = z.object({
  key: z.string(),
  label: z.string(),
  citation: z.string(),
  examples: z.string(),
  collected: z.boolean(),
  sources: z.string(),
  purposes: z.string(),
  retention: z.string(),
  disclosed: z.boolean(),
  vendors: list(vendorRefSchema),
  warning: z.string(),
  updatedAt: z.string(),
});
export type DataCategory = z.infer<typeof dataCategorySchema>;

export const requestVendorTasksSchema = z.object({
  requestId: z.number(),
  requestRef: z.string(),
  status: z.string(),
  rights: list(z.string()),
  proposed: z.boolean(),
  proposedAt: z.string().nullable(),
  tasks: list(vendorTaskSchema),
  open: z.number(),
  addable: list(vendorRefSchema),
  missing: list(vendorRefSchema),
});
export type RequestVendorTasks = z.infer<typeof requestVendorTasksSchema>;

export interface VendorFilter {
  search: string;
  category: string;
  baaStatus: string;
  phiAccess: string;
}

export interface VendorTaskUpdate {
  notifiedOn: string | null;
  notifiedVia: string;
  notifiedNote: string;
  confirmedOn: string | null;
  confirmationNote: string;
  waivedOn: string | null;
  waivedReason: string;
}

const S = 'VendorService';
export const listVendors = (f: VendorFilter) => call(S, 'List', [f], list(vendorEntrySchema));
export const getVendor = (id: number) => call(S, 'Get', [id], vendorDetailSchema);
export const createVendor = (v: Vendor) => call(S, 'Create', [v], vendorSchema);
export const updateVendor = (v: Vendor) => call(S, 'Update', [v], vendorSchema);
export const deleteVendor = (id: number) => call(S, 'Delete', [id], z.unknown());
export const saveChecklist = (id: number, items: ChecklistItem[]) => call(S, 'SaveChecklist', [id, items], vendorSchema);
export const markChecklistAllPresent = (id: number) => call(S, 'MarkChecklistAllPresent', [id], vendorSchema);
export const attachBAA = (id: number) => call(S, 'AttachBAA', [id], vendorSchema);
export const removeBAA = (id: number) => call(S, 'RemoveBAA', [id], vendorSchema);
export const openFile = (attachmentId: number) => call(S, 'OpenFile', [attachmentId], z.unknown());
export const saveFileCopy = (attachmentId: number) => call(S, 'SaveFileCopy', [attachmentId], z.boolean());
export const getVendorAlerts = () => call(S, 'Alerts', [], list(vendorAlertSchema));
export const getVendorOptions = () => call(S, 'Options', [], vendorOptionsSchema);
export const getDataMap = () => call(S, 'DataMap', [], list(dataCategorySchema));
export const saveDataMap = (rows: DataCategory[]) => call(S, 'SaveDataMap', [rows], list(dataCategorySchema));
export const getVendorTasks = (ref: string) => call(S, 'Tasks', [ref], requestVendorTasksSchema);
export const proposeVendorTasks = (ref: string) => call(S, 'ProposeTasks', [ref], requestVendorTasksSchema);
export const addVendorTask = (ref: string, vendorId: number) => call(S, 'AddTask', [ref, vendorId], vendorTaskSchema);
export const removeVendorTask = (id: number) => call(S, 'RemoveTask', [id], z.unknown());
export const updateVendorTask = (id: number, u: VendorTaskUpdate) => call(S, 'UpdateTask', [id, u], vendorTaskSchema);
export const attachTaskConfirmation = (id: number) => call(S, 'AttachTaskConfirmation', [id], vendorTaskSchema);

export const vendorKeys = {
  all: ['vendors'] as const,
  list: (f: VendorFilter) => ['vendors', 'list', f] as const,
  detail: (id: number) => ['vendors', 'detail', id] as const,
  alerts: ['vendors', 'alerts'] as const,
  options: ['vendors', 'options'] as const,
  dataMap: ['vendors', 'dataMap'] as const,
  tasks: (ref: string) => ['vendors', 'tasks', ref] as const,
};

export const vendorListQuery = (f: VendorFilter) => queryOptions({ queryKey: vendorKeys.list(f), queryFn: () => listVendors(f) });
export const vendorDetailQuery = (id: number) => queryOptions({ queryKey: vendorKeys.detail(id), queryFn: () => getVendor(id) });
export const vendorOptionsQuery = () =>
  queryOptions({ queryKey: vendorKeys.options, queryFn: getVendorOptions, staleTime: Infinity });
export const dataMapQuery = () => queryOptions({ queryKey: vendorKeys.dataMap, queryFn: getDataMap });
export const vendorTasksQuery = (ref: string) =>
  queryOptions({ queryKey: vendorKeys.tasks(ref), queryFn: () => getVendorTasks(ref) });

/** labelOf finds the label of value among options (the value itself when unknown). */
export function labelOf(options: Label[] | undefined, value: string): string {
  return options?.find((o) => o.value === value)?.label ?? value;
}

export const taskReplySchema = z.object({
  task: vendorTaskSchema,
  /** the email's date in the practice's zone, proposed as the confirmation date */
  confirmedOn: z.string(),
  note: z.string(),
  from: z.string(),
  subject: z.string(),
});
export type TaskReply = z.infer<typeof taskReplySchema>;

/** attachTaskReply attaches the vendor's reply email (.eml at path) to task id and
 * proposes the confirmation it makes; the person records it with updateVendorTask. */
export const attachTaskReply = (id: number, path: string) => call(S, 'AttachTaskReply', [id, path], taskReplySchema);
