// The documents panel: the consortium sees its documents with their BCI marking and public versions,
// uploads a new one as multipart/form-data with the CSRF token (a file over the type's limit is
// stopped before sending), and government readers get the list and the download links only.
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { DocumentDetail, DocumentList } from '../../../shared/contracts/documents.ts';
import { ok, stubApi } from '../../test/api-stub.ts';
import { users } from '../../test/recorded.ts';
import { CSRF_TOKEN, renderAs } from '../../test/render.tsx';
import { DocumentsPanel } from './DocumentsPanel.tsx';

const version = (id: string, variant: 'full' | 'public', fileName: string, v = 1) => ({
  id,
  version: v,
  variant,
  fileName,
  mimeType: 'application/pdf',
  sizeBytes: 2048,
  sha256: 'ab'.repeat(32),
  uploadedAt: '2026-11-10T10:00:00.000Z',
});

const plan: DocumentDetail = {
  id: 'd1',
  attachmentType: 'budget',
  title: 'Business plan',
  bci: true,
  bciJustification: 'Pricing and margins',
  currentVersion: 1,
  full: version('v1', 'full', 'plan.pdf'),
  public: null,
  history: [{ ...version('v1', 'full', 'plan.pdf'), proposalRevision: 1, uploadedBy: 'Dana Brooks' }],
  editable: true,
  publicVersionMissing: true,
};

const list = (editable: boolean): DocumentList => ({
  items: [{ ...plan, editable }],
  attachmentTypes: [{ key: 'budget', title: 'Budget', required: true, maxBytes: 4096, mimeTypes: ['application/pdf'], publicVersionRequiredIfBci: true }],
  bciJustificationRequired: true,
  editable,
  source: editable ? 'working' : 'submitted',
});

describe('DocumentsPanel', () => {
  it('shows the documents, flags a missing public version, and uploads a new document with the CSRF token', async () => {
    const uploaded = { ...plan, id: 'd2', title: 'Letter', bci: false, bciJustification: null, publicVersionMissing: false };
    const api = stubApi({
      'GET /api/v1/proposals/p1/documents': [ok(list(true)), ok({ ...list(true), items: [plan, uploaded] })],
      'POST /api/v1/proposals/p1/documents': ok(uploaded, 201),
    });
    const { user } = renderAs(users.applicant, <DocumentsPanel proposalId="p1" />);
    const table = await screen.findByRole('table');
    const row = within(table).getByRole('row', { name: /Business plan/ });
    expect(row).toHaveTextContent('BCI');
    expect(row).toHaveTextContent('Pricing and margins');
    expect(row).toHaveTextContent('missing — the call asks for one');
    expect(within(row).getByRole('link', { name: 'plan.pdf' })).toHaveAttribute('href', '/api/v1/documents/versions/v1/download');

    const form = screen.getByRole('form', { name: 'Add a document' });
    await user.type(within(form).getByRole('textbox', { name: 'Title' }), 'Letter');
    // Too large for the type: stopped before anything is sent.
    const input = within(form).getByLabelText('File');
    await user.upload(input, new File([new Uint8Array(5000)], 'big.pdf', { type: 'application/pdf' }));
    await user.click(within(form).getByRole('button', { name: 'Upload' }));
    expect(await within(form).findByText('The file is 4.9 KiB; a Budget may be at most 4.0 KiB.')).toBeInTheDocument();
    expect(api.calls('POST /api/v1/proposals/p1/documents')).toHaveLength(0);

    await user.upload(input, new File(['%PDF-1.7'], 'letter.pdf', { type: 'application/pdf' }));
    await user.click(within(form).getByRole('button', { name: 'Upload' }));
    await waitFor(() => expect(api.calls('POST /api/v1/proposals/p1/documents')).toHaveLength(1));
    expect(api.calls('POST /api/v1/proposals/p1/documents')[0]!.headers['x-csrf-token']).toBe(CSRF_TOKEN);
    expect(await screen.findByText('“Letter” uploaded.')).toBeInTheDocument();
  });

  it('is read-only for a government reader: the list and the downloads, no upload or marking', async () => {
    stubApi({ 'GET /api/v1/proposals/p1/documents': ok(list(false)) });
    renderAs(users.programOfficer, <DocumentsPanel proposalId="p1" />);
    expect(await screen.findByText('The documents as the consortium submitted them.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'plan.pdf' })).toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'Add a document' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Change BCI marking' })).not.toBeInTheDocument();
  });
});
