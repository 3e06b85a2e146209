// Asserts an RFC 9457 problem answer by its status AND its code, so that a denied role (403
// FORBIDDEN), a wrong state (409 INVALID_TRANSITION, …) and a bad request are told apart.
import { expect } from 'vitest';
import type { Response } from './harness.ts';

export function expectProblem(res: Response, status: number, code: string): void {
  expect({ status: res.status, code: res.body?.code }, `problem answer: ${JSON.stringify(res.body)}`).toEqual({ status, code });
  expect(String(res.headers['content-type'])).toContain('application/problem+json');
}
