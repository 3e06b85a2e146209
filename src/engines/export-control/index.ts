// Export-control determination engine: pure functions over validated reference data.
export { determine, parseCase } from './determine.ts';
export { suggestClassification, type ClassificationInput, type ClassificationSuggestion } from './classification.ts';
export { buildComplianceMatrix, itemShareKey } from './matrix.ts';
export type * from './matrix.ts';
export { loadReferenceData, defaultReferenceData, withPolicy, ReferenceDataSchema, type ReferenceData, type ReferenceDataDoc } from './reference-data.ts';
export { ExportControlInputError, ReferenceDataError } from './errors.ts';
export type * from './types.ts';
