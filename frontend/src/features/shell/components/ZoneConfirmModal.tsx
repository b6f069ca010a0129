import { useState } from 'react';
import { Alert, Button, Modal, Select, Skeleton, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { IconWorld } from '@tabler/icons-react';
import { DialogActions } from '@/components/DialogActions';
import { appKeys } from '@/lib/app';
import { AppError } from '@/lib/ipc';
import {
  confirmZone,
  getZoneProposal,
  holidayCountriesQuery,
  settingsKeys,
  timeZonesQuery,
  type ZoneProposal,
} from '@/features/settings/api/settings';

type Fields = { practiceName: string; timeZone: string; holidayCountry: string };
type Errors = Partial<Record<keyof Fields, string>>;

/** ZoneConfirmModal is the first start's question: which time zone the practice's
 * "today" is counted in, and the EU country intake offers for a GDPR requester.
 * It proposes the computer's zone and the country of the practice's address; when the
 * computer does not say, the zone is left for the person to choose. Until confirmed it
 * is asked again at each start. A new install has no practice name yet: asked too. */
export function ZoneConfirmModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const proposal = useQuery({ queryKey: settingsKeys.zoneProposal, queryFn: getZoneProposal, enabled: opened });
  const zones = useQuery({ ...timeZonesQuery(), enabled: opened });
  const countries = useQuery({ ...holidayCountriesQuery(), enabled: opened });
  return (
    <Modal opened={opened} onClose={onClose} title="Where is the practice?" centered size="lg">
      {proposal.error ? (
        <Alert color="red">{proposal.error.message}</Alert>
      ) : !proposal.data || !zones.data || !countries.data ? (
        <Skeleton h={220} />
      ) : (
        <ZoneForm proposal={proposal.data} zones={zones.data} countries={countries.data} onDone={onClose} />
      )}
    </Modal>
  );
}

function ZoneForm({
  proposal,
  zones,
  countries,
  onDone,
}: {
  proposal: ZoneProposal;
  zones: string[];
  countries: { code: string; name: string }[];
  onDone: () => void;
}) {
  const qc = useQueryClient();
  const askName = proposal.practiceName === '';
  const [v, setV] = useState<Fields>(() => ({
    practiceName: proposal.practiceName,
    // Never a zone nobody chose: without the computer's, the person picks one.
    timeZone: proposal.fromComputer || proposal.confirmed ? proposal.timeZone : '',
    holidayCountry: proposal.holidayCountry,
  }));
  const [errors, setErrors] = useState<Errors>({});
  const change = (field: keyof Fields, value: string) => {
    setV({ ...v, [field]: value });
    setErrors({ ...errors, [field]: undefined });
  };
  const zoneData = zones.includes(proposal.timeZone) || !proposal.timeZone ? zones : [proposal.timeZone, ...zones];
  const save = useMutation({
    mutationFn: () => confirmZone({ ...proposal, ...v, practiceName: askName ? v.practiceName.trim() : '' }),
    onSuccess: (p) => {
      void qc.invalidateQueries({ queryKey: appKeys.info });
      void qc.invalidateQueries({ queryKey: ['settings'] });
      notifications.show({ color: 'teal', title: 'Confirmed', message: `Deadlines count days in ${p.timeZone}.` });
      onDone();
    },
    onError: (err) => {
      const field = err instanceof AppError ? (err.field as keyof Fields | undefined) : undefined;
      if (field && field in v) setErrors({ [field]: err.message });
      else setErrors({ timeZone: err.message });
    },
  });
  const submit = () => {
    const e: Errors = {};
    if (askName && !v.practiceName.trim()) e.practiceName = 'Enter the practice’s name.';
    if (!v.timeZone) e.timeZone = 'Choose the practice’s time zone.';
    if (!v.holidayCountry) e.holidayCountry = 'Choose a country.';
    if (Object.keys(e).length > 0) {
      setErrors(e);
      return;
    }
    save.mutate();
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Stack gap="md">
        <Alert variant="light" color="blue" icon={<IconWorld size={20} />}>
          Deadlines count days in the practice’s time zone. A GDPR request skips the public holidays of the requester’s
          country, chosen at intake, where the country below is offered. Check both before the first request: they can be
          changed later in Settings.
        </Alert>
        {askName && (
          <TextInput
            label="Practice name"
            withAsterisk
            value={v.practiceName}
            onChange={(e) => change('practiceName', e.currentTarget.value)}
            error={errors.practiceName}
            data-autofocus
          />
        )}
        <Select
          label="Time zone"
          withAsterisk
          searchable
          data={zoneData}
          value={v.timeZone || null}
          onChange={(z) => change('timeZone', z ?? '')}
          error={errors.timeZone}
          description={
            proposal.fromComputer
              ? `This computer is set to ${proposal.timeZone}.`
              : 'This computer does not say which time zone it is in: choose the practice’s.'
          }
        />
        <Select
          label="Usual country of EU requesters"
          withAsterisk
          searchable
          data={countries.map((c) => ({ value: c.code, label: c.name }))}
          value={v.holidayCountry || null}
          onChange={(c) => change('holidayCountry', c ?? '')}
          error={errors.holidayCountry}
          description={
            proposal.fromAddress
              ? 'From the practice’s address.'
              : 'No EU country found in the practice’s address: choose the one most EU requesters live in.'
          }
        />
        <Text size="xs" c="dimmed">
          Until this is confirmed, the readiness page shows it as open and this question comes back at the next start.
        </Text>
        <DialogActions>
          <Button variant="default" onClick={onDone}>
            Later
          </Button>
          <Button type="submit" loading={save.isPending}>
            Confirm
          </Button>
        </DialogActions>
      </Stack>
    </form>
  );
}
