import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { installBackend, uninstallBackend } from '@/test/backend';
import { renderWithProviders } from '@/test/render';
import { mergeDraft, peekIntakeDraft } from '@/lib/email-intake';
import { EmailDropZone } from './EmailDropZone';

const proposal = {
  token: 'tok1',
  fileName: 'withdraw.eml',
  input: { requester: { name: 'Maria Lopez', email: 'maria@example.org', phone: '' }, submittedBy: '', channel: 'email',
    receivedDate: '2026-03-02', receivedTime: '09:15', regime: '', rights: ['withdraw-consent'], description: 'WITHDRAW CONSENT', tags: [] },
  fromName: 'Maria Lopez', fromAddress: 'maria@example.org', date: '2026-03-02T15:15:00Z', subject: 'WITHDRAW CONSENT',
  bodyFrom: 'text/plain', truncated: false, attachments: [], proposedRights: ['withdraw-consent'],
  note: 'The subject reads WITHDRAW CONSENT, so the withdraw-consent right is proposed.',
};

describe('EmailDropZone', () => {
  afterEach(uninstallBackend);

  it('sends a dropped .eml to the backend and opens the intake form with the proposal', async () => {
    const main = installBackend({ ExportService: { ImportEmailData: async () => proposal } });
    renderWithProviders(<EmailDropZone />);
    const zone = screen.getByTestId('email-drop-zone');
    const file = new File(['From: Maria <maria@example.org>\r\n\r\nhi'], 'withdraw.eml', { type: 'message/rfc822' });
    fireEvent.drop(zone, { dataTransfer: { files: [file] } });
    await waitFor(() => expect(window.location.hash).toBe('#/requests/new'));
    const [name, b64] = main.ExportService.ImportEmailData.mock.calls[0] as [string, string];
    expect(name).toBe('withdraw.eml');
    expect(atob(b64)).toContain('maria@example.org');
    expect(peekIntakeDraft()?.token).toBe('tok1');
  });

  it('refuses a file that is not an email without asking the backend', async () => {
    const main = installBackend({ ExportService: { ImportEmailData: async () => proposal } });
    renderWithProviders(<EmailDropZone />);
    fireEvent.drop(screen.getByTestId('email-drop-zone'), { dataTransfer: { files: [new File(['x'], 'scan.pdf')] } });
    expect(await screen.findByRole('alert')).toHaveTextContent('not an email file');
    expect(main.ExportService.ImportEmailData).not.toHaveBeenCalled();
  });
});

describe('mergeDraft', () => {
  it('lays the proposal over the empty form, keeping defaults where the proposal is empty', () => {
    const empty = {
      requester: { name: '', email: '', phone: '', address: '' },
      submittedBy: 'self',
      channel: 'web',
      regime: '',
      rights: [] as string[],
      guardianConsent: 'not-applicable',
      tags: [] as string[],
    };
    const merged = mergeDraft(empty, { ...proposal.input, guardianConsent: '', unknownField: 'x' });
    expect(merged).toEqual({
      requester: { name: 'Maria Lopez', email: 'maria@example.org', phone: '', address: '' },
      submittedBy: 'self',
      channel: 'email',
      regime: '',
      rights: ['withdraw-consent'],
      guardianConsent: 'not-applicable',
      tags: [],
    });
  });
});
