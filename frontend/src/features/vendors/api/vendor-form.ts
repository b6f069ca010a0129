// The vendor form's values and the rules it checks before asking the server, the same as
// backend/vendor.go (Vendor.Validate), so the common mistakes show on their field at once;
// the server checks everything again and its answer lands on the same field.
import type { ChecklistItem, Vendor } from './vendors';

export interface VendorForm {
  name: string;
  services: string;
  category: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  website: string;
  address: string;
  phiAccess: Vendor['phiAccess'];
  dataCategories: string[];
  hosting: string;
  subcontractors: string;
  baaStatus: Vendor['baaStatus'];
  baaReason: string;
  baaReasonNote: string;
  baaSignedOn: string;
  baaEffectiveOn: string;
  baaExpiresOn: string;
  priorBaaEndsOn: string;
  nextReviewOn: string;
  checklist: ChecklistItem[];
  terminatedOn: string;
  phiDisposition: string;
  phiConfirmedOn: string;
  notes: string;
}

/** The backend's field names; a server error naming one of them lands on that input. */
export const vendorFormFields: readonly string[] = [
  'name', 'services', 'category', 'contactName', 'contactEmail', 'contactPhone', 'website', 'address', 'phiAccess', 'dataCategories',
  'hosting', 'subcontractors', 'baaStatus', 'baaReason', 'baaReasonNote', 'baaSignedOn', 'baaEffectiveOn', 'baaExpiresOn',
  'priorBaaEndsOn', 'nextReviewOn', 'checklist', 'terminatedOn', 'phiDisposition', 'phiConfirmedOn', 'notes',
];

// Go's zero time.Time as JSON: an empty string would not decode, and Wails v2 then drops
// the call without answering.
const zeroTime = '0001-01-01T00:00:00Z';

export function emptyVendor(clauses: { id: string }[]): Vendor {
  return {
    id: 0, name: '', services: '', category: 'other', contactName: '', contactEmail: '', contactPhone: '', website: '', address: '',
    phiAccess: 'none', dataCategories: [], hosting: '', subcontractors: '', baaStatus: 'pending', baaReason: '', baaReasonNote: '',
    baaSignedOn: null, baaEffectiveOn: null, baaExpiresOn: null, priorBaaEndsOn: null, nextReviewOn: null, baaDocument: null, baaDocumentNotPdf: false,
    checklist: clauses.map((c) => ({ clause: c.id, answer: '', note: '' })), terminatedOn: null, phiDisposition: '',
    phiConfirmedOn: null, notes: '', createdAt: zeroTime, updatedAt: zeroTime,
  };
}

export function toForm(v: Vendor, clauses: { id: string }[]): VendorForm {
  const byClause = new Map(v.checklist.map((c) => [c.clause, c]));
  return {
    name: v.name, services: v.services, category: v.category, contactName: v.contactName, contactEmail: v.contactEmail,
    contactPhone: v.contactPhone, website: v.website, address: v.address, phiAccess: v.phiAccess, dataCategories: [...v.dataCategories],
    hosting: v.hosting, subcontractors: v.subcontractors, baaStatus: v.baaStatus, baaReason: v.baaReason,
    baaReasonNote: v.baaReasonNote, baaSignedOn: v.baaSignedOn ?? '', baaEffectiveOn: v.baaEffectiveOn ?? '',
    baaExpiresOn: v.baaExpiresOn ?? '', priorBaaEndsOn: v.priorBaaEndsOn ?? '', nextReviewOn: v.nextReviewOn ?? '',
    checklist: clauses.map((c) => ({ clause: c.id, answer: byClause.get(c.id)?.answer ?? '', note: byClause.get(c.id)?.note ?? '' })),
    terminatedOn: v.terminatedOn ?? '', phiDisposition: v.phiDisposition, phiConfirmedOn: v.phiConfirmedOn ?? '', notes: v.notes,
  };
}

const orNull = (s: string) => (s.trim() === '' ? null : s.trim());

export function fromForm(f: VendorForm, base: Vendor): Vendor {
  return {
    ...base,
    ...f,
    baaReason: f.baaStatus === 'not-required' ? f.baaReason : '',
    baaReasonNote: f.baaStatus === 'not-required' ? f.baaReasonNote : '',
    baaSignedOn: orNull(f.baaSignedOn),
    baaEffectiveOn: orNull(f.baaEffectiveOn),
    baaExpiresOn: orNull(f.baaExpiresOn),
    priorBaaEndsOn: orNull(f.priorBaaEndsOn),
    nextReviewOn: orNull(f.nextReviewOn),
    terminatedOn: orNull(f.terminatedOn),
    phiConfirmedOn: orNull(f.phiConfirmedOn),
  };
}

const chars = (s: string) => [...s].length;

/** validateVendorForm returns {field: message} for the rules worth checking before saving. */
export function validateVendorForm(f: VendorForm): Record<string, string> {
  const e: Record<string, string> = {};
  if (f.name.trim() === '') e.name = 'This field is required.';
  else if (chars(f.name) > 200) e.name = `Too long: ${chars(f.name)} characters, at most 200.`;
  if (f.baaStatus === 'not-required') {
    if (!f.baaReason) e.baaReason = 'Say why no BAA is required (payment processing only, a conduit, or no PHI).';
    else if (f.baaReason === 'other' && f.baaReasonNote.trim() === '') e.baaReasonNote = 'Explain why no BAA is required.';
    else if (f.baaReason === 'no-phi' && f.phiAccess !== 'none') e.baaReason = 'The vendor has PHI access, so "no PHI" cannot be the reason.';
  }
  if (f.baaStatus === 'signed' && !f.baaSignedOn) e.baaSignedOn = 'Enter the date the BAA was signed.';
  // ISO dates compare correctly as strings.
  if (f.baaExpiresOn && f.baaEffectiveOn && f.baaExpiresOn < f.baaEffectiveOn) {
    e.baaExpiresOn = `The expiration date (${f.baaExpiresOn}) is before the effective date (${f.baaEffectiveOn}).`;
  } else if (f.baaExpiresOn && f.baaSignedOn && f.baaExpiresOn < f.baaSignedOn) {
    e.baaExpiresOn = `The expiration date (${f.baaExpiresOn}) is before the signing date (${f.baaSignedOn}).`;
  }
  if (f.priorBaaEndsOn && !f.baaEffectiveOn) {
    e.baaEffectiveOn = 'Enter the date the renewal takes effect: the previous BAA covers the vendor until then.';
  }
  if (f.nextReviewOn && f.baaSignedOn && f.nextReviewOn < f.baaSignedOn) {
    e.nextReviewOn = `The next review (${f.nextReviewOn}) is before the BAA was signed (${f.baaSignedOn}).`;
  }
  if (f.baaStatus === 'terminated' && !f.terminatedOn) e.terminatedOn = 'Enter the date the agreement was terminated.';
  if (f.phiDisposition && !f.terminatedOn) {
    e.phiDisposition = 'PHI is returned or destroyed at termination: enter the termination date first.';
  }
  return e;
}
