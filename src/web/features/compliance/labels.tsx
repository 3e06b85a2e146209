// Cell statuses as words and symbols: colour only repeats what the text says.
import type { CellStatus } from '../../../shared/contracts/compliance.ts';

export const STATUS_TEXT: Record<CellStatus, string> = {
  clear: 'Clear',
  needs_screening: 'Needs screening',
  needs_information: 'Needs information',
  license_required: 'License required',
  prohibited: 'Prohibited',
};

export const STATUS_SYMBOL: Record<CellStatus, string> = {
  clear: '✓',
  needs_screening: '⌕',
  needs_information: '?',
  license_required: '!',
  prohibited: '✕',
};

export function StatusLabel({ status }: { status: CellStatus }) {
  return (
    <span className={`cstatus cstatus-${status}`}>
      <span aria-hidden="true">{STATUS_SYMBOL[status]} </span>
      {STATUS_TEXT[status]}
    </span>
  );
}
