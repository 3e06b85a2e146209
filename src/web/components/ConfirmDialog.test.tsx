// The confirmation dialog: an alert dialog named by its title and described by its text, focus on
// "Cancel" first and kept inside, Escape cancels, focus goes back to the button that asked; and
// useConfirm's answer is true only for the button that goes ahead.
import { render, screen } from '@testing-library/react';
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
