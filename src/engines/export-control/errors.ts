// Errors the export-control engine throws for input it cannot decide on. An unknown ECCN or
// destination must never fall through to "no license required".

export class ExportControlInputError extends Error {
  constructor(
    readonly code: 'UNKNOWN_ECCN' | 'UNKNOWN_COUNTRY' | 'UNKNOWN_END_USE' | 'UNKNOWN_LIST' | 'INVALID_DATE' | 'INVALID_CASE',
    message: string,
    readonly subject?: string,
  ) {
    super(message);
    this.name = 'ExportControlInputError';
  }
}

export const unknownEccn = (eccn: string, why = 'not in the export-control reference catalog') =>
  new ExportControlInputError('UNKNOWN_ECCN', `Unknown ECCN "${eccn}": ${why}`, eccn);

export const unknownCountry = (code: string, field = 'destination') =>
  new ExportControlInputError('UNKNOWN_COUNTRY', `Unknown country or region code "${code}" in ${field}`, code);

export const unknownEndUse = (code: string, known: readonly string[]) =>
  new ExportControlInputError('UNKNOWN_END_USE', `Unknown end-use code "${code}" (known: ${known.join(', ')})`, code);

export const unknownList = (code: string) =>
  new ExportControlInputError('UNKNOWN_LIST', `Unknown screening list "${code}"`, code);

export const invalidDate = (value: string, why = 'expected YYYY-MM-DD') =>
  new ExportControlInputError('INVALID_DATE', `Invalid date "${value}": ${why}`, value);

export class ReferenceDataError extends Error {
  constructor(
    message: string,
    readonly problems: string[] = [],
  ) {
    super(problems.length ? `${message}: ${problems.slice(0, 10).join('; ')}` : message);
    this.name = 'ReferenceDataError';
  }
}
