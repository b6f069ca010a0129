// A vendor alert as the backend raises it (backend.VendorAlert in backend/vendor_alert.go):
// on the dashboard, in the vendor register and on a vendor's page.
import { z } from 'zod';

export const vendorAlertSchema = z.object({
  vendorId: z.number(),
  vendorName: z.string(),
  // Known kinds, and any other string: a kind added to the backend must not make the
  // whole vendor list fail to load.
  kind: z.union([
    z.enum(['phi-without-baa', 'baa-expired', 'baa-expiring', 'review-overdue', 'phi-not-returned', 'baa-checklist-incomplete']),
    z.string(),
  ]),
  severity: z.enum(['critical', 'warning', 'notice']),
  message: z.string(),
  date: z.string().nullable(), // backend.Date: "YYYY-MM-DD" or null
  days: z.number(),
  window: z.number(),
});
export type VendorAlert = z.infer<typeof vendorAlertSchema>;
