// A screening-list hit as the export-control engine takes it: a list code, or a described hit.
// One schema for the engine's input and the API's matrix view.
import { z } from 'zod';

export const ListHitSchema = z.union([
  z.string(),
  z.looseObject({
    list: z.string().optional(),
    source: z.string().optional(),
    name: z.string().optional(),
    licenseRequirement: z.string().optional(),
    reviewPolicy: z.string().optional(),
  }),
]);
