// Display names of the backend's stable identifiers (backend/regime.go, request.go,
// workflow.go, request_evidence.go). The identifiers never change; the names are for people.

export const regimeLabels: Record<string, string> = {
  ccpa: 'California (CCPA/CPRA)',
  va: 'Virginia (VCDPA)',
  co: 'Colorado (CPA)',
  ct: 'Connecticut (CTDPA)',
  tx: 'Texas (TDPSA)',
  ut: 'Utah (UCPA)',
  or: 'Oregon (OCPA)',
  fl: 'Florida (FDBR)',
  gdpr: 'EU GDPR',
  'uk-gdpr': 'UK GDPR',
  hipaa: 'HIPAA',
};

export const regimeShort: Record<string, string> = {
  ccpa: 'CCPA', va: 'VA', co: 'CO', ct: 'CT', tx: 'TX', ut: 'UT', or: 'OR', fl: 'FL', gdpr: 'GDPR', 'uk-gdpr': 'UK GDPR', hipaa: 'HIPAA',
};

export const rightLabels: Record<string, string> = {
  access: 'Access / right to know',
  correction: 'Correction',
  deletion: 'Deletion',
  portability: 'Portability',
  'opt-out': 'Opt out of sale, sharing, targeted ads, profiling',
  'limit-sensitive': 'Limit use of sensitive data',
  restrict: 'Restrict processing',
  object: 'Object to processing',
  'automated-decision': 'Automated decision-making',
  'withdraw-consent': 'Withdraw consent',
  accounting: 'Accounting of disclosures',
  'confidential-communications': 'Confidential communications',
  appeal: 'Appeal of a denied request',
};

export const rightShort: Record<string, string> = {
  access: 'Access', correction: 'Correction', deletion: 'Deletion', portability: 'Portability', 'opt-out': 'Opt-out',
  'limit-sensitive': 'Limit sensitive', restrict: 'Restrict', object: 'Object', 'automated-decision': 'Automated decisions',
  'withdraw-consent': 'Withdraw consent', accounting: 'Accounting', 'confidential-communications': 'Confidential comms',
  appeal: 'Appeal',
};

export const statusLabels: Record<string, string> = {
  received: 'Received',
  acknowledged: 'Acknowledged',
  'awaiting-identity': 'Awaiting identity verification',
  verified: 'Identity verified',
  'unable-to-verify': 'Unable to verify',
  'in-progress': 'In progress',
  extended: 'Extended',
  completed: 'Completed',
  'partially-completed': 'Partially completed',
  denied: 'Denied',
  withdrawn: 'Withdrawn',
};

export const closedStatuses = new Set(['unable-to-verify', 'completed', 'partially-completed', 'denied', 'withdrawn']);

export const statusColors: Record<string, string> = {
  received: 'blue',
  acknowledged: 'cyan',
  'awaiting-identity': 'yellow',
  verified: 'teal',
  'unable-to-verify': 'gray',
  'in-progress': 'indigo',
  extended: 'orange',
  completed: 'green',
  'partially-completed': 'lime',
  denied: 'red',
  withdrawn: 'gray',
};

export const channelLabels: Record<string, string> = {
  email: 'Email', phone: 'Phone', mail: 'Mail', 'web-form': 'Web form', 'in-person': 'In person', other: 'Other',
};

export const submittedByLabels: Record<string, string> = {
  self: 'The requester',
  agent: 'An authorized agent',
  guardian: 'A parent or guardian',
  'personal-representative': 'A HIPAA personal representative',
};

export const consentLabels: Record<string, string> = {
  'not-applicable': 'Not applicable', pending: 'Pending', given: 'Given', refused: 'Refused',
};

export const outcomeLabels: Record<string, string> = {
  pending: 'Pending', granted: 'Granted', 'partially-granted': 'Partially granted', denied: 'Denied',
};

export const outcomeColors: Record<string, string> = {
  pending: 'gray', granted: 'green', 'partially-granted': 'lime', denied: 'red',
};

export const denialLabels: Record<string, string> = {
  'identity-unverified': 'Identity could not be verified',
  exemption: 'An exemption applies',
  'manifestly-unfounded': 'Manifestly unfounded or excessive',
  'no-data': 'No data held',
  other: 'Other',
  'hipaa-access-psychotherapy-notes': 'Psychotherapy notes (45 CFR 164.524(a)(1)(i))',
  'hipaa-access-legal-proceedings': 'Compiled for a legal proceeding (45 CFR 164.524(a)(1)(ii))',
  'hipaa-access-inmate': 'Inmate of a correctional institution (45 CFR 164.524(a)(2)(ii))',
  'hipaa-access-research': 'Research in progress, access suspended (45 CFR 164.524(a)(2)(iii))',
  'hipaa-access-privacy-act': 'Records subject to the Privacy Act (45 CFR 164.524(a)(2)(iv))',
  'hipaa-access-confidential-source': 'Obtained from another person in confidence (45 CFR 164.524(a)(2)(v))',
  'hipaa-access-endangerment': 'Would endanger life or physical safety (45 CFR 164.524(a)(3)(i))',
  'hipaa-access-harm-to-other': 'Would cause substantial harm to another person named (45 CFR 164.524(a)(3)(ii))',
  'hipaa-access-harm-via-representative': 'Access by the representative would cause substantial harm (45 CFR 164.524(a)(3)(iii))',
  'hipaa-amend-not-created': 'Not created by us (45 CFR 164.526(a)(2)(i))',
  'hipaa-amend-not-record-set': 'Not part of the designated record set (45 CFR 164.526(a)(2)(ii))',
  'hipaa-amend-not-inspectable': 'Not available for inspection (45 CFR 164.526(a)(2)(iii))',
  'hipaa-amend-accurate-complete': 'Accurate and complete (45 CFR 164.526(a)(2)(iv))',
};

/** denialReasonsFor lists the reasons a denial may name: a HIPAA access or amendment is
 * denied only on the Privacy Rule's own grounds (or unverified identity), any other right
 * on the general reasons (backend.DenialReasonsFor). */
export function denialReasonsFor(regime: string, right: string): string[] {
  const all = Object.keys(denialLabels);
  if (regime === 'hipaa' && right === 'access') return ['identity-unverified', ...all.filter((r) => r.startsWith('hipaa-access-'))];
  if (regime === 'hipaa' && right === 'correction') return ['identity-unverified', ...all.filter((r) => r.startsWith('hipaa-amend-'))];
  return all.filter((r) => !r.startsWith('hipaa-'));
}

export const methodLabels: Record<string, string> = {
  'data-on-file': 'Matched to data on file',
  'id-document': 'ID document seen',
  'knowledge-questions': 'Knowledge questions',
  'phone-callback': 'Phone call-back',
  'in-person': 'In person',
};

export const degreeLabels: Record<string, string> = { reasonable: 'Reasonable', 'reasonably-high': 'Reasonably high' };

export const pauseLabels: Record<string, string> = {
  identity: 'Waiting for proof of identity',
  fee: 'Waiting for the fee',
  clarification: 'Waiting for a clarification',
};

export const dueWindowLabels: Record<string, string> = {
  overdue: 'Overdue',
  today: 'Due today',
  week: 'Due within 7 days',
  'awaiting-ack': 'Not yet acknowledged',
  'awaiting-identity': 'Awaiting identity',
  extended: 'Extended',
};

export const options = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));

export const label = (labels: Record<string, string>, id: string) => labels[id] ?? id;

// The rights each regime grants (backend/regime.go grants); the backend refuses any other.
const stateRights = ['access', 'correction', 'deletion', 'portability', 'opt-out', 'appeal'];
const gdprRights = ['access', 'correction', 'deletion', 'portability', 'restrict', 'object', 'automated-decision', 'withdraw-consent'];
export const grantedRights: Record<string, string[]> = {
  ccpa: ['access', 'correction', 'deletion', 'portability', 'opt-out', 'limit-sensitive'],
  va: stateRights,
  co: stateRights,
  ct: stateRights,
  tx: stateRights,
  ut: ['access', 'deletion', 'portability', 'opt-out'],
  or: stateRights,
  fl: stateRights,
  gdpr: gdprRights,
  'uk-gdpr': gdprRights,
  hipaa: ['access', 'correction', 'accounting', 'restrict', 'confidential-communications'],
};

/** Short status names for narrow places (list badges). */
export const statusShort: Record<string, string> = {
  ...statusLabels,
  'awaiting-identity': 'Awaiting identity',
  verified: 'Verified',
  'partially-completed': 'Partly completed',
};
