import { Card, Grid, Group, SimpleGrid, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import type { DashboardCharts, MonthRights, QuarterStats } from '../api/dashboard';
import { rightShort } from '@/lib/labels';
import { monthLabel } from '../api/labels';

// Hand-drawn SVG: two small charts do not justify a charting library. Each chart has a
// visually hidden table with the same numbers for screen readers.

const rightOrder = Object.keys(rightShort);
const rightColor: Record<string, string> = {
  access: 'desk-6',
  correction: 'blue-6',
  deletion: 'red-5',
  portability: 'violet-5',
  'opt-out': 'orange-5',
  'limit-sensitive': 'yellow-6',
  restrict: 'grape-5',
  object: 'pink-5',
  'automated-decision': 'indigo-5',
  'withdraw-consent': 'lime-6',
  accounting: 'cyan-6',
  'confidential-communications': 'green-6',
  appeal: 'gray-6',
};
const color = (right: string) => `var(--mantine-color-${rightColor[right] ?? 'gray-5'})`;

/** niceScale picks a round step (1, 2 or 5 times a power of ten) giving at most four
 * gridlines above zero, and the top of the scale as a whole number of steps. */
function niceScale(v: number): { max: number; step: number } {
  if (v <= 0) return { max: 4, step: 1 };
  for (let p = 1; ; p *= 10) {
    for (const m of [1, 2, 5]) {
      const step = m * p;
      if (v / step <= 4) return { max: Math.ceil(v / step) * step, step };
    }
  }
}

function Legend({ rights }: { rights: string[] }) {
  return (
    <Group gap="md" mt="xs" aria-hidden>
      {rights.map((r) => (
        <Group key={r} gap={6} wrap="nowrap">
          <span className="pd-swatch" style={{ background: color(r) }} />
          <Text size="xs" c="dimmed">
            {rightShort[r] ?? r}
          </Text>
        </Group>
      ))}
    </Group>
  );
}

export function RequestsPerMonthChart({ months }: { months: MonthRights[] }) {
  const W = 600;
  const H = 250;
  const m = { l: 34, r: 8, t: 12, b: 36 };
  const present = rightOrder.filter((r) => months.some((x) => (x.counts[r] ?? 0) > 0));
  const { max, step } = niceScale(Math.max(0, ...months.map((x) => x.total)));
  const slot = (W - m.l - m.r) / Math.max(months.length, 1);
  const bw = Math.min(34, slot * 0.62);
  const y = (v: number) => H - m.b - (v / max) * (H - m.t - m.b);
  const ticks = Array.from({ length: max / step + 1 }, (_, i) => i * step);
  const total = months.reduce((s, x) => s + x.total, 0);

  return (
    <Card h="100%">
      <Title order={2} fz={17}>
        Requests per month
      </Title>
      <Text size="xs" c="dimmed" mb="sm">
        Rights asked for in the last 12 months, by the month received · {total} in all
      </Text>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label="Requests per month by right, last 12 months" className="pd-chart">
        {ticks.map((t) => (
          <g key={t}>
            <line x1={m.l} x2={W - m.r} y1={y(t)} y2={y(t)} className={t === 0 ? 'pd-axis' : 'pd-grid'} strokeDasharray={t === 0 ? undefined : '3 3'} />
            <text x={m.l - 6} y={y(t) + 4} textAnchor="end">
              {t}
            </text>
          </g>
        ))}
        {months.map((x, i) => {
          const cx = m.l + slot * i + slot / 2;
          let acc = 0;
          return (
            <g key={x.month}>
              {present.map((r) => {
                const n = x.counts[r] ?? 0;
                if (!n) return null;
                const y0 = y(acc);
                acc += n;
                const y1 = y(acc);
                return (
                  <rect key={r} x={cx - bw / 2} y={y1} width={bw} height={Math.max(0, y0 - y1 - 0.5)} fill={color(r)} rx={2}>
                    <title>{`${x.month}: ${n} ${rightShort[r] ?? r}`}</title>
                  </rect>
                );
              })}
              <text x={cx} y={H - m.b + 15} textAnchor="middle">
                {monthLabel(x.month)}
              </text>
              {(i === 0 || x.month.endsWith('-01')) && (
                <text x={cx} y={H - m.b + 29} textAnchor="middle">
                  {x.month.slice(0, 4)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      {present.length > 0 ? <Legend rights={present} /> : <Text size="xs" c="dimmed">No requests in these months.</Text>}
      <VisuallyHidden>
        <table>
          <caption>Requests per month by right</caption>
          <thead>
            <tr>
              <th>Month</th>
              {present.map((r) => (
                <th key={r}>{rightShort[r] ?? r}</th>
              ))}
              <th>Total</th>
            </tr>
          </thead>
          <tbody>
            {months.map((x) => (
              <tr key={x.month}>
                <td>{x.month}</td>
                {present.map((r) => (
                  <td key={r}>{x.counts[r] ?? 0}</td>
                ))}
                <td>{x.total}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </VisuallyHidden>
    </Card>
  );
}

function rateColor(rate: number) {
  if (rate >= 0.9) return 'var(--mantine-color-teal-6)';
  if (rate >= 0.7) return 'var(--mantine-color-yellow-6)';
  return 'var(--mantine-color-red-6)';
}

const pct = (r: number) => `${Math.round(r * 100)}%`;
const quarterLabel = (q: string) => `${q.slice(5)} ${q.slice(0, 4)}`;
const daysLabel = (d: number) => `${Number.isInteger(d) ? d : d.toFixed(1)} day${d === 1 ? '' : 's'}`;

export function OnTimeChart({ quarters, median, closed }: { quarters: QuarterStats[]; median: number; closed: number }) {
  const W = 360;
  const H = 210;
  const m = { l: 36, r: 8, t: 18, b: 38 };
  const slot = (W - m.l - m.r) / Math.max(quarters.length, 1);
  const bw = Math.min(46, slot * 0.55);
  const y = (v: number) => H - m.b - v * (H - m.t - m.b);
  return (
    <Card h="100%">
      <Title order={2} fz={17}>
        Answered on time
      </Title>
      <Text size="xs" c="dimmed" mb="sm">
        Closed requests whose every right was answered by its deadline, per quarter
      </Text>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label="On-time rate per quarter" className="pd-chart">
        {[0, 0.5, 1].map((t) => (
          <g key={t}>
            <line x1={m.l} x2={W - m.r} y1={y(t)} y2={y(t)} className={t === 0 ? 'pd-axis' : 'pd-grid'} strokeDasharray={t === 0 ? undefined : '3 3'} />
            <text x={m.l - 6} y={y(t) + 4} textAnchor="end">
              {pct(t)}
            </text>
          </g>
        ))}
        {quarters.map((q, i) => {
          const cx = m.l + slot * i + slot / 2;
          return (
            <g key={q.quarter}>
              {q.closed > 0 ? (
                <>
                  <rect x={cx - bw / 2} y={y(q.rate)} width={bw} height={Math.max(1, y(0) - y(q.rate))} fill={rateColor(q.rate)} rx={3}>
                    <title>{`${quarterLabel(q.quarter)}: ${q.onTime} of ${q.closed} on time; median ${daysLabel(q.medianDays)}`}</title>
                  </rect>
                  <text x={cx} y={y(q.rate) - 5} textAnchor="middle" className="pd-value">
                    {pct(q.rate)}
                  </text>
                </>
              ) : (
                <text x={cx} y={y(0) - 5} textAnchor="middle">
                  —
                </text>
              )}
              <text x={cx} y={H - m.b + 15} textAnchor="middle">
                {quarterLabel(q.quarter)}
              </text>
              <text x={cx} y={H - m.b + 29} textAnchor="middle">
                {q.closed} closed
              </text>
            </g>
          );
        })}
      </svg>
      <SimpleGrid cols={2} mt="xs">
        <Stack gap={0}>
          <Text size="xs" c="dimmed">
            Median days to close
          </Text>
          <Text fw={700} fz={20} data-testid="median-days">
            {closed > 0 ? daysLabel(median) : '—'}
          </Text>
        </Stack>
        <Stack gap={0}>
          <Text size="xs" c="dimmed">
            Closed in 12 months
          </Text>
          <Text fw={700} fz={20}>
            {closed}
          </Text>
        </Stack>
      </SimpleGrid>
      <VisuallyHidden>
        <table>
          <caption>On-time rate per quarter</caption>
          <thead>
            <tr>
              <th>Quarter</th>
              <th>Closed</th>
              <th>On time</th>
              <th>Median days</th>
            </tr>
          </thead>
          <tbody>
            {quarters.map((q) => (
              <tr key={q.quarter}>
                <td>{quarterLabel(q.quarter)}</td>
                <td>{q.closed}</td>
                <td>{q.closed ? pct(q.rate) : '—'}</td>
                <td>{q.closed ? q.medianDays : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </VisuallyHidden>
    </Card>
  );
}

export function ChartsRow({ charts }: { charts: DashboardCharts }) {
  return (
    <Grid gutter="lg">
      <Grid.Col span={{ base: 12, md: 7 }}>
        <RequestsPerMonthChart months={charts.months} />
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <OnTimeChart quarters={charts.quarters} median={charts.medianDaysToClose} closed={charts.closedCount} />
      </Grid.Col>
    </Grid>
  );
}
