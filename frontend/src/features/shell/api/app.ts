import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { call } from '@/lib/ipc';

export const appInfoSchema = z.object({
  version: z.string(),
  dataDir: z.string(),
  dbPath: z.string(),
  schemaVersion: z.number(),
  openError: z.string(),
  staff: z.string(),
  disclaimer: z.string(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const exampleSummarySchema = z.object({
  practice: z.string(),
  vendors: z.number(),
  requests: z.number(),
});
export type ExampleSummary = z.infer<typeof exampleSummarySchema>;

export const appKeys = {
  info: ['app', 'info'] as const,
};

export const getAppInfo = () => call('AppService', 'Info', [], appInfoSchema);
export const setStaff = (name: string) => call('AppService', 'SetStaff', [name], z.unknown());
export const loadExample = () => call('AppService', 'LoadExample', [], exampleSummarySchema);

export const appInfoQuery = () => queryOptions({ queryKey: appKeys.info, queryFn: getAppInfo, staleTime: Infinity });
