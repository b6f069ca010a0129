// The dashboard's calls to DashboardService (app/svc_dashboard.go) and the shapes it
// answers with (backend/dashboard.go, backend/vendor_alert.go).
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { call, orEmpty } from '@/lib/ipc';
import { vendorAlertSchema } from '@/lib/vendor-alert';

const date = z.string().nullable(); // backend.Date: "YYYY-MM-DD" or null
const list = <T extends z.ZodType>(item: T) => orEmpty(z.array(item), []);

/** The cards, in display order; the ids are the request list's `due` filter values. */
export const dueWindows = ['overdue', 'today', 'week', 'awaiting-ack', 'awaiting-identity', 'extended'] as const;
export type DueWindow = (typeof dueWindows)[number];

export const countsSchema = z.object({
  overdue: z.number(),
  dueToday: z.number(),
  dueWeek: z.number(),
  awaitingAck: z.number(),
  awaitingIdentity: z.number(),
  extended: z.number(),
  open: z.number(),
});
export type DashboardCounts = z.infer<typeof countsSchema>;

export const urgentSchema = z.object({
  requestId: z.number(),
  reference: z.string(),
  requester: z.string(),
  regime: z.string(),
  right: z.string(),
  otherRights: z.number(),
  status: z.string(),
  received: date,
  dueOn: date,
  daysLeft: z.number(),
  extended: z.boolean(),
  statutoryDue: date,
  acknowledgeBy: date,
  citation: z.string(),
  basis: z.string(),
  ruleVersion: z.number(),
});
export type UrgentRequest = z.infer<typeof urgentSchema>;

export const dashboardSchema = z.object({
  today: z.string(),
  timeZone: z.string(),
  counts: countsSchema,
  urgent: list(urgentSchema),
  urgentTotal: z.number(),
  vendorAlerts: list(vendorAlertSchema),
  vendors: z.number(),
  phiVendors: z.number(),
  empty: z.boolean(),
});
export type Dashboard = z.infer<typeof dashboardSchema>;

export const monthSchema = z.object({
  month: z.string(),
  counts: orEmpty(z.record(z.string(), z.number()), {}),
  total: z.number(),
});
export type MonthRights = z.infer<typeof monthSchema>;

export const quarterSchema = z.object({
  quarter: z.string(),
  closed: z.number(),
  onTime: z.number(),
  rate: z.number(),
  medianDays: z.number(),
});
export type QuarterStats = z.infer<typeof quarterSchema>;

export const chartsSchema = z.object({
  today: z.string(),
  months: list(monthSchema),
  quarters: list(quarterSchema),
  medianDaysToClose: z.number(),
  closedCount: z.number(),
});
export type DashboardCharts = z.infer<typeof chartsSchema>;

export const announcementSchema = z.object({
  key: z.string(),
  kind: z.enum(['overdue', 'due-today', 'due-soon']),
  reference: z.string(),
  requester: z.string(),
  right: z.string(),
  dueOn: date,
  daysLeft: z.number(),
  message: z.string(),
});
export type Announcement = z.infer<typeof announcementSchema>;

export const announcementsSchema = z.object({
  today: z.string(),
  items: list(announcementSchema),
});

export const dashboardKeys = {
  all: ['dashboard'] as const,
  summary: () => [...dashboardKeys.all, 'summary'] as const,
  charts: () => [...dashboardKeys.all, 'charts'] as const,
  announcements: () => [...dashboardKeys.all, 'announcements'] as const,
};

export const getDashboard = () => call('DashboardService', 'Get', [], dashboardSchema);
export const getCharts = () => call('DashboardService', 'Charts', [], chartsSchema);
export const getAnnouncements = () => call('DashboardService', 'Announcements', [], announcementsSchema);

// "Today" moves at midnight and requests change elsewhere: refetch every few minutes and
// whenever the page is opened again.
export const dashboardQuery = () =>
  queryOptions({ queryKey: dashboardKeys.summary(), queryFn: getDashboard, staleTime: 0, refetchInterval: 5 * 60_000 });
export const chartsQuery = () => queryOptions({ queryKey: dashboardKeys.charts(), queryFn: getCharts, staleTime: 60_000 });
