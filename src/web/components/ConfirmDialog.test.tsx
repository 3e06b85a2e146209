// The confirmation dialog: an alert dialog named by its title and described by its text, focus on
// "Cancel" first and kept inside, Escape cancels, focus goes back to the button that asked; and
// useConfirm's answer is true only for the button that goes ahead.
import { render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { useConfirm } from './ConfirmDialog.tsx';

function Asker() {
  const { confirm, dialog } = useConfirm();
  const [answers, setAnswers] = useState<boolean[]>([]);
  return (
    <>
      <button onClick={() => void confirm({ title: 'Remove Jade Harbour?', body: <p>It no longer sees the proposals.</p>, confirmLabel: 'Remove member' }).then((yes) => setAnswers((a) => [...a, yes]))}>Remove</button>
      <output aria-label="answers">{answers.join(',')}</output>
      {dialog}
    </>
  );
}

function setup() {
  render(<Asker />);
  return userEvent.setup({ delay: null });
}

describe('ConfirmDialog', () => {
  it('is an alert dialog named and described by its text, with focus on Cancel', async () => {
    const user = setup();
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Remove' }));

    const dialog = screen.getByRole('alertdialog', { name: 'Remove Jade Harbour?' });
    expect(dialog).toHaveAttribute('aria-modal', 'true');
    expect(dialog).toHaveAccessibleDescription('It no longer sees the proposals.');
    expect(screen.getByRole('button', { name: 'Cancel' })).toHaveFocus();
  });

  it('answers true for the confirming button, false for Cancel and for Escape; focus returns to the asking button', async () => {
    const user = setup();
    const asker = screen.getByRole('button', { name: 'Remove' });
    await user.click(asker);
    await user.click(screen.getByRole('button', { name: 'Remove member' }));
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(asker).toHaveFocus();

    await user.click(asker);
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    await user.click(asker);
    await user.keyboard('{Escape}');

    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(screen.getByRole('status', { name: 'answers' })).toHaveTextContent('true,false,false');
    expect(asker).toHaveFocus();
  });

  it('keeps Tab on its own buttons', async () => {
    const user = setup();
    await user.click(screen.getByRole('button', { name: 'Remove' }));
    const cancel = screen.getByRole('button', { name: 'Cancel' });
    const go = screen.getByRole('button', { name: 'Remove member' });
    await user.tab();
    expect(go).toHaveFocus();
    await user.tab();
    expect(cancel).toHaveFocus();
    await user.tab({ shift: true });
    expect(go).toHaveFocus();
  });
});

function NoteAsker() {
  const { askNote, dialog } = useConfirm();
  const [answers, setAnswers] = useState<(string | null)[]>([]);
  return (
    <>
      <button
        onClick={() =>
          void askNote({
            title: 'Return the proposal for information?',
            body: <p>The consortium reads your note.</p>,
            noteLabel: 'What the consortium must provide',
            noteRequired: 'Write what the consortium must provide.',
            confirmLabel: 'Return for information',
          }).then((note) => setAnswers((a) => [...a, note]))
        }
      >
        Return
      </button>
      <output aria-label="notes">{JSON.stringify(answers)}</output>
      {dialog}
    </>
  );
}

describe('ConfirmDialog asking for a note (instead of window.prompt)', () => {
  it('focuses the labelled, required note; refuses an empty one with a message tied to the field; answers the note', async () => {
    render(<NoteAsker />);
    const user = userEvent.setup({ delay: null });
    await user.click(screen.getByRole('button', { name: 'Return' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Return the proposal for information?' });
    const note = within(dialog).getByRole('textbox', { name: 'What the consortium must provide' });
    expect(note).toHaveFocus();
    expect(note).toBeRequired();

    await user.type(note, '   ');
    await user.click(within(dialog).getByRole('button', { name: 'Return for information' }));
    expect(screen.getByRole('alertdialog')).toBeInTheDocument();
    expect(note).toHaveAttribute('aria-invalid', 'true');
    expect(note).toHaveAccessibleDescription('Write what the consortium must provide.');
    expect(note).toHaveFocus();

    await user.type(note, 'Name the owner of the Brazilian edge sites. ');
    expect(note).toHaveAttribute('aria-invalid', 'false');
    await user.click(within(dialog).getByRole('button', { name: 'Return for information' }));
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(screen.getByRole('status', { name: 'notes' })).toHaveTextContent('["Name the owner of the Brazilian edge sites."]');
  });

  it('answers null on Cancel and Escape, and starts each question with an empty note', async () => {
    render(<NoteAsker />);
    const user = userEvent.setup({ delay: null });
    await user.click(screen.getByRole('button', { name: 'Return' }));
    await user.type(screen.getByRole('textbox', { name: 'What the consortium must provide' }), 'draft');
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    await user.click(screen.getByRole('button', { name: 'Return' }));
    expect(screen.getByRole('textbox', { name: 'What the consortium must provide' })).toHaveValue('');
    await user.keyboard('{Escape}');
    expect(screen.getByRole('status', { name: 'notes' })).toHaveTextContent('[null,null]');
    expect(screen.getByRole('button', { name: 'Return' })).toHaveFocus();
  });
});
